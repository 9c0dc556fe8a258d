"""id.mrz band reading: tilted bands are levelled, upside-down filler runs are recognised."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from mrz_images import render_page, td1_lines

from pii_scan.context import Region
from pii_scan.detectors.mrz import _FILLER, MIN_TILT, _tilt, level

MRZ = td1_lines(number="AB9876543", birth="020305", sex="M", expiry="320305", surname="SATO", given="KEN")


def _band(tilt: float) -> np.ndarray:
    """The MRZ strip of a rendered page, turned ``tilt`` degrees (counter-clockwise positive)."""
    page = cv2.cvtColor(render_page(MRZ, width=1100, char_px=30), cv2.COLOR_RGB2GRAY)
    band = np.ascontiguousarray(page[-220:, :])
    h, w = band.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), tilt, 1.0)
    return cv2.warpAffine(band, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=232)


@pytest.mark.parametrize("tilt", [-16.0, -9.0, -4.0, -2.0, 2.0, 5.0, 8.0, 15.0])  # the band search levels up to 30
def test_tilted_band_is_levelled_back(tilt: float) -> None:
    assert _tilt(_band(tilt)) == pytest.approx(-tilt, abs=0.75)


@pytest.mark.parametrize("tilt", [0.0, 0.3])
def test_level_band_is_left_unrotated(tilt: float) -> None:
    region = Region("band", _band(tilt), np.eye(3))
    out = level(region)
    assert abs(_tilt(_band(tilt))) < MIN_TILT
    assert out is region


def test_levelled_region_maps_its_pixels_back_to_the_original() -> None:
    band = _band(6.0)
    region = Region("band", band, np.array([[2.0, 0, 100], [0, 2.0, 50], [0, 0, 1]]))
    out = level(region)
    assert out.name == "band:level" and out.pixels.shape == band.shape
    h, w = band.shape
    # the levelled image's centre is the band's centre (rotation about it)
    centre = out.to_original @ np.array([w / 2, h / 2, 1.0])
    assert centre[:2] == pytest.approx([100 + w, 50 + h], abs=1e-6)
    # and a point off centre maps to where the rotation took it from
    m = np.vstack([cv2.getRotationMatrix2D((w / 2, h / 2), _tilt(band), 1.0), [0, 0, 1]])
    src = np.array([w / 2 + 200, h / 2 + 10, 1.0])
    assert (out.to_original @ (m @ src))[:2] == pytest.approx((region.to_original @ src)[:2], abs=1e-6)


def test_colour_or_tiny_regions_pass_through() -> None:
    rgb = Region("rgb", np.zeros((50, 200, 3), np.uint8), np.eye(3))
    tiny = Region("tiny", np.zeros((8, 200), np.uint8), np.eye(3))
    assert level(rgb) is rgb and level(tiny) is tiny


@pytest.mark.parametrize(
    ("line", "filler"),
    [
        ("P<JPNYAMADA<<TARO<<<<<<<<", True),
        ("I<UTOくくくくく", True),  # Japanese OCR's look-alike
        (">>>>>>>>>>>ALCLA<<NITRAM", True),  # an MRZ line read upside down
        ("Next >", False),
        ("a < b", False),
        ("→ 東京", False),
    ],
)
def test_filler_runs_are_recognised_either_way_up(line: str, filler: bool) -> None:
    assert bool(_FILLER.search(line)) is filler
