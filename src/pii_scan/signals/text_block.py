"""Text blocks: several text lines set close together, wherever they are in the frame.

Frame-wide text density cannot see a card that fills a tenth of the frame,
and a card outline is lost whenever the card matches what it lies on (a
light card on paper, a card over a white cup, a patterned table). Its
print is what stays: a few lines of similar height, one above the other,
a few line heights apart (cards space their field groups). Lines are linked when they are that close and of
comparable height; a group of at least ``MIN_LINES`` is a block. A sign,
a label or a shirt's print gives one to three lines; a page of text gives
one large block.

Rows running down the frame (a card or page turned a quarter) make blocks
the same way (``find_blocks_down``), with one more demand: rows of print
share a margin, most of them starting or ending where others do. Grass,
fences and stripes make as many parallel blobs running down a photo as a
page has rows, ragged at both ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pii_scan.models import BBox

__all__ = ["MIN_LINES", "TextBlock", "find_blocks_down", "find_text_blocks"]

#: Lines a block needs (a card's name, date, address and number fields).
MIN_LINES = 4
#: Two lines belong together when the gap between them is at most this many
#: line heights vertically and horizontally ...
_MAX_GAP_Y, _MAX_GAP_X = 2.5, 3.0
#: ... and their heights differ by at most this factor (a title and its
#: small print are still one card; a headline and a caption far off are not).
_MAX_HEIGHT_RATIO = 2.5
#: Share of a block's rows running down the frame that must start or end within ``_MARGIN_ROWS``
#: of their height of two others' (the page's margin at one end of its rows or the other). A
#: dense tuft of grass has rows' ends within a whole row's height of each other by chance.
_MARGIN_SHARE, _MARGIN_ROWS = 0.5, 0.5


@dataclass(frozen=True)
class TextBlock:
    """A group of text lines: its box (original pixels), how many lines, their median height
    (their width when ``down``: rows running down the frame)."""

    box: BBox
    lines: int
    line_height: float
    down: bool = False


def _linked(a: BBox, b: BBox) -> bool:
    h = max(a.h, b.h)
    if min(a.h, b.h) * _MAX_HEIGHT_RATIO < h:
        return False
    gap_y = max(a.y, b.y) - min(a.y + a.h, b.y + b.h)
    gap_x = max(a.x, b.x) - min(a.x + a.w, b.x + b.w)
    return gap_y <= _MAX_GAP_Y * h and gap_x <= _MAX_GAP_X * h


def _groups(lines: Sequence[BBox], min_lines: int) -> list[list[BBox]]:
    """The lines linked into groups (transitively), those of at least ``min_lines``."""
    n = len(lines)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if _linked(lines[i], lines[j]):
                parent[root(i)] = root(j)
    groups: dict[int, list[BBox]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(lines[i])
    return [members for members in groups.values() if len(members) >= min_lines]


def _block(members: Sequence[BBox]) -> TextBlock:
    box = BBox.from_points(
        [b.x for b in members] + [b.x + b.w for b in members], [b.y for b in members] + [b.y + b.h for b in members]
    )
    heights = sorted(b.h for b in members)
    return TextBlock(box, len(members), float(heights[len(heights) // 2]))


def _most_first(blocks: list[TextBlock]) -> list[TextBlock]:
    return sorted(blocks, key=lambda b: (-b.lines, -b.box.area))


def find_text_blocks(lines: Sequence[BBox], *, min_lines: int = MIN_LINES) -> list[TextBlock]:
    """Blocks of at least ``min_lines`` linked text lines, most lines first."""
    return _most_first([_block(members) for members in _groups(lines, min_lines)])


def _transposed(box: BBox) -> BBox:
    return BBox(box.y, box.x, box.h, box.w)


def _share_a_margin(rows: Sequence[BBox]) -> bool:
    """Whether most rows (running across) start, or most end, within half their height of two others'."""
    for ends in ([b.x for b in rows], [b.x + b.w for b in rows]):
        near = [sum(abs(e - f) <= _MARGIN_ROWS * b.h for f in ends) >= 3 for e, b in zip(ends, rows)]
        if sum(near) >= _MARGIN_SHARE * len(rows):
            return True
    return False


def find_blocks_down(lines: Sequence[BBox], *, min_lines: int = MIN_LINES) -> list[TextBlock]:
    """Blocks of at least ``min_lines`` linked lines running down the frame (tall boxes) whose rows
    share a margin, most lines first, as ``down`` blocks."""
    blocks = []
    for rows in _groups([_transposed(b) for b in lines], min_lines):
        if _share_a_margin(rows):
            block = _block(rows)
            blocks.append(TextBlock(_transposed(block.box), block.lines, block.line_height, down=True))
    return _most_first(blocks)
