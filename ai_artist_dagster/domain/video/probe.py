"""Read a media file's streams with the ffmpeg binary from imageio-ffmpeg (no ffprobe needed)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg


@dataclass(frozen=True)
class MediaProbe:
    duration_s: float
    video_codec: str | None
    width: int | None
    height: int | None
    fps: float | None
    audio_codec: str | None
    audio_sample_rate: int | None
    audio_channels: str | None


def probe_media(path: Path) -> MediaProbe:
    if not path.exists():
        raise FileNotFoundError(f"media file not found: {path}")
    out = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
        capture_output=True,
        text=True,
        check=False,
    ).stderr
    duration = re.search(r"Duration: (\d+):(\d+):([\d.]+)", out)
    if not duration:
        raise ValueError(
            f"ffmpeg could not read {path}: {out.strip().splitlines()[-1] if out.strip() else 'no output'}"
        )
    h, m, s = duration.groups()
    video = re.search(r"Stream #\S+.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})[, \[].*?(?:([\d.]+) fps)?", out)
    fps = re.search(r"([\d.]+) fps", out)
    audio = re.search(r"Stream #\S+.*?: Audio: (\w+).*?, (\d+) Hz, (\w+)", out)
    return MediaProbe(
        duration_s=int(h) * 3600 + int(m) * 60 + float(s),
        video_codec=video.group(1) if video else None,
        width=int(video.group(2)) if video else None,
        height=int(video.group(3)) if video else None,
        fps=float(fps.group(1)) if fps and video else None,
        audio_codec=audio.group(1) if audio else None,
        audio_sample_rate=int(audio.group(2)) if audio else None,
        audio_channels=audio.group(3) if audio else None,
    )
