"""Colour cues for small cards: outlines from chroma, and the edge on the channel where a card differs most.

The small-card search (``small_card.py``) works on gray. A tinted card
(pink, green, blue-grey, yellow) can be as light as the surface it lies on:
in gray its outline is faint or gone, though its colour sets it clearly
apart. Two cheap additions, both about the card itself and not about what
the background looks like:

* ``chroma_outlines``: regions whose colour (a red-green or yellow-blue
  opponent channel, relative to its heavy blur) departs from their
  surroundings, split both ways on each channel; and again after a grain-wide opening, so a tinted card is not
  merged with pebbles or lines of its hue.
* ``surround_gradients``: the gradients, around one quad, of the working
  copy projected onto the colour difference between the quad's inner rim
  and its outer rim: the direction in colour space along which that card
  stands out from that surface, whatever it is (light on dark, a hue on
  gray, one hue on another of the same lightness). A card's sides are then
  snapped and their edge support measured there.
"""

from __future__ import annotations

import cv2
import numpy as np

from pii_scan.signals import card as _card

__all__ = ["chroma_outlines", "surround_gradients"]

#: Departure of an opponent channel (``_OPPONENT``, RGB levels) from its surroundings that sets a
#: region apart (a neutral card: 0-3; a pink, green, blue-grey or navy card on a gray surface of
#: its lightness: 25-50 in one channel or the other).
_CHROMA_STEP = 12.0
#: Linear colour-opponent channels (red-green, yellow-blue) of RGB: a hue departure without the cost
#: of Lab (whose first conversion in a process builds tables for ~0.1 s).
_OPPONENT = np.array([[1, -1, 0], [0.5, 0.5, -1]], np.float32) / np.array([[2**0.5], [1.5**0.5]], np.float32)
#: Size (half-size pixels) of the opening that wipes out a surface's grain before the split.
_GRAIN = 3
#: Least colour difference (RGB levels) between a quad's inner and outer rim worth projecting on.
_MIN_CONTRAST = 6.0
#: Width of the rims compared, as a share of the quad's short side (at least 2 px).
_RIM = 0.15


def _relative(ch: np.ndarray) -> np.ndarray:
    """A channel minus its heavy blur (float): what departs from its surroundings."""
    h, w = ch.shape
    k = 4  # on the half-size copy: the working copy's 1/8
    low = cv2.resize(ch, (max(1, w // k), max(1, h // k)), interpolation=cv2.INTER_AREA).astype(np.float32)
    low = cv2.resize(cv2.GaussianBlur(low, (0, 0), 2.0), (w, h), interpolation=cv2.INTER_LINEAR)
    return ch.astype(np.float32) - low


def chroma_outlines(rgb: np.ndarray, *, grain: bool = True) -> list[np.ndarray]:
    """Contours (working-copy pixels) of regions whose hue departs from their surroundings.

    On a half-size copy (a 60 px card is 30 px there, still a clear shape;
    the cost stays at a few ms), the two colour-opponent channels
    (``_OPPONENT``), each relative to its heavy blur, are split both ways at
    ``_CHROMA_STEP``. Each sign on its own: the
    surface around a card departs from the blur the other way (the blur
    takes in the card), and must not be merged with it. ``grain`` adds the
    same split after an opening that wipes out anything narrower than the
    grain (pebbles, lines, veins of the card's hue that touch it).
    """
    h, w = rgb.shape[:2]
    half = cv2.resize(rgb, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA).astype(np.float32)
    opp = cv2.transform(half, _OPPONENT)
    kc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
    ko = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (_GRAIN, _GRAIN))
    found: list[np.ndarray] = []
    for i in (0, 1):
        rel = _relative(np.ascontiguousarray(opp[..., i]))
        for sign in (1.0, -1.0):
            u8 = np.clip(sign * rel * 4.0, 0, 255).astype(np.uint8)  # 64 levels of departure over the range
            masks = [cv2.morphologyEx(cv2.morphologyEx(u8, cv2.MORPH_CLOSE, kc), cv2.MORPH_OPEN, kc)]
            if grain:
                masks.append(cv2.morphologyEx(masks[0], cv2.MORPH_OPEN, ko))
            for m in masks:
                mask = cv2.threshold(m, int(_CHROMA_STEP * 4), 255, cv2.THRESH_BINARY)[1]
                found += [c * 2 for c in cv2.findContours(_card._fill_holes(mask), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]]
    return found


def _rim_means(rgb: np.ndarray, q: np.ndarray, off: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Mean colour of the quad's inner rim and of its outer rim (``q`` in ``rgb``'s pixels once ``off`` is taken)."""
    h, w = rgb.shape[:2]
    sides = np.linalg.norm(np.roll(q, -1, axis=0) - q, axis=1)
    r = max(2, int(round(_RIM * float(sides.min()))))
    inside = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(inside, np.rint(q - off).astype(np.int32), 255)
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * r + 1, 2 * r + 1))
    inner = cv2.subtract(inside, cv2.erode(inside, k))
    outer = cv2.subtract(cv2.dilate(inside, k), inside)
    if not inner.any() or not outer.any():
        return None
    return np.array(cv2.mean(rgb, inner)[:3]), np.array(cv2.mean(rgb, outer)[:3])


def surround_gradients(rgb: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(gx, gy, offset) around quad ``q``: gradients of the colour projection that sets it apart from its surroundings.

    The working copy, cropped to the quad with a margin, is projected onto
    the unit difference between the mean colours of the quad's inner and
    outer rims, smoothed and differentiated as ``card._views`` does for
    gray (so gradients are in the same units and the same thresholds
    apply). ``offset`` is the crop's top-left corner: pass ``q - offset``
    to the side-support and snapping helpers. None when the rims hardly
    differ, or differ more in lightness than in hue (gray has that edge).
    """
    h, w = rgb.shape[:2]
    sides = np.linalg.norm(np.roll(q, -1, axis=0) - q, axis=1)
    m = int(max(8, 0.3 * float(sides.min())))
    x0, y0 = (max(0, int(np.floor(v)) - m) for v in q.min(axis=0))
    x1, y1 = min(w, int(np.ceil(q[:, 0].max())) + m + 1), min(h, int(np.ceil(q[:, 1].max())) + m + 1)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    roi = rgb[y0:y1, x0:x1]
    off = np.array([x0, y0], np.float64)
    rims = _rim_means(roi, q, off)
    if rims is None:
        return None
    diff = rims[0] - rims[1]
    norm = float(np.linalg.norm(diff))
    luma = float(diff.mean()) * np.ones(3)
    if norm < _MIN_CONTRAST or float(np.linalg.norm(diff - luma)) < float(np.linalg.norm(luma)):
        return None  # no contrast, or mostly one of lightness, which the gray search sees as well
    proj = roi.reshape(-1, 3).astype(np.float32) @ (diff / norm).astype(np.float32)
    smooth = cv2.GaussianBlur(proj.reshape(roi.shape[:2]), (5, 5), 0)
    gx = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3) / 4
    gy = cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3) / 4
    return gx, gy, off
