"""A frame buffer that numpy and Pillow share: RGBA bytes that Pillow draws on in place and that
go to ffmpeg (as ``rgb0``) without a conversion or a copy."""

from __future__ import annotations

import numpy as np
from PIL import Image

PIX_FMT = "rgb0"  # ffmpeg's name for 4-byte RGB with an ignored fourth byte


class Canvas:
    def __init__(self, width: int, height: int, pixels: np.ndarray | None = None) -> None:
        self.width, self.height = width, height
        self.pixels = np.zeros((height, width, 4), np.uint8) if pixels is None else pixels
        self.image = Image.frombuffer("RGBA", (width, height), self.pixels, "raw", "RGBA", 0, 1)
        self.image.readonly = 0  # draw into the shared numpy buffer instead of copying on write

    @property
    def flat(self) -> np.ndarray:
        """(pixels, 4) view for gathers and scatters by flat index."""
        return self.pixels.reshape(-1, 4)

    def rgb(self) -> Image.Image:
        return self.image.convert("RGB")
