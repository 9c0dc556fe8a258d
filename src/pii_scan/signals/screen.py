"""Phone-screenshot traits: file facts plus the look of rendered pixels.

A screenshot has no camera EXIF, often the exact pixel size of a phone
screen (or at least a tall phone aspect), a flat status bar at the top with
the clock on the left or in the centre, and pixels that are rendered, not
sensed: large areas of one exact colour and no sensor noise. Each trait
adds log-odds evidence; the sum goes through a logistic so that a score of
0.5 or more means "probably a screenshot". Camera EXIF is close to a veto.
A sure document outline tilted from the image's axes counts against: UI
panels are drawn square to the screen, a photographed page or ticket rarely
lies so (and a messenger copy, shrunk and re-compressed, can otherwise look
rendered).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import cv2
import numpy as np

from pii_scan.location import THUMB_MAX_SIDE
from pii_scan.models import BBox
from pii_scan.signals import CardQuad, ScreenshotTraits

if TYPE_CHECKING:
    from pii_scan.decode import DecodedImage

__all__ = ["PHONE_SCREENS", "ink_rows", "rendered_ink", "screenshot_traits"]

#: Native screen sizes (short x long side, px) of common phones and tablets.
PHONE_SCREENS: frozenset[tuple[int, int]] = frozenset(
    {
        # iPhone
        (640, 1136), (750, 1334), (1080, 1920), (1242, 2208), (828, 1792), (1125, 2436),
        (1242, 2688), (1080, 2340), (1170, 2532), (1284, 2778), (1179, 2556), (1290, 2796),
        (1206, 2622), (1320, 2868), (1260, 2736),
        # Android
        (720, 1280), (720, 1440), (720, 1520), (720, 1560), (720, 1600), (720, 1612), (720, 1650),
        (1080, 2160), (1080, 2220), (1080, 2244), (1080, 2280), (1080, 2310), (1080, 2376),
        (1080, 2400), (1080, 2408), (1080, 2412), (1080, 2436), (1080, 2460), (1080, 2520),
        (1440, 2560), (1440, 2880), (1440, 2960), (1440, 3040), (1440, 3088), (1440, 3120),
        (1440, 3168), (1440, 3200), (1344, 2992), (1280, 2856), (1008, 2244), (1116, 2484),
        (1220, 2712), (1260, 2800), (1236, 2676), (1200, 2640), (1240, 2772),
        # tablets
        (1536, 2048), (1620, 2160), (1640, 2360), (1668, 2224), (1668, 2388), (2048, 2732),
        (1488, 2266), (1600, 2560), (1200, 1920), (1200, 2000), (1800, 2880), (1752, 2800),
    }
)

_PHONE_WIDTHS = frozenset(s for s, _ in PHONE_SCREENS)

# Log-odds weights of the traits (calibrated on rendered vs camera images).
_BASE = -1.6
_W_CAMERA = -6.0
_W_SCREEN_SIZE = 1.6
_W_PHONE_ASPECT = 0.7
_W_STATUS_BAR = 2.2
_W_FLAT = 1.3
_W_UI_COLOURS = 1.0
_W_CLEAN = 0.5
_W_PHONE_WIDTH = 0.8
_W_NOISY = -1.6
#: A sure document outline (score at least ``_PHOTO_QUAD``) tilted ``_PHOTO_TILT`` degrees or more
#: from the image's axes is a document photographed, not a panel drawn on a screen (UI panels are
#: axis-aligned; on 630 ticket and other screenshots no outline that sure is tilted even 1.5 degrees).
#: It counts ``_W_TILTED_DOCUMENT``: a messenger copy of a paper ticket on a table, shrunk and
#: re-compressed until its surroundings look flat, must not read as a ticket screenshot.
_PHOTO_QUAD, _PHOTO_TILT, _W_TILTED_DOCUMENT = 0.85, 2.0, -1.5
# Pixel statistics do not count against a screenshot of a thumbnail's size
# (THUMB_MAX_SIDE): a screen shrunk 4-8 times, then JPEG-saved, has text-dense,
# ringing pixels.


def _phone_aspect(w: int, h: int) -> float:
    """1 for a portrait 16:9 to 22:9 frame, 0.4 for the same in landscape, else 0."""
    r = max(w, h) / max(1, min(w, h))
    if not 1.74 <= r <= 2.5:
        return 0.0
    return 1.0 if h > w else 0.4


def _pixel_stats(rgb: np.ndarray, gray: np.ndarray) -> tuple[float, float, int]:
    """(noise, flat_fraction, flat_colours) of the working copy.

    ``flat_fraction``: share of pixels whose 3x3 neighbourhood is within one
    grey level (one exact colour, as a UI renders it). ``noise``: mean
    absolute Laplacian over quiet pixels (5x5 neighbourhood within 10
    levels); rendered areas, even JPEG re-saved, stay well under 0.5,
    sensor noise and paper or card texture give 1 or more, also after the
    downscale to the working copy. ``flat_colours``: how many distinct
    colours each fill at least 1 % of the frame with flat pixels (a UI has
    several: background, cards, bars, buttons; a page has one).
    """
    k3, k5 = np.ones((3, 3), np.uint8), np.ones((5, 5), np.uint8)
    spread3 = cv2.dilate(gray, k3).astype(np.int16) - cv2.erode(gray, k3)
    spread5 = cv2.dilate(gray, k5).astype(np.int16) - cv2.erode(gray, k5)
    flat = spread3 <= 1
    quiet = spread5 <= 10
    n_quiet = int(np.count_nonzero(quiet))
    lap = np.abs(cv2.Laplacian(gray, cv2.CV_16S, ksize=1))
    noise = float(lap[quiet].mean()) if n_quiet >= 0.01 * gray.size else 0.0
    q = (rgb[flat] // 8).astype(np.int32)
    codes = np.bincount(q[:, 0] * 1024 + q[:, 1] * 32 + q[:, 2], minlength=32768)
    colours = int(np.count_nonzero(codes >= 0.01 * gray.size))
    return noise, float(flat.mean()), colours


def _status_bar(gray: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) of a flat top band holding a clock-like blob, in ``gray`` pixels.

    The band's background is its dominant grey level; ink is what differs
    from it. A status bar has a short run of ink (the clock, e.g. "9:41")
    starting in the left third or centred, other ink (icons) towards the
    right, a uniform background, and nothing touching the band's top.
    """
    h, w = gray.shape
    if h < w * 1.2 or h < 80:
        return None
    band_h = max(8, int(round(h * 0.045)))
    band = gray[:band_h]
    bg = int(np.argmax(np.bincount(band.ravel(), minlength=256)))
    ink = (np.abs(band.astype(np.int16) - bg) > 40).astype(np.uint8)
    share = float(ink.mean())
    if not 0.005 < share < 0.25:
        return None
    background = band[ink == 0].astype(np.float32)
    if background.size == 0 or float(np.std(background)) > 8:
        return None
    if ink[0].any() or ink[-1].mean() > 0.2:
        return None  # content running through the band: not a bar
    merged = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(band_h * 0.25)), 1)))
    stats = cv2.connectedComponentsWithStatsWithAlgorithm(merged, 8, cv2.CV_32S, cv2.CCL_GRANA)[2]
    groups = [tuple(int(v) for v in s[:4]) for s in stats[1:] if s[3] >= 0.2 * band_h and s[2] >= 2]
    clocks = [
        g for g in groups
        if g[3] <= 0.85 * band_h and 1.2 * g[3] <= g[2] <= 0.45 * w
        and (g[0] < 0.2 * w or abs(g[0] + g[2] / 2 - w / 2) < 0.08 * w)
    ]
    right = [g for g in groups if g[0] + g[2] / 2 > 0.6 * w]
    if not clocks or not right:
        return None
    return 0, 0, w, band_h


