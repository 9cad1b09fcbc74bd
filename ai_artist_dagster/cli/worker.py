"""One worker process of `ai-artist run`: loads the definitions and what a piece needs once, then
executes the planned runs it is sent, one at a time, against the shared Dagster instance
($DAGSTER_HOME).

Protocol (cli/workers.py): one JSON object per line on stdin ``{"job": …, "kwargs": {…}}``, one per
line back ``{"success": bool, "run_id": str}``. Everything else the run prints goes to stderr, so
nothing can corrupt a reply.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import threading
import time

# What a piece's steps import on first use (numpy/scipy signal code, the composer, matplotlib, the
# recogniser, the video renderer): loaded before the first run is sent, not inside it.
PIECE_MODULES = (
    "ai_artist_dagster.providers.music.offline",
    "ai_artist_dagster.defs.content.vocals",
    "ai_artist_dagster.domain.composer.arrangement_measure",
    "ai_artist_dagster.domain.cover",
    "ai_artist_dagster.domain.critic",
    "ai_artist_dagster.domain.vocals.intelligibility",
    "ai_artist_dagster.domain.video.render",
    "ai_artist_dagster.lib.plots",
    "matplotlib.pyplot",
)


def _exit_with(parent: int) -> None:
    """End this worker when the `ai-artist run` that started it is gone (killed): its unfinished run
    is then failed by the next `ai-artist run` (its owner, this process, no longer exists)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def warm() -> None:
    """Load what a piece needs, librosa's compiled functions included (lib/numba_cache.py). A module
    that fails here is reported once and left to the run that needs it, which fails clearly."""
    from ai_artist_dagster.lib.numba_cache import librosa_ready

    try:
        for name in PIECE_MODULES:
            importlib.import_module(name)
        librosa_ready()
    except Exception as exc:
        print(
            f"worker {os.getpid()}: warming up failed ({type(exc).__name__}: {exc}); runs load it themselves",
            file=sys.stderr,
        )


def main() -> None:
    threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True).start()
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # prints (Python or C) go to stderr
    import dagster as dg

    from ai_artist_dagster.cli.cycle import execute_here, prepare_instance_home
    from ai_artist_dagster.definitions import defs as load_defs
    from ai_artist_dagster.lib import processes

    prepare_instance_home()
    defs = load_defs()
    warm()
    processes.keep_loaded()
    with dg.DagsterInstance.get() as instance:
        for line in sys.stdin:
            request = json.loads(line)
            outcome = execute_here(defs.resolve_job_def(request["job"]), instance, **request["kwargs"])
            replies.write(json.dumps({"success": outcome.success, "run_id": outcome.run_id}) + "\n")
            replies.flush()


if __name__ == "__main__":
    main()
