"""librosa's numba functions, compiled into numba's cache once and safely.

librosa caches its compiled functions beside itself (site-packages/librosa/**/__pycache__). Processes
that compile and write that cache while others load it leave entries that crash every later load
(a segfault in a cached gufunc: seen on a fresh clone when several test processes measured songs at
once, and reproduced with four processes on an empty cache). So the first use in a process goes
through ``librosa_ready()``: one process of the machine at a time runs the functions the project
uses (pYIN, chroma with its tuning estimate, the mel spectrogram) on a short tone; it either loads
them from the finished cache or compiles and writes them whole. `make setup` and the Docker image
run it once at install (``python -m ai_artist_dagster.lib.numba_cache``).
"""

from __future__ import annotations

import numpy as np

from ai_artist_dagster.lib.files import machine_lock

_READY = False
# numba compiles a function once per argument *type* (here float32 or float64 arrays), not per value: a
# short tone at any rate, frame and hop reaches every compiled function the project's analyses
# (domain/vocals/measure.py, domain/composer/arrangement_measure.py) call, whatever their settings.
RATE = 16_000


def librosa_ready() -> None:
    """Load (or compile once) the librosa numba functions this project calls; cheap after the first."""
    global _READY
    if _READY:
        return
    import librosa

    tone = (0.5 * np.sin(2 * np.pi * 220 * np.arange(RATE) / RATE)).astype(np.float32)
    with machine_lock("numba-cache"):
        for frame in (512, 1024):  # both of pitch_report's frame sizes, to be sure of every code path
            librosa.pyin(tone, fmin=100.0, fmax=400.0, sr=RATE, frame_length=frame, hop_length=320, resolution=0.1)
        for y in (tone, tone.astype(np.float64)):  # a master read as float32, a mix kept in float64
            librosa.feature.chroma_stft(y=y, sr=RATE, n_fft=4096, hop_length=512)
            librosa.feature.melspectrogram(y=y, sr=RATE, n_fft=2048, hop_length=512, n_mels=48)
    _READY = True


if __name__ == "__main__":
    librosa_ready()