def screenshot_traits(image: DecodedImage, gray: np.ndarray, *, quads: Sequence[CardQuad] = ()) -> ScreenshotTraits:
    """How much ``image`` looks like a phone screenshot, with the traits and reasons.

    ``quads``: the image's card outlines, best first (``Signals.card_quads``); a sure one tilted
    from the image's axes counts against a screenshot.
    """
    w, h = image.size
    reasons: list[str] = []
    logit = _BASE
    camera = image.exif.is_camera
    if camera:
        logit += _W_CAMERA
        reasons.append(f"camera EXIF ({image.exif.make or image.exif.model})")
    exact = (min(w, h), max(w, h)) in PHONE_SCREENS
    if exact:
        logit += _W_SCREEN_SIZE
        reasons.append(f"phone screen size {w}x{h}")
    phone_width = not exact and min(w, h) in _PHONE_WIDTHS
    phone = _phone_aspect(w, h)
    if phone and not exact:
        logit += _W_PHONE_ASPECT * phone
        reasons.append(f"phone aspect {max(w, h) / min(w, h):.2f}")
    bar = _status_bar(gray)
    status = None
    if bar is not None:
        logit += _W_STATUS_BAR
        status = BBox(*bar).scaled(image.scale)
        reasons.append("status bar with clock")
    noise, flat, colours = _pixel_stats(image.small, gray)
    if flat > 0.97:
        reasons.append("blank image")
    elif flat >= 0.4 and noise <= 0.6:
        logit += _W_FLAT * min(1.0, (flat - 0.25) / 0.3)
        reasons.append(f"rendered pixels ({flat:.0%} flat, noise {noise:.2f})")
        if flat >= 0.6 and noise <= 0.2:
            logit += _W_CLEAN
        if phone_width:  # e.g. a screenshot cropped to the ticket, full width kept
            logit += _W_PHONE_WIDTH
            reasons.append(f"phone screen width {min(w, h)}")
        if colours >= 3:
            logit += _W_UI_COLOURS * min(1.0, (colours - 2) / 2)
            reasons.append(f"{colours} flat UI colours")
    elif (flat < 0.2 or noise >= 1.0) and max(w, h) > THUMB_MAX_SIDE:
        logit += _W_NOISY
        reasons.append(f"sensor-like pixels ({flat:.0%} flat, noise {noise:.2f})")
    if quads and quads[0].score >= _PHOTO_QUAD and quads[0].tilt >= _PHOTO_TILT:
        logit += _W_TILTED_DOCUMENT
        reasons.append(f"a document outline tilted {quads[0].tilt:.1f} degrees (photographed)")
    score = 1.0 / (1.0 + math.exp(-logit))
    return ScreenshotTraits(
        score=round(score, 4),
        camera_exif=camera,
        screen_size=exact,
        aspect=round(max(w, h) / max(1, min(w, h)), 4),
        status_bar=status,
        noise=round(noise, 3),
        flat_fraction=round(flat, 4),
        reasons=tuple(reasons),
    )


