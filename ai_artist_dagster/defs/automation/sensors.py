"""The cycle sensor: turns warehouse state into runs (profiles for new artists, content for
scheduled artist-days, a content re-run with the feedback for pieces a reviewer asked to
regenerate, releases for approved pieces). It only reads the warehouse; the runs it
requests do the writing, inside the `duckdb_write` pool. Run keys make each request once."""

import dagster as dg
import duckdb

from ai_artist_dagster.defs.automation.jobs import artist_profiles_job, content_job, release_job
from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib.partitions import artist_day_key

PENDING_SQL = {
    "profiles": """SELECT a.artist_id FROM artists a
                   WHERE a.status <> 'retired'
                     AND NOT EXISTS (SELECT 1 FROM profile_versions p WHERE p.artist_id = a.artist_id)""",
    "content": """SELECT strftime(s.date, '%Y-%m-%d') AS date, s.artist_id FROM roster_schedule s
                  WHERE EXISTS (SELECT 1 FROM profile_versions p WHERE p.artist_id = s.artist_id)
                    AND NOT EXISTS (SELECT 1 FROM lyrics l WHERE l.date = s.date AND l.artist_id = s.artist_id)""",
    "regenerate": """SELECT strftime(d.date, '%Y-%m-%d') AS date, d.artist_id, d.piece_id, d.decision_id, d.feedback
                      FROM review_decisions d
                      QUALIFY row_number() OVER (PARTITION BY d.piece_id ORDER BY d.decided_at DESC, d.decision_id DESC) = 1
                          AND d.decision = 'regenerate'""",
    "releases": """SELECT strftime(ps.date, '%Y-%m-%d') AS date, ps.artist_id, ps.piece_id FROM piece_status ps
                   WHERE ps.decision = 'approved'
                     AND EXISTS (SELECT 1 FROM tracks t WHERE t.piece_id = ps.piece_id)
                     AND NOT EXISTS (SELECT 1 FROM releases r WHERE r.piece_id = ps.piece_id)""",
}


@dg.sensor(
    jobs=[artist_profiles_job, content_job, release_job],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def cycle_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    """Requests artist_profiles, content and release runs that the warehouse says are due."""
    wh = warehouse.get()
    if not wh.path.exists():
        yield dg.SkipReason(f"no warehouse yet at {wh.path}")
        return
    try:
        pending = {name: wh.query(sql) for name, sql in PENDING_SQL.items()}
    except duckdb.IOException as exc:
        yield dg.SkipReason(f"warehouse busy ({exc}); trying again next tick")
        return
    for row in pending["profiles"]:
        yield dg.RunRequest(
            run_key=f"profile:{row['artist_id']}", job_name=artist_profiles_job.name, partition_key=row["artist_id"]
        )
    for row in pending["content"]:
        key = artist_day_key(row["date"], row["artist_id"])
        yield dg.RunRequest(run_key=f"content:{key}", job_name=content_job.name, partition_key=key)
    for row in pending["regenerate"]:
        key = artist_day_key(row["date"], row["artist_id"])
        config = {"feedback": row["feedback"], "regenerate": True}
        yield dg.RunRequest(
            run_key=f"regenerate:{row['decision_id']}",
            job_name=content_job.name,
            partition_key=key,
            run_config={"ops": {"lyrics": {"config": config}}},
            tags={"ai_artist/regenerate": row["piece_id"]},
        )
    for row in pending["releases"]:
        key = artist_day_key(row["date"], row["artist_id"])
        yield dg.RunRequest(run_key=f"release:{row['piece_id']}", job_name=release_job.name, partition_key=key)
