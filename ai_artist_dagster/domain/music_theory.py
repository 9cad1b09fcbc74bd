"""Keys, scales, chords and tempo bands: the shared vocabulary of composer, writer and analysis."""

from __future__ import annotations

import re
from typing import Literal

Mode = Literal["major", "minor"]

NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
SCALES: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
}
TEMPO_BANDS: dict[str, tuple[int, int]] = {
    "slow (<90 bpm)": (72, 88),
    "mid (90-110 bpm)": (92, 108),
    "upbeat (110-130 bpm)": (112, 128),
    "fast (130+ bpm)": (132, 150),
}


def key_name(key: int, mode: Mode) -> str:
    return f"{NOTE_NAMES[key % 12]} {mode}"


def parse_key_name(text: str) -> tuple[int, Mode]:
    """'B minor' -> (11, 'minor')."""
    match = re.fullmatch(r"\s*([A-G]#?)\s+(major|minor)\s*", text)
    if not match:
        raise ValueError(f"not a key name like 'C# minor': {text!r}")
    mode: Mode = "major" if match.group(2) == "major" else "minor"
    return NOTE_NAMES.index(match.group(1)), mode


def tempo_band_range(band: str) -> tuple[int, int]:
    return TEMPO_BANDS.get(band, (100, 124))


def tempo_band_of(bpm: float) -> str:
    """The band a tempo sits in (the nearest one, between bands)."""
    return min(
        TEMPO_BANDS,
        key=lambda b: (
            0
            if TEMPO_BANDS[b][0] <= bpm <= TEMPO_BANDS[b][1]
            else min(abs(bpm - TEMPO_BANDS[b][0]), abs(bpm - TEMPO_BANDS[b][1]))
        ),
    )


def all_key_names() -> list[str]:
    """Every major and minor key, around the circle of fifths from C."""
    modes: tuple[Mode, ...] = ("major", "minor")
    return [key_name(k * 7 % 12, m) for m in modes for k in range(12)]


def midi_to_hz(midi: float) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def scale_midi(key: int, mode: Mode, degree: int, octave: int) -> int:
    """MIDI note of a scale degree (0-based, may exceed 6 or be negative) in an octave (C4 = 60)."""
    steps = SCALES[mode]
    octave_shift, index = divmod(degree, len(steps))
    return 12 * (octave + 1 + octave_shift) + key + steps[index]


def triad(key: int, mode: Mode, degree: int, octave: int) -> list[int]:
    """The diatonic triad on a scale degree."""
    return [scale_midi(key, mode, degree + step, octave) for step in (0, 2, 4)]


# Chord progressions as scale degrees (0 = tonic), per mode and section kind: the common ones of
# chart pop (I–V–vi–IV and its rotations, the "50s" I–vi–IV–V, i–VI–III–VII, the Andalusian
# i–VII–VI–V, ii–V–I turns…). Each song draws its own from its seed, so artists of one day seldom
# share a verse and a chorus progression (≈ 1 in 49 pairs).
PROGRESSIONS: dict[str, dict[str, list[list[int]]]] = {
    "major": {
        "verse": [[0, 5, 3, 4], [0, 3, 5, 4], [5, 3, 0, 4], [0, 4, 5, 3], [0, 2, 3, 4], [0, 3, 0, 4], [3, 0, 5, 4]],
        "chorus": [[3, 4, 0, 5], [0, 4, 5, 3], [3, 0, 4, 5], [5, 3, 0, 4], [0, 3, 4, 3], [1, 4, 0, 5], [3, 4, 2, 5]],
        "bridge": [[5, 3, 1, 4], [1, 4, 0, 5], [3, 4, 2, 5], [5, 4, 3, 4], [2, 5, 3, 4]],
    },
    "minor": {
        "verse": [[0, 5, 2, 6], [0, 3, 6, 2], [0, 6, 5, 4], [0, 5, 3, 4], [0, 3, 5, 6], [0, 2, 6, 5], [0, 6, 3, 4]],
        "chorus": [[5, 2, 6, 0], [0, 5, 2, 6], [3, 0, 6, 5], [5, 6, 0, 0], [3, 5, 6, 0], [5, 3, 0, 6], [2, 6, 0, 5]],
        "bridge": [[3, 4, 0, 0], [5, 6, 3, 4], [2, 6, 3, 5], [3, 6, 2, 5], [5, 3, 6, 4]],
    },
}


FLAT_NAMES = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")
# Keys written with flats: F Bb Eb Ab Db Gb major, and their relative minors D G C F Bb Eb.
FLAT_KEYS = {"major": {5, 10, 3, 8, 1, 6}, "minor": {2, 7, 0, 5, 10, 3}}


def chord_name(key: int, mode: Mode, degree: int) -> str:
    """The diatonic triad on a degree by name, spelled for the key: 'Am', 'Bb', 'B°'."""
    root, third, fifth = triad(key, mode, degree, 4)
    quality = "m" if third - root == 3 and fifth - root == 7 else "°" if fifth - root == 6 else ""
    names = FLAT_NAMES if key % 12 in FLAT_KEYS[mode] else NOTE_NAMES
    return f"{names[root % 12]}{quality}"
