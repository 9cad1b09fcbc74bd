"""A singable vocal melody from the lyric's syllables and the song's chords.

Each lyric line gets an equal share of its section's bars. Rhythm: one note per syllable on a
sixteenth grid, eighths by default (when a line is crowded, sixteenths for its unstressed syllables,
then for all), stressed syllables moved onto the beat when there is room, the phrase's last syllable held, a breath before the next line.
Pitch: strong-beat notes are chord tones of the bar, the rest move by step along the scale toward
a contour (arch, rise, fall or wave) around the section's centre — the chorus sits a third to a
fifth above the verse — inside the singer's range (about an octave and a half); leaps go to chord
tones and are followed by a step back; phrases end on the chord's root or third. The chorus's first
line is its hook: the chorus sings it again (and every chorus sings the same melody).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from ai_artist_dagster.domain.composer.arrangement import SongPlan
from ai_artist_dagster.domain.music_theory import SCALES, scale_midi, triad
from ai_artist_dagster.domain.vocals.syllables import Line

CENTRE_OFFSET = {"verse": -2, "pre_chorus": 1, "chorus": 4, "bridge": 2, "intro": 0, "outro": -1}  # semitones
CONTOURS = ("arch", "rise", "fall", "wave")


class VocalNote(BaseModel):
    onset_s: float
    duration_s: float
    midi: int
    syllable: str
    word: str
    word_index: int  # in the whole song: which word this syllable belongs to
    line_index: int  # in the whole song
    line: str  # the lyric line's text
    section: str  # the section's label
    stressed: bool


class VocalScore(BaseModel):
    tempo_bpm: float
    low_midi: int
    high_midi: int
    notes: list[VocalNote]

    def words(self) -> list[tuple[float, float, str, int]]:
        """(start, end, word, line index) per sung word, for synced lyrics."""
        out: dict[int, list] = {}
        for n in self.notes:
            span = out.setdefault(n.word_index, [n.onset_s, n.onset_s + n.duration_s, n.word, n.line_index])
            span[1] = n.onset_s + n.duration_s
        return [(v[0], v[1], v[2], v[3]) for _, v in sorted(out.items())]


@dataclass(frozen=True)
class Sung:
    """What the melody writer is told about one planned section: its lines (already syllabified)."""

    label: str
    kind: str
    lines: Sequence[Line]


def write_melody(plan: SongPlan, sections: Sequence[Sung | None], centre_midi: int, seed: int) -> VocalScore:
    """The vocal score for ``plan``; ``sections[i]`` is what plan section ``i`` sings (None: instrumental)."""
    low, high = centre_midi - 9, centre_midi + 9
    notes: list[VocalNote] = []
    sixteenth = plan.beat_s / 4
    t0, word_base, line_base = 0.0, 0, 0
    hooks: dict[str, list[int]] = {}  # a chorus line's pitches, by its text: every chorus sings the same
    for section, sung in zip(plan.sections, sections, strict=True):
        if sung and sung.lines:
            span = section.bars * 16 // len(sung.lines)
            for li, line in enumerate(sung.lines):
                start16 = li * span
                rhythm = _rhythm(line, span)
                chords = [section.chords[min((start16 + on) // 16, section.bars - 1)] for on, _ in rhythm]
                rng = random.Random(f"{seed}:{sung.kind}:{li % 2 if sung.kind == 'chorus' else li}:{len(rhythm)}")
                reuse = hooks.get(line.text) if sung.kind == "chorus" else None
                if reuse is None and sung.kind == "chorus" and li == 2 and sung.lines[0].text in hooks:
                    reuse = _refit(hooks[sung.lines[0].text], len(rhythm))  # the hook again…
                    reuse[-1] = _stable(plan, chords[-1], low, high, reuse[-1])  # …ending on this bar's chord
                pitches = reuse or _pitches(
                    plan, rhythm, chords, centre_midi + CENTRE_OFFSET[sung.kind], low, high, rng
                )
                if sung.kind == "chorus":
                    hooks.setdefault(line.text, pitches)
                for (on, dur), midi, (wi, syl) in zip(rhythm, pitches, line.syllables, strict=True):
                    notes.append(
                        VocalNote(
                            onset_s=round(t0 + (start16 + on) * sixteenth, 4),
                            duration_s=round(dur * sixteenth, 4),
                            midi=midi,
                            syllable=syl.text,
                            word=line.words[wi].text,
                            word_index=word_base + wi,
                            line_index=line_base + li,
                            line=line.text,
                            section=sung.label,
                            stressed=syl.stressed,
                        )
                    )
                word_base += len(line.words)
            line_base += len(sung.lines)
        t0 += section.bars * plan.bar_s
    return VocalScore(tempo_bpm=plan.tempo_bpm, low_midi=low, high_midi=high, notes=notes)


def _rhythm(line: Line, span: int) -> list[tuple[int, int]]:
    """(onset, duration) in sixteenths within the line's span, one per syllable."""
    syllables = [s for _, s in line.syllables]
    breath = 4 if span >= 16 else 2
    usable = max(len(syllables), span - breath)
    lengths = [2] * len(syllables)  # eighths
    if sum(lengths) > usable:  # crowded: stressed syllables keep an eighth, the rest take sixteenths
        lengths = [2 if s.stressed else 1 for s in syllables]
        if sum(lengths) > usable:
            lengths = [1] * len(syllables)
    onsets: list[int] = []
    pickup = bool(syllables) and not syllables[0].stressed and lengths[0] == 2 and sum(lengths) + 2 <= usable
    at = 2 if pickup else 0  # a pickup into the first stress
    for i, syl in enumerate(syllables):
        room = usable - at - sum(lengths[i:])
        to_beat = (-at) % 4
        if syl.stressed and i and 0 < to_beat <= room:
            at += to_beat  # the stress lands on the beat; the note before is held
        onsets.append(at)
        at += lengths[i]
    ends = [*onsets[1:], usable]
    return [(on, max(1, end - on)) for on, end in zip(onsets, ends, strict=True)]


