"""Frontal faces with OpenCV's bundled Haar cascade.

The costliest cheap signal, so the frame search is coarse (scale step
1.25, 4 neighbours, faces from 1/14 of the short side) and the cascade is loaded once per process, on first use.
``find_faces_in`` searches a small crop (a rectified card) upright and
turned half around, since a card read long-side-horizontal may be upside
down, and a dim or flat crop where none is found once more stretched.
"""

from __future__ import annotations

import os
import threading
from typing import NamedTuple

import cv2
import numpy as np

from pii_scan.models import BBox
from pii_scan.signals.tone import stretch_lut

__all__ = ["CropFace", "find_faces", "find_faces_in"]

_CASCADE_FILE = "haarcascade_frontalface_default.xml"
#: Gray range (1-99 percentile) under which a crop is stretched to the full
#: range before the face search: a card in a dim room spans a few tens of
#: levels, and the cascade misses a portrait drawn in so few.
_FLAT_RANGE = 100.0
#: Stretch from which a crop is blank (a range of 8 levels or less): left as it is.
_BLANK_GAIN = 255.0 / 8
_lock = threading.Lock()
_cascade: cv2.CascadeClassifier | None = None


class CropFace(NamedTuple):
    """A face in a crop; ``upside_down`` when it was found in the crop turned 180 degrees."""

    box: BBox
    upside_down: bool


def _classifier() -> cv2.CascadeClassifier:
    global _cascade
    with _lock:
        if _cascade is None:
            path = os.path.join(cv2.data.haarcascades, _CASCADE_FILE)
            clf = cv2.CascadeClassifier(path)
            if clf.empty():
                raise RuntimeError(f"cannot load the Haar face cascade from {path}")
            _cascade = clf
        return _cascade


def _detect(gray: np.ndarray, min_side: int, step: float, neighbours: int = 4) -> list[tuple[int, int, int, int]]:
    if min(gray.shape[:2]) < min_side:
        return []
    found = _classifier().detectMultiScale(gray, scaleFactor=step, minNeighbors=neighbours, minSize=(min_side, min_side))
    return [tuple(int(v) for v in f) for f in found]  # type: ignore[misc]


def find_faces(gray: np.ndarray, *, scale: float) -> list[BBox]:
    """Frontal faces in the working copy, boxes in original pixels, largest first.

    Coarse: scale step 1.25 and the smallest face 1/14 of the short side
    (at least 28 px). Small card portraits are left to ``find_faces_in`` on
    the rectified card.
    """
    min_side = max(28, min(gray.shape[:2]) // 14)
    boxes = [BBox(*f).scaled(scale) for f in _detect(gray, min_side, 1.25)]
    return sorted(boxes, key=lambda b: -b.area)


def _stretched(gray: np.ndarray) -> np.ndarray:
    """``gray`` with a narrow (dim or washed-out) range stretched to 0-255; others unchanged."""
    lut, gain = stretch_lut(gray, _BLANK_GAIN, clip=0.01)
    if gain <= 255.0 / _FLAT_RANGE or gain >= _BLANK_GAIN:
        return gray  # well exposed, or blank (noise would be stretched into faces)
    return cv2.LUT(gray, lut)


def find_faces_in(gray_crop: np.ndarray, *, min_frac: float = 0.15) -> list[CropFace]:
    """Faces in a small crop, upright or else upside down, boxes in crop pixels.

    The crop is brought to at least 240 px on its short side so a card
    portrait is well above the cascade's 24 px window. A dim or flat crop
    where nothing is found is searched again stretched to the full gray
    range (``_stretched``): only a second chance, since clipping can also
    flatten a portrait that was found as is. ``min_frac`` is the smallest
    face side as a share of the crop's short side.
    """
    h, w = gray_crop.shape[:2]
    if min(h, w) < 8:
        return []
    found = _faces_either_way(gray_crop, min_frac)
    if not found:
        stretched = _stretched(gray_crop)
        if stretched is not gray_crop:
            found = _faces_either_way(stretched, min_frac)
    return found


def _faces_either_way(gray_crop: np.ndarray, min_frac: float) -> list[CropFace]:
    """Faces in the crop upright, else turned 180 degrees (boxes in crop pixels)."""
    h, w = gray_crop.shape[:2]
    f = max(1.0, 240 / min(h, w))
    big = cv2.resize(gray_crop, None, fx=f, fy=f, interpolation=cv2.INTER_LINEAR) if f > 1 else gray_crop
    bh, bw = big.shape[:2]
    min_side = max(24, int(min(bh, bw) * min_frac))
    out = []
    for turned in (False, True):
        img = cv2.rotate(big, cv2.ROTATE_180) if turned else big
        for x, y, fw, fh in _detect(img, min_side, 1.15, neighbours=5):
            if turned:
                x, y = bw - x - fw, bh - y - fh
            out.append(CropFace(BBox(int(x / f), int(y / f), int(fw / f), int(fh / f)), turned))
        if out:
            break
    return out
