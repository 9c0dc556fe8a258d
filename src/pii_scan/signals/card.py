"""Card- and passport-page-shaped quadrilaterals.

Candidates come from several cheap segmentations of a ~480 px copy, so
that one of them survives a textured table, a shadow or glare: Canny edges
(as contours and as filled closed shapes), Otsu and fixed-share brightness
thresholds, and the distance from the frame's border colour. Each outline
is reduced to a quadrilateral with ``approxPolyDP`` (or its
``minAreaRect`` when the outline is rectangular but its corners are
rounded), whose sides are then snapped onto the strongest nearby edge so
the corners are exact despite rounded corners. The whole frame is a
candidate too, for flat scans where the card is the image.

A candidate is scored on four cues: how well its rectified aspect ratio
(estimated through the plane-rectangle homography, so it holds under
perspective) fits ID-1 (85.60 x 53.98 mm) or a passport page (125 x 88 mm),
its size, how much of its outline lies on image edges, and whether its
inside carries text lines running along the long side, as cards and data
pages do (a portrait A4 page, a book, a window or a screen do not).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from pii_scan.signals import CardQuad
from pii_scan.signals.text import line_blobs

__all__ = ["ID1_ASPECT", "PASSPORT_ASPECT", "find_card_quads", "order_corners", "rectified_aspect"]

ID1_ASPECT = 85.60 / 53.98
PASSPORT_ASPECT = 125.0 / 88.0
_KINDS = (("id1", ID1_ASPECT), ("passport", PASSPORT_ASPECT))
#: Log-aspect distance at which the fit reaches 0: ~10 % for a quad in the
#: scene (perspective estimate slack), ~7 % for the frame itself (so that
#: 4:3 and 16:9 photo frames do not pass as a card).
_TOL_QUAD, _TOL_FRAME = math.log(1.10), math.log(1.07)
#: Long side of the copy the outlines are searched on.
_SEARCH_SIDE = 480
#: Smallest share of the frame a card may cover.
_MIN_AREA = 0.025
#: Width range the inside of a candidate is warped to for the text check
#: (its own width in the working copy, within these bounds).
_INSIDE_W = (256, 400)
#: How many of the best shaped candidates get the (costlier) inside check.
_INSIDE_CHECKS = 4
_MAX_QUADS = 3
_MIN_SCORE = 0.4
#: Focal length, as a share of the long side, assumed when the quad itself
#: does not pin it down (phone main cameras are 0.7-0.9).
_DEFAULT_FOCAL = 0.85


def order_corners(pts: np.ndarray) -> np.ndarray:
    """Corners as TL, TR, BR, BL with the first side (TL-TR) a long side on top."""
    pts = np.asarray(pts, np.float64).reshape(4, 2)
    c = pts.mean(axis=0)
    pts = pts[np.argsort(np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0]))]  # clockwise on screen
    sides = np.linalg.norm(np.roll(pts, -1, axis=0) - pts, axis=1)
    if sides[0] + sides[2] < sides[1] + sides[3]:
        pts = np.roll(pts, -1, axis=0)
    top, bottom = pts[[0, 1]].mean(axis=0), pts[[2, 3]].mean(axis=0)
    if (top[1], top[0]) > (bottom[1], bottom[0]):
        pts = np.roll(pts, 2, axis=0)
    return pts


def rectified_aspect(corners: np.ndarray, center: tuple[float, float], long_side: float) -> float:
    """Long/short ratio of the plane rectangle seen as ``corners`` (TL, TR, BR, BL).

    Uses the single-view rectangle constraint (Zhang & He, "Whiteboard
    scanning and image enhancement", 2007) with the principal point at the
    frame centre and a typical phone focal length. Solving the focal length
    from the quad as well is exact for perfect corners but unstable for a
    small quad whose corners are off by a pixel, so it is not done. Returns
    0 for a degenerate quad.
    """
    u0, v0 = center
    (x1, y1), (x2, y2), (x4, y4), (x3, y3) = ((float(x) - u0, float(y) - v0) for x, y in corners)

    def cross(ax: float, ay: float, bx: float, by: float) -> tuple[float, float, float]:
        return ay - by, bx - ax, ax * by - ay * bx  # (ax, ay, 1) x (bx, by, 1)

    def dot(c: tuple[float, float, float], x: float, y: float) -> float:
        return c[0] * x + c[1] * y + c[2]

    c14 = cross(x1, y1, x4, y4)
    d2 = dot(cross(x2, y2, x4, y4), x3, y3)
    d3 = dot(cross(x3, y3, x4, y4), x2, y2)
    if abs(d2) < 1e-9 or abs(d3) < 1e-9:
        return 0.0
    k2 = dot(c14, x3, y3) / d2
    k3 = dot(c14, x2, y2) / d3
    n2 = (k2 * x2 - x1, k2 * y2 - y1, k2 - 1.0)
    n3 = (k3 * x3 - x1, k3 * y3 - y1, k3 - 1.0)
    f2 = (_DEFAULT_FOCAL * long_side) ** 2
    num = n2[0] ** 2 + n2[1] ** 2 + f2 * n2[2] ** 2
    den = n3[0] ** 2 + n3[1] ** 2 + f2 * n3[2] ** 2
    if num <= 0 or den <= 0:
        return 0.0
    r = math.sqrt(num / den)
    return max(r, 1 / r)


# -- candidate outlines --------------------------------------------------------


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    """``mask`` with every region not reachable from the border filled in."""
    h, w = mask.shape
    padded = cv2.copyMakeBorder(mask, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    flood = padded.copy()
    cv2.floodFill(flood, np.zeros((h + 4, w + 4), np.uint8), (0, 0), 255)
    return (padded | (255 - flood))[1:-1, 1:-1]


def _outlines(small_rgb: np.ndarray, g: np.ndarray) -> list[np.ndarray]:
    """Contours of three segmentations: edges, Otsu (both ways), border-colour distance."""
    blur = cv2.GaussianBlur(g, (5, 5), 0)
    k3 = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    k5 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    k7 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))
    found: list[np.ndarray] = []
    for lo, hi in ((20, 60), (50, 150)):
        edges = cv2.dilate(cv2.Canny(blur, lo, hi), k3)
        found += cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)[0]
        # closed outlines filled solid, then thin edge lines opened away:
        # what is left are closed shapes, detached from clutter lines
        solid = _fill_holes(edges)
        found += cv2.findContours(cv2.morphologyEx(solid, cv2.MORPH_OPEN, k7), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]
    _, otsu = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    rgb = small_rgb
    if rgb.shape[:2] != g.shape:
        rgb = cv2.resize(rgb, g.shape[::-1], interpolation=cv2.INTER_LINEAR)
    rgb = cv2.medianBlur(rgb, 5)
    border = np.concatenate([rgb[:4], rgb[-4:], rgb[:, :4].transpose(1, 0, 2), rgb[:, -4:].transpose(1, 0, 2)], axis=1)
    border = border.reshape(-1, 3)
    r, gr, b = cv2.split(cv2.absdiff(rgb, (*(float(v) for v in np.median(border, axis=0)), 0.0)))
    dist = cv2.max(cv2.max(r, gr), b)
    _, fg = cv2.threshold(dist, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    masks = [otsu, 255 - otsu, fg]
    # several brightness levels: at one of them a light card separates
    # from clutter that Otsu lumps it with
    cdf = np.cumsum(np.bincount(blur.ravel(), minlength=256)) / blur.size
    for q in (0.4, 0.6, 0.8):
        masks.append(cv2.threshold(blur, int(np.searchsorted(cdf, q)), 255, cv2.THRESH_BINARY)[1])
    for mask in masks:
        mask = cv2.morphologyEx(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, k5), cv2.MORPH_OPEN, k7)
        found += cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]
    return found


def _quad_of(contour: np.ndarray, min_area: float) -> np.ndarray | None:
    """A 4-corner approximation of a contour's hull, or None."""
    _, _, bw, bh = cv2.boundingRect(contour)
    if bw * bh < min_area:
        return None
    hull = cv2.convexHull(contour)
    area = cv2.contourArea(hull)
    if area < min_area:
        return None
    peri = cv2.arcLength(hull, True)
    for eps in (0.015, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) == 4:
            return approx.reshape(4, 2).astype(np.float64)
        if len(approx) < 4:
            break
    rect = cv2.minAreaRect(hull)
    if area >= 0.9 * rect[1][0] * rect[1][1]:
        return cv2.boxPoints(rect).astype(np.float64)
    return None


def _angles_ok(q: np.ndarray) -> bool:
    """All corner angles within 45-135 degrees (a card seen at up to ~50 degrees tilt)."""
    pts = [(float(x), float(y)) for x, y in q]
    for i in range(4):
        (ax, ay), (bx, by), (cx, cy) = pts[i - 1], pts[i], pts[(i + 1) % 4]
        ux, uy, vx, vy = ax - bx, ay - by, cx - bx, cy - by
        norm = math.hypot(ux, uy) * math.hypot(vx, vy)
        if norm == 0 or abs((ux * vx + uy * vy) / norm) > math.cos(math.radians(45)):
            return False
    return True


# -- scoring -------------------------------------------------------------------


def _aspect_fit(aspect: float, tol: float) -> tuple[str, float]:
    if aspect <= 0:
        return "", 0.0
    kind, target = min(_KINDS, key=lambda kt: abs(math.log(aspect / kt[1])))
    d = abs(math.log(aspect / target)) / tol
    return kind, max(0.0, 1.0 - d * d)


def _across(q: np.ndarray, gx: np.ndarray, gy: np.ndarray, i: int, t: np.ndarray, shifts: np.ndarray) -> np.ndarray:
    """Gradient across side ``i`` sampled at ``t`` with its ends moved by ``shifts``.

    ``shifts`` is (k, 2): the moves of the start and end point along the
    side's normal. Returns (k, len(t)) gradient components along the normal.
    """
    h, w = gx.shape
    a, b = q[i], q[(i + 1) % 4]
    d = b - a
    n = np.array([-d[1], d[0]]) / (np.linalg.norm(d) + 1e-9)
    ends_a = a[None, :] + shifts[:, :1] * n[None, :]
    ends_b = b[None, :] + shifts[:, 1:] * n[None, :]
    pts = ends_a[:, None, :] + t[None, :, None] * (ends_b - ends_a)[:, None, :]
    xs = np.clip(np.rint(pts[..., 0]).astype(np.intp), 0, w - 1)
    ys = np.clip(np.rint(pts[..., 1]).astype(np.intp), 0, h - 1)
    return gx[ys, xs] * n[0] + gy[ys, xs] * n[1]


_T = np.linspace(0.1, 0.9, 24)


def _snap(q: np.ndarray, gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """The quad with each side moved onto the strongest one-signed edge nearby.

    Both ends of a side move independently by a few pixels along its
    normal; the corners are then the intersections of the moved sides.
    """
    lines = []
    for i in range(4):
        side = float(np.linalg.norm(q[(i + 1) % 4] - q[i]))
        r = int(np.clip(0.04 * side, 2, 5))
        steps = np.arange(-r, r + 1, dtype=np.float64)
        shifts = np.stack(np.meshgrid(steps, steps, indexing="ij"), axis=-1).reshape(-1, 2)
        vals = _across(q, gx, gy, i, _T, shifts)
        best = shifts[int(np.argmax(np.abs(vals.sum(axis=1))))]
        a, b = q[i], q[(i + 1) % 4]
        d = b - a
        n = np.array([-d[1], d[0]]) / (np.linalg.norm(d) + 1e-9)
        lines.append((a + best[0] * n, b + best[1] * n))
    out = []
    for i in range(4):
        (p1, p2), (p3, p4) = lines[i - 1], lines[i]
        d1, d2 = p2 - p1, p4 - p3
        den = d1[0] * d2[1] - d1[1] * d2[0]
        if abs(den) < 1e-9:
            return q
        s = ((p3[0] - p1[0]) * d2[1] - (p3[1] - p1[1]) * d2[0]) / den
        out.append(p1 + s * d1)
    return np.array(out)


def _edge_support(q: np.ndarray, gx: np.ndarray, gy: np.ndarray, skip: tuple[bool, ...] = (False,) * 4) -> float:
    """0-1: how much of the outline (corners left out) runs along a real boundary.

    A sample point counts when the gradient across the side is strong and
    of the sign most of that side has (one colour inside, another outside).
    Texture and clutter have edges too, but not of one sign along a whole
    side. The weakest side weighs in as much as the mean: a quad with a
    side in the middle of nowhere (a part of a card, a patch of table) is
    no outline. Sides flagged in ``skip`` (lying on the frame border, where
    a card cut by the frame or a tight scan has no edge) are left out.
    """
    per_side = []
    for i in range(4):
        if skip[i]:
            continue
        vals = _across(q, gx, gy, i, _T, np.zeros((1, 2)))[0]
        strong = np.abs(vals) > 12
        if not strong.any():
            per_side.append(0.0)
            continue
        sign = np.sign(np.median(vals[strong]))
        per_side.append(float(np.count_nonzero(strong & (np.sign(vals) == sign))) / len(vals))
    if not per_side:
        return 0.5
    return 0.5 * float(np.mean(per_side)) + 0.5 * min(per_side)


def _text_along(gray: np.ndarray, q: np.ndarray, aspect: float) -> float:
    """0-1: text lines inside the quad that run along its long side."""
    long_px = max(float(np.linalg.norm(q[1] - q[0])), float(np.linalg.norm(q[2] - q[3])))
    w = int(np.clip(long_px, _INSIDE_W[0], _INSIDE_W[1]))
    h = max(8, int(round(w / max(aspect, 1.0))))
    dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    flat = cv2.warpPerspective(gray, cv2.getPerspectiveTransform(q.astype(np.float32), dst), (w, h), flags=cv2.INTER_LINEAR)
    m = max(2, h // 25)
    flat = flat[m:-m, m:-m]
    along = line_blobs(flat, max_height_frac=0.16)
    across = line_blobs(np.ascontiguousarray(flat.T), max_height_frac=0.16)
    fh, fw = flat.shape
    n_along = sum(min(1.0, bw / (0.25 * fw)) for _, _, bw, _ in along)
    n_across = sum(min(1.0, bh / (0.25 * fw)) for _, _, bh, _ in across)
    if not along:
        return 0.0
    # a card's text spreads over the card; text bunched in a corner of a
    # big quad is a card (or a label) inside something else
    x0 = min(b[0] for b in along)
    y0 = min(b[1] for b in along)
    x1 = max(b[0] + b[2] for b in along)
    y1 = max(b[1] + b[3] for b in along)
    spread = min(1.0, ((x1 - x0) / fw) * ((y1 - y0) / fh) / 0.3)
    score = min(1.0, n_along / 3.0) * spread
    if n_across > n_along:
        score *= 0.3
    return score


def _area(q: np.ndarray) -> float:
    return float(cv2.contourArea(q.astype(np.float32)))


def _same(a: np.ndarray, b: np.ndarray, diag: float, tol: float = 0.04) -> bool:
    """True when two quads' corners are on average within ``tol`` of the diagonal."""
    return sum(math.hypot(a[i][0] - b[i][0], a[i][1] - b[i][1]) for i in range(4)) < 4 * tol * diag


def _on_border(q: np.ndarray, w: int, h: int, margin: float) -> tuple[bool, ...]:
    """For each side, whether both its ends lie on the same frame border."""
    def near(p: np.ndarray) -> set[str]:
        x, y = p
        return {n for n, d in (("l", x), ("t", y), ("r", w - 1 - x), ("b", h - 1 - y)) if d <= margin}

    return tuple(bool(near(q[i]) & near(q[(i + 1) % 4])) for i in range(4))


@dataclass
class _Candidate:
    """A quadrilateral under evaluation (corners in search-copy pixels)."""

    q: np.ndarray
    is_frame: bool
    kind: str = ""
    aspect: float = 0.0
    fit: float = 0.0
    frac: float = 0.0
    edge: float = 0.0
    text: float = 0.0
    pre: float = 0.0
    score: float = 0.0


def _search_copy(gray: np.ndarray) -> tuple[np.ndarray, float]:
    H, W = gray.shape[:2]
    k = min(1.0, _SEARCH_SIDE / max(H, W))
    if k >= 1.0:
        return gray, 1.0
    interp = cv2.INTER_AREA if k < 0.5 else cv2.INTER_LINEAR
    return cv2.resize(gray, (max(1, round(W * k)), max(1, round(H * k))), interpolation=interp), k


def _candidates(small_rgb: np.ndarray, g: np.ndarray) -> list[_Candidate]:
    """The frame plus every distinct plausible quad outline, with shape cues scored."""
    gh, gw = g.shape
    frame_area = float(gh * gw)
    diag = math.hypot(gw, gh)
    quads: list[np.ndarray] = []
    min_area = _MIN_AREA * frame_area
    for c in _outlines(small_rgb, g):
        if len(c) < 4:
            continue
        q = _quad_of(c, min_area)
        if q is None:
            continue
        q = order_corners(q)
        if _angles_ok(q) and not any(_same(q, p, diag, 0.01) for p in quads):
            quads.append(q)
    smooth = cv2.GaussianBlur(g, (5, 5), 0).astype(np.float32)
    gx, gy = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3) / 4, cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3) / 4
    margin = 0.02 * max(gw, gh)
    frame = order_corners(np.array([[0, 0], [gw - 1, 0], [gw - 1, gh - 1], [0, gh - 1]], np.float64))
    center, long_side = (gw / 2, gh / 2), float(max(gw, gh))
    out: list[_Candidate] = []
    for i, q in enumerate([frame] + quads):
        frac = _area(q) / frame_area
        on_border = _on_border(q, gw, gh, margin)
        cand = _Candidate(q, is_frame=i == 0 or (frac > 0.8 and all(on_border)), frac=frac)
        tol = _TOL_FRAME if cand.is_frame else _TOL_QUAD
        if _aspect_fit(rectified_aspect(q, center, long_side), 1.6 * tol)[1] <= 0:
            continue  # not even roughly card-shaped: not worth snapping
        if not cand.is_frame:
            cand.q = q = order_corners(_snap(q, gx, gy))
        cand.aspect = rectified_aspect(q, center, long_side)
        cand.kind, cand.fit = _aspect_fit(cand.aspect, tol)
        if cand.fit <= 0:
            continue
        if cand.is_frame:
            cand.pre = cand.fit * 0.7
        else:
            cand.edge = _edge_support(q, gx, gy, _on_border(q, gw, gh, margin))
            size = min(1.0, max(0.0, (frac - _MIN_AREA) / 0.02))
            cand.pre = cand.fit * size * (0.4 + 0.6 * cand.edge)
        if cand.pre > 0.05:
            out.append(cand)
    out.sort(key=lambda c: -c.pre)
    distinct: list[_Candidate] = []
    for c in out:
        if not any(_same(c.q, d.q, diag, 0.015) for d in distinct):
            distinct.append(c)
    return distinct


def _score(cands: list[_Candidate], gray: np.ndarray, k: float) -> list[_Candidate]:
    """Add the inside-text cue to the best few candidates and give their final score."""
    cands = [c for c in cands[:_INSIDE_CHECKS] if c.pre >= _MIN_SCORE]
    for c in cands:
        c.text = _text_along(gray, c.q / k, c.aspect)
        c.score = c.pre * ((0.1 + 0.75 * c.text) if c.is_frame else (0.35 + 0.65 * c.text))
    return sorted(cands, key=lambda c: -c.score)


def find_card_quads(small_rgb: np.ndarray, gray: np.ndarray, *, scale: float) -> list[CardQuad]:
    """Card- and passport-page-shaped quadrilaterals, best first, corners in original pixels."""
    if min(gray.shape[:2]) < 24:
        return []
    g, k = _search_copy(gray)
    diag = math.hypot(*g.shape)
    kept: list[_Candidate] = []
    for c in _score(_candidates(small_rgb, g), gray, k):
        if c.score >= _MIN_SCORE and not any(_same(c.q, o.q, diag) for o in kept):
            kept.append(c)
    f = scale / k
    return [
        CardQuad(
            corners=tuple((float(x * f), float(y * f)) for x, y in c.q),
            kind=c.kind,
            aspect=round(c.aspect, 4),
            score=round(min(1.0, c.score), 4),
            area_fraction=round(min(1.0, c.frac), 4),
        )
        for c in kept[:_MAX_QUADS]
    ]
