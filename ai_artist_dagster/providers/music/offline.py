from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ai_artist_dagster.domain.audio_files import write_wav
from ai_artist_dagster.domain.composer import plan_song, render_song, synth
from ai_artist_dagster.domain.composer.band import MelodyNote
from ai_artist_dagster.domain.composer.mixing import mix_and_master, section_envelope
from ai_artist_dagster.domain.composer.render import SR, song_samples
from ai_artist_dagster.domain.vocals.identity import VocalIdentity, identity_for
from ai_artist_dagster.domain.vocals.melody import VocalScore, write_melody
from ai_artist_dagster.domain.vocals.song import section_lines, sung_sections, sung_spans, vocal_bus
from ai_artist_dagster.lib.background import InChild
from ai_artist_dagster.lib.schemas import SectionTiming
from ai_artist_dagster.providers.instruments import Instruments, SynthInstruments
from ai_artist_dagster.providers.music.base import ComposedTrack, MusicAttempt, MusicProvider, TrackRequest
from ai_artist_dagster.providers.voice import NoVoice, VoiceProvider


class OfflineComposer(MusicProvider):
    """The embedded composer: a vocal melody written from the lyric's syllables and sung by the
    artist's voice (Festival + WORLD; an instrumental when the voice is missing, with the reason),
    a band arrangement played by General MIDI instruments (FluidSynth + FluidR3; the numpy synths
    when it is missing, with the reason), mixed and mastered (BS.1770 loudness, domain/loudness.py), with stems."""

    name = "offline"

    def __init__(self, voice: VoiceProvider | None = None, instruments: Instruments | None = None):
        self.voice = voice or NoVoice("no voice configured")
        self.instruments = instruments or SynthInstruments()

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
            line_counts=[len(s.lines) for s in request.lyrics.sections],
        )
        identity = identity_for(profile)
        texts = [t for s in section_lines(plan, request.lyrics) if s for t in s[2]]
        voice = self.voice
        try:
            lines = voice.lines(texts, identity)
        except RuntimeError as exc:  # the voice broke on this song: sing nothing rather than fail the piece
            voice = NoVoice(f"{voice.name} failed: {exc}")
            lines = voice.lines(texts, identity)
        score = write_melody(plan, sung_sections(plan, request.lyrics, lines), identity.centre_midi, request.seed)
        spans = sung_spans(score)
        melody = [MelodyNote(n.onset_s, n.duration_s, n.midi) for n in score.notes]
        instruments, sung = self.instruments, spans if voice.name != "none" else None
        # The voice sings in a process of its own while the band renders here, when a core is spare.
        singing = InChild(sing, voice, score, identity, SR, song_samples(plan) / SR, what="the voice",
                          child=None if sung else False)  # fmt: skip
        try:
            song = render_song(plan, sung, melody, instruments.render)
        except RuntimeError as exc:  # the renderer broke on this song: the synths play it instead
            instruments = SynthInstruments(f"{instruments.name} failed: {exc}")
            song = render_song(plan, sung, melody, instruments.render)
        sr = song.sample_rate
        dry = singing.result()
        wet = vocal_bus(dry, sr, synth.reverb_ir(seconds=1.2, seed=11)) if dry is not None else None
        envelope = section_envelope(len(song.audio), sr, [(s.kind, s.start_s, s.end_s) for s in song.sections])
        groups = {k: song.stems[k] for k in ("drums", "bass")}
        mixed = mix_and_master(song.audio, wet, sr, spans, request.target_lufs, envelope, groups)
        write_wav(wav_path, mixed.master, sr)
        stems: dict[str, str] = {}
        for role, audio in mixed.stems().items():
            if role != "vocal" or wet is not None:
                stems[role] = str(write_wav(wav_path.with_name(f"stem_{role}.wav"), audio, sr))
        return ComposedTrack(
            wav_path=str(wav_path),
            sample_rate=sr,
            duration_s=len(mixed.master) / sr,
            tempo_bpm=tempo,
            integrated_lufs=mixed.lufs,
            peak_dbfs=mixed.peak_db,
            sections=[
                SectionTiming(kind=s.kind, label=s.label, start_s=s.start_s, end_s=s.end_s, bars=s.bars)
                for s in song.sections
            ],
            beat_times=song.beat_times,
            provider=self.name,
            attempts=[MusicAttempt(provider=self.name, outcome="ok", latency_s=round(time.monotonic() - started, 3))],
            vocals=voice.name,
            vocals_note=voice.reason,
            instruments=instruments.name,
            instruments_note=instruments.reason,
            stems=stems,
            score=score,
            parts=song.parts,
            params={
                "tempo_offset_bpm": request.tempo_offset_bpm,
                "energy": request.energy,
                "instrumentation": request.instrumentation,
                "genre": profile.genre,
                "progressions": plan.progressions(),
                "seed": request.seed,
                "vocals": voice.name,
                **({"vocals_note": voice.reason} if voice.name == "none" else {}),
                "vocal_centre_midi": identity.centre_midi,
                "vocal_timbre_shift": identity.timbre_shift,
                "vocal_gain_db": round(mixed.vocal_gain_db, 2) if wet is not None else "—",
                "instruments": instruments.name,
                **({"instruments_note": instruments.reason} if instruments.reason else {}),
            },
        )


def sing(
    voice: VoiceProvider, score: VocalScore, identity: VocalIdentity, sample_rate: int, length_s: float
) -> np.ndarray | None:
    """The dry vocal stem (None: no voice); module-level so it can run in a child process."""
    return voice.stem(score, identity, sample_rate, length_s)
