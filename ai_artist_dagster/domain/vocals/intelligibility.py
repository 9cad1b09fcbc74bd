"""How intelligible the singing is: an offline recogniser (pocketsphinx, BSD, its en-US model ships
in the wheel) transcribes sung lines with no hint of the lyrics, and the word error rate is
measured against them; the same lines as Festival speaks them give the baseline.

The recogniser runs at about a quarter of realtime on this machine's cores, so a song is judged on
a sample: its distinct lines spread evenly over the song, up to SAMPLE_AUDIO_S of singing (all of
a short song). Narrower search beams would be faster but hear worse — on the 2020-03-06 song they
doubled the error rate of the same lines spoken by Festival (0.17 → 0.34) — so the beams stay."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel

from ai_artist_dagster.domain.vocals.melody import VocalScore
from ai_artist_dagster.domain.vocals.synced import lines_of
from ai_artist_dagster.lib.audio import to_mono


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def word_error_rate(reference: Sequence[str], hypothesis: Sequence[str]) -> float:
    """Levenshtein distance over words / reference length."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, start=1):
        current = [i]
        for j, hyp in enumerate(hypothesis, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1] / max(1, len(reference))


def recognise(audio: np.ndarray, sample_rate: int, decoder: Any = None) -> str:
    """What pocketsphinx hears in ``audio`` (mono or stereo float); pass a decoder to reuse its model."""
    from scipy import signal

    mono = to_mono(audio)
    pcm = (np.clip(signal.resample_poly(mono, 16_000, sample_rate), -1, 1) * 32767).astype(np.int16)
    decoder = decoder or _decoder()
    decoder.start_utt()
    decoder.process_raw(pcm.tobytes(), full_utt=True)
    decoder.end_utt()
    return decoder.hyp().hypstr if decoder.hyp() else ""


def _decoder() -> Any:
    from pocketsphinx import Decoder

    return Decoder(loglevel="FATAL")


def line_wer(clips: Sequence[tuple[str, np.ndarray, int]]) -> float:
    """WER over (lyric line, its audio, rate) clips, pooled over all their words."""
    decoder = _decoder()
    refs, hyps = [], []
    for text, audio, rate in clips:
        refs += words(text)
        hyps += words(recognise(audio, rate, decoder))
    return word_error_rate(refs, hyps)


SAMPLE_AUDIO_S = 45.0


def sample(clips: Sequence[tuple[str, np.ndarray, int]], budget_s: float = SAMPLE_AUDIO_S) -> list:
    """Lines spread evenly over ``clips`` (in song order) whose audio fits ``budget_s``; at least one."""
    seconds = [len(audio) / rate for _, audio, rate in clips]
    if sum(seconds) <= budget_s:
        return list(clips)
    k = max(1, int(budget_s / (sum(seconds) / len(clips))))
    picked = sorted({round(i * (len(clips) - 1) / max(1, k - 1)) for i in range(k)}) if k > 1 else [0]
    return [clips[i] for i in picked]


def sung_lines(stem: np.ndarray, sample_rate: int, score: VocalScore) -> list[tuple[str, np.ndarray, int]]:
    """Each distinct sung line as (text, its audio from 0.2 s before its first word to 0.3 s after its last, rate)."""
    clips: dict[str, tuple[str, np.ndarray, int]] = {}
    for line in lines_of(score):
        text = " ".join(w for _, _, w in line)
        a, b = int(max(0.0, line[0][0] - 0.2) * sample_rate), int((line[-1][1] + 0.3) * sample_rate)
        clips.setdefault(text, (text, stem[a:b], sample_rate))
    return list(clips.values())


class Heard(BaseModel):
    """What the recogniser understood of a song: the word error rate over its sample of lines."""

    word_error_rate: float | None  # None: nothing sung
    lines: int  # distinct sung lines heard (the sample)
    of_lines: int  # distinct sung lines in the song


def hear(stem_path: str, score: VocalScore) -> Heard:
    """The recogniser on the sample of ``score``'s distinct lines, cut from the vocal stem at
    ``stem_path``. Reads the file itself, so it can run in a process of its own (lib/background.py)
    while the song's other measurements go on."""
    from ai_artist_dagster.domain.audio_analysis import read_audio

    stem, rate = read_audio(Path(stem_path))
    every = sung_lines(stem, rate, score)
    clips = sample(every)
    return Heard(
        word_error_rate=round(line_wer(clips), 3) if clips else None,
        lines=len(clips),
        of_lines=len(every),
    )
