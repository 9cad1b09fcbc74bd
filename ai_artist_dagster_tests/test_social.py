"""Teaser posts: the words and request bodies per platform, within each platform's limits, and the
social outbox that holds them."""

import datetime as dt
import json
from pathlib import Path

from ai_artist_dagster.domain.social import PieceFacts, hashtags, posts
from ai_artist_dagster.providers.social import SocialOutbox


def _facts(tmp_path: Path, **overrides) -> PieceFacts:
    video = tmp_path / "teaser.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x01" * 2000)
    base = dict(
        piece_id="2020-03-06__nova-vale",
        artist="Nova Vale",
        title="Paper Lanterns",
        genre="hip hop",
        mood="warm",
        hook="we hold the light under paper lanterns",
        release_date=dt.date(2020, 3, 6),
        isrc="ZZAIA2000001",
        video_path=str(video),
        video_bytes=video.stat().st_size,
        video_url="s3://media/pieces/2020-03-06/nova-vale/teaser.mp4",
    )
    return PieceFacts(**{**base, **overrides})


def test_each_platform_gets_its_api_request_within_its_limits(tmp_path):
    facts = _facts(tmp_path)
    youtube, tiktok, instagram = posts(facts, ["youtube", "tiktok", "instagram"], 17, "scheduled")
    body = youtube.requests[0]["body"]
    assert youtube.requests[0]["url"].startswith(
        "https://www.googleapis.com/upload/youtube/v3/videos?uploadType=resumable"
    )
    assert len(body["snippet"]["title"]) <= 100 and body["snippet"]["categoryId"] == "10"
    assert sum(len(t) + 1 for t in body["snippet"]["tags"]) <= 500
    assert body["status"] == {
        "privacyStatus": "private",
        "selfDeclaredMadeForKids": False,
        "containsSyntheticMedia": True,
        "publishAt": "2020-03-06T17:00:00Z",
    }
    init = tiktok.requests[0]
    assert init["url"] == "https://open.tiktokapis.com/v2/post/publish/video/init/"
    assert init["body"]["post_info"]["is_aigc"] is True and init["body"]["post_info"]["privacy_level"] == "SELF_ONLY"
    assert init["body"]["source_info"] == {
        "source": "FILE_UPLOAD",
        "video_size": facts.video_bytes,
        "chunk_size": facts.video_bytes,
        "total_chunk_count": 1,
    }
    container = instagram.requests[0]["body"]
    assert container["media_type"] == "REELS" and container["video_url"] == facts.video_url
    assert instagram.requests[1]["url"].endswith("/media_publish")
    for post in (youtube, tiktok, instagram):
        assert facts.hook in post.caption and "AI-generated" in post.caption and len(post.caption) <= 5000
        assert post.scheduled_at == dt.datetime(2020, 3, 6, 17, tzinfo=dt.UTC)
    assert len(tiktok.caption) <= 2200 and len(instagram.caption) <= 2200 and len(instagram.hashtags) <= 30


def test_hashtags_are_clean_and_distinct(tmp_path):
    tags = hashtags(_facts(tmp_path, artist="DJ Ño-Name!", title="Ño Name"))
    assert tags[0] == "#djnoname" and len(tags) == len(set(tags))
    assert all(t.startswith("#") and t[1:].isalnum() for t in tags)


def test_a_long_hook_is_cut_to_the_platform_limit(tmp_path):
    [tiktok] = posts(_facts(tmp_path, hook="la " * 1500), ["tiktok"], 17, "public")
    assert len(tiktok.caption) == 2200 and tiktok.caption.endswith("…")
    assert tiktok.requests[0]["body"]["post_info"]["privacy_level"] == "PUBLIC_TO_EVERYONE"


def test_the_outbox_holds_the_exact_requests_once(tmp_path):
    facts = _facts(tmp_path)
    outbox = SocialOutbox(tmp_path / "social_outbox")
    [post] = posts(facts, ["instagram"], 17, "scheduled")
    receipt = outbox.publish("AIA-1", post, Path(facts.video_path))
    folder = tmp_path / "social_outbox" / "instagram" / "AIA-1"
    assert receipt.status == "queued" and receipt.location == str(folder) and not receipt.already
    written = json.loads((folder / "post.json").read_text())
    assert (
        written["requests"] == post.requests
        and (folder / "teaser.mp4").read_bytes() == Path(facts.video_path).read_bytes()
    )
    assert outbox.publish("AIA-1", post, Path(facts.video_path)).already
    assert sorted(p.name for p in folder.parent.iterdir()) == ["AIA-1"]  # no staging folder left
