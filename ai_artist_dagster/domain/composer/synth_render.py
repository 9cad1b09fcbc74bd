"""Parts rendered by the numpy synths (composer/synth.py): the renderer that needs no package."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ai_artist_dagster.domain.composer import parts as gm
from ai_artist_dagster.domain.composer import synth
from ai_artist_dagster.domain.composer.parts import Note, Part, Role
from ai_artist_dagster.domain.music_theory import midi_to_hz

DRUMS: dict[int, Callable[[], np.ndarray]] = {
    gm.KICK: synth.kick,
    gm.SNARE: synth.snare,
    gm.CLAP: synth.snare,
    gm.HAT: synth.hat,
    gm.PEDAL_HAT: synth.hat,
    gm.MARACAS: synth.hat,
    gm.OPEN_HAT: lambda: synth.hat(open_=True),
    gm.CRASH: lambda: synth.hat(open_=True),
    gm.RIDE: lambda: synth.hat(open_=True),
    gm.LOW_TOM: lambda: synth.tom(90.0),
    gm.MID_TOM: lambda: synth.tom(120.0),
    gm.HIGH_TOM: lambda: synth.tom(160.0),
}


def _tone(role: Role, note: Note) -> tuple[np.ndarray, np.ndarray]:
    freq, seconds = round(midi_to_hz(note.midi), 2), round(note.dur_s, 3)
    if role == "drums":
        hit = DRUMS.get(note.midi, synth.hat)()
        return hit, hit
    if role == "pad":
        return synth.pad(freq, seconds)
    mono = {"bass": lambda: synth.bass(freq, seconds, "warm"), "keys": lambda: synth.keys(freq, seconds)}.get(
        role, lambda: synth.lead(freq, seconds, "bright")
    )()
    return mono, mono


def render_parts(parts: Sequence[Part], sample_rate: int, n: int) -> dict[Role, np.ndarray]:
    if sample_rate != synth.SR:
        raise ValueError(f"the synths render at {synth.SR} Hz, not {sample_rate}")
    out: dict[Role, np.ndarray] = {}
    for part in parts:
        bus = np.zeros((n, 2), dtype=np.float32)
        for note in part.notes:
            left, right = _tone(part.role, note)
            start = int(note.at_s * sample_rate)
            end = min(n, start + len(left))
            if end > start:
                gain = (note.velocity / 127) ** 1.5
                bus[start:end, 0] += left[: end - start] * gain
                bus[start:end, 1] += right[: end - start] * gain
        out[part.role] = bus
    return out
