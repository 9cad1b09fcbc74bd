"""YouTube Shorts through the YouTube Data API v3 with Google's official client
(google-api-python-client, its bundled discovery document; no network to build it): an OAuth 2.0
refresh token for the channel, a resumable `videos.insert` of the teaser with the post's snippet
and status (containsSyntheticMedia; private with publishAt until the calendar's time, so YouTube
publishes it then). An upload costs ~100 of the project's daily 10,000 quota units (1,600 before 2025-12-04).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from ai_artist_dagster.domain.social import SocialPost
from ai_artist_dagster.providers.http import retry_after_seconds, status_kind
from ai_artist_dagster.providers.log_redaction import redact_in_logs
from ai_artist_dagster.providers.social.base import SocialError, SocialReceipt, SocialTarget

SCOPE = "https://www.googleapis.com/auth/youtube.upload"
TOKEN_URL = "https://oauth2.googleapis.com/token"
API_URL = "https://youtube.googleapis.com/"


class YouTubeTarget(SocialTarget):
    name = "youtube"
    schedules = True  # publishAt

    def __init__(
        self,
        client_id: str,
        client_secret: SecretStr,
        refresh_token: SecretStr,
        api_url: str = API_URL,
        token_url: str = TOKEN_URL,
        chunk_bytes: int = 8 * 1024 * 1024,
    ) -> None:
        self.client_id, self.client_secret, self.refresh_token = client_id, client_secret, refresh_token
        self.api_url, self.token_url, self.chunk_bytes = api_url, token_url, chunk_bytes
        for secret in (client_secret, refresh_token):
            redact_in_logs(secret.get_secret_value())

    @property
    def label(self) -> str:
        return "youtube:api"

    def _service(self) -> Any:
        import google.auth.exceptions
        import google.auth.transport.requests
        from google.oauth2.credentials import Credentials
        from google_auth_httplib2 import AuthorizedHttp
        from googleapiclient.discovery import build_from_document
        from googleapiclient.discovery_cache import get_static_doc
        from googleapiclient.http import build_http

        credentials = Credentials(
            token=None,
            refresh_token=self.refresh_token.get_secret_value(),
            client_id=self.client_id,
            client_secret=self.client_secret.get_secret_value(),
            token_uri=self.token_url,
            scopes=[SCOPE],
        )
        http = AuthorizedHttp(credentials, http=build_http())  # build_http: 308 means "resume", not a redirect
        try:
            credentials.refresh(google.auth.transport.requests.Request())
        except google.auth.exceptions.RefreshError as exc:
            reason = exc.args[0] if exc.args else "refused"
            raise SocialError(
                f"YouTube: the OAuth refresh token was refused ({str(reason)[:80]}); authorize the channel again "
                "and set YOUTUBE_REFRESH_TOKEN (docs/publishing.md)",
                retryable=False,
            ) from None
        document = json.loads(get_static_doc("youtube", "v3"))  # shipped in the wheel: no discovery request
        if self.api_url != document["rootUrl"]:  # a proxy or a test's fake: every URL, uploads included
            document |= {"rootUrl": self.api_url, "baseUrl": self.api_url + document["servicePath"]}
        return build_from_document(document, http=http)

    def publish(self, key: str, post: SocialPost, video: Path) -> SocialReceipt:
        from googleapiclient.errors import HttpError
        from googleapiclient.http import MediaFileUpload

        body = json.loads(json.dumps(post.requests[0]["body"]))
        status = body["status"]
        if "publishAt" in status and post.scheduled_at <= dt.datetime.now(dt.UTC):
            del status["publishAt"]  # its time has come (a late run or a backfill): public now
            status["privacyStatus"] = "public"
        service = self._service()
        media = MediaFileUpload(str(video), mimetype="video/mp4", chunksize=self.chunk_bytes, resumable=True)
        request = service.videos().insert(part="snippet,status", body=body, media_body=media, notifySubscribers=False)
        try:
            response = None
            while response is None:
                _, response = request.next_chunk(num_retries=3)
        except HttpError as exc:
            raise _error(exc) from None
        video_id = response["id"]
        state = "scheduled" if response.get("status", {}).get("publishAt") else "published"
        note = None
        thumbnail = next((r["file"] for r in post.requests if "thumbnails/set" in r["url"]), None)
        if thumbnail:
            try:  # channels need a verified phone number for custom thumbnails: the post stands without one
                image = MediaFileUpload(thumbnail, mimetype="image/jpeg")
                service.thumbnails().set(videoId=video_id, media_body=image).execute(num_retries=2)
            except HttpError as exc:
                note = f"custom thumbnail not set: {_error(exc)}"
        return SocialReceipt(
            platform="youtube",
            target=self.label,
            status=state,
            post_id=video_id,
            location=f"https://www.youtube.com/shorts/{video_id}",
            note=note,
        )


def _error(exc: Any) -> SocialError:
    """A YouTube API error as a SocialError: quota and rate limits wait, auth and bad requests do not."""
    status = int(exc.resp.status)
    try:
        errors = json.loads(exc.content)["error"]
        reasons = [e.get("reason", "") for e in errors.get("errors", [])]
        message = errors.get("message", "")
    except (ValueError, KeyError, TypeError):
        reasons, message = [], ""
    kind = status_kind(status)
    if "quotaExceeded" in reasons or "uploadLimitExceeded" in reasons:
        return SocialError(
            f"YouTube: {reasons[0]} ({message[:120]}); the daily quota resets at midnight Pacific time",
            retryable=True,
            retry_after_s=6 * 3600,
        )
    headers = {k.lower(): v for k, v in dict(exc.resp).items()}
    return SocialError(
        f"YouTube: HTTP {status} {', '.join(reasons) or kind} ({message[:160]})",
        retryable=kind in ("rate_limit", "timeout", "server"),
        retry_after_s=retry_after_seconds(headers),
    )
