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

__all__ = ["CLEAR_NEIGHBOURS", "CROP_NEIGHBOURS", "CROP_STEPS", "CropFace", "find_faces", "find_faces_in"]

_CASCADE_FILE = "haarcascade_frontalface_default.xml"
#: Gray range (1-99 percentile) under which a crop is stretched to the full
#: range before the face search: a card in a dim room spans a few tens of
#: levels, and the cascade misses a portrait drawn in so few.
_FLAT_RANGE = 100.0
#: Stretch from which a crop is blank (a range of 8 levels or less): left as it is.
_BLANK_GAIN = 255.0 / 8
#: Cascade scale steps for a crop: the usual one, then a finer second pass.
CROP_STEPS = (1.15, 1.05)
#: Overlapping cascade windows a face in a crop needs. A portrait the cascade sees
#: clearly gathers ``CLEAR_NEIGHBOURS`` and more; a "face" it makes of grain or print, a few.
CROP_NEIGHBOURS, CLEAR_NEIGHBOURS = 5, 10
#: A face of the finer pass is kept only where at least ``PHOTO_SHARE`` of its
#: box differs from the crop's median (its ground) by more than ``PHOTO_CONTRAST`` levels.
PHOTO_CONTRAST, PHOTO_SHARE = 24, 0.5
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


#: A face box is a drawing (a membership card's silhouette icon), not a photograph, when at least
#: ``DRAWN_SHARE`` of it lies within ``DRAWN_TONE`` levels (out of a full 0-255 range; scaled to the
#: box's own range) of its two commonest tones. A photographed face spreads over many (a portrait:
#: ~0.2; an icon: ~0.95). The box's own gray levels are counted, not a stretched copy's: a dim
#: photo stretched keeps only its few levels, a comb of isolated tones.
DRAWN_TONE, DRAWN_SHARE = 6, 0.8


def _drawn(box: np.ndarray) -> bool:
    """Whether a face box is a flat drawing of a few tones (``DRAWN_SHARE``), not a photograph."""
    lo, hi = np.percentile(box, (1, 99))
    if hi - lo < 16:
        return False  # blank or dim: no tones to tell by
    reach = int(round(DRAWN_TONE * (hi - lo) / 255.0))
    hist = np.bincount(box.ravel(), minlength=256).astype(np.float64) / box.size
    near = np.convolve(hist, np.ones(2 * reach + 1), "same")  # share within ``reach`` of each tone
    first = int(np.argmax(near))
    rest = near.copy()
    rest[max(0, first - 4 * reach - 1) : first + 4 * reach + 2] = 0
    return float(near[first] + rest.max()) >= DRAWN_SHARE


def _detect(gray: np.ndarray, min_side: int, step: float, neighbours: int = 4) -> list[tuple[int, int, int, int]]:
    """Cascade face boxes (x, y, w, h) in ``gray``; drawn ones (``_drawn``) left out."""
    if min(gray.shape[:2]) < min_side:
        return []
    found = _classifier().detectMultiScale(gray, scaleFactor=step, minNeighbors=neighbours, minSize=(min_side, min_side))
    boxes = [tuple(int(v) for v in f) for f in found]
    return [(x, y, w, h) for x, y, w, h in boxes if not _drawn(gray[y : y + h, x : x + w])]


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


def find_faces_in(
    gray_crop: np.ndarray, *, min_frac: float = 0.15, fine: bool = False, neighbours: int = CROP_NEIGHBOURS
) -> list[CropFace]:
    """Faces in a small crop, upright or else upside down, boxes in crop pixels.

    The crop is brought to at least 240 px on its short side so a card
    portrait is well above the cascade's 24 px window. A dim or flat crop
    where nothing is found is searched again stretched to the full gray
    range (``_stretched``): only a second chance, since clipping can also
    flatten a portrait that was found as is. ``min_frac`` is the smallest
    face side as a share of the crop's short side. ``fine`` adds, last, a
    finer and about three times costlier search (``CROP_STEPS[1]``) of the
    better of the two crops, keeping only photo-like faces: for crops cut
    from few pixels. ``neighbours``: how many overlapping cascade windows
    a face needs (more: only a face the cascade sees clearly).
    """
    h, w = gray_crop.shape[:2]
    if min(h, w) < 8:
        return []
    coarse, finer = CROP_STEPS
    found = _faces_either_way(gray_crop, min_frac, coarse, neighbours)
    if found:
        return found
    best = _stretched(gray_crop)
    if best is not gray_crop:
        found = _faces_either_way(best, min_frac, coarse, neighbours)
    if not found and fine:
        # once only, on the stretched crop if there is one (the better one for a dim card)
        found = _faces_either_way(best, min_frac, finer, neighbours, photo_only=True)
    return found


def _photo_like(box: np.ndarray, crop: np.ndarray) -> bool:
    """Whether a face box is mostly picture, not the crop's ground with print on it.

    A portrait's skin, hair and backdrop all differ from a card's ground; a
    "face" the cascade makes of a few printed characters is mostly ground.
    """
    ground = float(np.median(crop))
    share = float(np.mean(np.abs(box.astype(np.int16) - ground) > PHOTO_CONTRAST)) if box.size else 0.0
    return share >= PHOTO_SHARE


def _faces_either_way(
    gray_crop: np.ndarray, min_frac: float, step: float, neighbours: int, *, photo_only: bool = False
) -> list[CropFace]:
    """Faces in the crop upright, else turned 180 degrees (boxes in crop pixels), at cascade scale ``step``.

    A portrait of a few tens of pixels (a thumbnail's card) is found at a
    narrow band of window sizes, which the coarse step can jump over; the
    finer step, though, also makes faces of a few printed characters, so
    with ``photo_only`` a face must be photo-like (``_photo_like``).
    """
    h, w = gray_crop.shape[:2]
    f = max(1.0, 240 / min(h, w))
    big = cv2.resize(gray_crop, None, fx=f, fy=f, interpolation=cv2.INTER_LINEAR) if f > 1 else gray_crop
    bh, bw = big.shape[:2]
    min_side = max(24, int(min(bh, bw) * min_frac))
    out: list[CropFace] = []
    for turned in (False, True):
        img = cv2.rotate(big, cv2.ROTATE_180) if turned else big
        for x, y, fw, fh in _detect(img, min_side, step, neighbours=neighbours):
            if photo_only and not _photo_like(img[y : y + fh, x : x + fw], img):
                continue
            if turned:
                x, y = bw - x - fw, bh - y - fh
            out.append(CropFace(BBox(int(x / f), int(y / f), int(fw / f), int(fh / f)), turned))
        if out:
            break
    return out
