"""Dim shots: a card's print is found and read under low light; dark photos without print stay quiet."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

import layout_images as li
from pii_scan.context import lift_if_dim
from pii_scan.signals.text import find_text_lines, line_blobs

FIELDS = ("NAME  YAMADA HANAKO", "BORN  1988-04-12", "ADDRESS  2-3-4 CHUO", "No. 1234 5678 9012", "EXPIRES  2031-07-01")


def lit_card_scene(*, card_level: int = 235, table_level: int = 120, ink: int = 70, seed: int = 0) -> np.ndarray:
    """A 640x480 gray frame: a card of small, soft, gray print on a table, evenly lit (as a working copy shows it)."""
    im = Image.new("L", (640, 480), table_level)
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((120, 110, 520, 362), radius=14, fill=card_level)
    for i, text in enumerate(FIELDS):
        d.text((145, 135 + i * 42), text, fill=ink, font=li.font(15))
    arr = cv2.GaussianBlur(np.asarray(im).astype(np.float32), (0, 0), 0.8)
    return np.clip(arr + np.random.default_rng(seed).normal(0, 1.5, arr.shape), 0, 255).astype(np.uint8)


def darken(gray: np.ndarray, *, gain: float, gamma: float = 1.0, noise: float = 2.0, seed: int = 1) -> np.ndarray:
    """Underexposed: gray levels scaled (and curved), sensor noise added at the dim level."""
    x = (gray.astype(np.float32) / 255.0) ** gamma * gain * 255.0
    return np.clip(x + np.random.default_rng(seed).normal(0, noise, x.shape), 0, 255).astype(np.uint8)


def photo_without_print(kind: str, *, gain: float, seed: int = 3) -> np.ndarray:
    """640x480 frames without print, exposed at ``gain``: flat, a soft gradient, blotchy texture, a portrait."""
    rng = np.random.default_rng(seed)
    if kind == "flat":
        base = np.full((480, 640), 120.0)
    elif kind == "gradient":
        base = np.tile(np.linspace(40, 240, 640), (480, 1))
    elif kind == "texture":
        base = cv2.resize(rng.uniform(40, 240, (30, 40)), (640, 480), interpolation=cv2.INTER_CUBIC)
    else:
        base = cv2.resize(cv2.cvtColor(li.portrait(), cv2.COLOR_RGB2GRAY), (640, 480)).astype(np.float64)
    return np.clip(base * gain + rng.normal(0, 3.0, base.shape), 0, 255).astype(np.uint8)


@pytest.mark.parametrize(
    ("gain", "gamma"),
    [(0.2, 1.0), (0.15, 1.0), (0.12, 1.0), (0.35, 2.4)],
    ids=["gain0.2", "gain0.15", "gain0.12", "gain0.35-gamma2.4"],
)
def test_fields_of_a_dim_card_are_found_as_text_lines(gain: float, gamma: float) -> None:
    dim = darken(lit_card_scene(), gain=gain, gamma=gamma, noise=3.0)
    lines = find_text_lines(dim, scale=1.0)
    assert len(lines) >= 4
    assert all(110 <= b.y <= 362 for b in lines)  # on the card, not in the noise around it


def test_a_card_as_dark_as_its_table_still_shows_its_print() -> None:
    dim = darken(lit_card_scene(card_level=150, table_level=140), gain=0.3)
    assert len(find_text_lines(dim, scale=1.0)) >= 4


@pytest.mark.parametrize("kind", ["flat", "gradient", "texture", "portrait"])
@pytest.mark.parametrize("gain", [0.35, 0.25])
def test_a_dim_photo_without_print_stays_far_below_the_text_density_of_a_document(kind: str, gain: float) -> None:
    dim = find_text_lines(photo_without_print(kind, gain=gain), scale=1.0)
    assert sum(b.area for b in dim) <= 0.01 * 640 * 480  # the OCR gates start at 3 %


@pytest.mark.parametrize("seed", [0, 1])
def test_a_well_exposed_image_is_searched_as_before(seed: int) -> None:
    lit = lit_card_scene(seed=seed)
    assert line_blobs(lit, min_aspect=3.5, lift=True) == line_blobs(lit, min_aspect=3.5)


def test_the_lifted_view_is_only_for_the_frame_signal() -> None:
    # card checks stretch their crops themselves: line_blobs does not lift unless asked
    dim = darken(lit_card_scene(), gain=0.15)
    assert len(line_blobs(dim, min_aspect=3.5)) < len(line_blobs(dim, min_aspect=3.5, lift=True))


def _card_crop(*, gain: float, noise: float) -> np.ndarray:
    """A rectified card crop at OCR size, shot dim: the sensor noise is per pixel of the crop."""
    card = cv2.resize(lit_card_scene(ink=30)[118:354, 128:512], (1000, 615), interpolation=cv2.INTER_CUBIC)
    return darken(card, gain=gain, noise=noise)


@pytest.mark.parametrize("noise", [2.0, 6.0, 8.0])
def test_a_dim_grainy_card_crop_is_lifted_to_clean_paper_and_dark_ink(noise: float) -> None:
    out = lift_if_dim(_card_crop(gain=0.3, noise=noise))
    paper = out[545:600, 40:960]  # below the last field: blank card
    assert paper.mean() >= 225
    assert (paper < 200).mean() < 0.005  # grain is not left as gray specks that read as text
    assert 0.03 < (out[40:560, 40:960] < 128).mean() < 0.2  # the print is kept
