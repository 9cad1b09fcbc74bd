"""The proof that the project runs on many machines: one day of six artists through `ai-artist run`
with three worker processes that share no local disk — each works in its own empty directory — and
share only what a deployment shares: the Dagster instance on PostgreSQL (deploy/dagster.lake.yaml,
its Docker launcher swapped for the CLI's workers), the warehouse on DuckLake (catalog in
PostgreSQL, Parquet in S3) and media in S3 (a local moto server). One worker is killed mid-run: its
run fails clearly, the next `ai-artist run` makes that piece, and nothing is made or delivered twice.

Skips when no PostgreSQL answers on 127.0.0.1:5432 — except under CI=true, where it fails."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from ai_artist_dagster.lib.lake import LakeSettings
from ai_artist_dagster.lib.warehouse import Warehouse
from ai_artist_dagster_tests.services import S3_KEYS, documented_queries, lake_deployment

pytestmark = pytest.mark.slow
DATE, ARTISTS, WORKERS = "2020-03-06", 6, 3
PIECE_TABLES = ("lyrics", "tracks", "videos", "reflections", "releases")


@pytest.fixture
def deployment(tmp_path):
    with lake_deployment(tmp_path, "the multi-worker test") as env:
        env |= {
            "AI_ARTIST_ARTISTS_PER_DAY": str(ARTISTS),
            "AI_ARTIST_VOICE": "none",  # instrumentals: the storage is under test here, not the singing
            "AI_ARTIST_TEASER_SECONDS": "4",
        }
        yield env, tmp_path


def _cli(env: dict, cwd: Path) -> subprocess.Popen[str]:
    cwd.mkdir(exist_ok=True)
    command = [str(Path(sys.executable).parent / "ai-artist"), "run", "--date", DATE, "--concurrency", str(WORKERS)]
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _workers_of(pid: int) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(pid), "-f", "ai_artist_dagster.cli.worker"], capture_output=True, text=True
    )
    return [int(p) for p in found.stdout.split()]


def _content_runs(instance: dg.DagsterInstance, status: dg.DagsterRunStatus) -> list[dg.DagsterRun]:
    records = instance.get_run_records(dg.RunsFilter(job_name="content_job", statuses=[status]))
    return [r.dagster_run for r in records]


def test_three_workers_without_shared_disk_make_a_day_and_survive_a_killed_worker(deployment, monkeypatch):
    env, tmp = deployment
    for key in ("DAGSTER_HOME", "DAGSTER_POSTGRES_USER", "DAGSTER_POSTGRES_HOST", "DAGSTER_POSTGRES_PORT"):
        monkeypatch.setenv(key, env[key])
    monkeypatch.setenv("DAGSTER_POSTGRES_PASSWORD", "")
    monkeypatch.setenv("DAGSTER_POSTGRES_DB", env["DAGSTER_POSTGRES_DB"])

    # 1. The day with three workers; one is killed once every worker is making a piece.
    first = _cli(env, tmp / "cwd1")
    killed = None
    with dg.DagsterInstance.get() as instance:
        deadline = time.monotonic() + 900
        while killed is None and first.poll() is None and time.monotonic() < deadline:
            if len(_content_runs(instance, dg.DagsterRunStatus.STARTED)) >= WORKERS:
                time.sleep(3)  # well inside the piece
                killed = _workers_of(first.pid)[0]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.5)
        output, _ = first.communicate(timeout=1800)
        assert killed is not None, output
        assert first.returncode == 1, output
        assert f"(pid {killed}) ended with signal 9" in " ".join(output.split()), output
        [failed] = instance.get_run_records(
            dg.RunsFilter(job_name="content_job", statuses=[dg.DagsterRunStatus.FAILURE])
        )
        lost = failed.dagster_run.tags["dagster/partition"]

        # 2. The next run makes the lost piece (and releases it); nothing else is redone.
        second = _cli(env, tmp / "cwd2")
        output, _ = second.communicate(timeout=1800)
        assert second.returncode == 0, output
        made = _content_runs(instance, dg.DagsterRunStatus.SUCCESS)
        assert sorted(r.tags["dagster/partition"] for r in made).count(lost) == 1
        assert len(made) == ARTISTS
        workers = {r.tags["ai_artist/cli_owner"] for r in made}
        assert len(workers) >= WORKERS  # three workers and the second run's process

    # Every piece once, every release delivered once, by the lake's own account ...
    wh = Warehouse("unused", lake=LakeSettings(env["AI_ARTIST_DUCKLAKE_CATALOG"], env["AI_ARTIST_DUCKLAKE_DATA_PATH"]))
    for key, value in S3_KEYS.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AI_ARTIST_S3_ENDPOINT_URL", env["AI_ARTIST_S3_ENDPOINT_URL"])
    for table in PIECE_TABLES:
        rows = wh.query(f"SELECT piece_id, count(*) AS n FROM {table} GROUP BY piece_id")
        assert len(rows) == ARTISTS and {r["n"] for r in rows} == {1}, (table, rows)
    codes = wh.query(
        "SELECT count(DISTINCT isrc) AS isrc, count(DISTINCT video_isrc) AS v, count(DISTINCT upc) AS upc FROM releases"
    )
    assert codes == [{"isrc": ARTISTS, "v": ARTISTS, "upc": ARTISTS}]
    delivered = wh.query("SELECT release_id, status, remote_path FROM deliveries")
    assert len(delivered) == ARTISTS and {d["status"] for d in delivered} == {"delivered"}

    # ... and by the files: media in the bucket, batches at the distributor, none on a shared disk.
    import s3fs

    s3 = s3fs.S3FileSystem(endpoint_url=env["AI_ARTIST_S3_ENDPOINT_URL"])
    for track in wh.query("SELECT piece_id, wav_path, mp3_path FROM tracks"):
        assert track["wav_path"].startswith("s3://ai-artist/media/pieces/"), track
        assert s3.size(track["wav_path"]) > 1_000_000 and s3.size(track["mp3_path"]) > 100_000
    for release in wh.query("SELECT path FROM releases"):
        assert any(p.endswith(".xml") for p in s3.find(release["path"])), release
    batches = [Path(d["remote_path"]).parent for d in delivered]
    assert all(any(b.glob("BatchComplete_*.xml")) for b in batches) and len(set(batches)) == ARTISTS
    assert len(list((tmp / "distributor").iterdir())) == ARTISTS
    # the documented starting point for analysts agrees, and every documented query runs on the lake
    facts = wh.query("SELECT count(*) AS n, count(release_id) AS released FROM piece_facts WHERE date = ?", [DATE])
    assert facts == [{"n": ARTISTS, "released": ARTISTS}]
    statements = documented_queries()
    assert len(statements) >= 13 and all(isinstance(wh.query(s), list) for s in statements)
    worker_dirs = sorted((tmp / "coordinator" / "workers").iterdir())
    assert len(worker_dirs) == WORKERS
    assert not list(tmp.rglob("*.duckdb")), "the warehouse is the lake: no DuckDB file anywhere"
