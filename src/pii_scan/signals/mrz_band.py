"""Find machine-readable-zone bands with morphology alone (no OCR).

An MRZ is 2 or 3 long lines of monospaced OCR-B capitals with no spaces
(fillers ``<`` are ink too), the same length, left-aligned and evenly
spaced. On the gray working copy:

1. black-hat (closing minus image) keeps dark strokes smaller than a
   character cell and drops large dark areas (hair, photos, backgrounds);
2. the horizontal gradient of that keeps vertical stroke edges, which text
   has many of and horizontal stripes have none of;
3. a short, 1-row closing joins a line's characters into one blob without
   merging it with the lines above and below;
4. blobs that are long, thin and solidly filled are line candidates; a band
   is 2 or 3 of them with equal widths and left edges, evenly spaced, and
   with no further line of that length continuing the run (a paragraph).

The kernels fit one character size, so this runs on the working copy
shrunk by each of ``SCALES`` until one finds a band (big characters of a
close-up fit a coarser scale). A tilted card's lines fail the fill and
spacing tests, so when a scale finds nothing the long ink blobs'
``minAreaRect`` angle levels the image and the search runs once more.

A document turned a quarter in the frame shows its MRZ running down it:
``find_mrz_bands_turned`` searches the frame turned a quarter each way (the
lines' left edges must align, so a mirror image, the frame transposed, would
not do) and gives the bands back as tall boxes of the frame as it is.

A dim photo's MRZ print is a few gray levels deep, under what Otsu
separates from grain: a dim image (a narrow gray range) is searched
stretched to the full range instead.

This is the cheap gate for the MRZ detector: it may fire on a justified
two-line text, which check digits then reject; it must not miss a clear
MRZ.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pii_scan.models import BBox
from pii_scan.signals.tone import stretch_lut

__all__ = ["MAX_SKEW", "find_mrz_bands", "find_mrz_bands_turned"]

#: Shortest MRZ line, as a share of the image width (a card a third of the frame wide).
MIN_WIDTH_FRACTION = 0.15
#: Least length / height ratio of one line blob (OCR-B: 30 chars is ~30x the height).
MIN_LINE_ASPECT = 10.0
#: Least share of a line blob's box that is ink after the closing.
MIN_FILL = 0.45
#: Shrink factors the band is looked for at: the kernels fit characters about
#: 8-14 px tall on the working copy; halving it fits characters twice that
#: (a card filling the frame, a close-up), and so on.
SCALES = (1, 2, 3)
#: Least tilt (degrees) worth levelling the image for, and the most looked for.
MIN_SKEW = 1.5
MAX_SKEW = 30.0
#: Gray-range gain from which an image is dim enough to be searched
#: stretched (a normally exposed photo spans the range: gain ~1; a photo
#: taken in a dim room 2.5-4).
DIM_GAIN = 2.0


@dataclass(frozen=True)
class _Line:
    x: int
    y: int
    w: int
    h: int

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


def _ink(gray: np.ndarray, unit: float) -> tuple[np.ndarray, np.ndarray]:
    """The black-hat image and the binary map of text-like ink joined along rows (steps 1-3)."""
    k_bh = cv2.getStructuringElement(cv2.MORPH_RECT, (max(9, int(15 * unit)) | 1, max(5, int(7 * unit)) | 1))
    blackhat = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, k_bh)
    grad = np.abs(cv2.Sobel(blackhat, cv2.CV_32F, 1, 0, ksize=3))
    top = float(grad.max())
    if top <= 0:
        return blackhat, np.zeros_like(gray)
    grad8 = (grad * (255.0 / top)).astype(np.uint8)
    k_close = cv2.getStructuringElement(cv2.MORPH_RECT, (max(5, int(7 * unit)) | 1, 1))
    closed = cv2.morphologyEx(grad8, cv2.MORPH_CLOSE, k_close)
    _, binary = cv2.threshold(closed, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    binary = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, k_close)
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1)))
    return blackhat, binary


_Components = tuple[np.ndarray, np.ndarray]  # (labels, stats) of connectedComponentsWithStats


def _components(binary: np.ndarray) -> _Components:
    """Labels and stats of the ink blobs (Grana's algorithm: OpenCV's default labels, faster),
    computed once per binary map: line blobs and skew share them."""
    _, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(binary, 8, cv2.CV_32S, cv2.CCL_GRANA)
    return labels, stats


def _line_blobs(blackhat: np.ndarray, binary: np.ndarray, comps: _Components | None = None) -> list[_Line]:
    """Step 4: long, thin, solid line blobs, sorted top to bottom."""
    w_img = binary.shape[1]
    stats = (comps or _components(binary))[1][1:]
    wide = stats[(stats[:, 2] >= 2 * stats[:, 3]) & (stats[:, 3] >= 2)]
    blobs = [tuple(row) for row in wide.tolist()]
    min_w = max(40.0, MIN_WIDTH_FRACTION * w_img)
    grown = []
    for x, y, w, h, area in _merge_rows(blobs):
        if w >= min_w * 0.6 and w / h >= MIN_LINE_ASPECT * 0.6 and area / (w * h) >= MIN_FILL:
            x0, x1 = _extend(blackhat, x, y, w, h)
            grown.append((x0, y, x1 - x0, h, (x1 - x0) * h))
    lines = [
        _Line(x, y, w, h)
        for x, y, w, h, _ in _merge_rows(grown, max_gap=0.0)
        if w >= min_w and w / h >= MIN_LINE_ASPECT
    ]
    return sorted(lines, key=lambda ln: ln.y)


def _extend(blackhat: np.ndarray, x: int, y: int, w: int, h: int) -> tuple[int, int]:
    """Grow a line sideways over fainter ink on its row (filler chevrons), bridging gaps under ~1.5 heights."""
    strip = blackhat[y : y + h].astype(np.float32)
    level = float(np.percentile(strip[:, x : x + w], 90)) * 0.4
    if level <= 0:
        return x, x + w
    inked = (strip >= level).sum(axis=0) >= max(1, h // 4)
    max_gap = int(1.5 * h) + 1
    x1, gap = x + w, 0
    for c in range(x + w, strip.shape[1]):
        if inked[c]:
            x1, gap = c + 1, 0
        else:
            gap += 1
            if gap > max_gap:
                break
    x0, gap = x, 0
    for c in range(x - 1, -1, -1):
        if inked[c]:
            x0, gap = c, 0
        else:
            gap += 1
            if gap > max_gap:
                break
    return x0, x1


def _merge_rows(blobs: list[tuple[int, ...]], max_gap: float = 3.0) -> list[tuple[int, int, int, int, int]]:
    """Join blobs lying on one text row less than ``max_gap`` heights apart (filler runs are faint)."""
    blobs = sorted(blobs)
    # tallest blob still to come, from each position: a row that ends further
    # left than any of them could bridge can take no more blobs (x only grows)
    reach, top = [0] * len(blobs), 0
    for k in range(len(blobs) - 1, -1, -1):
        top = reach[k] = max(top, blobs[k][3])
    merged: list[list[int]] = []
    open_rows: list[list[int]] = []  # rows that may still grow, in creation order
    for k, (x, y, w, h, area) in enumerate(blobs):
        closed = False
        for m in open_rows:
            mx, my, mw, mh, _ = m
            gap = x - (mx + mw)
            if gap > max_gap * max(mh, reach[k]):
                m.append(0)  # mark: closed for good
                closed = True
                continue
            v_overlap = min(my + mh, y + h) - max(my, y)
            if v_overlap >= 0.5 * min(mh, h) and gap <= max_gap * max(mh, h):
                x1, y0, y1 = max(mx + mw, x + w), min(my, y), max(my + mh, y + h)
                m[:5] = [mx, y0, x1 - mx, y1 - y0, m[4] + area]
                break
        else:
            row = [x, y, w, h, area]
            merged.append(row)
            open_rows.append(row)
        if closed:
            open_rows = [m for m in open_rows if len(m) == 5]
    return [(m[0], m[1], m[2], m[3], m[4]) for m in merged]


def _alike(a: _Line, b: _Line) -> bool:
    """Two lines of one MRZ: same length and left edge, similar height, a line pitch apart."""
    w = max(a.w, b.w)
    h = (a.h + b.h) / 2
    pitch = abs(b.cy - a.cy)
    return (
        min(a.w, b.w) / w >= 0.85
        and abs(a.x - b.x) <= 0.06 * w
        and min(a.h, b.h) / max(a.h, b.h) >= 0.45
        and 1.2 * h <= pitch <= 4.0 * h
    )


def _continues(group: list[_Line], other: _Line) -> bool:
    """Whether ``other`` is one more line of the same run (a paragraph, not an MRZ)."""
    first, last = group[0], group[-1]
    w = max(g.w for g in group)
    pitch = (last.cy - first.cy) / (len(group) - 1)
    overlap = min(first.x + w, other.x + other.w) - max(first.x, other.x)
    if other.w < 0.6 * w or overlap < 0.5 * w:
        return False
    return min(abs(other.cy - first.cy), abs(other.cy - last.cy)) <= 1.5 * pitch


def _bands(lines: list[_Line]) -> list[list[_Line]]:
    bands: list[list[_Line]] = []
    used: set[int] = set()
    for i, a in enumerate(lines):
        if i in used:
            continue
        group = [a]
        idx = [i]
        for j in range(i + 1, len(lines)):
            if len(group) == 3:
                break
            b = lines[j]
            if j not in used and _alike(group[-1], b):
                if len(group) == 2:
                    p1, p2 = group[1].cy - group[0].cy, b.cy - group[1].cy
                    if abs(p1 - p2) > 0.25 * max(p1, p2):
                        continue
                group.append(b)
                idx.append(j)
        if len(group) < 2:
            continue
        others = [ln for k, ln in enumerate(lines) if k not in idx]
        if any(_continues(group, o) for o in others):
            continue
        bands.append(group)
        used.update(idx)
    return bands


def find_mrz_bands(gray: np.ndarray, *, scale: float = 1.0) -> list[BBox]:
    """Boxes (original pixels) of bands of 2-3 MRZ-like lines, widest first.

    ``gray`` is the working copy; ``scale`` its original pixels per pixel.
    """
    if gray.ndim != 2 or min(gray.shape) < 16:
        return []
    lut, gain = stretch_lut(gray)
    if gain >= DIM_GAIN:
        gray = cv2.LUT(gray, lut)
    out = _find_scaled(gray, scale)
    return sorted(out, key=lambda b: -b.w)


def find_mrz_bands_turned(gray: np.ndarray, *, scale: float = 1.0) -> list[BBox]:
    """Bands running down the working copy ``gray`` (a document turned a quarter), as boxes
    (original pixels) of the frame as it is: taller than wide. Turned clockwise first, then
    counter-clockwise if that finds none."""
    h, w = (round(n * scale) for n in gray.shape[:2])  # the original's size
    # a box (x, y, bw, bh) of the turned frame, as a box of the frame as it is
    for turn, back in (
        (cv2.ROTATE_90_CLOCKWISE, lambda b: BBox(b.y, h - b.x - b.w, b.h, b.w)),
        (cv2.ROTATE_90_COUNTERCLOCKWISE, lambda b: BBox(w - b.y - b.h, b.x, b.h, b.w)),
    ):
        bands = find_mrz_bands(cv2.rotate(gray, turn), scale=scale)
        if bands:
            return [back(b) for b in bands]
    return []


def _find_scaled(gray: np.ndarray, scale: float) -> list[BBox]:
    """Bands at the finest of ``SCALES`` that finds any (it fits the MRZ's characters; coarser ones see headings)."""
    unit = max(gray.shape[:2]) / 640.0
    for factor in SCALES:
        small = gray if factor == 1 else cv2.resize(gray, None, fx=1 / factor, fy=1 / factor, interpolation=cv2.INTER_AREA)
        if min(small.shape[:2]) < 16:
            break
        out = [box.scaled(factor * scale) for box in _find_at(small, unit)]
        if out:
            return out
    return []


def _find_at(gray: np.ndarray, unit: float) -> list[BBox]:
    """Bands in ``gray`` at its own scale; when none, again with the text levelled (a tilted card)."""
    blackhat, binary = _ink(gray, unit)
    comps = _components(binary)
    bands = _bands(_line_blobs(blackhat, binary, comps))
    if bands:
        return [_box(g) for g in bands]
    angle = _skew(binary, comps)
    if abs(angle) < MIN_SKEW:
        return []
    h, w = gray.shape[:2]
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(rot[0, 0]), abs(rot[0, 1])
    nw, nh = int(w * cos + h * sin + 0.5), int(w * sin + h * cos + 0.5)
    rot[0, 2] += nw / 2 - w / 2
    rot[1, 2] += nh / 2 - h / 2
    fill = int(np.median(gray))
    level = cv2.warpAffine(gray, rot, (nw, nh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
    back = cv2.invertAffineTransform(rot)
    out = []
    for group in _bands(_line_blobs(*_ink(level, unit))):
        b = _box(group)
        corners = np.array([[b.x, b.y, 1], [b.x + b.w, b.y, 1], [b.x, b.y + b.h, 1], [b.x + b.w, b.y + b.h, 1]], dtype=np.float64)
        pts = corners @ back.T
        if pts[:, 0].min() < -0.02 * w or pts[:, 0].max() > 1.02 * w or pts[:, 1].min() < -0.02 * h or pts[:, 1].max() > 1.02 * h:
            continue  # runs off the picture: the levelled canvas's own border, not text
        out.append(BBox.from_points(np.clip(pts[:, 0], 0, w), np.clip(pts[:, 1], 0, h)))
    return out


def _skew(binary: np.ndarray, comps: _Components | None = None) -> float:
    """Tilt (degrees, for ``getRotationMatrix2D``) of the long, thin ink blobs; 0 when there are none.

    Each blob's ``minAreaRect`` gives its angle; the length-weighted median
    of the blobs at least ``MIN_WIDTH_FRACTION`` of the width long wins.
    """
    labels, stats = comps or _components(binary)
    min_len = MIN_WIDTH_FRACTION * binary.shape[1] * 0.6
    angles: list[tuple[float, float]] = []
    long = np.flatnonzero((np.maximum(stats[:, 2], stats[:, 3]) >= min_len) & (stats[:, 2] >= stats[:, 3]))
    for i in long[long > 0].tolist():
        x, y, w, h, area = (int(v) for v in stats[i])
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == i)
        (_, _), (rw, rh), a = cv2.minAreaRect(np.column_stack((xs, ys)).astype(np.float32))
        if rw < rh:
            rw, rh, a = rh, rw, a - 90
        a = (a + 90) % 180 - 90
        if rw >= min_len and rw >= 5 * max(rh, 1) and area >= 0.3 * rw * rh and abs(a) <= MAX_SKEW:
            angles.append((a, rw))
    if not angles:
        return 0.0
    angles.sort()
    total, acc = sum(w for _, w in angles), 0.0
    for a, w in angles:
        acc += w
        if acc >= total / 2:
            return a
    return 0.0


def _box(group: list[_Line]) -> BBox:
    xs = [g.x for g in group] + [g.x + g.w for g in group]
    ys = [g.y for g in group] + [g.y + g.h for g in group]
    return BBox.from_points(xs, ys)
