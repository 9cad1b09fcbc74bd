"""Render a SongPlan to a stereo float32 signal at 44.1 kHz."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from scipy import signal

from ai_artist_dagster.domain.composer import synth
from ai_artist_dagster.domain.composer.arrangement import SectionPlan, SongPlan
from ai_artist_dagster.domain.composer.patterns import pattern_for
from ai_artist_dagster.domain.music_theory import midi_to_hz, scale_midi, triad

SR = synth.SR


@dataclass(frozen=True)
class SectionTime:
    kind: str
    label: str
    start_s: float
    end_s: float
    bars: int


@dataclass(frozen=True)
class RenderedSong:
    audio: np.ndarray  # (n, 2) float32
    sample_rate: int
    sections: list[SectionTime]
    beat_times: list[float]


class _Bus:
    def __init__(self, n: int, stereo: bool = True):
        self.data = np.zeros((n, 2) if stereo else n, dtype=np.float32)

    def add(self, at_s: float, sig: np.ndarray, gain: float, pan: float = 0.5) -> None:
        start = int(at_s * SR)
        end = min(start + len(sig), len(self.data))
        if end <= start:
            return
        chunk = sig[: end - start] * gain
        if self.data.ndim == 1:
            self.data[start:end] += chunk
        else:
            self.data[start:end, 0] += chunk * (1 - pan) * 2**0.5
            self.data[start:end, 1] += chunk * pan * 2**0.5

    def add_stereo(self, at_s: float, left: np.ndarray, right: np.ndarray, gain: float) -> None:
        start = int(at_s * SR)
        end = min(start + len(left), len(self.data))
        if end > start:
            self.data[start:end, 0] += left[: end - start] * gain
            self.data[start:end, 1] += right[: end - start] * gain


def _motif(rng: random.Random, density: float) -> list[tuple[int, int, int]]:
    """A one-bar melodic motif: (step, length in 16ths, chord-tone index 0..4)."""
    notes: list[tuple[int, int, int]] = []
    step = 0
    while step < 16:
        length = rng.choice((2, 2, 3, 4) if density > 0.7 else (2, 4, 4, 6))
        if rng.random() < density:
            notes.append((step, min(length, 16 - step), rng.choice((0, 1, 2, 2, 3, 4))))
        step += length
    return notes or [(0, 4, 0)]


def _drums(bus: _Bus, plan: SongPlan, section: SectionPlan, bar_start: float, bar_index: int) -> None:
    pattern = pattern_for(plan.genre)
    sixteenth = plan.beat_s / 4
    kind = section.kind
    last_bar = bar_index == section.bars - 1
    for step in range(16):
        swing = pattern.swing * sixteenth if step % 2 else 0.0
        at = bar_start + step * sixteenth + swing
        if kind != "intro" and step in (pattern.kick if kind != "bridge" else (0, 8)):
            bus.add(at, synth.kick(), 0.95 * section.energy**0.3)
        elif kind == "intro" and step % 4 == 0 and bar_index >= 1:  # the beat is in by the second bar
            bus.add(at, synth.kick(), 0.7)
        if kind not in ("intro", "outro") and step in (pattern.snare if kind != "bridge" else (8,)):
            bus.add(at, synth.snare(), 0.55 * section.energy**0.5)
        if kind == "chorus" and last_bar and step >= 12:
            bus.add(at, synth.snare(), 0.35)  # fill into the next section
        if step in pattern.hat and kind != "outro":
            bus.add(at, synth.hat(), 0.22 * max(section.energy, 0.6), pan=0.65)
        if kind == "chorus" and step in pattern.open_hat:
            bus.add(at, synth.hat(open_=True), 0.18, pan=0.35)


def render_song(plan: SongPlan, vocal_spans: list[tuple[float, float]] | None = None) -> RenderedSong:
    """The instrumental; the lead instrument drops ~10 dB inside ``vocal_spans`` (where the voice sings)."""
    rng = random.Random(plan.seed)
    tail_s = 2.5
    n = int((plan.duration_s + tail_s) * SR)
    drums, bass, pads, leads = _Bus(n), _Bus(n, stereo=False), _Bus(n), _Bus(n)
    pattern = pattern_for(plan.genre)
    sixteenth = plan.beat_s / 4
    bass_tone = "warm" if plan.genre in ("r&b", "opm", "country") else "bright"
    lead_tone = "bright" if plan.energy > 0.55 else "soft"
    motifs = {
        kind: _motif(rng, 0.85 if kind == "chorus" else 0.6) for kind in ("verse", "pre_chorus", "chorus", "bridge")
    }
    timings: list[SectionTime] = []
    t = 0.0
    for section in plan.sections:
        start = t
        for bar_index, degree in enumerate(section.chords):
            bar_start = t
            _drums(drums, plan, section, bar_start, bar_index)
            root = scale_midi(plan.key, plan.mode, degree, 2)
            steps = pattern.bass_steps if section.kind not in ("intro", "outro") else (0,)
            for i, step in enumerate(steps):
                nxt = steps[i + 1] if i + 1 < len(steps) else 16
                length = max(1, nxt - step) * sixteenth * 0.9
                bass.add(
                    bar_start + step * sixteenth,
                    synth.bass(round(midi_to_hz(root), 2), round(length, 3), bass_tone),
                    0.5,
                )
            for note in triad(plan.key, plan.mode, degree, 4):
                left, right = synth.pad(round(midi_to_hz(note), 2), round(plan.bar_s, 3))
                pads.add_stereo(bar_start, left, right, 0.09 * (0.6 + section.energy * 0.5))
            if (section.kind in motifs and plan.instrumentation != "sparse") or section.kind == "chorus":
                octave = 5 if section.kind == "chorus" else 4
                tones = [scale_midi(plan.key, plan.mode, degree + k, octave) for k in (0, 2, 4, 7, 9)]
                for step, length, tone in motifs.get(section.kind, motifs["verse"]):
                    freq = round(midi_to_hz(tones[tone]), 2)
                    leads.add(
                        bar_start + step * sixteenth,
                        synth.lead(freq, round(length * sixteenth * 0.95, 3), lead_tone),
                        0.2,
                        pan=0.45,
                    )
            t += plan.bar_s
        timings.append(SectionTime(section.kind, section.label, start, t, section.bars))

    if vocal_spans:
        leads.data *= _duck_envelope(n, vocal_spans)[:, None]
    # Kick ducking ("sidechain"): pads breathe with the beat, as in most modern pop.
    beat_phase = (np.arange(n) / SR % plan.beat_s) / plan.beat_s
    duck = (0.55 + 0.45 * np.clip(beat_phase * 3, 0, 1)).astype(np.float32)
    pads.data *= duck[:, None]

    ir_l, ir_r = synth.reverb_ir()
    send = pads.data + leads.data
    wet = np.stack([signal.oaconvolve(send[:, 0], ir_l)[:n], signal.oaconvolve(send[:, 1], ir_r)[:n]], axis=1).astype(
        np.float32
    )
    b, a = signal.butter(2, 35, btype="highpass", fs=SR)
    mix = drums.data + bass.data[:, None] * 0.8 + pads.data + leads.data + 0.28 * wet
    mix = signal.lfilter(b, a, mix, axis=0).astype(np.float32)
    end = int((plan.duration_s + 1.5) * SR)
    fade = np.linspace(1, 0, int(1.5 * SR), dtype=np.float32)
    mix = mix[:end]
    mix[-len(fade) :] *= fade[:, None]
    beats = [round(i * plan.beat_s, 4) for i in range(int(plan.duration_s / plan.beat_s))]
    return RenderedSong(audio=mix, sample_rate=SR, sections=timings, beat_times=beats)


def _duck_envelope(n: int, spans: list[tuple[float, float]], depth: float = 0.3, ramp_s: float = 0.08) -> np.ndarray:
    """1 outside the spans, ``depth`` inside, with short ramps."""
    env = np.ones(n, dtype=np.float32)
    for a, b in spans:
        env[max(0, int(a * SR)) : min(n, int(b * SR))] = depth
    k = max(1, int(ramp_s * SR))
    return np.convolve(env, np.ones(k, dtype=np.float32) / k, mode="same").astype(np.float32)
