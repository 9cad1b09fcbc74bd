"""The tense rule a sung line keeps, written down so the writer follows it and the critic counts it.

A line's time words agree with its verb: a past-only time ("long ago", "back then", "last night",
"all summer") never stands with a present or future verb; a present-only time ("tonight", "right
now", "these days") never with a past verb; a future-only time ("someday", "in a year") only with
"will". "Long ago, I stayed tonight" breaks it twice.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

Tense = Literal["past", "present", "future"]

PAST_ONLY = ("long ago", "back then", "last night", "last summer", "all summer", "that night", "yesterday",
             "years ago", "once upon")  # fmt: skip
PRESENT_ONLY = ("tonight", "right now", "these days", "nowadays", "every night", "for now", "today")
FUTURE_ONLY = ("someday", "one day", "next summer", "in a year", "tomorrow", "when it's over")
_FUTURE = re.compile(r"\b(will|won't|\w+'ll)\b")


@lru_cache(maxsize=1)
def _past_forms() -> frozenset[str]:
    from ai_artist_dagster.domain.writer.frames import VERBS, past
    from ai_artist_dagster.domain.writer.lexicon import PARTICLES, SETTINGS

    forms = {past(v) for verbs in VERBS.values() for v in verbs}
    pairs = [act.split("/") for s in SETTINGS.values() for act in s["acts"]]
    pairs += [list(pair) for particles in PARTICLES.values() for pair in particles]
    forms |= {word for base, did in pairs for word in set(did.split()) - set(base.split())}
    return frozenset(forms | {"was", "were", "did", "had", "went", "came", "saw", "said", "knew", "left"})


# A verb is past when it follows its subject (an adverb may stand between): "I almost went", "you
# kept" — not "a borrowed sweater", whose participle is an adjective.
SUBJECTS = {"i", "you", "we", "they", "he", "she", "it", "nobody", "somebody", "everybody", "someone", "everyone"}


def tense_of(line: str) -> Tense:
    text = line.lower()
    if _FUTURE.search(text):
        return "future"
    words = re.findall(r"[a-z']+", text)
    verbs = {v for i, w in enumerate(words) if w in SUBJECTS for v in words[i + 1 : i + 3]}
    return "past" if verbs & _past_forms() else "present"


def _has(text: str, phrases: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b{re.escape(p)}\b", text) for p in phrases)


def clashes(line: str) -> bool:
    """The line breaks the tense rule above."""
    text, tense = line.lower(), tense_of(line)
    return (
        (_has(text, PAST_ONLY) and tense != "past")
        or (_has(text, PRESENT_ONLY) and tense == "past")
        or (_has(text, FUTURE_ONLY) and tense != "future")
    )
