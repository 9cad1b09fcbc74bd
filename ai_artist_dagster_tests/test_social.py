"""Teaser posts: the words and request bodies per platform, within each platform's limits, and the
social outbox that holds them."""

import datetime as dt
import json
from pathlib import Path

import pytest
from pydantic import SecretStr

from ai_artist_dagster.domain.social import PieceFacts, hashtags, posts
from ai_artist_dagster.providers.social import InstagramTarget, SocialError, SocialOutbox, TikTokTarget, YouTubeTarget
from ai_artist_dagster_tests.social_fakes import PlatformServer


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


def test_an_instrumental_post_quotes_no_lyric_and_credits_no_voice(tmp_path):
    """Festival was missing and nobody sang: the post must say what the piece is."""
    for post in posts(_facts(tmp_path, sung=False), ["youtube", "tiktok", "instagram"], 17, "public"):
        assert "we hold the light" not in post.caption and "an instrumental" in post.caption
        assert "voice" not in post.caption and "lyrics" not in post.caption and "AI-generated" in post.caption
    [sung] = posts(_facts(tmp_path), ["tiktok"], 17, "public")
    assert "“we hold the light under paper lanterns”" in sung.caption and "voice, lyrics" in sung.caption


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
    # YouTube's post carries its 16:9 thumbnail, set after the upload; the outbox keeps the file beside it
    wide = _wide_thumbnail(tmp_path)
    [youtube] = posts(facts.model_copy(update={"wide_thumbnail": str(wide)}), ["youtube"], 17, "scheduled")
    assert youtube.requests[2]["url"].endswith("thumbnails/set?videoId=<the video id>")
    outbox.publish("AIA-1", youtube, Path(facts.video_path))
    assert (tmp_path / "social_outbox" / "youtube" / "AIA-1" / "wide.jpg").read_bytes() == wide.read_bytes()


# --- The platforms' APIs, against local fakes built from their published descriptions ------------


FUTURE = dt.date.today() + dt.timedelta(days=30)


def _youtube(fakes, refresh: str | None = None) -> YouTubeTarget:
    return YouTubeTarget(
        "client.apps.googleusercontent.com",
        SecretStr("client-secret"),
        SecretStr(refresh or fakes.refresh_token),
        api_url=fakes.url + "/",
        token_url=fakes.url + "/token",
        chunk_bytes=1024,  # several chunks of the resumable upload
    )


def _wide_thumbnail(tmp_path: Path) -> Path:
    from PIL import Image

    from ai_artist_dagster.domain.cover import wide_thumbnail

    cover = tmp_path / "cover.jpg"
    Image.new("RGB", (3000, 3000), (200, 80, 40)).save(cover)
    return wide_thumbnail(
        cover, tmp_path / "wide.jpg", "Nova Vale", "Paper Lanterns", ["#101020", "#e94560", "#f5c518"]
    )


@pytest.mark.slow
def test_youtube_uploads_resumably_and_schedules_with_publish_at(tmp_path):
    from PIL import Image

    wide = _wide_thumbnail(tmp_path)
    assert Image.open(wide).size == (1280, 720) and wide.stat().st_size < 2_000_000
    facts = _facts(tmp_path, release_date=FUTURE, teaser_date=FUTURE - dt.timedelta(days=7), wide_thumbnail=str(wide))
    [post] = posts(facts, ["youtube"], 17, "scheduled")
    with PlatformServer() as fakes:
        receipt = _youtube(fakes).publish("AIA-1", post, Path(facts.video_path))
        assert receipt.status == "scheduled" and receipt.post_id == "vids1"
        assert receipt.location == "https://www.youtube.com/shorts/vids1" and receipt.target == "youtube:api"
        assert fakes.uploads["vids1"] == Path(facts.video_path).read_bytes()
        sent = fakes.videos["s1"]
        assert sent["status"]["publishAt"] == f"{FUTURE - dt.timedelta(days=7)}T17:00:00Z"
        assert sent["status"]["privacyStatus"] == "private" and sent["status"]["containsSyntheticMedia"] is True
        assert [p for p in fakes.paths() if "videos" in p] == ["POST /upload/youtube/v3/videos"]
        assert sum(p.startswith("PUT /upload-session/") for p in fakes.paths()) >= 2  # chunked
        assert fakes.thumbnails["vids1"] == wide.read_bytes() and fakes.youtube_used == 150
        assert receipt.note is None
    # a channel that may not set custom thumbnails: the post stands, the receipt says why
    with PlatformServer() as fakes:
        fakes.fail_next["thumbnails/set"] = 403
        receipt = _youtube(fakes).publish("AIA-1", post, Path(facts.video_path))
        assert receipt.status == "scheduled" and "custom thumbnail not set" in (receipt.note or "")


