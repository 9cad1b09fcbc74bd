from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

from pydantic import BaseModel

from ai_artist_dagster.lib.schemas import ArtistProfile, Lyrics, SectionTiming


class TrackRequest(BaseModel):
    profile: ArtistProfile
    lyrics: Lyrics
    seed: int
    min_duration_s: float = 64.0
    target_lufs: float = -14.0
    tempo_offset_bpm: int = 0
    energy: float = 0.7


class ComposedTrack(BaseModel):
    """A mastered stereo WAV and what the provider knows about its structure."""

    wav_path: str
    sample_rate: int
    duration_s: float
    tempo_bpm: float
    integrated_lufs: float
    peak_dbfs: float
    sections: list[SectionTiming]
    beat_times: list[float]
    params: dict[str, float | str]


class MusicProvider(ABC):
    name: str

    @abstractmethod
    def compose(self, request: TrackRequest, wav_path: Path) -> ComposedTrack:
        """Write a mastered 44.1 kHz stereo WAV to ``wav_path`` (atomically) and describe it."""
