"""Recording and product codes.

- ISRC (ISO 3901): country code (2 letters) + registrant code (3 alphanumerics) + year (2 digits)
  + designation (5 digits), e.g. ``ZZAIA2000001``. It has no check digit; the registrant's own
  designations must never repeat within a year, so they are allocated in sequence.
- UPC/EAN (GTIN-13, used as the release's ICPN): a GS1 company prefix + item reference + a
  mod-10 check digit (weights 1 and 3 from the left). The default prefix ``0200000`` is in GS1's
  restricted-circulation range (020–029), safe for testing and never a real product.
"""

from __future__ import annotations

import re

ISRC_PREFIX_RE = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}$")
ISRC_RE = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$")


class IdentifierError(ValueError):
    pass


def isrc(prefix: str, year: int, designation: int) -> str:
    """``prefix`` = country + registrant (e.g. ``ZZAIA``; dashes ignored)."""
    clean = prefix.replace("-", "").upper()
    if not ISRC_PREFIX_RE.match(clean):
        raise IdentifierError(f"ISRC prefix {prefix!r} must be 2 letters + 3 letters/digits (AI_ARTIST_ISRC_PREFIX)")
    if not 0 < designation <= 99_999:
        raise IdentifierError(f"ISRC designation {designation} is outside 1–99999 for {clean} in {year}")
    return f"{clean}{year % 100:02d}{designation:05d}"


def is_valid_isrc(code: str) -> bool:
    return bool(ISRC_RE.match(code))


def gtin_check_digit(digits: str) -> int:
    """Mod-10 check digit of a GTIN body (weights 3,1,3,… from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def ean13(prefix: str, item: int) -> str:
    """A GTIN-13 from a GS1 company prefix (digits) and an item reference filling the other digits."""
    if not prefix.isdigit() or not 6 <= len(prefix) <= 11:
        raise IdentifierError(f"UPC prefix {prefix!r} must be 6–11 digits (AI_ARTIST_UPC_PREFIX)")
    width = 12 - len(prefix)
    if not 0 < item < 10**width:
        raise IdentifierError(f"item reference {item} does not fit the {width} digits prefix {prefix} leaves")
    body = f"{prefix}{item:0{width}d}"
    return body + str(gtin_check_digit(body))


def is_valid_gtin(code: str) -> bool:
    return code.isdigit() and len(code) in (8, 12, 13, 14) and gtin_check_digit(code[:-1]) == int(code[-1])


def next_designation(taken: list[str], prefix: str, year: int) -> int:
    """One past the highest designation already used with this ISRC prefix and year."""
    stem = prefix.replace("-", "").upper() + f"{year % 100:02d}"
    used = [int(code[len(stem) :]) for code in taken if code.startswith(stem)]
    return max(used, default=0) + 1


def next_item(taken: list[str], prefix: str) -> int:
    """One past the highest item reference already used with this GS1 prefix."""
    used = [int(code[len(prefix) : -1]) for code in taken if code.startswith(prefix) and len(code) == 13]
    return max(used, default=0) + 1
