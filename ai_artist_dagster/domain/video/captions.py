"""Text layers rendered once with Pillow, composited per frame as small RGBA patches."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from ai_artist_dagster.lib.fonts import font


@dataclass(frozen=True)
class TextLayer:
    rgb: np.ndarray  # (h, w, 3) float32
    alpha: np.ndarray  # (h, w, 1) float32 0..1
    x: int
    y: int


def text_layer(
    text: str, size: int, frame_width: int, y: int, max_chars: int = 26, colour=(255, 255, 255)
) -> TextLayer:
    """Centered, wrapped text with a soft shadow, as a patch placed at row ``y``."""
    lines = textwrap.wrap(text, max_chars) or [" "]
    face = font(size)
    line_h = int(size * 1.25)
    width = min(frame_width - 40, max(int(face.getlength(line)) for line in lines) + 24)
    height = line_h * len(lines) + 16
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        w = face.getlength(line)
        pos = ((width - w) / 2, 8 + i * line_h)
        draw.text((pos[0] + 3, pos[1] + 3), line, font=face, fill=(0, 0, 0, 150))
        draw.text(pos, line, font=face, fill=(*colour, 255))
    arr = np.asarray(image, dtype=np.float32) / 255.0
    return TextLayer(rgb=arr[..., :3] * 255.0, alpha=arr[..., 3:], x=(frame_width - width) // 2, y=y)


def composite(frame: np.ndarray, layer: TextLayer, opacity: float = 1.0) -> None:
    h, w = layer.alpha.shape[:2]
    region = frame[layer.y : layer.y + h, layer.x : layer.x + w]
    a = layer.alpha[: region.shape[0], : region.shape[1]] * opacity
    region[:] = (region * (1 - a) + layer.rgb[: region.shape[0], : region.shape[1]] * a).astype(np.uint8)
