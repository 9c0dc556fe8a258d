"""Card outlines from straight edges, for a card whose outline merges with what it lies on.

The outline search (``card.py``) segments the image into regions; a light
card lying over a white cup or plate, or a dark one on a dark table, joins
that object's region on one side and no region has the card's shape. Its
other sides are still straight, long edges. Here long line segments
(OpenCV's LSD on a reduced copy) are merged along their lines and combined
into quadrilaterals: two roughly parallel lines crossed by two others, or
by one other, the fourth side then placed where a card's aspect puts it.
The quads are only candidates: ``card.py`` snaps them to edges and scores
their shape, edge support and the print inside like any outline.
"""

from __future__ import annotations

import math
from itertools import combinations

import cv2
import numpy as np

__all__ = ["line_quads"]

#: Long side the segments are detected at (long edges survive; texture shrinks away).
_DETECT_SIDE = 320
#: Least length of a line, as a share of the image's long side.
_MIN_LEN = 0.12
#: Lines kept (longest first) for combining.
_MAX_LINES = 16
#: Angle (degrees) within which two lines count as parallel, and how far
#: from perpendicular crossing lines may be (a card seen tilted).
_PARALLEL_DEG = 12.0
_CROSS_DEG = 40.0
#: Collinear merging: angle (degrees), distance from the line (share of the
#: long side) and gap between pieces (share of the long side).
_MERGE_DEG, _MERGE_DIST, _MERGE_GAP = 3.0, 0.006, 0.08
#: Pieces shorter than this share of the long side are texture, not edge; at
#: most this many of the longest pieces are merged.
_MIN_PIECE, _MAX_PIECES = 0.03, 120
#: Parallel pairs combined (longest first), and quads returned (best supported first).
_MAX_PAIRS, _MAX_QUADS = 24, 6
#: Least share of each quad side a line must cover.
_COVER = 0.4
#: Document aspects a missing fourth side is placed for (ID-1, passport page).
_ASPECTS = (85.6 / 53.98, 125.0 / 88.0)

_Pt = tuple[float, float]
_Line = tuple[_Pt, _Pt]  # two end points
# Plain floats, not numpy: these are thousands of 2-D operations on tiny data.


def _segments(gray: np.ndarray) -> np.ndarray:
    """Line segments (x0, y0, x1, y1) in ``gray``'s pixels, found on a reduced copy."""
    h, w = gray.shape[:2]
    f = min(1.0, _DETECT_SIDE / max(h, w))
    small = gray
    if f < 1:
        small = cv2.resize(gray, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    found = cv2.createLineSegmentDetector(cv2.LSD_REFINE_NONE).detect(small)[0]
    if found is None:
        return np.zeros((0, 4), np.float64)
    return found.reshape(-1, 4).astype(np.float64) / f


def _sub(a: _Pt, b: _Pt) -> _Pt:
    return a[0] - b[0], a[1] - b[1]


def _dot(a: _Pt, b: _Pt) -> float:
    return a[0] * b[0] + a[1] * b[1]


def _along(a: _Pt, u: _Pt, t: float) -> _Pt:
    return a[0] + u[0] * t, a[1] + u[1] * t


def _unit(d: _Pt) -> tuple[_Pt, float]:
    n = math.hypot(*d)
    return ((d[0] / n, d[1] / n) if n else (0.0, 0.0)), n


def _angle(d: _Pt) -> float:
    """Direction of a vector in degrees, folded into [0, 180)."""
    return math.degrees(math.atan2(d[1], d[0])) % 180.0


def _angle_gap(a: float, b: float) -> float:
    d = abs(a - b) % 180.0
    return min(d, 180.0 - d)


def _length(line: _Line) -> float:
    return math.hypot(*_sub(line[1], line[0]))


def _merge(segs: np.ndarray, long_side: float) -> list[_Line]:
    """Segments joined along their common lines (a long edge is often found in pieces)."""
    lengths = np.hypot(segs[:, 2] - segs[:, 0], segs[:, 3] - segs[:, 1])
    order = [int(i) for i in np.argsort(-lengths)[:_MAX_PIECES] if lengths[i] >= _MIN_PIECE * long_side]
    lines: list[list[_Pt]] = []  # [p0, p1]
    for i in order:
        p, q = (float(segs[i, 0]), float(segs[i, 1])), (float(segs[i, 2]), float(segs[i, 3]))
        for line in lines:
            a = line[0]
            u, n = _unit(_sub(line[1], a))
            if n == 0 or _angle_gap(_angle(u), _angle(_sub(q, p))) > _MERGE_DEG:
                continue
            normal = (-u[1], u[0])
            if max(abs(_dot(_sub(p, a), normal)), abs(_dot(_sub(q, a), normal))) > _MERGE_DIST * long_side:
                continue
            tp, tq = sorted([_dot(_sub(p, a), u), _dot(_sub(q, a), u)])
            if max(tp - n, -tq, 0.0) > _MERGE_GAP * long_side:
                continue
            line[0], line[1] = _along(a, u, min(0.0, tp)), _along(a, u, max(n, tq))
            break
        else:
            lines.append([p, q])
    return [(a, b) for a, b in lines]


def _cross(l1: _Line, l2: _Line) -> _Pt | None:
    """Where the infinite lines through ``l1`` and ``l2`` meet (None if parallel)."""
    (p, q), (r, s) = l1, l2
    d1, d2 = _sub(q, p), _sub(s, r)
    den = d1[0] * d2[1] - d1[1] * d2[0]
    if abs(den) < 1e-9:
        return None
    t = ((r[0] - p[0]) * d2[1] - (r[1] - p[1]) * d2[0]) / den
    return _along(p, d1, t)


def _covers(line: _Line, a: _Pt, b: _Pt) -> bool:
    """Whether ``line`` lies along side a-b over at least ``_COVER`` of it."""
    u, n = _unit(_sub(b, a))
    if n < 1:
        return False
    t0, t1 = sorted([_dot(_sub(line[0], a), u), _dot(_sub(line[1], a), u)])
    return (min(t1, n) - max(t0, 0.0)) >= _COVER * n


def _convex(q: list[_Pt]) -> bool:
    turns = []
    for i in range(4):
        a, b, c = q[i], q[(i + 1) % 4], q[(i + 2) % 4]
        turns.append((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]))
    return all(t > 0 for t in turns) or all(t < 0 for t in turns)


