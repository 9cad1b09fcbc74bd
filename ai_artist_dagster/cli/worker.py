"""One worker process of `ai-artist run`: loads the definitions once, then executes the planned runs
it is sent, one at a time, against the shared Dagster instance ($DAGSTER_HOME).

Protocol (cli/workers.py): one JSON object per line on stdin ``{"job": …, "kwargs": {…}}``, one per
line back ``{"success": bool, "run_id": str}``. Everything else the run prints goes to stderr, so
nothing can corrupt a reply.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time


def _exit_with(parent: int) -> None:
    """End this worker when the `ai-artist run` that started it is gone (killed): its unfinished run
    is then failed by the next `ai-artist run` (its owner, this process, no longer exists)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def main() -> None:
    threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True).start()
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # prints (Python or C) go to stderr
    import dagster as dg

    from ai_artist_dagster.cli.cycle import execute_here, prepare_instance_home
    from ai_artist_dagster.definitions import defs as load_defs

    prepare_instance_home()
    defs = load_defs()
    with dg.DagsterInstance.get() as instance:
        for line in sys.stdin:
            request = json.loads(line)
            outcome = execute_here(defs.resolve_job_def(request["job"]), instance, **request["kwargs"])
            replies.write(json.dumps({"success": outcome.success, "run_id": outcome.run_id}) + "\n")
            replies.flush()


if __name__ == "__main__":
    main()
