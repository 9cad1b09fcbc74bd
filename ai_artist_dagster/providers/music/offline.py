from __future__ import annotations

import time
from pathlib import Path

from ai_artist_dagster.domain.audio_files import write_wav
from ai_artist_dagster.domain.composer import master, plan_song, render_song
from ai_artist_dagster.lib.schemas import SectionTiming
from ai_artist_dagster.providers.music.base import ComposedTrack, MusicAttempt, MusicProvider, TrackRequest


class OfflineComposer(MusicProvider):
    """The embedded algorithmic composer (numpy synthesis, pyloudnorm mastering)."""

    name = "offline"

    def compose(self, request: TrackRequest, wav_path: Path) -> ComposedTrack:
        started = time.monotonic()
        profile = request.profile
        tempo = request.tempo_bpm
        plan = plan_song(
            [(s.kind, s.label) for s in request.lyrics.sections],
            tempo_bpm=tempo,
            key=profile.key,
            mode=profile.mode,
            genre=profile.genre,
            seed=request.seed,
            energy=request.energy,
            instrumentation=request.instrumentation,
            min_duration_s=request.min_duration_s,
        )
        song = render_song(plan)
        audio, lufs, peak = master(song.audio, song.sample_rate, target_lufs=request.target_lufs)
        write_wav(wav_path, audio, song.sample_rate)
        return ComposedTrack(
            wav_path=str(wav_path),
            sample_rate=song.sample_rate,
            duration_s=len(audio) / song.sample_rate,
            tempo_bpm=tempo,
            integrated_lufs=lufs,
            peak_dbfs=peak,
            sections=[
                SectionTiming(kind=s.kind, label=s.label, start_s=s.start_s, end_s=s.end_s, bars=s.bars)
                for s in song.sections
            ],
            beat_times=song.beat_times,
            provider=self.name,
            attempts=[MusicAttempt(provider=self.name, outcome="ok", latency_s=round(time.monotonic() - started, 3))],
            params={
                "tempo_offset_bpm": request.tempo_offset_bpm,
                "energy": request.energy,
                "instrumentation": request.instrumentation,
                "genre": profile.genre,
                "seed": request.seed,
            },
        )
