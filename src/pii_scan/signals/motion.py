"""Straight-line motion blur (hand shake): found from the print itself, and undone.

A card photographed with a shaking hand is smeared along one direction:
each stroke edge becomes a ramp as long as the smear, and Tesseract reads
the doubled, washed-out strokes as noise. A straight smear multiplies the
image's spectrum by a sinc across it, whose zeros recur every 1/length:
in the cepstrum (the inverse transform of the log spectrum) that shows as
one deep negative peak at the smear's length and direction from the
centre, far below anything a sharp or evenly soft image has there.
``motion_blur`` looks for that peak; ``deblurred`` undoes the smear it
found with a Wiener filter.
"""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

__all__ = ["MotionBlur", "deblurred", "motion_blur", "smeared"]

#: Smear lengths (px) looked for: shorter ones are within a stroke's width, and sharp print has
#: cepstral troughs that short too.
MIN_LENGTH, MAX_LENGTH = 7.0, 25.0
#: How far below the mean of its ring the cepstral peak must lie, in standard deviations of the
#: ring (smeared cards -6 to -25; sharp, evenly soft, grainy and dim ones -3 to -5.5).
MIN_PEAK_Z = 6.0
#: Least gray-level standard deviation of a view with print to judge.
MIN_CONTRAST = 4.0
#: What the measured length exceeds the kernel's nominal one by (its anti-aliased ends).
LENGTH_BIAS = 1.0
#: Wiener noise-to-signal floor: higher keeps grain down, lower sharpens more.
NOISE_FLOOR = 0.005


class MotionBlur(NamedTuple):
    """A straight smear: its ``length`` (px) and ``angle`` (degrees, clockwise on screen from the rows)."""

    length: float
    angle: float


def motion_blur(gray: np.ndarray) -> MotionBlur | None:
    """The straight smear across ``gray``, or None when there is none to see.

    The deepest point of the cepstrum at ``MIN_LENGTH``-``MAX_LENGTH`` px from
    its centre gives the smear's length and direction; it is a smear when
    that point lies ``MIN_PEAK_Z`` standard deviations below its ring.
    """
    if gray.ndim == 3:
        gray = cv2.cvtColor(gray, cv2.COLOR_RGB2GRAY)
    h, w = gray.shape
    if min(h, w) < 4 * MAX_LENGTH:
        return None
    g = gray.astype(np.float32)
    g -= g.mean()
    if float(g.std()) < MIN_CONTRAST:
        return None  # blank: the cepstrum of a flat spectrum is rounding noise
    g *= np.outer(np.hanning(h), np.hanning(w)).astype(np.float32)  # no edge seams in the spectrum
    cep = np.fft.fftshift(np.fft.irfft2(np.log(np.abs(np.fft.rfft2(g)) + 1e-3), s=g.shape))
    cy, cx = h // 2, w // 2
    yy, xx = np.mgrid[-cy : h - cy, -cx : w - cx]
    r = np.hypot(yy, xx)
    ring = (r >= MIN_LENGTH) & (r <= MAX_LENGTH)
    values = cep[ring]
    spread = float(values.std())
    if spread <= 0:
        return None
    iy, ix = np.unravel_index(int(np.argmin(np.where(ring, cep, np.inf))), cep.shape)
    if (cep[iy, ix] - float(values.mean())) / spread > -MIN_PEAK_Z:
        return None
    dy, dx = float(iy - cy), float(ix - cx)
    return MotionBlur(max(1.0, float(np.hypot(dx, dy)) - LENGTH_BIAS), float(np.degrees(np.arctan2(dy, dx)) % 180.0))


def _kernel(blur: MotionBlur) -> np.ndarray:
    """The smear's line kernel (sums to 1), centred in an odd square."""
    size = (int(np.ceil(blur.length)) | 1) + 2
    c = size // 2
    t = np.radians(blur.angle)
    dx, dy = 0.5 * blur.length * np.cos(t), 0.5 * blur.length * np.sin(t)
    fine = 16  # drawn at 1/16 px, then summed down
    big = np.zeros((size * fine, size * fine), np.uint8)
    p0 = (int(round((c - dx + 0.5) * fine - 0.5)), int(round((c - dy + 0.5) * fine - 0.5)))
    p1 = (int(round((c + dx + 0.5) * fine - 0.5)), int(round((c + dy + 0.5) * fine - 0.5)))
    cv2.line(big, p0, p1, 255, thickness=fine, lineType=cv2.LINE_AA)
    k = cv2.resize(big.astype(np.float32), (size, size), interpolation=cv2.INTER_AREA)
    return k / max(float(k.sum()), 1e-9)


def smeared(gray: np.ndarray, blur: MotionBlur) -> np.ndarray:
    """``gray`` smeared by ``blur`` (what a shaking hand does; for tests and measurements)."""
    return cv2.filter2D(gray, -1, _kernel(blur), borderType=cv2.BORDER_REFLECT)


def deblurred(gray: np.ndarray, blur: MotionBlur) -> np.ndarray:
    """``gray`` (uint8) with the smear undone by a Wiener filter (uint8, same size)."""
    h, w = gray.shape
    k = _kernel(blur)
    pad = 2 * k.shape[0]
    f = cv2.copyMakeBorder(gray.astype(np.float32) / 255.0, pad, pad, pad, pad, cv2.BORDER_REFLECT)
    psf = np.zeros_like(f)
    ks = k.shape[0]
    psf[:ks, :ks] = k
    psf = np.roll(psf, (-(ks // 2), -(ks // 2)), axis=(0, 1))
    fk, fg = np.fft.rfft2(psf), np.fft.rfft2(f)
    out = np.fft.irfft2(fg * np.conj(fk) / (np.abs(fk) ** 2 + NOISE_FLOOR), s=f.shape)[pad : pad + h, pad : pad + w]
    return np.clip(out * 255.0, 0, 255).astype(np.uint8)
