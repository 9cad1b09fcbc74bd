import datetime as dt
import time
from pathlib import Path

import duckdb
import pytest

from ai_artist_dagster.lib.warehouse import Warehouse, replace_rows


def test_replace_rows_is_idempotent(tmp_path: Path):
    wh = Warehouse(tmp_path / "w.duckdb")
    row = {
        "chart_date": dt.date(2020, 1, 1),
        "source": "s",
        "report": '{"a": 1}',
        "created_at": dt.datetime(2020, 1, 1),
    }
    for _ in range(3):
        with wh.write() as con:
            replace_rows(con, "trend_reports", {"chart_date": row["chart_date"], "source": "s"}, [row])
    assert wh.query("SELECT count(*) AS n FROM trend_reports")[0]["n"] == 1


def test_failed_write_rolls_back(tmp_path: Path):
    wh = Warehouse(tmp_path / "w.duckdb")
    try:
        with wh.write() as con:
            con.execute("INSERT INTO chart_rejects VALUES ('2020-01-01', 's', 'r', 'e', now())")
            raise RuntimeError("crash mid-write")
    except RuntimeError:
        pass
    assert wh.query("SELECT count(*) AS n FROM chart_rejects")[0]["n"] == 0


@pytest.mark.slow
def test_writer_waits_for_a_lock_held_by_another_process(tmp_path: Path):
    """DuckDB locks the file per process; a second process's writer must wait, not fail."""
    import subprocess
    import sys

    path = tmp_path / "w.duckdb"
    Warehouse(path).query("SELECT 1")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('locked', flush=True); time.sleep(2)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    try:
        duckdb.connect(str(path)).close()
        raise AssertionError("expected the file to be locked by the other process")
    except duckdb.IOException:
        pass
    started = time.time()
    with Warehouse(path).write() as con:
        con.execute("INSERT INTO chart_rejects VALUES ('2020-01-01', 's', 'r', 'e', now())")
    assert time.time() - started > 0.5  # it waited for the holder to finish
    holder.wait()
    assert Warehouse(path).query("SELECT count(*) AS n FROM chart_rejects")[0]["n"] == 1


