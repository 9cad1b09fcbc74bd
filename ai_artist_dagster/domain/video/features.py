"""Per-video-frame audio features: loudness envelope, spectrum bands and beat pulse."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class FrameFeatures:
    energy: np.ndarray  # (frames,) 0..1
    bands: np.ndarray  # (frames, n_bands) 0..1
    pulse: np.ndarray  # (frames,) 0..1, 1 on a beat, decaying
    bar_index: np.ndarray  # (frames,) int, which bar (4 beats) the frame is in


def _attack_release(envelope: np.ndarray, fps: float, release_s: float = 0.25) -> np.ndarray:
    """Rise at once, fall slowly: a level meter's ballistics, so the visuals do not jitter."""
    decay = float(np.exp(-1.0 / (release_s * fps)))
    out = np.empty_like(envelope)
    level = 0.0
    for i, value in enumerate(envelope):
        level = max(float(value), level * decay)
        out[i] = level
    return out


def frame_features(
    mono: np.ndarray, sr: int, fps: float, n_frames: int, beat_times: list[float], offset_s: float, n_bands: int = 24
) -> FrameFeatures:
    hop = sr / fps
    n_fft = 2048
    padded = np.pad(mono, (n_fft, n_fft + int(hop) * 2))
    starts = (np.arange(n_frames) * hop).astype(np.int64) + n_fft // 2
    windows = padded[starts[:, None] + np.arange(n_fft)[None, :]] * np.hanning(n_fft).astype(np.float32)
    spectrum = np.abs(np.fft.rfft(windows, axis=1))
    energy = np.sqrt(np.mean(windows**2, axis=1))
    edges = np.unique(np.geomspace(2, spectrum.shape[1] - 1, n_bands + 1).astype(int))
    bands = np.stack([spectrum[:, a:b].mean(axis=1) for a, b in itertools.pairwise(edges)], axis=1)
    bands = np.log1p(bands)
    bands = (bands - bands.min(axis=0)) / (np.ptp(bands, axis=0) + 1e-9)
    energy = _attack_release(energy / (np.percentile(energy, 98) + 1e-9), fps)

    times = offset_s + np.arange(n_frames) / fps
    beats = np.asarray(beat_times or [offset_s], dtype=np.float64)
    idx = np.clip(np.searchsorted(beats, times, side="right") - 1, 0, len(beats) - 1)
    since = np.clip(times - beats[idx], 0, None)
    pulse = np.exp(-since / 0.12)
    return FrameFeatures(
        energy=np.clip(energy, 0, 1).astype(np.float32),
        bands=bands.astype(np.float32),
        pulse=pulse.astype(np.float32),
        bar_index=(idx // 4).astype(np.int64),
    )
