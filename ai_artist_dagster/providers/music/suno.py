"""A Suno-compatible HTTP music API (the shape of the widely used self-hosted `suno-api` servers):

- ``GET  /api/get_limit``          → ``{"credits_left": n, ...}`` (checked before submitting)
- ``POST /api/custom_generate``    → ``[{"id": ..., "status": "submitted"}, ...]`` (lyrics, style tags, title)
- ``GET  /api/get?ids=a,b``        → ``[{"id", "status": submitted|queued|streaming|complete|error, "audio_url"}]``

The job is submitted, then polled until its first clip is ``complete`` (or fails, or the job
deadline passes); the audio is downloaded, verified (decodes, long enough, not silent), resampled
to 44.1 kHz stereo and mastered to the loudness target like the composer's songs. Transient HTTP
failures (429, 5xx, timeouts) are retried with backoff honouring Retry-After; anything else raises
:class:`MusicProviderError` at once so the caller can fall back to the composer.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from pydantic import BaseModel, SecretStr

from ai_artist_dagster.domain.audio_files import decode_audio, write_wav
from ai_artist_dagster.domain.composer import master
from ai_artist_dagster.domain.music_theory import key_name
from ai_artist_dagster.domain.song_form import estimate_sections
from ai_artist_dagster.providers.http import TooLarge, retry_after_seconds, send, status_kind
from ai_artist_dagster.providers.music.base import (
    ComposedTrack,
    MusicAttempt,
    MusicErrorKind,
    MusicProvider,
    MusicProviderError,
    TrackRequest,
)

SAMPLE_RATE = 44_100
MIN_AUDIO_S = 30.0
SILENCE_DBFS = -45.0
MAX_BACKOFF_S = 30.0
MAX_AUDIO_BYTES = 150_000_000  # a 10-minute 48 kHz WAV is ~115 MB; anything bigger is not a song


class SunoSettings(BaseModel):
    base_url: str
    api_key: SecretStr | None = None
    poll_interval_s: float = 5.0
    job_timeout_s: float = 600.0
    request_timeout_s: float = 30.0
    max_attempts: int = 3
    credits_per_song: float = 10.0
    usd_per_credit: float = 0.005
    model: str = ""


def style_tags(request: TrackRequest) -> str:
    """Suno's style prompt: genre, mood, tempo, key, and the A/B energy and instrumentation."""
    p = request.profile
    feel = "high energy" if request.energy >= 0.75 else "laid-back" if request.energy < 0.6 else "mid-tempo groove"
    tags = [p.genre, p.mood, f"{round(request.tempo_bpm)} bpm", key_name(p.key, p.mode), feel]
    if request.instrumentation == "sparse":
        tags.append("minimal arrangement")
    return ", ".join(t for t in tags if t)[:200]


def lyric_sheet(request: TrackRequest) -> str:
    """Lyrics in the ``[Verse]``/``[Chorus]`` form these APIs read as structure."""
    blocks = [f"[{s.kind.capitalize()}]\n" + "\n".join(s.lines) for s in request.lyrics.sections if s.lines]
    return "\n\n".join(blocks)[:3000]


