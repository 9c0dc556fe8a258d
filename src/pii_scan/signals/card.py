"""Card- and passport-page-shaped quadrilaterals.

The gray range is first stretched (a dim photo's card edge becomes as
strong as a bright one's) and the edge threshold follows the image's own
gradient noise (a light card on a clean white page has an edge of a few
gray levels; a render keeps the photo threshold, its UI panels being crisp).
Candidates come from several cheap segmentations of a ~480 px copy, so
that one of them survives a textured table, a shadow or glare: Canny edges
(as contours and as filled closed shapes), Otsu and fixed-share brightness
thresholds, and the distance from the frame's border colour (finely, on a
flat background). Each outline is reduced to a quadrilateral with
``approxPolyDP`` (or its ``minAreaRect`` when the outline is rectangular
but its corners are rounded), whose sides are then snapped, on the working
copy, onto the strongest nearby edge so the corners are exact despite
rounded corners and small cards (down to ~1 % of the frame). A part of a
card split off along its long side (a dark header band on a dark table) is
grown back to a document aspect. A quad with three sides on edges and the
fourth across nothing (its outline ran into a shadow or a merged object,
or a straight-edge quad's fourth side was placed by aspect) is tried again
with that side moved to the best edge between its neighbours' lines. The
whole frame is a candidate too, for flat scans where the card is the image;
and on a clean page (a scan with margins), the regions a few levels off the
page's colour are candidates as found (``page_card``): a light card on
white paper has an edge too faint for the search above.

A candidate is scored on four cues: how well its rectified aspect ratio
(estimated through the plane-rectangle homography, so it holds under
perspective; a small, far card's shape as it appears also counts) fits
ID-1 (85.60 x 53.98 mm) or a passport page (125 x 88 mm), its size, how
much of its outline lies on image edges, and whether its inside carries
text lines running along the long side, as cards and data pages do (a
portrait A4 page, a book, a window or a screen do not).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import cv2
import numpy as np

from pii_scan.location import THUMB_MAX_SIDE
from pii_scan.signals import CardQuad
from pii_scan.signals.card_lines import line_quads
from pii_scan.signals.text import line_blobs
from pii_scan.signals.tone import stretch_lut

__all__ = [
    "ID1_ASPECT",
    "LINES_FOR_EDGES",
    "PASSPORT_ASPECT",
    "CardSearch",
    "find_card_quads",
    "order_corners",
    "rectified_aspect",
    "search_cards",
]

ID1_ASPECT = 85.60 / 53.98
PASSPORT_ASPECT = 125.0 / 88.0
_KINDS = (("id1", ID1_ASPECT), ("passport", PASSPORT_ASPECT))
#: Log-aspect distance at which the fit reaches 0: ~10 % for a quad in the
#: scene (perspective estimate slack), ~7 % for the frame itself (so that
#: 4:3 and 16:9 photo frames do not pass as a card).
_TOL_QUAD, _TOL_FRAME = math.log(1.10), math.log(1.07)
#: Long side of the copy the outlines are searched on.
_SEARCH_SIDE = 480
#: Smallest share of the frame a card may cover, and the share from which
#: size no longer lowers the score (a card on a table photographed from
#: standing height covers 1-3 %).
_MIN_AREA, _FULL_AREA = 0.01, 0.025
#: Mean pixel noise (gray levels, after stretching) from which the inside
#: of a quad is smoothed before its text is looked for (a dim photo).
_GRAINY = 5.0
#: Share of pixels exactly equal to their neighbours above which an image is
#: a render (screenshots: 0.75-0.9; photos and scans: under 0.35).
_RENDERED_FLAT = 0.5
# An image of a thumbnail's size (THUMB_MAX_SIDE) may be a shrunk copy:
# shrinking takes a scan's or photo's noise away, so it may look rendered.
#: Aspect fit kept by a quad with a corner on the frame border (perhaps cut by it).
_CUT_FIT = 0.8
#: Edge support from which a quad of the wrong aspect is tried grown to a
#: whole card, and the most it may grow (a share of its short side).
_EXTEND_EDGE, _MAX_EXTEND = 0.6, 0.5
#: Most a dim or flat image's gray range is stretched by.
_MAX_GAIN = 4.0
#: Bounds of the gradient (gray levels per pixel) that counts as an edge;
#: in between it follows the image's own gradient noise.
_EDGE_MIN, _EDGE_MAX = 3.0, 12.0
#: Edge threshold under which the image is clean and flat (a scan): light
#: things on it are looked for a few levels off the background's colour.
_CLEAN_EDGE = 6.0
#: Width range the inside of a candidate is warped to for the text check
#: (its own width in the working copy, within these bounds).
_INSIDE_W = (256, 400)
#: How many of the best shaped candidates get the (costlier) inside check.
_INSIDE_CHECKS = 4
_MAX_QUADS = 3
_MIN_SCORE = 0.4
#: Weight of a quad's shape read with another focal length, or as it appears.
_ALT_READING = 0.85
#: Focal length, as a share of the long side, assumed when the quad itself
#: does not pin it down (phone main cameras are 0.7-0.9).
_DEFAULT_FOCAL = 0.85
#: Corner angles (degrees) a quad may have when it is a rectangle seen in steep perspective, and the
#: focal lengths (a share of the frame's long side) that make it one: phone cameras, ultra-wide to 2x.
_STEEP_ANGLES = (25.0, 155.0)
_PHONE_FOCAL = (0.45, 1.6)
#: Distance (in frame long sides) beyond which a pair of sides' vanishing point is at infinity.
_PARALLEL_FAR = 20.0


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


_Normal = tuple[float, float, float]


def _side_normals(corners: np.ndarray, center: tuple[float, float]) -> tuple[_Normal, _Normal] | None:
    """The two plane-direction vectors of the rectangle seen as ``corners`` (TL, TR, BR, BL), up to
    the focal length (Zhang & He's n2 and n3), with the principal point at ``center``; None if degenerate."""
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
        return None
    k2 = dot(c14, x3, y3) / d2
    k3 = dot(c14, x2, y2) / d3
    return (k2 * x2 - x1, k2 * y2 - y1, k2 - 1.0), (k3 * x3 - x1, k3 * y3 - y1, k3 - 1.0)


def rectified_aspect(
    corners: np.ndarray, center: tuple[float, float], long_side: float, *, focal: float = _DEFAULT_FOCAL
) -> float:
    """Long/short ratio of the plane rectangle seen as ``corners`` (TL, TR, BR, BL); 0 if degenerate."""
    r = plane_ratio(corners, center, long_side, focal=focal)
    return max(r, 1 / r) if r > 0 else 0.0


def plane_ratio(
    corners: np.ndarray, center: tuple[float, float], long_side: float, *, focal: float = _DEFAULT_FOCAL
) -> float:
    """Width (TL-TR) over height (TL-BL) of the plane rectangle seen as ``corners`` (TL, TR, BR, BL).

    Uses the single-view rectangle constraint (Zhang & He, "Whiteboard
    scanning and image enhancement", 2007) with the principal point at the
    frame centre and a typical phone focal length. Solving the focal length
    from the quad as well (``own_focal``) is exact for perfect corners but
    unstable for a small quad whose corners are off by a pixel, so the shape
    is not read with it. ``focal`` is the focal length as a share of
    ``long_side``. Returns 0 for a degenerate quad.
    """
    normals = _side_normals(corners, center)
    if normals is None:
        return 0.0
    n2, n3 = normals
    f2 = (focal * long_side) ** 2
    num = n2[0] ** 2 + n2[1] ** 2 + f2 * n2[2] ** 2
    den = n3[0] ** 2 + n3[1] ** 2 + f2 * n3[2] ** 2
    return math.sqrt(num / den) if num > 0 and den > 0 else 0.0


def own_focal(corners: np.ndarray, center: tuple[float, float], long_side: float) -> float | None:
    """The focal length (a share of ``long_side``) under which ``corners`` are a rectangle's.

    The rectangle's sides are at right angles on its plane: with both pairs
    of opposite sides converging, that pins the focal length down. None when
    no real one does (no rectangle looks so), or when a pair is parallel in
    the image (any focal length would do).
    """
    normals = _side_normals(corners, center)
    if normals is None:
        return None
    n2, n3 = normals
    # a side pair's vanishing point lies |n[:2]| / |n[2]| pixels from the centre: too far, and the
    # pair is as good as parallel (the focal length then hangs on a rounding error)
    if any(abs(n[2]) * _PARALLEL_FAR * long_side <= math.hypot(n[0], n[1]) for n in (n2, n3)):
        return None
    f2 = -(n2[0] * n3[0] + n2[1] * n3[1]) / (n2[2] * n3[2])
    return math.sqrt(f2) / long_side if f2 > 0 else None


# -- candidate outlines --------------------------------------------------------


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    """``mask`` with every region not reachable from the border filled in."""
    h, w = mask.shape
    padded = cv2.copyMakeBorder(mask, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    flood = padded.copy()
    cv2.floodFill(flood, np.zeros((h + 4, w + 4), np.uint8), (0, 0), 255)
    return (padded | (255 - flood))[1:-1, 1:-1]


def border_distance(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    """How far each pixel's colour is from the frame border's, and how even the border is.

    On ``rgb`` smoothed by a 5x5 median: per pixel, the largest channel
    difference from the border's median colour; and the 95th percentile of
    that difference along the border itself.
    """
    rgb = cv2.medianBlur(rgb, 5)
    border = np.concatenate([rgb[:4], rgb[-4:], rgb[:, :4].transpose(1, 0, 2), rgb[:, -4:].transpose(1, 0, 2)], axis=1)
    r, g, b = cv2.split(cv2.absdiff(rgb, (*(float(v) for v in np.median(border.reshape(-1, 3), axis=0)), 0.0)))
    dist = cv2.max(cv2.max(r, g), b)
    edge = np.concatenate([dist[:4].ravel(), dist[-4:].ravel(), dist[:, :4].ravel(), dist[:, -4:].ravel()])
    return dist, float(np.percentile(edge, 95))


def off_background(dist: np.ndarray, spread: float) -> np.ndarray:
    """What lies a few levels off a clean background's colour (``border_distance``), closed and filled solid."""
    fine = cv2.threshold(dist, max(2.5, 2.0 * spread), 255, cv2.THRESH_BINARY)[1]
    k7 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))
    return _fill_holes(cv2.morphologyEx(fine, cv2.MORPH_CLOSE, k7))


def _outlines(small_rgb: np.ndarray, g: np.ndarray, edge_thr: float) -> list[np.ndarray]:
    """Contours of three segmentations: edges, Otsu (both ways), border-colour distance.

    ``edge_thr`` is the edge threshold of the image (low when it is flat and
    clean, as a scan): it adds a low-threshold edge map and a fine colour
    difference from the border, for a light card on white paper.
    """
    blur = cv2.GaussianBlur(g, (5, 5), 0)
    k3 = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    k5 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    k7 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))
    found: list[np.ndarray] = []
    cannies = [(20, 60), (50, 150)]
    if edge_thr < _CLEAN_EDGE:  # Canny's Sobel magnitude is ~4-6x the per-pixel gradient
        cannies.insert(0, (int(3 * edge_thr), int(8 * edge_thr)))
    for lo, hi in cannies:
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
    dist, spread = border_distance(rgb)
    _, fg = cv2.threshold(dist, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    masks = [otsu, 255 - otsu, fg]
    if edge_thr < _CLEAN_EDGE:
        # a clean, flat background (a scan): anything a few levels off its
        # colour is something on it, a light card on white paper included
        masks.append(off_background(dist, spread))
    # colour alone: a light card on a surface as bright but of another hue (lavender on pale green)
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)
    for channel in (1, 2):
        _, hue = cv2.threshold(cv2.GaussianBlur(lab[..., channel], (5, 5), 0), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        masks += [hue, 255 - hue]
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


def _corner_angles(q: np.ndarray) -> list[float]:
    """The quad's four corner angles, in degrees."""
    angles = []
    for i in range(4):
        u, v = q[i - 1] - q[i], q[(i + 1) % 4] - q[i]
        norm = float(np.linalg.norm(u) * np.linalg.norm(v))
        angles.append(math.degrees(math.acos(max(-1.0, min(1.0, float(u @ v) / norm)))) if norm else 0.0)
    return angles


def _angles_ok(q: np.ndarray, center: tuple[float, float] | None = None, long_side: float = 0.0) -> bool:
    """All corner angles within 45-135 degrees (a card seen at up to ~50 degrees tilt); or, given the
    frame's ``center`` and ``long_side``, within ``_STEEP_ANGLES`` when the quad is a rectangle's seen
    by a phone camera (``own_focal`` within ``_PHONE_FOCAL``): a card on a table shot at a low angle.

    A card lying turned on a table and shot at 40-55 degrees from above has
    corners of 30-40 degrees, and so had none a chance; most shapes that
    sharp are no rectangle's at any focal length.
    """
    angles = _corner_angles(q)
    if all(45.0 <= a <= 135.0 for a in angles):
        return True
    if center is None or not all(_STEEP_ANGLES[0] <= a <= _STEEP_ANGLES[1] for a in angles):
        return False
    focal = own_focal(order_corners(q), center, long_side)
    return focal is not None and _PHONE_FOCAL[0] <= focal <= _PHONE_FOCAL[1]


# -- scoring -------------------------------------------------------------------


def _apparent_aspect(q: np.ndarray) -> float:
    """Mean long side over mean short side, as the quad appears in the image."""
    s = np.linalg.norm(np.roll(q, -1, axis=0) - q, axis=1)
    a, b = s[0] + s[2], s[1] + s[3]
    return float(max(a, b) / min(a, b)) if min(a, b) > 0 else 0.0


def _quad_aspect(
    q: np.ndarray, center: tuple[float, float], long_side: float, tol: float, *, choose_tol: float | None = None
) -> tuple[float, str, float]:
    """(aspect, kind, fit) of the reading of the quad's shape that fits a document best (``_quad_reading``)."""
    return _quad_reading(q, center, long_side, tol, choose_tol=choose_tol)[:3]


def _quad_reading(
    q: np.ndarray, center: tuple[float, float], long_side: float, tol: float, *, choose_tol: float | None = None
) -> tuple[float, str, float, bool]:
    """(aspect, kind, fit, across) of the reading of the quad's shape that fits a document best;
    ``across``: the reading's long side is the quad's first (TL-TR) side.

    The readings are the plane rectangle under an ultra-wide, a main and a
    tele camera's focal length, and the shape as it appears (what a far,
    small card seen at a slant leaves to go on: its keystone is too slight
    to pin down the tilt). The main camera's reading is preferred: the
    others count at ``_ALT_READING`` of their fit. ``choose_tol``: the
    reading is chosen at this (tighter) tolerance, if one fits there, and
    its fit given at ``tol`` (a looser tolerance judges the shape, not which
    reading it is). A card shot at a low angle is foreshortened along its
    long side until that side looks the shorter one: its plane readings say
    so (``across`` False) where the shape as it appears cannot.
    """
    ratios = [plane_ratio(q, center, long_side, focal=f) for f in (_DEFAULT_FOCAL, 0.5, 1.5)]
    readings = [(max(r, 1 / r) if r > 0 else 0.0, w, r >= 1) for r, w in zip(ratios, (1.0, _ALT_READING, _ALT_READING))]
    readings.append((_apparent_aspect(q), _ALT_READING, True))  # order_corners puts the long side first

    def weighed(r: tuple[float, float, bool], t: float) -> float:
        return _aspect_fit(r[0], t)[1] * r[1]

    at = choose_tol if choose_tol and any(weighed(r, choose_tol) > 0 for r in readings) else tol
    aspect, weight, across = max(readings, key=lambda r: weighed(r, at))  # the first of equals, as before
    kind, fit = _aspect_fit(aspect, tol)
    return (aspect, kind, fit * weight, across) if fit > 0 else (0.0, "", 0.0, True)


def _long_side_first(q: np.ndarray) -> np.ndarray:
    """The corners of ``q`` (TL, TR, BR, BL by ``order_corners``) started one corner on, so that its
    other pair of sides comes first; the upper of them on top."""
    q = np.roll(q, -1, axis=0)
    top, bottom = q[[0, 1]].mean(axis=0), q[[2, 3]].mean(axis=0)
    return np.roll(q, 2, axis=0) if (top[1], top[0]) > (bottom[1], bottom[0]) else q


def _aspect_fit(aspect: float, tol: float) -> tuple[str, float]:
    if aspect <= 0:
        return "", 0.0
    kind, target = min(_KINDS, key=lambda kt: abs(math.log(aspect / kt[1])))
    d = abs(math.log(aspect / target)) / tol
    return kind, max(0.0, 1.0 - d * d)


def _unit_normals(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Unit normals (m, 2) of the segments ``a[j]``-``b[j]``."""
    d = b - a
    return np.stack([-d[:, 1], d[:, 0]], axis=1) / (np.sqrt(d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1]) + 1e-9)[:, None]


def _across_segments(a: np.ndarray, b: np.ndarray, gx: np.ndarray, gy: np.ndarray, t: np.ndarray, shifts: np.ndarray) -> np.ndarray:
    """Gradient across segments ``a[j]``-``b[j]`` sampled at ``t``, their ends moved by ``shifts``.

    ``a`` and ``b`` are (m, 2); ``shifts`` is (m, k, 2): the moves of each
    segment's start and end point along its normal. Returns (m, k, len(t))
    gradient components along each segment's normal (one numpy pass for
    all segments: this runs for every side of every candidate).
    """
    h, w = gx.shape
    n = _unit_normals(a, b)
    ends_a = a[:, None, :] + shifts[:, :, :1] * n[:, None, :]
    ends_b = b[:, None, :] + shifts[:, :, 1:] * n[:, None, :]
    pts = ends_a[:, :, None, :] + t[None, None, :, None] * (ends_b - ends_a)[:, :, None, :]
    xs = np.rint(pts[..., 0]).astype(np.intp)
    ys = np.rint(pts[..., 1]).astype(np.intp)
    np.clip(xs, 0, w - 1, out=xs)
    np.clip(ys, 0, h - 1, out=ys)
    return gx[ys, xs] * n[:, 0, None, None] + gy[ys, xs] * n[:, 1, None, None]


_T = np.linspace(0.1, 0.9, 24)
_FINE = np.stack(np.meshgrid(np.arange(-2.0, 3.0), np.arange(-2.0, 3.0), indexing="ij"), axis=-1).reshape(-1, 2)


def _snap(q: np.ndarray, gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """The quad with each side moved onto the strongest one-signed edge nearby.

    The side first moves as a whole by up to a few pixels along its
    normal, then each end is tuned by up to two more; the corners are the
    intersections of the moved sides.
    """
    sides = np.linalg.norm(np.roll(q, -1, axis=0) - q, axis=1)
    radii = np.clip((0.04 * sides).astype(int), 2, 7)
    # every side's whole-side moves, -r..r, padded to the longest list with repeats of its last
    # move (argmax takes the first of equal sums, so a repeat never wins over the original)
    k = 2 * int(radii.max()) + 1
    steps = np.minimum(np.arange(k)[None, :] - radii[:, None], radii[:, None])
    whole = strongest_moves(q, gx, gy, np.stack([steps, steps], axis=-1).astype(np.float64))
    return moved_sides(q, strongest_moves(q, gx, gy, _FINE[None, :, :] + whole[:, None, :]))


def strongest_moves(q: np.ndarray, gx: np.ndarray, gy: np.ndarray, shifts: np.ndarray) -> np.ndarray:
    """Per side of ``q``, the move of its ends among ``shifts`` (4, k, 2) with the strongest one-signed edge (4, 2).

    Of equal sums the first wins (``np.argmax``).
    """
    vals = _across_segments(q, np.roll(q, -1, axis=0), gx, gy, _T, shifts)
    return shifts[np.arange(4), np.argmax(np.abs(vals.sum(axis=2)), axis=1)]


def moved_sides(q: np.ndarray, moves: np.ndarray) -> np.ndarray:
    """The quad whose side ``i`` has its ends moved by ``moves[i]`` (start, end) along its normal."""
    a, b = q, np.roll(q, -1, axis=0)
    n = _unit_normals(a, b)
    return _corners([(a[i] + moves[i, 0] * n[i], b[i] + moves[i, 1] * n[i]) for i in range(4)], q)


def _corners(lines: list[tuple[np.ndarray, np.ndarray]], q: np.ndarray) -> np.ndarray:
    """The corners where consecutive side lines (two points each) meet; ``q`` if two are parallel."""
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


def _one_signed(vals: np.ndarray, thr: float) -> np.ndarray:
    """Per row of gradient samples (m, n), the share above ``thr`` in the sign most of the row's strong ones have."""
    strong = np.abs(vals) > thr
    return np.maximum((strong & (vals > 0)).sum(axis=1), (strong & (vals < 0)).sum(axis=1)) / vals.shape[1]


def side_support(q: np.ndarray, gx: np.ndarray, gy: np.ndarray, thr: float) -> list[float]:
    """Per side, the share of its samples on an edge above ``thr`` of the sign most of that side has."""
    vals = _across_segments(q, np.roll(q, -1, axis=0), gx, gy, _T, np.zeros((4, 1, 2)))[:, 0]
    return [float(v) for v in _one_signed(vals, thr)]


def _edge_support(
    q: np.ndarray, gx: np.ndarray, gy: np.ndarray, thr: float, skip: tuple[bool, ...] = (False,) * 4
) -> float:
    """0-1: how much of the outline (corners left out) runs along a real boundary.

    A sample point counts when the gradient across the side exceeds ``thr`` and
    of the sign most of that side has (one colour inside, another outside).
    Texture and clutter have edges too, but not of one sign along a whole
    side. The weakest side weighs in as much as the mean: a quad with a
    side in the middle of nowhere (a part of a card, a patch of table) is
    no outline. Sides flagged in ``skip`` (lying on the frame border, where
    a card cut by the frame or a tight scan has no edge) are left out, at a
    cost.
    """
    per_side = [v for i, v in enumerate(side_support(q, gx, gy, thr)) if not skip[i]]
    if not per_side:
        return 0.5
    # each side left out is evidence missing: the frame minus a patch of
    # scene is not a card cut by the frame
    return (0.5 * float(np.mean(per_side)) + 0.5 * min(per_side)) * math.sqrt(len(per_side) / 4)


#: A side with edge support under ``_WEAK_SIDE`` while the other three have
#: at least ``_STRONG_SIDES`` is looked for again (``_refit_side``); a line
#: found with ``_REFIT_SUPPORT`` (and clearly more than the old side) is kept.
_WEAK_SIDE, _STRONG_SIDES, _REFIT_SUPPORT = 0.5, 0.7, 0.6
#: Where each end of that side is tried along its neighbour's line: shares of
#: the quad's longest side (the neighbour itself may be cut short), inward
#: (negative) to outward.
_REFIT_STEPS = np.linspace(-0.3, 1.0, 66)
#: How much higher a refitted quad's shape score must be to replace an outline found as it is
#: with nearly the same corners.
_REFIT_GAIN = 0.1


def _refit_side(q: np.ndarray, v: _Views) -> np.ndarray | None:
    """``q`` with its one unsupported side moved to the best-supported line between its neighbours' lines, or None.

    An outline that runs into a shadow or a merged object on one side, and
    a quad whose fourth side was placed by a document's aspect, can have
    three sides on the card's edges and the fourth across the card (its
    print then reads sheared). The fourth edge lies where both neighbouring
    sides, extended or shortened, end: each end slides along its
    neighbour's line and the pair with the most one-signed edge wins.
    """
    support = side_support(q, v.gx, v.gy, v.edge_thr)
    i = int(np.argmin(support))
    if support[i] >= _WEAK_SIDE or sorted(support)[1] < _STRONG_SIDES:
        return None
    a, b = q[i], q[(i + 1) % 4]
    ua, ub = a - q[i - 1], b - q[(i + 2) % 4]  # the neighbours, pointing out through the weak side's ends
    reach = float(np.linalg.norm(np.roll(q, -1, axis=0) - q, axis=1).max())
    ends_a = a[None, :] + (_REFIT_STEPS * reach)[:, None] * (ua / (np.linalg.norm(ua) + 1e-9))[None, :]
    ends_b = b[None, :] + (_REFIT_STEPS * reach)[:, None] * (ub / (np.linalg.norm(ub) + 1e-9))[None, :]
    n = len(_REFIT_STEPS)
    starts, stops = np.repeat(ends_a, n, axis=0), np.tile(ends_b, (n, 1))
    found = _one_signed(_across_segments(starts, stops, v.gx, v.gy, _T, np.zeros((n * n, 1, 2)))[:, 0], v.edge_thr)
    j = int(np.argmax(found))
    if found[j] < max(_REFIT_SUPPORT, support[i] + 0.25):
        return None
    out = q.copy()
    out[i], out[(i + 1) % 4] = starts[j], stops[j]
    return out


def _inside_frame(q: np.ndarray, w: int, h: int, margin: float) -> bool:
    """Whether every corner lies in the ``w`` x ``h`` frame, or at most ``margin`` outside it."""
    return bool(q.min() >= -margin and q[:, 0].max() <= w - 1 + margin and q[:, 1].max() <= h - 1 + margin)


def _inside_size(q: np.ndarray, aspect: float) -> tuple[int, int]:
    """Width and height the quad's inside is warped to for the text cue."""
    long_px = max(float(np.linalg.norm(q[1] - q[0])), float(np.linalg.norm(q[2] - q[3])))
    w = int(np.clip(long_px, _INSIDE_W[0], _INSIDE_W[1]))
    return w, max(8, int(round(w / max(aspect, 1.0))))


def _flat(gray: np.ndarray, q: np.ndarray, aspect: float) -> np.ndarray:
    """The quad's inside warped flat, long side horizontal (``_inside_size``)."""
    w, h = _inside_size(q, aspect)
    dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    return cv2.warpPerspective(gray, cv2.getPerspectiveTransform(q.astype(np.float32), dst), (w, h), flags=cv2.INTER_LINEAR)


def _text_along(gray: np.ndarray, q: np.ndarray, aspect: float) -> float:
    """0-1: text lines inside the quad that run along its long side."""
    return _text_in(_flat(gray, q, aspect))


def _text_standing(flat: np.ndarray) -> float:
    """0-1: text lines in a flattened card (long side horizontal) that run along its short side,
    as an upright card's do (``_text_in`` of the card stood up)."""
    return _text_in(np.ascontiguousarray(np.rot90(flat)))


def _text_in(flat: np.ndarray, min_vertical: float = 0.6) -> float:
    """0-1: text lines in a flattened card that run along its long (horizontal) side (``min_vertical``:
    ``text.line_blobs``'s least share of vertical to horizontal edge in a line)."""
    h = flat.shape[0]
    m = max(2, h // 25)
    flat = flat[m:-m, m:-m]
    along = line_blobs(flat, max_height_frac=0.16, min_vertical=min_vertical)
    across = line_blobs(np.ascontiguousarray(flat.T), max_height_frac=0.16, min_vertical=min_vertical)
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


def _touches_border(q: np.ndarray, w: int, h: int, margin: float) -> bool:
    """True when a corner lies on (or beyond) the frame border."""
    x, y = q[:, 0], q[:, 1]
    return bool((x <= margin).any() or (y <= margin).any() or (x >= w - 1 - margin).any() or (y >= h - 1 - margin).any())


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
    #: made by ``_refit_side`` from another candidate
    refit: bool = False
    #: confirmed by print on the sharper look that only its fair shape earned (``_FAIR_SHAPE``)
    fair: bool = False
    #: outlined by a pattern-surface source (``small_card``: broad tone split, segment quads), which
    #: only print or a code may confirm
    fresh: bool = False
    #: its best-fitting reading puts the card's long side along the quad's second pair of sides
    #: (``_quad_reading``): which way it is read is left to its print (``_score``)
    turnable: bool = False
    #: an ID-1 card printed upright (a student or staff card): its print runs along its short side
    tall: bool = False


@dataclass
class _Views:
    """The gray images and gradients the search works on.

    ``g`` is the search copy (long side ``_SEARCH_SIDE``, ``k`` working-copy
    pixels to search pixels); ``gray``, ``gx``, ``gy`` are the working copy
    and its gradients, where corners are refined and candidates scored.
    Both grays are contrast-stretched. ``edge_thr`` is the gradient that
    counts as an edge in this image. ``text_gray`` is the working copy with
    pixel noise smoothed away (a dim photo's, after stretching) for the
    inside-text check.
    """

    g: np.ndarray
    k: float
    gray: np.ndarray
    gx: np.ndarray
    gy: np.ndarray
    edge_thr: float
    text_gray: np.ndarray
    #: no sensor noise at all (a screenshot, a drawing), at more than thumbnail size
    rendered: bool = False


def _rendered(g: np.ndarray) -> bool:
    """True for a noise-free image (a screenshot, a drawing): most pixels equal their neighbours."""
    gi = g.astype(np.int16)
    same = (gi[:-1, 1:] == gi[:-1, :-1]) & (gi[1:, :-1] == gi[:-1, :-1])
    return float(same.mean()) > _RENDERED_FLAT


def _views(gray: np.ndarray) -> _Views:
    lut, _ = stretch_lut(gray, _MAX_GAIN)
    gray = cv2.LUT(gray, lut)
    H, W = gray.shape[:2]
    k = min(1.0, _SEARCH_SIDE / max(H, W))
    g = gray
    if k < 1.0:
        interp = cv2.INTER_AREA if k < 0.5 else cv2.INTER_LINEAR
        g = cv2.resize(gray, (max(1, round(W * k)), max(1, round(H * k))), interpolation=interp)
    smooth = cv2.GaussianBlur(gray, (5, 5), 0).astype(np.float32)
    gx, gy = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3) / 4, cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3) / 4
    # the gradient of flat areas: sensor noise in a clean scan, grain and
    # texture in a photo of a table (median |g| of Gaussian noise is 0.67 sigma)
    noise = float(np.median(np.abs(gx[::3, ::3]))) / 0.67
    edge_thr = float(np.clip(4.0 * noise, _EDGE_MIN, _EDGE_MAX))
    rendered = _rendered(g) and max(H, W) > THUMB_MAX_SIDE
    if rendered:
        # no sensor noise at all: every UI panel of a screen has a crisp
        # edge, so only edges as strong as a photo's count (a thumbnail
        # has lost its noise to shrinking: a scan or photo looks rendered)
        edge_thr = _EDGE_MAX
    # pixel noise: what a 3x3 median takes away (print and edges lose little)
    grain = float(cv2.absdiff(gray, cv2.medianBlur(gray, 3)).mean())
    text_gray = gray if grain < _GRAINY else cv2.GaussianBlur(gray, (0, 0), min(1.2, grain / 8))
    return _Views(g, k, gray, gx, gy, edge_thr, text_gray, rendered)