def _inside(q: list[_Pt], w: int, h: int) -> bool:
    m = 0.02 * max(w, h)
    xs, ys = [p[0] for p in q], [p[1] for p in q]
    return min(xs) >= -m and min(ys) >= -m and max(xs) <= w - 1 + m and max(ys) <= h - 1 + m


def _four_sided(a: _Line, b: _Line, c: _Line, d: _Line) -> list[_Pt] | None:
    """The quad bounded by parallel pair (a, b) and crossing pair (c, d), if each line runs along its side."""
    corners = [_cross(a, c), _cross(c, b), _cross(b, d), _cross(d, a)]
    if any(p is None for p in corners):
        return None
    q: list[_Pt] = [p for p in corners if p is not None]
    sides = ((a, q[3], q[0]), (c, q[0], q[1]), (b, q[1], q[2]), (d, q[2], q[3]))
    if not _convex(q) or not all(_covers(line, s, e) for line, s, e in sides):
        return None
    return q


def _three_sided(a: _Line, b: _Line, c: _Line) -> list[list[_Pt]]:
    """Quads with sides along a, b (parallel) and c, the fourth side placed for each document aspect."""
    pa, pb = _cross(a, c), _cross(b, c)
    if pa is None or pb is None:
        return []
    across = math.hypot(*_sub(pb, pa))
    if across < 1:
        return []
    # the side away from c: where a and b mostly run
    mid_a = ((a[0][0] + a[1][0]) / 2, (a[0][1] + a[1][1]) / 2)
    mid_b = ((b[0][0] + b[1][0]) / 2, (b[0][1] + b[1][1]) / 2)
    da, db = _sub(mid_a, pa), _sub(mid_b, pb)
    u, n = _unit((da[0] + db[0], da[1] + db[1]))
    if n < 1:
        return []
    out = []
    for aspect in _ASPECTS:
        for along in (across * aspect, across / aspect):  # c a short side, or a long one
            q = [pa, pb, _along(pb, u, along), _along(pa, u, along)]
            if _convex(q) and _covers(a, q[0], q[3]) and _covers(b, q[1], q[2]):
                out.append(q)
    return out


def line_quads(gray: np.ndarray) -> list[np.ndarray]:
    """Quadrilaterals (4x2 corners in ``gray``'s pixels, any order) built from long straight edges.

    Best supported first: by the length of the edges found along their sides.
    """
    h, w = gray.shape[:2]
    long_side = float(max(h, w))
    segs = _segments(gray)
    if not len(segs):
        return []
    lines = [ln for ln in _merge(segs, long_side) if _length(ln) >= _MIN_LEN * long_side]
    lines = sorted(lines, key=lambda ln: -_length(ln))[:_MAX_LINES]
    lengths = [_length(ln) for ln in lines]
    angles = [_angle(_sub(ln[1], ln[0])) for ln in lines]
    pairs = []
    for i, j in combinations(range(len(lines)), 2):
        if _angle_gap(angles[i], angles[j]) <= _PARALLEL_DEG:
            a = lines[i][0]
            u, _ = _unit(_sub(lines[i][1], a))
            mid = ((lines[j][0][0] + lines[j][1][0]) / 2, (lines[j][0][1] + lines[j][1][1]) / 2)
            if abs(_dot(_sub(mid, a), (-u[1], u[0]))) >= 0.06 * long_side:
                pairs.append((i, j))
    pairs = sorted(pairs, key=lambda p: -(lengths[p[0]] + lengths[p[1]]))[:_MAX_PAIRS]
    found: list[tuple[float, list[_Pt]]] = []
    for (i, j), (k, m) in combinations(pairs, 2):
        if len({i, j, k, m}) == 4 and abs(90.0 - _angle_gap(angles[i], angles[k])) <= _CROSS_DEG:
            q = _four_sided(lines[i], lines[j], lines[k], lines[m])
            if q is not None and _inside(q, w, h):
                found.append((lengths[i] + lengths[j] + lengths[k] + lengths[m], q))
    for i, j in pairs:
        for k in range(len(lines)):
            if k not in (i, j) and abs(90.0 - _angle_gap(angles[i], angles[k])) <= _CROSS_DEG:
                support = lengths[i] + lengths[j] + lengths[k]
                found += [(support, q) for q in _three_sided(lines[i], lines[j], lines[k]) if _inside(q, w, h)]
    found.sort(key=lambda sq: -sq[0])
    return [np.array(q, np.float64) for _, q in found[:_MAX_QUADS]]
