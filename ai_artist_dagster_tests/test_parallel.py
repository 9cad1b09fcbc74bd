"""`ai-artist run` runs a day's artists at once in worker processes: every piece made once, by
more than one process, with no lost or duplicated rows — and an analyst querying the warehouse file
from another process all the while never gets an error."""

import json
import subprocess
import sys

import pytest

from ai_artist_dagster.lib import paths
from ai_artist_dagster.lib.warehouse import Warehouse

pytestmark = pytest.mark.slow

ANALYST = """
import json, pathlib, sys, time
from ai_artist_dagster.lib.warehouse import Warehouse
wh, stop, report = Warehouse(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
ok, errors = 0, []
while not stop.exists():
    try:
        wh.query("SELECT count(*) AS n FROM piece_facts")
        ok += 1
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    time.sleep(0.2)
report.write_text(json.dumps({"ok": ok, "errors": errors}))
"""


def test_a_days_artists_run_at_once_in_worker_processes(tmp_path, monkeypatch):
    import dagster as dg

    from ai_artist_dagster.cli.cycle import OWNER_TAG, run_cycle

    monkeypatch.setenv("AI_ARTIST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.setenv("AI_ARTIST_ARTISTS_PER_DAY", "3")
    monkeypatch.setenv("AI_ARTIST_TEASER_SECONDS", "6")
    monkeypatch.delenv("AI_ARTIST_WAREHOUSE_PATH", raising=False)

    # An analyst in another process, querying every 0.2 s until the cycle is done.
    stop, report = tmp_path / "stop", tmp_path / "analyst.json"
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST, str(paths.warehouse_path()), str(stop), str(report)])
    try:
        result = run_cycle("2020-03-06", concurrency=2)
    finally:
        stop.touch()
        analyst.wait(timeout=120)
    reads = json.loads(report.read_text())
    assert reads["errors"] == [] and reads["ok"] >= 50, reads

    assert not result.failed, result.failed
    assert len(result.scheduled) == 3
    wh = Warehouse(paths.warehouse_path())
    for table in ("lyrics", "tracks", "videos", "reflections"):
        rows = wh.query(f"SELECT piece_id, count(*) AS n FROM {table} GROUP BY piece_id")
        assert len(rows) == 3 and all(r["n"] == 1 for r in rows), (table, rows)
    with dg.DagsterInstance.get() as instance:
        content = [
            r
            for r in instance.get_run_records(dg.RunsFilter(job_name="content_job"))
            if r.dagster_run.status == dg.DagsterRunStatus.SUCCESS
        ]
        releases = instance.get_run_records(dg.RunsFilter(job_name="release_job"))
    assert len(content) == 3 and len(releases) == 3
    assert len({r.dagster_run.tags[OWNER_TAG] for r in content}) >= 2  # executed by two worker processes
    # The planner is asked again as each run ends: the first piece's release does not wait for the
    # day's last piece (3 pieces on 2 workers: one worker is free while the third is made).
    first_release = min(r.start_time for r in releases if r.start_time)
    assert first_release < max(r.end_time for r in content if r.end_time)
