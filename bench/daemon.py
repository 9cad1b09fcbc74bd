"""A day launched through the daemon (as the UI or GraphQL launches it) against the same day run by
`ai-artist run`, in fresh directories each, in one bench run.

Through the daemon: `dagster job launch` queues the day's `daily_cycle_job` partition, the daemon's
run coordinator launches it in a new process (DefaultRunLauncher), and the cycle sensor then requests
the new artist's profile and the piece's content run. Compared: each job's run time (start → end in
the instance's run records), which is what the executor decides; the waits between runs are the
sensor's 30 s interval and are not counted.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dagster as dg

ROOT = Path(__file__).resolve().parents[1]
DATE = "2020-03-06"
JOBS = ("daily_cycle_job", "content_job")
Row = tuple[str, str, str, str]


def _env(root: Path) -> dict[str, str]:
    return os.environ | {
        "AI_ARTIST_DATA_DIR": str(root / "data"),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "DO_NOT_TRACK": "1",
    }


def _run_seconds(home: Path) -> dict[str, float]:
    """Run time of each job's successful run in the instance at ``home``."""
    os.environ["DAGSTER_HOME"] = str(home)
    with dg.DagsterInstance.get() as instance:
        records = instance.get_run_records(dg.RunsFilter(statuses=[dg.DagsterRunStatus.SUCCESS]))
        return {r.dagster_run.job_name: r.end_time - r.start_time for r in records if r.start_time and r.end_time}


def _cli(root: Path) -> dict[str, float]:
    subprocess.run(
        [sys.executable, "-m", "ai_artist_dagster.cli.main", "run", "--date", DATE],
        env=_env(root),
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return _run_seconds(root / "dagster_home")


def _daemon(root: Path, timeout_s: float = 900) -> dict[str, float]:
    env = _env(root)
    home = root / "dagster_home"
    home.mkdir(parents=True)
    shutil.copyfile(ROOT / "dagster.yaml", home / "dagster.yaml")
    history = (
        "from ai_artist_dagster.cli.cycle import execute_here; from ai_artist_dagster.definitions import defs;"
        "import dagster as dg; i = dg.DagsterInstance.get();"
        "execute_here(defs().resolve_job_def('chart_history_job'), i, tags={"
        "'dagster/asset_partition_range_start': '2020-02-28', 'dagster/asset_partition_range_end': '2020-03-05'})"
    )
    subprocess.run([sys.executable, "-c", history], env=env, cwd=ROOT, check=True, capture_output=True)
    log = (root / "daemon.log").open("wb")
    daemon = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster-daemon"), "run", "-w", "workspace.yaml"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        launch = ["job", "launch", "-w", "workspace.yaml", "-j", "daily_cycle_job"]
        subprocess.run(
            [str(Path(sys.executable).parent / "dagster"), *launch, "--tags", json.dumps({"dagster/partition": DATE})],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            done = _run_seconds(home)
            if all(job in done for job in JOBS):
                return done
            time.sleep(5)
        raise TimeoutError(f"the daemon did not finish {JOBS} in {timeout_s:.0f} s; see {root / 'daemon.log'}")
    finally:
        os.killpg(daemon.pid, 15)
        daemon.wait(timeout=60)


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        cli = _cli(Path(tmp) / "cli")
        daemon = _daemon(Path(tmp) / "daemon")
    rows = []
    for job in JOBS:
        ratio = daemon[job] / cli[job]
        rows.append(
            (
                f"{job} {DATE} launched through the daemon (`dagster job launch`, DefaultRunLauncher, fresh dirs)",
                f"{daemon[job]:.1f} s run time",
                f"{ratio:.2f}× the CLI's run (bar ≤ 1.3×)",
                f"the same job in `ai-artist run` (same bench run): {cli[job]:.1f} s",
            )
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
