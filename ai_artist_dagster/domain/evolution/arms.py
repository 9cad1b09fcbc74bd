"""The generation experiment: each dimension of a piece's parameters is a set of arms.

A piece gets one arm per dimension (lyric prompt variant, tempo offset from the profile,
instrumentation, energy, teaser style); the assignment is recorded in `arm_assignments` before
anything is generated, and the piece's review outcome is the arm's reward.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from ai_artist_dagster.domain.music_params import ENERGIES, INSTRUMENTATIONS, TEMPO_OFFSETS_BPM, MusicParams

VideoStyle = Literal["pulse", "rings"]

DIMENSIONS: dict[str, tuple[str, ...]] = {
    "prompt_variant": ("A", "B"),
    "tempo_offset": tuple(f"{o:+d}" for o in TEMPO_OFFSETS_BPM),
    "instrumentation": INSTRUMENTATIONS,
    "energy": tuple(f"{e:g}" for e in ENERGIES),
    "video_style": ("pulse", "rings"),
}

# Arms relative to the profile: their evidence is counted only under the profile version they ran with
# (after the tempo moves, "+6" means something else).
PROFILE_RELATIVE = frozenset({"tempo_offset"})
# Arms the lyrics carry: on autopilot the critic's text parts reward them, its objective parts the rest.
TEXT_DIMENSIONS = frozenset({"prompt_variant"})


class ArmAssignment(BaseModel):
    """One arm per dimension for a piece."""

    arms: dict[str, str]

    def model_post_init(self, _context: object) -> None:
        for dimension, arms in DIMENSIONS.items():
            if self.arms.get(dimension) not in arms:
                raise ValueError(f"arm for {dimension!r} must be one of {arms}, got {self.arms.get(dimension)!r}")

    @property
    def prompt_variant(self) -> str:
        return self.arms["prompt_variant"]

    @property
    def video_style(self) -> VideoStyle:
        return "rings" if self.arms["video_style"] == "rings" else "pulse"

    def music_params(self) -> MusicParams:
        return MusicParams(
            tempo_offset_bpm=int(self.arms["tempo_offset"]),
            instrumentation=self.arms["instrumentation"],
            energy=float(self.arms["energy"]),
        )

    @property
    def label(self) -> str:
        return " · ".join(f"{d}={a}" for d, a in self.arms.items())
