"""ID cards in thumbnails (about 320 px): what shrinking a photo must not cost.

A thumbnail has lost its sensor noise to shrinking, so its pixels look
rendered. These tests pin the fixes: a dim card's portrait is found, a
4:3 thumbnail is not taken for an app screenshot on pixel looks alone, and
a pale card's edge on a scan's white page still counts as an edge.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

import layout_images as li
from pii_scan.context import ImageContext
from pii_scan.decode import decode
from pii_scan.detectors.card_layout import CardLayoutDetector
from pii_scan.signals import faces as faces_mod
from pii_scan.signals.faces import find_faces_in


def _thumb(img: np.ndarray, side: int = 320) -> np.ndarray:
    """``img`` shrunk as a gallery's thumbnail cache does (area average)."""
    h, w = img.shape[:2]
    f = side / max(h, w)
    return cv2.resize(img, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)


def _ctx(img: np.ndarray) -> ImageContext:
    return ImageContext(decode(li.encode(img, "JPEG", quality=85)))


# -- the portrait of a dim card -------------------------------------------------


@pytest.mark.parametrize(("low", "span"), [(5, 40), (20, 45), (150, 60)])
def test_portrait_found_on_a_dim_or_washed_out_card(low: int, span: int) -> None:
    card, _ = li.id_card(300)
    gray = cv2.cvtColor(card, cv2.COLOR_RGB2GRAY).astype(np.float32)
    dim = (gray * span / 255 + low).astype(np.uint8)  # a card spanning a few tens of gray levels
    faces = find_faces_in(dim)
    assert len(faces) == 1
    assert faces[0].box.x + faces[0].box.w / 2 < 150  # the portrait on the card's left


@pytest.mark.parametrize("name", ["gravel", "brick"])
def test_no_portrait_in_a_dim_texture(name: str) -> None:
    tex = li.texture(300, 190, name)[..., 0].astype(np.float32)
    dim = np.ascontiguousarray((tex * 40 / 255 + 10).astype(np.uint8))
    assert find_faces_in(dim) == []


def test_blank_crop_is_not_stretched_into_faces() -> None:
    rng = np.random.default_rng(0)
    blank = np.clip(rng.normal(60, 1.5, (190, 300)), 0, 255).astype(np.uint8)
    assert find_faces_in(blank) == []


@pytest.mark.parametrize(
    ("low", "high", "stretched"),
    [(20, 60, True), (150, 240, True), (0, 255, False), (100, 105, False)],  # dim, washed out, well exposed, blank
)
def test_only_a_dim_or_flat_crop_is_stretched(low: int, high: int, stretched: bool) -> None:
    crop = np.tile(np.linspace(low, high, 200, dtype=np.float32), (60, 1)).astype(np.uint8)
    out = faces_mod._stretched(crop)
    assert (out is not crop) is stretched
    if stretched:
        assert np.percentile(out, 99) - np.percentile(out, 1) > 240


def test_stretched_search_is_only_a_second_chance(monkeypatch: pytest.MonkeyPatch) -> None:
    card, _ = li.id_card(300)
    dim = (cv2.cvtColor(card, cv2.COLOR_RGB2GRAY).astype(np.float32) * 60 / 255 + 20).astype(np.uint8)
    calls: list[np.ndarray] = []
    monkeypatch.setattr(faces_mod, "_stretched", lambda g: calls.append(g) or g)
    assert len(find_faces_in(dim)) == 1  # this one is found as it is: no stretched search
    assert calls == []


# -- a thumbnail is no screenshot on pixel looks alone ---------------------------


def _card_on_dark_table(size: tuple[int, int], roll: float = 0.0) -> np.ndarray:
    bg = np.full((size[1], size[0], 3), 35, np.uint8)
    scene, _ = li.place(bg, *li.id_card(), width_frac=0.55, roll=roll)
    return scene


