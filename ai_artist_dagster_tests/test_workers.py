"""The scheduler of `ai-artist run`'s worker pool: the planner is asked again as each run ends, a free
worker takes the waiting run of lowest rank, and a lone run executes in the CLI's own process (unless workers were started ahead)."""

import threading
import time

from ai_artist_dagster.cli import workers
from ai_artist_dagster.cli.workers import Outcome, Planned, WorkerPool


def test_runs_start_as_they_become_due_lowest_rank_first(monkeypatch, tmp_path):
    monkeypatch.setenv("AI_ARTIST_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("AI_ARTIST_MEDIA_URL", raising=False)
    lock = threading.Lock()
    log: list[tuple[str, str]] = []  # (where, label) in the order runs started

    def execute(self, planned: Planned) -> Outcome:
        with lock:
            log.append((f"worker {self.index}", planned.label))
        time.sleep(0.3 if planned.label.startswith("piece") else 0.05)
        with lock:
            finished.add(planned.label)
        return Outcome(planned.label, True, planned.label)

    monkeypatch.setattr(workers.Worker, "execute", execute)
    # A day of three artists as the planner sees it: a piece is due once its profile is made, a
    # release once its piece is, and the day ends with one cost report alone.
    finished: set[str] = set()
    handed: set[str] = set()

    def due() -> list[Planned]:
        with lock:
            done = set(finished)
        wanted = []
        for artist in "abc":
            wanted.append(Planned("p", f"profile {artist}", {}, rank=2))
            if f"profile {artist}" in done:
                wanted.append(Planned("c", f"piece {artist}", {}, rank=1))
            if f"piece {artist}" in done:
                wanted.append(Planned("r", f"release {artist}", {}, rank=0))
        if all(f"release {a}" in done for a in "abc"):
            wanted.append(Planned("x", "report", {}))
        new = [p for p in wanted if p.label not in handed]
        handed.update(p.label for p in new)
        return new

    def run_here(planned: Planned) -> Outcome:
        with lock:
            log.append(("here", planned.label))
            finished.add(planned.label)
        return Outcome(planned.label, True, planned.label)

    pool = WorkerPool(2)
    outcomes = pool.run_as_due(due, instance=None, run_here=run_here)

    labels = [label for _, label in log]
    assert sorted(labels) == sorted(
        [f"{kind} {a}" for kind in ("profile", "piece", "release") for a in "abc"] + ["report"]
    )
    assert len(outcomes) == 10 and all(o.success for o in outcomes)
    # piece a went to the worker freed by profile a ahead of the waiting profile c (rank 1 before 2)
    assert labels.index("piece a") < labels.index("profile c")
    # the first release did not wait for the last piece: the planner was asked again as piece a ended
    assert labels.index("release a") < labels.index("piece c")
    assert log[-1] == ("here", "report")  # nothing else to do: no worker needed
    assert {where for where, label in log if label.startswith("profile")} == {"worker 0", "worker 1"}


def test_workers_started_ahead_take_even_a_lone_run_and_unused_ones_are_stopped(monkeypatch, tmp_path):
    """`ai-artist run` starts as many workers as the day has pieces before its first jobs, so they load
    while those run; a run then goes to a (warm) worker even when it is the only one, and a worker
    that was never needed is stopped at the end rather than waited for."""
    import subprocess
    import sys

    monkeypatch.setenv("AI_ARTIST_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("AI_ARTIST_MEDIA_URL", raising=False)
    # a stand-in worker that is still "warming up": it reads nothing for a minute
    monkeypatch.setattr(
        workers.Worker,
        "_start",
        lambda self: subprocess.Popen(
            [sys.executable, "-c", "import time; time.sleep(60)"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        ),
    )

    def execute(self, planned: Planned) -> Outcome:
        self.used = True
        return Outcome(planned.label, True, f"worker {self.index}")

    monkeypatch.setattr(workers.Worker, "execute", execute)
    pool = WorkerPool(3)
    pool.start(2)
    assert [w.proc is not None for w in pool.workers] == [True, True, False]
    pending = [Planned("c", "the only piece", {})]
    outcomes = pool.run_as_due(lambda: [pending.pop()] if pending else [], instance=None, run_here=lambda p: 1 / 0)
    assert [o.run_id for o in outcomes] == ["worker 0"]
    began = time.monotonic()
    pool.workers[0].used = False  # neither stand-in will read its stdin: both must be stopped, not awaited
    pool.close()
    assert time.monotonic() - began < 10
    assert all(w.proc is not None and w.proc.returncode is not None for w in pool.workers[:2])
