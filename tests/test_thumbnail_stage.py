"""The cheap stage at thumbnail size: a shrunk screenshot still looks like one, and its text is enlarged for OCR."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

import layout_images as li
from pii_scan.context import MIN_SCREEN_OCR_WIDTH, SCREEN_OCR_WIDTH
from pii_scan.decode import decode
from pii_scan.signals import Signals
from pii_scan.testing import make_context


def _thumb(img: np.ndarray, side: int, quality: int = 80) -> bytes:
    f = side / max(img.shape[:2])
    small = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    return li.encode(small, "JPEG", quality=quality)


@pytest.fixture(scope="module")
def screen() -> np.ndarray:
    return li.app_screen((1170, 2532))


@pytest.mark.parametrize("side", [320, 512])
def test_a_screenshot_thumbnail_still_scores_as_a_screenshot(screen: np.ndarray, side: int) -> None:
    t = Signals(decode(_thumb(screen, side, quality=75))).screenshot
    assert t.score >= 0.5
    assert not any("sensor-like" in r for r in t.reasons)


@pytest.mark.parametrize("side", [320, 512, 1600])
def test_a_camera_photo_stays_low_at_any_size(side: int) -> None:
    photo = li.camera_photo((2016, 1512))
    assert Signals(decode(_thumb(photo, side, quality=85))).screenshot.score < 0.35


def test_a_noisy_photo_above_thumbnail_size_is_still_penalised() -> None:
    photo = li.camera_photo((2016, 1512))
    t = Signals(decode(_thumb(photo, 1000, quality=90))).screenshot
    assert any("sensor-like" in r for r in t.reasons)


@pytest.mark.parametrize(
    ("size", "expected_width"),
    [
        ((148, 320), MIN_SCREEN_OCR_WIDTH),  # a 320 px thumbnail: enlarged for reading
        ((600, 1067), MIN_SCREEN_OCR_WIDTH),  # a messenger-sized copy: enlarged a little
        ((750, 1334), 750),  # a small phone's screen: read as it is
        ((1290, 2796), SCREEN_OCR_WIDTH),  # a wide screenshot: reduced to the reading width
        ((1170, 2532), 1170),  # in between: read as it is
        ((2532, 1170), SCREEN_OCR_WIDTH),  # landscape: the width bounds the read, as on any screen
        ((600, 277), MIN_SCREEN_OCR_WIDTH),  # a small landscape copy: enlarged to the reading width
    ],
)
def test_screen_view_is_read_at_a_readable_width(size: tuple[int, int], expected_width: int) -> None:
    w, h = size
    ctx = make_context(cv2.resize(li.app_screen((1170, 2532)), (w, h), interpolation=cv2.INTER_AREA))
    assert ctx.signals.screenshot.score >= 0.5
    region = ctx.document_region
    assert region.name == "screen"
    assert abs(region.pixels.shape[1] - expected_width) <= 2
    # boxes still map back onto the original pixels
    corner = region.to_original @ np.array([region.pixels.shape[1], region.pixels.shape[0], 1.0])
    assert corner[0] == pytest.approx(w, abs=2) and corner[1] == pytest.approx(h, abs=3)
