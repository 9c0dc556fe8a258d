"""Small cards of any ground colour (signals/colour_card.py and the ground cue of signals/small_card.py).

A tinted card (pink, green, blue-grey, yellow) can be as light as the
surface it lies on, and its ground is not the lightest part of it (its
portrait and field boxes are lighter); a dark card carries light print.
The unit cases draw such cards directly; the scene cases use
tests/small_card_scenes.py with a card palette (``PALETTES``) and a
surface of the card ground's gray in another hue (``"matched"``).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from pii_scan.decode import decode
from pii_scan.signals import Signals, card
from pii_scan.signals import colour_card as cc
from pii_scan.signals import small_card as sc
from small_card_scenes import card_scene, on_card, scene


def _rows_card(ground: int, ink: int, boxes: int | None = None) -> np.ndarray:
    """A flattened 120 x 76 card: rows of words in ``ink`` on ``ground``, on lighter field boxes if ``boxes``."""
    f = np.full((76, 120), ground, np.uint8)
    if boxes is not None:
        for y in (10, 30, 50):
            f[y : y + 15, 36:112] = boxes
    for i in range(6):
        y = 14 + 9 * i
        for x in range(40, 104, 16):
            f[y : y + 3, x : x + 13] = ink
    return f


def _in_gray(f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    gray = np.full((200, 300), 120, np.uint8)
    gray[50:126, 90:210] = f
    return gray, np.array([[90, 50], [209, 50], [209, 125], [90, 125]], np.float64)


def _three_tones() -> np.ndarray:
    """Rows of detail over three things side by side, a third each (a shelf): no tone dominates."""
    f = _rows_card(60, 20)
    for x0, tone in ((47, 140), (84, 220)):
        f[:, x0:] = np.where(f[:, x0:] != 20, tone, f[:, x0:])
    return f


@pytest.mark.parametrize(
    "flat,expect",
    [
        (_rows_card(225, 40), True),  # a pale card: its ground is its light end
        (_rows_card(150, 30, boxes=245), True),  # a tinted ground between its print and lighter field boxes
        (_rows_card(40, 225), True),  # a dark card with light print
        (_three_tones(), False),  # no dominant ground
        (np.linspace(40, 230, 76, dtype=np.float32)[:, None].repeat(120, 1).astype(np.uint8), False),  # an even spread
        (np.random.default_rng(2).integers(30, 230, (76, 120)).astype(np.uint8), False),  # grain
    ],
)
def test_print_cue_judges_print_against_the_cards_dominant_ground(flat, expect):
    gray, q = _in_gray(flat)
    assert sc._has_print(gray, q, card.ID1_ASPECT) is expect


def _iso_scene(card_rgb: tuple[int, int, int], surface_rgb: tuple[int, int, int], seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A 480 x 640 working copy: a 100 x 63 card of ``card_rgb`` with print on a mottled ``surface_rgb``."""
    rng = np.random.default_rng(seed)
    img = np.empty((480, 640, 3), np.float32)
    img[:] = surface_rgb
    img += cv2.GaussianBlur(rng.normal(0, 12, (480, 640)).astype(np.float32), (0, 0), 3)[..., None]
    q = np.array([[270, 200], [370, 200], [370, 263], [270, 263]], np.float64)
    cv2.fillConvexPoly(img, q.astype(np.int32), card_rgb)
    for y in range(214, 256, 7):
        img[y : y + 2, 310:362] = (30, 30, 30)
    img = cv2.GaussianBlur(img, (0, 0), 0.8) + rng.normal(0, 2, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8), q


def _near(boxes: list[tuple[int, int, int, int]], x: int, y: int, w: int, h: int, tol: int = 6) -> bool:
    return any(abs(b[0] - x) <= tol and abs(b[1] - y) <= tol and abs(b[2] - w) <= 2 * tol and abs(b[3] - h) <= 2 * tol for b in boxes)


# a green card on a purple surface of the same gray (luma 159 and 160); a pale card on a gray surface as light as it
GREEN, PURPLE = (110, 190, 130), (184, 140, 200)


