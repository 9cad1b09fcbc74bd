"""The Suno-compatible provider against a local fake server, and the composer fallback."""

import logging
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from ai_artist_dagster.domain.audio_analysis import analyze_audio, tempo_matches
from ai_artist_dagster.domain.audio_files import encode_mp3, write_wav
from ai_artist_dagster.providers.music import (
    ComposedTrack,
    MusicProvider,
    MusicProviderError,
    OfflineComposer,
    SunoProvider,
    SunoSettings,
    TrackRequest,
    WithFallback,
)
from ai_artist_dagster.providers.sqlite_state import BreakerPolicy, SqliteState
from ai_artist_dagster_tests.media_fakes import SUNO_ROUTES, FakeState, fake_song_mp3, serve

KEY = "suno-test-key-SECRET"
FAKE_TEMPO = 96.0


@pytest.fixture(scope="module")
def song_mp3(tmp_path_factory) -> bytes:
    return fake_song_mp3(tmp_path_factory.mktemp("suno"), FAKE_TEMPO)


@pytest.fixture
def request_(profile, trend) -> TrackRequest:
    from ai_artist_dagster.domain.writer import write_lyrics
    from ai_artist_dagster.lib.schemas import LyricsBrief

    return TrackRequest(
        profile=profile,
        lyrics=write_lyrics(LyricsBrief(profile=profile, trend=trend, date="2020-03-06", seed=5)),
        seed=5,
    )


def provider(url: str, sleep=lambda _s: None, **overrides) -> SunoProvider:
    settings = SunoSettings(
        **{"base_url": url, "api_key": KEY, "poll_interval_s": 0.01, "job_timeout_s": 5, **overrides}
    )
    return SunoProvider(settings, sleep=sleep)


class Tone(MusicProvider):
    """A one-second tone: a quick fallback where the test is about the primary's failure handling
    (the composer itself is the fallback in the captcha and timeout tests)."""

    name = "tone"

    def compose(self, request: TrackRequest, wav_path: Path) -> ComposedTrack:
        tone = np.sin(np.linspace(0, 440 * 2 * np.pi, 44_100, dtype=np.float32))[:, None].repeat(2, axis=1)
        write_wav(wav_path, 0.3 * tone, 44_100)
        return ComposedTrack(
            wav_path=str(wav_path),
            sample_rate=44_100,
            duration_s=1.0,
            tempo_bpm=request.tempo_bpm,
            integrated_lufs=-14.0,
            peak_dbfs=-10.0,
            sections=[],
            beat_times=[],
            params={},
            provider=self.name,
        )


def resilient(url: str, tmp_path: Path, fallback: MusicProvider | None = None, **overrides) -> WithFallback:
    state = SqliteState(tmp_path / "music.sqlite")
    return WithFallback(provider(url, **overrides), fallback or OfflineComposer(), state, BreakerPolicy(cooldown_s=600))


@pytest.mark.slow
def test_a_song_is_submitted_polled_downloaded_and_mastered(song_mp3, request_, tmp_path):
    state = FakeState(audio=song_mp3)
    with serve(SUNO_ROUTES, state) as url:
        track = provider(url).compose(request_, tmp_path / "t.wav")
    audio, sr = sf.read(track.wav_path)
    assert sr == 44_100 and audio.shape[1] == 2 and len(audio) / sr > 40
    measured = analyze_audio(Path(track.wav_path))
    assert abs(measured.integrated_lufs + 14) < 0.5  # mastered to the target like the composer's songs
    assert tempo_matches(track.tempo_bpm, FAKE_TEMPO) and track.params["requested_tempo_bpm"] == request_.tempo_bpm
    assert next(s.kind for s in track.sections) == "intro" and track.sections[-1].end_s == pytest.approx(
        track.duration_s
    )
    submit = next(body for m, p, _, body in state.requests if p == "/api/custom_generate")
    assert "[Chorus]" in submit["prompt"] and "bpm" in submit["tags"] and submit["wait_audio"] is False
    assert all(h.get("Authorization") == f"Bearer {KEY}" for _, _, h, _ in state.requests)
    assert state.polls == 3  # queued, streaming, complete
    [attempt] = track.attempts
    assert (attempt.outcome, attempt.job_id, attempt.credits) == ("ok", "clip-1", 10)  # measured from get_limit
    assert attempt.cost_usd == pytest.approx(0.05)


