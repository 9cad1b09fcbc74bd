"""The critic as an instrument: a calibration set of three sung pieces (three genres, keys and
tempos), each degraded seven ways on purpose, each way measured by the same domain functions the
cycle uses; every degraded piece must score below its original, and no critique may contradict its
own parts."""

import datetime as dt
import random

import numpy as np
import pytest
from scipy import signal

from ai_artist_dagster.domain.critic import assess
from ai_artist_dagster.domain.critic.rubric import GOOD, POOR
from ai_artist_dagster.domain.writer import write_critique, write_lyrics
from ai_artist_dagster.lib.schemas import CritiqueBrief, Lyrics, LyricsBrief, PieceMeasures
from ai_artist_dagster_tests.test_band import needs_fluidsynth
from ai_artist_dagster_tests.test_vocals import needs_festival


def _measure(
    master, vocal, instrumental, sr, track, score, requested_tempo, key=(9, "minor"), pitch=None
) -> PieceMeasures:
    """What the tracks and reflections assets measure, from arrays (``key``: the profile's; ``pitch``:
    the vocal's pitch report when the vocal and score are the original's, to save a pYIN pass)."""
    from ai_artist_dagster.domain.audio_analysis import analyze_samples
    from ai_artist_dagster.domain.composer.arrangement_measure import measure_arrangement
    from ai_artist_dagster.domain.critic.measure import captions_sung, clipped_share
    from ai_artist_dagster.domain.music_theory import key_name
    from ai_artist_dagster.domain.vocals.measure import pitch_report, presence_report

    analysis = analyze_samples(master, sr, start_bpm=requested_tempo)
    pitch = pitch or pitch_report(vocal, sr, score)
    choruses = [(s.start_s, s.end_s) for s in track.sections if s.kind == "chorus"]
    presence = presence_report(vocal, instrumental, sr, score, choruses, pitch.voiced)
    shape = measure_arrangement(master, sr, track.sections, requested_tempo)
    return PieceMeasures(
        requested_tempo_bpm=requested_tempo,
        measured_tempo_bpm=analysis.tempo_bpm,
        integrated_lufs=analysis.integrated_lufs,
        peak_dbfs=analysis.peak_dbfs,
        clipped_share=clipped_share(master),
        duration_s=analysis.duration_s,
        key_name=key_name(*key),
        measured_key=analysis.key_name,
        key_ok=analysis.key_name in (key_name(*key), _relative(*key)),
        vocals="festival-world",
        vocal_within_50=pitch.within_50,
        vocal_voiced=pitch.voiced,
        vocal_wer=0.8 if pitch.voiced > 0.5 else 1.0,  # the recogniser is measured in the cycle test
        chorus_vocal_minus_instrumental_lu=presence.chorus_vocal_minus_instrumental_lu,
        chorus_minus_verse_db=shape.chorus_minus_verse_db,
        looping_bars=shape.longest_same_bars,
        captions_sung=captions_sung(vocal, sr, score, choruses[0][0], 8.0),
        video_ok=True,
    )


def _relative(key: int, mode: str) -> str:
    from ai_artist_dagster.domain.music_theory import key_name

    return key_name((key + 3) % 12, "major") if mode == "minor" else key_name((key - 3) % 12, "minor")


# (genre, mood, tempo, key, mode, lyrics seed): a calibration set of three ordinary pieces
CALIBRATION = [("pop", "euphoric", 112, 9, "minor", 11), ("hip hop", "intense", 138, 2, "minor", 5),
               ("country", "warm", 94, 7, "major", 8)]  # fmt: skip


@pytest.fixture(scope="module", params=CALIBRATION, ids=lambda c: c[0])
def piece(request, tmp_path_factory):
    needs_festival()
    needs_fluidsynth()
    from ai_artist_dagster.domain.audio_analysis import read_audio
    from ai_artist_dagster.domain.writer import write_profile
    from ai_artist_dagster.lib.schemas import ArtistNiche, ProfileBrief, TrendReport
    from ai_artist_dagster.providers.instruments import instruments_for
    from ai_artist_dagster.providers.music import OfflineComposer, TrackRequest
    from ai_artist_dagster.providers.voice import voice_for

    trend = TrendReport(chart_date="2020-03-06", source="spotify_ph_daily", n_entries=0, rising={}, top_songs=[])
    genre, mood, tempo, key, mode, seed = request.param
    niche = ArtistNiche(genre=genre, mood=mood, tempo_bpm=tempo, key=key, mode=mode)
    profile = write_profile(ProfileBrief(artist_id="cal", name="Cali Brate", niche=niche, trend=trend, seed=3))
    lyrics = write_lyrics(LyricsBrief(profile=profile, trend=trend, date=dt.date(2020, 3, 6), seed=seed))
    folder = tmp_path_factory.mktemp("calibration")
    request = TrackRequest(profile=profile, lyrics=lyrics, seed=4, min_duration_s=60)
    track = OfflineComposer(voice_for("festival"), instruments_for("fluidsynth")).compose(request, folder / "t.wav")
    master, sr = read_audio(folder / "t.wav")
    vocal, _ = read_audio(folder / "stem_vocal.wav")
    band, _ = read_audio(folder / "stem_instrumental.wav")
    from ai_artist_dagster.domain.vocals.measure import pitch_report

    pitch = pitch_report(vocal, sr, track.score)
    measures = _measure(master, vocal, band, sr, track, track.score, track.tempo_bpm, (key, mode), pitch)
    return {"key": (key, mode), "pitch": pitch, "profile": profile, "trend": trend, "lyrics": lyrics, "track": track, "sr": sr,
            "master": master, "vocal": vocal, "band": band, "measures": measures}  # fmt: skip


