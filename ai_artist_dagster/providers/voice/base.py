"""The singing-voice interface: syllables for the melody writer, then the sung stem for a score.

A voice that cannot sing (its packages are missing) still syllabifies, so the song keeps its
melody plan and is rendered instrumental; ``name`` says which happened (recorded as `vocals`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from ai_artist_dagster.domain.vocals.melody import VocalScore
from ai_artist_dagster.domain.vocals.syllables import Line, syllabify
from ai_artist_dagster.lib.schemas import VocalIdentity


class VoiceProvider(ABC):
    name: str  # what the piece records as its vocals
    reason: str = ""  # why there is no voice, when there is none

    @abstractmethod
    def lines(self, texts: Sequence[str], identity: VocalIdentity) -> dict[str, Line]:
        """Each distinct lyric line as words and syllables (with stress)."""

    @abstractmethod
    def stem(self, score: VocalScore, identity: VocalIdentity, sample_rate: int, length_s: float) -> np.ndarray | None:
        """The dry vocal (mono float32) for the whole song, or None when this voice cannot sing."""


class NoVoice(VoiceProvider):
    """An instrumental: syllables by spelling (for the melody plan and the synced lyrics), no stem."""

    name = "none"

    def __init__(self, reason: str):
        self.reason = reason

    def lines(self, texts: Sequence[str], identity: VocalIdentity) -> dict[str, Line]:
        return {t: syllabify(t) for t in texts}

    def stem(self, score: VocalScore, identity: VocalIdentity, sample_rate: int, length_s: float) -> None:
        return None
