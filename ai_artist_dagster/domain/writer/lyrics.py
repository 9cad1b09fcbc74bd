"""Offline lyrics: a planned song (scene, turn, hook, development, new perspective) in grammatical
lines around rhyming, typed end words, near a target meter."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from ai_artist_dagster.domain.writer.lexicon import (
    ENDS,
    FEEL,
    HOLD,
    MOOD_WORDS,
    MOTION,
    NOUN_PREPOSITIONS,
    NOUN_VERBS,
    OPENERS,
    PARTICLES,
    PREPOSITIONS,
    STAND,
    THING_ADJECTIVES,
    TIMES,
    VERB_PAST,
    Kind,
)
from ai_artist_dagster.domain.writer.syllables import line_syllables, meter_for_tempo
from ai_artist_dagster.domain.writer.words import HOOKS, STOPWORDS
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


KNOWN_VERBS = {v[0]: v for v in HOLD + FEEL + MOTION}  # base → (base, past, -ing)
TENSES_OF = {"before": ("past",), "anymore": ("past", "present"), "soon": ("future",)}  # particles that need a tense
Tense = str  # "past" (verses: the scene), "present" (pre-chorus, chorus), "future" (bridge)


def _words(text: str, limit: int) -> list[str]:
    """Plain lowercase words of 4-10 letters (data only: nothing in the text is executed or obeyed)."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]{4,10}", text)]
    return list(dict.fromkeys(w for w in words if w not in STOPWORDS))[:limit]


def _opening(line: str) -> str:
    """A line's first two words, as a listener hears them (no punctuation)."""
    return " ".join(re.findall(r"[a-z']+", line.lower())[:2])


def article(word: str) -> str:
    """'a' or 'an' as the word sounds: an open door, a euphoric feel, a unique one, an hour."""
    w = word.lower()
    if w.startswith(("eu", "uni", "use", "usu", "one", "ur")):
        return "a"
    return "an" if w[0] in "aeiou" or w.startswith(("hour", "honest")) else "a"


def _reference(brief: LyricsBrief) -> str | None:
    """A chart title the song may quote, deliberately, once: short, plain words, nothing instruction-like."""
    for title, _ in brief.trend.top_songs[:10]:
        plain = re.fullmatch(r"[A-Za-z' ]{3,30}", title)
        words = title.lower().split()
        if plain and 1 <= len(words) <= 4 and not set(words) & STOPWORDS - {"love", "like", "just", "your", "you"}:
            return title.strip()
    return None


@dataclass
class _Writer:
    """One song's choices, so that pronouns, mood words and openings stay consistent within it."""

    rng: random.Random
    meter: int
    adjectives: list[str]
    times: list[str]
    calls: list[str]
    person: tuple[str, str, str]  # subject, object, possessive: ("I", "me", "my") or ("we", "us", "our")
    openings: set[str] = field(default_factory=set)
    ends: set[str] = field(default_factory=set)  # end words already sung in the song

    def subject(self, tense: Tense) -> str:
        subject = self.person[0]
        if tense == "future":
            return {"I": "I'll", "we": "we'll", "you": "you'll"}[subject]
        return subject

    def verb(self, triple: tuple[str, str, str], tense: Tense) -> str:
        return triple[1] if tense == "past" else triple[0]

    def verb_for(self, thing: str) -> tuple[str, str, str]:
        """A holding verb that fits the thing (NOUN_VERBS), else any."""
        fits = NOUN_VERBS.get(thing)
        if not fits:
            return self.rng.choice(HOLD)
        base = self.rng.choice(fits)
        return KNOWN_VERBS.get(base) or (base, VERB_PAST.get(base, base + "ed"), base + "ing")

    def candidates(self, end: str, kind: Kind, tense: Tense, role: str) -> list[str]:
        """Grammatical clauses ending in ``end``, each also with an opener or a time before it."""
        rng, s = self.rng, self.subject(tense)
        adj = rng.choice(self.adjectives if kind in ("place", "sky") else THING_ADJECTIVES)
        poss = self.person[2] if rng.random() < 0.5 else "your"
        if kind == "particle":  # _section offers only particles whose tense fits (TENSES_OF)
            base, past = rng.choice(PARTICLES[end])
            clauses = [f"{s} {past if tense == 'past' else base} {end}"]
        elif kind == "feeling":
            v = self.verb(rng.choice(FEEL), tense)
            clauses = [f"{s} {v} {poss} {end}", f"{s} {v} every {end}", f"{s} still {v} {poss} {end}"]
        elif kind == "thing":
            v = self.verb(self.verb_for(end), tense)
            clauses = [f"{s} {v} the {adj} {end}", f"{s} {v} {poss} {end}", f"{s} {v} {poss} {adj} {end}",
                       f"{s} {v} {article(adj)} {adj} {end}"]  # fmt: skip
        else:  # a place or the sky: somewhere to move through or to stand in
            prep = rng.choice(NOUN_PREPOSITIONS.get(end) or PREPOSITIONS[kind])
            v = self.verb(rng.choice(MOTION if kind == "place" else STAND), tense)
            clauses = [f"{s} {v} {prep} the {adj} {end}", f"{s} {v} {prep} the {end}",
                       f"{s} {v} with you {prep} the {end}", f"{s} {v} alone {prep} the {end}"]  # fmt: skip
            if role == "chorus":
                call = rng.choice(self.calls)
                clauses += [f"{call} {prep} the {end}", f"{call} {prep} the {adj} {end}"] * 2
        opener = rng.choice(OPENERS[tense])
        time = rng.choice(self.times if tense == "past" else TIMES[tense])
        return [form for c in clauses for form in (c, f"{opener} {c}", f"{time}, {c}")]

    def line(self, end: str, kind: Kind, tense: Tense, role: str) -> str:
        """The candidate nearest the meter whose two-word opening no other line of the song has."""
        best, best_key = "", (99, 99)
        for _ in range(24):
            for text in self.candidates(end, kind, tense, role):
                text = text[0].upper() + text[1:]
                opening = _opening(text)
                key = (opening in self.openings, abs(line_syllables(text) - self.meter))
                if key < best_key:
                    best, best_key = text, key
        self.openings.add(_opening(best))
        return best