#: Median window (px at ~1200 px screen width) that spans a letter, so its
#: median is the background around the letter; and the grey-level distance
#: from that background that counts as ink.
INK_WINDOW = 41
INK_CONTRAST = 28


def rendered_ink(rgb: np.ndarray) -> np.ndarray:
    """A rendered screen as black ink on white, whatever its colours (grey uint8).

    Tesseract binarises a page with one global threshold, which drops light
    grey labels on white, grey labels in dark mode and white text on a
    coloured card next to a black QR code. Here a pixel is ink when it
    differs from its neighbourhood's median (the local background) by
    ``INK_CONTRAST`` grey levels, in either direction, so every panel is
    binarised against its own background and all text comes out dark on
    light. Meant for screenshots: on a camera photo, texture becomes ink.
    """
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if rgb.ndim == 3 else rgb
    background = cv2.medianBlur(np.ascontiguousarray(gray, dtype=np.uint8), INK_WINDOW)
    ink = cv2.absdiff(gray, background) > INK_CONTRAST
    return np.where(ink, 0, 255).astype(np.uint8)


#: Least ink pixels in a pixel row of ``rendered_ink`` for it to hold print,
#: and least height (px at reading size) of a run of such rows to be a row of
#: print: rules and dividers are a few pixels high.
ROW_INK, ROW_HEIGHT = 3, 6


def ink_rows(ink: np.ndarray) -> int:
    """Rows of print in a ``rendered_ink`` image: runs of ``ROW_HEIGHT`` or more pixel rows with ink.

    A label over its value counts twice, as Tesseract reads them, where the
    cheap stage's text lines (found at a fraction of the size, their blobs
    joined) often make one of them.
    """
    inked = np.count_nonzero(ink == 0, axis=1) >= ROW_INK
    edges = np.flatnonzero(np.diff(np.concatenate(([0], inked.astype(np.int8), [0]))))
    starts, ends = edges[0::2], edges[1::2]
    return int(np.count_nonzero(ends - starts >= ROW_HEIGHT))
