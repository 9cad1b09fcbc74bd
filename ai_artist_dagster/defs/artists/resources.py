"""The roster's lifecycle rules as a resource (fields, defaults and bounds: lib/schemas/rules.py).
Configured from the environment in defs/resources.py."""

import dagster as dg

from ai_artist_dagster.lib.schemas.rules import CalendarRules, RosterRules


class RosterResource(dg.ConfigurableResource, RosterRules):
    """Lifecycle rules of the roster."""

    def rules(self) -> RosterRules:
        return RosterRules(**self.model_dump(include=set(RosterRules.model_fields)))


class CalendarResource(dg.ConfigurableResource, CalendarRules):
    """The release cadence of the artists' content calendars (docs/publishing.md)."""

    def rules(self) -> CalendarRules:
        return CalendarRules(**self.model_dump(include=set(CalendarRules.model_fields)))
