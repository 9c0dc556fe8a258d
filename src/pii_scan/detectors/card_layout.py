"""ID card by layout: a card- or passport-page-shaped quad with a portrait in it.

A card-shaped rectangle alone is weak (payment, business and loyalty
cards, book covers share the shape), so it only supports other ID
findings. A frontal face of portrait size on the left or right part of the
card is what ID documents have and those cards do not: that makes a
primary finding, except in a screenshot, where app cards with a photo of
people have the same layout. In a thumbnail-sized image the look of
rendered pixels alone does not make a screenshot (shrinking a photo takes
its sensor noise away): there it takes a screen's size or shape, or a
status bar. The best quad is looked at first; a runner-up scoring within
``_TIED`` of it is looked at too (two outlines of one card can score
alike while only one follows the card's edges).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import cv2
import numpy as np

from pii_scan.context import lift_if_dim
from pii_scan.decode import full_gray
from pii_scan.detectors.base import BaseDetector
from pii_scan.location import THUMB_MAX_SIDE
from pii_scan.models import BBox, Evidence, Finding, Label
from pii_scan.signals import CardQuad
from pii_scan.signals.card_size import is_small_card, long_side, side_lengths
from pii_scan.signals.faces import find_faces_in

if TYPE_CHECKING:
    from pii_scan.context import ImageContext

__all__ = ["CardLayoutDetector"]

#: Face height as a share of card height that a card portrait has.
_FACE_FRAC = (0.15, 0.8)
#: Screenshot-traits score from which a card shape with a face only supports.
_SCREENSHOT = 0.5
# An image of a thumbnail's size (THUMB_MAX_SIDE) may be a shrunk copy, whose
# flat, noise-free pixels do not tell a render from a photo.
#: Long-to-short side ratio from which a frame has a phone screen's shape.
_PHONE_ASPECT = 1.74
#: Most foreshortening (``_foreshortening``) under which a card's portrait is looked for.
MAX_FORESHORTENING = 1.7
#: Score margin within which a runner-up quad is looked at for a portrait too, and how many quads at most.
_TIED, _LOOKED_AT = 0.05, 2
#: Width of the rectified card searched for a portrait (working-copy pixels).
_CROP_W = 320
#: Original-to-working-copy scale from which a card narrower than ``_CROP_W``
#: in the working copy is flattened from the full-resolution pixels instead.
_SHARPER_SCALE = 1.2


def _to_card(quad: CardQuad) -> np.ndarray:
    """Homography from original pixels to card units (width 1, height 1/aspect)."""
    src = np.array(quad.corners, np.float32)
    h = 1.0 / quad.aspect
    dst = np.array([[0, 0], [1, 0], [1, h], [0, h]], np.float32)
    return cv2.getPerspectiveTransform(src, dst)


def _card_units(box: BBox, to_card: np.ndarray, aspect: float) -> tuple[float, float, float]:
    """(u, v, size) of a face box in original pixels, in card units (``_portrait_place``).

    All four corners are mapped: the box's size on the card is the side of
    a square of the mapped box's area, which does not depend on how the
    card lies in the frame (two corners span a diagonal once it is turned).
    """
    x0, y0, x1, y1 = box.x, box.y, box.x + box.w, box.y + box.h
    pts = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [(x0 + x1) / 2, (y0 + y1) / 2]], np.float64)
    mapped = cv2.perspectiveTransform(pts.reshape(-1, 1, 2), to_card).reshape(-1, 2)
    u, v = mapped[4]
    card_h = 1.0 / aspect
    side = float(np.sqrt(abs(cv2.contourArea(mapped[:4].astype(np.float32)))))
    return float(u), float(v / card_h), side / card_h


def _portrait_place(u: float, v: float, size: float) -> bool:
    """Whether a face at (u, v) (centre: across 0-1, down 0-1) of ``size`` (share of the card's height)
    sits where a card portrait does: off-centre, and of a portrait's size."""
    if not (0 < u < 1 and 0.12 < v < 0.88 and _FACE_FRAC[0] <= size <= _FACE_FRAC[1]):
        return False
    return not 0.45 < u < 0.55  # centred: not a card portrait (photo print, screen)


def _foreshortening(quad: CardQuad) -> float:
    """How much squatter the quad looks in the frame than the document it is taken for (1 = face-on).

    The ratio of the outline's apparent aspect (mean of opposite sides) to
    the document aspect the quad was fitted to.
    """
    s = side_lengths(quad)
    apparent = (s[0] + s[2]) / max(s[1] + s[3], 1e-6)
    return max(apparent, 1.0 / max(apparent, 1e-6)) / quad.aspect


class _CardFace(NamedTuple):
    """A face looked for on a card: its box in original pixels, where it sits on the card
    (u, v, size: ``_portrait_place``) and whether the card is upside down."""

    box: BBox
    place: tuple[float, float, float]
    upside_down: bool


def _faces_on_card(ctx: ImageContext, quad: CardQuad) -> list[_CardFace]:
    """Faces on the rectified card, else faces in the frame.

    The rectified card is searched upright and turned around (cheap, and
    independent of how the card lies in the frame), a dim one once more
    evened out and stretched (``lift_if_dim``); only if that finds
    nothing are the frame's faces (a shared, costlier signal) used. A face
    found on the rectified card is placed on it in the card's own pixels:
    mapped to the frame and back, the box of a card lying at 45 degrees
    would be a diagonal's, not the face's.
    """
    img = ctx.image
    w = _CROP_W
    h = max(8, int(round(w / quad.aspect)))
    corners = np.array(quad.corners, np.float32)
    dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    if long_side(quad) / img.scale < w and img.scale > _SHARPER_SCALE:
        # a small card: its portrait is a few pixels in the working copy, so
        # flatten it from the full-resolution gray pixels (which its OCR needs anyway)
        to_flat = cv2.getPerspectiveTransform(corners, dst)
        flat = cv2.warpPerspective(full_gray(img), to_flat, (w, h), flags=cv2.INTER_LINEAR)
    else:
        src = corners / img.scale
        flat = cv2.warpPerspective(ctx.signals.gray, cv2.getPerspectiveTransform(src, dst), (w, h), flags=cv2.INTER_LINEAR)
    back = cv2.getPerspectiveTransform(dst, corners)
    faces = []
    # a small card's portrait is a few tens of pixels: worth the finer, costlier pass
    found = find_faces_in(flat, fine=is_small_card(quad))
    if not found:
        # a dim card's portrait is a few gray levels deep in grain: looked for again evened out,
        # stretched and smoothed (not instead: the stretch can break up a face the first look finds)
        lifted = lift_if_dim(flat)
        found = find_faces_in(lifted, fine=is_small_card(quad)) if lifted is not flat else []
    for f, upside_down in found:
        pts = np.array([[f.x, f.y], [f.x + f.w, f.y], [f.x + f.w, f.y + f.h], [f.x, f.y + f.h]], np.float64)
        mapped = cv2.perspectiveTransform(pts.reshape(-1, 1, 2), back).reshape(-1, 2)
        place = ((f.x + f.w / 2) / w, (f.y + f.h / 2) / h, f.h / h)
        faces.append(_CardFace(BBox.from_points(mapped[:, 0], mapped[:, 1]), place, upside_down))
    if faces:
        return faces
    to_card = _to_card(quad)
    return [_CardFace(f, _card_units(f, to_card, quad.aspect), False) for f in ctx.signals.faces]


def _quad_evidence(quad: CardQuad) -> Evidence:
    return Evidence(
        "card_quad",
        "layout",
        value=round(quad.aspect, 3),
        bbox=quad.bbox,
        detail={"kind": quad.kind, "score": round(quad.score, 3), "area_fraction": round(quad.area_fraction, 3)},
    )


def _in_screenshot(ctx: ImageContext) -> bool:
    """True when the image is a screenshot, by more than pixel looks if it is thumbnail-sized."""
    traits = ctx.signals.screenshot
    if traits.score < _SCREENSHOT:
        return False
    if max(ctx.image.size) > THUMB_MAX_SIDE:
        return True
    return traits.screen_size or traits.status_bar is not None or traits.aspect >= _PHONE_ASPECT


class CardLayoutDetector(BaseDetector):
    """Card-shaped quad (supporting) or card-shaped quad with a portrait (primary)."""

    name = "id.card_layout"
    label = Label.ID_CARD
    version = "6"

    def prefilter(self, ctx: ImageContext) -> bool:
        return bool(ctx.signals.card_quads)

    def detect(self, ctx: ImageContext) -> list[Finding]:
        quads = ctx.signals.card_quads
        if not quads:
            return []
        # outlines of one card found two ways can score alike while only one follows its edges:
        # a runner-up within ``_TIED`` of the best is looked at too
        for quad in [quads[0], *(q for q in quads[1:_LOOKED_AT] if q.score >= quads[0].score - _TIED)]:
            found = self._portrait_finding(ctx, quad)
            if found is not None:
                return [found]
        quad = quads[0]
        return [
            self.finding(
                0.15 + 0.15 * quad.score,
                f"{quad.kind} document shape (aspect {quad.aspect:.2f}) without a portrait",
                _quad_evidence(quad),
                supporting=True,
            )
        ]

    def _portrait_finding(self, ctx: ImageContext, quad: CardQuad) -> Finding | None:
        """The finding for a portrait where a card's is on ``quad``, or None (always for an upright
        card, ``CardQuad.tall``: its portrait sits centred, where a photo print's subject stands)."""
        if quad.tall:
            return None
        # a card turned more than ~55 degrees from the camera shows no portrait a detector finds:
        # an outline that needs that much foreshortening is another rectangle (a name tag, a banner)
        faces = _faces_on_card(ctx, quad) if _foreshortening(quad) <= MAX_FORESHORTENING else []
        for face, (u, v, size), upside_down in faces:
            if not _portrait_place(u, v, size):
                continue
            side = "left" if (u < 0.5) != upside_down else "right"
            face_ev = Evidence(
                "face", "layout", value=round(size, 3), bbox=face, detail={"side": side, "upside_down": float(upside_down)}
            )
            what = f"{quad.kind} document shape (aspect {quad.aspect:.2f}) with a portrait on the {side}"
            if _in_screenshot(ctx):
                # app cards with a photo of people look just like this
                return self.finding(0.3, f"{what}, in a screenshot", _quad_evidence(quad), face_ev, supporting=True)
            return self.finding(round(0.55 + 0.15 * quad.score, 4), what, _quad_evidence(quad), face_ev)
        return None
