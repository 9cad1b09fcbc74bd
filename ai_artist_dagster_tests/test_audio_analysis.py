from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from ai_artist_dagster.domain.audio_analysis import analyze_audio, estimate_key, tempo_matches
from ai_artist_dagster.domain.composer import master, plan_song, render_song


@pytest.mark.parametrize(
    ("measured", "target", "ok"),
    [(120.5, 120, True), (60.2, 120, True), (239, 120, True), (100, 120, False), (90, 120, False)],
)
def test_tempo_match_allows_half_and_double(measured, target, ok):
    assert tempo_matches(measured, target) is ok


def test_key_estimate_finds_a_minor_from_its_chroma():
    a_minor = np.zeros(12)
    a_minor[[9, 0, 4]] = 1.0  # A C E
    a_minor[[11, 2, 5, 7]] = 0.4
    key, mode, _ = estimate_key(a_minor)
    assert (key, mode) == (9, "minor")


def test_analysis_measures_the_composed_tempo_key_and_loudness(tmp_path: Path):
    plan = plan_song(
        [("verse", "V"), ("chorus", "C")], tempo_bpm=124, key=7, mode="major", genre="pop", seed=9, min_duration_s=30
    )
    song = render_song(plan)
    audio, _, _ = master(song.audio, song.sample_rate)
    path = tmp_path / "t.wav"
    sf.write(path, audio, song.sample_rate)
    result = analyze_audio(path, start_bpm=124)
    assert tempo_matches(result.tempo_bpm, 124)
    assert abs(result.integrated_lufs + 14) < 0.5
    assert result.channels == 2 and result.sample_rate == 44_100
    assert len(result.beat_times) > 40
    assert result.key_name in ("G major", "E minor")  # the key or its relative minor
