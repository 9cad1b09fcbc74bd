"""Artist names and ids."""

from __future__ import annotations

import random
import re

from ai_artist_dagster.domain.writer.words import NAME_FIRST, NAME_LAST, NAME_MID


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "artist"


def artist_name(seed: int) -> str:
    rng = random.Random(seed)
    first = rng.choice(NAME_FIRST) + rng.choice(NAME_MID)
    return f"{first} {rng.choice(NAME_LAST)}"
