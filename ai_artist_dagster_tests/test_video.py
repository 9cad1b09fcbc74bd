from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PIL import Image

from ai_artist_dagster.domain.video import Caption, VideoSpec, probe_media, render_video


def test_teaser_renders_with_audio_captions_and_thumbnail(tmp_path: Path):
    sr = 44_100
    t = np.arange(sr * 6) / sr
    clicks = (np.sin(2 * np.pi * 220 * t) * (np.mod(t, 0.5) < 0.05)).astype(np.float32)
    wav = tmp_path / "a.wav"
    sf.write(wav, np.stack([clicks, clicks], axis=1), sr)
    spec = VideoSpec(
        width=360,
        height=640,
        fps=24,
        duration_s=3.0,
        track_offset_s=1.0,
        artist="Nova Vale",
        title="Test",
        lyrics=[Caption(1.0, 2.5, "first line"), Caption(2.5, 4.0, "second line")],
        beat_times=[i * 0.5 for i in range(12)],
    )
    out, thumb = tmp_path / "v.mp4", tmp_path / "v.png"
    render_video(spec, wav, out, thumb)
    probe = probe_media(out)
    assert (probe.video_codec, probe.width, probe.height) == ("h264", 360, 640)
    assert probe.audio_codec == "aac" and probe.audio_sample_rate == 44_100
    assert abs(probe.duration_s - 3.0) < 0.2
    with Image.open(thumb) as image:
        assert image.size == (180, 320)
        pixels = np.asarray(image.convert("RGB"))
        assert (pixels > 240).all(axis=2).sum() > 50  # white caption text is drawn
    assert not list(tmp_path.glob(".*.tmp*"))  # no temp files left


def test_probe_rejects_non_media(tmp_path: Path):
    bogus = tmp_path / "x.mp4"
    bogus.write_text("not a video")
    try:
        probe_media(bogus)
    except ValueError as exc:
        assert "could not read" in str(exc)
    else:
        raise AssertionError("expected a clear error")


@pytest.mark.parametrize(
    ("width", "height", "template"),
    [(720, 1280, "halo"), (1080, 1920, "halo"), (1080, 1920, "horizon"), (1080, 1920, "stage")],
)
@pytest.mark.slow
def test_text_and_visuals_stay_inside_the_platforms_safe_area(width, height, template):
    """Nothing drawn in the bottom 20 % (platform captions), text clear of the side buttons, in
    every template; the spectrum stays above the lyric line."""
    from ai_artist_dagster.domain.video.backdrops import GradientBackdrop
    from ai_artist_dagster.domain.video.captions import text_layer
    from ai_artist_dagster.domain.video.features import FrameFeatures
    from ai_artist_dagster.domain.video.frames import FramePainter, header_layer

    n = 4
    feats = FrameFeatures(
        energy=np.ones(n, np.float32),
        bands=np.ones((n, 24), np.float32),
        pulse=np.ones(n, np.float32),
        bar_index=np.zeros(n, np.int64),
    )
    long_line = "a long lyric line that certainly has to wrap onto a second line here"
    spec = VideoSpec(
        width=width,
        height=height,
        duration_s=1,
        artist="Nova",
        title="T",
        lyrics=[Caption(0, 1, long_line)],
        template=template,
    )
    painter = FramePainter(spec, feats, GradientBackdrop(width, height, spec.palette))
    layout = painter.layout
    [(_, _, lyric, _, _)] = painter.cues
    assert layout.template == template
    assert lyric.y + lyric.height <= layout.safe_bottom and layout.bars[2] <= layout.safe_bottom
    assert layout.bars[2] < lyric.y  # the bars end above the words
    # the beat ring at its widest (1.38 × the loudest radius) clears the name and title, and the words
    ring = layout.disc_radius[1] * 1.38
    header = header_layer(layout, "Nova")
    title = text_layer("T", int(width * 0.048), width, layout.header_y + header.height, layout.text_width)
    title_bottom = title.y + title.height
    assert title_bottom < layout.centre[1] - ring and layout.centre[1] + ring < lyric.y
    assert lyric.x >= width * 0.12 and lyric.x + lyric.image.width <= width * 0.88
    frame = np.asarray(painter.paint(0).rgb())
    background = np.asarray(GradientBackdrop(width, height, spec.palette).scenes[0].rgb())
    changed = np.nonzero(np.any(frame != background, axis=2))[0]
    assert changed.max() < layout.safe_bottom and changed.min() >= height * 0.1


