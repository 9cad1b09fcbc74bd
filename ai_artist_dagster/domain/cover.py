"""Cover art at store grade: 3000×3000 RGB JPEG (Apple Music's size; Spotify takes 640–3000) with a
visual identity per artist.

An artist's identity — a motif, a typeface and where the words sit — is drawn from its id, genre and
mood, so every cover of one artist looks like the same artist while each song's seed varies the
motif. The words are set in whichever of white, near-black and the palette reads best on the
pixels behind them; when none reaches the WCAG contrast of 4.5:1 against the darkest and lightest
of those pixels, a panel in the palette goes behind the text. The measured contrast is returned.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from pydantic import BaseModel

from ai_artist_dagster.domain.colors import contrast, hex_to_rgb, luminance, luminances
from ai_artist_dagster.lib.files import replacing
from ai_artist_dagster.lib.fonts import font

COVER_SIZE = 3000
MIN_CONTRAST = 4.5
MOTIFS = ("orbit", "horizon", "shards", "haze", "grid")
FACES = ("DejaVuSans-Bold", "DejaVuSerif-Bold", "DejaVuSansMono-Bold", "STIXGeneralBol", "DejaVuSans-BoldOblique")
PLACEMENTS = ("bottom-left", "top-left", "centre", "bottom-centre")
# motifs that suit a mood first; the artist's id picks among them
MOOD_MOTIFS = {
    "euphoric": ("horizon", "orbit", "grid"),
    "warm": ("haze", "horizon", "orbit"),
    "intense": ("shards", "grid", "orbit"),
    "melancholic": ("haze", "orbit", "shards"),
}


class CoverIdentity(BaseModel):
    motif: str
    face: str
    placement: str


class CoverInfo(BaseModel):
    path: str
    width: int
    height: int
    identity: CoverIdentity
    contrast: float  # WCAG ratio of the words against the darkest/lightest pixels behind them
    panel: bool  # a panel was needed behind the words
    text_box: tuple[int, int, int, int]  # left, top, right, bottom of the words (with padding)


def identity_for(artist_id: str, mood: str) -> CoverIdentity:
    """The artist's look: stable for the artist, different between artists."""
    digest = hashlib.sha256(artist_id.encode()).digest()
    motifs = MOOD_MOTIFS.get(mood, MOTIFS)
    return CoverIdentity(
        motif=motifs[digest[0] % len(motifs)],
        face=FACES[digest[1] % len(FACES)],
        placement=PLACEMENTS[digest[2] % len(PLACEMENTS)],
    )


def _background(size: int, colours: list[tuple[int, int, int]], rng: random.Random) -> np.ndarray:
    """A linear gradient from the first colour to the second across the square, at a random angle."""
    angle = rng.uniform(0, np.pi)
    steps = np.arange(size, dtype=np.float32) / np.float32(size)
    ramp = np.cos(angle) * steps[None, :] + np.sin(angle) * steps[:, None]  # rows are y, columns x
    np.clip(ramp, 0, 1, out=ramp)
    a, b = np.asarray(colours[0], np.float32), np.asarray(colours[1], np.float32)
    return a + (b - a) * ramp[..., None]