def _growth(aspect: float, target: float) -> float:
    """How much a quad of ``aspect`` must grow (share of a side) to reach ``target``."""
    return aspect / target - 1 if aspect > target else target / aspect - 1


def _growable(aspect: float) -> bool:
    return any(aspect > t and 0.05 < _growth(aspect, t) <= _MAX_EXTEND for _, t in _KINDS)


def _extensions(
    q: np.ndarray, center: tuple[float, float], long_side: float, w: int, h: int, *, aspect: float | None = None
) -> list[np.ndarray]:
    """A part of a card grown to the whole card: the quad extended, in its own plane, to a document aspect.

    A card's dark header band on a dark table, or its light body on a
    light one, splits it along a line parallel to its long side; the part
    found then has three true sides and is too long for its height. It is
    grown above or below (perspective-correct, through the quad's
    homography) to each document aspect; quads leaving the frame are
    dropped. ``aspect``: the part's aspect as read otherwise than through
    the main camera's focal length (a small, far card's, as it appears).
    """
    unit = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], np.float32)
    to_img = cv2.getPerspectiveTransform(unit, q.astype(np.float32))
    aspect = rectified_aspect(q, center, long_side) if aspect is None else aspect
    if aspect <= 0:
        return []
    out = []
    for _, target in _KINDS:
        e = _growth(aspect, target)
        if aspect <= target or not 0.05 < e <= _MAX_EXTEND:
            continue
        for u0, v0, u1, v1 in ((0, -e, 1, 1), (0, 0, 1, 1 + e)):  # a band above or below
            pts = np.array([[u0, v0], [u1, v0], [u1, v1], [u0, v1]], np.float32).reshape(-1, 1, 2)
            ext = cv2.perspectiveTransform(pts, to_img).reshape(4, 2).astype(np.float64)
            if _inside_frame(ext, w, h, 0.02 * max(w, h)):
                out.append(order_corners(ext))
    return out


