"""Maps HTTP-level failures of any SDK to :class:`ProviderError` kinds, reading Retry-After."""

from __future__ import annotations

from collections.abc import Mapping

from ai_artist_dagster.providers.http import retry_after_seconds, status_kind
from ai_artist_dagster.providers.writer.base import ErrorKind, ProviderError

__all__ = ["kind_for_status", "retry_after_seconds", "status_error"]


def kind_for_status(status: int) -> ErrorKind:
    kind = status_kind(status)
    return "bad_request" if kind == "client" else kind


def status_error(status: int, message: str, headers: Mapping[str, str] | None) -> ProviderError:
    kind = kind_for_status(status)
    return ProviderError(kind, f"HTTP {status} ({kind}): {message[:200]}", retry_after_seconds(headers))
