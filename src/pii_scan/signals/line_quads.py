"""Card-shaped quads from straight line segments: outlines no segmentation of a patterned surface gives.

On a checked cloth, a tiled or gridded surface or a printed page, a small
card's outline is never a region of its own: the surface's edges close
around every square, and a card lying across light and dark squares
merges with the light ones. Its sides are still straight edges, though,
and they end at its corners, where a pattern's lines run on.

Line segments are found in the working copy (OpenCV's line segment
detector). Every two roughly parallel segments a card's side apart, and
overlapping along their length, are taken as its two opposite sides; the
other two sides are put where a document's aspect (ID-1 or a passport
page) puts them, centred on what the segments cover or, when they cover
less, flush with either end. Each quad is scored on its four sides, each
an edge of one sign (the card lighter or darker than all around it),
less the edge that runs on past its corners; the best few distinct ones
go to the small-card search, which snaps, scores and confirms them by
their print like any other outline.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

__all__ = ["line_quads", "still_held"]

#: Document aspects (long over short side) the other two sides are put at: ID-1 and a passport page.
_ASPECTS = (1.586, 1.42)
#: Most angle (degrees) between two segments taken as a card's opposite sides.
_PARALLEL = 4.0
#: Least overlap of two segments along their length, as a share of the shorter.
_OVERLAP = 0.5
#: Least length of each segment as a share of the side it stands for (a side may be seen in part).
_SIDE_SEEN = 0.3
#: How many of the longest segments are paired (a printed page has thousands).
_MAX_SEGMENTS = 400
#: Samples along each side, and how far past each corner (share of the side) a run-on edge is looked for.
_SAMPLES, _RUN_ON = 12, 0.3
#: Share of those samples past a side's two corners, one-signed like it, from which the side runs on
#: through them (a cut-off part of a strip of paper: 0.58-0.67; cards on a checked cloth: 0.42 at most).
_THROUGH = 0.5
#: How many distinct quads are handed on, and the least score (side edge less run-on) worth handing on.
_TOP, _MIN_SCORE = 6, 0.15

_detector: cv2.LineSegmentDetector | None = None


def _segments(gray: np.ndarray, min_len: float) -> np.ndarray:
    """Line segments ``(x0, y0, x1, y1)`` at least ``min_len`` long, at most ``_MAX_SEGMENTS`` longest."""
    global _detector
    if _detector is None:
        _detector = cv2.createLineSegmentDetector(cv2.LSD_REFINE_STD)
    found = _detector.detect(gray)[0]
    if found is None:
        return np.zeros((0, 4), np.float64)
    seg = found.reshape(-1, 4).astype(np.float64)
    length = np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    seg, length = seg[length >= min_len], length[length >= min_len]
    return seg[np.argsort(-length)[:_MAX_SEGMENTS]]


def _paired_quads(seg: np.ndarray, short_min: float, long_max: float) -> np.ndarray:
    """Quads (N x 4 x 2) with two opposite sides on two parallel, overlapping segments."""
    p0, p1 = seg[:, :2], seg[:, 2:]
    length = np.hypot(*(p1 - p0).T)
    u = (p1 - p0) / length[:, None]
    normal = np.stack([-u[:, 1], u[:, 0]], 1)
    mid = (p0 + p1) / 2
    angle = np.arctan2(u[:, 1], u[:, 0]) % np.pi
    turn = np.abs(angle[:, None] - angle[None, :])
    turn = np.minimum(turn, np.pi - turn)
    apart = np.abs(((mid[None, :, :] - mid[:, None, :]) * normal[:, None, :]).sum(-1))
    i, j = np.nonzero(np.triu((turn < math.radians(_PARALLEL)) & (apart >= short_min) & (apart <= long_max), 1))
    if not len(i):
        return np.zeros((0, 4, 2))
    u, normal = u[i], normal[i]
    span_i = np.sort(np.stack([(p0[i] * u).sum(1), (p1[i] * u).sum(1)], 1), 1)
    span_j = np.sort(np.stack([(p0[j] * u).sum(1), (p1[j] * u).sum(1)], 1), 1)
    overlap = np.minimum(span_i[:, 1], span_j[:, 1]) - np.maximum(span_i[:, 0], span_j[:, 0])
    paired = overlap >= _OVERLAP * np.minimum(span_i[:, 1] - span_i[:, 0], span_j[:, 1] - span_j[:, 0])
    lo, hi = np.minimum(span_i[:, 0], span_j[:, 0]), np.maximum(span_i[:, 1], span_j[:, 1])
    off_i, off_j = (mid[i] * normal).sum(1), (mid[j] * normal).sum(1)
    gap = np.abs(off_j - off_i)
    shorter = np.minimum(length[i], length[j])
    quads = []
    for aspect in _ASPECTS:
        for side in (gap * aspect, gap / aspect):  # the segments as the long sides, or as the short ones
            fits = paired & (side >= 0.8 * (hi - lo)) & (shorter >= _SIDE_SEEN * side)
            whole = fits & (hi - lo >= 0.85 * side)
            for sel, start in ((whole, (lo + hi - side) / 2), (fits & ~whole, lo), (fits & ~whole, hi - side)):
                s0, s1 = start[sel][:, None], (start + side)[sel][:, None]
                uu, nn, a, b = u[sel], normal[sel], off_i[sel][:, None], off_j[sel][:, None]
                quads.append(np.stack([uu * s0 + nn * a, uu * s1 + nn * a, uu * s1 + nn * b, uu * s0 + nn * b], 1))
    return np.concatenate(quads)


def _sampled(img: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """``img`` at the nearest pixel to each point; 0 outside the frame."""
    h, w = img.shape
    inside = (pts[..., 0] >= 0) & (pts[..., 0] <= w - 1) & (pts[..., 1] >= 0) & (pts[..., 1] <= h - 1)
    x = np.clip(np.rint(pts[..., 0]), 0, w - 1).astype(np.intp)
    y = np.clip(np.rint(pts[..., 1]), 0, h - 1).astype(np.intp)
    return img[y, x] * inside


def _scores(quads: np.ndarray, gx: np.ndarray, gy: np.ndarray, thr: float) -> np.ndarray:
    """Per quad: how well its four sides are edges of one sign (mean and weakest side blended), less how
    much of that edge runs on past its corners (a pattern's line, not a card's side); -1 when a side's
    edge runs on through a corner (``_THROUGH``: a longer sheet's side, or a line across a pattern)."""
    a, b = quads, np.roll(quads, -1, axis=1)
    d = b - a
    u = d / (np.linalg.norm(d, axis=-1, keepdims=True) + 1e-6)
    normal = np.stack([-u[..., 1], u[..., 0]], -1)
    inward = np.sign(((quads.mean(1)[:, None, :] - (a + b) / 2) * normal).sum(-1, keepdims=True))
    normal = normal * inward
    t = ((np.arange(_SAMPLES) + 0.5) / _SAMPLES)[None, None, :, None]
    on = a[:, :, None, :] + d[:, :, None, :] * t
    past = (_RUN_ON * (np.arange(_SAMPLES // 2) + 1.0) / (_SAMPLES // 2))[None, None, :, None]
    beyond = np.concatenate(
        [b[:, :, None, :] + d[:, :, None, :] * past + 3 * u[:, :, None, :], a[:, :, None, :] - d[:, :, None, :] * past - 3 * u[:, :, None, :]],
        axis=2,
    )

    def across(pts: np.ndarray) -> np.ndarray:
        return _sampled(gx, pts) * normal[:, :, None, 0] + _sampled(gy, pts) * normal[:, :, None, 1]

    g_on, g_beyond = across(on), across(beyond)
    best = np.full(len(quads), -1.0)
    for sign in (1.0, -1.0):  # lighter inside, or darker
        sides = (sign * g_on > thr).mean(-1)
        run_on = (sign * g_beyond > thr).mean(-1)
        score = 0.5 * sides.mean(-1) + 0.5 * sides.min(-1) - run_on.mean(-1)
        best = np.maximum(best, np.where(run_on.max(-1) >= _THROUGH, -1.0, score))
    return best


def _gradients(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Sobel gradients (per pixel of step) of ``gray`` and the edge threshold: half their 90th percentile."""
    gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0, ksize=3) / 4
    gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1, ksize=3) / 4
    return gx, gy, max(4.0, 0.5 * float(np.percentile(np.abs(gx[::2, ::2]) + np.abs(gy[::2, ::2]), 90)))


def still_held(gray: np.ndarray, quads: list[np.ndarray]) -> list[bool]:
    """For each quad (once snapped and scored), whether its sides are still one-signed edges that end at
    its corners (``_MIN_SCORE``). Snapped onto a printed page's rows of text, a quad's top side is
    print darker than the paper above it while its side is paper lighter than the table: a part of a
    page, not a card."""
    if not quads:
        return []
    gx, gy, thr = _gradients(gray)
    return [bool(v >= _MIN_SCORE) for v in _scores(np.array(quads, np.float64), gx, gy, thr)]


def line_quads(gray: np.ndarray, min_frac: float, max_frac: float) -> list[np.ndarray]:
    """Up to ``_TOP`` distinct card-shaped quads (4 x 2, working-copy pixels) of ``min_frac``-``max_frac``
    of the frame whose sides are straight one-signed edges ending at their corners, best first."""
    h, w = gray.shape
    area = float(h * w)
    short_min = 0.8 * math.sqrt(min_frac * area / _ASPECTS[0])
    long_max = 1.1 * math.sqrt(max_frac * area * _ASPECTS[1])
    seg = _segments(gray, 0.4 * short_min)
    if len(seg) < 2:
        return []
    quads = _paired_quads(seg, short_min, long_max)
    if not len(quads):
        return []
    scores = _scores(quads, *_gradients(gray))
    kept: list[np.ndarray] = []
    for k in np.argsort(-scores):
        if len(kept) >= _TOP or scores[k] < _MIN_SCORE:
            break
        q = quads[k]
        size = float(np.linalg.norm(q[1] - q[0]))
        if all(np.linalg.norm(q.mean(0) - p.mean(0)) >= 0.25 * max(size, float(np.linalg.norm(p[1] - p[0]))) for p in kept):
            kept.append(q)
    return kept