def _candidates(small_rgb: np.ndarray, v: _Views) -> list[_Candidate]:
    """The frame plus every distinct plausible quad outline, with shape cues scored.

    Outlines are found on the search copy; corners are then refined and
    scored on the working copy (in its pixels), which a small card needs.
    """
    quads: list[np.ndarray] = []
    min_area = _MIN_AREA * float(v.g.shape[0] * v.g.shape[1])
    for c in _outlines(small_rgb, v.g, v.edge_thr):
        if len(c) < 4:
            continue
        q = _quad_of(c, min_area)
        if q is not None:
            quads.append(q)
    return _shaped(quads, v, with_frame=True)


def _line_candidates(v: _Views) -> list[_Candidate]:
    """Quads built from the image's long straight edges (``card_lines``), with shape cues scored.

    For a card whose outline merged with what it lies on (a light card over
    a white cup); asked only when the outlines found no card, since these
    candidates would otherwise crowd the outlines out of the text check.
    """
    min_area = _MIN_AREA * float(v.g.shape[0] * v.g.shape[1])
    return _shaped([q for q in line_quads(v.g) if _area(q) >= min_area], v, with_frame=False)


def _size_factor(frac: float) -> float:
    """0.3-1: a quad covering under ``_FULL_AREA`` of the frame is less surely a card."""
    return 0.3 + 0.7 * min(1.0, max(0.0, (frac - _MIN_AREA) / (_FULL_AREA - _MIN_AREA)))


