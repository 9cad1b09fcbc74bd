"""`ai-artist run` runs a day's artists at once in worker processes: every piece made once, by
more than one process, with no lost or duplicated rows."""

import pytest

from ai_artist_dagster.lib import paths
from ai_artist_dagster.lib.warehouse import Warehouse

pytestmark = pytest.mark.slow


def test_a_days_artists_run_at_once_in_worker_processes(tmp_path, monkeypatch):
    import dagster as dg

    from ai_artist_dagster.cli.cycle import OWNER_TAG, run_cycle

    monkeypatch.setenv("AI_ARTIST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.setenv("AI_ARTIST_ARTISTS_PER_DAY", "3")
    monkeypatch.setenv("AI_ARTIST_TEASER_SECONDS", "6")
    monkeypatch.delenv("AI_ARTIST_WAREHOUSE_PATH", raising=False)

    result = run_cycle("2020-03-06", concurrency=2)

    assert not result.failed, result.failed
    assert len(result.scheduled) == 3
    wh = Warehouse(paths.warehouse_path())
    for table in ("lyrics", "tracks", "videos", "reflections"):
        rows = wh.query(f"SELECT piece_id, count(*) AS n FROM {table} GROUP BY piece_id")
        assert len(rows) == 3 and all(r["n"] == 1 for r in rows), (table, rows)
    with dg.DagsterInstance.get() as instance:
        content = [
            r.dagster_run
            for r in instance.get_run_records(dg.RunsFilter(job_name="content_job"))
            if r.dagster_run.status == dg.DagsterRunStatus.SUCCESS
        ]
    assert len(content) == 3
    assert len({run.tags[OWNER_TAG] for run in content}) >= 2  # executed by two worker processes
