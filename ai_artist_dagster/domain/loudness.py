"""Integrated loudness (ITU-R BS.1770-4, LUFS) in numpy alone.

The same K-weighting as pyloudnorm's default meter (RBJ high shelf +4 dB at 1.5 kHz, Q 1/√2;
high-pass at 38 Hz, Q 0.5) and the standard gating: 400 ms blocks with 75 % overlap, absolute gate
−70 LUFS, relative gate −10 LU. Every block is four 100 ms segments, so the K-weighted energy of
each segment is taken from its spectrum (Parseval, weighted by the filters' |H(f)|²) and blocks
are sums of four. Agrees with pyloudnorm's time-domain filtering to ~0.002 LU on composed songs
and ~0.01 LU on a soft-limited master (tests hold it within 0.05), runs in ~0.3 s for a 2-minute stereo track, and avoids importing scipy.signal
(~1.5 s in a fresh process). Mastering, the mix's section loudness and the arrangement measure use
it too, ~2.4× faster than pyloudnorm on a 3-minute master; pyloudnorm is the tests' reference.
"""

from __future__ import annotations

import numpy as np

SEGMENT_S = 0.1  # the block hop (400 ms blocks, 75 % overlap)
SEGMENTS_PER_BLOCK = 4
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0


def _biquad(kind: str, gain_db: float, q: float, fc: float, rate: int) -> tuple[list[float], list[float]]:
    """RBJ cookbook coefficients (b, a), as pyloudnorm builds them."""
    amp = 10 ** (gain_db / 40.0)
    w0 = 2.0 * np.pi * fc / rate
    alpha, cos = np.sin(w0) / (2.0 * q), np.cos(w0)
    if kind == "high_shelf":
        s = 2 * np.sqrt(amp) * alpha
        b = [
            amp * ((amp + 1) + (amp - 1) * cos + s),
            -2 * amp * ((amp - 1) + (amp + 1) * cos),
            amp * ((amp + 1) + (amp - 1) * cos - s),
        ]
        a = [(amp + 1) - (amp - 1) * cos + s, 2 * ((amp - 1) - (amp + 1) * cos), (amp + 1) - (amp - 1) * cos - s]
        return b, a
    return [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2], [1 + alpha, -2 * cos, 1 - alpha]  # high-pass


def k_weighting_power(n: int, rate: int) -> np.ndarray:
    """|H(f)|² of the K-weighting filters at the ``n//2 + 1`` frequencies of an ``n``-point rFFT."""
    z = np.exp(-1j * np.linspace(0, np.pi * (n // 2) * 2 / n, n // 2 + 1))
    power = np.ones(n // 2 + 1)
    stages: tuple[tuple[str, float, float, float], ...] = (
        ("high_shelf", 4.0, 1 / np.sqrt(2), 1500.0),
        ("high_pass", 0.0, 0.5, 38.0),
    )
    for kind, gain_db, q, fc in stages:
        b, a = _biquad(kind, gain_db, q, fc, rate)
        power *= np.abs((b[0] + b[1] * z + b[2] * z**2) / (a[0] + a[1] * z + a[2] * z**2)) ** 2
    return power


def integrated_loudness(audio: np.ndarray, rate: int) -> float:
    """LUFS of (samples,) or (samples, channels) stereo/mono audio; -inf for silence."""
    audio = audio.reshape(len(audio), -1)
    step = round(SEGMENT_S * rate)
    segments = len(audio) // step
    if segments < SEGMENTS_PER_BLOCK:
        raise ValueError(f"audio shorter than one {SEGMENTS_PER_BLOCK * SEGMENT_S * 1000:.0f} ms gating block")
    weights = k_weighting_power(step, rate) * 2.0  # rFFT bins stand for two (±f), except DC and Nyquist
    weights[0] /= 2
    if step % 2 == 0:
        weights[-1] /= 2
    segment_energy = np.zeros(segments)
    for ch in range(audio.shape[1]):  # BS.1770 channel weights are 1.0 for left and right
        spectrum = np.fft.rfft(audio[: segments * step, ch].astype(np.float32).reshape(segments, step), axis=1)
        segment_energy += (np.abs(spectrum) ** 2 @ weights) / step
    blocks = round((len(audio) / rate - SEGMENTS_PER_BLOCK * SEGMENT_S) / SEGMENT_S) + 1
    cumulative = np.concatenate([[0.0], np.cumsum(segment_energy)])
    first = np.arange(blocks)
    energy = cumulative[np.minimum(first + SEGMENTS_PER_BLOCK, segments)] - cumulative[np.minimum(first, segments)]
    energy /= SEGMENTS_PER_BLOCK * step
    with np.errstate(divide="ignore"):
        loudness = -0.691 + 10 * np.log10(energy)
    above = energy[loudness >= ABSOLUTE_GATE]
    if not len(above):
        return float("-inf")
    relative = -0.691 + 10 * np.log10(above.mean()) + RELATIVE_GATE
    kept = energy[(loudness > relative) & (loudness > ABSOLUTE_GATE)]
    return float(-0.691 + 10 * np.log10(kept.mean()))