def shape_score(fit: float, frac: float, edge: float) -> float:
    """A candidate's shape score before its inside is looked at: aspect fit, size and edge support."""
    return fit * _size_factor(frac) * (0.25 + 0.75 * edge)


def _shaped(found: list[np.ndarray], v: _Views, *, with_frame: bool) -> list[_Candidate]:
    """Distinct quads (search-copy pixels), and the frame if asked, snapped and scored for shape."""
    gh, gw = v.gray.shape
    frame_area = float(gh * gw)
    diag = math.hypot(gw, gh)
    quads: list[np.ndarray] = []
    center, long_side = (gw / 2, gh / 2), float(max(gw, gh))
    for q in found:
        q = order_corners(q / v.k)
        if _angles_ok(q, center, long_side) and not any(_same(q, p, diag, 0.01) for p in quads):
            quads.append(q)
    margin = 0.02 * max(gw, gh)
    frame = order_corners(np.array([[0, 0], [gw - 1, 0], [gw - 1, gh - 1], [0, gh - 1]], np.float64))
    # a thumbnail's edges are a pixel or two: a side searched for there finds a box's or a
    # shelf's as readily as a card's, and its quads are hints with no sharper look to check them
    thumb = long_side <= THUMB_MAX_SIDE
    out: list[_Candidate] = []
    # (quad, made from another: an extension or a refit; a refit)
    queue = [(q, False, False) for q in ([frame] if with_frame else []) + quads]
    while queue:
        q, extended, refitted = queue.pop(0)
        frac = _area(q) / frame_area
        on_border = _on_border(q, gw, gh, margin)
        cand = _Candidate(q, is_frame=q is frame or (frac > 0.8 and all(on_border)), frac=frac, refit=refitted)
        if cand.is_frame:
            cand.aspect = _apparent_aspect(q)
            cand.kind, cand.fit = _aspect_fit(cand.aspect, _TOL_FRAME)
            cand.pre = cand.fit * 0.7
        else:
            # corners are good to a pixel or two: a small quad's shape is less sure
            tol = _TOL_QUAD + 3.0 / max(1.0, float(np.linalg.norm(q[1] - q[2])))
            rough = _quad_aspect(q, center, long_side, 1.6 * tol)[2] * _size_factor(frac)
            growable = not extended and _growable(rectified_aspect(q, center, long_side))
            if rough < 0.5 * _MIN_SCORE and not growable:
                continue  # cannot score enough, even with perfect edges: not worth snapping
            cand.q = q = order_corners(_snap(q, v.gx, v.gy))
            cand.edge = _edge_support(q, v.gx, v.gy, v.edge_thr, _on_border(q, gw, gh, margin))
            refit = None if extended or thumb else _refit_side(q, v)
            if refit is not None and _angles_ok(refit, center, long_side) and _inside_frame(refit, gw, gh, margin):
                queue.append((order_corners(refit), True, True))
            cand.aspect, cand.kind, cand.fit, across = _quad_reading(q, center, long_side, tol)
            cand.turnable = not across
            if _touches_border(q, gw, gh, 0.005 * max(gw, gh)):
                cand.fit *= _CUT_FIT  # perhaps cut by the frame: its true shape is unknown
            if cand.fit <= 0 and growable and cand.edge >= _EXTEND_EDGE:
                queue += [(e, True, False) for e in _extensions(q, center, long_side, gw, gh)]
            cand.pre = shape_score(cand.fit, frac, cand.edge)
        if cand.fit > 0 and cand.pre > 0.05:
            out.append(cand)
    out.sort(key=lambda c: -c.pre)
    found_as_is = [c for c in out if not c.refit]
    distinct: list[_Candidate] = []
    for c in out:
        # a refit that lands on an outline found as it is replaces it only when clearly better
        # shaped: a pixel or two of a small quad's corners can turn its print cue and read around
        if c.refit and any(_same(c.q, o.q, diag, 0.015) and c.pre < o.pre + _REFIT_GAIN for o in found_as_is):
            continue
        if not any(_same(c.q, d.q, diag, 0.015) for d in distinct):
            distinct.append(c)
    return distinct


