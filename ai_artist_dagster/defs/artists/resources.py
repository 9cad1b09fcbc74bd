"""The roster's lifecycle rules as a resource. Configured from the environment in defs/resources.py."""

from typing import TYPE_CHECKING

import dagster as dg
from pydantic import Field

# Providers are imported when a run needs them, so loading the code location stays fast.
if TYPE_CHECKING:
    from ai_artist_dagster.domain.roster import RosterRules


class RosterResource(dg.ConfigurableResource):
    """Lifecycle rules of the roster."""

    artists_per_day: int = Field(1, ge=1, le=50)
    max_active: int = 12
    new_artist_probability: float = Field(0.3, ge=0, le=1)
    retire_after_rejections: int = Field(3, ge=1)
    default_autopilot: bool = True
    pause_below_approval: float = Field(0.25, ge=0, le=1)
    pause_min_reviews: int = Field(4, ge=1)
    pause_days: int = Field(7, ge=0)

    def rules(self) -> "RosterRules":
        from ai_artist_dagster.domain.roster import RosterRules

        return RosterRules(**self.model_dump())
