"""Inputs of the writing tasks. Every provider (offline writer or LLM) gets the same brief; chart
text inside a brief is data for the writer, never instructions."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from ai_artist_dagster.lib.schemas.artists import ArtistNiche, ArtistProfile
from ai_artist_dagster.lib.schemas.content import Lyrics, PieceMeasures
from ai_artist_dagster.lib.schemas.trends import TrendReport


class ProfileBrief(BaseModel):
    artist_id: str
    name: str
    niche: ArtistNiche
    trend: TrendReport
    seed: int
    version: int = 1
    description: str | None = Field(default=None, description="an operator's description of the artist (data)")
    others: list[ArtistProfile] = Field(
        default_factory=list, description="the other live artists' profiles: a new one differs from them"
    )


class LyricsBrief(BaseModel):
    profile: ArtistProfile
    trend: TrendReport
    date: dt.date
    seed: int
    prompt_variant: str = "A"
    feedback: str | None = Field(default=None, description="a reviewer's note when regenerating")
    previous_critiques: list[str] = Field(default_factory=list, description="the artist's latest critique summaries")
    previous_lines: list[str] = Field(
        default_factory=list, description="lines of the artist's latest songs: a new song does not repeat their phrases"
    )
    day_lines: list[str] = Field(
        default_factory=list, description="the day's other artists' lines: a song takes another place and props"
    )
    taken_titles: list[str] = Field(
        default_factory=list, description="titles of the label's other songs: a new song's title is none of them"
    )
    theme: str | None = Field(default=None, description="the content calendar's theme for this release")
    arc: str | None = Field(default=None, description="the calendar's phase of the artist's story, and what it asks")


class CritiqueBrief(BaseModel):
    profile: ArtistProfile
    lyrics: Lyrics
    trend: TrendReport
    measures: PieceMeasures
    seed: int
    previous_lines: list[str] = Field(
        default_factory=list, description="lines of the artist's earlier songs (the rubric's freshness part)"
    )
