"""Render a SongPlan to a stereo float32 signal at 44.1 kHz: the band's parts through an instrument
renderer, each part conditioned (mono where it must be, high-passed, levelled), then bused."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import signal

from ai_artist_dagster.domain.audio_dsp import moving_average
from ai_artist_dagster.domain.composer import synth
from ai_artist_dagster.domain.composer.arrangement import SongPlan
from ai_artist_dagster.domain.composer.band import MelodyNote, write_band
from ai_artist_dagster.domain.composer.parts import Part, Role
from ai_artist_dagster.domain.composer.synth_render import render_parts
from ai_artist_dagster.lib.audio import to_mono

SR = synth.SR
TAIL_S = 2.5
FADE_S = 1.5  # the song ends this long after its last bar, faded out
RenderParts = Callable[[Sequence[Part], int, int], dict[Role, np.ndarray]]  # (parts, rate, samples)

# Per part: high-pass corner (Hz; also removes a patch's DC), level (dBFS RMS while it plays),
# whether it is made mono, and its reverb send.
HIGH_PASS_HZ: dict[Role, float] = {"drums": 30, "bass": 30, "keys": 90, "pad": 150, "lead": 120}
LEVEL_DB: dict[Role, float] = {"drums": -15.0, "bass": -18.5, "keys": -21.0, "pad": -27.0, "lead": -21.0}
MONO: frozenset[Role] = frozenset({"bass", "lead"})
REVERB_SEND: dict[Role, float] = {"keys": 0.12, "pad": 0.3, "lead": 0.22}
LEAD_PAN = 0.45


@dataclass(frozen=True)
class SectionTime:
    kind: str
    label: str
    start_s: float
    end_s: float
    bars: int


@dataclass(frozen=True)
class RenderedSong:
    audio: np.ndarray  # (n, 2) float32: drums + bass + music
    sample_rate: int
    sections: list[SectionTime]
    beat_times: list[float]
    stems: dict[str, np.ndarray] = field(default_factory=dict)  # drums, bass, music: they sum to audio
    parts: list[Part] = field(default_factory=list)


def render_song(
    plan: SongPlan,
    vocal_spans: list[tuple[float, float]] | None = None,
    melody: Sequence[MelodyNote] = (),
    instruments: RenderParts = render_parts,
) -> RenderedSong:
    """The instrumental. With ``vocal_spans`` (where the voice sings) the lead plays the hook only
    where nobody sings and drops ~10 dB inside the spans; without, it plays the whole ``melody``."""
    parts = write_band(plan, melody, voice_sings=bool(vocal_spans))
    n = int((plan.duration_s + TAIL_S) * SR)
    raw = instruments(parts, SR, n)
    part_audio = {role: condition(role, _fit(audio, n)) for role, audio in raw.items()}
    silent = np.zeros((n, 2), dtype=np.float32)
    drums, bass = part_audio.get("drums", silent), part_audio.get("bass", silent)
    keys, pad, lead = part_audio.get("keys", silent), part_audio.get("pad", silent), part_audio.get("lead", silent)
    if vocal_spans:
        lead = lead * _duck_envelope(n, vocal_spans)[:, None]
    # Kick ducking ("sidechain"): the pad breathes with the beat, as in most modern pop.
    beat_phase = (np.arange(n) / SR % plan.beat_s) / plan.beat_s
    pad = pad * (0.55 + 0.45 * np.clip(beat_phase * 3, 0, 1)).astype(np.float32)[:, None]
    send = REVERB_SEND["keys"] * keys + REVERB_SEND["pad"] * pad + REVERB_SEND["lead"] * lead
    ir_l, ir_r = synth.reverb_ir()
    wet = np.stack([signal.oaconvolve(send[:, 0], ir_l)[:n], signal.oaconvolve(send[:, 1], ir_r)[:n]], axis=1)
    groups = {"drums": drums, "bass": bass, "music": keys + pad + lead + wet.astype(np.float32)}
    end = song_samples(plan)
    fade = np.linspace(1, 0, int(FADE_S * SR), dtype=np.float32)
    sos = signal.butter(2, 35, btype="highpass", fs=SR, output="sos")
    stems: dict[str, np.ndarray] = {}
    for name, audio in groups.items():
        out = signal.sosfilt(sos, audio[:end], axis=0).astype(np.float32)
        out[-len(fade) :] *= fade[:, None]
        stems[name] = out
    mix = stems["drums"] + stems["bass"] + stems["music"]
    beats = [round(i * plan.beat_s, 4) for i in range(int(plan.duration_s / plan.beat_s))]
    return RenderedSong(
        audio=mix, sample_rate=SR, sections=section_times(plan), beat_times=beats, stems=stems, parts=parts
    )


def song_samples(plan: SongPlan) -> int:
    """The rendered song's length in samples (at SR), known before it is rendered."""
    return int((plan.duration_s + FADE_S) * SR)


