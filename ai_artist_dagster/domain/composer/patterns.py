"""Genre-aware rhythm: 16-step drum patterns and bass rhythms per genre family."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DrumPattern:
    kick: tuple[int, ...]
    snare: tuple[int, ...]
    hat: tuple[int, ...]
    open_hat: tuple[int, ...] = ()
    bass_steps: tuple[int, ...] = (0, 4, 8, 12)
    swing: float = 0.0


EIGHTHS = tuple(range(0, 16, 2))
SIXTEENTHS = tuple(range(16))

PATTERNS: dict[str, DrumPattern] = {
    "pop": DrumPattern(kick=(0, 8, 10), snare=(4, 12), hat=EIGHTHS, bass_steps=(0, 3, 6, 8, 11, 14)),
    "electronic": DrumPattern(
        kick=(0, 4, 8, 12), snare=(4, 12), hat=SIXTEENTHS, open_hat=(2, 6, 10, 14), bass_steps=(2, 6, 10, 14)
    ),
    "hip hop": DrumPattern(kick=(0, 7, 10), snare=(4, 12), hat=SIXTEENTHS, bass_steps=(0, 7, 10), swing=0.12),
    "r&b": DrumPattern(kick=(0, 9), snare=(4, 12), hat=EIGHTHS, bass_steps=(0, 9, 11), swing=0.1),
    "rock": DrumPattern(kick=(0, 8, 10), snare=(4, 12), hat=EIGHTHS, bass_steps=EIGHTHS),
    "latin": DrumPattern(kick=(0, 4, 8, 12), snare=(3, 6, 11, 14), hat=EIGHTHS, bass_steps=(0, 3, 8, 11)),
    "country": DrumPattern(kick=(0, 8), snare=(4, 12), hat=EIGHTHS, bass_steps=(0, 8)),
    "k-pop": DrumPattern(
        kick=(0, 4, 8, 12), snare=(4, 12), hat=EIGHTHS, open_hat=(14,), bass_steps=(0, 3, 6, 8, 11, 14)
    ),
    "opm": DrumPattern(kick=(0, 8), snare=(4, 12), hat=EIGHTHS, bass_steps=(0, 6, 8, 14)),
}


def pattern_for(genre: str) -> DrumPattern:
    return PATTERNS.get(genre, PATTERNS["pop"])
