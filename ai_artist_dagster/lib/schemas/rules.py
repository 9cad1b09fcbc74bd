"""Rules the domain follows and operators set: each default and bound declared once, here. The
domain uses these models; the Dagster resources that configure them (defs/artists, defs/analytics)
inherit them, so a bad value is refused when the definitions load."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


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
