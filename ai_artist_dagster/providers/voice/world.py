"""The offline singing voice: Festival speaks each lyric line (an HTS voice, with phone timings),
WORLD re-times and re-pitches it onto the score (domain/vocals/singing.py)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import signal

from ai_artist_dagster.domain.vocals.melody import VocalScore
from ai_artist_dagster.domain.vocals.song import render_stem, sing_with
from ai_artist_dagster.domain.vocals.syllables import Line
from ai_artist_dagster.lib.schemas import VocalIdentity
from ai_artist_dagster.providers.voice import festival
from ai_artist_dagster.providers.voice.base import VoiceProvider

# WORLD's analysis costs grow with the rate; 24 kHz keeps the voice's band (to 12 kHz) at half the cost of 32.
WORLD_RATE = 24_000


class FestivalWorldVoice(VoiceProvider):
    name = "festival-world"

    def __init__(self) -> None:
        self._spoken: dict[str, tuple[Line, np.ndarray, int]] = {}

    def lines(self, texts: Sequence[str], identity: VocalIdentity) -> dict[str, Line]:
        todo = [t for t in dict.fromkeys(texts) if t not in self._spoken]
        for line, audio, rate in festival.speak(todo, voice=identity.voice) if todo else []:
            speech = signal.resample_poly(audio, WORLD_RATE, rate).astype(np.float32) if rate != WORLD_RATE else audio
            self._spoken[line.text] = (line, speech, WORLD_RATE)
        return {t: self._spoken[t][0] for t in texts}

    def stem(self, score: VocalScore, identity: VocalIdentity, sample_rate: int, length_s: float) -> np.ndarray:
        self.lines([n.line for n in score.notes], identity)
        return render_stem(score, sing_with(self._spoken, identity, sample_rate), sample_rate, length_s)
