"""Covers at store grade: size, an identity per artist, words that can be read."""

import numpy as np
import pytest
from PIL import Image

from ai_artist_dagster.domain.colors import contrast, luminances
from ai_artist_dagster.domain.cover import MIN_CONTRAST, identity_for, make_cover

PALE = ["#fdfdfd", "#f1f3f5", "#e9ecef"]
BUSY = ["#ffffff", "#000000", "#ff0000", "#00ff88"]


@pytest.mark.slow
def test_a_cover_is_3000_square_rgb_jpeg(tmp_path):
    info = make_cover(
        tmp_path / "c.jpg", ["#0b132b", "#5bc0be", "#ffffff"], "Nova Vale", "Paper Lanterns", 1, "nova-vale", "warm"
    )
    with Image.open(info.path) as image:
        assert (image.size, image.mode, image.format) == ((3000, 3000), "RGB", "JPEG")


def test_an_artist_keeps_its_look_and_artists_differ():
    assert identity_for("nova-vale", "warm") == identity_for("nova-vale", "warm")
    looks = [identity_for(f"artist-{i}", mood) for i in range(24) for mood in ("warm", "intense")]
    assert len({look.motif for look in looks}) >= 4
    assert len({look.face for look in looks}) >= 4
    assert len({look.placement for look in looks}) >= 3


@pytest.mark.slow
def test_the_words_read_on_any_palette(tmp_path):
    """Measured again from the file: the words' pixels against the pixels around them."""
    for i, palette in enumerate((PALE, BUSY)):
        for seed in range(3):
            info = make_cover(
                tmp_path / f"{i}{seed}.jpg", palette, "Kit Marlowe", "Static Hearts", seed, f"a{seed}", "intense"
            )
            assert info.contrast >= MIN_CONTRAST
            left, top, right, bottom = info.text_box
            with Image.open(info.path) as image:
                box = luminances(np.asarray(image.crop((left, top, right, bottom))).reshape(-1, 3))
            # the words are the pixels furthest from the box's typical pixel
            typical = float(np.median(box))
            far = box[np.argsort(np.abs(box - typical))[-len(box) // 50 :]]
            assert contrast(float(np.median(far)), typical) >= MIN_CONTRAST - 0.5, (i, seed, info)
