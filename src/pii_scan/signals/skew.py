"""The slant of printed rows in a gray view, for reading a tilted document level.

Tesseract reads rows tilted by more than a few degrees badly, and its
automatic page layout often files a tilted, photographed card as a picture
and reads nothing. A card whose outline was missed (cut by the frame's
edge, a faint edge on a pale surface) is read from the frame or its text
blocks, at whatever slant it lies.

The print is found as dark ink against its local background (adaptive
threshold on a copy of at most ``_SIDE`` px), smeared along the rows so
each row of characters becomes one long blob; each blob long and thin
enough to be a row gives its angle (``cv2.minAreaRect``), and the
length-weighted median of those angles is the slant. Fewer than
``_MIN_ROWS`` such rows, or rows that disagree, give no slant.
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["row_slant", "turn"]

#: Long side of the copy the rows are found on.
_SIDE = 800
#: A row blob is at least this many times as long as it is thick, and this share of the copy's long side.
_ELONGATION, _MIN_LENGTH = 5.0, 0.03
#: Rows needed for a slant, and the most the middle half of their angles may spread (degrees).
_MIN_ROWS, _MAX_SPREAD = 3, 4.0


def row_slant(gray: np.ndarray) -> float | None:
    """Angle in degrees (counter-clockwise, as ``cv2.getRotationMatrix2D`` turns) that levels the print's rows.

    None when too few rows are found or they do not agree on one slant.
    """
    h, w = gray.shape[:2]
    f = min(1.0, _SIDE / max(h, w))
    g = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else gray
    ink = cv2.adaptiveThreshold(g, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    k = max(3, int(0.012 * max(g.shape[:2])))  # about a character's gap: a row's characters merge
    rows = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    angles: list[float] = []
    lengths: list[float] = []
    for c in cv2.findContours(rows, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]:
        _, (a_len, b_len), angle = cv2.minAreaRect(c)
        if a_len < b_len:
            a_len, b_len, angle = b_len, a_len, angle - 90
        angle = (angle + 90) % 180 - 90  # the long side's angle, in [-90, 90)
        if b_len < 3 or a_len < _ELONGATION * b_len or a_len < _MIN_LENGTH * max(g.shape[:2]) or abs(angle) > 45:
            continue
        angles.append(angle)
        lengths.append(a_len)
    if len(angles) < _MIN_ROWS:
        return None
    order = np.argsort(angles)
    a = np.asarray(angles)[order]
    cum = np.cumsum(np.asarray(lengths)[order])
    q1, mid, q3 = (float(a[np.searchsorted(cum, cum[-1] * t)]) for t in (0.25, 0.5, 0.75))
    if q3 - q1 > _MAX_SPREAD:
        return None
    return mid


def turn(
    pixels: np.ndarray, angle: float, *, grow: bool = True, interpolation: int = cv2.INTER_LINEAR
) -> tuple[np.ndarray, np.ndarray]:
    """``pixels`` turned ``angle`` degrees about their centre (as ``row_slant`` gives it), and the 3x3
    map from the turned pixels back to the input's. With ``grow`` the canvas grows to keep the corners."""
    h, w = pixels.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    size = (w, h)
    if grow:
        c, s = abs(m[0, 0]), abs(m[0, 1])
        size = (int(round(w * c + h * s)), int(round(w * s + h * c)))
        m[:, 2] += ((size[0] - w) / 2, (size[1] - h) / 2)
    flat = cv2.warpAffine(pixels, m, size, flags=interpolation, borderMode=cv2.BORDER_REPLICATE)
    return flat, np.linalg.inv(np.vstack([m, (0.0, 0.0, 1.0)]))
