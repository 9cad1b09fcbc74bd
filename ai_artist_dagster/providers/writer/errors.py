"""Maps HTTP-level failures of any SDK to :class:`ProviderError` kinds, reading Retry-After."""

from __future__ import annotations

from collections.abc import Mapping

from ai_artist_dagster.providers.http import retry_after_seconds
from ai_artist_dagster.providers.writer.base import ErrorKind, ProviderError

__all__ = ["kind_for_status", "retry_after_seconds", "status_error"]


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
