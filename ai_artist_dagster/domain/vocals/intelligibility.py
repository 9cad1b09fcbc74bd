"""How intelligible the singing is: an offline recogniser (pocketsphinx, BSD, its en-US model ships
in the wheel) transcribes each sung line with no hint of the lyrics, and the word error rate is
measured against them; the same lines as Festival speaks them give the baseline."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np


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


def recognise(audio: np.ndarray, sample_rate: int) -> str:
    """What pocketsphinx hears in ``audio`` (mono or stereo float)."""
    from pocketsphinx import Decoder
    from scipy import signal

    mono = audio.mean(axis=1) if audio.ndim == 2 else audio
    pcm = (np.clip(signal.resample_poly(mono, 16_000, sample_rate), -1, 1) * 32767).astype(np.int16)
    decoder = Decoder(loglevel="FATAL")
    decoder.start_utt()
    decoder.process_raw(pcm.tobytes(), full_utt=True)
    decoder.end_utt()
    return decoder.hyp().hypstr if decoder.hyp() else ""


def line_wer(clips: Sequence[tuple[str, np.ndarray, int]]) -> float:
    """WER over (lyric line, its audio, rate) clips, pooled over all their words."""
    refs, hyps = [], []
    for text, audio, rate in clips:
        refs += words(text)
        hyps += words(recognise(audio, rate))
    return word_error_rate(refs, hyps)
