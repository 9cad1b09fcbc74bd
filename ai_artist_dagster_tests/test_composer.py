import numpy as np
import pyloudnorm
import pytest

from ai_artist_dagster.domain.composer import master, plan_song, render_song
from ai_artist_dagster.domain.loudness import integrated_loudness

SECTIONS = [("verse", "Verse 1"), ("chorus", "Chorus"), ("verse", "Verse 2"), ("chorus", "Chorus")]


def test_plan_follows_lyrics_adds_intro_outro_and_reaches_min_duration():
    plan = plan_song(SECTIONS, tempo_bpm=150, key=0, mode="major", genre="pop", seed=1, min_duration_s=64)
    kinds = [s.kind for s in plan.sections]
    assert kinds[0] == "intro" and kinds[-1] == "outro"
    assert kinds[1:5] == ["verse", "chorus", "verse", "chorus"]
    assert plan.duration_s >= 64
    assert all(len(s.chords) == s.bars for s in plan.sections)


@pytest.mark.slow
def test_render_is_stereo_44k_deterministic_and_timed_by_section():
    plan = plan_song(SECTIONS, tempo_bpm=128, key=2, mode="minor", genre="electronic", seed=3)
    a, b = render_song(plan), render_song(plan)
    assert a.sample_rate == 44_100 and a.audio.ndim == 2 and a.audio.shape[1] == 2
    assert np.array_equal(a.audio, b.audio)
    assert a.sections[0].start_s == 0 and abs(a.sections[-1].end_s - plan.duration_s) < 1e-6
    assert not np.allclose(a.audio[:, 0], a.audio[:, 1])  # a real stereo image


@pytest.mark.slow
def test_master_hits_the_loudness_target_under_the_ceiling():
    plan = plan_song(SECTIONS, tempo_bpm=100, key=5, mode="major", genre="r&b", seed=4)
    song = render_song(plan)
    audio, lufs, peak = master(song.audio, song.sample_rate, target_lufs=-14.0)
    # the loudness it reports is that of the audio it returns, and the reference meter agrees on the target
    assert abs(lufs - integrated_loudness(audio, song.sample_rate)) < 0.01
    measured = pyloudnorm.Meter(44_100).integrated_loudness(audio.astype(np.float64))
    assert abs(measured + 14) < 0.3 and abs(lufs - measured) < 0.05  # the meters agree within 0.05 LU
    assert peak <= -0.99


@pytest.mark.slow
def test_the_arrangement_breathes_and_the_measure_catches_a_loop():
    from ai_artist_dagster.domain.composer.arrangement_measure import measure_arrangement
    from ai_artist_dagster.domain.composer.mixing import mix_and_master, section_envelope
    from ai_artist_dagster.lib.schemas import SectionTiming

    sections = [("verse", "V1"), ("chorus", "C"), ("verse", "V2"), ("chorus", "C")]
    plan = plan_song(sections, tempo_bpm=120, key=9, mode="minor", genre="pop", seed=1, min_duration_s=60)
    song = render_song(plan)
    ride = section_envelope(len(song.audio), song.sample_rate, [(s.kind, s.start_s, s.end_s) for s in song.sections])
    mixed = mix_and_master(song.audio, None, song.sample_rate, [], -14.0, ride)
    timings = [
        SectionTiming(kind=s.kind, label=s.label, start_s=s.start_s, end_s=s.end_s, bars=s.bars) for s in song.sections
    ]
    report = measure_arrangement(mixed.master, song.sample_rate, timings, 120)
    assert report.chorus_minus_verse_db >= 3 and report.drums_from_bar <= 2
    # the same four bars over and over: one long loop, no chorus lift, and the measure says so
    bar = int(plan.bar_s * song.sample_rate)
    start = int(song.sections[1].start_s * song.sample_rate)
    loop = np.tile(mixed.master[start : start + 4 * bar], (12, 1))
    flat = measure_arrangement(loop, song.sample_rate, timings, 120)
    assert flat.longest_same_bars >= 16 and not flat.passed


def test_songs_of_one_day_draw_different_progressions_spelled_for_their_key():
    plans = [plan_song(SECTIONS, tempo_bpm=120, key=5, mode="minor", genre="pop", seed=s) for s in range(10)]
    assert len({p.progressions() for p in plans}) >= 7  # ten artists in one key: mostly different songs
    assert plans[0].progressions().startswith("verse Fm–") and "#" not in plans[0].progressions()  # F minor: flats


def test_a_long_section_gets_two_bars_a_line():
    plan = plan_song(SECTIONS, tempo_bpm=150, key=0, mode="major", genre="pop", seed=1, line_counts=[8, 6, 2, 4])
    assert [s.bars for s in plan.sections[1:5]] == [16, 12, 8, 8]  # 8, 6, 2 and 4 lines
    added = [s for s in plan.sections[5:] if s.kind == "chorus"]
    assert all(s.bars == 12 for s in added)  # an added chorus sings the first one again: same length
