from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

SectionKind = Literal["intro", "verse", "pre_chorus", "chorus", "bridge", "outro"]


class LyricSection(BaseModel):
    kind: SectionKind
    label: str
    lines: list[str]


class Lyrics(BaseModel):
    """A structured song text."""

    title: str = Field(min_length=1, max_length=80)
    theme: str
    rhyme_scheme: str
    meter_syllables: int = Field(ge=4, le=16)
    prompt_variant: str
    sections: list[LyricSection] = Field(min_length=3)

    @model_validator(mode="after")
    def _has_verse_and_chorus(self) -> Lyrics:
        kinds = {s.kind for s in self.sections}
        if not {"verse", "chorus"} <= kinds:
            raise ValueError("a song needs at least one verse and one chorus")
        if any(not s.lines for s in self.sections if s.kind not in ("intro", "outro")):
            raise ValueError("every verse, chorus and bridge needs lines")
        return self

    def sung_lines(self) -> list[str]:
        return [line for s in self.sections for line in s.lines]


class SectionTiming(BaseModel):
    kind: SectionKind
    label: str
    start_s: float
    end_s: float
    bars: int


class TrackInfo(BaseModel):
    """What was rendered and what was measured for one track."""

    wav_path: str
    mp3_path: str
    cover_path: str
    duration_s: float
    sample_rate: int
    channels: int
    tempo_bpm: float  # what the provider says it played: the request for the composer, a remote API's own analysis
    requested_tempo_bpm: float | None = None  # what the piece asked for (profile tempo + arm); None before it was kept
    key: int
    mode: Literal["major", "minor"]
    integrated_lufs: float
    peak_dbfs: float
    measured_tempo_bpm: float
    beat_times: list[float]
    sections: list[SectionTiming]
    params: dict[str, float | str]
    vocals: str = "none"  # who sings: the offline voice ("festival-world"), "provider" (a music API's singer) or "none"
    instruments: str = "provider"  # who played the band: "fluidsynth" (SoundFont), "synth" (numpy) or "provider"
    # role → WAV path: vocal + instrumental sum to the master, and so do vocal + drums + bass + music
    stems: dict[str, str] = Field(default_factory=dict)
    score_path: str | None = None  # the vocal melody, note by note (JSON)
    midi_path: str | None = None  # the band's arrangement, one track per part (Standard MIDI File)
    lrc_path: str | None = None  # word-timed lyrics (enhanced LRC)
    srt_path: str | None = None  # line-timed lyrics (SRT)


class VideoInfo(BaseModel):
    path: str
    thumbnail_path: str
    width: int
    height: int
    fps: float
    duration_s: float
    video_codec: str
    audio_codec: str | None
    track_offset_s: float
    size_bytes: int
    thumbnail_s: float | None = None  # the teaser second the thumbnail shows (the platforms' cover frame)


class PieceMeasures(BaseModel):
    """What was measured of a finished piece, for the critic (None: not measured or not applicable)."""

    requested_tempo_bpm: float
    measured_tempo_bpm: float
    integrated_lufs: float
    peak_dbfs: float
    clipped_share: float | None = None  # share of master samples at full scale
    duration_s: float
    key_name: str
    measured_key: str = ""
    key_ok: bool = False
    vocals: str = "none"
    vocal_within_50: float | None = None  # share of notes sung within 50 cents of the score
    vocal_voiced: float | None = None
    vocal_wer: float | None = None  # word error rate of an offline recogniser on the sung lines
    chorus_vocal_minus_instrumental_lu: float | None = None
    chorus_minus_verse_db: float | None = None
    looping_bars: int | None = None  # the longest stretch of near-identical bars
    captions_sung: float | None = None  # share of the teaser's caption words heard in the vocal as they show
    video_ok: bool | None = None


class CritiquePart(BaseModel):
    """One scored part of the critic's rubric (domain/critic)."""

    name: str
    kind: Literal["objective", "text"]
    measured: str  # what was measured, in words and numbers
    score: float = Field(ge=0, le=1)
    weight: float = Field(gt=0)


class Critique(BaseModel):
    """The critic's reflection on one piece."""

    score: float = Field(ge=0, le=10)
    summary: str
    strengths: list[str]
    issues: list[str]
    suggestions: list[str]