@pytest.mark.parametrize(
    ("size", "primary"),
    [
        ((1280, 960), True),  # a 4:3 photo, shrunk: flat pixels, but a camera's shape
        ((960, 1280), True),  # the same upright
        ((720, 1280), False),  # a phone screen's shape: an app card with a photo stays supporting
    ],
)
def test_thumbnail_card_with_portrait_is_primary_unless_screen_shaped(size: tuple[int, int], primary: bool) -> None:
    ctx = _ctx(_thumb(_card_on_dark_table(size)))
    assert ctx.signals.screenshot.score >= 0.5  # shrinking made the pixels look rendered
    findings = CardLayoutDetector().detect(ctx)
    assert len(findings) == 1
    assert ("portrait" in findings[0].explanation) and findings[0].supporting is not primary


def test_full_size_flat_image_with_a_card_stays_a_screenshot() -> None:
    # above thumbnail size, rendered pixels are a screenshot's, whatever the frame's shape
    scene = _card_on_dark_table((1280, 960))
    ctx = _ctx(scene)
    if ctx.signals.screenshot.score < 0.5:
        pytest.skip("the render does not look like a screenshot at full size")
    findings = CardLayoutDetector().detect(ctx)
    assert findings and findings[0].supporting


# -- a light card on a white page, in a thumbnail of the scan -------------------


def _scan_thumb(doc: np.ndarray | None, mask: np.ndarray | None = None, **pose: float) -> np.ndarray:
    page = np.full((1403, 992, 3), 250, np.uint8)
    if doc is not None:
        page, _ = li.place(page, doc, mask, **pose)
    return _thumb(page)


@pytest.mark.parametrize(("width_frac", "center"), [(0.38, (0.28, 0.15)), (0.5, (0.5, 0.3))])
def test_pale_card_found_in_a_scan_thumbnail(width_frac: float, center: tuple[float, float]) -> None:
    # shrinking took the scan's noise away: its pixels look rendered, and the
    # card's faint edge must still count as an edge
    card, mask = li.id_card(500, colour=(244, 246, 250), face=False)
    ctx = _ctx(_scan_thumb(card, mask, width_frac=width_frac, center=center))
    quads = [q for q in ctx.signals.card_quads if q.kind == "id1"]
    assert quads and abs(quads[0].aspect / 1.586 - 1) < 0.05


@pytest.mark.parametrize(
    "page",
    [
        None,  # a blank page
        li.text_sheet(600, 848)[0],  # a page of text filling the scan
    ],
)
def test_scan_thumbnail_without_a_card_has_no_card_quad(page: np.ndarray | None) -> None:
    img = _thumb(page) if page is not None else _scan_thumb(None)
    ctx = _ctx(img)
    assert [q for q in ctx.signals.card_quads if q.area_fraction < 0.8] == []


# -- a clear card outline whose print a thumbnail cannot resolve ----------------


def _defocused_card_scene(face: bool, background: str = "wood", width_frac: float = 0.25) -> np.ndarray:
    bg = li.BACKGROUNDS[background](1280, 960, 0)
    card, mask = li.id_card(face=face)
    scene, _ = li.place(bg, card, mask, width_frac=width_frac, roll=8)
    return cv2.GaussianBlur(scene, (0, 0), 3)  # print too soft to show as text lines once shrunk


@pytest.mark.parametrize("background", ["wood", "fabric"])
@pytest.mark.parametrize(("face", "primary"), [(True, True), (False, False)])
def test_unreadable_card_in_a_thumbnail_is_a_weak_quad_that_a_portrait_confirms(
    background: str, face: bool, primary: bool
) -> None:
    ctx = _ctx(_thumb(_defocused_card_scene(face, background)))
    quads = ctx.signals.card_quads
    assert len(quads) == 1 and quads[0].kind == "id1"
    assert quads[0].score < 0.4  # a hint for the detectors, never a card on its own
    findings = CardLayoutDetector().detect(ctx)
    assert len(findings) == 1 and findings[0].supporting is not primary


def test_unreadable_card_shape_is_not_offered_above_thumbnail_size() -> None:
    # a 640 px working copy of a larger image: the sharper decode judges the print there
    ctx = _ctx(_thumb(_defocused_card_scene(True), 960))
    assert all(q.score >= 0.4 for q in ctx.signals.card_quads)


