"""Instagram Reels through the Instagram Graph API's content publishing: check the account's
publishing limit (`content_publishing_limit`), create a REELS media container from the teaser's
public URL, wait until Instagram has processed it (`status_code` FINISHED), then `media_publish`.
Instagram fetches the video itself, so the teaser must be at a public HTTPS address: media in an
S3-compatible bucket (AI_ARTIST_MEDIA_URL) served publicly. There is no scheduled publishing in the
API; a post is sent when its calendar time has come.
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

GRAPH_URL = "https://graph.facebook.com"
GRAPH_VERSION = "v21.0"


class InstagramTarget(SocialTarget):
    name = "instagram"
    schedules = False

    def __init__(
        self,
        user_id: str,
        access_token: SecretStr,
        graph_url: str = GRAPH_URL,
        version: str = GRAPH_VERSION,
        sleep: Callable[[float], None] = time.sleep,
        polls: int = 30,
    ) -> None:
        self.user_id, self.token = user_id, access_token
        self.base = f"{graph_url.rstrip('/')}/{version}"
        self.sleep, self.polls = sleep, polls

    @property
    def label(self) -> str:
        return "instagram:api"

    def _call(self, client: httpx.Client, method: str, path: str, **params: Any) -> dict[str, Any]:
        response = client.request(
            method,
            f"{self.base}/{path}",
            params=params if method == "GET" else None,
            data=params if method == "POST" else None,
            headers={"Authorization": f"Bearer {self.token.get_secret_value()}"},  # never in a logged URL
        )
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        if response.status_code < 400 and "error" not in payload:
            return payload
        error = payload.get("error") or {}
        kind = status_kind(response.status_code)
        throttled = response.status_code == 429 or error.get("code") in (4, 17, 32, 613)  # Graph API rate limits
        raise SocialError(
            f"Instagram {path.split('/')[-1]}: {error.get('type', f'HTTP {response.status_code}')} "
            f"{str(error.get('message', ''))[:160]}"
            + ("; renew INSTAGRAM_ACCESS_TOKEN" if kind == "auth" or error.get("code") == 190 else ""),
            retryable=throttled or kind in ("timeout", "server"),
            retry_after_s=retry_after_seconds(response.headers) or (3600.0 if throttled else None),
        )

    def publish(self, key: str, post: SocialPost, video: Path) -> SocialReceipt:
        container = dict(post.requests[0]["body"])
        if not str(container.get("video_url", "")).startswith("https://"):
            raise SocialError(
                "Instagram fetches the teaser from a public HTTPS URL; this one is local "
                f"({container.get('video_url')}). Serve media from a public bucket (AI_ARTIST_MEDIA_URL, "
                "docs/deployment.md) or leave instagram out of AI_ARTIST_SOCIAL_PLATFORMS",
                retryable=False,
            )
        with httpx.Client(timeout=60) as client:
            limit = self._call(client, "GET", f"{self.user_id}/content_publishing_limit", fields="quota_usage,config")
            usage = (limit.get("data") or [{}])[0]
            total = (usage.get("config") or {}).get("quota_total", 50)
            if usage.get("quota_usage", 0) >= total:
                raise SocialError(
                    f"Instagram: {usage['quota_usage']} of {total} API posts in the last 24 hours; waiting",
                    retryable=True,
                    retry_after_s=3600.0,
                )
            container = {k: str(v).lower() if isinstance(v, bool) else v for k, v in container.items()}
            creation_id = self._call(client, "POST", f"{self.user_id}/media", **container)["id"]
            status = ""
            for poll in range(self.polls):
                status = self._call(client, "GET", creation_id, fields="status_code")["status_code"]
                if status in ("FINISHED", "ERROR", "EXPIRED"):
                    break
                if poll < self.polls - 1:
                    self.sleep(5.0)
            if status != "FINISHED":
                raise SocialError(f"Instagram: the media container {creation_id} is {status or 'not ready'}",
                                  retryable=status == "IN_PROGRESS")  # fmt: skip
            media_id = self._call(client, "POST", f"{self.user_id}/media_publish", creation_id=creation_id)["id"]
            link = self._call(client, "GET", media_id, fields="permalink").get("permalink")
        return SocialReceipt(
            platform="instagram",
            target=self.label,
            status="published",
            post_id=media_id,
            location=link or f"instagram media {media_id}",
        )
