"""The worker processes of `ai-artist run`: up to ``n`` planned runs at once, each worker its own
Python process (synthesis and rendering use its core) that loads the definitions once.

With an object store for media (AI_ARTIST_MEDIA_URL) and a shared warehouse (DuckLake, or an
explicit warehouse file), each worker gets its own empty working directory and data directory: the
workers share no local disk, as containers on different machines would not. A worker that dies
mid-run (killed, out of memory) fails that run clearly in the Dagster instance and is replaced for
the next one; the run is planned again by the next `ai-artist run`.
"""

from __future__ import annotations

import heapq
import itertools
import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ai_artist_dagster.lib import media, paths, warehouse

PLANNED_TAG = "ai_artist/planned"


@dataclass
class Planned:
    job: str
    label: str
    kwargs: dict
    rank: int = 0  # lower goes first among runs waiting for a worker


@dataclass
class Outcome:
    label: str
    success: bool
    run_id: str
    error: str = ""


def isolated() -> bool:
    """Whether workers can run without the coordinator's disk: media in an object store and the
    warehouse in DuckLake (the DuckDB file is on this disk)."""
    return media.configured().remote and warehouse.configured().lake is not None


class Worker:
    """One worker process, started ahead (WorkerPool.start) or on first use, and again after it died."""

    def __init__(self, index: int, root: Path | None) -> None:
        self.index = index
        self.root = root  # its own working directory when isolated
        self.proc: subprocess.Popen[str] | None = None
        self.used = False  # has been sent a run

    def start(self) -> subprocess.Popen[str]:
        """The worker's process, started now unless it is running."""
        if self.proc is None or self.proc.poll() is not None:
            self.proc = self._start()
        return self.proc

    def _start(self) -> subprocess.Popen[str]:
        env = dict(os.environ)
        cwd = None
        if self.root is not None:
            self.root.mkdir(parents=True, exist_ok=True)
            cwd, env["AI_ARTIST_DATA_DIR"] = str(self.root), str(self.root / "data")
        return subprocess.Popen(
            [sys.executable, "-m", "ai_artist_dagster.cli.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=cwd,
            env=env,
        )

    def execute(self, planned: Planned) -> Outcome:
        proc = self.start()
        self.used = True
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(json.dumps({"job": planned.job, "kwargs": planned.kwargs}) + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
        except (BrokenPipeError, OSError):
            line = ""
        if line:
            reply = json.loads(line)
            return Outcome(planned.label, reply["success"], reply["run_id"])
        code = proc.wait()
        how = f"signal {-code}" if code < 0 else f"exit code {code}"
        return Outcome(planned.label, False, "", f"worker {self.index} (pid {proc.pid}) ended with {how}")

    def close(self) -> None:
        if self.proc and self.proc.poll() is None:
            assert self.proc.stdin is not None
            if not self.used:  # started ahead and never needed: no run to finish, no warm-up to wait for
                self.proc.terminate()
            self.proc.stdin.close()
            self.proc.wait()


class WorkerPool:
    """``n`` workers taking planned runs from one queue."""

    def __init__(self, n: int) -> None:
        root = paths.data_dir() / "workers" if isolated() else None
        self.workers = [Worker(i, root / str(i) if root else None) for i in range(n)]
        self.started = False

    def start(self, n: int) -> None:
        """Start ``n`` workers now: each loads the definitions and what a piece needs (librosa's
        compiled functions, the media modules) while the caller does the day's first, serial work,
        so no run waits for that. Runs then go to workers even when one is all there is to do."""
        for worker in self.workers[:n]:
            worker.start()
        self.started = True

    def run_as_due(
        self,
        due: Callable[[], list[Planned]],
        instance,
        run_here: Callable[[Planned], Outcome],
        started: Callable[[str], None] = lambda label: None,
    ) -> list[Outcome]:
        """Execute what ``due()`` plans, asking it again each time a run ends, until nothing is due
        and nothing runs. A worker that comes free gets the waiting run of lowest rank once the
        planner has been asked, so the cycle finishes what it started (a made piece's release
        before the next piece) and a short warehouse run rarely waits for another's pool slot. A
        run that is the only thing to do, when no worker was started ahead, executes through
        ``run_here`` (this process: no worker to start). A run whose worker died is failed in
        ``instance``."""
        inbox = {w.index: queue.Queue[Planned | None]() for w in self.workers}
        ended: queue.Queue[tuple[Worker, Outcome]] = queue.Queue()

        def serve(worker: Worker) -> None:
            while (planned := inbox[worker.index].get()) is not None:
                started(planned.label)
                try:
                    outcome = worker.execute(planned)
                except Exception as exc:  # a garbled reply: the run is failed below, the cycle goes on
                    outcome = Outcome(planned.label, False, "", f"worker {worker.index}: {type(exc).__name__}: {exc}")
                if outcome.error:
                    outcome.run_id = fail_abandoned(instance, planned, outcome.error)
                ended.put((worker, outcome))

        threads = [threading.Thread(target=serve, args=(w,), daemon=True) for w in self.workers]
        for thread in threads:
            thread.start()
        free = list(reversed(self.workers))
        waiting: list[tuple[int, int, Planned]] = []  # a heap: (rank, first come, run)
        order = itertools.count()
        outcomes: list[Outcome] = []

        def plan_again() -> None:
            for planned in due():
                heapq.heappush(waiting, (planned.rank, next(order), planned))

        try:
            plan_again()
            while waiting or len(free) < len(self.workers):
                if len(waiting) == 1 and len(free) == len(self.workers) and not self.started:
                    outcomes.append(run_here(heapq.heappop(waiting)[2]))
                else:
                    while free and waiting:
                        inbox[free.pop().index].put(heapq.heappop(waiting)[2])
                    worker, outcome = ended.get()
                    free.append(worker)
                    outcomes.append(outcome)
                plan_again()
        finally:
            for box in inbox.values():  # on Ctrl-C the workers stop after their current run
                box.put(None)
            for thread in threads:
                thread.join()
        return outcomes

    def close(self) -> None:
        for worker in self.workers:
            worker.close()


def fail_abandoned(instance, planned: Planned, reason: str) -> str:
    """Mark the unfinished run of ``planned`` failed (its worker died) and free its pool slots."""
    import dagster as dg

    key = planned.kwargs.get("tags", {}).get(PLANNED_TAG)
    unfinished = [dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]
    records = instance.get_run_records(dg.RunsFilter(statuses=unfinished, tags={PLANNED_TAG: key})) if key else []
    for record in records:
        instance.report_run_failed(record.dagster_run, message=f"{reason} during this run; run `ai-artist run` again")
        instance.event_log_storage.free_concurrency_slots_for_run(record.dagster_run.run_id)
    return records[0].dagster_run.run_id if records else f"not started: {reason}"
