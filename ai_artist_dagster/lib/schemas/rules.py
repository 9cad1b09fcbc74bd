"""Rules the domain follows and operators set: each default and bound declared once, here. The
domain uses these models; the Dagster resources that configure them (defs/artists, defs/analytics)
inherit them, so a bad value is refused when the definitions load."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class RosterRules(BaseModel):
    """Lifecycle rules of the roster."""

    model_config = ConfigDict(frozen=True)

    artists_per_day: int = Field(1, ge=1, le=50)
    max_active: int = Field(12, ge=1)
    new_artist_probability: float = Field(0.3, ge=0, le=1)
    retire_after_rejections: int = Field(3, ge=1)
    default_autopilot: bool = True
    pause_below_approval: float = Field(
        0.25, ge=0, le=1, description="recent human approval rate that pauses an artist"
    )
    pause_min_reviews: int = Field(4, ge=1, description="recent reviews needed before pausing")
    pause_days: int = Field(7, ge=0, description="rest before a paused artist is scheduled again")
    schedule: Literal["calendar", "rotation"] = Field(
        "calendar",
        description="calendar: an artist makes a piece when its content calendar calls for one; "
        "rotation: the least recently run artists make one every day",
    )


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class CalendarRules(BaseModel):
    """The release cadence of every artist's content calendar (docs/publishing.md, *The calendar*)."""

    model_config = ConfigDict(frozen=True)

    horizon_weeks: int = Field(12, ge=1, le=52, description="how far ahead the calendar plans")
    min_gap_days: int = Field(
        14, ge=1, le=365, description="between two releases of an artist whose pieces are all approved"
    )
    max_gap_days: int = Field(
        28, ge=1, le=365, description="between two releases of an artist whose pieces are all rejected"
    )
    release_weekday: int = Field(4, ge=0, le=6, description="0 = Monday; 4 = Friday, the stores' global release day")
    lead_days: int = Field(
        14, ge=0, le=180, description="delivery to the distributor at least this long before the release"
    )
    review_days: int = Field(2, ge=0, le=60, description="time for review before the lead time starts")
    teaser_days: int = Field(7, ge=0, le=240, description="the teaser is posted this long before the release")
    post_weekdays: str = Field("tue,thu,sat", description="days the artist posts to the short-video platforms")
    spread_weeks: int = Field(
        2, ge=0, le=8, description="a release may move this many weeks later to a release day the label has free"
    )

    @model_validator(mode="after")
    def _gaps(self) -> CalendarRules:
        if self.min_gap_days > self.max_gap_days:
            raise ValueError(f"min_gap_days {self.min_gap_days} exceeds max_gap_days {self.max_gap_days}")
        if self.teaser_days > self.lead_days + self.review_days:
            raise ValueError("teaser_days must not exceed lead_days + review_days: the teaser needs a finished piece")
        if bad := [d for d in self.post_weekdays.split(",") if d.strip().lower() not in WEEKDAYS]:
            raise ValueError(f"post_weekdays: unknown day(s) {bad}; use {','.join(WEEKDAYS)}")
        return self

    def post_days(self) -> set[int]:
        """The posting days as weekday numbers (0 = Monday)."""
        return {WEEKDAYS.index(d.strip().lower()) for d in self.post_weekdays.split(",") if d.strip()}


class EvolutionRules(BaseModel):
    """When a profile may evolve, and how far."""

    model_config = ConfigDict(frozen=True)

    min_reviews: int = Field(6, ge=1, description="human-reviewed pieces since the current version")
    min_days: int = Field(7, ge=0, description="days since the current version")
    confidence: float = Field(0.75, ge=0, le=1, description="P(best) an arm needs before the profile follows it")
    max_tempo_drift: int = Field(24, ge=0, description="bpm from the first version, either way")
    low_approval: float = Field(0.4, ge=0, le=1, description="below this approval rate, follow the rising mood")


class ExperimentRules(BaseModel):
    """The generation experiment (Thompson sampling over the arms)."""

    model_config = ConfigDict(frozen=True)

    exploration_floor: float = Field(0.1, ge=0, le=1, description="share of traffic every arm keeps, at least")
    pooled_weight: float = Field(0.25, ge=0, le=1, description="weight of other artists' evidence")
    critic_weight: float = Field(0.25, ge=0, le=1, description="weight of an autopilot piece's critic score")
