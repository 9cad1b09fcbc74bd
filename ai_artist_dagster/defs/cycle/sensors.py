"""The cycle sensor: requests the runs the planner (planner.py) says are due — profiles for new
artists, calendars for evolved profiles, content for scheduled artist-days, a content re-run with the feedback for pieces a reviewer
asked to regenerate, releases for approved pieces, teaser posts whose time has come — except for partitions a queued or running run
will produce. It only reads the warehouse; the runs it requests do the writing, inside the
`duckdb_write` pool. Run keys make each request once."""

import dagster as dg
import duckdb

from ai_artist_dagster.defs.artists.calendar import next_pieces
from ai_artist_dagster.defs.artists.resources import CalendarResource
from ai_artist_dagster.defs.cycle.jobs import artist_profiles_job, calendar_job, content_job, release_job, social_job
from ai_artist_dagster.defs.cycle.planner import in_flight_partitions, plan
from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib.warehouse import SENSOR_READ_WAIT_S, WarehouseBusy


@dg.sensor(
    jobs=[artist_profiles_job, calendar_job, content_job, release_job, social_job],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def cycle_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource, calendar: CalendarResource):
    """Requests artist_profiles, content_calendar, content and release runs that the warehouse says are due."""
    wh = warehouse.get().waiting_at_most(SENSOR_READ_WAIT_S)
    if not wh.exists():
        yield dg.SkipReason(f"no warehouse yet at {wh.location}")
        return
    try:
        due = plan(wh, in_flight_partitions(context.instance))
    except (duckdb.IOException, WarehouseBusy) as exc:
        yield dg.SkipReason(f"warehouse busy ({exc}); trying again next tick")
        return
    if not due:
        upcoming = next_pieces(wh, calendar.rules())
        yield dg.SkipReason(
            "nothing is due: "
            + (f"next {'; '.join(upcoming)}" if upcoming else "no artist has a profile yet (run the daily cycle)")
            + " — `ai-artist calendar` shows each artist's plan"
        )
        return
    for run in due:
        yield dg.RunRequest(
            run_key=run.run_key,
            job_name=run.job,
            partition_key=run.partition(),
            run_config=run.run_config,
            tags=run.tags,
        )
