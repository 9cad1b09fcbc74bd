"""Colour helpers: palettes (hex <-> RGB) and WCAG luminance and contrast."""

from __future__ import annotations

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
