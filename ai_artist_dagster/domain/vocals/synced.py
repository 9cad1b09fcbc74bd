"""Synced lyrics from the score: enhanced LRC (a time per line and per word) and SRT (a cue per line)."""

from __future__ import annotations

from ai_artist_dagster.domain.vocals.melody import VocalScore


def _lrc_time(t: float) -> str:
    minutes, seconds = divmod(max(0.0, t), 60)
    return f"{int(minutes):02d}:{seconds:05.2f}"


def _srt_time(t: float) -> str:
    ms = round(max(0.0, t) * 1000)
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    seconds, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{ms:03d}"


def lines_of(score: VocalScore) -> list[list[tuple[float, float, str]]]:
    """Per sung line, its words as (start, end, word)."""
    lines: dict[int, list[tuple[float, float, str]]] = {}
    for start, end, word, line in score.words():
        lines.setdefault(line, []).append((start, end, word))
    return [lines[k] for k in sorted(lines)]


def enhanced_lrc(score: VocalScore, title: str, artist: str, length_s: float) -> str:
    """`[mm:ss.xx] <mm:ss.xx> word <mm:ss.xx> word …` (the A2 / enhanced LRC extension)."""
    out = [f"[ti:{title}]", f"[ar:{artist}]", f"[length:{_lrc_time(length_s)[:5]}]", "[by:ai-artist-dagster]"]
    for words in lines_of(score):
        timed = " ".join(f"<{_lrc_time(start)}> {word}" for start, _, word in words)
        out.append(f"[{_lrc_time(words[0][0])}] {timed} <{_lrc_time(words[-1][1])}>")
    return "\n".join(out) + "\n"


def srt(score: VocalScore) -> str:
    cues = []
    for i, words in enumerate(lines_of(score), start=1):
        text = " ".join(w for _, _, w in words)
        cues.append(f"{i}\n{_srt_time(words[0][0])} --> {_srt_time(words[-1][1])}\n{text}\n")
    return "\n".join(cues)
