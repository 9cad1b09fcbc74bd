"""Text parts: what the lyric sheet shows — rhyme where the scheme asks, meter, repetition, clichés,
the theme carried through, the title in the chorus, images that come back across the sections
(a song, not a list of pictures), and phrases the artist has not sung before."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ai_artist_dagster.domain.critic.objective import ramp
from ai_artist_dagster.domain.vocals.intelligibility import words
from ai_artist_dagster.domain.vocals.syllables import FUNCTION_WORDS
from ai_artist_dagster.domain.writer.syllables import line_syllables, rhymes
from ai_artist_dagster.lib.schemas import Lyrics, LyricSection

# Phrases a listener has heard a thousand times (lower case, matched inside a line).
CLICHES = (
    "set me free", "break my heart", "broken heart", "fire in my soul", "touch the sky", "dance the night away",
    "never let you go", "end of time", "heart of gold", "light up the night", "all night long", "into the night",
    "forever and ever", "tears in my eyes", "lost without you", "rise above", "against the world",
    "meant to be", "chasing dreams", "burning bright",
)  # fmt: skip
COMMON_SCHEMES = ("AABB", "ABAB", "ABCB")
# Words that carry no image: the voice's function words and a few prepositions and quantifiers.
STOPWORDS = FUNCTION_WORDS | {"into", "over", "under", "till", "until", "when", "where", "while", "all", "every"}


# Words that are no image: adverbs, prepositions, auxiliaries and the commonest verbs.
IMAGELESS = frozenset(
    [
        "across",
        "along",
        "around",
        "away",
        "back",
        "down",
        "through",
        "still",
        "now",
        "then",
        "never",
        "maybe",
        "again",
        "alone",
        "tonight",
        "today",
        "home",
        "here",
        "there",
        "just",
        "only",
        "even",
        "ever",
        "always",
        "once",
        "soon",
        "since",
        "lately",
        "right",
        "time",
        "every",
        "nobody",
        "somebody",
        "something",
        "nothing",
        "everything",
        "anymore",
        "before",
        "after",
        "over",
        "under",
        "inside",
        "outside",
        "about",
        "without",
        "within",
        "together",
        "apart",
        "don't",
        "can't",
        "won't",
        "didn't",
        "couldn't",
        "i'll",
        "we'll",
        "you'll",
        "it's",
        "that's",
        "i'm",
        "let's",
        "gonna",
        "wanna",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "go",
        "goes",
        "went",
        "gone",
        "come",
        "came",
        "get",
        "got",
        "make",
        "made",
        "take",
        "took",
        "give",
        "gave",
        "know",
        "knew",
        "think",
        "thought",
        "feel",
        "felt",
        "see",
        "saw",
        "say",
        "said",
        "want",
        "need",
        "keep",
        "kept",
        "find",
        "found",
        "hold",
        "held",
        "look",
        "looked",
        "stay",
        "stayed",
        "wait",
        "waited",
        "leave",
        "left",
        "let",
        "tell",
        "told",
        "call",
        "called",
        "hear",
        "heard",
    ]
)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def content_words(text: str) -> set[str]:
    return {_singular(w) for w in words(text) if w not in STOPWORDS and len(w) > 2}


def images(text: str) -> set[str]:
    """The content words that can be pictured (no adverbs, prepositions or common verbs)."""
    return {w for w in content_words(text) if w not in IMAGELESS and not w.endswith("ly")}


def rhyme_pairs(scheme: str, n: int) -> list[tuple[int, int]]:
    """Line pairs a section of ``n`` lines should rhyme by the scheme (repeated every len(scheme) lines)."""
    letters = [scheme[i % len(scheme)] + str(i // len(scheme)) for i in range(n)] if scheme else []
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            if letters[i] == letters[j]:
                pairs.append((i, j))
                break
    return pairs


def word_pairs(lines: Iterable[str]) -> set[tuple[str, str]]:
    """The word pairs of some lines."""
    return {pair for line in lines for pair in zip(words(line), words(line)[1:], strict=False)}


def cohesion(sections: list[LyricSection]) -> tuple[int, list[str]]:
    """Images that come back: content words sung in two or more different sections (a repeated
    chorus counts once), and how many distinct sections there are."""
    distinct = list({tuple(s.lines): s for s in sections}.values())
    seen: dict[str, int] = {}
    for s in distinct:
        for w in images(" ".join(s.lines)):
            seen[w] = seen.get(w, 0) + 1
    return len(distinct), sorted(w for w, n in seen.items() if n >= 2)


def text_scores(lyrics: Lyrics, previous_lines: Iterable[str] = ()) -> dict[str, tuple[float, str]]:
    sections = [s for s in lyrics.sections if s.lines]
    lines = [line for s in sections for line in s.lines]
    # rhyme: the pairs the best-fitting of the declared schemes (or a common one) asks for, per section
    schemes = {x for x in re.findall(r"[A-Z]{2,}", lyrics.rhyme_scheme)} | set(COMMON_SCHEMES)
    asked = rhymed = 0
    for s in sections:
        fits = []
        for scheme in sorted(schemes):
            pairs = rhyme_pairs(scheme, len(s.lines))
            if pairs:
                fits.append((sum(rhymes(s.lines[i], s.lines[j]) for i, j in pairs) / len(pairs), len(pairs)))
        if fits:
            share, n = max(fits)
            asked += n
            rhymed += round(share * n)
    rhyme_share = rhymed / asked if asked else 0.0
    # meter: lines within one syllable of the target
    near = sum(abs(line_syllables(line) - lyrics.meter_syllables) <= 1 for line in lines)
    meter_share = near / len(lines) if lines else 0.0
    # repetition: distinct lines that open like another distinct line; a verse that repeats another
    distinct = list(dict.fromkeys(line.strip().lower() for line in lines))
    openings = [" ".join(words(line)[:2]) for line in distinct]
    shared = sum(openings.count(o) > 1 for o in openings)
    verses = [tuple(s.lines) for s in sections if s.kind == "verse"]
    repeated_verse = len(verses) != len(set(verses))
    shared_share = shared / len(distinct) if distinct else 0.0
    repetition = 0.0 if repeated_verse else ramp(shared_share, 0.25, 0.05)
    # clichés
    found = [c for c in CLICHES if any(c in line.lower() for line in lines)]
    # theme: sections that carry a word of the theme or the title
    theme_words = content_words(lyrics.theme) | content_words(lyrics.title)
    carrying = sum(bool(content_words(" ".join(s.lines)) & theme_words) for s in sections)
    theme_share = carrying / len(sections) if sections else 0.0
    # title in the chorus: its first or last line (the hook), or anywhere in it
    title = content_words(lyrics.title)
    choruses = [s for s in sections if s.kind == "chorus"]
    title_score, where = 0.0, "absent from the chorus"
    for s in choruses:
        if title and any(title <= content_words(line) for line in (s.lines[0], s.lines[-1])):
            title_score, where = 1.0, "in the chorus's first or last line"
            break
        if title and any(title <= content_words(line) for line in s.lines):
            title_score, where = 0.6, "inside the chorus"
    # cohesion: images that come back across the sections (a story returns to its places and things)
    n_sections, motifs = cohesion(sections)
    # ... held together by a refrain: choruses that do not come back the same lose up to half of it
    chorus_texts = [tuple(s.lines) for s in sections if s.kind == "chorus"]
    refrain = sum(c == chorus_texts[0] for c in chorus_texts) / len(chorus_texts) if chorus_texts else 0.0
    # freshness: the song's word pairs the artist's earlier songs did not sing
    own = word_pairs(dict.fromkeys(lines))
    before = word_pairs(previous_lines)
    fresh = 1 - len(own & before) / len(own) if own and before else 1.0
    return {
        "rhyme": (
            ramp(rhyme_share, 0.3, 0.9),
            f"{rhymed} of {asked} rhyme positions rhyme (best of {'/'.join(sorted(schemes))} per section)",
        ),
        "meter": (
            ramp(meter_share, 0.5, 0.9),
            f"{meter_share:.0%} of lines within one syllable of {lyrics.meter_syllables}",
        ),
        "lyric repetition": (
            repetition,
            "a verse repeats another verse"
            if repeated_verse
            else f"{shared_share:.0%} of distinct lines share a two-word opening",
        ),
        "clichés": (ramp(len(found), 4, 0), f"clichés: {', '.join(found)}" if found else "no stock phrases"),
        "theme": (ramp(theme_share, 0.2, 0.75), f"{carrying} of {len(sections)} sections carry the theme or title"),
        "title in chorus": (title_score, f"title '{lyrics.title}' {where}"),
        "cohesion": (
            ramp(len(motifs), 1, 6) * (0.5 + 0.5 * refrain),
            f"{len(motifs)} images come back across {n_sections} sections"
            + (f": {', '.join(motifs[:6])}" if motifs else "")
            + ("" if refrain == 1 else f"; {refrain:.0%} of the choruses repeat the first"),
        ),
        "freshness": (
            ramp(fresh, 0.5, 0.85),
            f"{fresh:.0%} of the word pairs are new to the artist" if before else "the artist's first song",
        ),
    }
