"""Crash-safe file writes: write a temp file beside the target, then rename over it.

Temp names carry their writer (`.<name>.<host>-<pid>.tmp<suffix>`), so a process killed
mid-write leaves a leftover the next writer in that folder can recognise and remove: its
owner is gone from this host, or it has not been touched for an hour (another container's).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from ai_artist_dagster.lib import processes

STALE_AFTER_S = 3600
_TEMP = re.compile(r"^\..+\.(?P<host>[^.]+)-(?P<pid>\d+)\.tmp(\.[^.]+)?$")


def sweep_stale_temps(folder: Path, stale_after_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove temp files and folders in ``folder`` left by writers that died."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for entry in folder.iterdir():
        match = _TEMP.match(entry.name)
        if match is None:
            continue
        with contextlib.suppress(FileNotFoundError):
            if (
                processes.dead_here(match["host"], int(match["pid"]))
                or time.time() - entry.stat().st_mtime > stale_after_s
            ):
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
                removed.append(entry)
    return removed


def temp_sibling(path: Path) -> Path:
    """A temp path next to ``path`` (same filesystem, so os.replace is atomic); leftovers of
    dead writers in that folder are removed first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_temps(path.parent)
    return path.with_name(f".{path.stem}.{processes.owner()}.tmp{path.suffix}")


def link_or_copy(source: Path, target: Path) -> str:
    """Put ``source``'s bytes at ``target`` (a fresh path) as a hard link — one copy on disk — or as a
    copy where the filesystem cannot link (another device, no link support). Safe because no file here
    is ever changed in place: every writer writes a temp file and renames it, so a later rewrite of
    ``source`` gets a new inode and the linked release keeps the bytes it was packaged with.
    Returns "link" or "copy"."""
    try:
        os.link(source, target)
        return "link"
    except OSError:
        shutil.copyfile(source, target)
        return "copy"


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temp path beside ``path`` to write inside the block: on success it replaces ``path``; on any
    error (a full disk, a failed encoder) it is removed at once, so nothing is left for a later sweep."""
    tmp = temp_sibling(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(tmp) if tmp.is_dir() else tmp.unlink()
        raise


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    with replacing(path) as tmp:
        tmp.write_bytes(data)
    return path


def atomic_write_text(path: Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def machine_lock(name: str) -> Iterator[None]:
    """Held by one process of this machine at a time (an flock on a file in the temp folder; where
    flock is missing, not held)."""
    import tempfile

    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    with open(Path(tempfile.gettempdir()) / f"ai-artist-{name}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
