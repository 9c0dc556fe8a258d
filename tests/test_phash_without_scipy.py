"""The perceptual hash is imagehash's pHash to the bit, without loading SciPy into every worker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from pii_scan.copies import HASH_SIZE, perceptual_hash

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _scene(kind: str) -> np.ndarray:
    rng = np.random.default_rng(len(kind))
    if kind == "noise":
        return rng.integers(0, 255, (480, 640), dtype=np.uint8)
    if kind == "gradient":
        return np.tile(np.linspace(0, 255, 640, dtype=np.uint8), (480, 1))
    img = np.full((480, 640), 235, np.uint8)
    if kind == "card":
        cv2.rectangle(img, (120, 110), (520, 360), 90, -1)
        for y in range(150, 330, 30):
            cv2.putText(img, "NAME 1234 5678", (140, y), cv2.FONT_HERSHEY_SIMPLEX, 0.7, 250, 2)
    elif kind == "shapes":
        cv2.circle(img, (200, 240), 90, 30, -1)
        cv2.line(img, (0, 0), (639, 479), 0, 9)
    return img


@pytest.mark.parametrize("kind", ["noise", "gradient", "card", "shapes"])
def test_perceptual_hash_is_imagehash_phash(kind):
    imagehash = pytest.importorskip("imagehash")
    gray = _scene(kind)
    small = cv2.resize(cv2.resize(gray, (256, 256), interpolation=cv2.INTER_LINEAR), (128, 128), interpolation=cv2.INTER_AREA)
    expected = str(imagehash.phash(Image.fromarray(small), hash_size=HASH_SIZE))
    assert perceptual_hash(gray) == expected


def test_plain_image_has_no_hash():
    assert perceptual_hash(np.full((48, 64), 128, np.uint8)) is None


def test_hashing_does_not_load_scipy():
    code = (
        "import sys, numpy as np; from pii_scan.copies import perceptual_hash; "
        "h = perceptual_hash(np.tile(np.arange(256, dtype=np.uint8), (200, 1))); "
        "print(len(h), any(m == 'scipy' or m.startswith('scipy.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120,
                         env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert out.stdout.split() == ["256", "False"]
