import datetime as dt
import time
from pathlib import Path

import duckdb

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