def test_youtube_refused_token_and_quota_are_clear_and_keep_secrets_out(tmp_path):
    facts = _facts(tmp_path, release_date=FUTURE)
    [post] = posts(facts, ["youtube"], 17, "scheduled")
    with PlatformServer() as fakes:
        with pytest.raises(SocialError, match="YOUTUBE_REFRESH_TOKEN") as refused:
            _youtube(fakes, refresh="revoked-SECRET").publish("AIA-1", post, Path(facts.video_path))
        assert not refused.value.retryable and "revoked-SECRET" not in str(refused.value)
        fakes.youtube_used = 9_950  # one more upload today would pass the 10,000 units
        with pytest.raises(SocialError, match="quotaExceeded") as quota:
            _youtube(fakes).publish("AIA-1", post, Path(facts.video_path))
        assert quota.value.retryable and quota.value.retry_after_s


def test_tiktok_direct_post_uploads_and_reports_the_post(tmp_path):
    facts = _facts(tmp_path)
    [post] = posts(facts, ["tiktok"], 17, "public")
    with PlatformServer() as fakes:
        target = TikTokTarget(SecretStr(fakes.tiktok_token), api_url=fakes.url, sleep=lambda _: None)
        receipt = target.publish("AIA-1", post, Path(facts.video_path))
        assert (receipt.status, receipt.post_id) == ("published", "7000000000000000001")
        assert fakes.paths()[:2] == ["POST /v2/post/publish/creator_info/query/", "POST /v2/post/publish/video/init/"]
        init = json.loads(fakes.received[1].body)
        assert init["post_info"]["is_aigc"] is True and init["source_info"]["video_size"] == facts.video_bytes
        fakes.tiktok_privacy_options = ["SELF_ONLY"]
        with pytest.raises(SocialError, match="does not allow privacy level PUBLIC_TO_EVERYONE") as private_only:
            target.publish("AIA-1", post, Path(facts.video_path))
        assert not private_only.value.retryable


def test_tiktok_rate_limit_waits_then_says_when_to_come_back(tmp_path):
    facts = _facts(tmp_path)
    [post] = posts(facts, ["tiktok"], 17, "private")
    slept: list[float] = []
    with PlatformServer() as fakes:
        target = TikTokTarget(SecretStr(fakes.tiktok_token), api_url=fakes.url, sleep=slept.append)
        for _ in range(6):  # TikTok allows 6 inits a minute per token
            target.publish("AIA-1", post, Path(facts.video_path))
        with pytest.raises(SocialError, match="rate limit") as limited:
            target.publish("AIA-1", post, Path(facts.video_path))
        assert limited.value.retryable and slept == [0.0]  # waited as told (Retry-After: 0), once
        with pytest.raises(SocialError, match="access_token_invalid"):
            TikTokTarget(SecretStr("wrong"), api_url=fakes.url).publish("AIA-1", post, Path(facts.video_path))


def test_instagram_reels_need_a_public_url_and_respect_the_publishing_limit(tmp_path):
    with PlatformServer() as fakes:
        target = InstagramTarget("1784", SecretStr(fakes.instagram_token), graph_url=fakes.url, sleep=lambda _: None)
        local = _facts(tmp_path, video_url=str(tmp_path / "teaser.mp4"))
        [post] = posts(local, ["instagram"], 17, "public")
        with pytest.raises(SocialError, match="public HTTPS URL") as refused:
            target.publish("AIA-1", post, Path(local.video_path))
        assert not refused.value.retryable and not fakes.received  # nothing sent
        public = _facts(tmp_path, video_url="https://media.example.com/pieces/teaser.mp4")
        [post] = posts(public, ["instagram"], 17, "public")
        receipt = target.publish("AIA-1", post, Path(public.video_path))
        assert (
            receipt.status == "published" and receipt.location == f"https://www.instagram.com/reel/{receipt.post_id}/"
        )
        container = fakes.videos["17900001"]
        assert container["media_type"] == "REELS" and container["share_to_feed"] == "true"
        assert all("access_token" not in str(r.query) for r in fakes.received)  # the token rides in a header
        fakes.instagram_posts_24h = fakes.instagram_quota
        with pytest.raises(SocialError, match="50 of 50 API posts") as full:
            target.publish("AIA-1", post, Path(public.video_path))
        assert full.value.retryable and full.value.retry_after_s == 3600