#: Aspect fit and edge support from which a quad is a sure card shape, worth
#: a sharper look (0.9 missed small cards whose rounded corners cost a few
#: points of edge support).
_SURE_SHAPE = 0.85
#: A quad whose long side is shorter than this (working-copy pixels) has its
#: print too small there to judge: its text cue is taken from a sharper copy.
#: (A card back's sparse field print is ~7 px high on a 300 px card.)
_SHARPER_BELOW = 400
#: Edge support that suffices for that sharper look when the aspect fits as
#: well as a sure card shape's (a side lost against the surface it lies on).
_SHARPER_EDGE = 0.75
#: A text cue of ``_SOME_PRINT``: some rows of print, not the clear print of
#: a full card face. A near-perfect card shape (aspect fit and edge support
#: both at least ``_EXACT_SHAPE``), small in the frame (under
#: ``_EXACT_SHAPE_FRAC`` of it), whose sharper look shows some print is credited ``_EXACT_SHAPE_TEXT``: a
#: My Number card's back prints three rows at its top and a QR code, a sparse
#: face that the text cue weighs low. A page filling a third of the frame
#: (a menu: an A4 sheet has a passport page's aspect) is no small card.
_EXACT_SHAPE, _SOME_PRINT, _EXACT_SHAPE_TEXT, _EXACT_SHAPE_FRAC = 0.95, 0.25, 0.5, 0.06

