"""Shared fixtures: small generated images, and skipping OCR tests without Tesseract."""

from __future__ import annotations

import io
import shutil

import numpy as np
import pytest
from PIL import Image


def _tesseract_ready() -> bool:
    if shutil.which("tesseract") is None:
        return False
    import subprocess

    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    return "jpn" in out and "eng" in out


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _tesseract_ready():
        return
    skip = pytest.mark.skip(reason="needs tesseract with jpn and eng data")
    for item in items:
        if "ocr" in item.keywords:
            item.add_marker(skip)


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = (200, 30, 30), **save: object) -> bytes:
    """Bytes of a small solid image in ``fmt``."""
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, fmt, **save)
    return buf.getvalue()


@pytest.fixture
def rgb_noise() -> np.ndarray:
    return np.random.default_rng(0).integers(0, 255, (120, 160, 3), dtype=np.uint8)


@pytest.fixture
def card_signals(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Pin a photographed card: one ID-1 outline (``quad=False``: none) and a screenshot score."""
    from pii_scan.signals import CardQuad, ScreenshotTraits, Signals

    quad_ = CardQuad(((10, 10), (790, 10), (790, 490), (10, 490)), "id1", 1.586, 0.9, 0.9)

    def set_(*, quad: bool = True, screenshot: float = 0.0) -> None:
        traits = ScreenshotTraits(screenshot, False, False, 1.6, None, 0.0, 0.0)
        monkeypatch.setattr(Signals, "card_quads", property(lambda self: (quad_,) if quad else ()))
        monkeypatch.setattr(Signals, "screenshot", property(lambda self: traits))

    set_()
    return set_
