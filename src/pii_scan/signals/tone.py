"""Gray-range stretching and lifting for dim and flat images."""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["LIFT_MEDIAN", "is_dim", "lift_if_dim", "lifted_frame", "pixel_noise", "stretch_lut"]

#: A card crop whose gray 1st-99th percentile range is below this, or whose
#: median is below DIM_MEDIAN, is a dim photo: it is stretched and smoothed
#: before OCR (Tesseract reads almost nothing on dark, grainy crops).
DIM_RANGE = 150
DIM_MEDIAN = 100
#: Aperture of the median that takes a dim frame's grain out before it is lifted (``lifted_frame``).
LIFT_MEDIAN = 5


def stretch_lut(gray: np.ndarray, max_gain: float = 4.0, *, clip: float = 0.005) -> tuple[np.ndarray, float]:
    """A lookup table stretching the gray range between the ``clip`` and ``1 - clip`` quantiles, and its gain (1 to ``max_gain``).

    A dim photo's edges and print of a few gray levels become as strong as a
    bright photo's; an image that already spans the range is left as is
    (gain 1).
    """
    cdf = np.cumsum(np.bincount(gray.ravel(), minlength=256)) / gray.size
    lo, hi = int(np.searchsorted(cdf, clip)), int(np.searchsorted(cdf, 1.0 - clip))
    gain = float(np.clip(255.0 / max(hi - lo, 1), 1.0, max_gain))
    mid = 0.5 * (lo + hi)
    return np.clip((np.arange(256) - mid) * gain + 127.5, 0, 255).astype(np.uint8), gain


def is_dim(gray: np.ndarray) -> bool:
    """Whether a gray crop is dim or flat enough to lift (``lift_if_dim``), and not blank."""
    lo, hi = np.percentile(gray, (1, 99))
    return not ((hi - lo >= DIM_RANGE and np.median(gray) >= DIM_MEDIAN) or hi - lo < 16)


def pixel_noise(gray: np.ndarray) -> float:
    """A gray image's pixel noise as a Gaussian sigma (gray levels).

    The median distance from a 3x3 median (the paper's, print being a small
    share of the pixels), times 1.8 (1.4826 for the MAD, the median filter's
    own spread).
    """
    return float(np.median(cv2.absdiff(gray, cv2.medianBlur(gray, 3))[::2, ::2])) * 1.8


def lift_if_dim(pixels: np.ndarray) -> np.ndarray:
    """Even out and stretch a dim or flat crop, its grain smoothed; others unchanged.

    A blur takes the grain down, in proportion to the crop's own pixel
    noise (a high-ISO shot's speckle on the paper otherwise reads as text or
    breaks strokes once stretched); dividing by the background (a closing
    wider than any stroke, smoothed) brings the paper to white under any
    exposure or shading across the card; a stretch then spans the full range.
    Gray in, gray out; colour in, colour out.
    """
    gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY) if pixels.ndim == 3 else pixels
    if not is_dim(gray):
        return pixels  # well exposed, or blank: nothing to stretch
    noise = pixel_noise(gray)
    smooth = cv2.GaussianBlur(gray, (0, 0), float(np.clip(noise / 3, 1.0, 2.0)))
    k = max(15, max(gray.shape) // 25) | 1
    background = cv2.morphologyEx(smooth, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    even = cv2.divide(smooth, np.maximum(cv2.GaussianBlur(background, (0, 0), k / 4), 1), scale=255)
    lo, hi = np.percentile(even, (1, 99))
    stretched = np.clip((even.astype(np.float32) - lo) * (255.0 / max(hi - lo, 1.0)), 0, 255).astype(np.uint8)
    return cv2.cvtColor(stretched, cv2.COLOR_GRAY2RGB) if pixels.ndim == 3 else stretched


def lifted_frame(gray: np.ndarray) -> np.ndarray:
    """A dim frame (or view of one) with its grain taken out by a median, then evened out and stretched.

    At a frame's size the grain is as fine as print's strokes are wide, and
    as strong as a card's edge against the table: a median takes it out and
    keeps the edges, which ``lift_if_dim`` then brings to full contrast
    under any shading across the frame.
    """
    return lift_if_dim(cv2.medianBlur(gray, LIFT_MEDIAN))
