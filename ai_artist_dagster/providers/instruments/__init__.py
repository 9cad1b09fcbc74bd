"""Instrument renderers: FluidSynth with a General MIDI SoundFont (default), or the numpy synths."""

from typing import Literal

from ai_artist_dagster.providers.instruments.base import Instruments, SynthInstruments

InstrumentsName = Literal["fluidsynth", "synth"]
INSTRUMENTS: tuple[InstrumentsName, ...] = ("fluidsynth", "synth")


def instruments_for(name: InstrumentsName, soundfont: str | None = None) -> Instruments:
    """The configured renderer, or the synths saying which package is missing and how to install it."""
    if name == "synth":
        return SynthInstruments()
    from ai_artist_dagster.providers.instruments import fluidsynth

    font = soundfont or fluidsynth.DEFAULT_SOUNDFONT
    why = fluidsynth.missing(font)
    return SynthInstruments(why) if why else fluidsynth.FluidSynthInstruments(font)


__all__ = ["INSTRUMENTS", "Instruments", "InstrumentsName", "SynthInstruments", "instruments_for"]
