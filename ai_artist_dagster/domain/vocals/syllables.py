"""Words as a singer needs them: syllables with stress (and, when a voice spoke them, phones with
their times). A voice that knows pronunciations (Festival's CMU lexicon) supplies these; without one,
`syllabify` takes syllables and stress from the CMU dictionary (domain/pronounce.py), and counts
vowel groups for a word it lacks, so a melody can still be written for an instrumental."""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, Field

from ai_artist_dagster.domain.pronounce import pronounce, spelled_syllables

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


# A lyric's word as a reader sees it: letters and digits, joined by apostrophes (straight or curly)
# and hyphens inside the word ("Let's", "carry-on", "rock’n’roll"); the sung word, the score, the
# LRC/SRT and the captions all carry this token, never a speech engine's respelling of it.
WORD_RE = re.compile(r"[^\W_]+(?:['’‘-][^\W_]+)*")


def words_of(line: str) -> list[str]:
    return WORD_RE.findall(line)


def _letters(word: str) -> str:
    """The word's plain letters and digits ("Café" -> "cafe"), for comparing spellings."""
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", word.lower()))


def as_lyric_words(line: Line) -> Line:
    """The line with a speech engine's words renamed and regrouped to the lyric's own tokens: Festival
    says "Let" for "Let's" (singing "l eh t s"), "carry" + "on" for "carry-on" and "nine" for "9".
    Each lyric token takes the engine's words whose letters spell its start (at least one; a
    number's words until the next token's start); the syllables stay the engine's, in order."""
    tokens, spoken = words_of(line.text), list(line.words)
    if not tokens:
        return line
    out: list[Word] = []
    i = 0
    for n, token in enumerate(tokens):
        if i >= len(spoken):
            break
        target, following = _letters(token), _letters(tokens[n + 1]) if n + 1 < len(tokens) else None
        taken, spelled = [spoken[i]], _letters(spoken[i].text)
        i += 1
        while i < len(spoken) and len(tokens) - n - 1 < len(spoken) - i:  # more engine words than tokens left
            nxt = _letters(spoken[i].text)
            joins = target.startswith(spelled + nxt) and bool(nxt)
            unmatched = not target.startswith(spelled) and not (following and following.startswith(nxt))
            if not (joins or unmatched):
                break
            taken.append(spoken[i])
            spelled += nxt
            i += 1
        out.append(Word(text=token, syllables=[s for w in taken for s in w.syllables]))
    if i < len(spoken) and out:  # engine words left over (never expected): they stay sung, on the last token
        out[-1] = Word(text=out[-1].text, syllables=[*out[-1].syllables, *(s for w in spoken[i:] for s in w.syllables)])
    return line.model_copy(update={"words": out})


def syllabify(line: str) -> Line:
    """Syllables and stress by the CMU dictionary (a one-syllable function word unstressed: "the",
    "and"); for a word it lacks, vowel groups with the first stressed unless it is a function word."""
    out = []
    for word in words_of(line):
        known = pronounce(word)
        function = word.lower() in FUNCTION_WORDS
        if known:
            marks = [bool(stress) and not (function and len(known) == 1) for _, stress in known]
            texts = [phones for phones, _ in known]
        else:
            n = spelled_syllables(word)
            marks, texts = [i == 0 and not function for i in range(n)], [word] * n
        out.append(Word(text=word, syllables=[Syllable(stressed=m, text=t) for m, t in zip(marks, texts, strict=True)]))
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
