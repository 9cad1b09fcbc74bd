"""Speech made to sing: a spoken line is re-timed onto its notes and re-pitched with WORLD.

WORLD (pyworld) splits the speech into pitch (f0), spectral envelope and aperiodicity. Each
syllable is mapped onto its note: the consonants before the vowel keep their length (at most
``MAX_CONSONANT_S``) and lead into the note's onset, the vowel is stretched to fill the note, the
closing consonants end it. The envelope and aperiodicity follow that time map; the pitch is the
score's — a short glide from the previous note, vibrato that grows on held notes — wherever the
speech was voiced, and the vowel is always voiced. A timbre shift warps the envelope's frequency
axis (below 1: a darker, lower-sounding voice), which with the register gives each artist its own
voice from one speaker.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel

from ai_artist_dagster.domain.vocals.syllables import Line, Syllable
from ai_artist_dagster.lib.schemas import VocalIdentity

FRAME_S = 0.005
MAX_CONSONANT_S = 0.14
GLIDE_S = 0.045
BORROW = 0.25  # the share of a note the next syllable's leading consonants may take


class NoteSlot(BaseModel):
    """Where one syllable is sung, relative to the line's first onset."""

    onset_s: float
    duration_s: float
    midi: int


def _midi_hz(m: float) -> float:
    return 440.0 * 2 ** ((m - 69) / 12)


def time_map(syllables: Sequence[Syllable], notes: Sequence[NoteSlot], lead_in_s: float) -> list[tuple[float, float]]:
    """(sung time, spoken time) anchor points, four per syllable: its first consonant, its vowel's
    start (on the note's onset), its vowel's end, its last phone's end. A syllable's leading
    consonants are sung before its onset, in the gap before it or the end of the previous note
    (at most BORROW of it); closing consonants end the note. Sung time 0 is ``lead_in_s`` before
    the first onset."""
    starts = [lead_in_s + n.onset_s for n in notes]
    ends = [s + n.duration_s for s, n in zip(starts, notes, strict=True)]
    leads, codas, vowels = [], [], []
    for i, syl in enumerate(syllables):
        phones = syl.phones
        v = next((k for k, p in enumerate(phones) if p.vowel), len(phones) // 2)
        vowels.append(v)
        onset_cons = phones[v].start_s - phones[0].start_s
        room = lead_in_s if i == 0 else (starts[i] - ends[i - 1]) + BORROW * notes[i - 1].duration_s
        leads.append(min(onset_cons, MAX_CONSONANT_S, room))
        codas.append(min(phones[-1].end_s - phones[v].end_s, MAX_CONSONANT_S, 0.45 * notes[i].duration_s))
    anchors: list[tuple[float, float]] = []
    for i, syl in enumerate(syllables):
        phones, v = syl.phones, vowels[i]
        gap_after = starts[i + 1] - ends[i] if i + 1 < len(notes) else 0.0
        span_end = ends[i] - (max(0.0, leads[i + 1] - gap_after) if i + 1 < len(notes) else 0.0)
        vowel_end = max(starts[i] + 0.01, span_end - codas[i])
        anchors.append((starts[i] - leads[i], phones[0].start_s))
        anchors.append((starts[i], phones[v].start_s))
        anchors.append((vowel_end, phones[v].end_s))
        anchors.append((max(vowel_end + 1e-3, span_end), phones[-1].end_s))
    return anchors


def sing_line(
    speech: np.ndarray,
    sr: int,
    line: Line,
    notes: Sequence[NoteSlot],
    identity: VocalIdentity,
    lead_in_s: float = 0.2,
) -> np.ndarray:
    """The line sung on ``notes`` (mono float32 at ``sr``); sample 0 is ``lead_in_s`` before the first onset."""
    import pyworld as pw

    x = speech.astype(np.float64)
    f0, t = pw.dio(x, sr, frame_period=FRAME_S * 1000)
    f0 = pw.stonemask(x, f0, t, sr)
    sp = pw.cheaptrick(x, f0, t, sr)
    ap = pw.d4c(x, f0, t, sr)
    syllables = [s for _, s in line.syllables]
    anchors = time_map(syllables, notes, lead_in_s)
    total = lead_in_s + notes[-1].onset_s + notes[-1].duration_s + 0.05
    out_t = np.arange(0, total, FRAME_S)
    sung_at, spoken_at = np.array([a for a, _ in anchors]), np.array([b for _, b in anchors])
    src_t = np.interp(out_t, sung_at, spoken_at)
    src_i = np.clip(src_t / FRAME_S, 0, len(f0) - 1)
    lo = np.floor(src_i).astype(int)
    hi = np.minimum(lo + 1, len(f0) - 1)
    w = (src_i - lo)[:, None]
    new_sp = sp[lo] * (1 - w) + sp[hi] * w
    new_ap = ap[lo] * (1 - w) + ap[hi] * w
    voiced = (f0[lo] > 0) | (f0[hi] > 0)
    target = np.zeros_like(out_t)
    singing = np.zeros_like(out_t, dtype=bool)
    prev_midi: float | None = None
    for note in notes:
        a, b = lead_in_s + note.onset_s, lead_in_s + note.onset_s + note.duration_s
        idx = (out_t >= a) & (out_t < b)
        local = out_t[idx] - a
        cents = np.zeros_like(local)
        if prev_midi is not None:  # a short glide from the previous note (shorter on short notes)
            glide = np.clip(1 - local / min(GLIDE_S, 0.3 * note.duration_s), 0, 1) ** 2
            cents += (prev_midi - note.midi) * 100 * glide
        depth = identity.vibrato_cents * np.clip((local - 0.25) / 0.3, 0, 1)
        cents += depth * np.sin(2 * np.pi * identity.vibrato_hz * local)
        target[idx] = _midi_hz(note.midi) * 2 ** (cents / 1200)
        singing[idx] = True
        prev_midi = note.midi
    # before each note's onset (its leading consonants) the note's own pitch
    for note in notes:
        a = lead_in_s + note.onset_s
        idx = (out_t >= a - MAX_CONSONANT_S) & (out_t < a) & ~singing
        target[idx] = _midi_hz(note.midi)
    vowel = _vowel_frames(out_t, anchors)
    new_f0 = np.where((voiced | vowel) & (target > 0), target, 0.0)
    if identity.breathiness:
        new_ap = np.where(vowel[:, None], np.clip(new_ap + identity.breathiness, 0, 1), new_ap)
    if identity.timbre_shift != 1.0:
        new_sp = warp_envelope(new_sp, identity.timbre_shift)
    y = pw.synthesize(
        np.ascontiguousarray(new_f0),
        np.ascontiguousarray(new_sp),
        np.ascontiguousarray(new_ap),
        sr,
        FRAME_S * 1000,
    )
    return y.astype(np.float32)


def _vowel_frames(out_t: np.ndarray, anchors: list[tuple[float, float]]) -> np.ndarray:
    """Frames between each syllable's vowel start and vowel end anchors."""
    mask = np.zeros_like(out_t, dtype=bool)
    for k in range(0, len(anchors), 4):
        mask |= (out_t >= anchors[k + 1][0]) & (out_t < anchors[k + 2][0])
    return mask


def warp_envelope(sp: np.ndarray, factor: float) -> np.ndarray:
    """Move the formants by ``factor`` (the spectral envelope read at bin/factor)."""
    bins = np.arange(sp.shape[1])
    src = np.clip(bins / factor, 0, sp.shape[1] - 1)
    return np.stack([np.interp(src, bins, frame) for frame in sp])
