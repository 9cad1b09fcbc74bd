"""Render a vertical teaser: generative visuals in the artist's palette that react to the track
(energy, spectrum, beats), scene cuts on bar lines, captions and timed lyric lines; raw frames are
piped to ffmpeg (libx264 + AAC) so no frame touches the disk."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import soundfile as sf
from PIL import Image

from ai_artist_dagster.domain.colors import hex_to_rgb
from ai_artist_dagster.domain.video.captions import TextLayer, composite, text_layer
from ai_artist_dagster.domain.video.features import frame_features

LEVELS = 24  # brightness levels pre-rendered per scene


@dataclass(frozen=True)
class Caption:
    start_s: float
    end_s: float
    text: str


@dataclass(frozen=True)
class VideoSpec:
    width: int = 720
    height: int = 1280
    fps: int = 30
    duration_s: float = 15.0
    track_offset_s: float = 0.0
    palette: list[str] = field(default_factory=lambda: ["#1b1f3b", "#e94560", "#f5c518"])
    artist: str = ""
    title: str = ""
    lyrics: list[Caption] = field(default_factory=list)
    beat_times: list[float] = field(default_factory=list)
    crf: int = 23
    preset: str = "veryfast"


def _gradient(height: int, width: int, top: tuple[int, ...], bottom: tuple[int, ...]) -> np.ndarray:
    ramp = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    col = np.asarray(top, np.float32) * (1 - ramp) + np.asarray(bottom, np.float32) * ramp
    return np.broadcast_to(col, (height, width, 3)).copy()


def _scenes(spec: VideoSpec) -> list[list[np.ndarray]]:
    colours = [hex_to_rgb(c) for c in spec.palette]
    dark = tuple(int(c * 0.25) for c in colours[0])
    pairs = [(colours[0], dark), (dark, colours[1 % len(colours)]), (colours[2 % len(colours)], colours[0])]
    scenes = []
    for top, bottom in pairs:
        base = _gradient(spec.height, spec.width, top, bottom)
        scenes.append([(base * (0.35 + 0.65 * lvl / (LEVELS - 1))).astype(np.uint8) for lvl in range(LEVELS)])
    return scenes


def raw_frames_input(width: int, height: int, fps: int) -> list[str]:
    """ffmpeg's command start for RGB frames piped on stdin."""
    return [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-y",
        "-loglevel",
        "error",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        f"{width}x{height}",
        "-r",
        str(fps),
        "-i",
        "pipe:0",
    ]


def h264_output(spec: VideoSpec) -> list[str]:
    """The teaser's video encoding settings (also the benchmark's plain-ffmpeg reference)."""
    return ["-c:v", "libx264", "-preset", spec.preset, "-crf", str(spec.crf), "-pix_fmt", "yuv420p"]


def render_video(
    spec: VideoSpec,
    audio_path: Path,
    out_path: Path,
    thumbnail_path: Path,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Render ``spec`` with the audio of ``audio_path`` into ``out_path`` (written atomically)."""
    w, h, fps = spec.width, spec.height, spec.fps
    n_frames = round(spec.duration_s * fps)
    info = sf.info(str(audio_path))
    start = int(spec.track_offset_s * info.samplerate)
    mono = sf.read(
        str(audio_path), start=start, frames=int(spec.duration_s * info.samplerate) + 1, dtype="float32", always_2d=True
    )[0].mean(axis=1)
    feats = frame_features(mono, info.samplerate, fps, n_frames, spec.beat_times, spec.track_offset_s)

    scenes = _scenes(spec)
    accents = [np.asarray(hex_to_rgb(c), np.float32) for c in spec.palette]
    cy, cx = int(h * 0.42), w // 2
    box = int(min(w, h) * 0.42)
    yy, xx = np.mgrid[-box:box, -box:box].astype(np.float32)
    dist = np.sqrt(yy**2 + xx**2)
    header = text_layer(spec.artist.upper(), int(w * 0.075), w, int(h * 0.08), max_chars=18)
    subtitle = text_layer(
        spec.title, int(w * 0.05), w, header.y + header.alpha.shape[0] + 4, max_chars=26, colour=(235, 235, 235)
    )
    lyric_layers: list[tuple[Caption, TextLayer]] = [
        (cue, text_layer(cue.text, int(w * 0.052), w, int(h * 0.63), max_chars=24))
        for cue in spec.lyrics
        if cue.text.strip()
    ]
    n_bands = feats.bands.shape[1]
    bar_w = (w - 80) // n_bands
    bars_bottom, bars_max = int(h * 0.76), int(h * 0.1)

    tmp = out_path.with_name(out_path.stem + ".part" + out_path.suffix)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    fade_out = max(0.0, spec.duration_s - 1.0)
    cmd = [
        *raw_frames_input(w, h, fps),
        "-ss",
        f"{spec.track_offset_s:.3f}",
        "-t",
        f"{spec.duration_s:.3f}",
        "-i",
        str(audio_path),
        "-map",
        "0:v",
        "-map",
        "1:a",
        *h264_output(spec),
        "-c:a",
        "aac",
        "-b:a",
        "160k",
        "-af",
        f"afade=in:st=0:d=0.4,afade=out:st={fade_out:.3f}:d=1",
        "-shortest",
        "-movflags",
        "+faststart",
        str(tmp),
    ]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None
    thumb_frame = n_frames // 3
    try:
        for i in range(n_frames):
            t = spec.track_offset_s + i / fps
            scene = int(feats.bar_index[i]) % len(scenes)
            level = int(np.clip(feats.energy[i] * 0.7 + feats.pulse[i] * 0.3, 0, 1) * (LEVELS - 1))
            frame = scenes[scene][level].copy()
            accent = accents[(scene + 1) % len(accents)]
            radius = box * (0.45 + 0.25 * feats.energy[i] + 0.15 * feats.pulse[i])
            region = frame[cy - box : cy + box, cx - box : cx + box]
            disc = np.clip((radius - dist) / 3.0, 0, 1)[..., None] * 0.85
            ring = np.clip(1 - np.abs(dist - radius * (1.15 + 0.3 * feats.pulse[i])) / 3.0, 0, 1)[..., None] * 0.9
            mix = np.maximum(disc, ring)
            region[:] = (region * (1 - mix) + accent * mix).astype(np.uint8)
            bar_colour = accents[(scene + 2) % len(accents)].astype(np.uint8)
            for b in range(n_bands):
                height = int(feats.bands[i, b] * feats.energy[i] ** 0.5 * bars_max) + 2
                x0 = 40 + b * bar_w
                frame[bars_bottom - height : bars_bottom, x0 : x0 + bar_w - 4] = bar_colour
            composite(frame, header)
            composite(frame, subtitle)
            for cue, layer in lyric_layers:
                if cue.start_s <= t < cue.end_s:
                    composite(frame, layer, opacity=min(1.0, (t - cue.start_s) * 4, (cue.end_s - t) * 4))
            proc.stdin.write(frame.tobytes())
            if i == thumb_frame:
                Image.fromarray(frame).resize((w // 2, h // 2)).save(thumbnail_path.with_suffix(".part.png"))
            if progress and i % fps == 0:
                progress(i, n_frames)
        proc.stdin.close()
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.wait() != 0:
            raise RuntimeError(f"ffmpeg failed to encode {out_path.name}: {err.strip()[-500:]}")
    except BaseException:
        proc.kill()
        proc.wait()
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, out_path)
    os.replace(thumbnail_path.with_suffix(".part.png"), thumbnail_path)
