"""Measure a rendered track: tempo and beats (librosa's algorithms in numpy, see audio_dsp), key
(chroma + Krumhansl profiles), integrated loudness (ITU-R BS.1770 in numpy, see loudness), peak,
duration and a spectral summary. Only numpy and soundfile are imported for 44.1 kHz audio, so a
cold analysis is mostly compute (figures in docs/benchmarks.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from ai_artist_dagster.domain.loudness import integrated_loudness
from ai_artist_dagster.domain.music_theory import NOTE_NAMES, Mode
from ai_artist_dagster.lib.audio import to_mono

ANALYSIS_SR = 22_050
# Krumhansl-Kessler key profiles.
_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


@dataclass(frozen=True)
class AudioAnalysis:
    duration_s: float
    sample_rate: int
    channels: int
    tempo_bpm: float
    beat_times: list[float]
    key: int
    mode: Mode
    key_confidence: float
    integrated_lufs: float
    peak_dbfs: float
    spectral_centroid_hz: float

    @property
    def key_name(self) -> str:
        return f"{NOTE_NAMES[self.key]} {self.mode}"


def tempo_matches(measured: float, target: float, tolerance: float = 0.04) -> bool:
    """True when ``measured`` is ``target``, its half or its double, within a relative tolerance."""
    return any(abs(measured - target * f) <= tolerance * target * f for f in (0.5, 1.0, 2.0))


def estimate_key(chroma_mean: np.ndarray) -> tuple[int, Mode, float]:
    best: tuple[float, int, Mode] = (-2.0, 0, "major")
    for tonic in range(12):
        for mode, profile in (("major", _MAJOR), ("minor", _MINOR)):
            r = float(np.corrcoef(chroma_mean, np.roll(profile, tonic))[0, 1])
            if r > best[0]:
                best = (r, tonic, mode)  # type: ignore[assignment]
    return best[1], best[2], best[0]


def read_audio(path: Path) -> tuple[np.ndarray, int]:
    """(samples × channels float32, sample rate) of an audio file soundfile can read."""
    audio, sr = sf.read(str(path), dtype="float32", always_2d=True)
    return audio, int(sr)


def analyze_audio(path: Path, start_bpm: float | None = None) -> AudioAnalysis:
    return analyze_samples(*read_audio(path), start_bpm=start_bpm)


def analyze_samples(audio: np.ndarray, sr: int, start_bpm: float | None = None) -> AudioAnalysis:
    """Measure decoded audio (samples, or samples × channels)."""
    from ai_artist_dagster.domain import audio_dsp

    audio = audio.reshape(len(audio), -1).astype(np.float32, copy=False)
    loudness = integrated_loudness(audio, sr)
    peak = float(20 * np.log10(np.max(np.abs(audio)) + 1e-12))
    mono = to_mono(audio)
    if sr == 2 * ANALYSIS_SR:
        mono = audio_dsp.halve_rate(mono)
    elif sr != ANALYSIS_SR:
        from scipy import signal  # other rates: ~1.5 s of import, so only when needed

        mono = signal.resample_poly(mono, ANALYSIS_SR, sr).astype(np.float32)
    onset = audio_dsp.onset_strength(mono, ANALYSIS_SR)
    tempo = audio_dsp.estimate_tempo(onset, ANALYSIS_SR, start_bpm or 120.0)
    beats = audio_dsp.track_beats(onset, ANALYSIS_SR, tempo)
    key, mode, confidence = estimate_key(audio_dsp.chroma_mean(mono, ANALYSIS_SR))
    centroid = audio_dsp.spectral_centroid(mono, ANALYSIS_SR)
    return AudioAnalysis(
        duration_s=len(audio) / sr,
        sample_rate=int(sr),
        channels=audio.shape[1],
        tempo_bpm=round(tempo, 2),
        beat_times=[round(float(b), 4) for b in beats],
        key=key,
        mode=mode,
        key_confidence=round(confidence, 3),
        integrated_lufs=float(loudness),
        peak_dbfs=peak,
        spectral_centroid_hz=centroid,
    )