#: Text cue credited to a sure card shape whose sharper look shows some print (``_SOME_PRINT``)
#: and a clear ID portrait in its left or right third (``small_card._portrait_in``): a card in low
#: light, its faint print broken into fragments, yet its portrait clear. A photo print of a person
#: has the shape and the face, but no rows of print; its subject mostly stands in the middle.
_PRINT_AND_PORTRAIT_TEXT = 0.6


#: Shape score (``pre``) from which a quad whose inside looks printed (``small_card._has_print``)
#: gets the sharper look too: a card on a busy surface is outlined a corner a few pixels off
#: (aspect fit 0.84, edge support 0.73), its print too small to judge in the working copy.
_FAIR_SHAPE = 0.6


def _sure_shape(c: _Candidate) -> bool:
    """Whether a candidate's aspect fit and edge support make it a sure card shape."""
    return c.fit >= _SURE_SHAPE and c.edge >= _SHARPER_EDGE


def _looks_printed(gray: np.ndarray, q: np.ndarray, aspect: float) -> bool:
    """Whether the inside of a quad looks like a card's ground with rows of print."""
    from pii_scan.signals.small_card import _has_print

    return _has_print(gray, q, aspect)


def _side_portrait(flat: np.ndarray) -> bool:
    """Whether a flattened card shows a clear face of an ID portrait's size in its left or right third."""
    from pii_scan.signals.small_card import _portrait_in

    return _portrait_in(flat, clear=True)


