"""Which process owns something (a temp file, a CLI run), whether that owner is gone, and how many
cores this process may use."""

from __future__ import annotations

import gc
import os
import socket


def host() -> str:
    """This machine's name, without dots (so it can sit inside a file name)."""
    return socket.gethostname().replace(".", "_")


def owner() -> str:
    """``<host>-<pid>`` of the current process."""
    return f"{host()}-{os.getpid()}"


def dead_here(owner_host: str, pid: int) -> bool:
    """True when ``pid`` ran on this host and no longer exists (another host's: unknown, False)."""
    if owner_host != host() or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity (a container's ``--cpuset-cpus``, a
    ``taskset``), not every core of the machine; where affinity is not to be had, the machine's."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def keep_loaded() -> None:
    """Take every object alive now (imported modules, loaded definitions) out of the garbage
    collector's sight for the rest of this process's life. A long-lived process never frees them,
    yet a full collection scans them each time, and once more at exit: ~1.7 s for a warmed worker's
    ~340,000 objects, paid after its last run. Call it once what the process keeps is loaded."""
    gc.collect()
    gc.freeze()
