"""What each instrument plays: notes per part, in seconds, with General MIDI programs.

A part is rendered by any instrument renderer (FluidSynth with a SoundFont, or the numpy synths);
the arrangement (band.py) writes parts, never audio.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["drums", "bass", "keys", "pad", "lead"]
ROLES: tuple[Role, ...] = ("drums", "bass", "keys", "pad", "lead")

# General MIDI percussion keys the arrangement uses (channel 10).
KICK, SNARE, CLAP, HAT, PEDAL_HAT, OPEN_HAT, CRASH, RIDE = 36, 38, 39, 42, 44, 46, 49, 51
LOW_TOM, MID_TOM, HIGH_TOM, MARACAS = 45, 47, 50, 70


@dataclass(frozen=True)
class Note:
    at_s: float
    dur_s: float
    midi: int
    velocity: int  # 1..127


@dataclass
class Part:
    role: Role
    program: int  # General MIDI program (0-based); for drums the SoundFont's kit number
    notes: list[Note] = field(default_factory=list)

    def add(self, at_s: float, dur_s: float, midi: int, velocity: int) -> None:
        self.notes.append(Note(round(at_s, 4), round(max(0.02, dur_s), 4), midi, max(1, min(127, velocity))))

    @property
    def end_s(self) -> float:
        return max((n.at_s + n.dur_s for n in self.notes), default=0.0)
