"""Short signed tokens for review buttons.

Telegram's callback_data is at most 64 bytes, so a button carries
``<action>:<piece ref>:<version>:<expiry>:<mac>`` — one letter, 10 hex digits of the piece id's
SHA-256, the review round the preview showed (base 36: 1, then 2 after a regeneration, …), the expiry
in base-36 epoch seconds and 16 characters (96 bits) of an HMAC-SHA256 under
``AI_ARTIST_REVIEW_SECRET`` — about 39 bytes. A token that was tampered with, signed with another
secret, expired, or names an unknown action is refused; the caller refuses one for an older version.
Any text at all (non-ASCII, surrogates, 4 KB) is refused as a TokenError, never an exception of another kind.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass

ACTIONS = {"a": "approved", "r": "rejected", "g": "regenerate"}
CODES = {v: k for k, v in ACTIONS.items()}
MAX_BYTES = 64


class TokenError(ValueError):
    """Why a token was refused (safe to show: it never contains the secret)."""


def piece_ref(piece_id: str) -> str:
    return hashlib.sha256(piece_id.encode()).hexdigest()[:10]


def _mac(secret: bytes, payload: str) -> str:
    digest = hmac.new(secret, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:16]


def sign(secret: bytes, decision: str, piece_id: str, ttl_s: float, now: float | None = None, version: int = 1) -> str:
    expiry = int((now if now is not None else time.time()) + ttl_s)
    payload = f"{CODES[decision]}:{piece_ref(piece_id)}:{_base36(version)}:{_base36(expiry)}"
    token = f"{payload}:{_mac(secret, payload)}"
    assert len(token.encode()) <= MAX_BYTES
    return token


@dataclass(frozen=True)
class Verified:
    decision: str
    ref: str
    version: int
    expires_at: int


def verify(secret: bytes, token: str, now: float | None = None) -> Verified:
    if len(token) > MAX_BYTES or not token.isascii():  # what sign() makes is short ASCII; compare_digest needs it
        raise TokenError("this button is malformed")
    parts = token.split(":")
    if len(parts) != 5:
        raise TokenError("this button is malformed")
    code, ref, version, expiry, mac = parts
    if not hmac.compare_digest(_mac(secret, f"{code}:{ref}:{version}:{expiry}"), mac):
        raise TokenError("this button's signature is not valid")
    if code not in ACTIONS:
        raise TokenError("this button names an unknown action")
    try:
        expires_at, number = int(expiry, 36), int(version, 36)
    except ValueError as exc:
        raise TokenError("this button is malformed") from exc
    if expires_at < (now if now is not None else time.time()):
        raise TokenError("this button has expired; decide from the shell with `ai-artist review`")
    return Verified(decision=ACTIONS[code], ref=ref, version=number, expires_at=expires_at)


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out
