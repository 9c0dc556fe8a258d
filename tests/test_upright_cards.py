"""A card printed upright (a student or staff card): its print runs along its short side."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

import layout_images as li
from pii_scan.context import ImageContext
from pii_scan.decode import decode
from pii_scan.models import BBox
from pii_scan.signals import Signals

SURFACE, CARD, INK = (96, 92, 88), (236, 236, 232), (25, 25, 30)
AT, SHORT = (560, 260), 420
LONG = int(round(SHORT * 1.586))
NOTO = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

ROWS = (("STUDENT ID", 40), ("No. 20241187", 30), ("SATO HANAKO", 30), ("1999-08-19", 30), ("ECONOMICS", 30))
ROWS_JA = (("学生証", 48), ("学籍番号 20241187", 30), ("氏名 佐藤 花子", 30), ("生年月日 平成11年8月19日", 28), ("有効期限 2027年3月31日", 28))


def _card_photo(rows: tuple[tuple[str, int], ...], *, upright: bool = True, japanese: bool = False) -> bytes:
    """A camera JPEG of a light ID-1 card on a dark table, its ``rows`` of print (text, px) running
    across it: along its short side when ``upright``, along its long side when not."""
    w, h = 1600, 1200
    cw, ch = (SHORT, LONG) if upright else (LONG, SHORT)
    x, y = AT if upright else (AT[0] - 120, AT[1] + 120)
    shadow = Image.new("L", (w, h), 0)
    ImageDraw.Draw(shadow).rounded_rectangle([x + 5, y + 7, x + cw + 5, y + ch + 7], radius=22, fill=90)
    im = Image.composite(Image.new("RGB", (w, h), (40, 38, 36)), Image.new("RGB", (w, h), SURFACE), shadow.filter(ImageFilter.GaussianBlur(6)))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle([x, y, x + cw, y + ch], radius=22, fill=CARD)
    ty = y + ch // 10
    for text, px in rows:
        font = ImageFont.truetype(NOTO, px) if japanese else li.font(px)
        d.text((x + cw // 12, ty), text, fill=INK, font=font)
        ty += int(px * 2.2)
    return li.encode(np.asarray(im), "JPEG", quality=92, exif=li.camera_exif())


def _near(b: BBox, x: int, y: int, w: int, h: int, tol: int = 14) -> bool:
    return abs(b.x - x) < tol and abs(b.y - y) < tol and abs(b.x + b.w - (x + w)) < tol and abs(b.y + b.h - (y + h)) < tol


def test_an_upright_card_is_a_tall_card_quad_where_it_lies() -> None:
    quads = Signals(decode(_card_photo(ROWS))).card_quads
    assert quads and quads[0].kind == "id1" and quads[0].tall
    assert _near(quads[0].bbox, *AT, SHORT, LONG)


def test_an_upright_card_starts_at_its_upper_short_side() -> None:
    (x0, y0), (x1, y1) = Signals(decode(_card_photo(ROWS))).card_quads[0].corners[:2]
    assert abs(y1 - y0) < 10 and abs(x1 - x0) < SHORT * 1.1 and max(y0, y1) < AT[1] + 20


def test_an_upright_card_is_read_standing() -> None:
    region = ImageContext(decode(_card_photo(ROWS))).document_region
    h, w = region.pixels.shape[:2]
    assert region.name == "card:id1"
    assert h > w and abs(h / w - 1.586) < 0.02


def test_a_card_printed_along_its_long_side_is_not_tall() -> None:
    quads = Signals(decode(_card_photo(ROWS, upright=False))).card_quads
    assert quads and not quads[0].tall
    region = ImageContext(decode(_card_photo(ROWS, upright=False))).document_region
    assert region.pixels.shape[1] > region.pixels.shape[0]


def test_an_upright_card_without_print_is_no_tall_card() -> None:
    assert not any(q.tall for q in Signals(decode(_card_photo(()))).card_quads)


@pytest.mark.ocr
def test_an_upright_student_card_is_an_id_card() -> None:
    """Its words count as a card's: before upright cards were read standing, the outline's text cue
    was nil (the print runs across its long side) and no card was found."""
    from pii_scan.api import scan_image

    r = scan_image(_card_photo(ROWS_JA, japanese=True), name="card.jpg")
    assert r.label.value == "id_card"
    assert any(f.detector == "id.vocabulary" and "card-shaped region" in f.explanation for f in r.findings)


def test_an_upright_reading_gives_way_to_any_card_read_lying_down() -> None:
    """A lying card's portrait or field column, stood up, reads as an upright card too."""
    from pii_scan.signals import card

    q = np.zeros((4, 2))
    lying = card._Candidate(q, is_frame=False, score=0.45)
    upright = card._Candidate(q, is_frame=False, score=0.9, tall=True)
    weak = card._Candidate(q, is_frame=False, score=0.2)
    assert card._lying_first([upright, lying]) == [lying]
    assert card._lying_first([upright, weak]) == [upright, weak]  # no lying card to give way to


def test_a_loosely_bounded_region_of_print_is_not_read_upright() -> None:
    """A menu or a page's column bounded by little edge reads upright as readily as a card."""
    from pii_scan.signals import card

    q = np.zeros((4, 2))
    assert card._may_stand(card._Candidate(q, is_frame=False, kind="id1", edge=0.9, text=0.0))
    assert not card._may_stand(card._Candidate(q, is_frame=False, kind="id1", edge=0.4, text=0.0))
    assert not card._may_stand(card._Candidate(q, is_frame=False, kind="passport", edge=0.9, text=0.0))
    assert not card._may_stand(card._Candidate(q, is_frame=False, kind="id1", edge=0.9, text=0.6))


def test_a_portrait_photo_stood_up_is_no_upright_card() -> None:
    """A scanned card's portrait (its backdrop's stripes read as print) is a photo of a person: the
    face fills half its width, where an upright card's own portrait face is a fraction of the card's."""
    from pii_scan.signals import CardQuad

    img = np.full((900, 1400, 3), 235, np.uint8)
    face = np.asarray(Image.fromarray(li.portrait()).resize((300, 400)))
    img[200:600, 900:1200] = face
    s = Signals(decode(li.encode(img, "PNG")))
    portrait = CardQuad(((900, 200), (1200, 200), (1200, 600), (900, 600)), "id1", 1.586, 0.7, 0.1, tall=True)
    assert s._a_portrait(portrait)
    upright = Signals(decode(_card_photo(ROWS)))
    assert not upright._a_portrait(upright.card_quads[0])
