"""Local fakes of the three platforms' publishing APIs, built from their published descriptions:

- Google OAuth 2.0 token endpoint (refresh_token grant) and YouTube Data API v3 ``videos.insert``
  as a resumable upload — paths, parameters and the Video resource's fields checked against the
  discovery document google-api-python-client ships (youtube.v3.json); 100 quota units an upload (since 2025-12-04),
  ``quotaExceeded`` past the daily limit.
- TikTok Content Posting API: ``creator_info/query``, Direct Post ``video/init`` (6 requests a
  minute per token, then ``rate_limit_exceeded``), the PUT upload with Content-Range, and
  ``status/fetch``.
- Instagram Graph API content publishing: ``content_publishing_limit``, a REELS media container,
  its ``status_code``, ``media_publish`` and the ``permalink``.

Each fake records the requests it received, so a test reads what was actually sent.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DISCOVERY = Path(__import__("googleapiclient").__file__).parent / "discovery_cache" / "documents" / "youtube.v3.json"


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class PlatformFakes:
    """State of all three fakes on one server."""

    refresh_token: str = "1//fake-refresh"
    tiktok_token: str = "act.fake-tiktok"
    instagram_token: str = "IGQfake"
    youtube_quota: int = 10_000
    youtube_used: int = 0
    tiktok_inits: list[float] = field(default_factory=list)
    tiktok_privacy_options: list[str] = field(default_factory=lambda: ["PUBLIC_TO_EVERYONE", "SELF_ONLY"])
    instagram_posts_24h: int = 0
    instagram_quota: int = 50
    fail_next: dict[str, int] = field(default_factory=dict)  # path fragment -> HTTP status, once
    received: list[Received] = field(default_factory=list)
    videos: dict[str, dict[str, Any]] = field(default_factory=dict)
    uploads: dict[str, bytes] = field(default_factory=dict)
    thumbnails: dict[str, bytes] = field(default_factory=dict)
    url: str = ""

    def paths(self) -> list[str]:
        return [f"{r.method} {r.path}" for r in self.received]


def _video_fields() -> dict[str, set[str]]:
    """The writable fields of a Video resource's snippet and status, from the discovery document."""
    schemas = json.loads(DISCOVERY.read_text())["schemas"]
    return {
        part: set(schemas[ref]["properties"]) for part, ref in (("snippet", "VideoSnippet"), ("status", "VideoStatus"))
    }


