"""Offline lyrics: sectioned songs with a rhyme scheme and lines near a target meter."""

from __future__ import annotations

import random
import re

from ai_artist_dagster.domain.writer.syllables import line_syllables
from ai_artist_dagster.domain.writer.words import (
    GERUNDS,
    MOODS,
    PAST,
    PREPS,
    RHYMES,
    SUBJECTS,
    VERBS,
)
from ai_artist_dagster.lib.schemas import Lyrics, LyricsBrief, LyricSection

STRUCTURE = [
    ("verse", "Verse 1", "ABAB"),
    ("chorus", "Chorus", "AABB"),
    ("verse", "Verse 2", "ABAB"),
    ("chorus", "Chorus", "AABB"),
    ("bridge", "Bridge", "ABCB"),
    ("chorus", "Chorus", "AABB"),
]
STRUCTURE_B = [
    ("verse", "Verse 1", "AABB"),
    ("pre_chorus", "Pre-Chorus", "AA"),
    ("chorus", "Chorus", "ABAB"),
    ("verse", "Verse 2", "AABB"),
    ("pre_chorus", "Pre-Chorus", "AA"),
    ("chorus", "Chorus", "ABAB"),
    ("bridge", "Bridge", "AABB"),
    ("chorus", "Chorus", "ABAB"),
]


def _vocab(brief: LyricsBrief) -> dict[str, list[str]]:
    bank = {k: list(v) for k, v in MOODS.get(brief.profile.mood, MOODS["euphoric"]).items()}
    if brief.feedback:
        # A reviewer's words steer the imagery (as data: plain words only, nothing executed).
        words = [w.lower() for w in re.findall(r"[A-Za-z]{4,12}", brief.feedback)][:6]
        bank["noun"] = words + bank["noun"]
    return bank


def _line(rng: random.Random, bank: dict[str, list[str]], end: tuple[str, bool], meter: int) -> str:
    word, is_noun = end
    best, best_gap = "", 99
    for _ in range(14):
        adj, noun = rng.choice(bank["adj"]), rng.choice(bank["noun"])
        subj, prep = rng.choice(SUBJECTS), rng.choice(PREPS)
        if is_noun:
            options = [
                f"{subj} {rng.choice(PAST)} {prep} the {word}",
                f"{rng.choice(GERUNDS)} {prep} the {adj} {word}",
                f"{adj} {noun} and a {word}",
                f"{subj} {rng.choice(VERBS)} for the {word}",
                f"every {noun} {prep} the {adj} {word}",
            ]
        else:
            options = [
                f"{subj} {rng.choice(VERBS)} {word}",
                f"{subj} keep {rng.choice(GERUNDS)} {word}",
                f"the {adj} {noun} {rng.choice(['burns', 'falls', 'moves', 'calls'])} {word}",
                f"{prep} the {adj} {noun}, {subj} {rng.choice(VERBS)} {word}",
            ]
        candidate = rng.choice(options)
        gap = abs(line_syllables(candidate) - meter)
        if gap < best_gap:
            best, best_gap = candidate, gap
    return best[0].upper() + best[1:]


def _section(
    rng: random.Random, bank, kind: str, label: str, scheme: str, meter: int, hook: str | None
) -> LyricSection:
    families = rng.sample(sorted(RHYMES), len(set(scheme)))
    by_letter = dict(zip(sorted(set(scheme)), families, strict=True))
    used: dict[str, set[str]] = {}
    lines = []
    for i, letter in enumerate(scheme):
        if hook and i == 0:
            lines.append(hook)
            continue
        family = RHYMES[by_letter[letter]]
        fresh = [w for w in family if w[0] not in used.get(letter, set())] or family
        end = rng.choice(fresh)
        used.setdefault(letter, set()).add(end[0])
        lines.append(_line(rng, bank, end, meter))
    if kind == "verse":  # verses are twice as long: repeat the scheme with new lines
        lines += [_line(rng, bank, rng.choice(RHYMES[by_letter[letter]]), meter) for letter in scheme]
    return LyricSection(kind=kind, label=label, lines=lines)  # type: ignore[arg-type]


def write_lyrics(brief: LyricsBrief) -> Lyrics:
    rng = random.Random(brief.seed)
    bank = _vocab(brief)
    profile = brief.profile
    meter = 7 if profile.tempo_bpm >= 125 else 8 if profile.tempo_bpm >= 95 else 9
    theme = rng.choice(profile.themes)
    title = f"{rng.choice(bank['adj']).title()} {rng.choice(bank['noun']).title()}"
    hook = f"{title}, {rng.choice(['hold on tight', 'light me up', 'never let go', 'stay tonight', 'take it slow'])}"
    structure = STRUCTURE if brief.prompt_variant == "A" else STRUCTURE_B
    sections = []
    chorus: LyricSection | None = None
    for kind, label, scheme in structure:
        if kind == "chorus" and chorus is not None:
            sections.append(chorus)  # choruses repeat, as in most songs
            continue
        section = _section(rng, bank, kind, label, scheme, meter, hook if kind == "chorus" else None)
        if kind == "chorus":
            chorus = section
        sections.append(section)
    scheme_summary = "/".join(dict.fromkeys(s for _, _, s in structure))
    return Lyrics(
        title=title,
        theme=theme,
        rhyme_scheme=scheme_summary,
        meter_syllables=meter,
        prompt_variant=brief.prompt_variant,
        sections=sections,
    )
