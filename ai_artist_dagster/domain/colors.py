"""Colour helpers: palettes (hex <-> RGB) and WCAG luminance and contrast."""

from __future__ import annotations

import colorsys

import numpy as np


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def rgb_to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminances(pixels: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of sRGB values in 0–255 (last axis RGB)."""
    c = np.asarray(pixels, np.float64) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def luminance(rgb: tuple[int, int, int]) -> float:
    return float(luminances(np.asarray(rgb)))


def contrast(l1: float, l2: float) -> float:
    """WCAG contrast ratio of two relative luminances (1 to 21; text wants ≥ 4.5)."""
    high, low = max(l1, l2), min(l1, l2)
    return (high + 0.05) / (low + 0.05)


def visible_on(
    colour: tuple[int, int, int], background: tuple[int, int, int], minimum: float = 3.0
) -> tuple[int, int, int]:
    """``colour``, mixed toward white (or black, on a light background) until it reaches ``minimum``
    contrast with ``background`` (WCAG's 3:1 for graphics) — so a palette's near-black accent never
    paints a black shape on a dark scene."""
    behind = luminance(background)
    target = np.asarray((255, 255, 255) if behind < 0.4 else (0, 0, 0), np.float64)
    start = np.asarray(colour, np.float64)
    for step in np.linspace(0.0, 1.0, 21):
        mixed = start + (target - start) * step
        rgb = (int(mixed[0]), int(mixed[1]), int(mixed[2]))
        if contrast(luminance(rgb), behind) >= minimum:
            return rgb
    return (int(target[0]), int(target[1]), int(target[2]))


# An artist's palette: one base hue, from its key (the circle of fifths around the colour wheel, minor
# keys a half step of hue on), laid out by its mood's scheme (hue offset, saturation, lightness). Artists
# of one day have different keys, so their palettes differ; a mood change keeps the base hue.
MOOD_SCHEMES: dict[str, list[tuple[int, float, float]]] = {
    "euphoric": [(0, 0.85, 0.55), (150, 0.8, 0.5), (30, 0.9, 0.65), (0, 0.3, 0.12)],
    "warm": [(0, 0.65, 0.55), (25, 0.6, 0.45), (180, 0.35, 0.35), (0, 0.25, 0.16)],
    "intense": [(0, 0.9, 0.45), (0, 0.15, 0.08), (180, 0.8, 0.6), (0, 0.4, 0.2)],
    "melancholic": [(0, 0.35, 0.3), (20, 0.3, 0.5), (-25, 0.25, 0.68), (0, 0.3, 0.12)],
}


def key_hue(key: int, mode: str) -> int:
    """Degrees: C 0, G 30, D 60, … (fifths), a minor key 15 further."""
    return (key * 7 % 12) * 30 + (15 if mode == "minor" else 0)


def hue_of(colour: str) -> int:
    r, g, b = (c / 255 for c in hex_to_rgb(colour))
    return round(colorsys.rgb_to_hls(r, g, b)[0] * 360)


def palette(hue: int, mood: str) -> list[str]:
    """Four colours around ``hue`` in the mood's scheme (the first is the artist's signature colour)."""
    scheme = MOOD_SCHEMES.get(mood, MOOD_SCHEMES["euphoric"])
    colours = []
    for offset, saturation, lightness in scheme:
        r, g, b = colorsys.hls_to_rgb(((hue + offset) % 360) / 360, lightness, saturation)
        colours.append(rgb_to_hex((r * 255, g * 255, b * 255)))
    return colours
