"""MRZ band search on dim photos: a narrow gray range is stretched before the search."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from mrz_images import render_page, td1_lines

from pii_scan.signals import mrz_band

MRZ = td1_lines(number="AB9876543", birth="020305", sex="M", expiry="320305", surname="SATO", given="KEN")


def _page(gain: float, offset: float = 10.0, sigma: float = 3.0) -> np.ndarray:
    page = cv2.cvtColor(render_page(MRZ, width=1100, char_px=30), cv2.COLOR_RGB2GRAY)
    g = cv2.resize(page, (640, int(640 * page.shape[0] / page.shape[1])), interpolation=cv2.INTER_AREA)
    noise = np.random.default_rng(0).normal(0, sigma, g.shape)
    return np.clip(g.astype(np.float32) * gain + offset + noise, 0, 255).astype(np.uint8)


@pytest.mark.parametrize(("gain", "stretched"), [(1.0, False), (0.8, False), (0.3, True), (0.15, True)])
def test_only_a_dim_image_is_searched_stretched(monkeypatch: pytest.MonkeyPatch, gain: float, stretched: bool) -> None:
    seen: list[np.ndarray] = []
    real = mrz_band._find_scaled
    monkeypatch.setattr(mrz_band, "_find_scaled", lambda g, s: seen.append(g) or real(g, s))
    dim = _page(gain)
    mrz_band.find_mrz_bands(dim)
    (searched,) = seen
    spread = float(np.percentile(searched, 99) - np.percentile(searched, 1))
    assert (spread > 1.5 * float(np.percentile(dim, 99) - np.percentile(dim, 1))) is stretched


@pytest.mark.parametrize("gain", [0.3, 0.15])
def test_dim_band_is_found_where_the_bright_one_is(gain: float) -> None:
    (bright,) = mrz_band.find_mrz_bands(_page(1.0))
    (dim,) = mrz_band.find_mrz_bands(_page(gain))
    assert abs(dim.y - bright.y) <= 4 and abs(dim.h - bright.h) <= 8
    assert abs(dim.x - bright.x) <= 8 and abs(dim.w - bright.w) <= 0.05 * bright.w
