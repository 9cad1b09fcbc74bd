"""What a listener hears of the arrangement, measured on the master: loudness per section (chorus
over verse), when the drums come in, and the longest stretch of bars that sound alike.

- Section loudness: integrated LUFS of each section (domain/loudness.py, BS.1770); chorus − verse is the mean of the
  choruses minus the mean of the verses.
- Drums: the first bar whose low band (40–120 Hz) or high band (6–12 kHz) carries percussive
  onsets — a spectral-flux peak on a beat — counted from 1.
- Sameness: each bar becomes a vector (mean log-mel spectrum + chroma, each standardised); a bar
  repeats when it is near-identical (cosine ≥ 0.985) to the bar 1, 2 or 4 bars before it (a loop
  of up to a 4-chord cycle); the longest run of repeating bars, plus the cycle it repeats.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from ai_artist_dagster.domain.loudness import integrated_loudness
from ai_artist_dagster.lib.audio import to_mono
from ai_artist_dagster.lib.schemas import SectionTiming

SAME_BAR = 0.985


class ArrangementReport(BaseModel):
    section_lufs: list[tuple[str, float]]
    chorus_minus_verse_db: float | None
    drums_from_bar: int | None
    longest_same_bars: int
    bars: int

    @property
    def passed(self) -> bool:
        return (
            (self.chorus_minus_verse_db is None or self.chorus_minus_verse_db >= 3.0)
            and self.drums_from_bar is not None
            and self.drums_from_bar <= 2
            and self.longest_same_bars <= 8
        )


def _bar_vectors(mono: np.ndarray, sr: int, bar_s: float, n_bars: int) -> np.ndarray:
    import librosa

    from ai_artist_dagster.lib.numba_cache import librosa_ready

    librosa_ready()  # numba's cache: loaded or compiled one process at a time

    hop = 1024
    mel = librosa.power_to_db(librosa.feature.melspectrogram(y=mono, sr=sr, n_fft=2048, hop_length=hop, n_mels=48))
    # tuning=0: our songs are rendered at A = 440 Hz, so librosa's tuning estimate (piptrack over the
    # whole song, 0.2-0.9 s) would only find what we already know
    chroma = librosa.feature.chroma_stft(y=mono, sr=sr, n_fft=4096, hop_length=hop, tuning=0.0)
    frames_per_bar = bar_s * sr / hop
    out = []
    for b in range(n_bars):
        a, z = int(b * frames_per_bar), int((b + 1) * frames_per_bar)
        if z <= a or z > mel.shape[1]:
            break
        m = mel[:, a:z].mean(axis=1)
        c = chroma[:, a:z].mean(axis=1)
        out.append(np.concatenate([(m - m.mean()) / (m.std() + 1e-9), 2 * (c - c.mean()) / (c.std() + 1e-9)]))
    return np.array(out)


def _longest_run(vectors: np.ndarray) -> int:
    """Bars in the longest stretch that loops: a run of bars each near-identical to the bar 1, 2 or
    4 before it, plus the cycle it repeats (a 4-bar loop heard twice is 8 bars)."""
    n = len(vectors)
    norm = vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12)
    lag_of = np.zeros(n, dtype=int)  # the shortest lag a bar repeats at (0: it does not)
    for lag in (4, 2, 1):
        if n > lag:
            same = np.sum(norm[lag:] * norm[:-lag], axis=1) >= SAME_BAR
            lag_of[lag:][same] = lag
    best, run, cycle = min(n, 1), 0, 0
    for lag in lag_of:
        run, cycle = (run + 1, max(cycle, lag)) if lag else (0, 0)
        best = max(best, run + cycle)
    return min(best, n)


def _drums_from_bar(mono: np.ndarray, sr: int, bar_s: float, beat_s: float) -> int | None:
    """The first bar (from 1) with percussive onsets on the beat in the kick or the hi-hat band."""
    from scipy import signal

    firsts = []
    for band, per_bar in (((40, 120), 3), ((6000, 12000), 2)):  # a bass note is one low onset a bar; a beat is more
        sos = signal.butter(4, band, btype="bandpass", fs=sr, output="sos")
        env = np.abs(signal.sosfilt(sos, mono))
        hop = int(0.01 * sr)
        frames = env[: len(env) // hop * hop].reshape(-1, hop).mean(axis=1)
        flux = np.maximum(0, np.diff(frames, prepend=frames[:1]))
        hits = np.flatnonzero(flux > 0.25 * np.percentile(flux, 99.5)) * 0.01
        on_beat = [t for t in hits if abs(t / beat_s - round(t / beat_s)) * beat_s < 0.03]
        bars = np.bincount([int(t // bar_s) for t in on_beat]) if on_beat else np.array([])
        busy = np.flatnonzero(bars >= per_bar)
        if len(busy):
            firsts.append(int(busy[0]) + 1)
    return min(firsts) if firsts else None


def measure_arrangement(
    audio: np.ndarray, sr: int, sections: list[SectionTiming], tempo_bpm: float
) -> ArrangementReport:
    mono = to_mono(audio).astype(np.float32, copy=False)
    per_section = []
    for s in sections:
        clip = audio[int(s.start_s * sr) : int(s.end_s * sr)]
        lufs = integrated_loudness(clip, sr) if len(clip) > sr else float("-inf")
        per_section.append((s.label, round(lufs, 2)))
    verse = [v for (label, v), s in zip(per_section, sections, strict=True) if s.kind == "verse" and np.isfinite(v)]
    chorus = [v for (label, v), s in zip(per_section, sections, strict=True) if s.kind == "chorus" and np.isfinite(v)]
    diff = round(float(np.mean(chorus) - np.mean(verse)), 2) if verse and chorus else None
    beat_s = 60.0 / tempo_bpm
    bar_s = 4 * beat_s
    n_bars = int(len(mono) / sr / bar_s)
    vectors = _bar_vectors(mono, sr, bar_s, n_bars)
    return ArrangementReport(
        section_lufs=per_section,
        chorus_minus_verse_db=diff,
        drums_from_bar=_drums_from_bar(mono, sr, bar_s, beat_s),
        longest_same_bars=_longest_run(vectors),
        bars=len(vectors),
    )
