"""The A/B parameters of a track (arms of the music experiment): tempo offset from the profile,
instrumentation and energy. Chosen per piece by the experiment (domain/evolution) and recorded
with the track so their outcomes (approval, critique) can be compared."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

TEMPO_OFFSETS_BPM = (-6, 0, 6)
INSTRUMENTATIONS: tuple[Literal["full", "sparse"], ...] = ("full", "sparse")
ENERGIES = (0.55, 0.7, 0.85)


class MusicParams(BaseModel):
    tempo_offset_bpm: int = 0
    instrumentation: Literal["full", "sparse"] = "full"
    energy: float = 0.7

    @property
    def arm(self) -> str:
        """A short stable name, e.g. ``t+6/full/e0.85``."""
        return f"t{self.tempo_offset_bpm:+d}/{self.instrumentation}/e{self.energy:g}"
