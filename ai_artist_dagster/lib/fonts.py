"""Bundled open fonts for captions and covers: DejaVu and STIX, shipped inside matplotlib's wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import ImageFont


@cache
def font_path(bold: bool = True, name: str | None = None) -> Path:
    """A font file of matplotlib's wheel: ``name`` (e.g. "DejaVuSerif-Bold", "STIXGeneralBol"), else
    DejaVu Sans (bold or regular). DejaVu and STIX are under free licences (mpl-data/fonts/ttf/LICENSE_*)."""
    import importlib.util

    spec = importlib.util.find_spec("matplotlib")  # locate the wheel's data without importing it (~0.5 s)
    if spec is None or spec.origin is None:
        raise RuntimeError("matplotlib is not installed; its bundled DejaVu fonts are needed for captions")
    name = name or ("DejaVuSans-Bold" if bold else "DejaVuSans")
    return Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / f"{name}.ttf"


@cache
def font(size: int, bold: bool = True, name: str | None = None) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold, name)), size)
