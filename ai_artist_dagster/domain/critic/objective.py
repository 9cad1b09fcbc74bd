"""Objective parts: what the audio and video measured, each mapped to 0–1 by a documented ramp."""

from __future__ import annotations

from ai_artist_dagster.lib.schemas import PieceMeasures


def ramp(value: float, zero: float, full: float) -> float:
    """0 at ``zero``, 1 at ``full``, linear between (either direction), clipped."""
    if full == zero:
        return 1.0 if value >= full else 0.0
    return max(0.0, min(1.0, (value - zero) / (full - zero)))


def objective_scores(m: PieceMeasures) -> dict[str, tuple[float, str]]:
    """Part name → (score 0–1, what was measured)."""
    ratio = m.measured_tempo_bpm / m.requested_tempo_bpm if m.requested_tempo_bpm else 0.0
    tempo_err = min(abs(ratio * k - 1) for k in (1.0, 0.5, 2.0))
    lu_off = abs(m.integrated_lufs + 14)
    sung = m.vocals != "none"
    out: dict[str, tuple[float, str]] = {
        "tempo": (
            ramp(tempo_err, 0.08, 0.01),
            f"{m.measured_tempo_bpm:.1f} bpm measured for {m.requested_tempo_bpm:.0f} requested ({tempo_err:.1%} off)",
        ),
        "loudness": (ramp(lu_off, 2.0, 0.3), f"{m.integrated_lufs:.1f} LUFS for −14"),
        "clipping": (
            min(ramp(m.clipped_share or 0.0, 0.001, 0.0), ramp(m.peak_dbfs, 0.0, -0.5)),
            f"peak {m.peak_dbfs:.1f} dBFS, {(m.clipped_share or 0):.3%} of samples at full scale",
        ),
        "duration": (ramp(m.duration_s, 45, 90), f"{m.duration_s:.0f} s"),
        "key": (1.0 if m.key_ok else 0.0, f"heard {m.measured_key or '?'} for {m.key_name}"),
        "vocal pitch": (
            ramp(m.vocal_within_50 or 0.0, 0.7, 0.95) if sung else 0.0,
            f"{m.vocal_within_50:.0%} of notes within 50 cents"
            if sung and m.vocal_within_50 is not None
            else "no voice",
        ),
        "intelligibility": (
            # 0 when nothing is understood; full when the singing is understood about as well as the
            # recogniser understands the same lines spoken clearly (Festival: 0.17–0.33)
            ramp(m.vocal_wer, 1.0, 0.4) if sung and m.vocal_wer is not None else 0.0,
            f"word error rate {m.vocal_wer:.2f}" if sung and m.vocal_wer is not None else "no voice to understand",
        ),
        "vocal presence": (
            ramp(abs(m.chorus_vocal_minus_instrumental_lu), 9.0, 3.0)
            if sung and m.chorus_vocal_minus_instrumental_lu is not None
            else 0.0,
            f"chorus vocal {m.chorus_vocal_minus_instrumental_lu:+.1f} LU over the band"
            if m.chorus_vocal_minus_instrumental_lu is not None
            else "no voice heard in the chorus",
        ),
        "dynamics": (
            ramp(m.chorus_minus_verse_db, 0.0, 3.0) if m.chorus_minus_verse_db is not None else 0.5,
            f"chorus {m.chorus_minus_verse_db:+.1f} dB over the verse"
            if m.chorus_minus_verse_db is not None
            else "no verse and chorus to compare",
        ),
        "musical repetition": (
            ramp(m.looping_bars, 20, 8) if m.looping_bars is not None else 0.5,
            f"longest loop of near-identical bars: {m.looping_bars}" if m.looping_bars is not None else "not measured",
        ),
        "caption timing": (
            m.captions_sung if m.captions_sung is not None else 0.5,
            f"{m.captions_sung:.0%} of caption words heard as they show"
            if m.captions_sung is not None
            else "not measured",
        ),
        "video": (
            0.5 if m.video_ok is None else float(m.video_ok),
            "no teaser"
            if m.video_ok is None
            else "teaser has audio at the right size"
            if m.video_ok
            else "teaser broken",
        ),
    }
    return out
