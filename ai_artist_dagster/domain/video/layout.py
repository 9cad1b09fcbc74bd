"""Where things go on a 9:16 frame, kept clear of the platforms' overlays.

TikTok, Reels and Shorts draw their own UI over the top ~10 %, the bottom ~20 % (caption, music
ticker) and a column of buttons on the right; text and the main visual stay inside the safe area.
Every position is a fraction of the frame, so 720x1280 and 1080x1920 look the same.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    width: int
    height: int

    @property
    def text_width(self) -> int:
        """Text is centred and never wider than 72 % of the frame (14 % margins, clear of side buttons)."""
        return int(self.width * 0.72)

    @property
    def header_y(self) -> int:
        return int(self.height * 0.105)

    @property
    def centre(self) -> tuple[int, int]:
        """Centre of the pulsing disc."""
        return self.width // 2, int(self.height * 0.405)

    @property
    def disc_radius(self) -> tuple[float, float]:
        """Radius range (quiet → loud) of the disc."""
        return self.width * 0.17, self.width * 0.27

    @property
    def bars(self) -> tuple[int, int, int, int]:
        """Spectrum bars: left, right, baseline and maximum height."""
        return int(self.width * 0.15), int(self.width * 0.85), int(self.height * 0.675), int(self.height * 0.065)

    @property
    def lyric_y(self) -> int:
        return int(self.height * 0.70)

    @property
    def safe_bottom(self) -> int:
        """Nothing is drawn below this row (the platforms' caption area)."""
        return int(self.height * 0.80)
