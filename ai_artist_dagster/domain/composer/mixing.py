"""Voice over the instrumental: the vocal set to sit just above the band where it sings, the mix
mastered, and stems that add back up to the master."""

from __future__ import annotations

import numpy as np

from ai_artist_dagster.domain.audio_dsp import moving_average
from ai_artist_dagster.domain.composer.mastering import master
from ai_artist_dagster.domain.loudness import integrated_loudness

VOCAL_OVER_BAND_LU = 1.0  # the vocal's loudness over the instrumental's, where it sings
# Section dynamics on the mix bus: verses sit back, the chorus arrives (≥ 3 dB over the verse).
SECTION_GAIN_DB = {"intro": 0.0, "verse": -4.5, "pre_chorus": -2.5, "chorus": 0.0, "bridge": -3.5, "outro": -4.0}


def section_envelope(n: int, sr: int, sections: list[tuple[str, float, float]], ramp_s: float = 0.25) -> np.ndarray:
    """Gain per sample from each (kind, start s, end s) section's level, with short ramps between."""
    gain_db = np.zeros(n, dtype=np.float32)
    for kind, start, end in sections:
        gain_db[int(start * sr) : int(end * sr)] = SECTION_GAIN_DB.get(kind, 0.0)
    if len(sections):
        gain_db[int(sections[-1][2] * sr) :] = SECTION_GAIN_DB.get(sections[-1][0], 0.0)
    k = max(1, int(ramp_s * sr))
    smooth = moving_average(gain_db, k)
    return (10 ** (smooth / 20)).astype(np.float32)


def _spans_audio(audio: np.ndarray, sr: int, spans: list[tuple[float, float]]) -> np.ndarray:
    parts = [audio[int(a * sr) : int(b * sr)] for a, b in spans]
    return np.concatenate(parts) if parts else audio[:0]


def loudness_over(audio: np.ndarray, sr: int, spans: list[tuple[float, float]]) -> float:
    """Integrated loudness (LUFS) of ``audio`` inside ``spans``; -inf when too short or silent."""
    clip = _spans_audio(audio, sr, spans)
    if len(clip) < int(0.5 * sr):
        return float("-inf")
    return integrated_loudness(clip, sr)


class Mixed:
    """The master and its stems: vocal, instrumental (= master − vocal), and the instrumental's
    drums, bass and music (= instrumental − drums − bass). Every set sums to the master exactly;
    the limiter's touch stays in the instrumental and the music."""

    def __init__(
        self,
        master_audio: np.ndarray,
        vocal: np.ndarray,
        lufs: float,
        peak_db: float,
        vocal_gain_db: float,
        band: dict[str, np.ndarray] | None = None,
    ):
        self.master, self.vocal, self.lufs, self.peak_db, self.vocal_gain_db = (
            master_audio,
            vocal,
            lufs,
            peak_db,
            vocal_gain_db,
        )
        self.band = band or {}

    @property
    def instrumental(self) -> np.ndarray:
        return (self.master - self.vocal).astype(np.float32)

    def stems(self) -> dict[str, np.ndarray]:
        """Every stem by name (only the vocal and instrumental when the band's groups are unknown)."""
        out = {"vocal": self.vocal, "instrumental": self.instrumental}
        if {"drums", "bass"} <= self.band.keys():
            drums, bass = self.band["drums"], self.band["bass"]
            out |= {"drums": drums, "bass": bass, "music": (out["instrumental"] - drums - bass).astype(np.float32)}
        return out


def mix_and_master(
    band: np.ndarray,
    vocal: np.ndarray | None,
    sr: int,
    spans: list[tuple[float, float]],
    target_lufs: float,
    envelope: np.ndarray | None = None,
    groups: dict[str, np.ndarray] | None = None,
) -> Mixed:
    """Level the (stereo) vocal against the band inside ``spans``, sum, ride the section
    ``envelope`` (gain per sample), master to ``target_lufs``. ``groups`` (parts of ``band``, e.g.
    drums and bass) come back as stems scaled like the band."""
    ride = envelope[: len(band), None] if envelope is not None else 1.0
    scaled: np.ndarray | None = None
    gain_db = float("-inf")
    mix = band * ride
    if vocal is not None and spans:
        vocal = vocal[: len(band)]
        if len(vocal) < len(band):
            vocal = np.pad(vocal, ((0, len(band) - len(vocal)), (0, 0)))
        band_lufs, vocal_lufs = loudness_over(band, sr, spans), loudness_over(vocal, sr, spans)
        gain_db = (band_lufs + VOCAL_OVER_BAND_LU - vocal_lufs) if np.isfinite(vocal_lufs) else 0.0
        scaled = vocal * 10 ** (gain_db / 20) * ride
        mix = mix + scaled
    out, lufs, peak = master(mix, sr, target_lufs=target_lufs)
    # the master's gain on the mix (least squares; the soft limiter only touches peaks)
    g = float(np.sum(out * mix) / max(1e-12, float(np.sum(mix * mix))))
    vocal_stem = (scaled * g).astype(np.float32) if scaled is not None else np.zeros_like(out)
    band_stems = {k: (v[: len(out)] * ride * g).astype(np.float32) for k, v in (groups or {}).items()}
    return Mixed(out, vocal_stem, lufs, peak, gain_db, band_stems)
