"""TikTok through the Content Posting API (Direct Post): query the creator's posting options, init
the post with the post's info (is_aigc: AI-generated content label) and FILE_UPLOAD source, PUT the
teaser to the upload URL TikTok returns, then fetch the status. TikTok has no scheduled posting in
the API, so a post is sent when its calendar time has come. Limits: 6 init requests a minute per
user token, 30 status fetches a minute; a 429 or ``rate_limit_exceeded`` waits and retries once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from ai_artist_dagster.domain.social import SocialPost
from ai_artist_dagster.providers.http import retry_after_seconds, status_kind
from ai_artist_dagster.providers.social.base import SocialError, SocialReceipt, SocialTarget

API_URL = "https://open.tiktokapis.com"
DONE = "PUBLISH_COMPLETE"
FAILED = "FAILED"


class TikTokTarget(SocialTarget):
    name = "tiktok"
    schedules = False

    def __init__(
        self,
        access_token: SecretStr,
        api_url: str = API_URL,
        sleep: Callable[[float], None] = time.sleep,
        status_polls: int = 5,
    ) -> None:
        self.token, self.api_url, self.sleep, self.status_polls = access_token, api_url.rstrip("/"), sleep, status_polls

    @property
    def label(self) -> str:
        return "tiktok:api"

    def _call(self, client: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token.get_secret_value()}"}
        for attempt in range(2):
            response = client.post(f"{self.api_url}{path}", json=body, headers=headers)
            payload = _json(response)
            code = (payload.get("error") or {}).get("code", "ok")
            if response.status_code == 429 or code == "rate_limit_exceeded":
                told = retry_after_seconds(response.headers)
                wait = 60.0 if told is None else told  # the limits are per minute
                if attempt == 0 and wait <= 60:
                    self.sleep(wait)
                    continue
                raise SocialError(f"TikTok {path}: rate limit exceeded", retryable=True, retry_after_s=max(wait, 60.0))
            if response.status_code >= 400 or code != "ok":
                message = (payload.get("error") or {}).get("message", "")[:160]
                kind = status_kind(response.status_code) if response.status_code >= 400 else "client"
                retryable = kind in ("timeout", "server")
                hint = "; authorize the account again and set TIKTOK_ACCESS_TOKEN" if kind == "auth" else ""
                raise SocialError(f"TikTok {path}: {code} {message}{hint}", retryable=retryable)
            return payload.get("data") or {}
        raise AssertionError("unreachable")

    def publish(self, key: str, post: SocialPost, video: Path) -> SocialReceipt:
        body = post.requests[0]["body"]
        size = video.stat().st_size
        with httpx.Client(timeout=60) as client:
            creator = self._call(client, "/v2/post/publish/creator_info/query/", {})
            options = creator.get("privacy_level_options") or []
            if body["post_info"]["privacy_level"] not in options:
                raise SocialError(
                    f"TikTok: the account does not allow privacy level {body['post_info']['privacy_level']} "
                    f"(it allows {', '.join(options) or 'none'}); set AI_ARTIST_SOCIAL_PRIVACY",
                    retryable=False,
                )
            body = {**body, "source_info": {**body["source_info"], "video_size": size, "chunk_size": size}}
            init = self._call(client, "/v2/post/publish/video/init/", body)
            upload = client.put(
                init["upload_url"],
                content=video.read_bytes(),
                headers={"Content-Type": "video/mp4", "Content-Range": f"bytes 0-{size - 1}/{size}"},
            )
            if upload.status_code >= 400:
                raise SocialError(
                    f"TikTok upload: HTTP {upload.status_code}", retryable=status_kind(upload.status_code) != "client"
                )
            publish_id = init["publish_id"]
            receipt = self.status(publish_id, client)
        return receipt

    def status(self, publish_id: str, client: httpx.Client | None = None) -> SocialReceipt:
        """The post's state: published once TikTok completes it, processing while it works on it."""
        own = client is None
        client = client or httpx.Client(timeout=60)
        try:
            state: dict[str, Any] = {}
            for poll in range(self.status_polls):
                state = self._call(client, "/v2/post/publish/status/fetch/", {"publish_id": publish_id})
                if state.get("status") in (DONE, FAILED):
                    break
                if poll < self.status_polls - 1:
                    self.sleep(2.0)
        finally:
            if own:
                client.close()
        if state.get("status") == FAILED:
            raise SocialError(f"TikTok: post {publish_id} failed ({state.get('fail_reason', 'no reason given')})")
        done = state.get("status") == DONE
        posts = state.get("publicaly_available_post_id") or []  # sic: the API's spelling
        return SocialReceipt(
            platform="tiktok",
            target=self.label,
            status="published" if done else "processing",
            post_id=str(posts[0]) if posts else publish_id,
            location=f"https://www.tiktok.com/video/{posts[0]}" if posts else f"tiktok publish {publish_id}",
        )


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}
