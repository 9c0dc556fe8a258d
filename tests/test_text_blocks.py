"""Text blocks: a card's fields found by their print alone, and read on their own at reading size."""

from __future__ import annotations

import numpy as np
import pytest

import layout_images as li
from pii_scan.detectors.id_numbers import IdNumberDetector
from pii_scan.detectors.id_vocabulary import document_view_wanted
from pii_scan.models import BBox
from pii_scan.signals.text_block import find_blocks_down, find_text_blocks
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


def _down(rows: list[BBox]) -> list[BBox]:
    """The rows turned to run down the frame (x and y swapped)."""
    return [BBox(b.y, b.x, b.h, b.w) for b in rows]


def test_rows_running_down_the_frame_with_a_shared_margin_make_a_turned_block() -> None:
    rows = [BBox(100, 0, 300, 20), BBox(100, 40, 180, 20), BBox(100, 80, 260, 20), BBox(100, 120, 120, 20)]
    (block,) = find_blocks_down(_down(rows))
    assert block.down and block.lines == 4 and block.line_height == 20.0
    assert block.box == BBox(0, 100, 140, 300)  # a box of the frame as it is


def test_rows_ending_together_share_a_margin_too() -> None:
    """Print read from the bottom up: the rows' common margin is where they end in the turned frame."""
    rows = [BBox(400 - w, 40 * i, w, 20) for i, w in enumerate((300, 180, 260, 120))]
    assert [b.lines for b in find_blocks_down(_down(rows))] == [4]


def test_ragged_strokes_running_down_make_no_block() -> None:
    """Grass and fences: as many parallel blobs as a page has rows, but no two share a start or an end."""
    rows = [BBox(100 + 37 * i, 30 * i, 200 + 53 * i, 20) for i in range(8)]
    assert [b.lines for b in find_text_blocks(rows)] == [8]  # linked like rows of print ...
    assert find_blocks_down(_down(rows)) == []  # ... yet with no margin


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


@pytest.mark.parametrize("turn", [1, 3], ids=["counter-clockwise", "clockwise"])
def test_card_turned_a_quarter_is_read_level_through_its_block_running_down(turn: int) -> None:
    from pii_scan.signals.text import line_blobs

    scene, corners = _camouflaged_card(0.3)
    turned = np.ascontiguousarray(np.rot90(scene, turn))
    ctx = make_context(turned, ocr_lines=[])
    (block,) = ctx.signals.text_blocks
    assert block.down
    assert IdNumberDetector().prefilter(ctx) and document_view_wanted(ctx)
    region = ctx.document_region
    assert region.name == "block:90"
    assert len(line_blobs(region.pixels, min_aspect=3.5)) >= 4  # its rows run across the view
    # the view maps back onto the card where it lies in the turned frame
    h, w = region.pixels.shape[:2]
    mapped = region.to_original @ np.array([[0, w, w, 0], [0, 0, h, h], [1, 1, 1, 1]], dtype=np.float64)
    view = BBox.from_points(mapped[0], mapped[1])
    card = BBox.from_points(corners[:, 0], corners[:, 1])
    height, width = scene.shape[:2]
    if turn == 1:  # counter-clockwise: (x, y) -> (y, width - 1 - x)
        card = BBox(card.y, width - card.x - card.w, card.h, card.w)
    else:  # clockwise: (x, y) -> (height - 1 - y, x)
        card = BBox(height - card.y - card.h, card.x, card.h, card.w)
    assert view.x <= card.x + 0.3 * card.w and view.x + view.w >= card.x + 0.7 * card.w
    assert view.y <= card.y + 0.4 * card.h and view.y + view.h >= card.y + 0.9 * card.h