def _fit(audio: np.ndarray, n: int) -> np.ndarray:
    """Exactly ``n`` samples (a renderer may round the length either way)."""
    return audio[:n] if len(audio) >= n else np.pad(audio, ((0, n - len(audio)), (0, 0)))


def section_times(plan: SongPlan) -> list[SectionTime]:
    return [
        SectionTime(s.kind, s.label, t, t + s.bars * plan.bar_s, s.bars)
        for s, t in zip(plan.sections, plan.section_starts(), strict=True)
    ]


def condition(role: Role, audio: np.ndarray) -> np.ndarray:
    """One rendered part made ready to mix: mono where it must be (and from one channel when its two
    channels are out of phase, which would cancel in mono), high-passed, levelled."""
    sos = signal.butter(2, HIGH_PASS_HZ[role], btype="highpass", fs=SR, output="sos")
    # each channel filtered as one contiguous row (first: DC would mask the phase)
    left, right = signal.sosfilt(sos, np.ascontiguousarray(audio.T, dtype=np.float64), axis=-1)
    if _correlation(left, right) < 0:
        channels = (left, left)
    elif role in MONO:
        mid = (left + right) / 2
        channels = (mid, mid)
    else:
        channels = (left, right)
    pan = (1 - LEAD_PAN) * 2**0.5, LEAD_PAN * 2**0.5
    gains = pan if role == "lead" else (1.0, 1.0)
    level = active_rms_db((channels[0] * gains[0] + channels[1] * gains[1]) / 2)
    trim = 10 ** ((LEVEL_DB[role] - level) / 20) if np.isfinite(level) else 1.0
    out = np.empty((len(left), 2), dtype=np.float32)
    for i, (channel, gain) in enumerate(zip(channels, gains, strict=True)):
        out[:, i] = channel * (gain * trim)
    return out


def phase_correlation(audio: np.ndarray) -> float:
    """Correlation of left and right (1: mono, 0: unrelated, -1: opposite phase; 1 when silent)."""
    return _correlation(np.asarray(audio[:, 0], dtype=np.float64), np.asarray(audio[:, 1], dtype=np.float64))


def _correlation(left: np.ndarray, right: np.ndarray) -> float:
    denom = float(np.sqrt(np.dot(left, left) * np.dot(right, right)))
    return float(np.dot(left, right) / denom) if denom > 0 else 1.0


def active_rms_db(audio: np.ndarray, block_s: float = 0.05, floor_db: float = 40.0) -> float:
    """RMS level (dBFS) over the blocks where the part plays (within ``floor_db`` of its loudest)."""
    block = int(block_s * SR)
    mono = to_mono(audio)
    n = len(mono) // block * block
    if n == 0:
        return float("-inf")
    power = np.mean(mono[:n].reshape(-1, block) ** 2, axis=1)
    if not np.any(power > 0):
        return float("-inf")
    active = power[power >= power.max() * 10 ** (-floor_db / 10)]
    return float(10 * np.log10(np.mean(active)))


def _duck_envelope(n: int, spans: list[tuple[float, float]], depth: float = 0.3, ramp_s: float = 0.08) -> np.ndarray:
    """1 outside the spans, ``depth`` inside, with short ramps."""
    env = np.ones(n, dtype=np.float32)
    for a, b in spans:
        env[max(0, int(a * SR)) : min(n, int(b * SR))] = depth
    k = max(1, int(ramp_s * SR))
    return moving_average(env, k)
