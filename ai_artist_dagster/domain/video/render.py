"""Render a vertical teaser: visuals in the artist's palette (or stock footage) that react to the
track (energy, spectrum, beats), scene cuts on bar lines, captions and timed lyric lines. Frames
are painted with Pillow and piped raw to ffmpeg (libx264 + AAC), so no frame touches the disk."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import imageio_ffmpeg
import soundfile as sf

from ai_artist_dagster.domain.video.backdrops import Backdrop, FootageBackdrop, GradientBackdrop
from ai_artist_dagster.domain.video.canvas import PIX_FMT, Canvas
from ai_artist_dagster.domain.video.features import frame_features
from ai_artist_dagster.domain.video.frames import FramePainter
from ai_artist_dagster.domain.video.layout import Template
from ai_artist_dagster.lib.audio import to_mono
from ai_artist_dagster.lib.files import temp_sibling

AUDIO_KBPS = 160


@dataclass(frozen=True)
class Caption:
    start_s: float
    end_s: float
    text: str
    words: tuple[tuple[float, float, str], ...] = ()  # when sung: each word's (start, end, text), highlighted in turn


@dataclass(frozen=True)
class VideoSpec:
    width: int = 1080
    height: int = 1920
    fps: int = 30
    duration_s: float = 15.0
    track_offset_s: float = 0.0
    palette: list[str] = field(default_factory=lambda: ["#1b1f3b", "#e94560", "#f5c518"])
    artist: str = ""
    title: str = ""
    lyrics: list[Caption] = field(default_factory=list)
    beat_times: list[float] = field(default_factory=list)
    footage: list[Path] = field(default_factory=list)
    style: str = "pulse"  # "pulse": filled disc; "rings": outlines only (always over footage)
    template: Template = "halo"  # the layout (domain/video/layout.py): halo, horizon or stage
    crf: int = 23
    preset: str = "superfast"  # x264: twice as fast as veryfast here for ~2× the (still small) file
    max_size_mb: float = 45.0  # under Telegram's 50 MB bot upload limit, with room for the container

    @property
    def max_video_kbps(self) -> int:
        """Bitrate ceiling that keeps the file under ``max_size_mb`` whatever the content."""
        budget = self.max_size_mb * 8000 / max(self.duration_s, 1.0) - AUDIO_KBPS
        return int(max(500, min(20_000, budget)))


def raw_frames_input(width: int, height: int, fps: int) -> list[str]:
    """ffmpeg's command start for raw frames (the canvas's layout) piped on stdin."""
    return [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-y",
        "-loglevel",
        "error",
        "-f",
        "rawvideo",
        "-pix_fmt",
        PIX_FMT,
        "-s",
        f"{width}x{height}",
        "-r",
        str(fps),
        "-i",
        "pipe:0",
    ]


def encode_args(spec: VideoSpec, audio_path: Path) -> list[str]:
    """Everything after the raw-frames input: the track's audio window, H.264 + AAC settings, size cap.
    The benchmark's plain-ffmpeg reference uses the same list, so the two encode identical work."""
    kbps = spec.max_video_kbps
    fade_out = max(0.0, spec.duration_s - 1.0)
    return [
        *("-ss", f"{spec.track_offset_s:.3f}", "-t", f"{spec.duration_s:.3f}", "-i", str(audio_path)),
        *("-map", "0:v", "-map", "1:a"),
        *("-c:v", "libx264", "-preset", spec.preset, "-crf", str(spec.crf), "-pix_fmt", "yuv420p"),
        *("-maxrate", f"{kbps}k", "-bufsize", f"{2 * kbps}k"),
        *("-c:a", "aac", "-b:a", f"{AUDIO_KBPS}k"),
        *("-af", f"afade=in:st=0:d=0.4,afade=out:st={fade_out:.3f}:d=1"),
        *("-shortest", "-movflags", "+faststart"),
    ]


def _backdrop(spec: VideoSpec) -> Backdrop:
    if spec.footage:
        return FootageBackdrop(list(spec.footage), spec.width, spec.height, spec.fps)
    return GradientBackdrop(spec.width, spec.height, spec.palette)


def paint_frames(spec: VideoSpec, audio_path: Path) -> Iterator[Canvas]:
    """The teaser's frames in order. The same canvas is repainted each time: consume (or copy)
    each frame before asking for the next."""
    n_frames = round(spec.duration_s * spec.fps)
    info = sf.info(str(audio_path))
    window = sf.read(
        str(audio_path),
        start=int(spec.track_offset_s * info.samplerate),
        frames=int(spec.duration_s * info.samplerate) + 1,
        dtype="float32",
        always_2d=True,
    )[0]
    feats = frame_features(to_mono(window), info.samplerate, spec.fps, n_frames, spec.beat_times, spec.track_offset_s)
    backdrop = _backdrop(spec)
    try:
        painter = FramePainter(spec, feats, backdrop)
        for i in range(n_frames):
            yield painter.paint(i)
    finally:
        backdrop.close()


def thumbnail_frame(spec: VideoSpec) -> int:
    """The frame the thumbnail shows: the middle of the first lyric line on screen from a third of the
    way in (the line fully faded in), else the frame a third of the way in."""
    n_frames = round(spec.duration_s * spec.fps)
    third = spec.duration_s / 3
    middles = [(c.start_s + c.end_s) / 2 - spec.track_offset_s for c in spec.lyrics if c.text.strip()]
    chosen = min((m for m in middles if third <= m < spec.duration_s), default=third)
    return min(n_frames - 1, round(chosen * spec.fps))


def render_video(
    spec: VideoSpec,
    audio_path: Path,
    out_path: Path,
    thumbnail_path: Path,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Render ``spec`` with the audio of ``audio_path`` into ``out_path`` (written atomically)."""
    n_frames = round(spec.duration_s * spec.fps)
    thumb_at = thumbnail_frame(spec)
    tmp, thumb_tmp = temp_sibling(out_path), temp_sibling(thumbnail_path)
    cmd = [*raw_frames_input(spec.width, spec.height, spec.fps), *encode_args(spec, audio_path), str(tmp)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None
    try:
        for i, canvas in enumerate(paint_frames(spec, audio_path)):
            proc.stdin.write(canvas.pixels.data)
            if i == thumb_at:
                canvas.rgb().resize((spec.width // 2, spec.height // 2)).save(thumb_tmp)
            if progress and i % spec.fps == 0:
                progress(i, n_frames)
        proc.stdin.close()
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.wait() != 0:
            raise RuntimeError(f"ffmpeg failed to encode {out_path.name}: {err.strip()[-500:]}")
    except BaseException:
        proc.kill()
        proc.wait()
        tmp.unlink(missing_ok=True)
        thumb_tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, out_path)
    os.replace(thumb_tmp, thumbnail_path)
