"""The pre-delivery gate's near-duplicate test, calibrated: how similar are distinct songs of one
artist and of different artists, and how similar is a planted copy of a song (trimmed, padded,
turned down, re-encoded as MP3, with noise, or transposed a semitone)?

`python bench/fingerprint.py` prints the table; `bench/run.py gate` puts its rows in docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Row = tuple[str, str, str, str]

ARTISTS = [  # (genre, mood, bpm, key, mode): two share key and tempo, as a label's artists may
    ("pop", "euphoric", 120, 9, "minor"),
    ("pop", "warm", 120, 9, "minor"),
    ("hip hop", "dark", 92, 5, "minor"),
]
SONGS_PER_ARTIST = 2


def songs(tmp: Path) -> list[tuple[str, Path]]:
    """(artist id, wav) for SONGS_PER_ARTIST offline songs of each artist, made as the tracks asset makes them."""
    from ai_artist_dagster.domain.writer import write_lyrics, write_profile
    from ai_artist_dagster.lib.schemas import ArtistNiche, LyricsBrief, ProfileBrief, TrendReport
    from ai_artist_dagster.providers.instruments import instruments_for
    from ai_artist_dagster.providers.music import OfflineComposer, TrackRequest
    from ai_artist_dagster.providers.voice import voice_for

    trend = TrendReport(chart_date="2020-03-06", source="spotify_ph_daily", n_entries=0, rising={}, top_songs=[])
    composer = OfflineComposer(voice_for("festival"), instruments_for("fluidsynth"))
    made = []
    for a, (genre, mood, bpm, key, mode) in enumerate(ARTISTS):
        niche = ArtistNiche(genre=genre, mood=mood, tempo_bpm=bpm, key=key, mode=mode)
        artist = f"artist-{a}"
        profile = write_profile(ProfileBrief(artist_id=artist, name=f"Artist {a}", niche=niche, trend=trend, seed=a))
        for s in range(SONGS_PER_ARTIST):
            brief = LyricsBrief(profile=profile, trend=trend, date=dt.date(2020, 3, 6 + s), seed=100 * a + s)
            lyrics = write_lyrics(brief)
            wav = tmp / f"{artist}-{s}.wav"
            composer.compose(TrackRequest(profile=profile, lyrics=lyrics, seed=s, min_duration_s=90), wav)
            made.append((artist, wav))
    return made


def planted_copies(wav: Path, tmp: Path) -> dict[str, np.ndarray | Path]:
    """Copies a spammer would upload: each a (samples, sr) pair or a file."""
    import subprocess

    import imageio_ffmpeg

    from ai_artist_dagster.domain.audio_analysis import read_audio

    audio, sr = read_audio(wav)
    rng = np.random.default_rng(0)
    mp3 = tmp / "copy.mp3"
    back = tmp / "copy_back.wav"
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    subprocess.run([ffmpeg, "-y", "-loglevel", "error", "-i", str(wav), "-b:a", "128k", str(mp3)], check=True)
    subprocess.run([ffmpeg, "-y", "-loglevel", "error", "-i", str(mp3), str(back)], check=True)
    semitone = tmp / "semitone.wav"  # resampled: a semitone up and 6 % faster, as a pitch-shift trick does
    subprocess.run(
        [ffmpeg, "-y", "-loglevel", "error", "-i", str(wav), "-af", f"asetrate={sr * 2 ** (1 / 12):.0f},aresample={sr}",
         str(semitone)],
        check=True,
    )  # fmt: skip
    return {
        "trimmed 7 s and turned down 6 dB": (audio[int(7 * sr) :] * 0.5, sr),
        "3 s of silence in front": (np.concatenate([np.zeros((3 * sr, audio.shape[1]), np.float32), audio]), sr),
        "MP3 128 kbit/s and back": read_audio(back),
        "white noise at -30 dB": (audio + rng.normal(0, 0.03, audio.shape).astype(np.float32), sr),
        "a semitone up (resampled)": read_audio(semitone),
    }


def run() -> list[Row]:
    from ai_artist_dagster.domain.fingerprint import fingerprint_file, fingerprint_samples, similarity

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        start = time.perf_counter()
        made = songs(tmp)
        t_songs = time.perf_counter() - start
        start = time.perf_counter()
        prints = [(artist, fingerprint_file(wav)) for artist, wav in made]
        t_print = (time.perf_counter() - start) / len(prints)
        same, other = [], []
        for (a1, f1), (a2, f2) in combinations(prints, 2):
            (same if a1 == a2 else other).append(similarity(f1, f2))
        copies = {name: similarity(prints[0][1], fingerprint_samples(*copy)) for name, copy in planted_copies(
            made[0][1], tmp).items()}  # fmt: skip
    rows: list[Row] = [
        (
            f"near-duplicate test: distinct songs of one artist ({len(same)} pairs)",
            f"max {max(same):.2f}",
            f"mean {np.mean(same):.2f}",
            f"{len(made)} songs of {len(ARTISTS)} artists, two sharing key and tempo; made in {t_songs:.0f} s",
        ),
        (
            f"near-duplicate test: songs of different artists ({len(other)} pairs)",
            f"max {max(other):.2f}",
            f"mean {np.mean(other):.2f}",
            f"fingerprint {t_print:.2f} s a song",
        ),
    ]
    rows += [(f"near-duplicate test: planted copy, {name}", f"{score:.2f}", "refused at ≥ 0.80", "—") for name, score
             in copies.items()]  # fmt: skip
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
