"""How readable a teaser's words are, measured on the encoded file.

For the artist/title header and each lyric line shown in the teaser, the frame in the middle of
its showing is decoded from the MP4, and the glyphs' fill (where the caption layer is opaque
white, shrunk by a pixel against compression bleed) is compared with the ring around the glyphs
(1 to outline + 1 pixels out: the dark outline that carries them over any backdrop, as encoded) —
the WCAG contrast of their median luminances. Platforms and WCAG want ≥ 4.5:1.
"""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from ai_artist_dagster.domain.colors import contrast, luminances
from ai_artist_dagster.domain.video.captions import TextLayer
from ai_artist_dagster.domain.video.frames import header_layer, lyric_layer
from ai_artist_dagster.domain.video.layout import Layout
from ai_artist_dagster.domain.video.render import VideoSpec

MIN_CONTRAST = 4.5
MAX_SAMPLES = 6


class CaptionContrast(BaseModel):
    at_s: float  # time in the teaser
    text: str
    contrast: float


def _grow(mask: np.ndarray, radius: int) -> np.ndarray:
    out = mask.copy()
    h, w = mask.shape
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            if dx * dx + dy * dy > radius * radius:
                continue
            shifted = np.zeros_like(mask)
            shifted[max(0, dy) : h + min(0, dy), max(0, dx) : w + min(0, dx)] = mask[
                max(0, -dy) : h + min(0, -dy), max(0, -dx) : w + min(0, -dx)
            ]
            out |= shifted
    return out


def _shrink(mask: np.ndarray) -> np.ndarray:
    return ~_grow(~mask, 1)


def layer_contrast(frame: np.ndarray, layer: TextLayer) -> float:
    """Contrast of ``layer``'s glyph fill with the ring around it, in ``frame`` (rows × cols × RGB)."""
    alpha = np.asarray(layer.alpha)
    rgb = np.asarray(layer.image)[..., :3]
    fill = (alpha == 255) & (rgb.min(axis=2) >= 200)
    ring = _grow(fill, layer.outline + 1) & ~_grow(fill, 1)
    inner = _shrink(fill)
    h, w = alpha.shape
    crop = frame[layer.y : layer.y + h, layer.x : layer.x + w]
    inner, ring = inner[: crop.shape[0], : crop.shape[1]], ring[: crop.shape[0], : crop.shape[1]]
    if not inner.any() or not ring.any():
        return 1.0
    lum = luminances(crop)
    return contrast(float(np.median(lum[inner])), float(np.median(lum[ring])))


def samples(spec: VideoSpec) -> list[tuple[float, TextLayer, str]]:
    """(time in the teaser, caption layer, text): the header, then lyric lines in the window."""
    layout = Layout(spec.width, spec.height, spec.template)
    chosen = [(0.5, header_layer(layout, spec.artist), spec.artist.upper())] if spec.artist else []
    for cue in spec.lyrics:
        middle = (cue.start_s + cue.end_s) / 2 - spec.track_offset_s
        if cue.text.strip() and 0.3 < middle < spec.duration_s - 0.3 and len(chosen) < MAX_SAMPLES:
            chosen.append((middle, lyric_layer(layout, cue.text), cue.text))
    return chosen


def frames_at(video: Path, times: list[float], width: int, height: int, fps: int) -> list[np.ndarray]:
    """The frames shown at ``times`` (the first frame at or after each), decoded in one pass over the
    video: a seek per time would decode from the keyframe before it, more frames than the whole
    15-s teaser has, and start one ffmpeg each."""
    import imageio_ffmpeg

    index = [math.ceil(round(t, 3) * fps - 1e-6) for t in times]
    wanted = sorted(set(index))
    pick = "+".join(f"eq(n\\,{n})" for n in wanted)
    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(video), "-vf", f"select={pick}"]
    cmd += ["-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    raw = np.frombuffer(subprocess.run(cmd, capture_output=True, check=True).stdout, np.uint8)
    size = width * height * 3
    frames = {n: raw[i * size : (i + 1) * size].reshape(height, width, 3) for i, n in enumerate(wanted)}
    return [frames[n] for n in index]


def caption_contrast(spec: VideoSpec, video: Path) -> list[CaptionContrast]:
    """The measured contrast of each sampled caption of ``spec`` in the rendered ``video``."""
    chosen = samples(spec)
    frames = frames_at(video, [at for at, _, _ in chosen], spec.width, spec.height, spec.fps)
    return [
        CaptionContrast(at_s=round(at, 2), text=text, contrast=round(layer_contrast(frame, layer), 2))
        for (at, layer, text), frame in zip(chosen, frames, strict=True)
    ]
