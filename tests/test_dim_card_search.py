"""The card search in a dim, grainy frame: searched again lifted when nothing scores as a card."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

import layout_images as li
from pii_scan.signals import card
from pii_scan.signals.card import find_card_quads

FIELDS = ("NAME  YAMADA HANAKO", "BORN  1988-04-12", "ADDRESS  2-3-4 CHUO", "No. 1234 5678 9012", "EXPIRES  2031-07-01")
#: Where the card of ``lamp_lit_card`` lies (working-copy pixels, tl tr br bl), turned 8 degrees.
CARD_CORNERS = np.array([(109, 155), (506, 99), (540, 349), (144, 404)], np.float32)


def lamp_lit_card(seed: int, *, table_texture: float = 25.0) -> np.ndarray:
    """A 640x480 gray frame shot at a high ISO in a dim room: a printed card on a grained table,
    a lamp's light falling off to a third across the frame, and grain in blobs a pixel or two wide."""
    rng = np.random.default_rng(seed)
    frame = Image.new("L", (640, 480), 160)
    face = Image.new("L", (400, 252), 215)
    d = ImageDraw.Draw(face)
    for i, text in enumerate(FIELDS):
        d.text((25, 25 + i * 42), text, fill=70, font=li.font(15))
    mask = Image.new("L", face.size, 255).rotate(8, expand=True)
    frame.paste(face.rotate(8, expand=True), (110, 100), mask)
    on_card = np.zeros((480, 640), bool)
    on_card[100 : 100 + mask.height, 110 : 110 + mask.width] = np.asarray(mask) > 0
    grain_of_wood = cv2.resize(rng.uniform(-table_texture, table_texture, (48, 8)), (640, 480), interpolation=cv2.INTER_CUBIC)
    lit = np.where(on_card, np.asarray(frame, np.float32), np.asarray(frame, np.float32) + grain_of_wood)
    lit *= np.tile(np.linspace(1.0, 0.35, 640), (480, 1)) * 0.3
    grain = cv2.GaussianBlur(np.random.default_rng(seed + 100).normal(0, 1, lit.shape).astype(np.float32), (0, 0), 1.2)
    return np.clip(lit + grain / grain.std() * 4.0, 0, 255).astype(np.uint8)


def _search(gray: np.ndarray) -> list:
    return find_card_quads(cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB), gray, scale=1.0)


@pytest.mark.parametrize("seed", [0, 4])
def test_a_dim_grainy_card_the_plain_search_misses_is_found_on_the_lifted_frame(monkeypatch, seed: int) -> None:  # type: ignore[no-untyped-def]
    gray = lamp_lit_card(seed)
    (best, *_) = _search(gray)
    assert best.kind == "id1"
    assert np.abs(np.array(best.corners) - CARD_CORNERS).max() <= 6
    monkeypatch.setattr(card, "is_underexposed", lambda gray: False)
    assert _search(gray) == []  # the frame as shot: grain and the lamp's fall-off hide the card


@pytest.fixture
def lifted_searches(monkeypatch):  # type: ignore[no-untyped-def]
    """The frames ``find_card_quads`` lifts for a second search."""
    seen: list[np.ndarray] = []
    lift = card.lifted_frame
    monkeypatch.setattr(card, "lifted_frame", lambda gray: seen.append(gray) or lift(gray))
    return seen


def test_a_dim_frame_whose_search_finds_a_card_is_not_searched_again(lifted_searches) -> None:  # type: ignore[no-untyped-def]
    gray = lamp_lit_card(0, table_texture=0.0)  # a plain table: the card stands out as shot
    assert card.is_underexposed(gray)
    assert _search(gray)[0].kind == "id1"
    assert lifted_searches == []


def test_a_dim_frame_without_a_card_is_searched_once_more_and_stays_without(lifted_searches) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(5)
    night = np.clip(cv2.resize(rng.uniform(10, 60, (6, 8)), (640, 480)) + rng.normal(0, 3, (480, 640)), 0, 255)
    assert _search(night.astype(np.uint8)) == []
    assert len(lifted_searches) == 1


@pytest.mark.parametrize(
    "frame",
    [
        np.tile(np.linspace(30, 230, 640), (480, 1)),  # well exposed
        np.tile(110 + 25 * np.sin(np.linspace(0, 40, 640)), (480, 1)),  # flat but well lit: veins of a leaf
        np.where(np.arange(480)[:, None] < 360, 25.0, 230.0) + np.zeros((1, 640)),  # mostly dark, but a full range
    ],
    ids=["well_exposed", "flat_and_lit", "dark_but_full_range"],
)
def test_a_frame_that_is_not_dark_is_not_searched_again(lifted_searches, frame: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    _search(frame.astype(np.uint8))
    assert lifted_searches == []


def test_a_dark_rendered_screen_is_not_searched_again(lifted_searches) -> None:  # type: ignore[no-untyped-def]
    screen = np.full((1600, 740), 18, np.uint8)  # dark mode: noise-free, its panels crisp
    for y in range(120, 1500, 180):
        screen[y : y + 140, 40:700] = 34
    assert card.is_underexposed(screen)
    _search(screen)
    assert lifted_searches == []
