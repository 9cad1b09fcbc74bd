import datetime as dt

import pytest

from ai_artist_dagster.domain.writer import write_critique, write_lyrics
from ai_artist_dagster.domain.writer.critic import lyric_craft
from ai_artist_dagster.domain.writer.syllables import line_syllables, rhymes, syllables
from ai_artist_dagster.lib.schemas import CritiqueBrief, Lyrics, LyricsBrief
from ai_artist_dagster.providers.writer import OfflineWriter, WriterError, WriterProvider, WriterRouter


def test_profile_is_grounded_in_trend_and_niche(profile, trend):
    assert profile.genre == "pop" and profile.tempo_bpm == 120
    assert profile.tempo_range[0] <= 120 <= profile.tempo_range[1]
    assert "Justin Bieber" in profile.influences
    assert "hip hop" in profile.subgenres  # the day's rising genre feeds the sound
    assert "06 March 2020" in profile.backstory


def test_lyrics_have_structure_rhyme_and_meter_and_are_deterministic(profile, trend):
    brief = LyricsBrief(profile=profile, trend=trend, date=dt.date(2020, 3, 6), seed=5)
    song = write_lyrics(brief)
    assert song == write_lyrics(brief)
    assert [s.kind for s in song.sections][:2] == ["verse", "chorus"]
    assert song.title in song.sections[1].lines[0]  # the chorus carries the title
    rhyme_rate, meter_gap = lyric_craft(
        CritiqueBrief(profile=profile, lyrics=song, trend=trend, measurements={}, seed=1)
    )
    assert rhyme_rate >= 0.5 and meter_gap <= 2.0
    assert write_lyrics(brief.model_copy(update={"seed": 6})) != song


def test_variant_b_has_a_pre_chorus_and_feedback_steers_imagery(profile, trend):
    brief = LyricsBrief(
        profile=profile,
        trend=trend,
        date=dt.date(2020, 3, 6),
        seed=5,
        prompt_variant="B",
        feedback="more ocean imagery",
    )
    song = write_lyrics(brief)
    assert "pre_chorus" in [s.kind for s in song.sections]
    assert "ocean" in " ".join(song.sung_lines()).lower()


def test_critic_scores_from_measurements(profile, trend):
    song = write_lyrics(LyricsBrief(profile=profile, trend=trend, date=dt.date(2020, 3, 6), seed=5))
    good = {
        "tempo_ok": True,
        "measured_tempo_bpm": 120.2,
        "tempo_bpm": 120,
        "integrated_lufs": -14.0,
        "duration_s": 120,
        "key_ok": True,
        "key_name": "A minor",
        "measured_key": "A minor",
        "video_ok": True,
    }
    bad = good | {
        "tempo_ok": False,
        "measured_tempo_bpm": 97.0,
        "integrated_lufs": -20.0,
        "key_ok": False,
        "video_ok": False,
    }
    high = write_critique(CritiqueBrief(profile=profile, lyrics=song, trend=trend, measurements=good, seed=1))
    low = write_critique(CritiqueBrief(profile=profile, lyrics=song, trend=trend, measurements=bad, seed=1))
    assert high.score > low.score + 4
    assert any("97.0 bpm" in issue for issue in low.issues)
    assert any("-20.0 LUFS" in issue for issue in low.issues)


def test_syllables_and_rhymes():
    assert [syllables(w) for w in ("night", "tonight", "fire", "electric", "shine")] == [1, 2, 1, 3, 1]
    assert line_syllables("we run away tonight") == 6
    assert rhymes("into the night", "burning bright") and not rhymes("the rain", "the fire")


class _Broken(WriterProvider):
    name, model = "broken", "none"

    def generate(self, task, brief, schema):
        raise TimeoutError("upstream timed out")


class _Garbage(WriterProvider):
    name, model = "garbage", "none"

    def generate(self, task, brief, schema):
        return schema.model_validate({"title": ""}), 1, 1


def test_router_falls_back_and_records_every_attempt(profile, trend):
    brief = LyricsBrief(profile=profile, trend=trend, date=dt.date(2020, 3, 6), seed=5)
    song, calls = WriterRouter([_Broken(), _Garbage(), OfflineWriter()]).generate("lyrics", brief, Lyrics, "p")
    assert song.sections
    assert [(c.provider, c.outcome) for c in calls] == [("broken", "error"), ("garbage", "invalid"), ("offline", "ok")]
    assert calls[-1].tokens_in > 0 and calls[-1].tokens_out > 0


def test_router_names_every_provider_when_all_fail(profile, trend):
    brief = LyricsBrief(profile=profile, trend=trend, date=dt.date(2020, 3, 6), seed=5)
    with pytest.raises(WriterError, match=r"broken: TimeoutError.*garbage: output failed"):
        WriterRouter([_Broken(), _Garbage()]).generate("lyrics", brief, Lyrics, "p")
