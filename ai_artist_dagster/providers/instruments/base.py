"""The instrument-renderer interface: parts (notes + General MIDI programs) in, audio per part out.

A renderer that cannot run (its packages are missing) is replaced by the numpy synths, and the
piece records which one played (``instruments``) and why."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from ai_artist_dagster.domain.composer.parts import Part, Role
from ai_artist_dagster.domain.composer.synth_render import render_parts


class Instruments(ABC):
    name: str  # what the piece records as its instruments
    reason: str = ""  # why this renderer stands in for the configured one

    @abstractmethod
    def render(self, parts: Sequence[Part], sample_rate: int, n: int) -> dict[Role, np.ndarray]:
        """Each part as stereo float32 of ``n`` samples, unmixed and unprocessed."""


class SynthInstruments(Instruments):
    """The numpy synths: always available, deterministic, thinner than a SoundFont."""

    name = "synth"

    def __init__(self, reason: str = ""):
        self.reason = reason

    def render(self, parts: Sequence[Part], sample_rate: int, n: int) -> dict[Role, np.ndarray]:
        return render_parts(parts, sample_rate, n)
