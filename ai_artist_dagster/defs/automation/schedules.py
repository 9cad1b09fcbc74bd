"""The daily schedule: off by default, since the bundled charts are history (replay dates with
`ai-artist run --date` or backfills); turn it on with a live chart source."""

import dagster as dg

from ai_artist_dagster.defs.automation.jobs import daily_cycle_job, reporting_job

daily_cycle_schedule = dg.build_schedule_from_partitioned_job(
    daily_cycle_job, hour_of_day=6, minute_of_hour=0, default_status=dg.DefaultScheduleStatus.STOPPED
)

reporting_schedule = dg.ScheduleDefinition(
    job=reporting_job,
    cron_schedule="55 * * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Refresh cost_report hourly, so today's spend is always current in the UI.",
)
