"""The chart-pull sensor: launches the day's trend partition when a live source has a new chart."""

import dagster as dg

from ai_artist_dagster.defs.trends.jobs import daily_cycle_job
from ai_artist_dagster.defs.trends.resources import ChartSourceResource


@dg.sensor(job=daily_cycle_job, minimum_interval_seconds=900, default_status=dg.DefaultSensorStatus.RUNNING)
def chart_pull_sensor(context: dg.SensorEvaluationContext, charts: ChartSourceResource):
    """Asks the live chart source (Apple Music feed, Last.fm, a Spotify playlist) whether its chart
    changed since the last tick (feed timestamp, playlist snapshot id, or the hash of the list);
    if so, requests today's daily_cycle_job partition (charts → trends → metrics → evolution →
    roster). The bundled replays publish nothing new, so with them the sensor only skips."""
    from ai_artist_dagster.providers.charts import ChartUnavailableError, LiveChartSource

    source = charts.get()
    if not isinstance(source, LiveChartSource):
        yield dg.SkipReason(f"{source.name} is a bundled replay; replay dates with `ai-artist run --date` or backfills")
        return
    try:
        marker = source.marker()
    except ChartUnavailableError as exc:
        yield dg.SkipReason(f"{source.name} unreachable this tick: {exc}")
        return
    if marker == context.cursor:
        yield dg.SkipReason(f"{source.name}: no new chart since the last tick")
        return
    today = source.today().isoformat()  # the day the source's snapshots are filed under
    context.update_cursor(marker)
    yield dg.RunRequest(
        run_key=f"chart:{source.name}:{today}:{marker}",
        partition_key=today,
        tags={"ai_artist/chart_source": source.name, "ai_artist/chart_marker": marker},
    )
