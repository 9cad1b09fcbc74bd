"""Pronunciations from the CMU Pronouncing Dictionary: syllables, stress and true rhymes, for the
writer (meter, rhyme), the critic (rhyme) and the voice (stress on the melody without Festival).

The dictionary comes from Festival's Debian package festlex-cmu (CMUdict 0.4, a permissive licence:
see docs/llm.md) when it is installed. The writer's own lexicon does not depend on it: its words'
pronunciations are copied into ``pronunciations.json`` beside this file (``python -m
ai_artist_dagster.domain.pronounce`` rewrites it), so the writer is the same on every machine.
A word in neither falls back to spelling (syllables.py), which the critic then says it used.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

FESTIVAL_CMU = Path("/usr/share/festival/dicts/cmu/cmudict-0.4.out")
TABLE = Path(__file__).with_name("pronunciations.json")
VOWELS = {"aa", "ae", "ah", "ao", "aw", "ax", "ay", "eh", "er", "ey", "ih", "iy", "ow", "oy", "uh", "uw"}
_ENTRY = re.compile(r'^\("([a-z\']+)" \S+ \((.*)\)\)$')
_SYLLABLE = re.compile(r"\(\(([a-z ]+)\) ([01])\)")

Syllables = list[tuple[str, int]]  # [("t ax", 0), ("n ay t", 1)]


def _parse(body: str) -> Syllables:
    return [(phones, int(stress)) for phones, stress in _SYLLABLE.findall(body)]


@lru_cache(maxsize=1)
def _lexicon_table() -> dict[str, Syllables]:
    raw: dict[str, list[list[str | int]]] = json.loads(TABLE.read_text()) if TABLE.exists() else {}
    return {word: [(str(p), int(s)) for p, s in sylls] for word, sylls in raw.items()}


@lru_cache(maxsize=1)
def _cmu() -> dict[str, Syllables]:
    """The whole CMU dictionary from festlex-cmu (~0.5 s once per process), or {} without it."""
    if not FESTIVAL_CMU.exists():
        return {}
    table: dict[str, Syllables] = {}
    for line in FESTIVAL_CMU.read_text(errors="replace").splitlines():
        found = _ENTRY.match(line)
        if found and found.group(1) not in table:  # the first entry is the common reading
            table[found.group(1)] = _parse(found.group(2))
    return table


def has_dictionary() -> bool:
    return bool(_cmu())


def _known(word: str, table: bool = True) -> Syllables | None:
    return (_lexicon_table().get(word) if table else None) or _cmu().get(word)


def _derived(w: str, table: bool = True) -> Syllables | None:
    """A word the dictionary lacks, from one it has: don't -> dont, didn't -> did + n't, you'll -> you + l, mother's / gulls / fireflies ->
    + z, shivered -> + d, streetlight -> street + light."""
    if found := _known(w.replace("'", ""), table):
        return found
    if w.endswith("n't") and (found := _known(w[:-3], table)):
        return [*found, ("ax n t", 0)]
    if w.endswith("'ll") and (found := _known(w[:-3], table)):  # you'll: one syllable, + l
        *head, (phones, stress) = found
        return [*head, (f"{phones} l", stress)]
    stem = w.removesuffix("'s")
    for base, tail in ((stem[:-3] + "y", "z"), (stem[:-1], "z"), (w[:-2], "d"), (w[:-1], "d")):
        if w.endswith(("s", "d")) and len(base) > 2 and (found := _known(base, table)):
            *head, (phones, stress) = found
            if tail == "d" and phones.split()[-1] in ("t", "d"):
                return [*head, (phones, stress), ("ih d", 0)]
            return [*head, (f"{phones} {tail}", stress)]
    for i in range(3, len(w) - 2):
        if (left := _known(w[:i], table)) and (right := _known(w[i:], table)):
            return left + right
    return None


def pronounce(word: str, table: bool = True) -> Syllables | None:
    """A word's syllables and stresses; ``table=False`` reads the dictionary only (to rewrite the table)."""
    w = re.sub(r"[^a-z']", "", word.lower()).strip("'")
    return (_known(w, table) or _derived(w, table)) if w else None


def syllable_count(word: str) -> int | None:
    sylls = pronounce(word)
    return len(sylls) if sylls else None


def stresses(word: str) -> list[int] | None:
    """1 for each stressed syllable, 0 for each unstressed one: "tonight" -> [0, 1]."""
    sylls = pronounce(word)
    return [s for _, s in sylls] if sylls else None


def rhyme_key(word: str) -> str | None:
    """The sounds from the last stressed vowel on: "tonight" -> "ay t", "radio" -> "ow"; two words
    rhyme when their keys are equal (and the words differ)."""
    sylls = pronounce(word)
    if not sylls:
        return None
    last = max((i for i, (_, s) in enumerate(sylls) if s), default=len(sylls) - 1)
    phones = sylls[last][0].split()
    start = next((i for i, p in enumerate(phones) if p in VOWELS), 0)
    return " ".join(phones[start:] + [p for ph, _ in sylls[last + 1 :] for p in ph.split()])


_GROUP = re.compile(r"[aeiouy]+")


def spelled_syllables(word: str) -> int:
    """Syllables by vowel groups, for a word no dictionary knows: a silent final e ("shine") and a
    silent -ed ("played") do not count."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    count = len(_GROUP.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if w.endswith("ed") and not w.endswith(("ted", "ded")) and count > 1:
        count -= 1
    return max(1, count)


def write_table(words: set[str]) -> int:
    """Copy the lexicon's words' pronunciations out of festlex-cmu into pronunciations.json."""
    cmu = _cmu()
    if not cmu:
        raise SystemExit(f"{FESTIVAL_CMU} not found: install festlex-cmu (deploy/system-packages.sh)")
    table = {w: pronounce(w, table=False) for w in sorted(words)}
    missing = sorted(w for w, found in table.items() if not found)
    if missing:
        raise SystemExit(f"not in CMUdict, respell or drop from the lexicon: {', '.join(missing)}")
    TABLE.write_text(json.dumps(table, separators=(",", ":"), sort_keys=True) + "\n")
    return len(table)


if __name__ == "__main__":
    from ai_artist_dagster.domain.writer.lyrics import vocabulary

    print(f"wrote {write_table(vocabulary())} pronunciations to {TABLE}")
