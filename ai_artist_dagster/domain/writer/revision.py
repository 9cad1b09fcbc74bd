"""What a regeneration changed, in words a reviewer reads beside the new version."""

from __future__ import annotations

import re

from ai_artist_dagster.domain.writer.words import feedback_words
from ai_artist_dagster.lib.schemas import Lyrics


def _count(word: str, text: str) -> int:
    return len(re.findall(rf"\b{re.escape(word)}\b", text))


def revision_note(before: Lyrics, after: Lyrics, feedback: str | None) -> str:
    """e.g. 'after "more neon, less rain": title "Grey Letter" → "Neon Letter"; 19 of 24 lines new; the
    song now sings neon; rain 3 → 0 times'. A feedback word the new version does not follow is said
    too, never hidden."""
    parts = []
    if before.title != after.title:
        parts.append(f"title “{before.title}” → “{after.title}”")
    old = set(before.sung_lines())
    lines = after.sung_lines()
    parts.append(f"{sum(line not in old for line in lines)} of {len(lines)} lines new")
    if after.theme != before.theme:
        parts.append(f"theme “{before.theme}” → “{after.theme}”")
    if feedback:
        text, was = (" ".join([s.title, *s.sung_lines()]).lower() for s in (after, before))
        asked, refused = feedback_words(feedback)
        sung = [w for w in asked if _count(w, text)]
        if sung:
            parts.append("the song now sings " + ", ".join(sung))
        parts += [f"{w} {_count(w, was)} → {_count(w, text)} times" for w in refused]
        if missing := [w for w in asked if w not in sung]:
            parts.append("not taken up: " + ", ".join(missing))
    head = f"after “{feedback.strip()}”: " if feedback else "remade: "
    return head + "; ".join(parts)