class SunoProvider(MusicProvider):
    name = "suno"

    def __init__(
        self,
        settings: SunoSettings,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        headers = {"Accept": "application/json"}
        if settings.api_key:
            headers["Authorization"] = f"Bearer {settings.api_key.get_secret_value()}"
        self._client = httpx.Client(
            base_url=settings.base_url.rstrip("/"),
            headers=headers,
            timeout=settings.request_timeout_s,
            transport=transport,
            follow_redirects=True,
        )

    # HTTP with retries -------------------------------------------------------------------
    def _request(self, method: str, url: str, max_bytes: int | None = None, **kwargs: Any) -> httpx.Response:
        attempts = max(1, self.settings.max_attempts)
        for attempt in range(1, attempts + 1):
            try:
                response = send(self._client, method, url, max_bytes, **kwargs)
            except TooLarge as exc:
                raise MusicProviderError("bad_audio", f"the song download is too large: {exc}") from exc
            except httpx.TimeoutException as exc:
                error = MusicProviderError("timeout", f"{method} {_path(url)} timed out ({type(exc).__name__})")
            except httpx.TransportError as exc:
                error = MusicProviderError(
                    "connection", f"{method} {_path(url)}: cannot connect ({type(exc).__name__})"
                )
            else:
                if response.status_code < 400:
                    return response
                error = _status_error(method, url, response)
            if not error.retryable or attempt == attempts:
                raise error
            backoff = min(MAX_BACKOFF_S, error.retry_after or (2 ** (attempt - 1)) * (0.5 + random.random()))
            self._sleep(backoff)
        raise AssertionError("unreachable")

    def credits_left(self) -> float | None:
        """Credits the account has left, or None when the server does not say."""
        try:
            body = self._request("GET", "/api/get_limit").json()
        except MusicProviderError as exc:
            if exc.kind == "auth":
                raise
            return None
        value = body.get("credits_left") if isinstance(body, dict) else None
        return float(value) if isinstance(value, int | float) else None

    def _submit(self, request: TrackRequest) -> str:
        payload: dict[str, Any] = {
            "prompt": lyric_sheet(request),
            "tags": style_tags(request),
            "title": request.lyrics.title[:80],
            "make_instrumental": False,
            "wait_audio": False,
        }
        if self.settings.model:
            payload["model"] = self.settings.model
        clips = self._request("POST", "/api/custom_generate", json=payload).json()
        if not isinstance(clips, list) or not clips or not isinstance(clips[0], dict) or not clips[0].get("id"):
            raise MusicProviderError("server", f"unexpected submit reply: {str(clips)[:200]}")
        return str(clips[0]["id"])

    def _wait(self, job_id: str) -> str:
        """Poll until the clip is complete; returns its audio URL."""
        deadline = time.monotonic() + self.settings.job_timeout_s
        status = "submitted"
        while True:
            clips = self._request("GET", "/api/get", params={"ids": job_id}).json()
            clip = next((c for c in clips if isinstance(c, dict) and c.get("id") == job_id), None) if clips else None
            if clip is None:
                raise MusicProviderError("server", f"job {job_id} is missing from the server's reply", job_id=job_id)
            status = str(clip.get("status", ""))
            if status == "complete" and clip.get("audio_url"):
                return str(clip["audio_url"])
            if status == "error":
                reason = clip.get("error_message") or clip.get("error") or "no reason given"
                raise MusicProviderError("job_failed", f"job {job_id} failed: {str(reason)[:200]}", job_id=job_id)
            if time.monotonic() + self.settings.poll_interval_s > deadline:
                raise MusicProviderError(
                    "timeout",
                    f"job {job_id} still '{status}' after {self.settings.job_timeout_s:.0f} s (SUNO_JOB_TIMEOUT_S)",
                    job_id=job_id,
                )
            self._sleep(self.settings.poll_interval_s)

    def _download(self, url: str, job_id: str) -> tuple[Any, int]:
        response = self._request("GET", url, max_bytes=MAX_AUDIO_BYTES)
        kind = response.headers.get("content-type", "")
        if not response.content or kind.startswith(("text/", "application/json")):
            raise MusicProviderError(
                "bad_audio", f"job {job_id}: download is {kind or 'empty'}, not audio", job_id=job_id
            )
        with tempfile.NamedTemporaryFile(suffix=Path(httpx.URL(url).path).suffix or ".mp3") as handle:
            handle.write(response.content)
            handle.flush()
            try:
                audio = decode_audio(Path(handle.name), SAMPLE_RATE)
            except RuntimeError as exc:
                raise MusicProviderError("bad_audio", f"job {job_id}: {exc}", job_id=job_id) from exc
        return audio, SAMPLE_RATE

    # the provider -----------------------------------------------------------------------
    def compose(self, request: TrackRequest, wav_path: Path) -> ComposedTrack:
        from ai_artist_dagster.domain.audio_analysis import analyze_samples

        started = time.monotonic()
        credits = self.credits_left()
        if credits is not None and credits < self.settings.credits_per_song:
            raise MusicProviderError(
                "credits", f"{credits:g} credits left, a song needs {self.settings.credits_per_song:g}"
            )
        job_id = self._submit(request)
        audio, sr = self._download(self._wait(job_id), job_id)
        duration = len(audio) / sr
        peak = float(20 * np.log10(np.abs(audio).max() + 1e-12))
        if duration < MIN_AUDIO_S or peak < SILENCE_DBFS:
            raise MusicProviderError(
                "bad_audio", f"job {job_id}: {duration:.0f} s at peak {peak:.0f} dBFS is not a song", job_id=job_id
            )
        mastered, lufs, peak_db = master(audio, sr, target_lufs=request.target_lufs)
        write_wav(wav_path, mastered, sr)
        measured = analyze_samples(mastered, sr, start_bpm=request.tempo_bpm)
        used = self.settings.credits_per_song  # unless the server's counter says otherwise
        if credits is not None and (after := self.credits_left()) is not None and after < credits:
            used = credits - after
        sections = estimate_sections(request.lyrics, duration, measured.beat_times)
        return ComposedTrack(
            wav_path=str(wav_path),
            vocals="provider",  # the API sings its own song
            sample_rate=sr,
            duration_s=duration,
            tempo_bpm=round(measured.tempo_bpm, 2),
            integrated_lufs=lufs,
            peak_dbfs=peak_db,
            sections=sections,
            beat_times=measured.beat_times,
            analysis=measured,
            provider=self.name,
            params={
                "requested_tempo_bpm": request.tempo_bpm,
                "tempo_offset_bpm": request.tempo_offset_bpm,
                "energy": request.energy,
                "instrumentation": request.instrumentation,
                "genre": request.profile.genre,
                "style_tags": style_tags(request),
                "job_id": job_id,
                "sections": "estimated from lyrics",
            },
            attempts=[
                MusicAttempt(
                    provider=self.name,
                    outcome="ok",
                    job_id=job_id,
                    credits=used,
                    cost_usd=round(used * self.settings.usd_per_credit, 6),
                    latency_s=round(time.monotonic() - started, 3),
                )
            ],
        )


def _path(url: str) -> str:
    """The URL without query or credentials, for messages."""
    return httpx.URL(url).path or url


def _status_error(method: str, url: str, response: httpx.Response) -> MusicProviderError:
    status = response.status_code
    text = response.text[:200].replace("\n", " ")
    general = status_kind(status)
    kind: MusicErrorKind = "credits" if status == 402 else "job_failed" if general == "client" else general
    if kind == "auth":
        hint = "captcha required by the upstream account" if "captcha" in text.lower() else "check SUNO_API_KEY"
        text = f"{text} ({hint})"
    return MusicProviderError(
        kind, f"{method} {_path(url)}: HTTP {status}: {text}", retry_after=retry_after_seconds(response.headers)
    )
