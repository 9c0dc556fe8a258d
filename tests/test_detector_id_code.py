"""id.code: a 2-D code holding an Individual Number alone (a My Number card's back)."""

from __future__ import annotations

import numpy as np
import pytest

import layout_images as li
from pii_scan import scan
from pii_scan.checksums import my_number_check_digit
from pii_scan.context import ImageContext
from pii_scan.decode import decode
from pii_scan.detectors.id_code import IdCodeDetector
from pii_scan.masking import mask_number
from pii_scan.models import Label
from pii_scan.signals import CardQuad, Signals

NUMBER = "12345678901" + my_number_check_digit("12345678901")


def _ctx(content: str, size: tuple[int, int] = (900, 700)) -> ImageContext:
    img = li.on_canvas(li.barcode(content, "QRCode", 6), size, (500, 300), fill=235)
    return ImageContext(decode(li.encode(img, "JPEG", quality=90)))


CONTENTS = {
    "individual_number": (NUMBER, True),
    "grouped_as_printed": (f"{NUMBER[:4]} {NUMBER[4:8]} {NUMBER[8:]}", False),  # not the card's code
    "check_digit_fails": (NUMBER[:11] + str((int(NUMBER[11]) + 1) % 10), False),
    "thirteen_digits": (NUMBER + "0", False),
    "url": ("https://example.com/mynumber/123456789018", False),
}


@pytest.mark.parametrize(("content", "found"), CONTENTS.values(), ids=CONTENTS.keys())
def test_only_a_code_holding_a_valid_individual_number_alone_is_found(content: str, found: bool) -> None:
    ctx = _ctx(content)
    det = IdCodeDetector()
    findings = det.detect(ctx) if det.prefilter(ctx) else []
    assert bool(findings) is found
    if found:
        (f,) = findings
        assert not f.supporting and not f.verified and f.score >= 0.5
        (pii,) = f.pii
        assert pii.value == NUMBER and pii.masked == mask_number(NUMBER) != NUMBER
        assert all(NUMBER not in str(e.value) for e in f.evidence) and NUMBER not in f.explanation


@pytest.mark.parametrize(("on_card", "verified"), [(True, True), (False, False)])
def test_a_number_code_on_a_card_outline_is_verified(monkeypatch: pytest.MonkeyPatch, on_card: bool, verified: bool) -> None:
    ctx = _ctx(NUMBER)
    x0, y0 = (420, 240) if on_card else (20, 20)  # a card around the code, or one elsewhere in the frame
    corners = ((x0, y0), (x0 + 400, y0), (x0 + 400, y0 + 252), (x0, y0 + 252))
    quad = CardQuad(tuple((float(x), float(y)) for x, y in corners), "id1", 1.586, 0.9, 0.16)
    monkeypatch.setattr(Signals, "card_quads", property(lambda self: (quad,)))
    (f,) = IdCodeDetector().detect(ctx)
    assert f.verified is verified
    assert [e.kind for e in f.evidence] == (["individual_number", "card_quad"] if on_card else ["individual_number"])


def test_a_photo_of_a_card_back_whose_print_cannot_be_read_is_an_id_card(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # a dim photo: the card's printed digits are a blur, its QR code still decodes
    img = li.on_canvas(li.barcode(NUMBER, "QRCode", 5), (1200, 900), (700, 400), fill=90)
    img = np.clip(img.astype(np.int16) // 2 + 20, 0, 255).astype(np.uint8)
    path = tmp_path / "IMG_0001.jpg"
    path.write_bytes(li.encode(img, "JPEG", quality=85))
    (r,) = scan(path, jobs=1)
    assert r.label is Label.ID_CARD
    assert any(f.detector == "id.code" for f in r.findings)
    assert NUMBER not in repr([f.explanation for f in r.findings])
