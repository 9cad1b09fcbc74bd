"""Instrument voices: short numpy signals, cached per (voice, pitch, length)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import signal

SR = 44_100


def _t(seconds: float) -> np.ndarray:
    return np.arange(int(seconds * SR), dtype=np.float32) / SR


def _adsr(n: int, attack: float, release: float) -> np.ndarray:
    env = np.ones(n, dtype=np.float32)
    a = min(n, max(1, int(attack * SR)))
    r = min(n - a, max(1, int(release * SR)))
    env[:a] = np.linspace(0, 1, a, dtype=np.float32)
    if r > 0:
        env[n - r :] *= np.linspace(1, 0, r, dtype=np.float32)
    return env


def _noise(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(n).astype(np.float32)


@lru_cache(maxsize=64)
def kick(punch: float = 1.0) -> np.ndarray:
    t = _t(0.4)
    freq = 45 + 110 * np.exp(-t * 28)
    phase = 2 * np.pi * np.cumsum(freq) / SR
    body = np.sin(phase) * np.exp(-t * 7)
    click = _noise(len(t), 1) * np.exp(-t * 400) * 0.3
    return ((body + click) * punch).astype(np.float32)


@lru_cache(maxsize=8)
def snare() -> np.ndarray:
    t = _t(0.25)
    noise = _noise(len(t), 2)
    b, a = signal.butter(2, [1500, 7000], btype="bandpass", fs=SR)
    rattle = signal.lfilter(b, a, noise).astype(np.float32) * np.exp(-t * 16)
    tone = np.sin(2 * np.pi * 190 * t) * np.exp(-t * 30)
    return (0.9 * rattle + 0.5 * tone).astype(np.float32)


@lru_cache(maxsize=8)
def hat(open_: bool = False) -> np.ndarray:
    t = _t(0.3 if open_ else 0.06)
    b, a = signal.butter(2, 7000, btype="highpass", fs=SR)
    noise = signal.lfilter(b, a, _noise(len(t), 3 + open_)).astype(np.float32)
    return (noise * np.exp(-t * (9 if open_ else 70)) * 0.5).astype(np.float32)


def _additive(freq: float, t: np.ndarray, harmonics: tuple[float, ...], detune: float = 0.0) -> np.ndarray:
    out = np.zeros_like(t)
    for i, amp in enumerate(harmonics, start=1):
        if freq * i * (1 + detune) < SR / 2.2:
            out += amp * np.sin(2 * np.pi * freq * i * (1 + detune) * t)
    return out


@lru_cache(maxsize=512)
def bass(freq: float, seconds: float, tone: str) -> np.ndarray:
    t = _t(seconds)
    harmonics = (1.0, 0.45, 0.25, 0.12) if tone == "warm" else (1.0, 0.6, 0.45, 0.3, 0.2, 0.12)
    wave = _additive(freq, t, harmonics)
    return (wave * _adsr(len(t), 0.005, 0.04) * np.exp(-t * 1.5)).astype(np.float32)


@lru_cache(maxsize=512)
def pad(freq: float, seconds: float) -> tuple[np.ndarray, np.ndarray]:
    """A soft detuned pad note as (left, right)."""
    t = _t(seconds)
    harmonics = (1.0, 0.5, 0.33, 0.22, 0.15)
    env = _adsr(len(t), min(0.35, seconds / 3), min(0.4, seconds / 3))
    left = _additive(freq, t, harmonics, detune=-0.003) * env
    right = _additive(freq, t, harmonics, detune=+0.003) * env
    return left.astype(np.float32), right.astype(np.float32)


@lru_cache(maxsize=512)
def lead(freq: float, seconds: float, tone: str) -> np.ndarray:
    t = _t(seconds)
    vibrato = 1 + 0.004 * np.sin(2 * np.pi * 5.5 * t) * np.clip(t * 3, 0, 1)
    phase = 2 * np.pi * freq * np.cumsum(vibrato) / SR
    if tone == "bright":
        wave = np.sin(phase) + 0.3 * np.sin(3 * phase) + 0.15 * np.sin(5 * phase)
    else:
        wave = np.sin(phase) + 0.2 * np.sin(2 * phase) + 0.08 * np.sin(3 * phase)
    return (wave * _adsr(len(t), 0.015, min(0.12, seconds / 2))).astype(np.float32)


@lru_cache(maxsize=4)
def reverb_ir(seconds: float = 1.6, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """A decorrelated stereo impulse response of exponentially decaying noise."""
    t = _t(seconds)
    decay = np.exp(-t * 4.2)
    left = _noise(len(t), seed) * decay
    right = _noise(len(t), seed + 1) * decay
    scale = 1.0 / np.sqrt(np.sum(left**2))
    return (left * scale).astype(np.float32), (right * scale).astype(np.float32)


@lru_cache(maxsize=512)
def keys(freq: float, seconds: float) -> np.ndarray:
    """An electric-piano-like tone: bright attack, upper partials dying first."""
    t = _t(seconds)
    out = np.zeros_like(t)
    for i, (amp, decay) in enumerate(((1.0, 2.5), (0.5, 4.0), (0.25, 6.0), (0.12, 9.0)), start=1):
        if freq * i < SR / 2.2:
            out += amp * np.sin(2 * np.pi * freq * i * t) * np.exp(-t * decay)
    return (out * _adsr(len(t), 0.004, min(0.08, seconds / 3))).astype(np.float32)


@lru_cache(maxsize=16)
def tom(freq: float) -> np.ndarray:
    t = _t(0.35)
    phase = 2 * np.pi * np.cumsum(freq * (1 + 0.5 * np.exp(-t * 30))) / SR
    return (np.sin(phase) * np.exp(-t * 9)).astype(np.float32)
