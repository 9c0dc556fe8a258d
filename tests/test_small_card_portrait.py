"""id.card_layout looks for the portrait of a small card in full-resolution pixels."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

import layout_images as li
from pii_scan.context import ImageContext
from pii_scan.decode import decode
from pii_scan.detectors import card_layout
from pii_scan.detectors.card_layout import CardLayoutDetector
from pii_scan.signals import CardQuad, Signals


def _scene(
    size: tuple[int, int], width_frac: float, face: bool = True, roll: float = 20
) -> tuple[ImageContext, CardQuad]:
    bg = li.BACKGROUNDS["wood"](*size, 2)
    card, mask = li.id_card(face=face, seed=2)
    img, corners = li.place(bg, card, mask, width_frac=width_frac, center=(0.6, 0.55), roll=roll)
    ctx = ImageContext(decode(li.encode(img, "JPEG", quality=90)))
    quad = CardQuad(tuple((float(x), float(y)) for x, y in corners), "id1", 1.586, 0.9, width_frac**2)
    return ctx, quad


def _sharpness(gray: np.ndarray) -> float:
    return float(cv2.Laplacian(gray, cv2.CV_32F).var())


@pytest.mark.parametrize(
    ("size", "width_frac", "full_res"),
    [
        ((4000, 3000), 0.08, True),  # ~50 px wide in the working copy: flattened from the original
        ((4000, 3000), 0.6, False),  # a large card: the working copy has enough pixels
        ((640, 480), 0.08, False),  # a small image: the working copy is the original
    ],
)
def test_portrait_search_uses_full_resolution_only_for_small_cards_in_large_frames(
    monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], width_frac: float, full_res: bool
) -> None:
    ctx, quad = _scene(size, width_frac)
    seen: list[np.ndarray] = []
    monkeypatch.setattr(card_layout, "find_faces_in", lambda crop, **_: seen.append(crop) or [])
    monkeypatch.setattr(Signals, "faces", property(lambda self: ()))
    card_layout._faces_on_card(ctx, quad)
    assert ctx.image.full_res_held is full_res
    if full_res:  # sharper than the same card flattened from the working copy
        w, h = seen[0].shape[1], seen[0].shape[0]
        src = np.array(quad.corners, np.float32) / ctx.image.scale
        dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
        soft = cv2.warpPerspective(ctx.signals.gray, cv2.getPerspectiveTransform(src, dst), (w, h))
        assert _sharpness(seen[0]) > 2 * _sharpness(soft)


@pytest.mark.parametrize(("face", "primary"), [(True, True), (False, False)])
def test_small_card_in_a_large_frame_shows_its_portrait(monkeypatch: pytest.MonkeyPatch, face: bool, primary: bool) -> None:
    ctx, quad = _scene((4000, 3000), 0.07, face)
    monkeypatch.setattr(Signals, "card_quads", property(lambda self: (quad,)))
    monkeypatch.setattr(Signals, "faces", property(lambda self: ()))
    (f,) = CardLayoutDetector().detect(ctx)
    assert f.supporting is not primary
    assert [e.kind for e in f.evidence] == (["card_quad", "face"] if primary else ["card_quad"])


@pytest.mark.parametrize("roll", [0, 45, 60, 135, 225])
@pytest.mark.parametrize("face", [True, False])
def test_portrait_of_a_card_turned_in_the_frame_is_placed_on_the_card(
    monkeypatch: pytest.MonkeyPatch, roll: float, face: bool
) -> None:
    """The portrait is judged where it sits on the card, whatever the card's angle in the frame."""
    ctx, quad = _scene((1600, 1200), 0.22, face, roll=roll)
    monkeypatch.setattr(Signals, "card_quads", property(lambda self: (quad,)))
    monkeypatch.setattr(Signals, "faces", property(lambda self: ()))
    (f,) = CardLayoutDetector().detect(ctx)
    assert f.supporting is not face
    if face:
        ev = {e.kind: e for e in f.evidence}
        box, card = ev["face"].bbox, quad.bbox
        assert card.x <= box.x and box.x + box.w <= card.x + card.w and card.y <= box.y and box.y + box.h <= card.y + card.h
        assert 0.15 <= ev["face"].value <= 0.8  # a portrait's share of the card's height
