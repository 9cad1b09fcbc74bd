"""Stable seeds: the same inputs give the same song, unlike Python's salted hash()."""

import zlib


def seed_of(*parts: str) -> int:
    return zlib.crc32("|".join(parts).encode())
