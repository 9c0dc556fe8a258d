"""A light card on a surface as bright as it but of another hue is outlined by colour alone."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

import layout_images as li
from pii_scan.decode import decode
from pii_scan.signals import Signals

CARD, INK = (182, 180, 196), (40, 40, 60)  # lavender: gray ~183
AT, LONG = (420, 330), 700
SHORT = int(round(LONG / 1.586))


def _surface(w: int, h: int) -> Image.Image:
    """Pale green cloth lit from one side, in broad ridges: its gray runs from ~145 to ~215, over and
    under the card's, with a fine weave."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    ridges = 22 * np.sin((x + 0.6 * y) / 45.0)
    weave = np.random.default_rng(3).normal(0, 4, (h, w))
    lum = 25 * x / w + ridges + weave
    rgb = np.array([165, 182, 148], np.float64)[None, None, :] + lum[..., None]
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1))


def _photo(rows: int = 6) -> bytes:
    w, h = 1600, 1200
    im = _surface(w, h)
    d = ImageDraw.Draw(im)
    x, y = AT
    d.rounded_rectangle([x, y, x + LONG, y + SHORT], radius=26, fill=CARD)
    for i in range(rows):
        d.text((x + 40, y + 50 + i * 60), f"FIELD {i}  SATO HANAKO 1990-08-{10 + i}", fill=INK, font=li.font(30))
    return li.encode(np.asarray(im), "JPEG", quality=90, exif=li.camera_exif())


def test_a_lavender_card_on_pale_green_is_outlined_where_it_lies() -> None:
    quads = Signals(decode(_photo())).card_quads
    assert quads and quads[0].kind == "id1"
    b = quads[0].bbox
    assert abs(b.x - AT[0]) < 16 and abs(b.y - AT[1]) < 16
    assert abs(b.x + b.w - (AT[0] + LONG)) < 16 and abs(b.y + b.h - (AT[1] + SHORT)) < 16


def test_the_same_surface_without_a_card_has_no_card() -> None:
    w, h = 1600, 1200
    photo = li.encode(np.asarray(_surface(w, h)), "JPEG", quality=90, exif=li.camera_exif())
    assert Signals(decode(photo)).card_quads == ()
