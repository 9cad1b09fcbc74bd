"""Paint one teaser frame: backdrop (with the artist and title baked in), pulsing disc (a ring
over footage) and beat ring, spectrum bars, timed lyric lines — placed by the spec's template
(domain/video/layout.py), the shapes' colours picked to stand out from each scene's backdrop.

Per frame this is one buffer copy, an ellipse fill, numpy blends of a few thousand rim pixels,
48 rectangles and at most one text paste, all into a buffer ffmpeg reads as it is.
"""

from __future__ import annotations

from PIL import ImageDraw

from ai_artist_dagster.domain.colors import hex_to_rgb, visible_on
from ai_artist_dagster.domain.video.backdrops import Backdrop
from ai_artist_dagster.domain.video.canvas import Canvas
from ai_artist_dagster.domain.video.captions import TextLayer, karaoke_layers, text_layer
from ai_artist_dagster.domain.video.features import FrameFeatures
from ai_artist_dagster.domain.video.layout import Layout
from ai_artist_dagster.domain.video.shapes import Shapes

FADE_S = 0.25  # lyric lines fade in and out over this long
HEADER_SIZE, LYRIC_SIZE = 0.07, 0.05  # text heights as fractions of the frame's width


def header_layer(layout: Layout, artist: str) -> TextLayer:
    """The artist's name at the top of every frame."""
    w = layout.width
    return text_layer(artist.upper(), int(w * HEADER_SIZE), w, layout.header_y, layout.text_width, max_lines=1)


def lyric_layer(layout: Layout, text: str) -> TextLayer:
    """A lyric line, unlit (a line without word times, or the geometry of a karaoke line)."""
    return text_layer(text, int(layout.width * LYRIC_SIZE), layout.width, layout.lyric_y, layout.text_width)


class FramePainter:
    def __init__(self, spec, feats: FrameFeatures, backdrop: Backdrop) -> None:
        self.spec, self.feats, self.backdrop = spec, feats, backdrop
        self.layout = layout = Layout(spec.width, spec.height, spec.template)
        self.canvas = Canvas(spec.width, spec.height)
        self.accents = [hex_to_rgb(c) for c in spec.palette] or [(233, 69, 96)]
        self._colours: dict[tuple[int, int, int], tuple[int, int, int]] = {}
        self.shapes = Shapes(spec.width, spec.height, layout.centre, ring_width=max(2.0, spec.width / 240))
        w = spec.width
        header = header_layer(layout, spec.artist)
        subtitle = text_layer(
            spec.title, int(w * 0.048), w, layout.header_y + header.height, layout.text_width, (235, 235, 235), 1
        )
        backdrop.bake(header.paste_onto)
        backdrop.bake(subtitle.paste_onto)
        # (shown from, shown until, layer, its line's start, its line's end): lines fade in and out as a whole
        self.cues: list[tuple[float, float, TextLayer, float, float]] = []
        for cue in spec.lyrics:
            if not cue.text.strip():
                continue
            if not cue.words:
                layer = lyric_layer(layout, cue.text)
                self.cues.append((cue.start_s, cue.end_s, layer, cue.start_s, cue.end_s))
                continue
            layers = karaoke_layers(
                [wd for _, _, wd in cue.words], int(w * LYRIC_SIZE), w, layout.lyric_y, layout.text_width
            )
            starts = [start for start, _, _ in cue.words]
            # the line shows from its start; each word lights up from its own start to the next word's
            for k, layer in enumerate(layers):
                a = cue.start_s if k == 0 else starts[k]
                b = starts[k + 1] if k + 1 < len(starts) else cue.end_s
                self.cues.append((a, b, layer, cue.start_s, cue.end_s))

    def _colour(self, scene: int, shift: int, at: tuple[int, int]) -> tuple[int, int, int]:
        """The scene's accent, lifted until it stands out (3:1) from the backdrop at ``at``."""
        key = (scene, shift, at[1])
        if key not in self._colours:
            accent = self.accents[(scene + shift) % len(self.accents)]
            behind = self.backdrop.colour_at(scene, *at)
            self._colours[key] = visible_on(accent, behind) if behind else accent
        return self._colours[key]

    def paint(self, i: int) -> Canvas:
        f, layout, shapes, canvas = self.feats, self.layout, self.shapes, self.canvas
        scene = int(f.bar_index[i])
        self.backdrop.fill(canvas, scene)
        low, high = layout.disc_radius
        radius = low + (high - low) * float(f.energy[i])
        pulse = float(f.pulse[i])
        centre = layout.centre
        shapes.ring(canvas, self._colour(scene, 2, centre), radius * (1.08 + 0.3 * pulse))
        if self.spec.footage or self.spec.style == "rings":  # outlines leave the backdrop visible
            shapes.ring(canvas, self._colour(scene, 1, centre), radius, opacity=0.8)
        else:
            shapes.disc(canvas, self._colour(scene, 1, centre), radius)
            shapes.disc(canvas, self._colour(scene, 2, centre), radius * (0.28 + 0.08 * pulse))
        left, right, base, tallest = layout.bars
        self._bars(i, self._colour(scene, 2, ((left + right) // 2, base - tallest // 2)))
        t = self.spec.track_offset_s + i / self.spec.fps
        for start, end, layer, line_start, line_end in self.cues:
            if start <= t < end:
                layer.paste_onto(canvas.image, min(1.0, (t - line_start) / FADE_S, (line_end - t) / FADE_S))
        return canvas

    def _bars(self, i: int, colour: tuple[int, int, int]) -> None:
        """Spectrum bars on the baseline: mirrored about the centre (lows in the middle, highs outward),
        or lows to highs from the left."""
        left, right, base, tallest = self.layout.bars
        bands = self.feats.bands[i] * float(self.feats.energy[i]) ** 0.5
        mirrored = self.layout.mirrored
        slot = (right - left) / (2 * len(bands) if mirrored else len(bands))
        gap = max(1, int(slot * 0.25))
        mid = (left + right) / 2
        draw = ImageDraw.Draw(self.canvas.image)
        for b, level in enumerate(bands):
            h = int(level * tallest) + 2
            starts = (mid + b * slot, mid - (b + 1) * slot) if mirrored else (left + b * slot,)
            for x0 in starts:
                draw.rectangle((int(x0) + gap, base - h, int(x0 + slot) - 1, base), fill=colour)
