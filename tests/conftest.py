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
