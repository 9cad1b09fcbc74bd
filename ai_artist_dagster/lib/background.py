"""Work a step hands to a process of its own, so the step's other work goes on meanwhile on another
core: a song's recogniser (pocketsphinx holds Python's lock, so a thread would not help) runs while
the step encodes, analyses and measures the rest.

A child is started only when a core is spare: over a tenth of a second, the cores this process may
run on sat idle for at least 0.6 of a core beyond the one this process gives back while it sleeps
to take the sample. A day of one artist gets its second core, while a day whose workers already
keep every core busy (or a process pinned to one core) does the work in the step's own process and
spares the child's start (~1 s of imports) and the fight for its own core.

The child is a fresh interpreter running this module (``python -m ai_artist_dagster.lib.background``):
it imports only the function's module — never the caller's main script, which multiprocessing's
spawn would import again (a script that materializes at top level would run twice). The call goes
in and the value comes back by pickle. If the child cannot start or dies, the work runs in this
process instead and a warning says why: the step's result never depends on the second process.
"""

from __future__ import annotations

import importlib
import logging
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from ai_artist_dagster.lib.processes import usable_cores

T = TypeVar("T")
log = logging.getLogger(__name__)


class ChildFailed(RuntimeError):
    """The child process ended without a value (killed, out of memory, a broken interpreter)."""


SAMPLE_S = 0.1  # how long the CPUs are watched to see whether one is idle
SPARE = 0.6  # of a core, idle beyond this process's own, for a child to be worth starting


def _cpu_jiffies() -> dict[int, tuple[int, int]]:
    """Per CPU: (idle + iowait, all) time since boot, from /proc/stat (Linux)."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            name, *fields = line.split()
            if name.startswith("cpu") and name[3:].isdigit():
                values = [int(v) for v in fields]
                out[int(name[3:])] = (values[3] + values[4], sum(values[:8]))  # up to steal: guests are in user
    return out


def idle_cores(interval: float = SAMPLE_S) -> float:
    """How many of the cores this process may run on were idle over the last ``interval`` seconds."""
    cores = os.sched_getaffinity(0)
    before = _cpu_jiffies()
    time.sleep(interval)
    after = _cpu_jiffies()
    idle = 0.0
    for cpu in cores & after.keys() & before.keys():
        total = after[cpu][1] - before[cpu][1]
        idle += (after[cpu][0] - before[cpu][0]) / total if total > 0 else 0.0
    return idle


def spare_core() -> bool:
    """Whether a core this process may run on, other than its own, is idle now (sampled for
    SAMPLE_S: the caller sleeps meanwhile, so its own core counts as idle and is taken off); where
    /proc/stat is not to be had, whether the 1-minute load average leaves one."""
    if usable_cores() < 2:  # pinned to one core: nothing to look at
        return False
    try:
        return idle_cores() - 1.0 >= SPARE
    except (OSError, AttributeError):  # not Linux
        try:
            return os.getloadavg()[0] < usable_cores() - 0.5
        except OSError:
            return False


class InChild(Generic[T]):
    """``fn(*args)`` started in a child process (``child``: always, never, or None: when a core is
    spare); ``result()`` waits for it, or runs it here. ``fn`` must be a module-level function and
    ``args`` picklable."""

    def __init__(
        self,
        fn: Callable[..., T],
        *args: object,
        what: str,
        warn: Callable[[str], None] = log.warning,
        child: bool | None = None,
    ) -> None:
        self._fn, self._args, self.what, self._warn = fn, args, what, warn
        self._proc: subprocess.Popen[bytes] | None = None
        self._call = ""
        self._done = False
        if spare_core() if child is None else child:
            self._start()

    def start_if_spare(self) -> bool:
        """A second look, just before the work is needed: start the child now if it was not started
        and a core has come free meanwhile (the day's other worker finished its last piece), so the
        caller can do other work here while it runs. Whether a child is running."""
        if self._proc is None and not self._done and spare_core():
            self._start()
        return self._proc is not None

    def _start(self) -> None:
        fd, self._call = tempfile.mkstemp(prefix="ai-artist-call-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump((self._fn.__module__, self._fn.__qualname__, self._args), out)
            self._proc = subprocess.Popen(
                [sys.executable, "-m", __name__, self._call], stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        except OSError as exc:  # no process to be had (limits, memory)
            self._fallback(exc)

    def _fallback(self, exc: BaseException) -> None:
        self._warn(f"{self.what}: the child process failed ({type(exc).__name__}: {exc}); running it here instead")

    def result(self) -> T:
        """The function's value; an error the function raised is raised here, as if it ran here."""
        self._done = True
        try:
            if self._proc is not None:
                out, err = self._proc.communicate()
                if self._proc.returncode == 0:
                    ok, value = pickle.loads(out)
                    if ok:
                        return value
                    raise value
                tail = err.decode(errors="replace").strip().splitlines()[-1:] or [""]
                self._fallback(ChildFailed(f"exit {self._proc.returncode} {tail[0]}".strip()))
            return self._fn(*self._args)
        finally:
            if self._call:
                os.unlink(self._call)


def _serve(call_path: str) -> None:
    """In the child: run the pickled call, write (ok, value or exception) to stdout as a pickle."""
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever the work prints (a C library's log) goes to stderr, not into the reply
    with open(call_path, "rb") as f:
        module, name, args = pickle.load(f)
    try:
        reply = (True, getattr(importlib.import_module(module), name)(*args))
    except Exception as exc:  # the function's own error: raised again in the parent
        reply = (False, exc)
    with replies:
        replies.write(pickle.dumps(reply))


if __name__ == "__main__":
    _serve(sys.argv[1])
