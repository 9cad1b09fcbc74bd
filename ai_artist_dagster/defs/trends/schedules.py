"""The daily schedule: off by default, since the bundled charts are history (replay dates with
`ai-artist run --date` or backfills); turn it on with a live chart source."""

import dagster as dg

from ai_artist_dagster.defs.trends.jobs import daily_cycle_job

daily_cycle_schedule = dg.build_schedule_from_partitioned_job(
    daily_cycle_job, hour_of_day=6, minute_of_hour=0, default_status=dg.DefaultScheduleStatus.STOPPED
)
