"""Offline lyrics: sectioned songs with a rhyme scheme and lines near a target meter."""

from __future__ import annotations

import random
import re

from ai_artist_dagster.domain.writer.syllables import line_syllables, meter_for_tempo
from ai_artist_dagster.domain.writer.words import (
    GERUNDS,
    HOOKS,
    MOODS,
    PAST,
    PREPS,
    RHYMES,
    STOPWORDS,
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


def _words(text: str, limit: int) -> list[str]:
    """Plain lowercase words of 4-10 letters (data only: nothing in the text is executed or obeyed)."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]{4,10}", text)]
    return list(dict.fromkeys(w for w in words if w not in STOPWORDS))[:limit]


def _vocab(brief: LyricsBrief) -> dict[str, list[str]]:
    """The mood's word bank, enriched with the profile's images, the chart's title words and the
    reviewer's feedback, so two artists (or two days) do not sing the same song."""
    bank = {k: list(v) for k, v in MOODS.get(brief.profile.mood, MOODS["euphoric"]).items()}
    images = re.search(r"\(([^)]*)\)", brief.profile.lyric_style)
    extra = _words(images.group(1), 3) if images else []
    extra += _words(" ".join(title for title, _ in brief.trend.top_songs[:10]), 3)
    nouns = list(dict.fromkeys(extra + bank["noun"]))
    if brief.feedback:  # a reviewer's words weigh three times as much as the rest
        nouns = _words(brief.feedback, 6) * 3 + nouns
    bank["noun"] = nouns
    return bank


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


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
                f"{adj} {noun} and {_article(word)} {word}",
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
    rng: random.Random,
    bank,
    kind: str,
    label: str,
    scheme: str,
    meter: int,
    first: tuple[str, str | None] | None = None,
) -> LyricSection:
    """A section following ``scheme``; ``first`` = (fixed first line, its rhyme family or None)."""
    letters = sorted(set(scheme))
    pinned = {scheme[0]: first[1]} if first and first[1] else {}
    free = [f for f in sorted(RHYMES) if f not in pinned.values()]
    families = rng.sample(free, len(letters) - len(pinned))
    by_letter = {letter: pinned.get(letter) or families.pop() for letter in letters}
    used: set[str] = set()

    def line_for(letter: str) -> str:
        family = RHYMES[by_letter[letter]]
        fresh = [w for w in family if w[0] not in used] or family
        end = rng.choice(fresh)
        used.add(end[0])
        return _line(rng, bank, end, meter)

    lines = [first[0] if first and i == 0 else line_for(letter) for i, letter in enumerate(scheme)]
    if kind == "verse":  # verses are twice as long: repeat the scheme with new lines
        lines += [line_for(letter) for letter in scheme]
    return LyricSection(kind=kind, label=label, lines=lines)


def write_lyrics(brief: LyricsBrief) -> Lyrics:
    rng = random.Random(brief.seed)
    bank = _vocab(brief)
    profile = brief.profile
    meter = meter_for_tempo(profile.tempo_bpm)
    theme = rng.choice(profile.themes)
    title = f"{rng.choice(bank['adj']).title()} {rng.choice(bank['noun']).title()}"
    hook_phrase, hook_family = rng.choice(HOOKS)
    hook = f"{title}, {hook_phrase}"
    theme_line = theme[0].upper() + theme[1:]
    structure = STRUCTURE if brief.prompt_variant == "A" else STRUCTURE_B
    sections = []
    done: dict[str, LyricSection] = {}
    for kind, label, scheme in structure:
        if kind in ("chorus", "pre_chorus") and kind in done:
            sections.append(done[kind])  # choruses (and pre-choruses) repeat, as in most songs
            continue
        first = (hook, hook_family) if kind == "chorus" else (theme_line, None) if kind == "bridge" else None
        section = _section(rng, bank, kind, label, scheme, meter, first)
        done[kind] = section
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
