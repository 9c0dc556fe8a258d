"""How large a card appears in the original image, and when that is "small".

A card whose longest side is under ``SMALL_CARD_SIDE`` original pixels (a
320 px thumbnail's card, a card far off in a low-resolution image) prints
its text 3-7 px high. Detectors read such a card with extra care: its own
resolution enlarged with a sharp interpolation, a finer portrait search,
whitelisted re-reads. Larger cards never pay for that.
"""

from __future__ import annotations

import numpy as np

from pii_scan.signals import CardQuad

__all__ = ["SMALL_CARD_SIDE", "is_small_card", "long_side", "side_lengths"]

#: Longest card side (original pixels) under which a card is small.
SMALL_CARD_SIDE = 400


def side_lengths(quad: CardQuad) -> list[float]:
    """The lengths of a card quad's four sides in corner order (top, right, bottom, left), original pixels."""
    c = np.array(quad.corners, np.float64)
    return [float(np.linalg.norm(c[i] - c[(i + 1) % 4])) for i in range(4)]


def long_side(quad: CardQuad) -> float:
    """The longest side of a card quad, in original pixels."""
    return max(side_lengths(quad))


def is_small_card(quad: CardQuad) -> bool:
    """Whether the card's print is too small to read without the extra care (module docstring)."""
    return long_side(quad) < SMALL_CARD_SIDE