def _motif(image: Image.Image, motif: str, colours: list[tuple[int, int, int]], rng: random.Random) -> Image.Image:
    size = image.width
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    pick = lambda alpha: (*colours[rng.randrange(len(colours))], alpha)
    if motif == "orbit":  # rings around an off-centre point, like grooves or an orbit
        cx, cy = rng.uniform(0.3, 0.7) * size, rng.uniform(0.25, 0.6) * size
        for r in sorted((rng.uniform(0.05, 0.6) * size for _ in range(9)), reverse=True):
            draw.ellipse(
                (cx - r, cy - r, cx + r, cy + r), outline=pick(200), width=max(6, int(r * rng.uniform(0.02, 0.09)))
            )
        r = size * rng.uniform(0.06, 0.12)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=pick(255))
    elif motif == "horizon":  # a sun over a horizon of lines
        cx, cy, r = size * rng.uniform(0.35, 0.65), size * rng.uniform(0.38, 0.5), size * rng.uniform(0.18, 0.28)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=pick(235))
        horizon = cy + r * 0.35
        draw.rectangle((0, horizon, size, size), fill=(*colours[0], 255))
        for i in range(14):
            y = horizon + (size - horizon) * (i / 14) ** 1.6
            draw.line((0, y, size, y), fill=pick(180), width=max(4, int(size * 0.004 * (1 + i / 4))))
    elif motif == "shards":  # angular splinters
        for _ in range(rng.randint(9, 14)):
            points = [(rng.uniform(-0.1, 1.1) * size, rng.uniform(-0.1, 1.1) * size) for _ in range(3)]
            draw.polygon(points, fill=pick(rng.randint(90, 200)))
    elif motif == "haze":  # soft light through grain
        for _ in range(8):
            r = rng.uniform(0.1, 0.35) * size
            x, y = rng.uniform(0, 1) * size, rng.uniform(0, 1) * size
            draw.ellipse((x - r, y - r, x + r, y + r), fill=pick(rng.randint(70, 150)))
        layer = layer.filter(ImageFilter.GaussianBlur(size // 40))
    else:  # grid: dots that grow towards one corner
        n = rng.choice((8, 10, 12))
        step = size / n
        for i in range(n):
            for j in range(n):
                r = step * 0.45 * ((i + j) / (2 * n - 2)) ** rng.uniform(0.6, 1.4)
                x, y = (i + 0.5) * step, (j + 0.5) * step
                draw.ellipse((x - r, y - r, x + r, y + r), fill=pick(220))
    out = Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")
    if motif == "haze":
        grain = np.random.default_rng(rng.randrange(2**32)).normal(0, 9, (size, size, 1))
        out = Image.fromarray(np.clip(np.asarray(out, np.float32) + grain, 0, 255).astype(np.uint8))
    return out


def _text_block(size: int, placement: str, widths: list[float], heights: list[float]) -> list[tuple[float, float]]:
    """Top-left corner of each line for a placement, with a 7 % margin (inside every platform's crop)."""
    margin, gap = size * 0.07, size * 0.02
    total = sum(heights) + gap * (len(heights) - 1)
    top = {"top-left": margin, "centre": (size - total) / 2}.get(placement, size - margin - total)
    spots = []
    for w, h in zip(widths, heights, strict=True):
        left = margin if placement.endswith("left") else (size - w) / 2
        spots.append((left, top))
        top += h + gap
    return spots


def make_cover(
    path: Path, palette: list[str], artist: str, title: str, seed: int, artist_id: str = "", mood: str = ""
) -> CoverInfo:
    size = COVER_SIZE
    rng = random.Random(seed)
    identity = identity_for(artist_id or artist, mood)
    colours = [hex_to_rgb(c) for c in palette]
    image = Image.fromarray(_background(size, colours, rng).astype(np.uint8))
    image = _motif(image, identity.motif, colours, rng)
    faces = [font(size // 11, name=identity.face), font(size // 17, name=identity.face)]
    lines = [artist.upper() if identity.face.startswith("DejaVuSans-") else artist, title]
    boxes = [face.getbbox(text) for face, text in zip(faces, lines, strict=True)]
    widths = [float(b[2] - b[0]) for b in boxes]
    heights = [float(b[3] - b[1]) for b in boxes]
    spots = _text_block(size, identity.placement, widths, heights)
    pad = size * 0.025
    area = (
        int(min(x for x, _ in spots) - pad),
        int(spots[0][1] - pad),
        int(max(x + w for (x, _), w in zip(spots, widths, strict=True)) + pad),
        int(spots[-1][1] + heights[-1] + pad),
    )
    behind = luminances(np.asarray(image.crop(area)).reshape(-1, 3))
    dark, light = float(np.percentile(behind, 2)), float(np.percentile(behind, 98))
    candidates = [(255, 255, 255), (17, 17, 17), *colours]
    best = max(candidates, key=lambda c: min(contrast(luminance(c), dark), contrast(luminance(c), light)))
    ratio = min(contrast(luminance(best), dark), contrast(luminance(best), light))
    panel = ratio < MIN_CONTRAST
    draw = ImageDraw.Draw(image)
    if panel:  # the darkest palette colour (or near-black) behind, white words
        shade = min([*colours, (17, 17, 17)], key=luminance)
        shade = shade if contrast(luminance(shade), 1.0) >= MIN_CONTRAST else (17, 17, 17)
        draw.rectangle(area, fill=shade)
        best, ratio = (255, 255, 255), contrast(1.0, luminance(shade))
    for (x, y), face, text, box in zip(spots, faces, lines, boxes, strict=True):
        draw.text((x - box[0], y - box[1]), text, font=face, fill=best)
    with replacing(path) as tmp:
        image.save(tmp, "JPEG", quality=90)
    return CoverInfo(
        path=str(path), width=size, height=size, identity=identity, contrast=round(ratio, 2), panel=panel, text_box=area
    )


WIDE_THUMBNAIL = (1280, 720)  # YouTube's custom thumbnail: 16:9, at least 640 wide, under 2 MB


def wide_thumbnail(cover: Path, path: Path, artist: str, title: str, palette: list[str]) -> Path:
    """A 1280×720 JPEG thumbnail for YouTube from the release's cover: the artwork on the left on
    the palette's darkest colour, the title and artist to its right in whichever of white or
    near-black contrasts ≥ 4.5:1 with it."""
    w, h = WIDE_THUMBNAIL
    colours = [hex_to_rgb(c) for c in palette] or [(27, 31, 59)]
    ground = min(colours, key=luminance)
    ink = max([(255, 255, 255), (17, 17, 17)], key=lambda c: contrast(luminance(c), luminance(ground)))
    image = Image.new("RGB", (w, h), ground)
    side = h - 120
    with Image.open(cover) as art:
        image.paste(art.convert("RGB").resize((side, side), Image.Resampling.LANCZOS), (60, 60))
    draw = ImageDraw.Draw(image)
    left, room = 60 + side + 50, w - (60 + side + 50) - 50
    y = 60
    for text, size in ((title, 76), (artist, 48)):
        face = font(size)
        words, line = text.split(), ""
        for word in words:  # wrap to the room beside the artwork
            trial = f"{line} {word}".strip()
            if line and draw.textlength(trial, font=face) > room:
                draw.text((left, y), line, font=face, fill=ink)
                y, line = y + int(size * 1.15), word
            else:
                line = trial
        draw.text((left, y), line, font=face, fill=ink)
        y += int(size * 1.6)
    with replacing(path) as tmp:
        image.save(tmp, "JPEG", quality=88)
    return path
