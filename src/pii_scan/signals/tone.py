"""Gray-range stretching for dim and flat images."""

from __future__ import annotations

import numpy as np

__all__ = ["stretch_lut"]


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