@pytest.mark.parametrize("background", ["wood", "fabric", "plain"])
def test_thumbnail_of_a_bare_table_has_no_card_quad(background: str) -> None:
    bg = cv2.GaussianBlur(li.BACKGROUNDS[background](1280, 960, 0), (0, 0), 3)
    assert _ctx(_thumb(bg)).signals.card_quads == ()


# -- the finer portrait search for a thumbnail's card ---------------------------


def _scripted_cascade(monkeypatch: pytest.MonkeyPatch, hits: dict[float, list[tuple[int, int, int, int]]]) -> list[float]:
    """Make the cascade return ``hits[step]`` (boxes in the enlarged crop) and record the steps searched."""
    steps: list[float] = []

    def fake(gray: np.ndarray, min_side: int, step: float, neighbours: int = 4) -> list[tuple[int, int, int, int]]:
        steps.append(step)
        return list(hits.get(step, []))

    monkeypatch.setattr(faces_mod, "_detect", fake)
    return steps


def _card_crop() -> np.ndarray:
    """A card's gray crop, 240 px high (searched unscaled): portrait at x 18-129, print from x 147."""
    card, _ = li.id_card(380)
    return cv2.cvtColor(card, cv2.COLOR_RGB2GRAY)


@pytest.mark.parametrize(
    ("fine", "box", "found"),
    [
        (True, (22, 60, 70, 70), True),  # on the portrait: kept
        (True, (160, 60, 70, 70), False),  # on the printed lines: mostly the card's ground, dropped
        (False, (22, 60, 70, 70), False),  # no fine pass asked for
    ],
)
def test_fine_pass_keeps_only_photo_like_faces(
    monkeypatch: pytest.MonkeyPatch, fine: bool, box: tuple[int, int, int, int], found: bool
) -> None:
    crop = _card_crop()
    fine_step = faces_mod.CROP_STEPS[1]
    steps = _scripted_cascade(monkeypatch, {fine_step: [box]})
    faces = find_faces_in(crop, fine=fine)
    assert bool(faces) is found
    assert (fine_step in steps) is fine


def test_fine_pass_runs_only_when_the_usual_one_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    crop = _card_crop()
    coarse = faces_mod.CROP_STEPS[0]
    steps = _scripted_cascade(monkeypatch, {coarse: [(160, 60, 70, 70)]})  # not photo-like, but the usual pass trusts it
    assert len(find_faces_in(crop, fine=True)) == 1
    assert set(steps) == {coarse}


@pytest.mark.parametrize(("side", "fine"), [(250, True), (900, False)])
def test_card_layout_asks_for_the_fine_pass_only_on_small_cards(
    monkeypatch: pytest.MonkeyPatch, side: int, fine: bool
) -> None:
    from pii_scan.detectors import card_layout

    asked: list[bool] = []
    monkeypatch.setattr(card_layout, "find_faces_in", lambda flat, fine=False: asked.append(fine) or [])
    bg = np.full((side * 3 // 4, side, 3), 40, np.uint8)
    scene, _ = li.place(bg, *li.id_card(), width_frac=0.9, roll=4)
    ctx = _ctx(scene)
    if not ctx.signals.card_quads:
        pytest.skip("no card quad found")
    CardLayoutDetector().detect(ctx)
    assert asked and asked[0] is fine


def test_a_card_lying_askew_is_photographed_even_in_a_phone_screens_shape() -> None:
    # the same scene with the card turned 10 degrees: no UI draws a panel askew
    ctx = _ctx(_thumb(_card_on_dark_table((720, 1280), roll=10)))
    assert ctx.signals.screenshot.score < 0.5
    assert any("tilted" in r for r in ctx.signals.screenshot.reasons)
    findings = CardLayoutDetector().detect(ctx)
    assert len(findings) == 1 and "portrait" in findings[0].explanation and not findings[0].supporting
