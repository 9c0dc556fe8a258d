"""Text-line blobs: lines of print found in either polarity, stripes and bars not."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

import layout_images as li
from pii_scan.signals.text import find_text_lines, line_blobs


def page(n_lines: int, *, dark: bool = False, size: tuple[int, int] = (640, 480)) -> np.ndarray:
    bg, fg = ((20, 20, 20), (235, 235, 235)) if dark else ((250, 250, 250), (20, 20, 20))
    im = Image.new("L", size, bg[0])
    d = ImageDraw.Draw(im)
    for i in range(n_lines):
        d.text((30, 30 + i * 40), "Reservation E1234 Tokyo 09:30", fill=fg[0], font=li.font(20))
    return np.asarray(im)


@pytest.mark.parametrize("dark", [False, True])
def test_each_printed_line_is_one_blob(dark: bool) -> None:
    boxes = line_blobs(page(8, dark=dark))
    assert 7 <= len(boxes) <= 9
    assert all(b[2] > 3 * b[3] for b in boxes)


def test_boxes_are_scaled_to_original_pixels() -> None:
    small = find_text_lines(page(3), scale=1.0)
    big = find_text_lines(page(3), scale=4.0)
    assert len(small) == len(big) == 3
    assert all(abs(b.w - 4 * s.w) <= 2 and abs(b.y - 4 * s.y) <= 2 for s, b in zip(small, big))


def _bars() -> np.ndarray:
    img = np.full((480, 640), 250, np.uint8)
    for y in range(40, 440, 40):
        img[y : y + 8, 40:600] = 30
    return img


def _stripes() -> np.ndarray:
    y = np.arange(480)[:, None] * np.ones((1, 640))
    return (128 + 100 * np.sin(y / 4)).astype(np.uint8)


@pytest.mark.parametrize(
    "scene",
    ["blank", "bars", "stripes", "wood", "fabric", "window", "checkerboard"],
)
def test_no_text_in_stripes_bars_and_textures(scene: str) -> None:
    gray = {
        "blank": lambda: np.full((480, 640), 200, np.uint8),
        "bars": _bars,
        "stripes": _stripes,
        "wood": lambda: li.wood(640, 480)[..., 0],
        "fabric": lambda: li.fabric(640, 480)[..., 1],
        "window": lambda: li.window(640)[0][..., 0],
        "checkerboard": lambda: li.checkerboard(),
    }[scene]()
    boxes = line_blobs(np.ascontiguousarray(gray))
    assert len(boxes) <= 2
    assert sum(w * h for _, _, w, h in boxes) < 0.005 * gray.size


def _turned(gray: np.ndarray, angle: float) -> np.ndarray:
    return np.asarray(Image.fromarray(gray).rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=250))


@pytest.mark.parametrize("angle", [-18.0, 12.0])
def test_lines_of_a_slanted_page_are_found_turned_level(angle: float) -> None:
    gray = _turned(page(8), angle)
    assert len(line_blobs(gray, min_aspect=3.5)) < 3  # a slanted row's box is too high for its length
    boxes = find_text_lines(gray, scale=1.0)
    assert 6 <= len(boxes) <= 10
    # each box is the upright box around its slanted row: inside the frame, taller than a level row's
    assert all(0 <= b.x and b.x + b.w <= 640 and 0 <= b.y and b.y + b.h <= 480 for b in boxes)
    assert np.median([b.h for b in boxes]) > 40


@pytest.mark.parametrize("scene", ["wood", "fabric", "checkerboard"])
def test_textures_give_no_slanted_lines_either(scene: str) -> None:
    gray = {
        "wood": lambda: li.wood(640, 480)[..., 0],
        "fabric": lambda: li.fabric(640, 480)[..., 1],
        "checkerboard": lambda: li.checkerboard(),
    }[scene]()
    boxes = find_text_lines(_turned(np.ascontiguousarray(gray), 15.0), scale=1.0)
    assert len(boxes) <= 2
