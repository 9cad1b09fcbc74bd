"""Short signed tokens for review buttons.

Telegram's callback_data is at most 64 bytes, so a button carries
``<action>:<piece ref>:<expiry>:<mac>`` — one letter, 10 hex digits of the piece id's SHA-256,
the expiry in base-36 epoch seconds and 16 characters (96 bits) of an HMAC-SHA256 under
``AI_ARTIST_REVIEW_SECRET`` — about 37 bytes. A token that was tampered with, signed with another
secret, expired, or names an unknown action is refused.
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


def sign(secret: bytes, decision: str, piece_id: str, ttl_s: float, now: float | None = None) -> str:
    expiry = int((now if now is not None else time.time()) + ttl_s)
    payload = f"{CODES[decision]}:{piece_ref(piece_id)}:{_base36(expiry)}"
    token = f"{payload}:{_mac(secret, payload)}"
    assert len(token.encode()) <= MAX_BYTES
    return token


@dataclass(frozen=True)
class Verified:
    decision: str
    ref: str
    expires_at: int


def verify(secret: bytes, token: str, now: float | None = None) -> Verified:
    parts = token.split(":")
    if len(parts) != 4:
        raise TokenError("malformed token")
    code, ref, expiry, mac = parts
    if not hmac.compare_digest(_mac(secret, f"{code}:{ref}:{expiry}"), mac):
        raise TokenError("bad signature")
    if code not in ACTIONS:
        raise TokenError("unknown action")
    try:
        expires_at = int(expiry, 36)
    except ValueError as exc:
        raise TokenError("malformed expiry") from exc
    if expires_at < (now if now is not None else time.time()):
        raise TokenError("expired")
    return Verified(decision=ACTIONS[code], ref=ref, expires_at=expires_at)


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out
