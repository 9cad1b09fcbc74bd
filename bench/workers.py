"""Many workers: one day of four artists through `ai-artist run` on the deployment's storage (Dagster
on PostgreSQL, DuckLake catalog on PostgreSQL with Parquet in S3, media in S3 — a local moto server),
with one worker and with two. Each run starts from fresh databases, bucket and directories.

Gives throughput with 2 workers ÷ with 1 (bar ≥ 1.7×), CPU time ÷ wall time with 2 (bar ≥ 1.6), and
artist-days per hour per worker for the capacity table in docs/deployment.md.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTISTS = 4
Row = tuple[str, str, str, str]


def day(workers: int) -> tuple[float, float]:
    """(wall s, CPU s of the CLI and its workers) of the day with ``workers`` at once, the CLI and its
    workers pinned to as many cores (the databases and the S3 server are not pinned)."""
    from ai_artist_dagster_tests.services import lake_deployment

    tmp = Path(tempfile.mkdtemp(prefix=f"bench-workers-{workers}-"))
    with lake_deployment(tmp, "the workers bench") as env:
        cli = Path(sys.executable).with_name("ai-artist")
        command = [str(cli), "run", "--date", "2020-03-06", "--artists", str(ARTISTS), "--concurrency", str(workers)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        cores = set(range(workers))
        subprocess.run(
            command,
            check=True,
            cwd=tmp,
            env=env,
            capture_output=True,
            preexec_fn=lambda: os.sched_setaffinity(0, cores),
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run() -> list[Row]:
    one, cpu_one = day(1)
    two, cpu_two = day(2)
    cores = os.cpu_count()  # of the machine
    return [
        (
            f"{ARTISTS}-artist day on the deployment's storage (PostgreSQL instance, DuckLake on PostgreSQL + S3, "
            "media in S3), 1 worker pinned to 1 core",
            f"{one:.1f} s",
            f"{ARTISTS * 3600 / one:.0f} artist-days per hour",
            f"CPU ÷ wall {cpu_one / one:.2f}",
        ),
        (
            f"the same day, 2 workers (`--concurrency 2`, each its own directory) pinned to 2 of {cores} cores",
            f"{two:.1f} s",
            f"throughput {one / two:.2f}× one worker (bar ≥ 1.7×)",
            f"CPU ÷ wall {cpu_two / two:.2f} (bar ≥ 1.6); {ARTISTS * 3600 / two:.0f} artist-days per hour",
        ),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for row in run():
        print(" | ".join(row))