#: Gives the inside of a quad (working-copy corners) flattened to (w, h), in gray, from sharper pixels.
Sharper = Callable[[np.ndarray, int, int], np.ndarray]


#: Text cue by which a quad's print must read better along its other pair of sides for it to be
#: read that way (``_Candidate.turnable``); below it, the way it appears stands.
_TURN_GAIN = 0.05


def _the_better_way(
    q: np.ndarray, look: Callable[[np.ndarray], np.ndarray], text: Callable[[np.ndarray], float], turnable: bool
) -> tuple[np.ndarray, np.ndarray, float]:
    """(quad, ``look`` at it, ``text`` cue of that look): ``q``, or, when ``turnable``, ``q`` turned to
    read along its other pair of sides (``_long_side_first``) if its print reads better that way by
    ``_TURN_GAIN``.

    A card shot at a low angle is foreshortened along its long side until
    that side looks the shorter one; its plane reading says so
    (``_Candidate.turnable``). A shape warped by other means (corners
    jittered) can say the same falsely, so the print decides.
    """
    view = look(q)
    cue = text(view)
    if turnable:
        turned = _long_side_first(q)
        other = look(turned)
        other_cue = text(other)
        if other_cue >= cue + _TURN_GAIN:
            return turned, other, other_cue
    return q, view, cue


#: Text cue by which an ID-1 quad's print must read better along its short side for the card to be
#: taken as printed upright (``_Candidate.tall``): student and staff cards often are.
_STAND_GAIN = 0.2


#: Edge support an outline needs to be read as an upright card: a region of print loosely bounded
#: (a menu, a sign, a page's column) reads upright as readily (0.35-0.39 where one did; upright
#: cards 0.72-1.0).
_STAND_EDGE = 0.7


def _may_stand(c: _Candidate) -> bool:
    """Whether a candidate is worth reading as an upright card: a clearly bounded ID-1 quad whose print
    does not run along its long side. A page-shaped one is not: upright, it is a sheet of paper. Nor
    is one whose plane reading turns it (``_Candidate.turnable``): a card foreshortened along its
    long side is read along the other sides by ``_the_better_way``, as the card it is."""
    return (
        c.kind == "id1" and not c.is_frame and not c.tall and not c.turnable
        and c.edge >= _STAND_EDGE and c.text < _STAND_GAIN
    )  # fmt: skip


#: Text cue an upright reading needs: clear print (a dim card's grain, stood up, reads 0.3).
_STAND_TEXT = 0.5


def _stood_up(c: _Candidate, cue: float, lying: float) -> None:
    """Take ``c`` as an upright card if its print along the short side (``cue``) is clear
    (``_STAND_TEXT``) and reads better by ``_STAND_GAIN`` than along its long side (``lying``, on
    the same pixels)."""
    if cue >= max(_STAND_TEXT, lying + _STAND_GAIN):
        c.tall, c.text = True, cue


def _score(cands: list[_Candidate], gray: np.ndarray, sharper: Sharper | None = None) -> list[_Candidate]:
    """Add the inside-text cue to the best few candidates and give their final score.

    A small, well-shaped quad whose print is too small to read on the
    working copy is judged on ``sharper`` pixels (a larger decode), the one
    place where the cheap stage asks for more: only for card-like shapes.
    """
    cands = [c for c in cands[:_INSIDE_CHECKS] if c.pre >= _MIN_SCORE]
    for c in cands:
        c.q, _, c.text = _the_better_way(c.q, lambda q: q, partial(_text_along, gray, aspect=c.aspect), c.turnable)
        if _may_stand(c):
            _stood_up(c, _text_standing(_flat(gray, c.q, c.aspect)), c.text)
        long_px = max(float(np.linalg.norm(c.q[1] - c.q[0])), float(np.linalg.norm(c.q[2] - c.q[3])))
        sure = _sure_shape(c)
        if (
            sharper is not None
            and not c.is_frame
            and c.text < 0.5
            and long_px < _SHARPER_BELOW
            # a full decode only for a sure card shape, or a fair one whose inside looks printed
            and (sure or (c.pre >= _FAIR_SHAPE and _looks_printed(gray, c.q, c.aspect)))
        ):
            w = _INSIDE_W[1]
            h = max(8, int(round(w / max(c.aspect, 1.0))))
            # turned here too when the working copy could not tell which way the print runs
            c.q, flat, sharp = _the_better_way(c.q, lambda q: sharper(q, w, h), _text_in, c.turnable and c.text < _TURN_GAIN)
            if _may_stand(c):
                # compared with the sharper pixels' own reading along the long side
                _stood_up(c, _text_standing(flat), max(c.text, sharp))
                if c.tall:
                    sharp = c.text
            if sharp >= 0.5:  # only clear print counts: texture read sharper is still texture
                c.text = max(c.text, sharp)
                c.fair = not sure
            elif sharp >= _SOME_PRINT and min(c.fit, c.edge) >= _EXACT_SHAPE and c.frac < _EXACT_SHAPE_FRAC:
                c.text = max(c.text, _EXACT_SHAPE_TEXT)  # ... unless the outline leaves no doubt
            elif sharp >= _SOME_PRINT and _side_portrait(flat):
                c.text = max(c.text, _PRINT_AND_PORTRAIT_TEXT)  # ... or an ID portrait beside the print
        c.score = c.pre * ((0.1 + 0.75 * c.text) if c.is_frame else (0.2 + 0.8 * c.text))
    return sorted(cands, key=lambda c: -c.score)


