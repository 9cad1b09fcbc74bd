"""Loudness normalisation to a LUFS target with a soft limiter keeping peaks under a ceiling."""

from __future__ import annotations

import numpy as np

from ai_artist_dagster.domain.loudness import integrated_loudness


def _soft_limit(audio: np.ndarray, ceiling: float) -> np.ndarray:
    knee = 0.7 * ceiling
    magnitude = np.abs(audio)
    over = magnitude > knee
    limited = audio.copy()
    span = ceiling - knee
    limited[over] = np.sign(audio[over]) * (knee + span * np.tanh((magnitude[over] - knee) / span))
    return limited


def master(
    audio: np.ndarray, sample_rate: int, target_lufs: float = -14.0, ceiling_db: float = -1.0
) -> tuple[np.ndarray, float, float]:
    """Return (mastered audio, integrated LUFS, peak dBFS): gain to target, limit, re-measure."""
    ceiling = 10 ** (ceiling_db / 20)
    out = audio.astype(np.float64)
    loudness = integrated_loudness(out, sample_rate)
    for _ in range(4):
        out = _soft_limit(out * 10 ** ((target_lufs - loudness) / 20), ceiling)
        loudness = integrated_loudness(out, sample_rate)
        if abs(loudness - target_lufs) < 0.1:
            break
    peak_db = float(20 * np.log10(np.max(np.abs(out)) + 1e-12))
    return out.astype(np.float32), float(loudness), peak_db
