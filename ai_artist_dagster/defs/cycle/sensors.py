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
from ai_artist_dagster.defs.cycle.planner import in_flight_partitions, plan, unregistered_artists
from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib.partitions import artist_partitions
from ai_artist_dagster.lib.warehouse import SENSOR_READ_WAIT_S, WarehouseBusy


@dg.sensor(
    jobs=[artist_profiles_job, calendar_job, content_job, release_job, social_job],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def cycle_sensor(
    context: dg.SensorEvaluationContext, warehouse: WarehouseResource, calendar: CalendarResource
) -> dg.SensorResult:
    """Requests artist_profiles, content_calendar, content and release runs that the warehouse says are due."""
    wh = warehouse.get().waiting_at_most(SENSOR_READ_WAIT_S)
    if not wh.exists():
        return dg.SensorResult(skip_reason=f"no warehouse yet at {wh.location}")
    try:
        registered = set(context.instance.get_dynamic_partitions(str(artist_partitions.name)))
        missing = unregistered_artists(wh, registered)
        due = plan(wh, in_flight_partitions(context.instance), registered=registered | set(missing))
    except (duckdb.IOException, WarehouseBusy) as exc:
        return dg.SensorResult(skip_reason=f"warehouse busy ({exc}); trying again next tick")
    # the daemon adds the partitions before it launches the runs that need them
    adds = [artist_partitions.build_add_request(missing)] if missing else []
    if not due:
        upcoming = next_pieces(wh, calendar.rules())
        why = f"next {'; '.join(upcoming)}" if upcoming else "no artist has a profile yet (run the daily cycle)"
        skip = f"nothing is due: {why} — `ai-artist calendar` shows each artist's plan"
        return dg.SensorResult(skip_reason=skip, dynamic_partitions_requests=adds)
    requests = [
        dg.RunRequest(
            run_key=run.run_key,
            job_name=run.job,
            partition_key=run.partition(),
            run_config=run.run_config,
            tags=run.tags,
        )
        for run in due
    ]
    return dg.SensorResult(run_requests=requests, dynamic_partitions_requests=adds)
