import datetime as dt
import json

import dagster as dg
import pytest

from ai_artist_dagster.defs.artists.resources import CalendarResource
from ai_artist_dagster.defs.cycle.sensors import cycle_sensor
from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib.partitions import artist_day_key
from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows, now


def _artist(aid: str, tempo_bpm: int = 100) -> dict:
    niche = json.dumps({"genre": "pop", "mood": "warm", "tempo_bpm": tempo_bpm, "key": 0, "mode": "major"})
    return {
        "artist_id": aid,
        "name": aid,
        "status": "active",
        "autopilot": True,
        "niche": niche,
        "created_on": dt.date(2020, 1, 1),
        "last_run_on": None,
        "consecutive_rejections": 0,
        "approvals": 0,
        "updated_at": now(),
    }


def _context(instance, path) -> dg.SensorEvaluationContext:
    resources = {"warehouse": WarehouseResource(path=str(path)), "calendar": CalendarResource()}
    return dg.build_sensor_context(instance=instance, resources=resources)


def _seed(wh: Warehouse) -> None:
    stamp = now()
    with wh.write() as con:
        insert_rows(con, "artists", [_artist(aid) for aid in ("new-artist", "known-artist")])
        insert_rows(
            con,
            "profile_versions",
            [
                {
                    "artist_id": "known-artist",
                    "version": 1,
                    "profile": "{}",
                    "creation_report": "",
                    "provider": "offline",
                    "created_at": stamp,
                }
            ],
        )
        insert_rows(
            con,
            "roster_schedule",
            [{"date": dt.date(2020, 3, 6), "artist_id": "known-artist", "slot": 0, "reason": "t"}],
        )


