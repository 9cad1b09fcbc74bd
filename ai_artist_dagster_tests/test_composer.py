import numpy as np
import pyloudnorm

from ai_artist_dagster.domain.composer import master, plan_song, render_song

SECTIONS = [("verse", "Verse 1"), ("chorus", "Chorus"), ("verse", "Verse 2"), ("chorus", "Chorus")]


def test_plan_follows_lyrics_adds_intro_outro_and_reaches_min_duration():
    plan = plan_song(SECTIONS, tempo_bpm=150, key=0, mode="major", genre="pop", seed=1, min_duration_s=64)
    kinds = [s.kind for s in plan.sections]
    assert kinds[0] == "intro" and kinds[-1] == "outro"
    assert kinds[1:5] == ["verse", "chorus", "verse", "chorus"]
    assert plan.duration_s >= 64
    assert all(len(s.chords) == s.bars for s in plan.sections)


def test_render_is_stereo_44k_deterministic_and_timed_by_section():
    plan = plan_song(SECTIONS, tempo_bpm=128, key=2, mode="minor", genre="electronic", seed=3)
    a, b = render_song(plan), render_song(plan)
    assert a.sample_rate == 44_100 and a.audio.ndim == 2 and a.audio.shape[1] == 2
    assert np.array_equal(a.audio, b.audio)
    assert a.sections[0].start_s == 0 and abs(a.sections[-1].end_s - plan.duration_s) < 1e-6
    assert not np.allclose(a.audio[:, 0], a.audio[:, 1])  # a real stereo image


def test_master_hits_the_loudness_target_under_the_ceiling():
    plan = plan_song(SECTIONS, tempo_bpm=100, key=5, mode="major", genre="r&b", seed=4)
    song = render_song(plan)
    audio, lufs, peak = master(song.audio, song.sample_rate, target_lufs=-14.0)
    measured = pyloudnorm.Meter(44_100).integrated_loudness(audio.astype(np.float64))
    assert abs(measured + 14) < 0.3 and abs(lufs - measured) < 0.01
    assert peak <= -0.99
