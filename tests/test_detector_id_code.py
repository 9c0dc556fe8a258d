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


@pytest.mark.parametrize("fmt", ["Code128", "ITF"])
def test_a_linear_code_holding_twelve_valid_digits_is_no_individual_number(fmt: str) -> None:
    # a parcel's or a ticket's number that happens to pass the check digit (one in ten does)
    img = li.on_canvas(li.barcode(NUMBER, fmt, 3), (900, 700), (300, 300), fill=235)
    ctx = ImageContext(decode(li.encode(img, "JPEG", quality=90)))
    assert [(c.kind, c.decoded) for c in ctx.signals.barcodes] == [("linear", True)]  # read, as a product code
    det = IdCodeDetector()
    assert not det.prefilter(ctx) or det.detect(ctx) == []


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


def _small_card_photo(content: str) -> tuple[ImageContext, CardQuad]:
    """A 4000 x 3000 photo of a pale card 640 px wide whose QR code (3 px modules) the working copy cannot resolve."""
    img = np.full((3000, 4000, 3), 70, np.uint8)
    x0, y0 = 1800, 1400
    img[y0 : y0 + 404, x0 : x0 + 640] = 232
    code = li.barcode(content, "QRCode", 3)
    h, w = code.shape[:2]
    img[y0 + 220 : y0 + 220 + h, x0 + 480 : x0 + 480 + w] = code[..., None] if code.ndim == 2 else code
    corners = ((x0, y0), (x0 + 640, y0), (x0 + 640, y0 + 404), (x0, y0 + 404))
    quad = CardQuad(tuple((float(x), float(y)) for x, y in corners), "id1", 1.586, 0.9, 0.02)
    return ImageContext(decode(li.encode(img, "JPEG", quality=92))), quad


@pytest.mark.parametrize(("content", "found"), [(NUMBER, True), ("https://example.com/member/123456789018", False)])
def test_a_small_cards_code_is_read_on_the_flattened_card_when_the_working_copy_cannot(
    monkeypatch: pytest.MonkeyPatch, content: str, found: bool
) -> None:
    ctx, quad = _small_card_photo(content)
    assert not any(c.number for c in ctx.signals.barcodes)  # too fine for the working copy
    monkeypatch.setattr(Signals, "card_quads", property(lambda self: (quad,)))
    det = IdCodeDetector()
    assert det.prefilter(ctx)
    findings = det.detect(ctx)
    assert bool(findings) is found
    if found:
        (f,) = findings
        assert f.verified and f.pii[0].value == NUMBER
        code_box = f.evidence[0].bbox
        assert code_box is not None and quad.bbox.holds_centre_of(code_box)  # in original pixels, on the card
