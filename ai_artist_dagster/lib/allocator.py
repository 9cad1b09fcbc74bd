"""Keep the audio pipeline's large arrays in the heap instead of fresh memory maps.

glibc serves an allocation above its mmap threshold (128 KiB, raised as large blocks are freed, at
most 32 MiB) with a new memory map and unmaps it on free, so every seconds-long buffer the song,
its stems and their measurements allocate (a 3-minute stereo float64 master is 95 MB) is faulted
in page by page and zeroed by the kernel again. Raising the threshold lets freed buffers be reused:
the tracks step of a 206-s song spent 13.2 s of system time on that; with it, 5.8 s (wall 52.9 s
→ 45.3 s, peak memory 1.81 → 1.91 GB; docs/benchmarks.md). Only glibc has ``mallopt``; elsewhere,
or when the operator set glibc's own MALLOC_MMAP_THRESHOLD_, nothing changes.
"""

from __future__ import annotations

import ctypes
import os

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number
HEAP_UP_TO = 1 << 30  # allocations below 1 GiB come from the heap


def reuse_large_buffers() -> bool:
    """Raise glibc's mmap threshold for this process; True when it took effect."""
    if os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this interpreter runs on
    except (OSError, AttributeError):  # not glibc (musl, macOS)
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, HEAP_UP_TO))
