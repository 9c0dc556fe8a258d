"""QR codes and other barcodes on the working copy.

zxing-cpp reads QR, Micro QR, PDF417, Aztec, Data Matrix and the linear
symbologies in one pass (no rotation search for linear codes and no extra
downscaled passes: this is the cheap stage). A 2-D code it locates but
cannot decode is read once more, cut out and enlarged twice (on a working
copy or a thumbnail its modules can be a pixel wide); codes still
undecoded are kept as ``decoded=False`` (QR and PDF417 only: other
undecodable hits are mostly texture). Because a QR code on a working copy
of a large screenshot can be too small or soft to decode, a structural
fallback also looks for QR finder patterns: three nested squares (dark
7x7 ring, light 5x5 ring, dark 3x3 core) of one size at the corners of a
right isosceles triangle.

The decoded content is not kept: on a ticket it is a booking reference.
Only the name of a layout a 2-D code's content follows is (``code_payload``),
and the content of a 2-D code that holds an identity number alone (a My
Number card's back). A linear code's content has no layout: its digits
are a product's or a parcel's.
"""

from __future__ import annotations

import itertools
import math

import cv2
import numpy as np

from pii_scan.models import BBox
from pii_scan.signals import Barcode
from pii_scan.signals.code_payload import IDENTITY_PAYLOADS, payload_format

__all__ = ["find_barcodes", "find_qr_finders"]

_KINDS = (
    ("QR", "qr"),
    ("PDF417", "pdf417"),
    ("Aztec", "aztec"),
    ("Data Matrix", "datamatrix"),
    ("DataMatrix", "datamatrix"),
    ("MaxiCode", "maxicode"),
)


#: Kinds whose undecodable detections are still trusted: their locators
#: (QR finder patterns, PDF417 start/stop columns) are specific. An
#: undecodable Data Matrix or linear "code" is mostly texture.
_TRUSTED_UNDECODED = frozenset({"qr", "pdf417"})
#: Undecoded 2-D codes re-read enlarged, at most this many per image and this large (px, crop side).
_MAX_RETRIES = 3
_ENLARGE_MAX = 400


def _kind(symbology: str) -> str:
    for key, kind in _KINDS:
        if key.lower() in symbology.lower():
            return kind
    return "linear"


_Found = tuple[str, tuple[float, float, float, float], bool, "str | None", "str | None"]


def _zxing_hits(gray: np.ndarray) -> list[_Found]:
    """(kind, (x0, y0, x1, y1), decoded, payload format, identity number) of every code zxing-cpp reports."""
    try:
        import zxingcpp
    except ImportError:  # optional at run time: the structural fallback still works
        return []
    found = []
    for r in zxingcpp.read_barcodes(gray, try_rotate=False, try_downscale=False, return_errors=True):
        p = r.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_right.x, p.bottom_left.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_right.y, p.bottom_left.y]
        kind = _kind(str(r.symbology))
        # boarding passes, rail tickets and the My Number card put their payloads in 2-D codes; a
        # linear code's digits are a parcel's, a ticket's or a product's (a Code 128 or ITF of 12
        # digits passes the Individual Number check digit one time in ten)
        payload = payload_format(r.text) if r.valid and kind != "linear" else None
        number = r.text.strip() if payload in IDENTITY_PAYLOADS else None
        found.append((kind, (min(xs), min(ys), max(xs), max(ys)), bool(r.valid), payload, number))
    return found


def _enlarged_read(gray: np.ndarray, box: tuple[float, float, float, float]) -> _Found | None:
    """The code in ``box`` read again at twice the size, if that decodes it (box in ``gray`` pixels).

    On a working copy or a thumbnail a code's modules can be a pixel wide:
    zxing then locates the code but cannot sample it.
    """
    x0, y0, x1, y1 = box
    pad = 0.25 * max(x1 - x0, y1 - y0) + 4
    h, w = gray.shape[:2]
    left, top = max(0, int(x0 - pad)), max(0, int(y0 - pad))
    crop = gray[top : min(h, int(y1 + pad) + 1), left : min(w, int(x1 + pad) + 1)]
    if crop.size == 0 or max(crop.shape) > _ENLARGE_MAX:
        return None
    big = cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    for kind, (a, b, c, d), decoded, payload, number in _zxing_hits(big):
        if decoded and kind != "linear":
            return kind, (left + a / 2, top + b / 2, left + c / 2, top + d / 2), True, payload, number
    return None


