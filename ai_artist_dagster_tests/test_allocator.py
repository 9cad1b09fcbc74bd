"""The allocator setting every project process gets: large buffers come from the heap, where a
freed one is reused, instead of a memory map of their own that the kernel faults in again."""

import os
import subprocess
import sys

import pytest

# Where a song-sized buffer lives while it exists: glibc's mallinfo2() counts the bytes held in
# memory maps of their own (hblkhd) apart from the heap (arena).
PROGRAM = """
import ctypes
import numpy as np
import ai_artist_dagster  # noqa: F401  (the package sets the allocator up on import)

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

mallinfo2 = ctypes.CDLL(None).mallinfo2
mallinfo2.restype = MallInfo2
before = mallinfo2().hblkhd
buffer = np.ones(8_000_000)  # 64 MB: a 3-minute stereo float32 master
print(mallinfo2().hblkhd - before)
"""


def _mapped_bytes(env: dict[str, str]) -> int:
    out = subprocess.run([sys.executable, "-c", PROGRAM], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mallopt and mallinfo2 are glibc's")
def test_importing_the_package_keeps_large_buffers_in_the_heap():
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_MMAP_THRESHOLD_"}
    assert _mapped_bytes(env) == 0
    # glibc's own variable wins over the package's setting (here its default, 128 KiB): a map of its own
    assert _mapped_bytes(env | {"MALLOC_MMAP_THRESHOLD_": "131072"}) >= 64_000_000
