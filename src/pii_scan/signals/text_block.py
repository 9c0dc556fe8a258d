"""Text blocks: several text lines set close together, wherever they are in the frame.

Frame-wide text density cannot see a card that fills a tenth of the frame,
and a card outline is lost whenever the card matches what it lies on (a
light card on paper, a card over a white cup, a patterned table). Its
print is what stays: a few lines of similar height, one above the other,
a few line heights apart (cards space their field groups). Lines are linked when they are that close and of
comparable height; a group of at least ``MIN_LINES`` is a block. A sign,
a label or a shirt's print gives one to three lines; a page of text gives
one large block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pii_scan.models import BBox

__all__ = ["MIN_LINES", "TextBlock", "find_text_blocks"]

#: Lines a block needs (a card's name, date, address and number fields).
MIN_LINES = 4
#: Two lines belong together when the gap between them is at most this many
#: line heights vertically and horizontally ...
_MAX_GAP_Y, _MAX_GAP_X = 2.5, 3.0
#: ... and their heights differ by at most this factor (a title and its
#: small print are still one card; a headline and a caption far off are not).
_MAX_HEIGHT_RATIO = 2.5


@dataclass(frozen=True)
class TextBlock:
    """A group of text lines: its box (original pixels), how many lines, their median height."""

    box: BBox
    lines: int
    line_height: float


def _linked(a: BBox, b: BBox) -> bool:
    h = max(a.h, b.h)
    if min(a.h, b.h) * _MAX_HEIGHT_RATIO < h:
        return False
    gap_y = max(a.y, b.y) - min(a.y + a.h, b.y + b.h)
    gap_x = max(a.x, b.x) - min(a.x + a.w, b.x + b.w)
    return gap_y <= _MAX_GAP_Y * h and gap_x <= _MAX_GAP_X * h


def find_text_blocks(lines: Sequence[BBox], *, min_lines: int = MIN_LINES) -> list[TextBlock]:
    """Blocks of at least ``min_lines`` linked text lines, most lines first."""
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
    blocks = []
    for members in groups.values():
        if len(members) < min_lines:
            continue
        box = BBox.from_points([b.x for b in members] + [b.x + b.w for b in members], [b.y for b in members] + [b.y + b.h for b in members])
        heights = sorted(b.h for b in members)
        blocks.append(TextBlock(box, len(members), float(heights[len(heights) // 2])))
    return sorted(blocks, key=lambda b: (-b.lines, -b.box.area))
