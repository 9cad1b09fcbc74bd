"""A remote music provider with the composer behind it: a circuit breaker shared across runs
(SQLite), and a fallback to the embedded composer whenever the remote provider cannot deliver.
Every attempt, failed or not, is returned for the `music_calls` ledger."""

from __future__ import annotations

import time
from pathlib import Path

from ai_artist_dagster.providers.music.base import (
    ComposedTrack,
    MusicAttempt,
    MusicProvider,
    MusicProviderError,
    TrackRequest,
)
from ai_artist_dagster.providers.sqlite_state import BreakerPolicy, SqliteState


class WithFallback(MusicProvider):
    def __init__(
        self,
        primary: MusicProvider,
        fallback: MusicProvider,
        state: SqliteState,
        breaker: BreakerPolicy | None = None,
    ) -> None:
        self.primary, self.fallback, self.state = primary, fallback, state
        self.breaker = breaker or BreakerPolicy()
        self.name = primary.name

    def compose(self, request: TrackRequest, wav_path: Path) -> ComposedTrack:
        name = self.primary.name
        if wait := self.state.is_open(name):
            attempt = MusicAttempt(
                provider=name, outcome="circuit_open", error=f"circuit open for another {wait:.0f} s after failures"
            )
        else:
            started = time.monotonic()
            try:
                track = self.primary.compose(request, wav_path)
            except MusicProviderError as exc:
                opened = self.state.record_failure(name, self.breaker)
                attempt = MusicAttempt(
                    provider=name,
                    outcome="error",
                    job_id=exc.job_id,
                    error_kind=exc.kind,
                    error=str(exc) + (" — circuit opened" if opened else ""),
                    latency_s=round(time.monotonic() - started, 3),
                )
            else:
                self.state.record_success(name)
                return track
        track = self.fallback.compose(request, wav_path)
        return track.model_copy(
            update={
                "attempts": [attempt, *track.attempts],
                "params": {**track.params, "fallback_from": name, "fallback_reason": attempt.error[:200]},
            }
        )