def test_cycle_sensor_requests_profiles_and_content_once(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    _seed(wh)
    with dg.instance_for_test() as instance:
        context = _context(instance, wh.path)
        requests = cycle_sensor(context).run_requests
    by_job = {(r.job_name, r.partition_key) for r in requests}
    assert by_job == {
        ("artist_profiles_job", "new-artist"),
        ("calendar_job", "known-artist"),  # a profile without its content calendar
        ("content_job", artist_day_key("2020-03-06", "known-artist")),
    }
    assert len({r.run_key for r in requests}) == len(requests)


def test_teaser_posts_are_requested_when_their_time_has_come(tmp_path):
    """TikTok and Instagram take no scheduled posts: a waiting post is sent by social_job once its
    time (or the platform's quota window) has passed — whatever the cycle's day — and not before."""
    wh = Warehouse(tmp_path / "w.duckdb")
    _seed(wh)
    stamp = dt.datetime(2020, 3, 6)
    past, future = dt.datetime(2020, 3, 20, 17), dt.datetime.now() + dt.timedelta(days=3)
    with wh.write() as con:
        insert_rows(
            con,
            "releases",
            [
                {
                    "release_id": rid,
                    "piece_id": f"{day}__known-artist",
                    "date": day,
                    "artist_id": "known-artist",
                    "title": "t",
                    "path": "/x",
                    "manifest": "{}",
                    "created_at": stamp,
                }
                for rid, day in (("AIA-DUE", "2020-03-06"), ("AIA-LATER", "2020-03-07"))
            ],
        )
        post = {"target": "tiktok:api", "caption": "c", "hashtags": [], "quota_units": 0, "updated_at": stamp}
        insert_rows(
            con,
            "social_posts",
            [
                {**post, "release_id": "AIA-DUE", "platform": "tiktok", "piece_id": "2020-03-06__known-artist",
                 "status": "waiting", "scheduled_at": past, "location": "-", "attempts": 0},
                {**post, "release_id": "AIA-LATER", "platform": "tiktok", "piece_id": "2020-03-07__known-artist",
                 "status": "waiting", "scheduled_at": future, "location": "-", "attempts": 0},
            ],
        )  # fmt: skip
    with dg.instance_for_test() as instance:
        planned = _planned(wh, instance)
    assert ("social_job", str(artist_day_key("2020-03-06", "known-artist"))) in planned
    assert not any(key.endswith("2020-03-07") or "2020-03-07" in key for job, key in planned if job == "social_job")


def test_cycle_sensor_skips_without_a_warehouse(tmp_path):
    with dg.instance_for_test() as instance:
        context = _context(instance, tmp_path / "none.duckdb")
        result = cycle_sensor(context)
    assert result.skip_reason and not result.run_requests


def _decide(wh: Warehouse, decision: str, artist: str = "known-artist") -> None:
    from ai_artist_dagster.components.approval.store import decision_row

    with wh.write() as con:
        insert_rows(
            con, "review_decisions", [decision_row(f"2020-03-06__{artist}", "2020-03-06", artist, decision, "t")]
        )


def _planned(wh: Warehouse, instance) -> set[tuple[str, str]]:
    context = _context(instance, wh.path)
    return {(r.job_name, str(r.partition_key)) for r in cycle_sensor(context).run_requests or []}


def test_nothing_is_planned_for_a_partition_a_run_is_already_making(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    _seed(wh)
    key = str(artist_day_key("2020-03-06", "known-artist"))
    with dg.instance_for_test() as instance:
        job = dg.GraphDefinition(name="content_job").to_job()
        run = instance.create_run_for_job(job, tags={"dagster/partition": key})  # e.g. ai-artist run's own
        instance.handle_run_event(
            run.run_id, dg.DagsterEvent(event_type_value="PIPELINE_START", job_name="content_job", message="started")
        )
        assert ("content_job", key) not in _planned(wh, instance)
        instance.report_run_failed(run)  # once it is over, the piece is due again (it has no decision)
        assert ("content_job", key) in _planned(wh, instance)


def test_a_made_or_decided_piece_is_not_made_again_but_a_regeneration_is(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    _seed(wh)
    key = str(artist_day_key("2020-03-06", "known-artist"))
    with dg.instance_for_test() as instance:
        for decision in ("pending", "approved", "rejected"):
            _decide(wh, decision)
            assert ("content_job", key) not in _planned(wh, instance), decision
        _decide(wh, "regenerate")
        assert ("content_job", key) in _planned(wh, instance)


@pytest.mark.slow
def test_a_busy_warehouse_skips_the_tick_quickly(tmp_path):
    """A sensor that waited out a long write held up the daemon (and `dagster dev`'s Ctrl-C)."""
    import subprocess
    import sys
    import time

    wh = Warehouse(tmp_path / "w.duckdb")
    _seed(wh)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(20)",
            str(wh.path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with dg.instance_for_test() as instance:
            context = _context(instance, wh.path)
            started = time.monotonic()
            result = cycle_sensor(context)
            waited = time.monotonic() - started
    finally:
        holder.kill()
    assert result.skip_reason and "busy" in result.skip_reason.skip_message and waited < 10


def test_the_slowest_songs_are_planned_first(tmp_path):
    # A slower tempo is a longer song: the longest pieces start first, so the day's last piece (which
    # may run alone) is a short one. New artists' profiles come in the same order.
    from ai_artist_dagster.defs.cycle.planner import plan

    wh = Warehouse(tmp_path / "w.duckdb")
    tempos = {"a-fast": 150, "b-slow": 80, "c-mid": 110}
    stamp = now()
    with wh.write() as con:
        for slot, (aid, tempo) in enumerate(tempos.items()):
            insert_rows(con, "artists", [_artist(aid, tempo)])
            insert_rows(
                con, "roster_schedule", [{"date": dt.date(2020, 3, 6), "artist_id": aid, "slot": slot, "reason": "t"}]
            )
    assert [r.partition_key for r in plan(wh, set()) if r.kind == "profiles"] == ["b-slow", "c-mid", "a-fast"]
    with wh.write() as con:
        for aid, tempo in tempos.items():
            insert_rows(con, "profile_versions", [{"artist_id": aid, "version": 1, "profile": json.dumps({"tempo_bpm": tempo}),
                                                   "creation_report": "", "provider": "offline", "created_at": stamp}])  # fmt: skip
    content = [r.partition_key.split("|")[0] for r in plan(wh, set()) if r.kind == "content"]
    assert content == ["b-slow", "c-mid", "a-fast"]  # not the roster's slots (a, b, c)


def test_an_artist_added_without_its_partition_is_registered_before_its_runs_are_requested(tmp_path):
    """One `ai-artist artists create` (before it registered partitions) stopped the daemon's planning:
    cycle_sensor failed every tick with "Could not find a partition with key …"."""
    wh = Warehouse(tmp_path / "w.duckdb")
    _seed(wh)  # two artists in the warehouse, neither registered in the instance
    with dg.instance_for_test() as instance:
        result = cycle_sensor(_context(instance, wh.path))
        [add] = result.dynamic_partitions_requests
        assert add.partitions_def_name == "artists" and sorted(add.partition_keys) == ["known-artist", "new-artist"]
        assert {r.job_name for r in result.run_requests} == {"artist_profiles_job", "calendar_job", "content_job"}
        instance.add_dynamic_partitions("artists", list(add.partition_keys))  # what the daemon does first
        again = cycle_sensor(_context(instance, wh.path))
        assert not again.dynamic_partitions_requests and len(again.run_requests) == len(result.run_requests)
    from ai_artist_dagster.defs.cycle.planner import plan

    # the planner never plans a run for an artist whose partition is not registered
    planned = plan(wh, set(), registered={"known-artist"})
    assert planned and all("new-artist" not in r.partition_key for r in planned)
