"""Syllables and rhymes of sung lines: by the CMU Pronouncing Dictionary (pronounce.py) where it
knows the word, else by spelling."""

from __future__ import annotations

import re

from ai_artist_dagster.domain.pronounce import rhyme_key, spelled_syllables, syllable_count


def syllables(word: str) -> int:
    return syllable_count(word) or spelled_syllables(word)


def line_syllables(line: str) -> int:
    return sum(syllables(w) for w in line.split())


def rhyme_tail(word: str) -> str:
    """The last vowel group and what follows: 'tonight' -> 'ight'."""
    w = re.sub(r"[^a-z]", "", word.lower())
    match = re.search(r"[aeiouy]+[^aeiouy]*$", w)
    return match.group(0) if match else w


def rhymes(a: str, b: str) -> bool:
    """Do two lines' last words rhyme: the same sounds from the last stressed vowel on (CMUdict:
    "light" / "tonight", "radio" / "snow"), else the same spelled tail; a word never rhymes with itself."""
    wa, wb = (re.sub(r"[^a-z']", "", line.split()[-1].lower()).strip("'") if line.split() else "" for line in (a, b))
    if not wa or not wb or wa == wb:
        return False
    ka, kb = rhyme_key(wa), rhyme_key(wb)
    if ka and kb:
        return ka == kb
    ta, tb = rhyme_tail(wa), rhyme_tail(wb)
    return ta == tb or (len(ta) > 2 and len(tb) > 2 and ta[-3:] == tb[-3:])


def meter_for_tempo(tempo_bpm: float) -> int:
    """Syllables per line that sit comfortably on a melody at this tempo."""
    return 7 if tempo_bpm >= 125 else 8 if tempo_bpm >= 95 else 9