def _refit(pitches: list[int], n: int) -> list[int]:
    """A melody's shape on ``n`` notes (same start and end, positions scaled)."""
    if n == len(pitches):
        return list(pitches)
    return [pitches[round(i * (len(pitches) - 1) / max(1, n - 1))] for i in range(n)]


def _scale_tones(plan: SongPlan, low: int, high: int) -> list[int]:
    steps = SCALES[plan.mode]
    return [m for m in range(low, high + 1) if (m - plan.key) % 12 in steps]


def _chord_tones(plan: SongPlan, degree: int, low: int, high: int) -> list[int]:
    classes = {m % 12 for m in triad(plan.key, plan.mode, degree, 4)}
    return [m for m in range(low, high + 1) if m % 12 in classes]


def _contour(kind: str, x: float) -> float:
    """-1…1 over a phrase (x in 0…1)."""
    if kind == "arch":
        return 1 - 4 * (x - 0.5) ** 2 * 2
    if kind == "rise":
        return -0.6 + 1.4 * x
    if kind == "fall":
        return 0.8 - 1.4 * x
    return 0.6 * (1 if int(x * 4) % 2 == 0 else -1)


def _stable(plan: SongPlan, degree: int, low: int, high: int, near: float) -> int:
    """The chord's root or third nearest to ``near`` (within the range)."""
    root = scale_midi(plan.key, plan.mode, degree, 4) % 12
    third = scale_midi(plan.key, plan.mode, degree + 2, 4) % 12
    return _nearest([m for m in range(low, high + 1) if m % 12 in (root, third)], near)


def _nearest(options: list[int], target: float) -> int:
    return min(options, key=lambda m: (abs(m - target), m))


def _pitches(
    plan: SongPlan,
    rhythm: list[tuple[int, int]],
    chords: list[int],
    centre: int,
    low: int,
    high: int,
    rng: random.Random,
) -> list[int]:
    scale = _scale_tones(plan, low, high)
    shape, amp = rng.choice(CONTOURS), rng.choice((3, 4, 5))
    n = len(rhythm)
    out: list[int] = []
    for i, ((on, _), degree) in enumerate(zip(rhythm, chords, strict=True)):
        target = centre + amp * _contour(shape, i / max(1, n - 1))
        chord = _chord_tones(plan, degree, low, high)
        last = i == n - 1
        if last:  # a stable ending: the chord's root or third, near where the line is
            note = _stable(plan, degree, low, high, out[-1] if out else target)
        elif not out or on % 4 == 0:
            note = _nearest(chord, target if not out else (2 * target + out[-1]) / 3)
        else:  # by step toward the target
            here = scale.index(_nearest(scale, out[-1]))
            direction = 1 if target > out[-1] else -1 if target < out[-1] else rng.choice((-1, 1))
            note = scale[min(len(scale) - 1, max(0, here + direction * (1 if rng.random() < 0.8 else 0)))]
        if out and abs(note - out[-1]) > 7 and not last:  # no leap wider than a fifth
            note = _nearest([m for m in chord + scale if abs(m - out[-1]) <= 7] or [out[-1]], note)
        if len(out) >= 2 and abs(out[-1] - out[-2]) >= 5 and (note - out[-1]) * (out[-1] - out[-2]) > 0:
            here = scale.index(_nearest(scale, out[-1]))  # after a leap, a step back
            back = -1 if out[-1] > out[-2] else 1
            note = scale[min(len(scale) - 1, max(0, here + back))] if not last else note
        if len(out) >= 2 and note == out[-1] == out[-2] and not last:  # no third repeat: move by step
            here = scale.index(_nearest(scale, note))
            note = scale[min(len(scale) - 1, max(0, here + (1 if target >= note else -1)))]
        out.append(note)
    return out
