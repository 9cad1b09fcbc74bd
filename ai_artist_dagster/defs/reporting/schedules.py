"""The reporting schedule: the cost report hourly."""

import dagster as dg

from ai_artist_dagster.defs.reporting.jobs import reporting_job

reporting_schedule = dg.ScheduleDefinition(
    job=reporting_job,
    cron_schedule="55 * * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Refresh cost_report hourly, so today's spend is always current in the UI.",
)
