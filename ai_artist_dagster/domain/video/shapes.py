"""Anti-aliased discs and rings around one fixed centre, blended only where they have coverage.

A disc's interior is a Pillow ellipse fill; its anti-aliased rim, and a ring, are a band of the
distance field around the centre. The field's pixels are sorted by distance once, so any band is
a contiguous slice found by binary search, and blending touches only those few thousand pixels.
"""

from __future__ import annotations

import numpy as np
from PIL import ImageDraw

from ai_artist_dagster.domain.video.canvas import Canvas

RIM_PX = 2.0  # width of the band left to the rim blend inside a disc's edge


class Shapes:
    def __init__(self, width: int, height: int, centre: tuple[int, int], ring_width: float) -> None:
        self.centre, self.ring_width = centre, ring_width
        cx, cy = centre
        ys, xs = np.mgrid[0:height, 0:width]
        dist = np.hypot(ys - cy + 0.5, xs - cx + 0.5).ravel()
        self._order = np.argsort(dist, kind="stable")
        self._dist = dist[self._order].astype(np.float32)

    def _band(self, inner: float, outer: float) -> tuple[np.ndarray, np.ndarray]:
        """Flat frame indices of the pixels with inner ≤ distance < outer, and their distances."""
        lo, hi = np.searchsorted(self._dist, np.asarray([inner, outer], np.float32))
        return self._order[lo:hi], self._dist[lo:hi]

    @staticmethod
    def _blend(canvas: Canvas, index: np.ndarray, alpha: np.ndarray, colour: tuple[int, int, int]) -> None:
        flat = canvas.flat
        under = flat[index, :3].astype(np.float32)
        a = alpha[:, None]
        flat[index, :3] = (under + (np.asarray(colour, np.float32) - under) * a).astype(np.uint8)

    def disc(self, canvas: Canvas, colour: tuple[int, int, int], radius: float) -> None:
        cx, cy = self.centre
        inner = radius - RIM_PX + 0.5
        if inner > 0:
            ImageDraw.Draw(canvas.image).ellipse((cx - inner, cy - inner, cx + inner, cy + inner), fill=colour)
        index, dist = self._band(radius - RIM_PX, radius + 0.5)
        self._blend(canvas, index, np.clip(radius - dist + 0.5, 0, 1), colour)

    def ring(self, canvas: Canvas, colour: tuple[int, int, int], radius: float, opacity: float = 0.9) -> None:
        index, dist = self._band(radius - self.ring_width, radius + self.ring_width)
        self._blend(canvas, index, np.clip(1 - np.abs(dist - radius) / self.ring_width, 0, 1) * opacity, colour)
