"""Artist assets: the roster (lifecycle) and each artist's versioned profile."""

import datetime as dt

import dagster as dg

from ai_artist_dagster.defs.checks import revalidate
from ai_artist_dagster.defs.resources import (
    RosterResource,
    StorageResource,
    WarehouseResource,
    WriterResource,
)
from ai_artist_dagster.lib import records
from ai_artist_dagster.lib.files import atomic_write_text
from ai_artist_dagster.lib.partitions import artist_partitions, chart_date_partitions
from ai_artist_dagster.lib.paths import artist_dir
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.schemas import ArtistProfile, ProfileBrief
from ai_artist_dagster.lib.seeds import seed_of
from ai_artist_dagster.lib.warehouse import insert_rows, now, replace_rows

_STATS_SQL = """
    SELECT artist_id,
           count(*) FILTER (WHERE decision = 'approved') AS approvals,
           count(*) FILTER (WHERE decision = 'rejected'
                            AND decided_at > coalesce((SELECT max(decided_at) FROM piece_status p2
                                                       WHERE p2.artist_id = p.artist_id AND p2.decision = 'approved'),
                                                      TIMESTAMP '1970-01-01')) AS consecutive_rejections
    FROM piece_status p GROUP BY artist_id
"""


@dg.asset(
    group_name="artists",
    kinds={"duckdb"},
    partitions_def=chart_date_partitions,
    deps=["trend_report"],
    pool=DUCKDB_WRITE,
)
def artist_roster(
    context: dg.AssetExecutionContext, roster: RosterResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The roster on this day: lifecycle rules (create artists for unserved rising niches, retire
    after N consecutive rejections, promote candidates after an approval) and today's schedule
    (least-recently-run first). Registers new `artists` partitions. Re-running a day keeps its schedule."""
    from ai_artist_dagster.domain.roster import plan_roster

    date = context.partition_key
    wh = warehouse.get()
    existing = wh.query("SELECT artist_id, reason FROM roster_schedule WHERE date = ? ORDER BY slot", [date])
    created: list[str] = []
    if existing:
        scheduled = [(r["artist_id"], r["reason"]) for r in existing]
        context.log.info(f"roster for {date} already planned; keeping its schedule")
    else:
        artists = records.all_artists(wh)
        stats = {r["artist_id"]: r for r in wh.query(_STATS_SQL)}
        for a in artists:
            if a.artist_id in stats:
                a.approvals = stats[a.artist_id]["approvals"]
                a.consecutive_rejections = stats[a.artist_id]["consecutive_rejections"]
        decision = plan_roster(
            artists,
            records.trend_report(wh, date),
            dt.date.fromisoformat(date),
            roster.rules(),
            seed_of("roster", date),
        )
        scheduled = decision.scheduled
        created = [a.artist_id for a in decision.created]
        stamp = now()
        with wh.write() as con:
            for a in decision.artists:
                replace_rows(
                    con,
                    "artists",
                    {"artist_id": a.artist_id},
                    [{**a.model_dump(exclude={"niche"}), "niche": a.niche.model_dump_json(), "updated_at": stamp}],
                )
            insert_rows(
                con,
                "roster_schedule",
                [
                    {"date": date, "artist_id": aid, "slot": i, "reason": reason}
                    for i, (aid, reason) in enumerate(scheduled)
                ],
            )
        if created:
            context.instance.add_dynamic_partitions(artist_partitions.name, created)
        for aid in decision.retired:
            context.log.info(f"retired {aid} after {roster.retire_after_rejections} consecutive rejections")
    all_rows = wh.query(
        "SELECT artist_id, name, status, autopilot, last_run_on, niche->>'genre' AS genre FROM artists ORDER BY artist_id"
    )
    table = "| artist | name | status | genre | autopilot | last run |\n|---|---|---|---|---|---|\n" + "\n".join(
        f"| {r['artist_id']} | {r['name']} | {r['status']} | {r['genre']} | {r['autopilot']} | {r['last_run_on'] or ''} |"
        for r in all_rows
    )
    return dg.MaterializeResult(
        metadata={
            "scheduled": dg.MetadataValue.json([aid for aid, _ in scheduled]),
            "created": dg.MetadataValue.json(created),
            "roster": dg.MetadataValue.md(table),
            "active_artists": sum(1 for r in all_rows if r["status"] in ("candidate", "active")),
        }
    )


@dg.asset(
    group_name="artists",
    kinds={"duckdb", "json"},
    partitions_def=artist_partitions,
    deps=[dg.AssetDep("artist_roster", partition_mapping=dg.LastPartitionMapping())],
    pool=DUCKDB_WRITE,
    check_specs=[dg.AssetCheckSpec("profile_valid", asset="artist_profiles", blocking=True)],
)
def artist_profiles(
    context: dg.AssetExecutionContext,
    writer: WriterResource,
    storage: StorageResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """The artist's creative identity (name, backstory, personality, genre, tempo, key, mood,
    palette, influences, audience, voice and lyric style), written by the writer router from the
    niche and trend that created the artist; versioned in `profile_versions`."""
    from ai_artist_dagster.domain.writer import creation_report

    artist_id = context.partition_key
    wh = warehouse.get()
    record = records.artist(wh, artist_id)
    trend = records.latest_trend_report(wh, record.created_on)
    current = wh.query(
        "SELECT profile, creation_report FROM profile_versions WHERE artist_id = ? ORDER BY version DESC LIMIT 1",
        [artist_id],
    )
    if current:
        profile = ArtistProfile.model_validate_json(current[0]["profile"])
        report = current[0]["creation_report"]
        context.log.info(f"{artist_id} already has profile v{profile.version}; keeping it (evolution adds versions)")
    else:
        brief = ProfileBrief(
            artist_id=artist_id, name=record.name, niche=record.niche, trend=trend, seed=seed_of("profile", artist_id)
        )
        generation = writer.generate(context, "artist_profile", brief, ArtistProfile, artist_id=artist_id)
        profile, calls = generation.result, generation.calls
        report = creation_report(profile, trend)
        with wh.write() as con:
            insert_rows(
                con,
                "profile_versions",
                [
                    {
                        "artist_id": artist_id,
                        "version": profile.version,
                        "profile": profile.model_dump_json(),
                        "creation_report": report,
                        "provider": generation.provider,
                        "created_at": now(),
                    }
                ],
            )
            insert_rows(con, "llm_calls", [c.model_dump() for c in calls])
    path = atomic_write_text(
        artist_dir(storage.root, artist_id) / f"profile_v{profile.version}.json", profile.model_dump_json(indent=2)
    )
    check = revalidate(ArtistProfile, path.read_text(), profile)
    return dg.MaterializeResult(
        metadata={
            "name": profile.name,
            "version": profile.version,
            "genre": profile.genre,
            "tempo_bpm": profile.tempo_bpm,
            "palette": " ".join(profile.visual_palette),
            "creation_report": dg.MetadataValue.md(report),
            "path": dg.MetadataValue.path(str(path)),
        },
        check_results=[dg.AssetCheckResult(check_name="profile_valid", **check)],
    )