@pytest.mark.slow
def test_captcha_falls_back_to_the_composer_without_retrying(song_mp3, request_, tmp_path, caplog):
    state = FakeState(mode="captcha", audio=song_mp3)
    caplog.set_level(logging.DEBUG)
    with serve(SUNO_ROUTES, state) as url:
        track = resilient(url, tmp_path).compose(request_, tmp_path / "t.wav")
    assert track.provider == "offline" and Path(track.wav_path).exists()
    assert state.count("POST", "/api/custom_generate") == 1
    failed = track.attempts[0]
    assert (failed.provider, failed.outcome, failed.error_kind) == ("suno", "error", "auth")
    assert "captcha" in failed.error and track.params["fallback_from"] == "suno"
    assert KEY not in failed.error and KEY not in caplog.text and KEY not in track.model_dump_json()


@pytest.mark.slow
def test_server_errors_and_rate_limits_are_retried(song_mp3, request_, tmp_path):
    state = FakeState(audio=song_mp3, fail_next=[500, 429])
    with serve(SUNO_ROUTES, state) as url:
        track = provider(url).compose(request_, tmp_path / "t.wav")
    assert track.provider == "suno" and state.count("GET", "/api/get_limit") >= 3


@pytest.mark.slow
def test_a_job_that_never_finishes_times_out_and_falls_back(song_mp3, request_, tmp_path):
    state = FakeState(mode="never", audio=song_mp3)
    with serve(SUNO_ROUTES, state) as url:
        with pytest.raises(MusicProviderError) as err:
            provider(url, time.sleep, job_timeout_s=0.2, poll_interval_s=0.02).compose(request_, tmp_path / "t.wav")
        assert err.value.kind == "timeout" and "clip-1" in str(err.value) and "SUNO_JOB_TIMEOUT_S" in str(err.value)
        track = resilient(url, tmp_path, job_timeout_s=0.2, poll_interval_s=0.02).compose(request_, tmp_path / "t.wav")
    assert track.provider == "offline" and track.attempts[0].error_kind == "timeout"
    assert not (tmp_path / "t.wav.part").exists()


@pytest.mark.slow
@pytest.mark.parametrize(("mode", "kind"), [("job_error", "job_failed"), ("not_audio", "bad_audio")])
def test_failed_jobs_and_non_audio_downloads_fall_back(song_mp3, request_, tmp_path, mode, kind):
    with serve(SUNO_ROUTES, FakeState(mode=mode, audio=song_mp3)) as url:
        track = resilient(url, tmp_path, Tone()).compose(request_, tmp_path / "t.wav")
    assert track.provider == "tone" and track.attempts[0].error_kind == kind


def test_an_oversize_download_is_refused_before_it_is_read_whole(song_mp3, request_, tmp_path, monkeypatch):
    from ai_artist_dagster.providers.music import suno

    monkeypatch.setattr(suno, "MAX_AUDIO_BYTES", len(song_mp3) // 2)
    with serve(SUNO_ROUTES, FakeState(audio=song_mp3)) as url:
        with pytest.raises(MusicProviderError, match="too large") as err:
            provider(url).compose(request_, tmp_path / "t.wav")
        track = resilient(url, tmp_path, Tone()).compose(request_, tmp_path / "t.wav")
    assert err.value.kind == "bad_audio" and not err.value.retryable
    assert track.provider == "tone" and track.attempts[0].error_kind == "bad_audio"


def test_silence_is_not_a_song(request_, tmp_path):
    silent = write_wav(tmp_path / "quiet.wav", np.zeros((44_100 * 40, 2), np.float32), 44_100)
    state = FakeState(audio=encode_mp3(silent, tmp_path / "q.mp3").read_bytes())
    with serve(SUNO_ROUTES, state) as url, pytest.raises(MusicProviderError, match="not a song"):
        provider(url).compose(request_, tmp_path / "t.wav")


def test_out_of_credits_stops_before_submitting(song_mp3, request_, tmp_path):
    state = FakeState(credits=5, audio=song_mp3)
    with serve(SUNO_ROUTES, state) as url, pytest.raises(MusicProviderError) as err:
        provider(url).compose(request_, tmp_path / "t.wav")
    assert err.value.kind == "credits" and state.count("POST", "/api/custom_generate") == 0


def test_circuit_opens_after_repeated_failures_and_skips_the_api(song_mp3, request_, tmp_path):
    state = FakeState(mode="captcha", audio=song_mp3)
    with serve(SUNO_ROUTES, state) as url:
        runs = [resilient(url, tmp_path, Tone()).compose(request_, tmp_path / "t.wav") for _ in range(4)]
    outcomes = [run.attempts[0].outcome for run in runs]
    assert outcomes == ["error", "error", "error", "circuit_open"]
    assert state.count("POST", "/api/custom_generate") == 3


def test_unreachable_server_is_a_connection_error(request_, tmp_path):
    with pytest.raises(MusicProviderError) as err:
        provider("http://127.0.0.1:9", max_attempts=2).compose(request_, tmp_path / "t.wav")
    assert err.value.kind == "connection"
