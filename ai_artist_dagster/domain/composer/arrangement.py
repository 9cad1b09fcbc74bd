"""From a song's sections to bars, chords and energy per section."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ai_artist_dagster.domain.music_theory import PROGRESSIONS, Mode, chord_name

BARS = {"intro": 4, "verse": 8, "pre_chorus": 4, "chorus": 8, "bridge": 8, "outro": 4}
ENERGY = {"intro": 0.35, "verse": 0.6, "pre_chorus": 0.7, "chorus": 1.0, "bridge": 0.55, "outro": 0.3}


@dataclass(frozen=True)
class SectionPlan:
    kind: str
    label: str
    bars: int
    chords: list[int]  # one scale degree per bar
    energy: float


@dataclass(frozen=True)
class SongPlan:
    tempo_bpm: float
    key: int
    mode: Mode
    genre: str
    seed: int
    sections: list[SectionPlan]
    energy: float = 0.7
    instrumentation: str = "full"
    extras: dict[str, float] = field(default_factory=dict)

    @property
    def beat_s(self) -> float:
        return 60.0 / self.tempo_bpm

    @property
    def bar_s(self) -> float:
        return 4 * self.beat_s

    @property
    def total_bars(self) -> int:
        return sum(s.bars for s in self.sections)

    @property
    def duration_s(self) -> float:
        return self.total_bars * self.bar_s

    def section_starts(self) -> list[float]:
        """When each section starts, in seconds."""
        starts, t = [], 0.0
        for s in self.sections:
            starts.append(t)
            t += s.bars * self.bar_s
        return starts

    def progressions(self) -> str:
        """Each section kind's chords by name, once: 'verse Am–F–C–G · chorus F–G–C–Am · …'."""
        seen: dict[str, str] = {}
        for s in self.sections:
            if s.kind not in ("intro", "outro"):
                names = [chord_name(self.key, self.mode, d) for d in s.chords[:4]]
                seen.setdefault(s.kind.replace("_", "-"), "–".join(names))
        return " · ".join(f"{kind} {chords}" for kind, chords in seen.items())


def plan_song(
    sections: list[tuple[str, str]],
    *,
    tempo_bpm: float,
    key: int,
    mode: Mode,
    genre: str,
    seed: int,
    energy: float = 0.7,
    min_duration_s: float = 64.0,
    instrumentation: str = "full",
    line_counts: list[int] | None = None,
) -> SongPlan:
    """Plan bars and chords for ``sections`` ((kind, label) pairs), long enough for ``min_duration_s``.

    Intro and outro are added when the lyrics have none; choruses repeat until the song is long enough.
    ``line_counts`` (lines per lyric section) give a long section room to be sung: two bars a line,
    in four-bar steps up to 16 (an eight-line verse is 16 bars, not eight lines crammed into eight).
    """
    rng = random.Random(seed)
    counts = line_counts or [0] * len(sections)
    ordered = [(k, label, _bars(k, n)) for (k, label), n in zip(sections, counts, strict=True)]
    kinds = [k for k, _ in sections]
    if "intro" not in kinds:
        ordered.insert(0, ("intro", "Intro", BARS["intro"]))
    if "outro" not in kinds:
        ordered.append(("outro", "Outro", BARS["outro"]))
    chorus_bars = next((bars for k, _, bars in ordered if k == "chorus"), BARS["chorus"])
    bar_s = 240.0 / tempo_bpm
    while sum(bars for _, _, bars in ordered) * bar_s < min_duration_s:
        ordered.insert(len(ordered) - 1, ("chorus", "Chorus", chorus_bars))  # an added chorus sings the first again
    progressions = {kind: rng.choice(PROGRESSIONS[mode][kind]) for kind in ("verse", "chorus", "bridge")}
    planned: list[SectionPlan] = []
    for kind, label, bars in ordered:
        base = progressions.get(kind, progressions["verse" if kind != "pre_chorus" else "bridge"])
        if kind in ("intro", "outro"):
            base = progressions["chorus"]
        chords = [base[i % len(base)] for i in range(bars)]
        planned.append(SectionPlan(kind, label, bars, chords, ENERGY[kind] * (0.6 + 0.4 * energy)))
    return SongPlan(
        tempo_bpm=tempo_bpm,
        key=key,
        mode=mode,
        genre=genre,
        seed=seed,
        sections=planned,
        energy=energy,
        instrumentation=instrumentation,
    )


def _bars(kind: str, lines: int) -> int:
    """A section's length: its usual bars, or two bars a line in four-bar steps (at most 16)."""
    return max(BARS[kind], min(16, -(-2 * lines // 4) * 4))
