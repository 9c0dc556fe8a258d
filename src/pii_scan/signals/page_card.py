"""Cards lying on a clean page (a flatbed or scanner-app scan): outlines where the page's colour ends.

A light card scanned on white paper differs from the page by a few gray
levels (cream on white), under the edge threshold the frame-wide search
(``card.py``) needs to keep a photo's texture out; and snapping a side onto
the strongest edge nearby pulls it onto the card's own print (a barcode, a
row of text) instead. A clean page needs neither: its colour is the
frame border's, its noise a level or two, so whatever differs from it by a
few levels lies on it, and the outline of that region is exact as found.
Here each such region's minimum-area rectangle (a scanner adds no
perspective) is a candidate, not snapped, and its edge support is how much
of each side the region's boundary follows.

Asked only for a clean, non-rendered image whose border is one colour and
which is mostly that colour (a page with something on it); a screenshot's
light panels on a white app are left to the search for rendered screens.
"""

from __future__ import annotations

import cv2
import numpy as np

from pii_scan.signals import card as _card

__all__ = ["page_candidates"]

#: Least share of the image within a few levels of the border's colour: the
#: page shows around what lies on it.
PAGE_SHARE = 0.5
#: Most spread (95th percentile of the distance from the border's median colour,
#: gray levels) of a clean page's border.
BORDER_SPREAD = 3.0
#: Least share of its minimum-area rectangle a region fills (a card's rounded
#: corners leave ~1 % out; a torn or folded receipt, much more).
RECTANGULAR = 0.9
#: How far (px) inside and outside a side its region and the page are looked for.
SIDE_STEP = 3
_T = np.linspace(0.1, 0.9, 24)


def _page_mask(rgb: np.ndarray) -> np.ndarray | None:
    """What lies on the page (255), or None when the image is no clean page."""
    dist, spread = _card.border_distance(rgb)
    if spread > BORDER_SPREAD:
        return None
    solid = _card.off_background(dist, spread)
    if 1.0 - float(np.count_nonzero(solid)) / solid.size < PAGE_SHARE:
        return None
    return cv2.morphologyEx(solid, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7)))


def _in_mask(mask: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Whether each point (x, y rows of ``pts``) lies in ``mask`` (points off it are clamped onto its edge)."""
    h, w = mask.shape
    x = np.clip(np.rint(pts[:, 0]).astype(int), 0, w - 1)
    y = np.clip(np.rint(pts[:, 1]).astype(int), 0, h - 1)
    return mask[y, x] > 0


def _boundary_support(q: np.ndarray, mask: np.ndarray) -> list[float]:
    """Per side of ``q``, the share of its samples with the region just inside and the page just outside."""
    centre = q.mean(axis=0)
    out = []
    for a, b in zip(q, np.roll(q, -1, axis=0)):
        pts = a[None, :] + _T[:, None] * (b - a)[None, :]
        normal = np.array([-(b - a)[1], (b - a)[0]]) / (float(np.linalg.norm(b - a)) + 1e-9)
        if np.dot(normal, centre - (a + b) / 2) > 0:
            normal = -normal  # pointing out of the quad
        inside, outside = _in_mask(mask, pts - SIDE_STEP * normal), _in_mask(mask, pts + SIDE_STEP * normal)
        out.append(float(np.mean(inside & ~outside)))
    return out


def page_candidates(rgb: np.ndarray, frame_area: float) -> list[_card._Candidate]:
    """Card- and page-shaped regions on a clean page, as shape-scored candidates (working-copy pixels).

    ``rgb`` is the working copy in colour; empty when it is no clean page.
    """
    mask = _page_mask(rgb)
    if mask is None:
        return []
    out = []
    for contour in cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]:
        rect = cv2.minAreaRect(contour)
        (rw, rh) = rect[1]
        frac = rw * rh / frame_area
        if not _card._MIN_AREA <= frac <= 0.8 or cv2.contourArea(contour) < RECTANGULAR * rw * rh:
            continue
        q = _card.order_corners(cv2.boxPoints(rect).astype(np.float64))
        aspect = max(rw, rh) / max(min(rw, rh), 1.0)
        kind, fit = _card._aspect_fit(aspect, _card._TOL_QUAD)
        if fit <= 0:
            continue
        sides = _boundary_support(q, mask)
        edge = 0.5 * float(np.mean(sides)) + 0.5 * min(sides)
        cand = _card._Candidate(q, is_frame=False, kind=kind, aspect=aspect, fit=fit, frac=frac, edge=edge)
        cand.pre = _card.shape_score(fit, frac, edge)
        out.append(cand)
    return sorted(out, key=lambda c: -c.pre)
