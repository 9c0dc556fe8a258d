"""Barcodes: symbologies found and classified, fallback for undecodable QR, no content kept."""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np
import pytest

import layout_images as li
from pii_scan.checksums import my_number_check_digit
from pii_scan.decode import decode
from pii_scan.signals import Barcode, Signals
from pii_scan.signals.codes import find_qr_finders


def codes_of(img: np.ndarray) -> tuple[Barcode, ...]:
    return Signals(decode(li.encode(img))).barcodes


def test_ticket_qr_in_screenshot_is_decoded_and_located() -> None:
    img = li.app_screen((1170, 2532), qr=True)
    codes = codes_of(img)
    assert [(c.kind, c.decoded) for c in codes] == [("qr", True)]
    box = codes[0].bbox  # original pixels: the code is centred, below the status bar
    assert abs(box.x + box.w / 2 - 585) < 40 and 300 < box.y < 500 and box.w > 250


@pytest.mark.parametrize(
    ("fmt", "module", "kind"),
    [("QRCode", 6, "qr"), ("Aztec", 6, "aztec"), ("DataMatrix", 8, "datamatrix"), ("PDF417", 3, "pdf417"), ("Code128", 2, "linear")],
)
def test_symbologies_are_classified(fmt: str, module: int, kind: str) -> None:
    code = li.barcode("TICKET 0123456789", fmt, module)
    img = li.on_canvas(code, (640, 480), (60, 60))
    found = codes_of(img)
    assert [(c.kind, c.decoded) for c in found] == [(kind, True)]


def test_blurred_qr_still_counts_as_undecoded_qr() -> None:
    soft = cv2.GaussianBlur(li.qr_code("E1234-5678 NOZOMI21 7-12A", module=10), (0, 0), 6)
    found = codes_of(li.on_canvas(soft, (1170, 2532), (300, 900)))
    assert [(c.kind, c.decoded) for c in found] == [("qr", False)]


def test_finder_patterns_alone_are_a_qr() -> None:
    img = li.on_canvas(li.finder_patterns_only(6), (800, 800), (100, 100))
    found = codes_of(img)
    assert [(c.kind, c.decoded) for c in found] == [("qr", False)]
    box = found[0].bbox
    assert abs(box.x - 124) < 20 and abs(box.w - 150) < 25  # the pattern spans 124..274 at 6 px per module


@pytest.mark.parametrize("scene", ["checkerboard", "text", "photo", "screen", "gravel"])
def test_no_codes_in_look_alikes(scene: str) -> None:
    img = {
        "checkerboard": lambda: np.dstack([li.checkerboard()] * 3),
        "text": lambda: li.a4_sheet(700)[0],
        "photo": lambda: li.camera_photo((1280, 960)),
        "screen": lambda: li.app_screen((1080, 2400)),
        "gravel": lambda: li.texture(1280, 960, "gravel"),
    }[scene]()
    assert codes_of(img) == ()


def test_finders_ignore_a_grid_of_squares() -> None:
    gray = np.full((400, 400), 255, np.uint8)
    for y in range(20, 380, 60):
        for x in range(20, 380, 60):
            cv2.rectangle(gray, (x, y), (x + 35, y + 35), 0, 5)  # rings without a core
    assert find_qr_finders(gray) == []


def test_decoded_content_is_kept_only_when_it_is_an_identity_number() -> None:
    assert {f.name for f in dataclasses.fields(Barcode)} == {"kind", "bbox", "decoded", "payload", "number"}
    (ticket,) = codes_of(li.on_canvas(li.barcode("E1234-5678 NOZOMI21 7-12A", "QRCode", 6), (640, 480), (60, 60)))
    assert ticket.decoded and ticket.number is None
    number = "12345678901" + my_number_check_digit("12345678901")
    (card,) = codes_of(li.on_canvas(li.barcode(number, "QRCode", 6), (640, 480), (60, 60)))
    assert card.payload == "individual_number" and card.number == number
    assert number not in repr(card)  # kept for a detector to mask, never shown


@pytest.mark.parametrize(
    ("content", "payload"),
    [
        # a boarding pass (IATA BCBP, fake data): only the layout's name is recorded, never the content
        (f"M1{'TANAKA/MAKOTO':<20}E{'XK7Q2B':<7}HNDCTSNH 0123 123Y012A0042 100", "iata_bcbp"),
        ("E1234-5678 NOZOMI21 7-12A", None),
    ],
)
def test_the_code_read_records_a_transport_layout_by_name(content: str, payload: str | None) -> None:
    img = li.on_canvas(li.barcode(content, "Aztec", 6), (640, 480), (60, 60))
    (code,) = codes_of(img)
    assert code.decoded and code.payload == payload


def test_a_code_too_fine_to_sample_is_decoded_on_an_enlarged_re_read() -> None:
    import zxingcpp

    from pii_scan.signals.codes import find_barcodes

    code = li.barcode("M1TANAKA/MAKOTO       EXK7Q2B HNDCTSNH 0123 123Y012A0042 100", "Aztec", 5)
    screen = li.on_canvas(code, (390, 844), (90, 120))
    gray = cv2.resize(cv2.cvtColor(screen, cv2.COLOR_RGB2GRAY), (148, 320), interpolation=cv2.INTER_AREA)
    plain = zxingcpp.read_barcodes(gray, try_rotate=False, try_downscale=False, return_errors=True)
    assert not any(r.valid for r in plain)  # the modules are too fine for one read
    found = find_barcodes(gray, scale=1.0)
    assert [(c.kind, c.decoded, c.payload) for c in found] == [("aztec", True, "iata_bcbp")]
