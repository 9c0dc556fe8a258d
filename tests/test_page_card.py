"""Cards on a clean page (a scan): outlined where the page's colour ends, not where a nearby edge is."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

import layout_images as li
from pii_scan.decode import decode
from pii_scan.signals import Signals
from pii_scan.signals import page_card
from pii_scan.signals.card import ID1_ASPECT
from pii_scan.signals.page_card import page_candidates

PAGE = (1240, 1754)  # A4 at 150 dpi
PAGE_COLOUR, CARD_COLOUR = (248, 248, 248), (252, 252, 249)  # cream card on white: 4 levels apart


def _light_card(width: int = 520) -> np.ndarray:
    """A cream ID-1 card with print down to its lower edge (a barcode a few px above it)."""
    h = int(round(width / ID1_ASPECT))
    im = Image.new("RGB", (width, h), CARD_COLOUR)
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, width, h // 6], fill=(30, 60, 130))  # a header band
    im.paste(Image.fromarray(li.portrait()).resize((width // 4, h // 2)), (width // 20, h // 4))
    for i, text in enumerate(("STUDENT NO 24G98827", "NAME GOTO TARO", "DATE OF BIRTH 1997-12-27")):
        d.text((width // 3, h // 4 + i * h // 9), text, fill=(20, 20, 30), font=li.font(max(10, h // 16)))
    for x in range(width // 2, width - width // 12, 5):  # a barcode ending just above the card's edge
        d.rectangle([x, h - h // 5, x + 2, h - h // 18], fill=(10, 10, 10))
    return np.asarray(im)


def _scan(card: np.ndarray | None, at: tuple[int, int] = (70, 80), noise: float = 0.8) -> np.ndarray:
    page = np.full((PAGE[1], PAGE[0], 3), PAGE_COLOUR, np.uint8)
    if card is not None:
        h, w = card.shape[:2]
        page[at[1] : at[1] + h, at[0] : at[0] + w] = card
    return li.add_noise(page, noise, seed=2)


def _quads(img: np.ndarray):  # type: ignore[no-untyped-def]
    return Signals(decode(Image.fromarray(img))).card_quads


def test_a_light_card_scanned_on_white_is_outlined_where_the_page_colour_ends() -> None:
    card = _light_card()
    quads = _quads(_scan(card))
    assert quads, "no card found on the scanned page"
    best = quads[0]
    assert best.kind == "id1"
    assert abs(math.log(best.aspect / ID1_ASPECT)) < 0.03
    xs, ys = [c[0] for c in best.corners], [c[1] for c in best.corners]
    h, w = card.shape[:2]
    assert abs(min(xs) - 70) < 8 and abs(max(xs) - (70 + w)) < 8
    assert abs(min(ys) - 80) < 8 and abs(max(ys) - (80 + h)) < 8  # the lower side not pulled onto the barcode


def test_a_card_on_a_page_is_a_candidate_with_full_edge_support() -> None:
    small = cv2.resize(_scan(_light_card()), None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    cands = page_candidates(small, float(small.shape[0] * small.shape[1]))
    assert len(cands) == 1
    assert cands[0].kind == "id1" and cands[0].fit > 0.9 and cands[0].edge > 0.9


@pytest.mark.parametrize(
    "shape",
    [
        "square",  # a sticker, a photo print: no document aspect
        "disc",  # a coin, a round stamp: not rectangular
    ],
)
def test_regions_of_no_card_shape_on_a_page_are_no_candidates(shape: str) -> None:
    page = _scan(None)
    pil = Image.fromarray(page)
    box = [200, 200, 600, 600]
    if shape == "square":
        ImageDraw.Draw(pil).rectangle(box, fill=CARD_COLOUR, outline=(30, 30, 30))
    else:
        ImageDraw.Draw(pil).ellipse([200, 200, 800, 580], fill=CARD_COLOUR, outline=(30, 30, 30))
    small = cv2.resize(np.asarray(pil), None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    assert page_candidates(small, float(small.shape[0] * small.shape[1])) == []


@pytest.mark.parametrize("background", ["wood", "noise"])
def test_a_photo_background_is_no_clean_page(background: str) -> None:
    img, _ = li.card_scene(background, size=(960, 720), width_frac=0.4, seed=3)
    assert page_candidates(img, float(img.shape[0] * img.shape[1])) == []


def test_a_rendered_screen_is_not_searched_as_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    monkeypatch.setattr(page_card, "page_candidates", lambda *a: asked.append(1) or [])
    _quads(li.app_screen())
    assert asked == []
    _quads(_scan(_light_card()))
    assert asked == [1]
