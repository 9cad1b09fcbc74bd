"""Which instruments play each genre: General MIDI programs and kits, and how the keys accompany.

Programs are 0-based GM numbers; kits are FluidR3 GM's drum kits (bank 128). Every choice here was
rendered and measured with bench/vet_patches.py (L/R correlation, mono loss, DC, brightness; the
table is in docs/media.md). What it found, and what render.condition does about it: the pads carry
DC (Warm Pad 89 at −2 dB, New Age 88 and Synth Strings 50 at −11 dB of their RMS), so every part is
high-passed; the piano, the strings and the polysynth are wide (correlation ≈ 0.06, 2.7–2.8 dB lost
in mono, kept stereo); the square lead (80) is decorrelated (0.3), so leads are made mono; a part
whose channels come out in opposite phase is taken from one channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Comp = Literal["piano", "strum", "arp", "stabs", "power"]


@dataclass(frozen=True)
class Palette:
    kit: int
    bass: int
    keys: int
    pad: int
    lead: int
    comp: Comp  # how the keys play the chords
    clap: bool = False  # a clap instead of the snare
    shaker: bool = False  # maracas on the off-sixteenths in the chorus


PALETTES: dict[str, Palette] = {
    "pop": Palette(kit=0, bass=33, keys=0, pad=89, lead=81, comp="piano"),
    "electronic": Palette(kit=24, bass=38, keys=90, pad=88, lead=81, comp="arp", clap=True),
    "hip hop": Palette(kit=25, bass=38, keys=4, pad=89, lead=11, comp="stabs", clap=True),
    "r&b": Palette(kit=25, bass=35, keys=4, pad=89, lead=11, comp="stabs"),
    "rock": Palette(kit=16, bass=34, keys=29, pad=48, lead=30, comp="power"),
    "latin": Palette(kit=0, bass=33, keys=24, pad=48, lead=56, comp="strum", shaker=True),
    "country": Palette(kit=0, bass=32, keys=25, pad=48, lead=110, comp="strum"),
    "k-pop": Palette(kit=24, bass=38, keys=0, pad=50, lead=81, comp="arp", clap=True),
    "opm": Palette(kit=0, bass=33, keys=25, pad=48, lead=73, comp="strum"),
}


def palette_for(genre: str) -> Palette:
    return PALETTES.get(genre, PALETTES["pop"])
