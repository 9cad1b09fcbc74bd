"""Where a song's sections fall in time when the audio came from elsewhere (a music API that
does not report its structure): the lyrics' sections share the song in proportion to their
lines, after an intro and before an outro, with boundaries snapped to the nearest beat."""

from __future__ import annotations

import numpy as np

from ai_artist_dagster.lib.schemas import Lyrics, SectionTiming

INTRO_S = 8.0
OUTRO_S = 8.0


def estimate_sections(lyrics: Lyrics, duration_s: float, beat_times: list[float]) -> list[SectionTiming]:
    sung = [s for s in lyrics.sections if s.lines]
    body_start, body_end = min(INTRO_S, duration_s * 0.1), max(duration_s - OUTRO_S, duration_s * 0.9)
    weights = np.array([max(1, len(s.lines)) for s in sung], dtype=float)
    edges = body_start + np.concatenate([[0], np.cumsum(weights)]) / weights.sum() * (body_end - body_start)
    beats = np.asarray(beat_times, dtype=float)
    if len(beats):
        edges = np.array([beats[np.abs(beats - e).argmin()] for e in edges])
    beat_s = float(np.median(np.diff(beats))) if len(beats) > 2 else 0.5

    def timing(kind, label: str, start: float, end: float) -> SectionTiming:
        return SectionTiming(
            kind=kind,
            label=label,
            start_s=float(start),
            end_s=float(end),
            bars=max(1, round((end - start) / (4 * beat_s))),
        )

    return [
        timing("intro", "Intro", 0.0, edges[0]),
        *(timing(s.kind, s.label, a, b) for s, a, b in zip(sung, edges[:-1], edges[1:], strict=True)),
        timing("outro", "Outro", edges[-1], duration_s),
    ]
