"""Text blocks: a card's fields found by their print alone, and read on their own at reading size."""

from __future__ import annotations

import numpy as np
import pytest

import layout_images as li
from pii_scan.detectors.id_numbers import IdNumberDetector
from pii_scan.detectors.id_vocabulary import document_view_wanted
from pii_scan.models import BBox
from pii_scan.signals.text_block import find_text_blocks
from pii_scan.testing import make_context


def _rows(ys: list[int], *, x: int = 100, w: int = 300, h: int = 20) -> list[BBox]:
    return [BBox(x, y, w, h) for y in ys]


@pytest.mark.parametrize(
    ("lines", "blocks"),
    [
        # a card's fields: rows a line apart, one group a bit further down
        (_rows([0, 40, 80, 120, 180]), [5]),
        # three lines are a sign or a label, not a card
        (_rows([0, 40, 80]), []),
        # lines too far apart to be one block (signs across a street)
        (_rows([0, 200, 400, 600]), []),
        # same rows, but each far to the side of the previous one
        ([BBox(100 + 600 * i, 40 * i, 300, 20) for i in range(5)], []),
        # a headline three times the height of the small print below it is not linked
        ([BBox(100, 0, 600, 90)] + _rows([110, 150, 190]), []),
        # two separate cards: two blocks, the one with more lines first
        (_rows([0, 40, 80, 120]) + _rows([1000, 1040, 1080, 1120, 1160], x=900), [5, 4]),
    ],
    ids=["card-fields", "three-lines", "far-apart", "sideways", "headline", "two-cards"],
)
def test_close_lines_of_similar_height_make_a_block(lines: list[BBox], blocks: list[int]) -> None:
    assert [b.lines for b in find_text_blocks(lines)] == blocks


def test_block_box_spans_its_lines_and_keeps_their_median_height() -> None:
    lines = [BBox(100, 0, 300, 20), BBox(120, 40, 200, 24), BBox(90, 80, 400, 20), BBox(100, 120, 250, 30)]
    (block,) = find_text_blocks(lines)
    assert block.box == BBox(90, 0, 400, 150)
    assert block.line_height in (20.0, 24.0)


def _camouflaged_card(width_frac: float, size: tuple[int, int] = (2400, 1800)) -> tuple[np.ndarray, np.ndarray]:
    """A card on a background of its own colour: its print and portrait show, its outline does not."""
    colour = (236, 242, 248)
    card, mask = li.id_card(colour=colour)
    bg = np.empty((size[1], size[0], 3), np.uint8)
    bg[:] = colour
    return li.place(li.add_noise(bg, 2.0), card, mask, width_frac=width_frac, center=(0.3, 0.35))


def test_card_without_outline_is_read_through_its_text_block() -> None:
    scene, corners = _camouflaged_card(0.3)
    ctx = make_context(scene, ocr_lines=[])
    assert ctx.signals.text_blocks
    # no outline to find, yet the ID gates open on the block
    assert IdNumberDetector().prefilter(ctx)
    assert document_view_wanted(ctx)
    region = ctx.document_region
    assert region.name == "block"
    # the view covers the card's text and is enlarged, not the whole frame shrunk
    h, w = region.pixels.shape[:2]
    x0, y0 = region.to_original @ np.array([0, 0, 1.0]) @ np.eye(3)[:, :2]
    x1, y1 = region.to_original @ np.array([w, h, 1.0]) @ np.eye(3)[:, :2]
    card_box = BBox.from_points(corners[:, 0], corners[:, 1])
    text_x = card_box.x + 0.4 * card_box.w  # the fields sit right of the portrait
    assert x0 <= text_x and x1 >= card_box.x + 0.8 * card_box.w
    assert y0 <= card_box.y + 0.3 * card_box.h and y1 >= card_box.y + 0.7 * card_box.h
    assert (x1 - x0) < 0.7 * scene.shape[1]
    assert w / (x1 - x0) > 0.9


def test_card_filling_the_frame_is_read_in_the_frame_view() -> None:
    """Its lines are large enough in the frame view, which also reads everything around them."""
    scene, _ = _camouflaged_card(0.9, size=(1200, 900))
    ctx = make_context(scene, ocr_lines=[])
    assert ctx.signals.text_blocks
    assert ctx.document_region.name != "block"


@pytest.mark.parametrize("scene", ["wood", "fabric", "busy"])
def test_textures_make_no_text_block(scene: str) -> None:
    bg = li.BACKGROUNDS[scene](1600, 1200, 0)
    assert make_context(bg, ocr_lines=[]).signals.text_blocks == ()
