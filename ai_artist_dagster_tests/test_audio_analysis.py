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


@pytest.mark.slow
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


@pytest.mark.parametrize(
    ("genre", "bpm", "key", "mode"), [("hip hop", 88, 2, "minor"), ("electronic", 128, 9, "minor")]
)
@pytest.mark.slow
def test_numpy_beat_tracker_agrees_with_librosa_and_the_true_grid(genre, bpm, key, mode):
    """The analysis avoids librosa's numba start-up cost; librosa stays the reference here."""
    import librosa
    from scipy import signal

    from ai_artist_dagster.domain import audio_dsp

    plan = plan_song(
        [("verse", "V"), ("chorus", "C")], tempo_bpm=bpm, key=key, mode=mode, genre=genre, seed=3, min_duration_s=40
    )
    song = render_song(plan)
    audio, _, _ = master(song.audio, song.sample_rate)
    mono = signal.resample_poly(audio.mean(axis=1), 22_050, song.sample_rate).astype(np.float32)
    onset = audio_dsp.onset_strength(mono, 22_050)
    tempo = audio_dsp.estimate_tempo(onset, 22_050, bpm)
    beats = audio_dsp.track_beats(onset, 22_050, tempo)
    ref_tempo, ref_beats = librosa.beat.beat_track(y=mono, sr=22_050, hop_length=512, start_bpm=bpm, units="time")
    truth = np.array(song.beat_times)
    near = lambda grid: np.mean([np.min(np.abs(grid - b)) < 0.07 for b in beats])
    assert abs(tempo - bpm) / bpm < 0.02
    assert abs(tempo - float(np.atleast_1d(ref_tempo)[0])) / bpm < 0.04
    assert near(truth) >= 0.95 and near(ref_beats) >= 0.9
    assert len(beats) >= 0.9 * len(ref_beats)
    lib_chroma = librosa.feature.chroma_stft(y=mono, sr=22_050, hop_length=2048, n_fft=4096).mean(axis=1)
    assert np.corrcoef(lib_chroma, audio_dsp.chroma_mean(mono, 22_050))[0, 1] > 0.9


@pytest.mark.slow
def test_numpy_loudness_matches_pyloudnorm():
    import pyloudnorm

    from ai_artist_dagster.domain.loudness import integrated_loudness

    sr = 44_100
    rng = np.random.default_rng(0)
    t = np.arange(sr * 6) / sr
    plan = plan_song(
        [("verse", "V"), ("chorus", "C")], tempo_bpm=110, key=4, mode="major", genre="rock", seed=2, min_duration_s=20
    )
    song = render_song(plan)
    signals = {
        "song": song.audio,
        "noise": rng.normal(0, 0.1, (sr * 10, 2)),
        "bass 30 Hz": 0.5 * np.sin(2 * np.pi * 30 * t),
        "treble 8 kHz": 0.2 * np.sin(2 * np.pi * 8000 * t),
        "gated bursts": rng.normal(0, 0.1, sr * 10) * np.repeat(rng.random(100) ** 3, sr // 10),
    }
    for name, audio in signals.items():
        reference = pyloudnorm.Meter(sr).integrated_loudness(np.asarray(audio, np.float64))
        assert integrated_loudness(np.asarray(audio, np.float32), sr) == pytest.approx(reference, abs=0.05), name
    assert integrated_loudness(np.zeros(sr), sr) == float("-inf")


def test_halving_the_rate_is_scipys_polyphase_resampler():
    from scipy import signal

    from ai_artist_dagster.domain.audio_dsp import halve_rate

    for n in (44_101, 44_100, 7):
        x = np.random.default_rng(n).normal(size=n).astype(np.float32)
        np.testing.assert_allclose(halve_rate(x), signal.resample_poly(x, 1, 2), atol=1e-5)


def test_to_mono_is_the_channels_mean_in_the_audio_dtype():
    from ai_artist_dagster.lib.audio import to_mono

    rng = np.random.default_rng(0)
    stereo = rng.standard_normal((10_000, 2)).astype(np.float32)
    assert to_mono(stereo).dtype == np.float32
    assert np.allclose(to_mono(stereo), stereo.mean(axis=1), atol=1e-6)
    five = rng.standard_normal((100, 5))
    assert np.allclose(to_mono(five), five.mean(axis=1))
    left = stereo[:, 0]
    assert to_mono(left) is left  # already mono: no copy


@pytest.mark.slow
def test_the_track_picture_shows_where_the_energy_is():
    """The waveform + spectrogram PNG of a 3-minute track: a 1 kHz tone that starts halfway is drawn
    in the 1 kHz row, in the second half only, in at most 800 columns."""
    import io

    from PIL import Image

    from ai_artist_dagster.lib.plots import _spectrogram_db, waveform_and_spectrogram_png

    sr = 44_100
    t = np.arange(180 * sr) / sr
    tone = np.where(t >= 90, 0.5 * np.sin(2 * np.pi * 1000 * t), 0.0).astype(np.float32)
    stereo = np.stack([tone, tone], axis=1)
    power, top_hz = _spectrogram_db(tone, sr)
    assert power.shape[1] == 800 and top_hz >= 8000
    row = round(1000 / top_hz * (power.shape[0] - 1))
    first, second = power[:, :390], power[:, 410:]
    assert second[row].min() > first[row].max() + 60  # silence, then the tone
    assert abs(int(second.mean(axis=1).argmax()) - row) <= 1  # the loudest row is 1 kHz
    png = waveform_and_spectrogram_png(stereo, sr, "tone")
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (560, 288)
