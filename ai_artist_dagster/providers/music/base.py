"""The music provider interface: a mastered stereo WAV for a profile and its lyrics."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from ai_artist_dagster.domain.audio_analysis import AudioAnalysis
from ai_artist_dagster.domain.composer.parts import Part
from ai_artist_dagster.domain.vocals.melody import VocalScore
from ai_artist_dagster.lib.schemas import ArtistProfile, Lyrics, SectionTiming

MusicErrorKind = Literal["auth", "credits", "rate_limit", "server", "timeout", "connection", "job_failed", "bad_audio"]
RETRYABLE: frozenset[str] = frozenset({"rate_limit", "server", "timeout", "connection"})
MusicOutcome = Literal["ok", "error", "circuit_open"]


class MusicProviderError(Exception):
    """A provider could not deliver a track; ``kind`` says why (retry, or fall back at once)."""

    def __init__(self, kind: MusicErrorKind, message: str, retry_after: float | None = None, job_id: str = ""):
        super().__init__(message)
        self.kind, self.retry_after, self.job_id = kind, retry_after, job_id

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE


class TrackRequest(BaseModel):
    profile: ArtistProfile
    lyrics: Lyrics
    seed: int
    min_duration_s: float = 64.0
    target_lufs: float = -14.0
    tempo_offset_bpm: int = 0
    energy: float = 0.7
    instrumentation: Literal["full", "sparse"] = "full"

    @property
    def tempo_bpm(self) -> float:
        """The tempo asked for: the profile's plus the A/B offset, within 60–200."""
        return float(min(200, max(60, self.profile.tempo_bpm + self.tempo_offset_bpm)))


class MusicAttempt(BaseModel):
    """One provider's try at a track, for the `music_calls` ledger (never a key or a URL with one)."""

    provider: str
    outcome: MusicOutcome
    job_id: str = ""
    error_kind: str = ""
    error: str = ""
    credits: float = 0.0
    cost_usd: float = 0.0
    latency_s: float = 0.0


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
    provider: str = "offline"
    attempts: list[MusicAttempt] = Field(default_factory=list)
    vocals: str = "none"  # who sings: the offline voice's name, "provider" (the API's own singer) or "none"
    vocals_note: str = ""  # why there are none, when there are none
    instruments: str = "provider"  # who played the band: the composer's renderer ("fluidsynth", "synth") or "provider"
    instruments_note: str = ""  # why the configured renderer did not play, when it did not
    # role → WAV path: vocal + instrumental sum to the master, and so do vocal + drums + bass + music
    stems: dict[str, str] = Field(default_factory=dict)
    score: VocalScore | None = Field(default=None, exclude=True)  # the melody sung, note by note
    parts: list[Part] = Field(default_factory=list, exclude=True)  # what the band played, note by note
    # The provider's own full analysis of the WAV it wrote, when it made one: reused, not recomputed.
    analysis: AudioAnalysis | None = Field(default=None, exclude=True)


class MusicProvider(ABC):
    name: str

    @abstractmethod
    def compose(self, request: TrackRequest, wav_path: Path) -> ComposedTrack:
        """Write a mastered 44.1 kHz stereo WAV to ``wav_path`` (atomically) and describe it,
        or raise :class:`MusicProviderError`."""
