"""Artist assets: the roster (lifecycle) and each artist's versioned profile."""

import datetime as dt

import dagster as dg

from ai_artist_dagster.defs.artists.resources import CalendarResource, RosterResource
from ai_artist_dagster.defs.checks import revalidate
from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource, WriterResource
from ai_artist_dagster.lib import markdown, records
from ai_artist_dagster.lib.files import atomic_write_text
from ai_artist_dagster.lib.partitions import artist_partitions, chart_date_partitions
from ai_artist_dagster.lib.paths import artist_dir
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.schemas import ArtistProfile, ProfileBrief
from ai_artist_dagster.lib.seeds import seed_of
from ai_artist_dagster.lib.warehouse import insert_rows, now, replace_rows


@dg.asset(
    kinds={"duckdb"},
    partitions_def=chart_date_partitions,
    deps=["trend_report", "artist_metrics", "artist_evolution"],
    pool=DUCKDB_WRITE,
)
def artist_roster(
    context: dg.AssetExecutionContext, roster: RosterResource, calendar: CalendarResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The roster on this day: the lifecycle candidate → active → paused → retired from this day's
    `artist_metrics` (promote after an approval, pause when recent reviews approve too little, wake
    after a rest, retire after N consecutive rejections), new artists for unserved rising niches,
    and today's schedule: the artists whose content calendar needs a piece today for their next
    release slot (or, with AI_ARTIST_SCHEDULE=rotation, the least recently run), each with the
    release date its piece will have. Transitions go to `lifecycle_events`; new artists become
    `artists` partitions. Re-running a day keeps its schedule."""
    from ai_artist_dagster.domain.roster import LifecycleStats, plan_roster

    date = context.partition_key
    wh = warehouse.get()
    existing = wh.query("SELECT artist_id, reason FROM roster_schedule WHERE date = ? ORDER BY slot", [date])
    created: list[str] = []
    if existing:
        scheduled = [(r["artist_id"], r["reason"]) for r in existing]
        context.log.info(f"roster for {date} already planned; keeping its schedule")
    else:
        stats = {
            r["artist_id"]: LifecycleStats(
                approvals=r["approvals"] + r["autopilot_approvals"],
                consecutive_rejections=r["consecutive_rejections"],
                recent_reviews=r["recent_reviews"],
                recent_approval_rate=r["recent_approval_rate"],
            )
            for r in wh.query("SELECT * FROM artist_metrics WHERE date = ?", [date])
        }
        decision = plan_roster(
            records.all_artists(wh),
            records.trend_report(wh, date),
            dt.date.fromisoformat(date),
            roster.rules(),
            seed_of("roster", date),
            stats,
            calendar.rules(),
            records.last_release_slots(wh, date),
            records.booked_release_days(wh, date),
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
                    [records.artist_row(a, stamp)],
                )
            insert_rows(
                con,
                "roster_schedule",
                [
                    {
                        "date": date,
                        "artist_id": aid,
                        "slot": i,
                        "reason": reason,
                        "release_on": decision.release_on.get(aid),
                    }
                    for i, (aid, reason) in enumerate(scheduled)
                ],
            )
            events: list[tuple[str, str | None, str, str]] = [
                (t.artist_id, t.old, t.new, t.reason) for t in decision.transitions
            ]
            events += [(a.artist_id, None, a.status, "created for a rising niche") for a in decision.created]
            for aid, old, new, reason in events:
                replace_rows(
                    con,
                    "lifecycle_events",
                    {"date": date, "artist_id": aid},
                    [{"date": date, "artist_id": aid, "old_status": old, "new_status": new, "reason": reason}],
                )
        # new artists, and artists an operator asked for (`ai-artist artists create`), become partitions
        known = set(context.instance.get_dynamic_partitions(artist_partitions.name))
        fresh = [aid for aid in dict.fromkeys([*created, *(aid for aid, _ in scheduled)]) if aid not in known]
        if fresh:
            context.instance.add_dynamic_partitions(artist_partitions.name, fresh)
        for t in decision.transitions:
            context.log.info(f"{t.artist_id}: {t.old} → {t.new} ({t.reason})")
    all_rows = wh.query(
        "SELECT artist_id, name, status, autopilot, last_run_on, niche->>'genre' AS genre FROM artists ORDER BY artist_id"
    )
    table = markdown.table(
        ["artist", "name", "status", "genre", "autopilot", "last run"],
        [(r["artist_id"], r["name"], r["status"], r["genre"], r["autopilot"], r["last_run_on"]) for r in all_rows],
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
    generation = None
    if current:
        profile = ArtistProfile.model_validate_json(current[0]["profile"])
        report = current[0]["creation_report"]
        context.log.info(f"{artist_id} already has profile v{profile.version}; keeping it (evolution adds versions)")
    else:
        brief = ProfileBrief(
            artist_id=artist_id,
            name=record.name,
            niche=record.niche,
            trend=trend,
            seed=seed_of("profile", artist_id),
            description=record.prompt,
            others=records.other_live_profiles(wh, artist_id),
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
                        "effective_on": record.created_on,
                    }
                ],
            )
            insert_rows(con, "llm_calls", [c.model_dump() for c in calls])
    path = atomic_write_text(
        artist_dir(storage.root, artist_id) / f"profile_v{profile.version}.json", profile.model_dump_json(indent=2)
    )
    storage.media().publish(path)
    check = revalidate(ArtistProfile, path.read_text(), profile)
    return dg.MaterializeResult(
        metadata={
            "name": profile.name,
            "version": profile.version,
            "genre": profile.genre,
            "tempo_bpm": profile.tempo_bpm,
            "palette": " ".join(profile.visual_palette),
            "writer": generation.provider if generation else "kept",
            "writer_fallback": (generation.fallback if generation else None) or "none",
            "creation_report": dg.MetadataValue.md(report),
            "path": dg.MetadataValue.path(str(path)),
        },
        check_results=[dg.AssetCheckResult(check_name="profile_valid", **check)],
    )