def _zxing(gray: np.ndarray) -> list[_Found]:
    """The codes zxing-cpp locates: decoded ones, 2-D ones decoded on an enlarged re-read,
    and undecodable QR and PDF417 (their locators are specific; other undecodable hits are texture)."""
    found = []
    retries = 0
    for hit in _zxing_hits(gray):
        kind, box, decoded = hit[:3]
        if not decoded and kind not in ("linear", "maxicode") and retries < _MAX_RETRIES:
            retries += 1
            hit = _enlarged_read(gray, box) or hit
        if hit[2] or hit[0] in _TRUSTED_UNDECODED:
            found.append(hit)
    return found


def _finder_candidates(gray: np.ndarray) -> list[tuple[float, float, float]]:
    """(cx, cy, side) of nested-square blobs shaped like a QR finder pattern."""
    block = max(11, (min(gray.shape) // 20) | 1)
    binary = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 10)
    contours, hierarchy = cv2.findContours(binary, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    hier = hierarchy[0]
    child = hier[:, 2]
    # contours with a grandchild: outline > hole > core
    nested = np.flatnonzero((child >= 0) & (child[np.maximum(child, 0)] >= 0))
    out = []
    for i in nested:
        c = contours[i]
        j = child[i]
        k = child[j]
        x, y, w, h = cv2.boundingRect(c)
        if w < 5 or h < 5 or not 0.6 <= w / h <= 1.67:
            continue
        # areas of the 7x7 outline, the 5x5 hole and the 3x3 core: 49 : 25 : 9
        a_out, a_hole, a_core = (cv2.contourArea(contours[n]) for n in (i, j, k))
        if a_out < 0.6 * w * h or a_core <= 0 or a_hole <= 0:
            continue
        if not (0.25 <= a_hole / a_out <= 0.8 and 0.15 <= a_core / a_hole <= 0.7):
            continue
        kx, ky, kw, kh = cv2.boundingRect(contours[k])
        if abs(kx + kw / 2 - x - w / 2) > 0.2 * w or abs(ky + kh / 2 - y - h / 2) > 0.2 * h:
            continue
        out.append((x + w / 2, y + h / 2, (w + h) / 2))
    return out


def find_qr_finders(gray: np.ndarray) -> list[tuple[float, float, float, float]]:
    """Boxes (x0, y0, x1, y1) of QR-code-like triples of finder patterns."""
    cands = _finder_candidates(gray)
    if len(cands) > 60:  # a pattern-rich texture, not a code
        return []
    boxes = []
    used: set[int] = set()
    for trio in itertools.combinations(range(len(cands)), 3):
        if used & set(trio):
            continue
        pts = [cands[t] for t in trio]
        sides = [p[2] for p in pts]
        if max(sides) > 1.5 * min(sides):
            continue
        d = sorted(
            ((math.dist(pts[a][:2], pts[b][:2]), a, b) for a, b in ((0, 1), (0, 2), (1, 2))),
            key=lambda t: t[0],
        )
        (d1, *_), (d2, *_), (d3, *_) = d
        s = float(np.mean(sides))
        if d1 < 2.2 * s or d2 > 1.2 * d1 or abs(d3 / math.hypot(d1, d2) - 1) > 0.12:
            continue
        half = s / 2
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        # the fourth corner completes the square
        corner = ({0, 1, 2} - {d[2][1], d[2][2]}).pop()
        xs.append(pts[d[2][1]][0] + pts[d[2][2]][0] - pts[corner][0])
        ys.append(pts[d[2][1]][1] + pts[d[2][2]][1] - pts[corner][1])
        boxes.append((min(xs) - half, min(ys) - half, max(xs) + half, max(ys) + half))
        used |= set(trio)
    return boxes


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    ix = min(a[2], b[2]) - max(a[0], b[0])
    iy = min(a[3], b[3]) - max(a[1], b[1])
    return ix > 0 and iy > 0 and ix * iy > 0.3 * min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))


def _box(b: tuple[float, float, float, float], scale: float, shape: tuple[int, ...]) -> BBox:
    h, w = shape[:2]
    x0, y0 = max(0.0, b[0]), max(0.0, b[1])
    x1, y1 = min(float(w), b[2]), min(float(h), b[3])
    return BBox.from_points([x0, x1], [y0, y1]).scaled(scale)


def find_barcodes(gray: np.ndarray, *, scale: float) -> list[Barcode]:
    """Codes on ``gray`` (the working copy), boxes times ``scale`` (original pixels).

    A code's content is kept only if it is an identity number.
    """
    found = sorted(_zxing(gray), key=lambda f: not f[2])  # decoded ones first
    found += [("qr", b, False, None, None) for b in find_qr_finders(gray)]
    kept: list[_Found] = []
    for f in found:
        if not any(_overlaps(f[1], k[1]) for k in kept):
            kept.append(f)
    return [Barcode(kind, _box(b, scale, gray.shape), decoded, payload, number) for kind, b, decoded, payload, number in kept]
