"""A song's vocal: which lines each planned section sings, the sung stem, and the vocal bus.

The arrangement (composer/arrangement.py) may add an intro, an outro and extra choruses around
the lyric's own sections; an added chorus sings the lyric's first chorus again, intro and outro
are instrumental unless the lyric gives them lines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from scipy import signal

from ai_artist_dagster.domain.composer.arrangement import SongPlan
from ai_artist_dagster.domain.vocals.melody import Sung, VocalScore
from ai_artist_dagster.domain.vocals.singing import NoteSlot, sing_line
from ai_artist_dagster.domain.vocals.syllables import Line
from ai_artist_dagster.lib.schemas import Lyrics, VocalIdentity

LEAD_IN_S = 0.2


def section_lines(plan: SongPlan, lyrics: Lyrics) -> list[tuple[str, str, list[str]] | None]:
    """(kind, label, line texts) per planned section, None where it is instrumental."""
    queue = [s for s in lyrics.sections]
    first_chorus = next(s.lines for s in lyrics.sections if s.kind == "chorus")
    out: list[tuple[str, str, list[str]] | None] = []
    for section in plan.sections:
        if queue and queue[0].kind == section.kind and queue[0].label == section.label:
            own = queue.pop(0)
            out.append((section.kind, section.label, list(own.lines)) if own.lines else None)
        elif section.kind == "chorus":
            out.append((section.kind, section.label, list(first_chorus)))
        else:
            out.append(None)
    return out


def sung_sections(plan: SongPlan, lyrics: Lyrics, lines: Mapping[str, Line]) -> list[Sung | None]:
    """What the melody writer needs: each section's lines as syllables."""
    return [
        Sung(label=s[1], kind=s[0], lines=[lines[text] for text in s[2]]) if s else None
        for s in section_lines(plan, lyrics)
    ]


SingFn = Callable[[str, list[NoteSlot]], np.ndarray]


def render_stem(score: VocalScore, sing: SingFn, sample_rate: int, length_s: float) -> np.ndarray:
    """The dry vocal (mono) over the whole song: each line sung once per distinct melody (a chorus
    repeated with the same notes is sung once and placed again)."""
    out = np.zeros(int(length_s * sample_rate), dtype=np.float32)
    by_line: dict[int, list] = {}
    for note in score.notes:
        by_line.setdefault(note.line_index, []).append(note)
    cache: dict[tuple, np.ndarray] = {}
    for notes in by_line.values():
        start = notes[0].onset_s
        slots = [NoteSlot(onset_s=round(n.onset_s - start, 4), duration_s=n.duration_s, midi=n.midi) for n in notes]
        text = notes[0].line
        key = (text, tuple((s.onset_s, s.duration_s, s.midi) for s in slots))
        if key not in cache:
            cache[key] = sing(text, slots)
        sung = cache[key]
        at = int((start - LEAD_IN_S) * sample_rate)
        if at < 0:
            sung, at = sung[-at:], 0
        end = min(len(out), at + len(sung))
        out[at:end] += sung[: end - at]
    return out


def sing_with(spoken: Mapping[str, tuple[Line, np.ndarray, int]], identity: VocalIdentity, sample_rate: int) -> SingFn:
    """A SingFn over spoken lines (text → (syllables, audio, rate)) resampled to ``sample_rate``."""

    def sing(text: str, slots: list[NoteSlot]) -> np.ndarray:
        line, audio, rate = spoken[text]
        y = sing_line(audio, rate, line, slots, identity, lead_in_s=LEAD_IN_S)
        if rate != sample_rate:
            y = signal.resample_poly(y, sample_rate, rate).astype(np.float32)
        return y

    return sing


def vocal_bus(dry: np.ndarray, sample_rate: int, reverb: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """High-pass at 100 Hz, a 3:1 compressor (10 ms attack, 120 ms release), a little reverb (more
    costs words: a recogniser understood 0.83 → 0.88 → 0.91 WER dry, at 0.08, at 0.16): stereo."""
    b, a = signal.butter(2, 100, btype="highpass", fs=sample_rate)
    x = signal.lfilter(b, a, dry).astype(np.float32)
    x = compress(x, sample_rate, threshold_db=-24.0, ratio=3.0)
    left, right = reverb
    wet_l = signal.oaconvolve(x, left)[: len(x)]
    wet_r = signal.oaconvolve(x, right)[: len(x)]
    return np.stack([x + 0.1 * wet_l, x + 0.1 * wet_r], axis=1).astype(np.float32)


def compress(x: np.ndarray, sample_rate: int, threshold_db: float, ratio: float) -> np.ndarray:
    """Feed-forward RMS compressor (block-wise envelope, smooth gain)."""
    block = max(1, int(0.005 * sample_rate))
    n = len(x) // block * block
    if n == 0:
        return x
    rms = np.sqrt(np.mean(x[:n].reshape(-1, block) ** 2, axis=1) + 1e-12)
    level = 20 * np.log10(rms)
    over = np.maximum(0.0, level - threshold_db)
    gain_db = -over * (1 - 1 / ratio)
    # attack fast, release slow: a one-pole smoother on the gain reduction
    smoothed = np.empty_like(gain_db)
    g = 0.0
    attack, release = np.exp(-block / (0.010 * sample_rate)), np.exp(-block / (0.120 * sample_rate))
    for i, target in enumerate(gain_db):
        coeff = attack if target < g else release
        g = coeff * g + (1 - coeff) * target
        smoothed[i] = g
    gain = np.repeat(10 ** (smoothed / 20), block)
    out = x.copy()
    out[:n] *= gain.astype(np.float32)
    return out


def sung_spans(score: VocalScore, gap_s: float = 0.6) -> list[tuple[float, float]]:
    """Stretches where the voice sings (notes closer than ``gap_s`` merged): where the lead is ducked."""
    spans: list[list[float]] = []
    for n in score.notes:
        if spans and n.onset_s - spans[-1][1] < gap_s:
            spans[-1][1] = max(spans[-1][1], n.onset_s + n.duration_s)
        else:
            spans.append([n.onset_s, n.onset_s + n.duration_s])
    return [(a, b) for a, b in spans]
