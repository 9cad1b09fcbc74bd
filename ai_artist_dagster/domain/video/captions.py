"""Text layers rendered once with Pillow and pasted per frame through their alpha mask (C speed)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

from ai_artist_dagster.lib.fonts import font

FADE_STEPS = 8  # opacity levels kept per layer for fades


@dataclass
class TextLayer:
    image: Image.Image  # RGBA (the frame buffer's mode)
    alpha: Image.Image  # L
    x: int
    y: int
    outline: int = 1  # px of dark outline around the glyphs
    _faded: dict[int, Image.Image] = field(default_factory=dict, repr=False)

    @property
    def height(self) -> int:
        return self.alpha.height

    def mask(self, opacity: float = 1.0) -> Image.Image:
        step = round(max(0.0, min(1.0, opacity)) * FADE_STEPS)
        if step == FADE_STEPS:
            return self.alpha
        if step not in self._faded:
            self._faded[step] = self.alpha.point(lambda v: v * step // FADE_STEPS)
        return self._faded[step]

    def paste_onto(self, frame: Image.Image, opacity: float = 1.0) -> None:
        if opacity > 0:
            frame.paste(self.image, (self.x, self.y), self.mask(opacity))


def wrap(text: str, face: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy word wrap by rendered width (a single over-long word gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(f"{lines[-1]} {word}") <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [" "]


def fit(text: str, size: int, max_width: int, max_lines: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font (down to 60 % of ``size``) that fits ``max_lines``; else cut with an ellipsis."""
    for scale in (1.0, 0.9, 0.8, 0.7, 0.6):
        face = font(max(8, int(size * scale)))
        lines = wrap(text, face, max_width)
        if len(lines) <= max_lines and all(face.getlength(line) <= max_width for line in lines):
            return face, lines
    lines = lines[:max_lines]
    while len(lines[-1]) > 1 and face.getlength(lines[-1] + "…") > max_width:
        lines[-1] = lines[-1][:-1]
    lines[-1] = lines[-1].rstrip() + "…"
    return face, lines


def karaoke_layers(
    words: list[str],
    size: int,
    frame_width: int,
    y: int,
    max_width: int,
    colour: tuple[int, int, int] = (255, 255, 255),
    highlight: tuple[int, int, int] = (255, 214, 10),
    max_lines: int = 2,
) -> list[TextLayer]:
    """The line once per word, with that word in ``highlight``: the layer to show while it is sung.
    Same place, size and outline as :func:`text_layer`; a line too long to fit is shown plain."""
    text = " ".join(words)
    face, lines = fit(text, size, max_width, max_lines)
    if lines[-1].endswith("…") or sum(len(line.split()) for line in lines) != len(words):
        plain = text_layer(text, size, frame_width, y, max_width, colour, max_lines)
        return [plain] * len(words)
    return [_draw(lines, face, frame_width, y, max_width, colour, highlight, k) for k in range(len(words))]


def _draw(lines, face, frame_width, y, max_width, colour, highlight, active: int) -> TextLayer:
    """The lines centred, shadowed and outlined (a dark outline keeps white text readable on pale
    palettes and bright footage), word ``active`` in ``highlight``."""
    size = int(face.size)
    line_h = int(size * 1.25)
    shadow = max(2, size // 18)
    outline = max(1, size // 16)
    width = min(max_width + 4 * shadow, int(max(face.getlength(line) for line in lines)) + 4 * shadow)
    height = line_h * len(lines) + 4 * shadow
    rgba = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(rgba)
    index = 0
    for i, line in enumerate(lines):
        left = (width - face.getlength(line)) / 2
        top = 2 * shadow + i * line_h
        draw.text((left + shadow, top + shadow), line, font=face, fill=(0, 0, 0, 150))
        for word in line.split():
            fill = highlight if index == active else colour
            draw.text((left, top), word, font=face, fill=(*fill, 255), stroke_width=outline, stroke_fill=(0, 0, 0, 210))
            left += face.getlength(word + " ")
            index += 1
    return TextLayer(image=rgba, alpha=rgba.getchannel("A"), x=(frame_width - width) // 2, y=y, outline=outline)


def text_layer(
    text: str,
    size: int,
    frame_width: int,
    y: int,
    max_width: int,
    colour: tuple[int, int, int] = (255, 255, 255),
    max_lines: int = 2,
) -> TextLayer:
    """Centered text in at most ``max_lines`` lines of ``max_width`` pixels (the font shrinks to fit),
    outlined and shadowed, placed at row ``y``."""
    face, lines = fit(text, size, max_width, max_lines)
    return _draw(lines, face, frame_width, y, max_width, colour, colour, active=-1)
