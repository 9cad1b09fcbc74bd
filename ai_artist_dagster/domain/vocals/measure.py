"""How well the vocal stem sings its score: pYIN pitch against each note, voicing, and how loud the
voice sits against the band.

Each note is judged on its vowel: from 30 % of its length (after the glide) to where the next
syllable's leading consonants may begin (the last BORROW of it), less half an analysis frame — the
consonants and the glide are not the note. Its median measured pitch against the written one, in cents.
pYIN runs on the stem at 16 kHz with 20 ms hops and 32 ms frames (64 ms for a low voice) over
the score's range only, which keeps a two-minute stem to a few seconds.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from ai_artist_dagster.domain.vocals.intelligibility import Heard
from ai_artist_dagster.domain.vocals.melody import VocalScore
from ai_artist_dagster.domain.vocals.singing import BORROW
from ai_artist_dagster.lib.audio import to_mono

ANALYSIS_SR = 16_000
HOP = 320
FRAME_HALF_S = 0.016  # half of a 32 ms analysis frame


class PitchReport(BaseModel):
    notes: int
    measured: int  # notes with a voiced middle
    median_abs_cents: float
    within_50: float  # share of measured notes within 50 cents
    voiced: float  # share of notes voiced in their middle
    track: list[tuple[float, float]]  # (time s, MIDI) of voiced frames, for the piano roll

    @property
    def passed(self) -> bool:
        return self.median_abs_cents <= 25 and self.within_50 >= 0.9 and self.voiced >= 0.8


def pitch_report(stem: np.ndarray, sample_rate: int, score: VocalScore) -> PitchReport:
    import librosa
    from scipy import signal

    from ai_artist_dagster.lib.numba_cache import librosa_ready

    librosa_ready()  # numba's cache: loaded or compiled one process at a time

    mono = to_mono(stem)
    y = signal.resample_poly(mono, ANALYSIS_SR, sample_rate).astype(np.float32)
    fmin = float(librosa.midi_to_hz(score.low_midi - 3))
    f0, _, _ = librosa.pyin(
        y,
        fmin=fmin,
        fmax=float(librosa.midi_to_hz(score.high_midi + 3)),
        sr=ANALYSIS_SR,
        # 32 ms frames resolve a sixteenth at 150 bpm (64 ms frames smeared its neighbours into it);
        # a low voice needs two periods of its lowest note in a frame
        frame_length=512 if fmin >= 2.5 * ANALYSIS_SR / 512 else 1024,
        hop_length=HOP,
        resolution=0.1,
    )
    times = librosa.times_like(f0, sr=ANALYSIS_SR, hop_length=HOP)
    errors, voiced = [], 0
    for note in score.notes:
        a = note.onset_s + 0.3 * note.duration_s
        b = note.onset_s + (1 - BORROW) * note.duration_s - FRAME_HALF_S
        window = f0[(times >= a) & (times < b)]
        window = window[~np.isnan(window)]
        if len(window):
            voiced += 1
            errors.append(abs(float(np.median(1200 * np.log2(window / librosa.midi_to_hz(note.midi))))))
    cents = np.array(errors) if errors else np.array([np.inf])
    ok = ~np.isnan(f0)
    return PitchReport(
        notes=len(score.notes),
        measured=len(errors),
        median_abs_cents=round(float(np.median(cents)), 2),
        within_50=round(float(np.mean(cents < 50)), 3),
        voiced=round(voiced / max(1, len(score.notes)), 3),
        track=[
            (round(float(t), 2), round(float(librosa.hz_to_midi(f)), 2)) for t, f in zip(times[ok], f0[ok], strict=True)
        ][::2],
    )


def pitch_of_file(stem_path: str, score: VocalScore) -> PitchReport:
    """pitch_report on the stem at ``stem_path``: reads the file itself, so it can run in a process
    of its own (lib/background.py)."""
    from pathlib import Path

    from ai_artist_dagster.domain.audio_analysis import read_audio

    stem, rate = read_audio(Path(stem_path))
    return pitch_report(stem, rate, score)


PRESENCE_LU = 6.0  # the chorus vocal within this many LU of the instrumental: neither buried nor on top


class PresenceReport(BaseModel):
    """Is the voice there: voiced during its notes, level with the band in the chorus, and how much
    of it an offline recogniser understands (word error rate, reported, not judged)."""

    voiced: float  # share of notes voiced in their middle (from the pitch report)
    chorus_vocal_minus_instrumental_lu: float | None  # None: no chorus is sung
    word_error_rate: float | None
    lines: int  # distinct sung lines recognised (a sample of a long song: intelligibility.sample)
    of_lines: int = 0  # distinct sung lines in the song

    @property
    def passed(self) -> bool:
        lu = self.chorus_vocal_minus_instrumental_lu
        return self.voiced >= 0.8 and lu is not None and abs(lu) <= PRESENCE_LU


def presence_report(
    vocal: np.ndarray,
    instrumental: np.ndarray,
    sample_rate: int,
    score: VocalScore,
    chorus_spans: list[tuple[float, float]],
    voiced: float,
    heard: Heard | None = None,
) -> PresenceReport:
    """The voice's presence; ``heard``: what the recogniser understood (intelligibility.hear), when
    it listened."""
    from ai_artist_dagster.domain.composer.mixing import loudness_over

    sung = [
        (max(a, n.onset_s), min(b, n.onset_s + n.duration_s))
        for n in score.notes
        for a, b in chorus_spans
        if n.onset_s < b and n.onset_s + n.duration_s > a
    ]
    lu: float | None = None
    if sung:
        diff = loudness_over(vocal, sample_rate, sung) - loudness_over(instrumental, sample_rate, sung)
        lu = round(float(diff), 2) if np.isfinite(diff) else None
    return PresenceReport(
        voiced=voiced,
        chorus_vocal_minus_instrumental_lu=lu,
        word_error_rate=heard.word_error_rate if heard else None,
        lines=heard.lines if heard else 0,
        of_lines=heard.of_lines if heard else 0,
    )