class _Handler(BaseHTTPRequestHandler):
    fakes: PlatformFakes
    video_fields: dict[str, set[str]]

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _reply(self, status: int, payload: Any = None, headers: dict[str, str] | None = None) -> None:
        data = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _receive(self) -> Received:
        length = int(self.headers.get("Content-Length") or 0)
        parsed = urllib.parse.urlsplit(self.path)
        received = Received(
            self.command,
            parsed.path,
            urllib.parse.parse_qs(parsed.query),
            {k.lower(): v for k, v in self.headers.items()},
            self.rfile.read(length) if length else b"",
        )
        self.fakes.received.append(received)
        return received

    def do_GET(self) -> None:
        self._route(self._receive())

    def do_POST(self) -> None:
        self._route(self._receive())

    def do_PUT(self) -> None:
        self._route(self._receive())

    def _route(self, r: Received) -> None:
        for fragment, status in list(self.fakes.fail_next.items()):
            if fragment in r.path:
                del self.fakes.fail_next[fragment]
                return self._reply(status, {"error": {"code": status, "message": "injected"}}, {"Retry-After": "1"})
        if r.path == "/token":
            return self._token(r)
        if r.path.endswith("/youtube/v3/thumbnails/set"):
            return self._thumbnail(r)
        if "youtube/v3/videos" in r.path or r.path.startswith("/upload-session/"):
            return self._youtube(r)
        if r.path.startswith(("/v2/post/", "/tiktok-upload/")):
            return self._tiktok(r)
        if r.path.startswith("/v21.0/"):
            return self._instagram(r)
        return self._reply(404, {"error": {"message": f"no route {r.path}"}})

    # --- Google OAuth + YouTube -------------------------------------------------------------
    def _token(self, r: Received) -> None:
        form = urllib.parse.parse_qs(r.body.decode())
        if form.get("grant_type") != ["refresh_token"] or form.get("refresh_token") != [self.fakes.refresh_token]:
            return self._reply(
                400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
            )
        return self._reply(200, {"access_token": "ya29.fake-access", "expires_in": 3599, "token_type": "Bearer"})

    def _youtube(self, r: Received) -> None:
        if r.headers.get("authorization") != "Bearer ya29.fake-access":
            return self._reply(
                401, {"error": {"code": 401, "message": "Invalid Credentials", "errors": [{"reason": "authError"}]}}
            )
        if r.method == "POST":
            if r.query.get("uploadType") != ["resumable"] or not set(r.query.get("part", [""])[0].split(",")) >= {
                "snippet",
                "status",
            }:
                return self._reply(
                    400, {"error": {"code": 400, "message": "expected a resumable insert of snippet,status"}}
                )
            if self.fakes.youtube_used + 100 > self.fakes.youtube_quota:
                return self._reply(
                    403, {"error": {"code": 403, "message": "quota", "errors": [{"reason": "quotaExceeded"}]}}
                )
            body = json.loads(r.body)
            unknown = {f"{part}.{k}" for part in ("snippet", "status") for k in body.get(part, {})} - {
                f"{part}.{k}" for part, keys in self.video_fields.items() for k in keys
            }
            if (
                unknown
                or len(body["snippet"]["title"]) > 100
                or ("publishAt" in body["status"] and body["status"]["privacyStatus"] != "private")
            ):
                return self._reply(
                    400,
                    {
                        "error": {
                            "code": 400,
                            "message": f"invalid video resource {sorted(unknown)}",
                            "errors": [{"reason": "invalidVideoMetadata"}],
                        }
                    },
                )
            self.fakes.youtube_used += 100
            session = f"s{len(self.fakes.videos) + 1}"
            self.fakes.videos[session] = body
            return self._reply(200, None, {"Location": f"{self.fakes.url}/upload-session/{session}"})
        session = r.path.rsplit("/", 1)[-1]
        body = self.fakes.videos[session]
        video_id = f"vid{session}"
        # the resumable protocol: chunks carry Content-Range; 308 with the Range received until the last
        received = self.fakes.uploads.get(video_id, b"") + r.body
        self.fakes.uploads[video_id] = received
        span, _, total = r.headers.get("content-range", "bytes */0").removeprefix("bytes ").partition("/")
        if span != "*" and int(span.split("-")[1]) + 1 < int(total):
            return self._reply(308, None, {"Range": f"bytes=0-{len(received) - 1}"})
        status = {**body["status"], "uploadStatus": "uploaded"}
        return self._reply(200, {"kind": "youtube#video", "id": video_id, "snippet": body["snippet"], "status": status})

    def _thumbnail(self, r: Received) -> None:
        """thumbnails.set: a simple media upload of a JPEG or PNG under 2 MB, 50 quota units."""
        video_id = r.query.get("videoId", [""])[0]
        if r.headers.get("authorization") != "Bearer ya29.fake-access" or video_id not in self.fakes.uploads:
            return self._reply(
                403, {"error": {"code": 403, "message": "forbidden", "errors": [{"reason": "forbidden"}]}}
            )
        if not r.body.startswith((b"\xff\xd8", b"\x89PNG")) or len(r.body) > 2_000_000:
            return self._reply(
                400, {"error": {"code": 400, "message": "bad image", "errors": [{"reason": "invalidImage"}]}}
            )
        self.fakes.youtube_used += 50
        self.fakes.thumbnails[video_id] = r.body
        return self._reply(
            200, {"kind": "youtube#thumbnailSetResponse", "items": [{"default": {"url": "https://i.ytimg.com/x.jpg"}}]}
        )

    # --- TikTok ------------------------------------------------------------------------------
    def _tiktok(self, r: Received) -> None:
        ok = {"code": "ok", "message": "", "log_id": "fake"}
        if r.path.startswith("/tiktok-upload/"):
            size = len(r.body)
            if r.headers.get("content-range") != f"bytes 0-{size - 1}/{size}":
                return self._reply(400, {"error": {"code": "invalid_params", "message": "Content-Range"}})
            self.fakes.uploads[r.path.rsplit("/", 1)[-1]] = r.body
            return self._reply(201, None)
        if r.headers.get("authorization") != f"Bearer {self.fakes.tiktok_token}":
            return self._reply(
                401, {"data": {}, "error": {"code": "access_token_invalid", "message": "The access token is invalid"}}
            )
        body = json.loads(r.body or b"{}")
        if r.path == "/v2/post/publish/creator_info/query/":
            return self._reply(
                200,
                {
                    "data": {
                        "privacy_level_options": self.fakes.tiktok_privacy_options,
                        "max_video_post_duration_sec": 600,
                    },
                    "error": ok,
                },
            )
        if r.path == "/v2/post/publish/video/init/":
            recent = [t for t in self.fakes.tiktok_inits if t > time.monotonic() - 60]
            if len(recent) >= 6:
                return self._reply(
                    429,
                    {"data": {}, "error": {"code": "rate_limit_exceeded", "message": "6 per minute"}},
                    {"Retry-After": "0"},
                )
            self.fakes.tiktok_inits.append(time.monotonic())
            info, source = body.get("post_info", {}), body.get("source_info", {})
            if (
                source.get("source") != "FILE_UPLOAD"
                or info.get("is_aigc") is not True
                or len(info.get("title", "")) > 2200
            ):
                return self._reply(
                    400, {"data": {}, "error": {"code": "invalid_params", "message": "post_info/source_info"}}
                )
            publish_id = f"v_pub_file~v2-1.{len(self.fakes.tiktok_inits)}"
            return self._reply(
                200,
                {
                    "data": {"publish_id": publish_id, "upload_url": f"{self.fakes.url}/tiktok-upload/{publish_id}"},
                    "error": ok,
                },
            )
        if r.path == "/v2/post/publish/status/fetch/":
            uploaded = body.get("publish_id") in self.fakes.uploads
            data = (
                {"status": "PUBLISH_COMPLETE", "publicaly_available_post_id": [7000000000000000001]}
                if uploaded
                else {"status": "PROCESSING_UPLOAD"}
            )
            return self._reply(200, {"data": data, "error": ok})
        return self._reply(404, {"error": {"code": "not_found", "message": r.path}})

    # --- Instagram ---------------------------------------------------------------------------
    def _instagram(self, r: Received) -> None:
        if r.headers.get("authorization") != f"Bearer {self.fakes.instagram_token}":
            return self._reply(
                400, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}}
            )
        parts = r.path.split("/")[2:]
        form = {k: v[0] for k, v in urllib.parse.parse_qs(r.body.decode()).items()}
        if parts[-1] == "content_publishing_limit":
            return self._reply(
                200,
                {
                    "data": [
                        {
                            "quota_usage": self.fakes.instagram_posts_24h,
                            "config": {"quota_total": self.fakes.instagram_quota, "quota_duration": 86400},
                        }
                    ]
                },
            )
        if parts[-1] == "media" and r.method == "POST":
            if form.get("media_type") != "REELS" or not form.get("video_url", "").startswith("https://"):
                return self._reply(
                    400,
                    {
                        "error": {
                            "message": "media_type REELS and a public video_url",
                            "type": "OAuthException",
                            "code": 100,
                        }
                    },
                )
            container = f"1790000{len(self.fakes.videos) + 1}"
            self.fakes.videos[container] = form
            return self._reply(200, {"id": container})
        if parts[-1] == "media_publish":
            if form.get("creation_id") not in self.fakes.videos:
                return self._reply(
                    400, {"error": {"message": "unknown creation_id", "type": "OAuthException", "code": 100}}
                )
            self.fakes.instagram_posts_24h += 1
            return self._reply(200, {"id": f"1800000{self.fakes.instagram_posts_24h}"})
        if len(parts) == 1 and r.query.get("fields") == ["status_code"]:
            return self._reply(200, {"status_code": "FINISHED", "id": parts[0]})
        if len(parts) == 1 and r.query.get("fields") == ["permalink"]:
            return self._reply(200, {"permalink": f"https://www.instagram.com/reel/{parts[0]}/", "id": parts[0]})
        return self._reply(404, {"error": {"message": r.path, "type": "GraphMethodException", "code": 100}})


class PlatformServer:
    """``with PlatformServer() as fakes:`` — the three fakes on 127.0.0.1, at ``fakes.url``."""

    def __enter__(self) -> PlatformFakes:
        self.fakes = PlatformFakes()
        handler = type("Handler", (_Handler,), {"fakes": self.fakes, "video_fields": _video_fields()})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.fakes.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self.fakes

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
