"""The tallest text rows of a small screenshot, cut out to be read one by one.

In a 320 px thumbnail of a phone screen the body text is 4-5 px high and
no OCR reads it; what survives is the large type: a train or flight
number, station or airport names, departure and arrival times, a seat.
Tesseract reads those rows far better alone, enlarged with a good
interpolation and binarised against their own background, than as part of
the enlarged page, whose one global threshold and layout analysis mix
them with unreadable small print, icons and the 2-D code.

Rows are found on the thumbnail itself: ink is what differs from the local
median (so light-on-dark, dark-on-light and coloured cards all work),
blobs too tall or wide to be letters (codes, pictures, rules) are dropped,
and the horizontal ink profile is cut into rows. A row counts as tall when
it is clearly higher than the median row (and at least ``MIN_TALL_PX``);
the first row near the top, the screen's name in its top bar, is kept too.
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["MAX_ROWS", "ROW_ZOOM", "row_pixels", "tall_rows"]

#: Grey-level distance from the local median that counts as ink.
INK_CONTRAST = 24
#: Blobs higher than this share of the image height are not letters.
MAX_LETTER_HEIGHT = 0.05
#: A row is tall from this multiple of the median row height ...
TALL_FACTOR = 1.25
#: ... and this many pixels.
MIN_TALL_PX = 6
#: Rows this much higher than the median hold two lines touching: they are cut at their thinnest point.
SPLIT_FACTOR = 2.2
#: The top of the frame (status bar) is not read.
STATUS_BAR_SHARE = 0.05
#: The first row, if it starts this high up, is the top bar's screen name
#: ("Ticket", "乗車票"): read whatever its height.
TITLE_BAR_SHARE = 0.15
#: At most this many rows are returned (the tallest).
MAX_ROWS = 8
#: Enlargement of a row before OCR.
ROW_ZOOM = 4

Box = tuple[int, int, int, int]  # x, y, w, h


def _runs(on: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of the runs of True in a 1-D array."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], on.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _letter_ink(gray: np.ndarray) -> np.ndarray:
    """Ink pixels (uint8 0/1) that belong to letter-sized blobs."""
    h, w = gray.shape
    k = max(5, int(0.06 * w) | 1)
    background = cv2.medianBlur(np.ascontiguousarray(gray, dtype=np.uint8), k)
    ink = (cv2.absdiff(gray, background) > INK_CONTRAST).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    letter = (stats[:, cv2.CC_STAT_HEIGHT] <= MAX_LETTER_HEIGHT * h) & (stats[:, cv2.CC_STAT_WIDTH] < 0.9 * w)
    letter[0] = False
    return letter[labels].astype(np.uint8)


def _split(profile: np.ndarray, a: int, b: int, median: float) -> list[tuple[int, int]]:
    """A run cut at its thinnest inner row while it is much higher than a median row."""
    if b - a < SPLIT_FACTOR * median or b - a < 2 * MIN_TALL_PX:
        return [(a, b)]
    lo, hi = a + MIN_TALL_PX // 2, b - MIN_TALL_PX // 2
    cut = lo + int(np.argmin(profile[lo:hi]))
    return _split(profile, a, cut, median) + _split(profile, cut, b, median)


def tall_rows(gray: np.ndarray) -> list[Box]:
    """Boxes of the tall text rows of a small screenshot, top to bottom (at most ``MAX_ROWS``)."""
    h, w = gray.shape[:2]
    ink = _letter_ink(gray)
    ink[: int(STATUS_BAR_SHARE * h)] = 0
    profile = ink.sum(axis=1)
    runs = _runs(profile > 0)
    if not runs:
        return []
    median = float(np.median([b - a for a, b in runs]))
    rows = [r for a, b in runs for r in _split(profile, a, b, median)]
    boxes = []
    for k, (a, b) in enumerate(rows):
        title = k == 0 and a < TITLE_BAR_SHARE * h and b - a >= median  # the top bar's screen name
        if b - a < max(MIN_TALL_PX, TALL_FACTOR * median) and not title:
            continue
        xs = np.flatnonzero(ink[a:b].any(axis=0))
        if xs.size:
            boxes.append((int(xs[0]), a, int(xs[-1] - xs[0] + 1), b - a))
    boxes = sorted(boxes, key=lambda bx: -bx[3])[:MAX_ROWS]
    return sorted(boxes, key=lambda bx: bx[1])


def row_pixels(gray: np.ndarray, box: Box, *, pad: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """One row enlarged ``ROW_ZOOM`` times (Lanczos), black text on white with a white border;
    and the 3x3 matrix that maps its pixels back to ``gray`` pixels.

    The row is binarised on its own (Otsu); the minority side is the ink, so
    white text on a coloured card comes out black like dark text on white.
    """
    h, w = gray.shape[:2]
    x, y, bw, bh = box
    x0, y0 = max(0, x - pad), max(0, y - pad)
    x1, y1 = min(w, x + bw + pad), min(h, y + bh + pad)
    crop = np.ascontiguousarray(gray[y0:y1, x0:x1], dtype=np.uint8)
    big = cv2.resize(crop, None, fx=ROW_ZOOM, fy=ROW_ZOOM, interpolation=cv2.INTER_LANCZOS4)
    _, ink = cv2.threshold(big, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if np.count_nonzero(ink == 0) > ink.size / 2:
        ink = 255 - ink
    border = 3 * ROW_ZOOM
    out = cv2.copyMakeBorder(ink, border, border, border, border, cv2.BORDER_CONSTANT, value=255)
    k = 1.0 / ROW_ZOOM
    to_gray = np.array([[k, 0, x0 - border * k], [0, k, y0 - border * k], [0, 0, 1]], dtype=np.float64)
    return out, to_gray
