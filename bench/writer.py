"""The offline writer's lyrics, measured as the distinct-artists issue asks (bench/run.py adds the rows).

- 50 songs across genres, moods and tempos, each on a real chart day's top 10 (spotify_ph_daily):
  lines sharing a two-word opening with another line of their song (bar ≤ 5 %), chart-title words
  used outside the song's one quoted reference (bar 0), rhyme positions that rhyme by CMUdict (bar
  ≥ 80 %), lines within one syllable of the meter (bar ≥ 90 %);
- one artist's 30-song catalogue per mood, each song written knowing the catalogue before it (as
  the lyrics asset does): distinct word pairs / all word pairs (bar ≥ 0.6), and the same without
  the catalogue for reference;
- time per song.

Run alone: python bench/writer.py; the `local` writer against the offline one (needs the `local`
extra): python bench/writer.py local
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GENRES = ["pop", "hip hop", "r&b", "rock", "opm", "country", "electronic", "k-pop", "latin"]
MOODS = ["euphoric", "warm", "intense", "melancholic"]


def _words(line: str) -> list[str]:
    return re.findall(r"[a-z']+", line.lower())


def chart_days(n: int) -> list[tuple[dt.date, list[tuple[str, str]]]]:
    """``n`` chart days spread over the bundled Spotify PH charts, each with its top 10 (title, artist)."""
    import duckdb

    path = ROOT / "data" / "charts" / "spotify_ph_daily_charts.parquet"
    rows = duckdb.sql(
        f"SELECT date, position, track_name, artist FROM '{path}' WHERE position <= 10 ORDER BY date, position"
    ).fetchall()
    by_day: dict[dt.date, list[tuple[str, str]]] = {}
    for date, _, title, artist in rows:
        by_day.setdefault(date, []).append((title, artist))
    days = sorted(by_day)
    return [(d, by_day[d]) for d in days[:: max(1, len(days) // n)][:n]]


def trend_of(date: dt.date, top: list[tuple[str, str]]):
    from ai_artist_dagster.lib.schemas import TrendReport

    return TrendReport(chart_date=date, source="spotify_ph_daily", n_entries=200, rising={}, top_songs=top)


def profile_of(seed: int, trend, mood: str | None = None, tempo: float | None = None):
    from ai_artist_dagster.domain.writer import write_profile
    from ai_artist_dagster.lib.schemas import ArtistNiche, ProfileBrief

    niche = ArtistNiche(genre=GENRES[seed % 9], mood=mood or MOODS[seed % 4], tempo_bpm=tempo or 80 + seed * 2,
                        key=seed % 12, mode="minor" if seed % 3 else "major")  # fmt: skip
    return write_profile(ProfileBrief(artist_id=f"a{seed}", name="Ab Cd", niche=niche, trend=trend, seed=seed))


def song_measures(n: int = 50) -> dict[str, float]:
    from ai_artist_dagster.domain.writer import write_lyrics

    return measure_writer(lambda brief: write_lyrics(brief), briefs(n))


def briefs(n: int) -> list:
    """``n`` lyrics briefs across genres, moods and tempos, each on a real chart day's top 10."""
    from ai_artist_dagster.lib.schemas import LyricsBrief

    out = []
    for seed, (date, top) in enumerate(chart_days(n)):
        trend = trend_of(date, top)
        out.append(
            LyricsBrief(
                profile=profile_of(seed, trend), trend=trend, date=date, seed=seed, prompt_variant="AB"[seed % 2]
            )
        )
    return out


def measure_writer(write, items: list) -> dict[str, float]:
    """The lyric measures over the songs ``write`` makes of ``items`` (briefs); a brief it cannot
    answer (None or an exception) counts as a failure."""
    from ai_artist_dagster.domain.critic.text import text_scores
    from ai_artist_dagster.domain.writer.syllables import line_syllables
    from ai_artist_dagster.domain.writer.words import STOPWORDS

    shared = lines = scanned = rhymed = asked = leaked = failed = 0
    seconds = text = 0.0
    for brief in items:
        t0 = time.perf_counter()
        try:
            song = write(brief)
        except Exception:
            song = None
        seconds += time.perf_counter() - t0
        if song is None or not any(s.lines for s in song.sections):
            failed += 1
            continue
        distinct = list(dict.fromkeys(line for s in song.sections for line in s.lines))
        openings = Counter(" ".join(_words(line)[:2]) for line in distinct)
        shared += sum(k for k in openings.values() if k > 1)
        lines += len(distinct)
        scanned += sum(abs(line_syllables(line) - song.meter_syllables) <= 1 for line in distinct)
        parts = text_scores(song)
        found = re.match(r"(\d+) of (\d+)", parts["rhyme"][1])
        rhymed, asked = rhymed + int(found.group(1)), asked + int(found.group(2))  # type: ignore[union-attr]
        text += _text_score(parts)
        top = brief.trend.top_songs
        title_words = {w for title, _ in top for w in _words(title) if len(w) > 3 and w not in STOPWORDS}
        sung = {w for line in distinct for w in _words(re.sub(r'"[^"]*"', "", line))}  # outside the quote
        leaked += len(title_words & sung - _common_words())
    n, made = len(items), len(items) - failed
    return {"shared": shared / max(1, lines), "leaked": leaked, "rhymed": rhymed / max(1, asked),
            "scanned": scanned / max(1, lines), "per_song_s": seconds / n, "songs": n, "failed": failed,
            "text_score": text / max(1, made)}  # fmt: skip


