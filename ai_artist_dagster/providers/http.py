"""HTTP details every remote provider shares."""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Mapping
from typing import Literal

StatusKind = Literal["auth", "rate_limit", "timeout", "server", "client"]


def status_kind(status: int) -> StatusKind:
    """What an HTTP error status means for a caller deciding to retry, fall back or give up:
    401/403 auth, 429 rate limit, 408/504 timeout, other 5xx server, other 4xx client."""
    if status in (401, 403):
        return "auth"
    if status == 429:
        return "rate_limit"
    if status in (408, 504):
        return "timeout"
    return "server" if status >= 500 else "client"


def retry_after_seconds(headers: Mapping[str, str] | None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``retry-after`` (seconds or an HTTP date)."""
    if not headers:
        return None
    if ms := headers.get("retry-after-ms"):
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
