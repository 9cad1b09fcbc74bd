"""Audio fingerprints for the pre-delivery gate: is a new release a near-copy of one already out?

A fingerprint is the song's pitch-class profile every half second (12 values per frame: the
chroma of the second around it, centred and scaled to unit length, stored as bytes). Two songs are
compared frame by frame at the best alignment — shifted up to ``MAX_SHIFT_S`` against each other,
rotated through all twelve keys, at the speeds of a resampled pitch shift — so a re-upload that is
trimmed, padded, re-encoded, turned down or transposed still matches; their similarity is the mean
correlation of the aligned frames.
Distinct songs share a key and chords, not the harmony and melody of every half second in order:
docs/releases.md gives the measured spread.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ai_artist_dagster.lib.audio import to_mono

FRAME_S = 0.5
WINDOW_S = 1.0
MAX_SHIFT_S = 10.0
MIN_OVERLAP = 0.5  # of the shorter song
# A pitch-shift by resampling also changes speed (a semitone up: 6 % faster): compare at those speeds.
SPEEDS = tuple(2 ** (k / 12) for k in (-2, -1, 0, 1, 2))
SCALE = 127.0


def fingerprint_samples(audio: np.ndarray, sr: int) -> bytes:
    """The fingerprint of decoded audio (samples, or samples × channels)."""
    from ai_artist_dagster.domain.audio_dsp import chroma_frames, halve_rate

    mono = to_mono(audio).astype(np.float32, copy=False)
    while sr > 24_000 and sr % 2 == 0:  # 44.1/48 kHz → 22.05/24 kHz: chroma needs nothing above 5 kHz
        mono, sr = halve_rate(mono), sr // 2
    n_fft, hop = 4096, 2048
    fine = chroma_frames(mono, sr, n_fft=n_fft, hop=hop)  # 12 × frames every ~90 ms
    per_frame = hop / sr
    # each fingerprint frame averages WINDOW_S around its time, every FRAME_S: smooth enough that two
    # copies sampled at different phases (trimmed by a fraction of a frame, resampled) still agree
    step, width = FRAME_S / per_frame, max(1, round(WINDOW_S / per_frame))
    sums = np.concatenate([np.zeros((12, 1)), np.cumsum(fine, axis=1)], axis=1)
    starts = (np.arange(0, fine.shape[1] - width + 1, step)).astype(int)
    chroma = ((sums[:, starts + width] - sums[:, starts]) / width).T  # frames × 12
    centred = chroma - chroma.mean(axis=1, keepdims=True)
    unit = centred / (np.linalg.norm(centred, axis=1, keepdims=True) + 1e-9)
    return np.round(unit * SCALE).astype(np.int8).tobytes()


def fingerprint_file(path: Path) -> bytes:
    from ai_artist_dagster.domain.audio_analysis import read_audio

    return fingerprint_samples(*read_audio(path))


def _frames(fp: bytes) -> np.ndarray:
    return np.frombuffer(fp, dtype=np.int8).reshape(-1, 12).astype(np.float32) / SCALE


def _stretched(frames: np.ndarray, factor: float) -> np.ndarray:
    """``frames`` played ``factor`` times faster (linear interpolation between frames)."""
    if factor == 1.0:
        return frames
    at = np.arange(0, len(frames) - 1, factor)
    low = np.floor(at).astype(int)
    frac = (at - low)[:, None].astype(np.float32)
    return frames[low] * (1 - frac) + frames[np.minimum(low + 1, len(frames) - 1)] * frac


def similarity(a: bytes, b: bytes) -> float:
    """Mean correlation of the two songs' aligned frames at the best shift, key rotation and speed, in
    [-1, 1] (1: the same harmony and melody every half second). Songs that overlap too little score 0."""
    fa, fb = _frames(a), _frames(b)
    if min(len(fa), len(fb)) < 2:
        return 0.0
    max_shift = int(MAX_SHIFT_S / FRAME_S)
    rotations = (np.arange(12)[None, :] - np.arange(12)[:, None]) % 12  # [r, i]: the bin of b that i meets
    best = 0.0
    for factor in SPEEDS:
        xb_all = _stretched(fb, factor)
        shortest = min(len(fa), len(xb_all))
        for shift in range(-max_shift, max_shift + 1):
            xa = fa[max(0, shift) :]
            xb = xb_all[max(0, -shift) :]
            n = min(len(xa), len(xb))
            if n < MIN_OVERLAP * shortest:
                continue
            # correlations of every pitch class of a with every one of b; rotation r pairs i with i - r
            pairs = xa[:n].T @ xb[:n]
            scores = pairs[np.arange(12)[None, :], rotations].sum(axis=1) / n
            best = max(best, float(scores.max()))
    return best
