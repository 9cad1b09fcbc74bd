"""Backgrounds of the teaser, one per scene: generated palette gradients, or stock footage clips.

A generated scene is a still gradient with the static captions baked in: the audio-reactive layers
move on top of it, and a whole frame that changes every frame costs the encoder more than
everything else put together. Footage clips are decoded by ffmpeg straight into the frame buffer
at the teaser's size (scaled to cover, centre cropped, darkened so captions stay readable) and
looped when shorter than their scenes.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from io import BufferedReader
from pathlib import Path
from typing import Protocol, cast

import imageio_ffmpeg
import numpy as np
from PIL import Image

from ai_artist_dagster.domain.colors import hex_to_rgb
from ai_artist_dagster.domain.video.canvas import PIX_FMT, Canvas

Overlay = Callable[[Image.Image], None]


class Backdrop(Protocol):
    def bake(self, overlay: Overlay) -> None:
        """Draw ``overlay`` (static captions) onto every frame this backdrop produces."""
        ...

    def fill(self, canvas: Canvas, scene: int) -> None:
        """Write the background of the next frame of ``scene`` into ``canvas``."""
        ...

    def colour_at(self, scene: int, x: int, y: int) -> tuple[int, int, int] | None:
        """The backdrop's colour at (x, y) in ``scene``, when it is the same in every frame."""
        ...

    def close(self) -> None: ...


def _gradient(width: int, height: int, top: tuple[int, ...], bottom: tuple[int, ...]) -> np.ndarray:
    ramp = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    rows = np.asarray([*top, 255], np.float32) * (1 - ramp) + np.asarray([*bottom, 255], np.float32) * ramp
    return np.ascontiguousarray(np.broadcast_to(rows, (height, width, 4)).astype(np.uint8))


class GradientBackdrop:
    """Three palette gradients, cycled scene by scene."""

    def __init__(self, width: int, height: int, palette: list[str]) -> None:
        colours = [hex_to_rgb(c) for c in palette] or [(27, 31, 59)]
        first, second, third = (colours[i % len(colours)] for i in range(3))
        dark = tuple(int(c * 0.22) for c in first)
        dim = tuple(int(c * 0.55) for c in third)
        pairs = [(first, dark), (dark, second), (dim, dark)]
        self.scenes = [Canvas(width, height, _gradient(width, height, top, bottom)) for top, bottom in pairs]

    def bake(self, overlay: Overlay) -> None:
        for scene in self.scenes:
            overlay(scene.image)

    def fill(self, canvas: Canvas, scene: int) -> None:
        np.copyto(canvas.pixels, self.scenes[scene % len(self.scenes)].pixels)

    def colour_at(self, scene: int, x: int, y: int) -> tuple[int, int, int]:
        """The backdrop's colour at (x, y) in ``scene`` (a gradient: the same across each row)."""
        r, g, b = self.scenes[scene % len(self.scenes)].pixels[y, x, :3]
        return int(r), int(g), int(b)

    def close(self) -> None:
        pass


class FootageBackdrop:
    """Stock clips, one per scene in turn, each read from its own looping ffmpeg decoder."""

    def __init__(self, clips: list[Path], width: int, height: int, fps: int, darken: float = 0.15) -> None:
        if not clips:
            raise ValueError("FootageBackdrop needs at least one clip")
        self.clips, self.size, self.fps, self.darken = clips, (width, height), fps, darken
        self._decoders: dict[int, subprocess.Popen] = {}
        self._overlays: list[Overlay] = []

    def _decoder(self, index: int) -> subprocess.Popen:
        if index not in self._decoders:
            w, h = self.size
            vf = (
                f"scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},fps={self.fps},"
                f"eq=brightness={-self.darken:.3f}:saturation=0.85,format={PIX_FMT}"
            )
            cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-stream_loop", "-1"]
            cmd += ["-i", str(self.clips[index]), "-an", "-vf", vf, "-f", "rawvideo", "pipe:1"]
            self._decoders[index] = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return self._decoders[index]

    def bake(self, overlay: Overlay) -> None:
        self._overlays.append(overlay)

    def colour_at(self, scene: int, x: int, y: int) -> tuple[int, int, int] | None:
        return None  # moving footage: the shapes keep the palette's accents

    def fill(self, canvas: Canvas, scene: int) -> None:
        index = scene % len(self.clips)
        stdout = cast(BufferedReader, self._decoder(index).stdout)  # Popen(stdout=PIPE, bufsize=-1) gives one
        assert stdout is not None
        view = canvas.pixels.data.cast("B")
        got = 0
        while got < len(view):
            n = stdout.readinto(view[got:])
            if not n:
                raise RuntimeError(f"could not decode footage clip {self.clips[index].name}")
            got += n
        for overlay in self._overlays:
            overlay(canvas.image)

    def close(self) -> None:
        for decoder in self._decoders.values():
            decoder.kill()
            decoder.wait()
        self._decoders.clear()
