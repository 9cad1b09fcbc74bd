"""The one planner: which runs the warehouse says are due, for the cycle sensor and `ai-artist run`
alike.

- a profile for every artist that is not retired and has none;
- a content calendar for every such artist whose latest profile version has none (evolution made a
  new version; a new artist's calendar comes with its profile);
- content for a scheduled artist-day whose piece has no review decision yet (a new piece, or one
  whose content run failed before review); a piece that is pending, decided or released is never
  made again, except
- a regeneration for a piece whose latest decision is `regenerate` (once per decision);
- a release for an approved piece with a track and no release yet;
- the teaser posts of a release that wait for their time (TikTok and Instagram take no scheduled
  posts) or for a platform's quota or rate limit, or that a platform is still processing, once
  that time has come.

A day's pieces, and new artists' profiles, come slowest tempo first: a slower song is a longer one
(the same sections at fewer beats a minute), so the longest pieces start first and the last to
start, which may run alone while the other workers have nothing left, is among the shortest.

Nothing is planned for a partition that a queued or running run (launched by the daemon, the UI or
another `ai-artist`) will produce, so the CLI and the daemon never make the same piece twice, nor for
an artist whose `artists` partition is not registered: the sensor and the CLI register every
artist of the warehouse first (`unregistered_artists`), however it was added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

import dagster as dg
from pydantic import BaseModel, Field

from ai_artist_dagster.lib.partitions import artist_day_key
from ai_artist_dagster.lib.warehouse import Warehouse, rows_of

Kind = Literal["profiles", "calendars", "content", "regenerate", "releases", "posts"]
ARTIST_KINDS: tuple[Kind, ...] = ("profiles", "calendars")  # partitioned by artist
ANY_DAY: tuple[Kind, ...] = (*ARTIST_KINDS, "posts")  # due whatever the cycle's day
JOB_OF: dict[Kind, str] = {
    "profiles": "artist_profiles_job",
    "calendars": "calendar_job",
    "content": "content_job",
    "regenerate": "content_job",
    "releases": "release_job",
    "posts": "social_job",
}
DUE_SQL: dict[Kind, str] = {
    "profiles": """SELECT a.artist_id, NULL AS date FROM artists a
                   WHERE a.status <> 'retired'
                     AND NOT EXISTS (SELECT 1 FROM profile_versions p WHERE p.artist_id = a.artist_id)
                   ORDER BY try_cast(a.niche->>'tempo_bpm' AS DOUBLE) NULLS LAST, a.artist_id""",
    "calendars": """SELECT a.artist_id, NULL AS date, p.version FROM artists a
                    JOIN (SELECT artist_id, max(version) AS version FROM profile_versions GROUP BY artist_id) p
                      USING (artist_id)
                    WHERE a.status <> 'retired'
                      AND NOT EXISTS (SELECT 1 FROM content_calendar c
                                      WHERE c.artist_id = a.artist_id AND c.profile_version = p.version)
                    ORDER BY a.artist_id""",
    "content": """SELECT strftime(s.date, '%Y-%m-%d') AS date, s.artist_id FROM roster_schedule s
                  JOIN (SELECT artist_id, try_cast(arg_max(profile, version)->>'tempo_bpm' AS DOUBLE) AS tempo
                        FROM profile_versions GROUP BY artist_id) p USING (artist_id)
                  WHERE NOT EXISTS (SELECT 1 FROM review_decisions d
                                    WHERE d.date = s.date AND d.artist_id = s.artist_id)
                  ORDER BY s.date, p.tempo NULLS LAST, s.slot""",
    "regenerate": """SELECT strftime(d.date, '%Y-%m-%d') AS date, d.artist_id, d.piece_id, d.decision_id, d.feedback
                     FROM review_decisions d
                     QUALIFY row_number() OVER (PARTITION BY d.piece_id ORDER BY d.decided_at DESC, d.decision_id DESC) = 1
                         AND d.decision = 'regenerate'
                     ORDER BY d.date, d.artist_id""",
    "releases": """SELECT strftime(ps.date, '%Y-%m-%d') AS date, ps.artist_id, ps.piece_id FROM piece_status ps
                   WHERE ps.decision = 'approved'
                     AND EXISTS (SELECT 1 FROM tracks t WHERE t.piece_id = ps.piece_id)
                     AND NOT EXISTS (SELECT 1 FROM releases r WHERE r.piece_id = ps.piece_id)
                   ORDER BY ps.date, ps.artist_id""",
    "posts": """SELECT strftime(r.date, '%Y-%m-%d') AS date, r.artist_id, r.release_id, sum(sp.attempts) AS attempts
                FROM social_posts sp JOIN releases r USING (release_id)
                WHERE sp.status IN ('waiting', 'processing') AND coalesce(sp.not_before, sp.scheduled_at) <= ?
                GROUP BY ALL ORDER BY 1, 2""",
}
DUE_PARAMS: dict[Kind, Callable[[], list[Any]]] = {
    "posts": lambda: [dt.datetime.now(dt.UTC).replace(tzinfo=None)],  # scheduled_at is stored as naive UTC
}
IN_FLIGHT = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


class PlannedRun(BaseModel):
    kind: Kind
    job: str
    partition_key: str  # the artist id, or the date × artist key's string form ("artist|date")
    run_key: str
    run_config: dict[str, Any] = Field(default_factory=dict)
    tags: dict[str, str] = Field(default_factory=dict)

    def partition(self) -> str | dg.MultiPartitionKey:
        """The key as Dagster takes it for this job."""
        if self.kind in ARTIST_KINDS:
            return self.partition_key
        artist, date = self.partition_key.split("|")
        return artist_day_key(date, artist)


def in_flight_partitions(instance: dg.DagsterInstance) -> set[str]:
    """Partition keys of runs queued or running in this instance (any job, any launcher)."""
    records = instance.get_run_records(dg.RunsFilter(statuses=IN_FLIGHT))
    return {key for r in records if (key := r.dagster_run.tags.get("dagster/partition"))}


def unregistered_artists(wh: Warehouse, registered: set[str]) -> list[str]:
    """Artists of the warehouse (not retired) with no `artists` partition in the instance yet: one
    added by a path that could not register it (an older `ai-artist artists create`, a SQL insert,
    a restored warehouse) would otherwise fail every tick of the cycle sensor."""
    rows = wh.query("SELECT artist_id FROM artists WHERE status <> 'retired' ORDER BY artist_id")
    return [r["artist_id"] for r in rows if r["artist_id"] not in registered]


def plan(
    wh: Warehouse, in_flight: set[str], date: str | None = None, registered: set[str] | None = None
) -> list[PlannedRun]:
    """The runs due now (``date``: only that day's pieces; profiles are due whatever the day), only
    for artists whose partition is ``registered`` (when given)."""
    with wh.read() as con:  # opened once for all of them
        due = {
            kind: rows_of(con, sql, DUE_PARAMS[kind]() if kind in DUE_PARAMS else None) for kind, sql in DUE_SQL.items()
        }
    runs: list[PlannedRun] = []
    for kind, rows in due.items():
        for row in rows:
            if kind not in ANY_DAY and date is not None and row["date"] != date:
                continue
            if registered is not None and row["artist_id"] not in registered:
                continue
            key = row["artist_id"] if kind in ARTIST_KINDS else str(artist_day_key(row["date"], row["artist_id"]))
            if key in in_flight:
                continue
            runs.append(_planned(kind, key, row))
    return runs


def _planned(kind: Kind, key: str, row: dict[str, Any]) -> PlannedRun:
    if kind == "regenerate":
        return PlannedRun(
            kind=kind,
            job=JOB_OF[kind],
            partition_key=key,
            run_key=f"regenerate:{row['decision_id']}",
            run_config={"ops": {"lyrics": {"config": {"feedback": row["feedback"], "regenerate": True}}}},
            tags={"ai_artist/regenerate": row["piece_id"]},
        )
    name = {
        "profiles": "profile",
        "calendars": "calendar",
        "content": "content",
        "releases": "release",
        "posts": "posts",
    }[kind]
    subject = {
        "releases": lambda: row["piece_id"],
        "calendars": lambda: f"{key}:v{row['version']}",
        "posts": lambda: f"{row['release_id']}:{row['attempts']}",
    }.get(kind, lambda: key)()
    return PlannedRun(kind=kind, job=JOB_OF[kind], partition_key=key, run_key=f"{name}:{subject}")
