"""Pexels footage against a local fake API, and teasers rendered over the downloaded clips."""

import logging
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PIL import Image
from pydantic import SecretStr

from ai_artist_dagster.domain.video import VideoSpec, probe_media, render_video
from ai_artist_dagster.domain.video.keywords import footage_queries
from ai_artist_dagster.providers.footage import FootageError, PexelsFootage
from ai_artist_dagster_tests.media_fakes import PEXELS_ROUTES, FakeState, fake_clip_mp4, serve

KEY = "pexels-test-key-SECRET"


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> bytes:
    return fake_clip_mp4(tmp_path_factory.mktemp("pexels"))


def pexels(url: str) -> PexelsFootage:
    return PexelsFootage(SecretStr(KEY), base_url=url, min_width=720)


def test_clips_are_found_downloaded_cached_and_credited(clip, tmp_path):
    state = FakeState(audio=clip)
    with serve(PEXELS_ROUTES, state) as url:
        clips = pexels(url).clips(["warm city night", "rooftop"], 3, tmp_path)
        again = pexels(url).clips(["warm city night", "rooftop"], 3, tmp_path)
    assert len(clips) == 3 and again == clips
    assert state.count("GET", "/videos/search") == 2  # one per query, then served from the cache
    downloads = [p for m, p, _, _ in state.requests if p.startswith("/video-files/")]
    assert len(downloads) == 3  # reused the second time
    assert all(p.endswith("2.mp4") for p in downloads)  # the 720x1280 file: smallest portrait ≥ 720 wide
    search = next(q for _, p, _, q in state.requests if p == "/videos/search")
    assert search["orientation"] == "portrait" and search["query"] == "warm city night"
    assert all(h.get("Authorization") == KEY for _, p, h, _ in state.requests if p == "/videos/search")
    first = clips[0]
    assert first.author == "Videographer 100" and "pexels.com/video/clip-100" in first.attribution
    assert probe_media(Path(first.path)).video_codec == "h264"


def test_bad_key_is_a_clear_error_without_the_key(clip, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    with serve(PEXELS_ROUTES, FakeState(mode="auth", audio=clip)) as url, pytest.raises(FootageError) as err:
        pexels(url).clips(["city"], 2, tmp_path)
    assert err.value.kind == "auth" and "PEXELS_API_KEY" in str(err.value)
    assert KEY not in str(err.value) and KEY not in caplog.text


def test_an_exhausted_quota_stops_requests_until_its_reset(clip, tmp_path):
    state = FakeState(mode="quota_zero", audio=clip)
    with serve(PEXELS_ROUTES, state) as url:
        assert pexels(url).clips(["city"], 1, tmp_path)  # this reply says 0 left until 2100
        with pytest.raises(FootageError) as err:
            pexels(url).clips(["another query"], 1, tmp_path)
    assert err.value.kind == "rate_limit" and state.count("GET", "/videos/search") == 1


@pytest.mark.parametrize(("mode", "kind"), [("rate_limited", "rate_limit"), ("not_video", "no_results")])
def test_rate_limits_and_broken_files_raise(clip, tmp_path, mode, kind):
    with serve(PEXELS_ROUTES, FakeState(mode=mode, audio=clip)) as url, pytest.raises(FootageError) as err:
        pexels(url).clips(["city"], 2, tmp_path)
    assert err.value.kind == kind
    assert not list(tmp_path.rglob("*.mp4"))  # nothing half-downloaded is kept


def test_oversize_clips_are_refused_while_downloading(clip, tmp_path, monkeypatch):
    from ai_artist_dagster.providers.footage import pexels as module

    monkeypatch.setattr(module, "MAX_FILE_BYTES", len(clip) // 2)
    with serve(PEXELS_ROUTES, FakeState(audio=clip)) as url, pytest.raises(FootageError) as err:
        pexels(url).clips(["city"], 2, tmp_path)
    assert err.value.kind == "no_results" and "too large" in str(err.value)
    assert not list(tmp_path.rglob("*.mp4")) and not list(tmp_path.rglob(".*.tmp*"))


def test_queries_come_from_mood_genre_and_themes(profile):
    queries = footage_queries(profile)
    assert queries[0].startswith(profile.mood) and len(queries) == 3 and len(set(queries)) == 3


def test_teaser_over_footage(clip, tmp_path):
    (tmp_path / "clip.mp4").write_bytes(clip)
    sr = 44_100
    tone = (0.3 * np.sin(np.arange(sr * 4) * 2 * np.pi * 330 / sr)).astype(np.float32)
    sf.write(tmp_path / "a.wav", np.stack([tone, tone], axis=1), sr)
    spec = VideoSpec(
        width=360,
        height=640,
        fps=24,
        duration_s=3.0,
        artist="Nova",
        title="Over Footage",
        footage=[tmp_path / "clip.mp4"],
        beat_times=[i * 0.5 for i in range(8)],
    )
    render_video(spec, tmp_path / "a.wav", tmp_path / "v.mp4", tmp_path / "v.png")
    probe = probe_media(tmp_path / "v.mp4")
    assert (probe.width, probe.height, probe.video_codec) == (360, 640, "h264") and abs(probe.duration_s - 3) < 0.2
    corner = np.asarray(Image.open(tmp_path / "v.png").convert("RGB"))[:40, :40].reshape(-1, 3)
    assert corner.std(axis=0).max() > 10  # the test pattern shows through, not a flat gradient row
