from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

ArtistStatus = Literal["candidate", "active", "paused", "retired"]
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEX = re.compile(r"^#[0-9a-f]{6}$")


class ArtistNiche(BaseModel):
    """The trend niche an artist was created to serve."""

    genre: str
    mood: str
    tempo_bpm: int = Field(ge=60, le=200)
    key: int = Field(ge=0, le=11)
    mode: Literal["major", "minor"]
    influences: list[str] = Field(
        default_factory=list, description="performers of the niche's own chart rows the artist grew up on (chart data)"
    )
    voice_register: Literal["low", "high"] | None = Field(
        default=None, description="where the voice sits: the roster alternates it, so a day's artists sound unalike"
    )


class ArtistRecord(BaseModel):
    """One artist on the roster (lifecycle state, not the creative profile)."""

    artist_id: str
    name: str
    status: ArtistStatus
    autopilot: bool
    niche: ArtistNiche
    created_on: dt.date
    last_run_on: dt.date | None = None
    consecutive_rejections: int = 0
    approvals: int = 0
    status_since: dt.date | None = None
    prompt: str | None = Field(default=None, max_length=600, description="an operator's description, when asked for")

    @field_validator("artist_id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(f"artist_id must be a lowercase slug (a-z, 0-9, '-'), got {value!r}")
        return value


class VocalIdentity(BaseModel):
    """How one artist sings, kept across songs: which voice, where it sits, how it moves."""

    voice: str = "cmu_us_slt_arctic_hts"
    centre_midi: int = Field(64, ge=40, le=80, description="middle of the sung range (about ±9 semitones)")
    timbre_shift: float = Field(1.0, ge=0.75, le=1.25, description="spectral-envelope warp: < 1 darker, > 1 brighter")
    vibrato_cents: float = Field(30.0, ge=0, le=80)
    vibrato_hz: float = Field(5.5, ge=3, le=8)
    breathiness: float = Field(0.0, ge=0, le=0.5, description="aperiodicity added to vowels")


class ArtistProfile(BaseModel):
    """The creative identity of an artist; versioned in the warehouse (profile_versions)."""

    artist_id: str
    version: int = Field(ge=1)
    name: str = Field(min_length=2, max_length=60)
    backstory: str = Field(min_length=40)
    personality: list[str] = Field(min_length=2)
    genre: str
    subgenres: list[str]
    tempo_range: tuple[int, int]
    tempo_bpm: int = Field(ge=60, le=200)
    key: int = Field(ge=0, le=11)
    mode: Literal["major", "minor"]
    mood: str
    visual_palette: list[str] = Field(min_length=3, max_length=6)
    influences: list[str] = Field(min_length=1)
    target_audience: str
    voice_style: str
    vocal: VocalIdentity | None = None  # None in profiles made before artists sang: derived from the artist
    visual_template: Literal["halo", "horizon", "stage"] | None = Field(
        default=None, description="the teaser's layout, the artist's own (None: by genre and mood)"
    )
    lyric_style: str
    themes: list[str] = Field(min_length=2)

    @field_validator("visual_palette")
    @classmethod
    def _hex(cls, colours: list[str]) -> list[str]:
        bad = [c for c in colours if not HEX.match(c)]
        if bad:
            raise ValueError(f"palette colours must be #rrggbb, got {bad}")
        return colours

    @model_validator(mode="after")
    def _tempo_in_range(self) -> ArtistProfile:
        low, high = self.tempo_range
        if not 60 <= low <= self.tempo_bpm <= high <= 200:
            raise ValueError(f"tempo {self.tempo_bpm} must lie in tempo_range {self.tempo_range} within 60-200")
        return self
