"""The two measurements the critic takes itself: clipping on the master and whether the teaser's
captions show while the words are sung."""

from __future__ import annotations

import numpy as np

from ai_artist_dagster.domain.vocals.melody import VocalScore
from ai_artist_dagster.lib.audio import to_mono

FULL_SCALE = 0.999


def clipped_share(audio: np.ndarray) -> float:
    """Share of samples at full scale (a limiter at −1 dBFS leaves none)."""
    return float(np.mean(np.abs(audio) >= FULL_SCALE)) if audio.size else 0.0


def captions_sung(
    vocal: np.ndarray, sample_rate: int, score: VocalScore, start_s: float, length_s: float
) -> float | None:
    """Of the words the teaser captions (those sung inside its window), the share during which the
    vocal stem is audible — within 20 dB of its typical sung level. None when the window has no words."""
    mono = to_mono(vocal)
    words = [(a, b) for a, b, _, _ in score.words() if start_s <= a and b <= start_s + length_s]
    if not words:
        return None
    levels = []
    for a, b in words:
        clip = mono[int(a * sample_rate) : max(int(a * sample_rate) + 1, int(b * sample_rate))]
        levels.append(float(np.sqrt(np.mean(clip.astype(np.float64) ** 2))) if clip.size else 0.0)
    if max(levels) <= 0:
        return 0.0
    typical = float(np.median(levels))
    reference = typical if typical > 1e-5 else max(levels)
    floor = max(reference * 10 ** (-20 / 20), 1e-4)
    return round(sum(lv >= floor for lv in levels) / len(levels), 3)
