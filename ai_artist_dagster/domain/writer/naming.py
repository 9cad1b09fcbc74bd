"""Artist names and ids."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from ai_artist_dagster.domain.writer.words import NAME_FIRST, NAME_LAST, NAME_MID


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "artist"


def artist_name(seed: int, taken: Iterable[str] = ()) -> str:
    """An invented name whose surname and first name no name in ``taken`` has (same-day artists
    named Kana Nox and Velo Nox read as one act), when the name bank has one left."""
    rng = random.Random(seed)
    used = {part.lower() for name in taken for part in name.split()}
    names = [f"{rng.choice(NAME_FIRST) + rng.choice(NAME_MID)} {rng.choice(NAME_LAST)}" for _ in range(64)]
    return next((n for n in names if not used & {p.lower() for p in n.split()}), names[0])