def _section(
    w: _Writer, kind: str, label: str, scheme: str, tense: Tense, first: tuple[str, str | None] | None = None
) -> LyricSection:
    """A section following ``scheme``; ``first`` = (fixed first line, its rhyme family or None)."""
    letters = sorted(set(scheme))
    pinned = {scheme[0]: first[1]} if first and first[1] else {}
    free = [f for f in sorted(ENDS) if f not in pinned.values()]
    families = w.rng.sample(free, len(letters) - len(pinned))
    by_letter = {letter: pinned.get(letter) or families.pop() for letter in letters}
    used: set[str] = set()

    def line_for(letter: str) -> str:
        family = [
            (word, k)
            for word, k in ENDS[by_letter[letter]]
            if k != "particle" or tense in TENSES_OF.get(word, (tense,))
        ]
        fresh = [e for e in family if e[0] not in used | w.ends] or [e for e in family if e[0] not in used] or family
        word, end_kind = w.rng.choice(fresh)
        used.add(word)
        w.ends.add(word)
        return w.line(word, end_kind, tense, kind)

    lines = [first[0] if first and i == 0 else line_for(letter) for i, letter in enumerate(scheme)]
    if kind == "verse":  # verses are twice as long: repeat the scheme with new lines
        lines += [line_for(letter) for letter in scheme]
    return LyricSection(kind=kind, label=label, lines=lines)


def _theme_line(theme: str, person: tuple[str, str, str]) -> str:
    """The theme said once, as a sentence: "We were coming home", "This is a night that never ends"."""
    first = theme.split()[0]
    if first.endswith("ing"):
        return f"{'We' if person[0] == 'we' else 'I'} {'were' if person[0] == 'we' else 'was'} {theme}"
    plural = first.endswith("s") or theme.split()[-1].endswith(("ies", "joys", "friends")) or " and " in theme
    return f"{'These are' if plural and ' and ' not in theme else 'This is'} {theme}"


def write_lyrics(brief: LyricsBrief) -> Lyrics:
    """A song with a plan: verse 1 sets a scene (past tense), the pre-chorus turns (variant B), the
    chorus states the hook with the title (present, a call to the listener), verse 2 develops, the
    bridge says the theme and looks ahead (future). Line ends rhyme by family; lines are grammatical
    templates around a typed end word, fitted to the meter, each opening differently."""
    rng = random.Random(brief.seed)
    profile = brief.profile
    mood = profile.mood if profile.mood in MOOD_WORDS else "euphoric"
    words = MOOD_WORDS[mood]
    meter = meter_for_tempo(profile.tempo_bpm)
    theme = rng.choice(profile.themes)
    adjectives = list(words["adj"])
    if brief.feedback:  # a reviewer's words weigh three times as much as the rest
        adjectives = _words(brief.feedback, 6) * 3 + adjectives
    person = rng.choice([("I", "me", "my"), ("we", "us", "our")])
    w = _Writer(rng, meter, adjectives, list(words["time"]), list(words["call"]), person)
    end_family = rng.choice(sorted(ENDS))
    images = re.search(r"\(([^)]*)\)", profile.lyric_style)  # the profile's own images name its songs
    nouns = _words(images.group(1), 3) if images else []
    nouns = nouns or [word for word, k in ENDS[end_family] if k != "particle"]
    title = f"{rng.choice(words['adj']).title()} {rng.choice(nouns).title()}"
    hook_phrase, hook_family = rng.choice(HOOKS)
    hook = f"{title}, {hook_phrase}"
    structure = STRUCTURE if brief.prompt_variant == "A" else STRUCTURE_B
    reference = _reference(brief)
    tenses = {"verse": "past", "pre_chorus": "present", "chorus": "present", "bridge": "future"}
    sections = []
    done: dict[str, LyricSection] = {}
    for kind, label, scheme in structure:
        if kind in ("chorus", "pre_chorus") and kind in done:
            sections.append(done[kind])  # choruses (and pre-choruses) repeat, as in most songs
            continue
        first = (
            (hook, hook_family)
            if kind == "chorus"
            else (_theme_line(theme, person), None)
            if kind == "bridge"
            else None
        )
        section = _section(w, kind, label, scheme, tenses[kind], first)
        if kind == "bridge" and reference and len(section.lines) >= 3 and scheme[2] not in scheme[:2] + scheme[3:]:
            section.lines[2] = f'And "{reference}" was playing on the radio'  # a deliberate nod to the chart
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
