"""A bundled open font for captions and covers: DejaVu Sans, shipped inside matplotlib's wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import ImageFont


@cache
def font_path(bold: bool = True) -> Path:
    import importlib.util

    spec = importlib.util.find_spec("matplotlib")  # locate the wheel's data without importing it (~0.5 s)
    if spec is None or spec.origin is None:
        raise RuntimeError("matplotlib is not installed; its bundled DejaVu fonts are needed for captions")
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / name


@cache
def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)
