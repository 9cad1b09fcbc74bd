"""Cover art: a square image in the artist's palette with the artist and title."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from ai_artist_dagster.domain.colors import hex_to_rgb
from ai_artist_dagster.lib.files import replacing
from ai_artist_dagster.lib.fonts import font


def make_cover(path: Path, palette: list[str], artist: str, title: str, seed: int, size: int = 1400) -> Path:
    rng = random.Random(seed)
    colours = [hex_to_rgb(c) for c in palette]
    ramp = np.linspace(0, 1, size, dtype=np.float32)[:, None, None]
    base = np.asarray(colours[0], np.float32) * (1 - ramp) + np.asarray(colours[1], np.float32) * ramp
    image = Image.fromarray(np.broadcast_to(base, (size, size, 3)).astype(np.uint8))
    shapes = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    for _ in range(7):
        r = rng.randint(size // 10, size // 3)
        x, y = rng.randint(0, size), rng.randint(0, size)
        colour = colours[rng.randrange(len(colours))]
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*colour, rng.randint(60, 150)))
    image = Image.alpha_composite(image.convert("RGBA"), shapes.filter(ImageFilter.GaussianBlur(size // 60)))
    draw = ImageDraw.Draw(image)
    for text, px, top in ((artist.upper(), size // 11, size * 0.70), (title, size // 16, size * 0.82)):
        face = font(px)
        left = (size - face.getlength(text)) / 2
        draw.text((left + 4, top + 4), text, font=face, fill=(0, 0, 0, 160))
        draw.text((left, top), text, font=face, fill=(255, 255, 255, 255))
    with replacing(path) as tmp:
        image.convert("RGB").save(tmp, "JPEG", quality=90)
    return path
