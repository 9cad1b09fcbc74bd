"""Maps HTTP-level failures of any SDK to :class:`ProviderError` kinds, reading Retry-After."""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Mapping

from ai_artist_dagster.providers.writer.base import ErrorKind, ProviderError


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


def kind_for_status(status: int) -> ErrorKind:
    if status == 429:
        return "rate_limit"
    if status in (401, 403):
        return "auth"
    if status == 408 or status >= 500:
        return "timeout" if status in (408, 504) else "server"
    return "bad_request"


def status_error(status: int, message: str, headers: Mapping[str, str] | None) -> ProviderError:
    kind = kind_for_status(status)
    return ProviderError(kind, f"HTTP {status} ({kind}): {message[:200]}", retry_after_seconds(headers))
