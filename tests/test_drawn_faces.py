"""A face drawn in a few flat tones (a membership card's silhouette icon) is no ID portrait."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

import layout_images as li
from pii_scan.signals import faces


def _gray(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def _icon(side: int = 240, seed: int = 0) -> np.ndarray:
    """A person icon: a round head over rounded shoulders, light on a dark ground, with a camera's
    noise and a JPEG's blocks over it."""
    img = np.full((side, side), 60, np.uint8)
    cv2.circle(img, (side // 2, side // 2), side // 2 - 4, 200, 6)
    cv2.circle(img, (side // 2, int(side * 0.4)), side // 7, 200, -1)
    cv2.ellipse(img, (side // 2, int(side * 0.78)), (side // 4, side // 6), 0, 180, 360, 200, -1)
    noisy = np.clip(img + np.random.default_rng(seed).normal(0, 3, img.shape), 0, 255).astype(np.uint8)
    return cv2.imdecode(cv2.imencode(".jpg", noisy, [cv2.IMWRITE_JPEG_QUALITY, 80])[1], cv2.IMREAD_GRAYSCALE)


@pytest.mark.parametrize("seed", [0, 1])
def test_a_person_icon_is_drawn(seed: int) -> None:
    assert faces._drawn(_icon(seed=seed))


def test_a_photographed_portrait_is_not_drawn() -> None:
    assert not faces._drawn(_gray(li.portrait()))


def test_a_dim_photographed_portrait_is_not_drawn() -> None:
    dim = (_gray(li.portrait()).astype(np.float32) * 0.25 + 10).astype(np.uint8)
    assert not faces._drawn(dim)


def test_a_photographed_portrait_is_still_found() -> None:
    assert faces.find_faces_in(_gray(li.portrait()))


def test_a_face_box_that_is_drawn_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cascade's boxes pass through the drawing check: an icon's box is dropped, a photo's kept."""
    icon, photo = _icon(), cv2.resize(_gray(li.portrait()), (240, 240))
    frame = np.hstack([icon, photo])

    class Cascade:
        def detectMultiScale(self, *_: object, **__: object) -> list[tuple[int, int, int, int]]:
            return [(20, 20, 200, 200), (260, 20, 200, 200)]

    monkeypatch.setattr(faces, "_classifier", Cascade)
    assert faces._detect(frame, 24, 1.1) == [(260, 20, 200, 200)]