#: Long side (working-copy px) under which a card's print is too small to be
#: seen as text lines in a thumbnail (glyphs of a pixel or two, blurred), and
#: the least it needs for its portrait to be worth a search (~12 px tall).
_UNREADABLE_BELOW, _UNREAD_MIN_SIDE = 200, 40
#: Least fit of its aspect, at the strict tolerance, that an unread card shape
#: needs (within ~5 % of ID-1 or a passport page; a shape at the tolerance's
#: edge is as likely a badge, a label or a screen).
_UNREAD_FIT = 0.75
#: Text cue a sure card shape whose print cannot be judged is credited with:
#: its score stays under ``_MIN_SCORE``, a hint for the detectors (a portrait
#: on it, its OCR), never a card on its own.
_UNJUDGED_TEXT = 0.15


def _unread_card(scored: list[_Candidate], v: _Views) -> list[_Candidate]:
    """The best sure card shape of a thumbnail too small for its print to be judged, as a weak quad.

    A thumbnail has no sharper pixels to read a small card's print on, and
    at a pixel or two per glyph the text cue sees none: without this, a
    clear card outline there would never get a portrait search or OCR.
    """
    from pii_scan.signals.small_card import shaped_candidates

    pool = [c for c in scored if not c.is_frame] + shaped_candidates(v, thorough=False)[:2]
    for c in sorted(pool, key=lambda c: -c.pre):
        long_px = max(float(np.linalg.norm(c.q[1] - c.q[0])), float(np.linalg.norm(c.q[2] - c.q[3])))
        if not (c.fit >= _SURE_SHAPE and c.edge >= _SURE_SHAPE and _UNREAD_MIN_SIDE <= long_px < _UNREADABLE_BELOW):
            continue
        if _aspect_fit(c.aspect, _TOL_QUAD)[1] >= _UNREAD_FIT:
            c.score = c.pre * (0.2 + 0.8 * max(c.text, _UNJUDGED_TEXT))
            return [c]
    return []


#: An outline of a sure card aspect (fit at least ``_EXACT_SHAPE``) whose inside shows clear print
#: (text cue at least ``_FAINT_TEXT``) but whose edges are too faint for a card's score: a pale card
#: on paper of nearly its own colour, bounded by little more than its shadow.
_FAINT_TEXT = 0.5


def _faint(c: _Candidate) -> bool:
    return not c.is_frame and c.fit >= _EXACT_SHAPE and c.text >= _FAINT_TEXT and c.score < _MIN_SCORE


def _lying_first(cands: list[_Candidate]) -> list[_Candidate]:
    """``cands`` without the upright readings (``_Candidate.tall``) if any reads as a card lying down."""
    if any(c.score >= _MIN_SCORE and not c.tall for c in cands):
        return [c for c in cands if not c.tall]
    return cands


@dataclass(frozen=True)
class CardSearch:
    """What the card search found: ``quads``, best first; and, only when there is none, ``faint``,
    a card-shaped outline with print inside whose edges are too faint to make it a card. The faint
    one is no evidence of a card: it only says where the print is worth a read."""

    quads: list[CardQuad]
    faint: CardQuad | None


#: Text lines in the frame from which quads are also built from straight edges
#: when the outlines find no card (a card worth finding has print).
LINES_FOR_EDGES = 2


def search_cards(
    small_rgb: np.ndarray,
    gray: np.ndarray,
    *,
    scale: float,
    sharper: Sharper | None = None,
    printed: Callable[[], int] | None = None,
) -> CardSearch:
    """Card- and passport-page-shaped quadrilaterals, best first, corners in original pixels, and
    the faint card outline (``CardSearch.faint``) when there is none.

    ``sharper`` (optional) flattens a quad from higher-resolution pixels, for
    small cards whose print the working copy cannot resolve. ``printed``
    (optional) counts the frame's text lines: with fewer than
    ``LINES_FOR_EDGES`` the straight-edge search is skipped.
    """
    if min(gray.shape[:2]) < 24:
        return CardSearch([], None)
    v = _views(gray)
    diag = math.hypot(*gray.shape)
    kept: list[_Candidate] = []
    scored = _score(_candidates(small_rgb, v), v.text_gray, sharper)
    if v.edge_thr < _CLEAN_EDGE and not v.rendered:
        # a clean page (a scan): a light card on it is outlined where the page's colour ends
        from pii_scan.signals.page_card import page_candidates

        on_page = page_candidates(small_rgb, float(gray.shape[0] * gray.shape[1]))
        scored = sorted(scored + _score(on_page, v.text_gray, sharper), key=lambda c: -c.score)
    # straight edges: not on a rendered screen, where every UI panel has four crisp ones
    # reading a quad as an upright card is the second way: a card read the usual way comes first
    # (a lying card's portrait or field column, stood up, reads as an upright card too)
    no_card = not any(c.score >= _MIN_SCORE and not c.tall for c in scored)
    if no_card and not v.rendered and (printed is None or printed() >= LINES_FOR_EDGES):
        scored += _score(_line_candidates(v), v.text_gray, sharper)
    scored = _lying_first(scored)
    for c in scored:
        if c.score >= _MIN_SCORE and not any(_same(c.q, o.q, diag) for o in kept):
            kept.append(c)
    if len(kept) < _MAX_QUADS:  # small or dim cards the frame-wide search cannot weigh
        from pii_scan.signals.small_card import small_card_candidates

        for c in small_card_candidates(v, sharper, small_rgb):
            same = [o for o in kept if _same(c.q, o.q, diag)]
            if not same:
                kept.append(c)
            elif c.score > max(o.score for o in same) and all(o.fair for o in same):
                # an outline confirmed only thanks to its fair shape (a corner a few pixels off)
                # gives way to a better one of the same card
                kept = [o for o in kept if all(o is not x for x in same)] + [c]
        kept.sort(key=lambda c: -c.score)  # a small card confirmed by its print before a weaker outline
        kept = _lying_first(kept)
    if not kept and sharper is None and max(gray.shape[:2]) <= THUMB_MAX_SIDE:
        kept += _unread_card(scored, v)
    faint = None if kept else next((c for c in scored if _faint(c)), None)
    return CardSearch([_card_quad(c, scale) for c in kept[:_MAX_QUADS]], None if faint is None else _card_quad(faint, scale))


def _card_quad(c: _Candidate, scale: float) -> CardQuad:
    # an upright card is read from its upper short side (which end is its top, its read tells)
    q = _long_side_first(c.q) if c.tall else c.q
    return CardQuad(
        corners=tuple((float(x * scale), float(y * scale)) for x, y in q),
        kind=c.kind,
        aspect=round(c.aspect, 4),
        score=round(min(1.0, c.score), 4),
        area_fraction=round(min(1.0, c.frac), 4),
        tall=c.tall,
    )


def find_card_quads(
    small_rgb: np.ndarray,
    gray: np.ndarray,
    *,
    scale: float,
    sharper: Sharper | None = None,
    printed: Callable[[], int] | None = None,
) -> list[CardQuad]:
    """``search_cards``' card quads."""
    return search_cards(small_rgb, gray, scale=scale, sharper=sharper, printed=printed).quads
