"""A small English syllable counter and rhyme test, good enough to steer meter and rhyme."""

from __future__ import annotations

import re

_VOWELS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    count = len(_VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if w.endswith("ed") and not w.endswith(("ted", "ded")) and count > 1:
        count -= 1
    return max(1, count)


def line_syllables(line: str) -> int:
    return sum(syllables(w) for w in line.split())


def rhyme_tail(word: str) -> str:
    """The last vowel group and what follows: 'tonight' -> 'ight'."""
    w = re.sub(r"[^a-z]", "", word.lower())
    match = re.search(r"[aeiouy]+[^aeiouy]*$", w)
    return match.group(0) if match else w


def rhymes(a: str, b: str) -> bool:
    """Do two lines' last words rhyme: the same rhyme family of the writer's lexicon (curated true
    rhymes: "lane" / "again"), else the same spelled tail ("night" / "bright")."""
    from ai_artist_dagster.domain.writer.lexicon import RHYME_FAMILY

    wa, wb = (re.sub(r"[^a-z]", "", line.split()[-1].lower()) for line in (a, b))
    if wa in RHYME_FAMILY and wb in RHYME_FAMILY:
        return RHYME_FAMILY[wa] == RHYME_FAMILY[wb]
    ta, tb = rhyme_tail(wa), rhyme_tail(wb)
    return ta == tb or (len(ta) > 2 and len(tb) > 2 and ta[-3:] == tb[-3:])


def meter_for_tempo(tempo_bpm: float) -> int:
    """Syllables per line that sit comfortably on a melody at this tempo."""
    return 7 if tempo_bpm >= 125 else 8 if tempo_bpm >= 95 else 9