def test_sung_lines_light_up_word_by_word():
    from ai_artist_dagster.domain.video.captions import karaoke_layers

    words = ["Drifting", "under", "the", "endless", "gleam"]
    layers = karaoke_layers(words, 36, 720, 900, 700)
    assert len(layers) == len(words)
    assert len({(layer.x, layer.y, layer.image.size) for layer in layers}) == 1  # the line does not move

    def lit(layer) -> np.ndarray:
        """Columns holding the highlight colour."""
        rgba = np.asarray(layer.image).astype(int)
        mask = (
            (abs(rgba[..., 0] - 255) < 30) & (abs(rgba[..., 1] - 214) < 30) & (rgba[..., 2] < 80) & (rgba[..., 3] > 200)
        )
        return np.flatnonzero(mask.any(axis=0))

    spans = [lit(layer) for layer in layers]
    assert all(len(s) > 5 for s in spans)
    centres = [s.mean() for s in spans]
    assert centres == sorted(centres)  # the highlight moves left to right along the line


@pytest.mark.slow
@pytest.mark.parametrize("palette", [["#1b1f3b", "#e94560", "#f5c518"], ["#ffffff", "#f2f2f2", "#e6e6e6"]])
def test_captions_read_on_dark_and_pale_palettes_and_the_measure_sees_a_missing_one(tmp_path: Path, palette):
    """Measured on frames decoded from the encoded teaser; a caption that is not on screen scores ~1."""
    from ai_artist_dagster.domain.video.legibility import MIN_CONTRAST, caption_contrast

    sr = 44_100
    t = np.arange(sr * 8) / sr
    tone = (0.3 * np.sin(2 * np.pi * 330 * t)).astype(np.float32)
    wav = tmp_path / "a.wav"
    sf.write(wav, np.stack([tone, tone], axis=1), sr)
    lines = [Caption(1.0, 2.5, "the first line on screen"), Caption(2.5, 4.0, "and the second one")]
    spec = VideoSpec(
        width=540, height=960, fps=24, duration_s=4.0, artist="Nova Vale", title="Test", palette=palette, lyrics=lines
    )
    render_video(spec, wav, tmp_path / "v.mp4", tmp_path / "v.png")
    measured = caption_contrast(spec, tmp_path / "v.mp4")
    assert [m.text for m in measured] == ["NOVA VALE", "the first line on screen", "and the second one"]
    assert all(m.contrast >= MIN_CONTRAST for m in measured), measured
    # a caption the teaser never drew, looked for where no lyric is on screen yet (0.2–1.0 s)
    import dataclasses

    elsewhere = dataclasses.replace(spec, artist="", lyrics=[Caption(0.2, 1.0, "never on screen")])
    [missing] = caption_contrast(elsewhere, tmp_path / "v.mp4")
    assert missing.contrast < 2.0, missing


def test_frames_decoded_in_one_pass_are_the_frames_a_seek_shows(tmp_path: Path):
    import subprocess

    import imageio_ffmpeg

    from ai_artist_dagster.domain.video.legibility import frames_at

    sr = 44_100
    wav = tmp_path / "a.wav"
    sf.write(wav, np.zeros((sr * 4, 2), np.float32), sr)
    lines = [Caption(0.5, 1.7, "one line"), Caption(1.7, 3.1, "another line")]
    spec = VideoSpec(width=270, height=480, fps=24, duration_s=4.0, artist="Nova Vale", title="T", lyrics=lines)
    render_video(spec, wav, tmp_path / "v.mp4", tmp_path / "v.png")
    times = [0.5, 1.1, 2.4, 2.4, 3.713]  # a repeat and an odd time among them
    one_pass = frames_at(tmp_path / "v.mp4", times, spec.width, spec.height, spec.fps)
    for at, frame in zip(times, one_pass, strict=True):
        cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-ss", f"{at:.3f}", "-i", str(tmp_path / "v.mp4")]
        cmd += ["-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
        seeked = np.frombuffer(subprocess.run(cmd, capture_output=True, check=True).stdout, np.uint8)
        assert np.array_equal(frame.ravel(), seeked), at
    assert not np.array_equal(one_pass[0], one_pass[-1])  # different moments, different pictures


def test_templates_follow_genre_and_mood_and_shapes_stand_out_from_the_backdrop():
    from ai_artist_dagster.domain.colors import contrast, luminance, visible_on
    from ai_artist_dagster.domain.video.layout import template_for

    assert template_for("hip hop", "intense") == "stage" and template_for("electronic", "euphoric") == "stage"
    assert template_for("country", "warm") == "horizon" and template_for("pop", "melancholic") == "horizon"
    assert template_for("pop", "euphoric") == "halo"
    dark = (12, 14, 30)
    lifted = visible_on((10, 10, 10), dark)  # a near-black accent on a dark scene
    assert contrast(luminance(lifted), luminance(dark)) >= 3.0
    assert visible_on((245, 197, 24), dark) == (245, 197, 24)  # a bright accent is kept as it is
    pale = (240, 240, 235)
    assert contrast(luminance(visible_on((250, 250, 250), pale)), luminance(pale)) >= 3.0
