"""Pexels video search (https://www.pexels.com/api/documentation/#videos-search).

``GET /videos/search?query=…&orientation=portrait&size=medium&per_page=…`` with the key in the
``Authorization`` header. The free tier allows 200 requests an hour and 20,000 a month; each reply
carries ``X-Ratelimit-Remaining`` and ``X-Ratelimit-Reset`` (epoch seconds). So searches are cached
on disk for a day, downloads are kept and reused, and once the quota reads zero no request is made
until the reset time (remembered in the cache folder, across runs). Pexels asks for credit to the
videographer and Pexels: every clip carries its author and page URL.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from ai_artist_dagster.lib.files import atomic_write_text, replacing
from ai_artist_dagster.providers.footage.base import FootageClip, FootageError, FootageProvider
from ai_artist_dagster.providers.http import TooLarge, send, status_kind

SEARCH_TTL_S = 24 * 3600
MAX_FILE_BYTES = 80_000_000


class PexelsFootage(FootageProvider):
    name = "pexels"

    def __init__(
        self,
        api_key: SecretStr,
        base_url: str = "https://api.pexels.com",
        min_width: int = 720,
        timeout_s: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.min_width = min_width
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": api_key.get_secret_value()},
            timeout=timeout_s,
            transport=transport,
            follow_redirects=True,
        )

    # searching ------------------------------------------------------------------------
    def _quota_file(self, cache_dir: Path) -> Path:
        return cache_dir / "ratelimit.json"

    def _search(self, query: str, cache_dir: Path) -> list[dict[str, Any]]:
        cached = cache_dir / "search" / (hashlib.sha256(query.lower().encode()).hexdigest()[:20] + ".json")
        if cached.exists() and time.time() - cached.stat().st_mtime < SEARCH_TTL_S:
            return json.loads(cached.read_text())["videos"]
        quota = self._quota_file(cache_dir)
        if quota.exists() and (reset := json.loads(quota.read_text()).get("reset", 0)) > time.time():
            raise FootageError(
                "rate_limit", f"Pexels quota used up until {time.strftime('%H:%M UTC', time.gmtime(reset))}"
            )
        params = {"query": query, "orientation": "portrait", "size": "medium", "per_page": 10}
        response = self._get("/videos/search", params=params)
        self._remember_quota(response, quota)
        body = response.json()
        atomic_write_text(cached, json.dumps({"query": query, "videos": body.get("videos", [])}))
        return body.get("videos", [])

    def _remember_quota(self, response: httpx.Response, quota: Path) -> None:
        remaining = response.headers.get("X-Ratelimit-Remaining")
        reset = response.headers.get("X-Ratelimit-Reset")
        if remaining is not None and reset and remaining.isdigit() and int(remaining) <= 0:
            atomic_write_text(quota, json.dumps({"reset": float(reset)}))

    def _get(self, url: str, max_bytes: int | None = None, **kwargs: Any) -> httpx.Response:
        try:
            response = send(self._client, "GET", url, max_bytes, **kwargs)
        except TooLarge as exc:
            raise FootageError("bad_file", f"Pexels clip too large: {exc}") from exc
        except httpx.TimeoutException as exc:
            raise FootageError("timeout", f"Pexels {httpx.URL(url).path} timed out") from exc
        except httpx.TransportError as exc:
            raise FootageError("connection", f"cannot reach Pexels ({type(exc).__name__})") from exc
        status = response.status_code
        if status < 400:
            return response
        kind = status_kind(status)
        if kind == "auth":
            raise FootageError("auth", f"Pexels refused the key (HTTP {status}); check PEXELS_API_KEY")
        if kind == "rate_limit":
            raise FootageError("rate_limit", "Pexels rate limit reached (HTTP 429)")
        raise FootageError("server", f"Pexels {httpx.URL(url).path}: HTTP {status}")

    # choosing and downloading ----------------------------------------------------------
    def _best_file(self, video: dict[str, Any]) -> dict[str, Any] | None:
        """The smallest portrait MP4 at least ``min_width`` wide (no 4K downloads for a 720p teaser)."""
        files = [
            f
            for f in video.get("video_files", [])
            if f.get("file_type") == "video/mp4" and f.get("link") and (f.get("height") or 0) > (f.get("width") or 0)
        ]
        wide_enough = [f for f in files if (f.get("width") or 0) >= self.min_width]
        if wide_enough:
            return min(wide_enough, key=lambda f: f["width"])
        return max(files, key=lambda f: f.get("width") or 0, default=None)

    def _download(self, video: dict[str, Any], file: dict[str, Any], cache_dir: Path) -> Path:
        from ai_artist_dagster.domain.video import probe_media

        target = cache_dir / "clips" / f"{video['id']}-{file.get('id', 'f')}.mp4"
        if target.exists():
            return target
        response = self._get(file["link"], max_bytes=MAX_FILE_BYTES)
        if not response.content:
            raise FootageError("bad_file", f"Pexels video {video['id']}: empty download")
        target.parent.mkdir(parents=True, exist_ok=True)
        with replacing(target) as tmp:
            tmp.write_bytes(response.content)
            try:
                probe = probe_media(tmp)
            except ValueError as exc:
                raise FootageError("bad_file", f"Pexels video {video['id']} is not a video: {exc}") from exc
            if not probe.video_codec:
                raise FootageError("bad_file", f"Pexels video {video['id']} has no video stream")
        return target

    def clips(self, queries: list[str], count: int, cache_dir: Path) -> list[FootageClip]:
        found: list[FootageClip] = []
        seen: set[str] = set()
        problems: list[str] = []
        for query in queries:
            try:
                videos = self._search(query, cache_dir)
            except FootageError as exc:
                if exc.kind in ("auth", "rate_limit"):
                    raise
                problems.append(str(exc))
                continue
            for video in videos:
                if len(found) >= count:
                    return found
                vid = str(video.get("id"))
                file = self._best_file(video)
                if vid in seen or file is None:
                    continue
                try:
                    path = self._download(video, file, cache_dir)
                except FootageError as exc:
                    problems.append(str(exc))
                    continue
                seen.add(vid)
                user = video.get("user") or {}
                found.append(
                    FootageClip(
                        path=str(path),
                        source="pexels",
                        source_id=vid,
                        page_url=str(video.get("url", "")),
                        author=str(user.get("name", "unknown")),
                        author_url=str(user.get("url", "")),
                        width=int(file.get("width") or 0),
                        height=int(file.get("height") or 0),
                        duration_s=float(video.get("duration") or 0),
                        query=query,
                    )
                )
        if not found:
            detail = "; ".join(problems) or "no portrait MP4 results"
            raise FootageError("no_results", f"no usable Pexels footage for {queries}: {detail}")
        return found
