"""Short-video posts of a release's teaser: the words per platform and the exact request bodies of
the platforms' official APIs (docs/publishing.md).

- YouTube Shorts: YouTube Data API v3 ``videos.insert`` (resumable upload; ~100 quota units a call since 2025-12-04)
  with ``snippet`` (title ≤ 100, description ≤ 5,000, tags ≤ 500 characters in all, category 10
  Music) and ``status`` (privacy, ``publishAt`` for a scheduled private video,
  ``selfDeclaredMadeForKids``, ``containsSyntheticMedia`` — YouTube's altered-or-synthetic disclosure).
- TikTok: Content Posting API, Direct Post ``POST /v2/post/publish/video/init/`` with ``post_info``
  (title = the caption ≤ 2,200, privacy level, duet/stitch/comment switches, cover frame, ``is_aigc``)
  and ``source_info`` (FILE_UPLOAD of the teaser in one chunk).
- Instagram Reels: Graph API content publishing, ``POST /{ig-user-id}/media`` (``media_type=REELS``,
  ``video_url``, caption ≤ 2,200 with ≤ 30 hashtags, ``share_to_feed``, ``thumb_offset``), then
  ``POST /{ig-user-id}/media_publish`` with the container id.

Pure: the piece's facts in, payloads out.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

Platform = Literal["youtube", "tiktok", "instagram"]
PLATFORMS: tuple[Platform, ...] = ("youtube", "tiktok", "instagram")
YOUTUBE_UPLOAD_QUOTA = 100  # units per videos.insert since 2025-12-04 (was 1,600); a project gets 10,000 a day
YOUTUBE_THUMBNAIL_QUOTA = 50  # units per thumbnails.set
AI_LINE = "AI-generated music: song, voice, lyrics and video were made by an AI system."
AI_LINE_INSTRUMENTAL = "AI-generated music: the instrumental and its video were made by an AI system."


class PieceFacts(BaseModel):
    """What a post says about a piece."""

    piece_id: str
    artist: str
    title: str
    genre: str
    mood: str
    hook: str  # the chorus's first line
    sung: bool = True  # a voice sang the lyrics; False for an instrumental (nothing to quote, no voice to credit)
    release_date: dt.date
    teaser_date: dt.date | None = None  # when the teaser is posted (the calendar's); the release date if None
    isrc: str
    video_path: str
    video_bytes: int
    video_url: str  # where a platform that pulls (Instagram) fetches the teaser
    thumbnail_s: float = 1.0  # the cover frame (TikTok's video_cover_timestamp_ms, Instagram's thumb_offset)
    wide_thumbnail: str | None = None  # YouTube's 1280×720 custom thumbnail (domain/cover.wide_thumbnail)


class SocialPost(BaseModel):
    platform: Platform
    caption: str
    hashtags: list[str]
    scheduled_at: dt.datetime
    requests: list[dict] = Field(description="the API calls in order: method, url, body")


def _tag(word: str) -> str:
    """A hashtag of ``word``: accents folded (Niño → nino), anything but letters and digits dropped."""
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return "#" + re.sub(r"[^0-9a-z]", "", plain.lower())


def hashtags(facts: PieceFacts) -> list[str]:
    """Specific first (artist, song), then genre and mood, then the AI disclosure tag; no duplicates."""
    tags = [
        _tag(facts.artist),
        _tag(facts.title),
        _tag(facts.genre),
        _tag(f"{facts.mood} music"),
        "#newmusic",
        "#aimusic",
    ]
    seen: list[str] = []
    for tag in tags:
        if len(tag) > 2 and tag not in seen:
            seen.append(tag)
    return seen


def caption(facts: PieceFacts, limit: int) -> str:
    """“Hook” — Title by Artist, out <date>; the AI line; the hashtags; cut to ``limit`` characters. An
    instrumental quotes no lyric and credits no voice: a post says what the piece is."""
    out = f"out {facts.release_date:%B} {facts.release_date.day}"
    head = (
        f"“{facts.hook}”\n{facts.title} by {facts.artist}, {out}."
        if facts.sung
        else (f"{facts.title} by {facts.artist}, an instrumental, {out}.")
    )
    text = f"{head}\n{AI_LINE if facts.sung else AI_LINE_INSTRUMENTAL}\n{' '.join(hashtags(facts))}"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def scheduled_at(facts: PieceFacts, hour_utc: int) -> dt.datetime:
    return dt.datetime.combine(facts.teaser_date or facts.release_date, dt.time(hour_utc), dt.UTC)


def youtube(facts: PieceFacts, hour_utc: int, privacy: str) -> SocialPost:
    when = scheduled_at(facts, hour_utc)
    tags, total = [], 0
    for tag in [facts.artist, facts.title, facts.genre, f"{facts.mood} music", "new music", "AI music", "Shorts"]:
        if total + len(tag) + 1 > 500:
            break
        tags.append(tag)
        total += len(tag) + 1
    title = f"{facts.title} — {facts.artist} #Shorts"
    status: dict[str, object] = {
        "privacyStatus": "private" if privacy != "public" else "public",
        "selfDeclaredMadeForKids": False,
        "containsSyntheticMedia": True,
    }
    if privacy == "scheduled":  # YouTube publishes a private video at publishAt
        status["publishAt"] = when.isoformat().replace("+00:00", "Z")
    body = {
        "snippet": {
            "title": title[:100],
            "description": caption(facts, 5000) + f"\nISRC {facts.isrc}",
            "tags": tags,
            "categoryId": "10",
        },
        "status": status,
    }
    return SocialPost(
        platform="youtube",
        caption=body["snippet"]["description"],  # type: ignore[index]
        hashtags=hashtags(facts),
        scheduled_at=when,
        requests=[
            {
                "method": "POST",
                "url": "https://www.googleapis.com/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status",
                "headers": {"X-Upload-Content-Type": "video/mp4", "X-Upload-Content-Length": str(facts.video_bytes)},
                "body": body,
            },
            {"method": "PUT", "url": "<the session URI from the Location header>", "file": facts.video_path},
            *(
                [
                    {
                        "method": "POST",
                        "url": "https://www.googleapis.com/upload/youtube/v3/thumbnails/set?videoId=<the video id>",
                        "headers": {"Content-Type": "image/jpeg"},
                        "file": facts.wide_thumbnail,
                    }
                ]
                if facts.wide_thumbnail
                else []
            ),
        ],
    )


def tiktok(facts: PieceFacts, hour_utc: int, privacy: str) -> SocialPost:
    text = caption(facts, 2200)
    body = {
        "post_info": {
            "title": text,
            "privacy_level": "PUBLIC_TO_EVERYONE" if privacy == "public" else "SELF_ONLY",
            "disable_duet": False,
            "disable_stitch": False,
            "disable_comment": False,
            "video_cover_timestamp_ms": int(facts.thumbnail_s * 1000),
            "is_aigc": True,
        },
        "source_info": {
            "source": "FILE_UPLOAD",
            "video_size": facts.video_bytes,
            "chunk_size": facts.video_bytes,
            "total_chunk_count": 1,
        },
    }
    return SocialPost(
        platform="tiktok",
        caption=text,
        hashtags=hashtags(facts),
        scheduled_at=scheduled_at(facts, hour_utc),
        requests=[
            {"method": "POST", "url": "https://open.tiktokapis.com/v2/post/publish/video/init/", "body": body},
            {
                "method": "PUT",
                "url": "<data.upload_url from the init reply>",
                "headers": {"Content-Range": f"bytes 0-{facts.video_bytes - 1}/{facts.video_bytes}"},
                "file": facts.video_path,
            },
        ],
    )


def instagram(facts: PieceFacts, hour_utc: int, privacy: str, api_version: str = "v21.0") -> SocialPost:
    tags = hashtags(facts)[:30]
    text = caption(facts, 2200)
    base = f"https://graph.facebook.com/{api_version}/<ig-user-id>"
    container = {
        "media_type": "REELS",
        "video_url": facts.video_url,
        "caption": text,
        "share_to_feed": privacy == "public",
        "thumb_offset": int(facts.thumbnail_s * 1000),
    }
    return SocialPost(
        platform="instagram",
        caption=text,
        hashtags=tags,
        scheduled_at=scheduled_at(facts, hour_utc),
        requests=[
            {"method": "POST", "url": f"{base}/media", "body": container},
            {
                "method": "POST",
                "url": f"{base}/media_publish",
                "body": {"creation_id": "<id from the container reply>"},
            },
        ],
    )


BUILDERS: dict[str, Callable[[PieceFacts, int, str], SocialPost]] = {
    "youtube": youtube,
    "tiktok": tiktok,
    "instagram": instagram,
}


def posts(facts: PieceFacts, platforms: list[Platform], hour_utc: int, privacy: str) -> list[SocialPost]:
    return [BUILDERS[p](facts, hour_utc, privacy) for p in platforms]
