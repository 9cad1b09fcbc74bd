"""dbt builds into the DuckDB file while an analyst reads it: a reader's connection holds the file's
lock for a moment, and dbt waits for it instead of failing the day's trend models (a fresh-clone CI
run lost a whole day this way: "Could not set lock on file … warehouse.duckdb")."""

import subprocess
import sys
import time

import duckdb
import pytest

from ai_artist_dagster.defs.trends.dbt import build
from ai_artist_dagster.lib.paths import DBT_PROJECT_DIR
from ai_artist_dagster.lib.warehouse import Warehouse

pytestmark = pytest.mark.slow  # runs dbt

READER = """
import pathlib, sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
pathlib.Path(sys.argv[2]).touch()
time.sleep(float(sys.argv[3]))
con.close()
"""


HOLD_S = 6.0  # longer than dbt takes to start and connect (~2.5 s here)


class Log:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def debug(self, message: str) -> None:
        self.lines.append(message)


def test_dbt_waits_for_a_reader_holding_the_warehouse_file(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "CREATE TABLE chart_entries (chart_date DATE, source VARCHAR, position INTEGER, title VARCHAR, "
            "performer VARCHAR, song_key VARCHAR, streams BIGINT)"
        )
        con.execute("INSERT INTO chart_entries VALUES ('2020-03-06', 'hot100', 1, 'A Song', 'Someone', 'a-song', NULL)")

    held = tmp_path / "held"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(path), str(held), str(HOLD_S)])
    try:
        while not held.exists():
            assert reader.poll() is None, "the reader could not open the warehouse"
            time.sleep(0.02)
        log = Log()
        results = build(DBT_PROJECT_DIR, ["stg_chart_entries"], Warehouse(path), log)  # type: ignore[arg-type]
    finally:
        reader.wait(timeout=30)

    statuses = {r["unique_id"]: r["status"] for r in results}
    assert statuses.pop("model.dbt_trends.stg_chart_entries") == "success"
    assert statuses and set(statuses.values()) == {"pass"}, statuses  # its tests
    # and from the parse state make setup saved, in this data directory too (a full re-parse costs ~4 s)
    assert not [line for line in log.lines if "Unable to do partial parsing" in line], log.lines
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT title, weight FROM stg_chart_entries").fetchall() == [("A Song", 100.0)]
