from pathlib import Path

import numpy as np
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
    assert not list(tmp_path.glob("*.part*"))  # no temp files left


def test_probe_rejects_non_media(tmp_path: Path):
    bogus = tmp_path / "x.mp4"
    bogus.write_text("not a video")
    try:
        probe_media(bogus)
    except ValueError as exc:
        assert "could not read" in str(exc)
    else:
        raise AssertionError("expected a clear error")