def _text_score(parts: dict[str, tuple[float, str]]) -> float:
    """The critic's weighted text score (0–1) of a song's text parts."""
    from ai_artist_dagster.domain.critic.rubric import WEIGHTS

    return sum(WEIGHTS[name] * score for name, (score, _) in parts.items()) / sum(WEIGHTS[name] for name in parts)


def local_rows(n: int = 3) -> list[tuple[str, str, str, str]]:
    """The `local` writer (a GGUF model through llama-cpp-python) against the offline writer on the
    same ``n`` briefs, through the router as the lyrics asset calls it (no fallback)."""
    import tempfile

    from ai_artist_dagster.domain.writer import write_lyrics
    from ai_artist_dagster.lib.schemas import Lyrics
    from ai_artist_dagster.providers.writer import (
        CallContext,
        RouterPolicy,
        RouterState,
        WriterError,
        WriterRouter,
        build_chain,
        parse_specs,
    )

    chain, unavailable = build_chain(parse_specs("local"), timeout_s=600)
    if not chain:
        return [("lyrics: local writer vs offline", "not measured", unavailable.get("local", "?"), "—")]
    state = RouterState(Path(tempfile.mkdtemp()) / "router.sqlite")
    router = WriterRouter(chain, state=state, policy=RouterPolicy(), unavailable=unavailable)

    def local(brief):
        try:
            ctx = CallContext(run_id="bench", partition_key=f"{brief.date}|{brief.profile.artist_id}", artist_id=None)
            return router.generate("lyrics", brief, Lyrics, ctx).result
        except WriterError:
            return None

    items = briefs(n)
    mine, offline = measure_writer(local, items), measure_writer(write_lyrics, items)
    figures = lambda m: (f"{m['rhymed']:.0%} rhyme, {m['scanned']:.0%} on meter, {m['shared']:.0%} shared openings, "
                         f"text score {m['text_score']:.2f}, {m['per_song_s']:.1f} s a song")  # fmt: skip
    return [
        (
            f"lyrics: local writer ({chain[0].model}, llama.cpp on {os.cpu_count()} cores), {n} songs",
            f"{n - mine['failed']} of {n} valid",
            figures(mine),
            "offline writer on the same briefs: " + figures(offline),
        )
    ]


def _common_words() -> set[str]:
    """The writer's own vocabulary: a chart title that happens to say "night" has not leaked into a song
    that says "night"; only a word the writer does not have counts."""
    from ai_artist_dagster.domain.writer.lyrics import vocabulary

    return vocabulary()


def catalogue_ratio(mood: str, songs: int = 30, remember: bool = True) -> float:
    """Distinct word pairs / all word pairs over one artist's ``songs`` songs (each song's lines once)."""
    from ai_artist_dagster.domain.writer import write_lyrics
    from ai_artist_dagster.lib.schemas import LyricsBrief

    date, top = chart_days(1)[0]
    trend = trend_of(date, top)
    profile = profile_of(3, trend, mood=mood, tempo=112)
    pairs: list[tuple[str, str]] = []
    earlier: list[list[str]] = []
    for seed in range(songs):
        previous = list(dict.fromkeys(line for lines in earlier[::-1] for line in lines)) if remember else []
        song = write_lyrics(LyricsBrief(profile=profile, trend=trend, date=date, seed=seed,
                                        prompt_variant="AB"[seed % 2], previous_lines=previous))  # fmt: skip
        distinct = list(dict.fromkeys(line for s in song.sections for line in s.lines))
        earlier.append(distinct)
        for line in distinct:
            w = _words(line)
            pairs += list(itertools.pairwise(w))
    return len(set(pairs)) / len(pairs)


def run() -> list[tuple[str, str, str, str]]:
    m = song_measures()
    ratios = {mood: catalogue_ratio(mood) for mood in MOODS}
    blind = {mood: catalogue_ratio(mood, remember=False) for mood in MOODS}
    low, high = min(ratios.values()), max(ratios.values())
    return [
        ("lyrics: lines opening like another line of their song (50 songs)", f"{m['shared']:.1%}", "bar ≤ 5 %", "—"),
        ("lyrics: chart-title words sung outside the quoted reference", f"{m['leaked']}", "bar 0", "—"),
        ("lyrics: rhyme positions that rhyme (CMUdict)", f"{m['rhymed']:.1%}", "bar ≥ 80 %", "—"),
        ("lyrics: lines within one syllable of the meter", f"{m['scanned']:.1%}", "bar ≥ 90 %", "—"),
        (
            "lyrics: distinct / all word pairs over one artist's 30 songs",
            f"{low:.2f}–{high:.2f} (4 moods)",
            "bar ≥ 0.6",
            f"{min(blind.values()):.2f}–{max(blind.values()):.2f} without the catalogue",
        ),
        ("lyrics: offline writer, one song", f"{m['per_song_s'] * 1000:.0f} ms", "—", "—"),
        *local_rows(),
    ]


if __name__ == "__main__":
    for row in local_rows() if sys.argv[1:] == ["local"] else run():
        print(" | ".join(row))