@pytest.mark.parametrize("card_rgb,surface_rgb,expect", [(GREEN, PURPLE, True), ((160, 160, 160), (160, 160, 160), False)])
def test_chroma_split_outlines_a_card_only_where_its_hue_sets_it_apart(card_rgb, surface_rgb, expect):
    img, _ = _iso_scene(card_rgb, surface_rgb)
    boxes = [cv2.boundingRect(c) for c in cc.chroma_outlines(img)]
    assert _near(boxes, 270, 200, 101, 64) is expect, boxes


def test_colour_contrast_gives_an_iso_luminant_card_the_edges_gray_does_not():
    img, q = _iso_scene(GREEN, PURPLE)
    v = card._views(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY))
    gray_support = card._edge_support(q, v.gx, v.gy, 3.0)
    gx, gy, off = cc.surround_gradients(img, q)
    colour_support = card._edge_support(q - off, gx, gy, 3.0)
    assert gray_support < sc._MIN_EDGE <= colour_support, (gray_support, colour_support)


def test_no_colour_contrast_where_a_quad_matches_its_surroundings():
    img, q = _iso_scene((160, 160, 160), (160, 160, 160))
    assert cc.surround_gradients(img, q + 150) is None  # a patch of plain surface


def _signals(img: np.ndarray) -> Signals:
    return Signals(decode(Image.fromarray(img)))


# eval seeds (7000 + 11k, width from default_rng(k)) where the card is found; each is missed on main at ce7331f
COLOUR_FOUND = [
    ("pink", "matched", 7022),  # a pink card on a surface of its gray in another hue
    ("pink", "wood", 7000),
    ("green", "matched", 7000),
    ("green", "wood", 7011),
    ("bluegrey", "wood", 7011),
    ("navy", "noise", 7022),  # light print on a dark ground
    ("navy", "stone", 7011),
    ("navy", "gravel", 7022),  # a dark card among pebbles as dark as it
]


@pytest.mark.parametrize("palette,kind,seed", COLOUR_FOUND)
def test_coloured_small_card_is_outlined_where_it_lies(palette, kind, seed):
    k = (seed - 7000) // 11
    img, corners = card_scene(kind, seed, width=float(np.random.default_rng(k).uniform(70, 110)), palette=palette)
    s = _signals(img)
    assert on_card(s.card_quads, corners), f"quads {[q.bbox for q in s.card_quads]} miss the card at {corners.mean(axis=0)}"


@pytest.mark.parametrize(
    "kind,seed,dim,palette", [("matched", 9200, False, "green"), ("matched", 9203, True, "pink"), ("clutter", 9201, False, "pale"), ("noise", 9202, True, "pale")]
)
def test_coloured_surface_without_a_card_gets_no_card(kind, seed, dim, palette):
    assert _signals(scene(kind, seed, card=False, dim=dim, palette=palette)).card_quads == ()


def _pebbles(h: int, w: int, seed: int) -> np.ndarray:
    """A dense field of light and dark blobs 3-5 px wide (working-copy scale), touching everything."""
    rng = np.random.default_rng(seed)
    img = np.full((h, w), 190, np.uint8)
    for _ in range(h * w // 8):
        cv2.circle(img, (int(rng.integers(0, w)), int(rng.integers(0, h))), int(rng.integers(1, 3)), int(rng.integers(20, 230)), -1)
    return img


@pytest.mark.parametrize("dark_set,expect", [(True, True), (False, False)])
def test_dark_card_among_pebbles_as_dark_as_it_is_outlined_by_the_dark_grain_split(dark_set, expect):
    gray = _pebbles(480, 640, 1)
    gray[200:263, 300:400] = 35  # a 100 x 63 dark card (ID-1); pebbles down to its tone touch it
    gray[215:220, 340:390] = 220  # a line of light print
    plain, dark = sc._outline_sets(gray)
    boxes = [cv2.boundingRect(c) for c in (dark if dark_set else plain)]
    assert _near(boxes, 300, 200, 100, 63, tol=4) is expect, boxes
