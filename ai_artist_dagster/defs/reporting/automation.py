"""Declarative automation for the reports: Dagster's automation sensor materializes each reporting
asset when its `automation_condition` says so (cost_report: hourly). On by default, like the sensors."""

import dagster as dg

reporting_automation = dg.AutomationConditionSensorDefinition(
    "reporting_automation",
    target=dg.AssetSelection.groups("reporting"),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=60,
    description="Evaluates the reporting assets' automation conditions (cost_report refreshes at :55 each hour).",
)
