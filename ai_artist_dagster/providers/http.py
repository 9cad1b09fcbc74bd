"""HTTP details every remote provider shares."""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Mapping
from typing import Literal

import httpx

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


class TooLarge(Exception):
    """A download answered with more bytes than the caller accepts."""

    def __init__(self, url: str, limit: int, size: int):
        super().__init__(f"{url}: more than {limit / 1e6:.0f} MB ({size / 1e6:.1f} MB seen); refused")
        self.limit, self.size = limit, size


def send(client: httpx.Client, method: str, url: str, max_bytes: int | None = None, **kwargs) -> httpx.Response:
    """``client.request``; with ``max_bytes`` the body is read only up to that size: an oversize
    answer (by its Content-Length, or by counting when it has none) raises TooLarge before it
    fills memory."""
    if max_bytes is None:
        return client.request(method, url, **kwargs)
    with client.stream(method, url, **kwargs) as response:
        declared = int(response.headers.get("content-length") or 0)
        if declared > max_bytes:
            raise TooLarge(httpx.URL(url).path, max_bytes, declared)
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(httpx.URL(url).path, max_bytes, size)
            chunks.append(chunk)
    return httpx.Response(
        response.status_code, headers=response.headers, content=b"".join(chunks), request=response.request
    )