def test_old_warehouses_gain_new_columns_in_place(tmp_path: Path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE llm_calls (call_id VARCHAR PRIMARY KEY, called_at TIMESTAMP NOT NULL, provider VARCHAR NOT NULL,"
        " model VARCHAR NOT NULL, task VARCHAR NOT NULL, partition_key VARCHAR NOT NULL, tokens_in INTEGER NOT NULL,"
        " tokens_out INTEGER NOT NULL, latency_ms DOUBLE NOT NULL, cost_usd DOUBLE NOT NULL, cache_hit BOOLEAN NOT NULL,"
        " outcome VARCHAR NOT NULL, error VARCHAR)"
    )
    con.execute(
        "INSERT INTO llm_calls VALUES ('c1', now(), 'offline', 'm', 'lyrics', 'p', 1, 1, 1, 0, false, 'ok', NULL)"
    )
    con.close()
    wh = Warehouse(path)
    with wh.write():
        pass
    columns = {
        r["column_name"] for r in wh.query("SELECT column_name FROM duckdb_columns() WHERE table_name = 'llm_calls'")
    }
    assert {"run_id", "artist_id", "prompt_id", "attempt"} <= columns
    assert wh.query("SELECT call_id FROM llm_calls") == [{"call_id": "c1"}]  # no data lost


def test_previous_critiques_are_the_latest_before_the_day(tmp_path: Path):
    from ai_artist_dagster.lib.records import previous_critiques

    wh = Warehouse(tmp_path / "w.duckdb")
    rows = [
        {
            "piece_id": f"2020-03-0{d}__a",
            "date": dt.date(2020, 3, d),
            "artist_id": "a",
            "score": float(d),
            "summary": f"day {d}",
            "strengths": [],
            "issues": [],
            "suggestions": [f"tip {d}", "second", "third"],
            "measurements": "{}",
            "provider": "offline",
            "created_at": dt.datetime(2020, 3, d),
        }
        for d in range(1, 7)
    ]
    with wh.write() as con:
        replace_rows(con, "reflections", {}, rows)
    assert previous_critiques(wh, "a", dt.date(2020, 3, 5)) == [
        "day 4 Suggestions: tip 4; second",
        "day 3 Suggestions: tip 3; second",
        "day 2 Suggestions: tip 2; second",
    ]
    assert previous_critiques(wh, "b", dt.date(2020, 3, 5)) == []


def test_a_piece_keeps_the_profile_version_it_was_written_under(tmp_path: Path):
    """An artist evolves after a song is written: its video, critique and release still carry v1."""
    from ai_artist_dagster.lib import records
    from ai_artist_dagster.lib.warehouse import insert_rows, now

    wh = Warehouse(tmp_path / "w.duckdb")

    def version(v: int, name: str) -> dict:
        return {
            "artist_id": "nova",
            "version": v,
            "profile": name,
            "creation_report": "",
            "provider": "t",
            "created_at": now(),
        }

    from ai_artist_dagster.domain.writer import write_profile
    from ai_artist_dagster.lib.schemas import ArtistNiche, ProfileBrief, TrendReport

    trend = TrendReport(chart_date=dt.date(2020, 3, 6), source="s", n_entries=1, rising={})
    niche = ArtistNiche(genre="pop", mood="warm", tempo_bpm=100, key=0, mode="major")
    v1 = write_profile(ProfileBrief(artist_id="nova", name="Nova", niche=niche, trend=trend, seed=1))
    v2 = v1.model_copy(update={"version": 2, "visual_palette": ["#000000", "#111111", "#222222"]})
    with wh.write() as con:
        insert_rows(con, "profile_versions", [version(1, v1.model_dump_json()), version(2, v2.model_dump_json())])
        insert_rows(
            con,
            "lyrics",
            [
                {
                    "piece_id": "2020-03-06__nova",
                    "date": "2020-03-06",
                    "artist_id": "nova",
                    "title": "t",
                    "theme": "t",
                    "prompt_variant": "A",
                    "rhyme_scheme": "AABB",
                    "n_lines": 1,
                    "lyrics": "{}",
                    "provider": "offline",
                    "path": "p",
                    "created_at": now(),
                    "profile_version": 1,
                }
            ],
        )
    assert records.latest_profile(wh, "nova").version == 2
    assert records.piece_profile(wh, "2020-03-06__nova") == v1


def test_the_analytics_bench_fills_the_current_schema(tmp_path: Path):
    """bench/analytics.py inserts rows by position: a new column must not break `make bench` unnoticed."""
    import importlib.util

    from ai_artist_dagster.lib.paths import PROJECT_ROOT

    source = (PROJECT_ROOT / "bench" / "analytics.py").read_text()
    small = source.replace("PIECES = 1_250_000", "PIECES = 2_000").replace("ARTISTS = 2_000", "ARTISTS = 20")
    assert small != source
    module_path = tmp_path / "analytics_small.py"
    module_path.write_text(small)
    spec = importlib.util.spec_from_file_location("analytics_small", module_path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(tmp_path / "bench.duckdb")
    counts = Warehouse(tmp_path / "bench.duckdb").query(
        "SELECT (SELECT count(*) FROM lyrics) AS l, (SELECT count(*) FROM performance) AS p"
    )
    assert counts == [{"l": 2000, "p": 500}]


def test_weekly_maintenance_checkpoints_the_duckdb_file(isolated_env, monkeypatch):
    import dagster as dg

    from ai_artist_dagster.definitions import defs
    from ai_artist_dagster.defs.operations.maintenance import warehouse_maintenance
    from ai_artist_dagster.defs.resources import WarehouseResource
    from ai_artist_dagster.lib.paths import warehouse_path

    monkeypatch.delenv("AI_ARTIST_DUCKLAKE_CATALOG", raising=False)
    wh = Warehouse(warehouse_path())
    with wh.write() as con:
        replace_rows(
            con,
            "roster_schedule",
            {"artist_id": "a"},
            [{"date": "2020-03-06", "artist_id": "a", "slot": 1, "reason": "new"}],
        )
    result = dg.materialize([warehouse_maintenance], resources={"warehouse": WarehouseResource()})
    assert result.success
    metadata = result.asset_materializations_for_node("warehouse_maintenance")[0].metadata
    assert metadata["backend"].value == "duckdb" and metadata["file_mb_after"].value > 0
    assert wh.query("SELECT artist_id FROM roster_schedule") == [{"artist_id": "a"}]
    schedule = defs().resolve_schedule_def("warehouse_maintenance_job_schedule")
    assert schedule.cron_schedule == "0 4 * * 0" and schedule.default_status == dg.DefaultScheduleStatus.RUNNING
