"""A pale card on a surface of nearly its colour: too faint at its edges to be a card, its print still read."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

import layout_images as li
from pii_scan.checksums import make_my_number
from pii_scan.context import ImageContext
from pii_scan.decode import decode
from pii_scan.detectors.id_numbers import IdNumberDetector
from pii_scan.signals import Signals

SURFACE, CARD = (229, 226, 221), (231, 225, 228)  # 2-6 levels apart: the card is bounded by its shadow
AT, WIDTH = (160, 420), 760
NOTO = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def _pale_card_photo(rows: tuple[tuple[str, int], ...], *, japanese: bool = False, step: float = 1.7) -> np.ndarray:
    """A noise-free photo of a pale ID-1 card, a soft shadow along its lower and right edges, its
    ``rows`` of print (text, px) in its upper half."""
    w, h = 1600, 1200
    card_h = int(round(WIDTH / 1.586))
    x, y = AT
    shadow = Image.new("L", (w, h), 0)
    ImageDraw.Draw(shadow).rounded_rectangle([x + 4, y + 6, x + WIDTH + 4, y + card_h + 6], radius=24, fill=60)
    im = Image.composite(Image.new("RGB", (w, h), (150, 148, 145)), Image.new("RGB", (w, h), SURFACE), shadow.filter(ImageFilter.GaussianBlur(6)))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle([x, y, x + WIDTH, y + card_h], radius=24, fill=CARD)
    y += card_h // 8
    for text, px in rows:
        font = ImageFont.truetype(NOTO, px) if japanese else li.font(px)
        d.text((x + WIDTH // 14, y), text, fill=(25, 25, 30), font=font)
        y += int(px * step)
    return np.asarray(im)


FIELDS = (("No. 4821 7390 2265", 40), ("SATO HANAKO", 30), ("1990-08-19", 30))


def _photo_file(img: np.ndarray) -> bytes:
    """``img`` as a phone camera's JPEG (its EXIF says so: a noise-free frame is no screenshot)."""
    return li.encode(img, "JPEG", quality=92, exif=li.camera_exif())


def _signals(img: np.ndarray) -> Signals:
    return Signals(decode(_photo_file(img)))


def test_a_pale_card_with_sparse_print_is_a_faint_card_not_a_card() -> None:
    s = _signals(_pale_card_photo(FIELDS))
    assert s.card_quads == ()
    faint = s.faint_card
    assert faint is not None and faint.kind == "id1"
    box, card_h = faint.bbox, int(round(WIDTH / 1.586))
    assert abs(box.x - AT[0]) < 12 and abs(box.x + box.w - (AT[0] + WIDTH)) < 12
    assert abs(box.y - AT[1]) < 12 and abs(box.y + box.h - (AT[1] + card_h)) < 12


def test_the_same_pale_card_without_print_is_no_faint_card() -> None:
    s = _signals(_pale_card_photo(()))
    assert s.card_quads == () and s.faint_card is None


def test_a_faint_card_gets_the_id_number_read_and_is_read_on_its_own() -> None:
    ctx = ImageContext(decode(_photo_file(_pale_card_photo(FIELDS))))
    assert IdNumberDetector().prefilter(ctx)
    region = ctx.document_region
    assert region.name == "block:faint"
    assert max(region.pixels.shape[:2]) == 1000  # the card's long side at card reading width


def test_a_pale_card_with_no_print_gets_no_id_number_read() -> None:
    ctx = ImageContext(decode(_photo_file(_pale_card_photo(()))))
    assert not IdNumberDetector().prefilter(ctx)


@pytest.mark.ocr
def test_a_pale_individual_number_card_back_is_an_id_card() -> None:
    """Before faint outlines were kept, this card got no OCR at all: no outline, three rows of print."""
    from pii_scan.api import scan_image

    number = make_my_number(random.Random(5))
    rows = ((f"個人番号  {number[:4]} {number[4:8]} {number[8:]}", 34), ("氏名  佐藤 花子", 26), ("生年月日  平成2年8月19日生", 26))
    img = _pale_card_photo(rows, japanese=True, step=2.6)  # rows too far apart for a text block
    s = _signals(img)
    assert s.card_quads == () and s.text_blocks == () and s.faint_card is not None
    r = scan_image(_photo_file(img), name="card.jpg")
    assert r.label.value == "id_card"
    assert any(f.verified and f.pii and f.pii[0].kind == "individual_number" for f in r.findings)
