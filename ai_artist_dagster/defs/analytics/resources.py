"""The generation experiment and profile evolution rules as a resource. Configured from the environment in defs/resources.py."""

from typing import TYPE_CHECKING

import dagster as dg
from pydantic import Field

# Providers are imported when a run needs them, so loading the code location stays fast.
if TYPE_CHECKING:
    from ai_artist_dagster.domain.evolution.evolve import EvolutionRules


class EvolutionResource(dg.ConfigurableResource):
    """The generation experiment (Thompson sampling) and when a profile may evolve."""

    exploration_floor: float = Field(0.1, ge=0, le=1)
    pooled_weight: float = Field(0.25, ge=0, le=1)
    critic_weight: float = Field(0.25, ge=0, le=1)
    min_reviews: int = Field(6, ge=1)
    min_days: int = Field(7, ge=0)
    confidence: float = Field(0.75, ge=0, le=1)
    max_tempo_drift: int = Field(24, ge=0)
    low_approval: float = Field(0.4, ge=0, le=1)

    def rules(self) -> "EvolutionRules":
        from ai_artist_dagster.domain.evolution.evolve import EvolutionRules

        return EvolutionRules(**self.model_dump(include=set(EvolutionRules.model_fields)))
