"""Words as a singer needs them: syllables with stress (and, when a voice spoke them, phones with
their times). A voice that knows pronunciations (Festival's CMU lexicon) supplies these; without one,
`syllabify` counts vowel groups so a melody can still be written for an instrumental."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

VOWELS = "aeiouy"
# Vowel phones of the CMU / Festival radio phone set (ARPAbet).
VOWEL_PHONES = frozenset(
    ["aa", "ae", "ah", "ao", "aw", "ax", "axr", "ay", "eh", "er", "ey", "ih", "ix", "iy", "ow", "oy", "uh", "uw"]
)


class Phone(BaseModel):
    name: str
    start_s: float = 0.0
    end_s: float = 0.0

    @property
    def vowel(self) -> bool:
        return self.name in VOWEL_PHONES


class Syllable(BaseModel):
    phones: list[Phone] = Field(default_factory=list)
    stressed: bool = False
    text: str = ""  # phones joined ("n iy"), or the letters when no voice spelled it out

    @property
    def start_s(self) -> float:
        return self.phones[0].start_s if self.phones else 0.0

    @property
    def end_s(self) -> float:
        return self.phones[-1].end_s if self.phones else 0.0


class Word(BaseModel):
    text: str
    syllables: list[Syllable]


class Line(BaseModel):
    """One lyric line as words; ``audio_s`` is the length of its spoken rendition, when there is one."""

    text: str
    words: list[Word]
    audio_s: float = 0.0

    @property
    def syllables(self) -> list[tuple[int, Syllable]]:
        """(word index within the line, syllable) in order."""
        return [(i, s) for i, w in enumerate(self.words) for s in w.syllables]


WORD_RE = re.compile(r"[A-Za-z][A-Za-z']*")
_GROUP = re.compile(r"[aeiouy]+")


def words_of(line: str) -> list[str]:
    return WORD_RE.findall(line)


def _vowel_groups(word: str) -> int:
    w = word.lower().replace("'", "")
    groups = len(_GROUP.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1  # silent final e: "rain", "shine", "fire"
    if w.endswith("ed") and groups > 1 and not w.endswith(("ted", "ded")):
        groups -= 1  # "burned", "played"
    return max(1, groups)


def syllabify(line: str) -> Line:
    """Syllables by vowel groups; the first syllable of a word of two or more is stressed, and
    one-syllable words are stressed unless they are function words."""
    out = []
    for word in words_of(line):
        n = _vowel_groups(word)
        stressed_first = word.lower() not in FUNCTION_WORDS
        out.append(
            Word(text=word, syllables=[Syllable(stressed=(i == 0 and stressed_first), text=word) for i in range(n)])
        )
    return Line(text=line, words=out)


FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "me",
        "my",
        "your",
        "his",
        "her",
        "our",
        "their",
        "him",
        "them",
        "us",
        "this",
        "that",
        "these",
        "those",
        "so",
        "if",
        "do",
        "does",
        "did",
        "not",
        "no",
        "yes",
        "oh",
    ]
)
