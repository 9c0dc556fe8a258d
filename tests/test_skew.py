"""Slanted print: its rows' slant is measured, and a weak frame read is read again levelled."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from PIL import Image

from pii_scan import scan
from pii_scan.models import Label
from pii_scan.signals import Signals
from pii_scan.signals.skew import row_slant
from pii_scan.synth.cards import render_card


def _rows(angle: float, n: int = 6) -> np.ndarray:
    """Dark rows of word-like dashes on white, turned ``angle`` degrees (counter-clockwise)."""
    img = np.full((600, 800), 255, np.uint8)
    rng = np.random.default_rng(3)
    for i in range(n):
        x, y = 120, 150 + 50 * i
        while x < 640:
            w = int(rng.integers(20, 60))
            cv2.rectangle(img, (x, y), (x + w, y + 14), 30, -1)
            x += w + 8
    turn = cv2.getRotationMatrix2D((400, 300), angle, 1.0)
    return cv2.warpAffine(img, turn, (800, 600), borderValue=255)


@pytest.mark.parametrize("angle", [-20.0, -8.0, 0.0, 5.0, 15.0])
def test_the_slant_of_printed_rows_is_measured(angle: float) -> None:
    slant = row_slant(_rows(angle))
    assert slant is not None and abs(slant + angle) < 1.0  # turning by the slant undoes the tilt


@pytest.mark.parametrize(
    "scene",
    ["blank", "noise", "two_rows"],
)
def test_no_slant_without_rows_of_print(scene: str) -> None:
    rng = np.random.default_rng(1)
    img = {
        "blank": np.full((600, 800), 200, np.uint8),
        "noise": rng.integers(0, 255, (600, 800), dtype=np.uint8),
        "two_rows": _rows(10.0, n=2),
    }[scene]
    assert row_slant(img) is None


@pytest.mark.ocr
def test_a_slanted_card_cut_by_the_frame_is_read_level(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # the card's lower corner is out of the frame, so no card outline is found: the frame is read
    # (pinned: a slanted card's rows, found level, can also confirm a looser outline)
    monkeypatch.setattr(Signals, "card_quads", property(lambda self: ()))
    card, _ = render_card("mynumber_front", random.Random(4))
    card = card.resize((1100, int(1100 * card.height / card.width)))
    turned = card.rotate(11, expand=True, resample=Image.Resampling.BICUBIC)
    scene = Image.new("RGB", (1400, 1050), (196, 190, 180))
    noise = np.random.default_rng(2).normal(0, 6, (1050, 1400, 3))
    scene = Image.fromarray(np.clip(np.asarray(scene, np.float32) + noise, 0, 255).astype(np.uint8))
    scene.paste(turned, (120, 330), turned)
    path = tmp_path / "IMG_0002.jpg"
    scene.save(path, quality=90)
    (r,) = scan(path, jobs=1)
    assert r.label is Label.ID_CARD
    assert any(k.startswith("ocr:document:level") for k in r.timings)
