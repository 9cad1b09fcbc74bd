"""Where things go on a 9:16 frame, kept clear of the platforms' overlays, per visual template.

TikTok, Reels and Shorts draw their own UI over the top ~10 %, the bottom ~20 % (caption, music
ticker) and a column of buttons on the right; text and the main visual stay inside the safe area.
Every position is a fraction of the frame, so 720x1280 and 1080x1920 look the same.

Three templates, chosen by the artist's genre and mood (``template_for``):

- ``halo``: a disc pulsing in the middle, a mirrored spectrum under it (the default);
- ``horizon``: a large low sun behind a skyline of spectrum bars across the frame (warm and
  melancholic artists);
- ``stage``: a small beat disc up top over a tall full-width equalizer (intense artists, and
  euphoric ones in dance genres).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Template = Literal["halo", "horizon", "stage"]
TEMPLATES: tuple[Template, ...] = ("halo", "horizon", "stage")
DANCE_GENRES = ("electronic", "edm", "dance", "house", "hip hop", "rap", "rock", "latin", "k-pop", "trap")

# per template: disc centre y, disc radius range (× width), bars (left, right, baseline, tallest; × width/height),
# lyric line y (× height) and whether the bars are drawn mirrored about the middle
_GEOMETRY: dict[str, dict] = {
    "halo": {"cy": 0.41, "radius": (0.17, 0.26), "bars": (0.15, 0.85, 0.675, 0.065), "lyric": 0.70, "mirror": True},
    "horizon": {"cy": 0.49, "radius": (0.19, 0.24), "bars": (0.10, 0.90, 0.625, 0.11), "lyric": 0.685, "mirror": False},
    "stage": {"cy": 0.315, "radius": (0.10, 0.145), "bars": (0.12, 0.88, 0.635, 0.21), "lyric": 0.685, "mirror": False},
}


def template_for(genre: str, mood: str) -> Template:
    """The visual template that suits a genre and mood best: intense, or euphoric in a dance genre →
    stage; warm or melancholic → horizon; otherwise halo (a profile made before templates were part
    of the artist's identity gets this one)."""
    return templates_by_fit(genre, mood)[0]


def templates_by_fit(genre: str, mood: str) -> list[Template]:
    """Every template, the best fit for the genre and mood first."""
    dance = any(g in genre.lower() for g in DANCE_GENRES)
    if mood == "intense" or (mood == "euphoric" and dance):
        return ["stage", "halo", "horizon"]
    if mood in ("warm", "melancholic"):
        return ["horizon", "halo", "stage"]
    return ["halo", "stage", "horizon"]


def identity_template(genre: str, mood: str, others: list[str]) -> Template:
    """An artist's own template: of those the other live artists use least, the best fit — so two
    artists of one day do not share one look while a third template is free."""
    ranked = templates_by_fit(genre, mood)
    return min(ranked, key=lambda t: (others.count(t), ranked.index(t)))


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    template: Template = "halo"

    @property
    def _g(self) -> dict:
        return _GEOMETRY[self.template]

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
        return self.width // 2, int(self.height * self._g["cy"])

    @property
    def disc_radius(self) -> tuple[float, float]:
        """Radius range (quiet → loud) of the disc."""
        low, high = self._g["radius"]
        return self.width * low, self.width * high

    @property
    def bars(self) -> tuple[int, int, int, int]:
        """Spectrum bars: left, right, baseline and maximum height."""
        left, right, base, tallest = self._g["bars"]
        return int(self.width * left), int(self.width * right), int(self.height * base), int(self.height * tallest)

    @property
    def mirrored(self) -> bool:
        """Bars mirrored about the middle (lows in the centre), else lows on the left."""
        return bool(self._g["mirror"])

    @property
    def lyric_y(self) -> int:
        return int(self.height * self._g["lyric"])

    @property
    def safe_bottom(self) -> int:
        """Nothing is drawn below this row (the platforms' caption area)."""
        return int(self.height * 0.80)
