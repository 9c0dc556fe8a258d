"""Text-line blobs found by morphology, without OCR.

Dark-on-light text is picked out with a black-hat, light-on-dark text
(dark mode, white print on coloured card areas) with a top-hat. Each is
thresholded, closed with a wide flat kernel so the characters of a line
merge, and the blobs are kept when they look like a line of text: short,
much wider than high, broken into strokes (a solid bar or a frame edge
has no strokes along it) and with as much vertical as horizontal edge
(wood grain and fabric stripes have little).

``find_text_lines``, the frame-level signal behind ``text_density``, also
asks a line to be at least ``MIN_FRAME_LINE_ASPECT`` times as long as it is
high, i.e. a few characters: the short, fat blobs that eyes, teeth, hair,
ribbons and clutter leave in ordinary photos are what made text density
send one selfie in ten to OCR. It also looks at a dim frame as if it
were exposed normally (``_views``): in a dim room a card's print, plain to
the eye, has a fraction of the fixed ink contrast, and a card as dark as
the table it lies on showed no line at all.

A card photographed at a slant of ten degrees or more shows no line either:
a slanted row's box is too high for its length. When the frame shows
fewer than ``TILT_CHECK_BELOW`` lines, the rows' slant (``skew.row_slant``)
is measured and the lines are looked for again in the frame turned level
(``_tilted_lines``); each is given back as the upright box around it.
Lines running down the frame (a card or page turned a quarter) are found
apart (``find_lines_down``): for the card search's straight-edge gate and
for text blocks whose rows run down the frame. Print slanted 20-70 degrees
(a card lying across the table) runs neither way: for the same gate only,
the frame is turned by the main slant of its strongest edges and its lines
counted there (``count_slanted_lines``).
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np

from pii_scan.models import BBox
from pii_scan.signals.skew import row_slant, turn

__all__ = ["blob_stats", "count_slanted_lines", "find_lines_down", "find_text_lines", "line_blobs"]

#: Reference long side the kernel sizes below are tuned for.
_REF_SIDE = 640
#: Lowest black-/top-hat response that counts as ink (0-255 grey levels).
_MIN_CONTRAST = 28
#: Bright level (99th gray percentile) of a normally exposed image; the least and most a dim one is lifted by.
_LIT_LEVEL, _MIN_GAIN, _MAX_GAIN = 180.0, 1.25, 4.0
#: Grain (mean distance from a 3x3 median, at the lifted exposure) from which a dim image is smoothed.
_GRAIN = 4.0
#: In a dim image, ink must respond this many times the image's median hat response (noise, grain).
_NOISE_K = 3.0
#: Least length / height of a frame-level text line (a few characters).
MIN_FRAME_LINE_ASPECT = 3.5
#: Lines found level under which the frame is searched again turned level, and the least slant
#: (degrees) worth the turn: at 5 degrees a line a few characters long still passes as level.
TILT_CHECK_BELOW, MIN_TILT = 3, 5.0


#: Slants (degrees, modulo 90) of the strongest edges at which the frame is turned to count lines
#: (``count_slanted_lines``): nearer level, ``find_text_lines`` and ``find_lines_down`` see them.
SLANT_RANGE = (20.0, 70.0)
#: Share of the working copy's pixels, the strongest gradients, whose slant is averaged.
_STRONGEST = 0.1


def _odd(n: float) -> int:
    k = max(3, int(round(n)))
    return k if k % 2 else k + 1


def _hat_mask(gray: np.ndarray, op: int, k: int, min_contrast: float, noise_k: float = 0.0) -> np.ndarray:
    hat = cv2.morphologyEx(gray, op, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    otsu, _ = cv2.threshold(hat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    if noise_k:  # ink must stand clear of the noise, whose response is the typical (median) one
        counts = np.cumsum(cv2.calcHist([hat], [0], None, [256], [0, 256]).ravel())
        min_contrast = max(min_contrast, noise_k * float(np.searchsorted(counts, 0.5 * counts[-1])))
    _, mask = cv2.threshold(hat, max(float(otsu), min_contrast), 255, cv2.THRESH_BINARY)
    return mask


def _views(gray: np.ndarray, lift: bool) -> list[tuple[np.ndarray, float, float]]:
    """``(pixels, least ink contrast, noise factor)`` to look for lines in: the image, and a dim one lifted.

    A dim shot spans a fraction of the gray range: its print is as clear
    to the eye as a lit one's but has a fraction of the contrast. So a dim
    image (bright level, its 99th percentile, under ``_LIT_LEVEL``) is also
    judged as if it were exposed normally: the contrast asked for scales
    with the bright level (lifted by at most ``_MAX_GAIN``). Noise does not
    shrink with the exposure: the grain of the lifted view is smoothed in
    proportion, and its ink must stand ``_NOISE_K`` times above the
    typical response.
    """
    views = [(gray, float(_MIN_CONTRAST), 0.0)]
    if not lift:
        return views
    hist = cv2.calcHist([gray], [0], None, [256], [0, 256]).ravel()
    bright = float(np.searchsorted(np.cumsum(hist), 0.99 * hist.sum()))
    gain = min(_MAX_GAIN, _LIT_LEVEL / max(bright, 1.0))
    if gain >= _MIN_GAIN:
        grain = float(cv2.absdiff(gray, cv2.medianBlur(gray, 3)).mean()) * gain
        lifted = gray if grain < _GRAIN else cv2.GaussianBlur(gray, (0, 0), min(1.2, grain / (2 * _GRAIN)))
        views.append((lifted, _MIN_CONTRAST / gain, _NOISE_K))
    return views


def _strokes(ink: np.ndarray) -> float:
    """Mean count of ink runs along the middle rows of a blob's box."""
    h = ink.shape[0]
    rows = ink[max(0, h // 4) : max(1, h - h // 4)] > 0
    if rows.size == 0:
        return 0.0
    starts = np.count_nonzero(rows[:, 1:] & ~rows[:, :-1], axis=1) + rows[:, 0]
    return float(np.mean(starts))


def blob_stats(binary: np.ndarray) -> np.ndarray:
    """``connectedComponentsWithStats`` rows (x, y, w, h, area; row 0 the background), 8-connected.

    Grana's block-based algorithm: the same labels as OpenCV's default, at
    about 40 % of its time single-threaded (0.7 against 1.7 ms at 640 px).
    """
    return cv2.connectedComponentsWithStatsWithAlgorithm(binary, 8, cv2.CV_32S, cv2.CCL_GRANA)[2]


def line_blobs(
    gray: np.ndarray,
    *,
    min_height: int = 3,
    max_height_frac: float = 0.12,
    min_aspect: float = 2.0,
    lift: bool = False,
    min_vertical: float = 0.6,
) -> list[tuple[int, int, int, int]]:
    """Text-line boxes ``(x, y, w, h)`` in the pixels of ``gray``.

    Works at any size; kernels follow the image's long side. A blob counts
    when its height is between ``min_height`` and ``max_height_frac`` of the
    image height, it is at least ``min_aspect`` times as wide as high, and
    the ink inside it is broken into strokes, and it has at least
    ``min_vertical`` times as much vertical as horizontal edge (glyphs;
    stripes of wood grain or fabric have little). With ``lift``, a dim image is
    also searched as if exposed normally (``_views``); callers that stretch
    their crops themselves (the card checks) leave it off.
    """
    h, w = gray.shape[:2]
    if min(h, w) < 16:
        return []
    f = max(h, w) / _REF_SIDE
    k_hat = _odd(15 * max(f, 0.4))
    close = cv2.getStructuringElement(cv2.MORPH_RECT, (_odd(9 * max(f, 0.4)), 3 if f < 1.5 else 5))
    max_h = max(min_height + 1, int(h * max_height_frac))
    boxes: list[tuple[int, int, int, int]] = []
    grads: tuple[np.ndarray, np.ndarray] | None = None
    hats = (cv2.MORPH_BLACKHAT, cv2.MORPH_TOPHAT)
    for (view, min_contrast, noise_k), op in itertools.product(_views(gray, lift), hats):
        ink = _hat_mask(view, op, k_hat, min_contrast, noise_k)
        merged = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, close)
        stats = blob_stats(merged)[1:]
        sx, sy, sw, sh, sa = stats.T
        shaped = (sh >= min_height) & (sh <= max_h) & (sw >= min_aspect * sh) & (sw >= 8)
        shaped &= (sa >= 0.3 * sw * sh) & (sw <= 0.97 * w)
        for x, y, bw, bh, area in stats[shaped].tolist():
            # a text line has roughly one stroke per character width or more
            if _strokes(ink[y : y + bh, x : x + bw]) < max(2.0, 0.45 * bw / bh):
                continue
            # glyphs have as much vertical as horizontal edge; stripes (wood
            # grain, fabric) do not
            if grads is None:
                grads = (
                    np.abs(cv2.Sobel(gray, cv2.CV_32F, 1, 0, ksize=3)),
                    np.abs(cv2.Sobel(gray, cv2.CV_32F, 0, 1, ksize=3)),
                )
            if grads[0][y : y + bh, x : x + bw].sum() < min_vertical * grads[1][y : y + bh, x : x + bw].sum():
                continue
            boxes.append((int(x), int(y), int(bw), int(bh)))
    return _dedupe(boxes)


def _dedupe(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Drop a box mostly inside a bigger one (a line seen by both hats)."""
    boxes.sort(key=lambda b: b[2] * b[3], reverse=True)
    kept: list[tuple[int, int, int, int]] = []
    for b in boxes:
        x, y, w, h = b
        inside = False
        for kx, ky, kw, kh in kept:
            ix = max(0, min(x + w, kx + kw) - max(x, kx))
            iy = max(0, min(y + h, ky + kh) - max(y, ky))
            if ix * iy >= 0.6 * w * h:
                inside = True
                break
        if not inside:
            kept.append(b)
    return kept


def _frame_lines(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Frame-level text-line blobs (a few characters long, dim frames lifted) of ``gray``, as its pixels' boxes."""
    return line_blobs(gray, min_aspect=MIN_FRAME_LINE_ASPECT, lift=True)


def _frame_lines_down(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """``_frame_lines`` running down ``gray``, as boxes of its transpose (x and y swapped)."""
    return _frame_lines(np.ascontiguousarray(gray.T))


def _tilted_lines(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Lines of print slanted ``MIN_TILT`` degrees or more, found in the frame turned level, as
    the upright boxes around them in ``gray``'s pixels; none when no slant is found."""
    angle = row_slant(gray)
    if angle is None or abs(angle) < MIN_TILT:
        return []
    flat, back = turn(gray, angle)
    h, w = gray.shape[:2]
    out = []
    for x, y, bw, bh in _frame_lines(flat):
        corners = back @ np.array([[x, x + bw, x + bw, x], [y, y, y + bh, y + bh], [1, 1, 1, 1]], dtype=np.float64)
        x0, y0 = np.clip(corners[:2].min(axis=1), 0, (w, h)).astype(int)
        x1, y1 = np.clip(np.ceil(corners[:2].max(axis=1)), 0, (w, h)).astype(int)
        if x1 > x0 and y1 > y0:
            out.append((int(x0), int(y0), int(x1 - x0), int(y1 - y0)))
    return out


def find_text_lines(gray: np.ndarray, *, scale: float) -> list[BBox]:
    """Text-line-like blobs of the working copy a few characters long, as boxes in original pixels;
    searched again turned level when few are found level (module docstring)."""
    lines = _frame_lines(gray)
    if len(lines) < TILT_CHECK_BELOW:
        tilted = _tilted_lines(gray)
        if len(tilted) > len(lines):
            lines = tilted
    return [BBox(x, y, w, h).scaled(scale) for x, y, w, h in lines]


def find_lines_down(gray: np.ndarray, *, scale: float) -> list[BBox]:
    """Text-line blobs running down the working copy, as (tall) boxes in original pixels: the print
    of a card or page turned a quarter in the frame, which ``find_text_lines`` (lines across the
    frame, or slanted up to ``skew``'s limit) does not see."""
    return [BBox(y, x, h, w).scaled(scale) for x, y, w, h in _frame_lines_down(gray)]


def _main_slant(gray: np.ndarray) -> float:
    """The main slant (degrees in [0, 90)) of the strongest edges: their directions averaged with
    each quarter turn folded onto one (a row of print has edges along and across it)."""
    g = gray[::2, ::2].astype(np.float32)
    gx, gy = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)
    mag = cv2.magnitude(gx, gy)
    strong = mag > np.quantile(mag, 1.0 - _STRONGEST)
    if not strong.any():
        return 0.0
    folded = (mag[strong] * np.exp(4j * np.arctan2(gy[strong], gx[strong]))).sum()
    return float(np.degrees(np.angle(folded)) / 4.0 % 90.0)


def count_slanted_lines(gray: np.ndarray) -> int:
    """How many text-line blobs the working copy shows turned level by the main slant of its
    strongest edges, across or down, when that slant is within ``SLANT_RANGE``; else 0."""
    angle = _main_slant(gray)
    if not SLANT_RANGE[0] <= angle <= SLANT_RANGE[1]:
        return 0
    flat, _ = turn(gray, angle, grow=False)
    return max(len(_frame_lines(flat)), len(_frame_lines_down(flat)))