def _lyrics_degraded(lyrics: Lyrics, how: str) -> Lyrics:
    sections = [s.model_copy(deep=True) for s in lyrics.sections]
    if how == "shuffled lines":
        lines = [line for s in sections for line in s.lines]
        random.Random(1).shuffle(lines)
        for s in sections:
            s.lines, lines = lines[: len(s.lines)], lines[len(s.lines) :]
    elif how == "repeated verse":
        verses = [s for s in sections if s.kind == "verse"]
        verses[1].lines = list(verses[0].lines)
    elif how == "title missing from the chorus":
        title_words = {w.lower() for w in lyrics.title.split()}
        for s in sections:
            if s.kind == "chorus":
                s.lines = [" ".join(w for w in line.split() if w.lower() not in title_words) for line in s.lines]
    return lyrics.model_copy(update={"sections": sections})


@pytest.mark.slow
def test_every_degraded_piece_scores_below_the_original(piece):
    m, sr, track = piece["measures"], piece["sr"], piece["track"]
    original = assess(m, piece["lyrics"]).total
    scores: dict[str, float] = {}
    for how in ("shuffled lines", "repeated verse", "title missing from the chorus"):
        scores[how] = assess(m, _lyrics_degraded(piece["lyrics"], how)).total
    # tempo off by 10 %: the whole piece played 10 % fast
    fast = [
        signal.resample_poly(a, 10, 11, axis=0).astype(np.float32)
        for a in (piece["master"], piece["vocal"], piece["band"])
    ]
    scores["tempo 10 % off"] = assess(
        _measure(*fast, sr, track, track.score, track.tempo_bpm, piece["key"]), piece["lyrics"]
    ).total
    clipped = np.clip(piece["master"] * 4, -1, 1)
    scores["clipped master"] = assess(
        _measure(
            clipped,
            piece["vocal"],
            piece["band"],
            sr,
            track,
            track.score,
            track.tempo_bpm,
            piece["key"],
            piece["pitch"],
        ),
        piece["lyrics"],
    ).total
    silent = np.zeros_like(piece["vocal"])
    scores["silenced vocal"] = assess(
        _measure(piece["band"], silent, piece["band"], sr, track, track.score, track.tempo_bpm, piece["key"]),
        piece["lyrics"],
    ).total
    off_key = track.score.model_copy(
        update={"notes": [n.model_copy(update={"midi": n.midi + 1}) for n in track.score.notes]}
    )
    scores["melody a semitone off"] = assess(
        _measure(piece["master"], piece["vocal"], piece["band"], sr, track, off_key, track.tempo_bpm, piece["key"]),
        piece["lyrics"],
    ).total  # the voice sings a semitone away from the score it was meant to sing
    print(f"calibration {piece['profile'].genre}: original {original}, degraded {scores}")
    below = {how: s for how, s in scores.items() if s < original}
    assert len(below) == len(scores), (original, scores)
    assert original >= 6.5  # an ordinary, working piece is not a failure


@pytest.mark.slow
def test_no_critique_contradicts_its_parts(piece):
    for how in (None, "shuffled lines", "repeated verse", "title missing from the chorus"):
        lyrics = _lyrics_degraded(piece["lyrics"], how) if how else piece["lyrics"]
        brief = CritiqueBrief(
            profile=piece["profile"], lyrics=lyrics, trend=piece["trend"], measures=piece["measures"], seed=1
        )
        critique, rubric = write_critique(brief), assess(piece["measures"], lyrics)
        assert critique.score == rubric.total
        parts = {p.name: p for p in rubric.parts}
        for line in critique.strengths:
            assert parts[line.split(":")[0]].score >= GOOD, line
        for line in critique.issues:
            assert parts[line.split(":")[0]].score < POOR, line
        weakest = rubric.weakest
        assert weakest is not None and f"({weakest.name}: " in critique.suggestions[0]
        assert weakest.name in critique.summary
