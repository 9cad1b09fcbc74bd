"""The generation experiment and profile evolution rules as a resource (fields, defaults and bounds:
lib/schemas/rules.py). Configured from the environment in defs/resources.py."""

import dagster as dg

from ai_artist_dagster.lib.schemas.rules import EvolutionRules, ExperimentRules


class EvolutionResource(dg.ConfigurableResource, ExperimentRules, EvolutionRules):
    """The generation experiment (Thompson sampling) and when a profile may evolve."""

    def rules(self) -> EvolutionRules:
        return EvolutionRules(**self.model_dump(include=set(EvolutionRules.model_fields)))
