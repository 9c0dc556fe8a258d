"""Card- and passport-shaped quads: found at any pose, rejected for look-alikes."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from PIL import Image

import layout_images as li
from pii_scan.decode import decode
from pii_scan.signals import Signals
import pii_scan.signals.card as card_module
from pii_scan.signals.card import (
    ID1_ASPECT,
    PASSPORT_ASPECT,
    find_card_quads,
    order_corners,
    own_focal,
    rectified_aspect,
)

SIZE = (960, 720)


def quads_of(img: np.ndarray):
    return Signals(decode(Image.fromarray(img))).card_quads


def corner_error(found, true_pts: np.ndarray) -> float:
    """Mean corner distance as a share of the frame diagonal (corner order ignored up to rotation)."""
    f = np.array(found, float)
    t = order_corners(true_pts)
    best = min(np.mean(np.linalg.norm(np.roll(f, k, axis=0) - t, axis=1)) for k in range(4))
    return best / math.hypot(*SIZE)


@pytest.mark.parametrize(
    ("background", "width_frac", "pose"),
    [
        ("plain", 0.5, {}),
        ("plain", 0.3, {"roll": 35, "pitch": 25}),
        ("wood", 0.45, {"roll": 20}),
        ("wood", 0.35, {"roll": 90}),
        ("wood", 0.5, {"roll": -70, "pitch": 20, "glare": True}),
        ("fabric", 0.5, {"pitch": 35, "yaw": 15}),
        ("fabric", 0.45, {"yaw": 40, "roll": 10, "shadow": True}),
        ("noise", 0.45, {"roll": 160, "pitch": -25}),
        ("noise", 0.65, {"shadow": True}),
        ("plain", 0.25, {"roll": 10}),  # small: about 4-5 % of the frame
    ],
)
def test_id1_card_found_at_any_pose_and_background(background: str, width_frac: float, pose: dict) -> None:
    img, pts = li.card_scene(background, size=SIZE, width_frac=width_frac, seed=3, **pose)
    quads = quads_of(img)
    assert quads, "no card quad found"
    best = quads[0]
    assert best.kind == "id1"
    assert abs(math.log(best.aspect / ID1_ASPECT)) < 0.08
    assert corner_error(best.corners, pts) < 0.02
    assert 0.0 < best.score <= 1.0
    assert 0.03 < best.area_fraction < 0.6


def _dark_header_card(width: int = 856) -> tuple[np.ndarray, np.ndarray]:
    """An ID-1 card whose top fifth is a band as dark as the table it lies on."""
    card, mask = li.id_card(width)
    card = card.copy()
    card[: int(0.2 * card.shape[0])] = (38, 36, 34)
    return card, mask


def _scene(kind: str) -> tuple[np.ndarray, np.ndarray]:
    """A card in a hard presentation: (scene, true corners)."""
    if kind == "small_plain":  # ~2 % of the frame
        return li.card_scene("plain", size=SIZE, width_frac=0.17, seed=4, roll=25, center=(0.7, 0.65))
    if kind == "small_wood_upright":  # ~1.5 % of the frame, turned 90 degrees
        return li.card_scene("wood", size=SIZE, width_frac=0.15, seed=5, roll=90, pitch=15, center=(0.3, 0.6))
    if kind == "low_light":  # a dim, noisy photo: gray range ~10-60
        img, pts = li.card_scene("wood", size=SIZE, width_frac=0.4, seed=6, roll=-12)
        return li.add_noise((img.astype(np.float32) * 0.22).astype(np.uint8), 2.5, seed=6), pts
    if kind == "white_on_white_scan":  # a near-white card in the corner of a white page
        card, mask = li.id_card(640, colour=(250, 251, 252))
        page = li.add_noise(np.full((SIZE[0], SIZE[1], 3), 243, np.uint8), 0.8)  # portrait page
        return li.place(page, card, mask, width_frac=0.45, center=(0.3, 0.17), roll=1)
    if kind == "dark_header_on_dark":  # the header merges with the table: found as a part, grown
        card, mask = _dark_header_card()
        bg = li.add_noise(np.full((SIZE[1], SIZE[0], 3), 34, np.uint8), 3)
        return li.place(bg, card, mask, width_frac=0.45, roll=8)
    raise ValueError(kind)


@pytest.mark.parametrize(
    "kind", ["small_plain", "small_wood_upright", "low_light", "white_on_white_scan", "dark_header_on_dark"]
)
def test_card_found_small_dim_faint_or_split(kind: str) -> None:
    img, pts = _scene(kind)
    quads = quads_of(img)
    assert quads, "no card quad found"
    best = quads[0]
    assert best.kind == "id1"
    diag = math.hypot(*img.shape[1::-1])
    f = np.array(best.corners, float)
    t = order_corners(pts)
    err = min(np.mean(np.linalg.norm(np.roll(f, k, axis=0) - t, axis=1)) for k in range(4)) / diag
    assert err < 0.02


@pytest.mark.parametrize(
    "scene",
    [
        "dim_photo",  # a low-light photo: stretching its contrast must not make texture a card
        "label_strip",  # a 2.7:1 printed label: too long, and no band of a card is missing
        "small_blank_card",  # small and card-shaped, with nothing printed
    ],
)
def test_no_card_in_dim_photos_or_card_parts(scene: str) -> None:
    if scene == "dim_photo":
        img = li.add_noise((li.camera_photo(SIZE).astype(np.float32) * 0.2).astype(np.uint8), 2.5)
    elif scene == "label_strip":
        doc, mask = li.text_sheet(800, 300)
        img, _ = li.place(li.wood(*SIZE, 2), doc, mask, width_frac=0.5, roll=10)
    else:
        doc, mask = np.full((540, 856, 3), 245, np.uint8), np.full((540, 856), 255, np.uint8)
        img, _ = li.place(li.wood(*SIZE, 2), doc, mask, width_frac=0.17, roll=20)
    assert quads_of(img) == ()


def test_passport_page_found_as_passport_kind() -> None:
    page, mask = li.passport_page()
    img, pts = li.place(li.texture(*SIZE, "brick"), page, mask, width_frac=0.6, pitch=20, roll=-8)
    best = quads_of(img)[0]
    assert best.kind == "passport"
    assert abs(math.log(best.aspect / PASSPORT_ASPECT)) < 0.06
    assert corner_error(best.corners, pts) < 0.02


@pytest.mark.parametrize("margin", [0, 12])
def test_flat_scan_card_is_the_frame_or_just_inside_it(margin: int) -> None:
    card, mask = li.id_card(640)
    h, w = card.shape[:2]
    img = np.zeros((h + 2 * margin, w + 2 * margin, 3), np.uint8)
    img[margin : margin + h, margin : margin + w] = np.where(mask[..., None] > 0, card, 0)
    best = quads_of(img)[0]
    assert best.kind == "id1"
    assert best.area_fraction > 0.85


def test_corners_are_original_pixels_ordered_tl_tr_br_bl_long_side_first() -> None:
    img, pts = li.card_scene("plain", size=(1920, 1440), width_frac=0.5, seed=1)
    best = quads_of(img)[0]
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = best.corners
    assert x1 > x0 and x2 > x3 and y3 > y0 and y2 > y1
    assert math.dist((x0, y0), (x1, y1)) > math.dist((x1, y1), (x2, y2))
    assert abs(best.bbox.w - 0.5 * 1920) < 0.03 * 1920


def _sheet(kind: str) -> tuple[np.ndarray, np.ndarray]:
    if kind == "a4":
        return li.a4_sheet(600)
    if kind == "a4_rotated":  # text across the long side: a page, not a data page
        sheet, mask = li.a4_sheet(600)
        return np.ascontiguousarray(np.rot90(sheet)), np.ascontiguousarray(np.rot90(mask))
    if kind == "square":
        return li.text_sheet(500, 500)
    if kind == "strip":
        return li.text_sheet(1000, 200)
    if kind == "window":
        return li.window(900)
    if kind == "blank_card":  # right shape, nothing printed on it
        return np.full((540, 856, 3), 245, np.uint8), np.full((540, 856), 255, np.uint8)
    raise ValueError(kind)


@pytest.mark.parametrize(
    ("kind", "background", "pose"),
    [
        ("a4", "wood", {"roll": 10}),
        ("a4", "plain", {"pitch": 25, "roll": -5}),
        ("a4_rotated", "plain", {}),
        ("square", "wood", {"roll": 15}),
        ("strip", "fabric", {"roll": -10}),
        ("window", "plain", {}),
        ("window", "noise", {"yaw": 25}),
        ("blank_card", "wood", {"roll": 12}),
    ],
)
def test_card_look_alikes_are_rejected(kind: str, background: str, pose: dict) -> None:
    doc, mask = _sheet(kind)
    img, _ = li.place(li.BACKGROUNDS[background](*SIZE, 2), doc, mask, width_frac=0.5, **pose)
    assert quads_of(img) == ()


@pytest.mark.parametrize("scene", ["photo", "gradient", "brick", "grass", "gravel", "screenshot"])
def test_no_card_in_photos_textures_or_screens(scene: str) -> None:
    if scene == "photo":
        img = li.camera_photo(SIZE)
    elif scene == "gradient":
        ramp = np.tile(np.linspace(40, 220, SIZE[0]), (SIZE[1], 1))
        img = li.add_noise(np.dstack([ramp] * 3).astype(np.uint8), 6)
    elif scene == "screenshot":
        img = li.app_screen((1080, 2400))
    else:
        img = li.texture(*SIZE, scene)
    assert quads_of(img) == ()


@pytest.mark.parametrize(
    "pose",
    [{}, {"roll": 30}, {"pitch": 30, "yaw": -20}, {"yaw": 40, "roll": 100}, {"pitch": -35, "roll": 200}],
)
def test_rectified_aspect_undoes_perspective(pose: dict) -> None:
    card, mask = li.id_card(200)
    _, pts = li.place(np.zeros((480, 640, 3), np.uint8), card, mask, width_frac=0.4, focal=0.85, **pose)
    aspect = rectified_aspect(order_corners(pts), (320, 240), 640)
    assert abs(math.log(aspect / (card.shape[1] / card.shape[0]))) < 0.01


def test_own_focal_finds_the_camera_focal_length_or_none_for_a_parallel_pair() -> None:
    card, mask = li.id_card(200)
    bg = np.zeros((720, 960, 3), np.uint8)
    _, pts = li.place(bg, card, mask, width_frac=0.45, focal=0.8, pitch=40, yaw=60, center=(0.4, 0.5))
    assert own_focal(order_corners(pts), (480, 360), 960) == pytest.approx(0.8, abs=0.01)
    # a centred card tilted about one axis only: its other pair of sides stays parallel
    _, level = li.place(bg, card, mask, width_frac=0.45, focal=0.8, pitch=40)
    assert own_focal(order_corners(level), (480, 360), 960) is None


def test_corners_sharper_than_45_degrees_pass_only_as_a_rectangle_seen_by_a_phone_camera() -> None:
    card, mask = li.id_card(200)
    _, pts = li.place(np.zeros((720, 960, 3), np.uint8), card, mask, width_frac=0.45, pitch=55, yaw=60, center=(0.4, 0.5))
    steep = order_corners(pts)
    assert min(card_module._corner_angles(steep)) < 35
    assert card_module._angles_ok(steep, (480, 360), 960.0)
    assert not card_module._angles_ok(steep)  # no frame given: the plain 45-135 degree rule
    # a parallelogram as sharp (both pairs parallel) and a four-sided scrap are no rectangle's at any focal length
    slanted = order_corners(np.array([[250, 250], [550, 250], [850, 480], [550, 480]], float))
    assert min(card_module._corner_angles(slanted)) < 45
    assert not card_module._angles_ok(slanted, (480, 360), 960.0)
    scrap = order_corners(np.array([[200, 300], [700, 280], [560, 420], [260, 400]], float))
    assert min(card_module._corner_angles(scrap)) < 45
    assert own_focal(scrap, (480, 360), 960) is None
    assert not card_module._angles_ok(scrap, (480, 360), 960.0)


@pytest.mark.parametrize(
    ("background", "pose"),
    [
        ("wood", {"yaw": 60}),
        ("plain", {"yaw": 60, "pitch": 40, "center": (0.4, 0.5)}),
        ("wood", {"yaw": 60, "pitch": 40, "roll": 30, "center": (0.4, 0.5)}),
        ("fabric", {"yaw": 60, "pitch": 40, "roll": 60, "center": (0.4, 0.5)}),
    ],
)
def test_card_shot_at_a_low_angle_is_outlined_and_read_along_its_long_side(background: str, pose: dict) -> None:
    """Foreshortened along its long side until that side looks the short one, with corners of 30-45 degrees."""
    img, pts = li.card_scene(background, size=SIZE, width_frac=0.45, seed=3, **pose)
    quads = quads_of(img)
    assert quads, "no card quad found"
    best = quads[0]
    assert best.kind == "id1"
    assert abs(math.log(best.aspect / ID1_ASPECT)) < 0.08
    found, true = np.array(best.corners, float), np.array(pts, float)
    errors = [np.mean(np.linalg.norm(np.roll(found, k, axis=0) - true, axis=1)) / math.hypot(*SIZE) for k in range(4)]
    assert min(errors[0], errors[2]) < 0.02  # its first side is a long side of the card, either way up


def test_a_turnable_quad_is_read_the_way_its_print_runs() -> None:
    card, _ = li.id_card(640)
    gray = np.full((700, 900), 90, np.uint8)
    gray[100 : 100 + card.shape[0], 100 : 100 + card.shape[1]] = card.mean(axis=2).astype(np.uint8)
    h, w = card.shape[:2]
    along = np.array([[100, 100], [100 + w, 100], [100 + w, 100 + h], [100, 100 + h]], float)  # long side first
    across = np.roll(along, -1, axis=0)  # the short side first: the print would run down the view

    def text(q: np.ndarray) -> float:
        return card_module._text_along(gray, q, ID1_ASPECT)

    def better_way(q: np.ndarray, turnable: bool = True) -> tuple[np.ndarray, float]:
        found, _, cue = card_module._the_better_way(q, lambda q: q, text, turnable)
        return found, cue

    assert text(along) > text(across) + card_module._TURN_GAIN
    kept, cue = better_way(along)
    assert np.allclose(kept, along) and cue == pytest.approx(text(along))  # print along its first side: as it is
    turned, cue = better_way(across)
    assert cue == pytest.approx(text(along))
    assert np.linalg.norm(turned[1] - turned[0]) > np.linalg.norm(turned[2] - turned[1])
    left, _ = better_way(across, turnable=False)  # a quad its plane reading does not turn is never turned
    assert np.allclose(left, across)


def test_tiny_image_has_no_quads() -> None:
    tiny = np.full((12, 20, 3), 200, np.uint8)
    assert find_card_quads(tiny, tiny[..., 0], scale=1.0) == []


def test_small_card_print_is_judged_on_sharper_pixels():
    """A small card on a large photo: the working copy cannot resolve its print, the full image can."""
    from PIL import Image

    from pii_scan.decode import decode
    from pii_scan.signals import Signals

    card, mask = li.id_card(600)
    big, _ = li.place(li.BACKGROUNDS["plain"](2400, 1800, 2), card, mask, width_frac=0.12)
    sig = Signals(decode(Image.fromarray(big)))
    small, scale = sig.image.small, sig.image.scale
    assert find_card_quads(small, sig.gray, scale=scale) == []  # print unreadable at working size
    quads = find_card_quads(small, sig.gray, scale=scale, sharper=sig._sharper)
    assert quads and quads[0].kind == "id1"


@pytest.mark.parametrize(("edge", "looked"), [(0.8, True), (0.7, False)])
def test_a_well_fitting_card_with_one_weak_side_gets_a_sharper_look(edge: float, looked: bool) -> None:
    """Sparse print unseen at working size is judged sharper, also when a side is lost on the surface."""
    from pii_scan.signals.card import _Candidate, _score

    q = np.array([[100, 100], [450, 100], [450, 321], [100, 321]], np.float64)  # 350 px, ID-1 aspect
    cand = _Candidate(q, False, "id1", 1.586, fit=0.95, frac=0.25, edge=edge, pre=0.6)
    blank = np.full((480, 640), 230, np.uint8)  # nothing to read at working size
    calls = []

    def sharper(quad: np.ndarray, w: int, h: int) -> np.ndarray:
        calls.append((w, h))
        flat = np.full((h, w), 230, np.uint8)
        for row in range(6):  # clear rows of print
            cv2.putText(flat, "ABCD 1234 EFGH", (20, 40 + 40 * row), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 30, 2)
        return flat

    (scored,) = _score([cand], blank, sharper)
    assert bool(calls) is looked
    assert (scored.text >= 0.5) is looked


@pytest.mark.parametrize(
    ("fit", "edge", "printed", "looked"),
    [(0.84, 0.73, True, True), (0.84, 0.73, False, False), (0.75, 0.6, True, False)],
)
def test_a_fairly_shaped_card_whose_inside_looks_printed_gets_a_sharper_look(
    fit: float, edge: float, printed: bool, looked: bool
) -> None:
    """A card on a busy surface outlined a corner a few pixels off: its smudged rows of print (too
    small to read as lines at working size) earn it the sharper look a sure shape gets; a blank
    inside or a poorer shape does not."""
    from pii_scan.signals.card import _Candidate, _score

    q = np.array([[100, 100], [300, 100], [300, 226], [100, 226]], np.float64)  # 200 px, ID-1 aspect
    cand = _Candidate(q, False, "id1", 1.586, fit=fit, frac=0.08, edge=edge, pre=fit * (0.25 + 0.75 * edge))
    gray = np.full((480, 640), 90, np.uint8)  # a darker surface
    gray[100:226, 100:300] = 225
    if printed:
        for y in range(125, 215, 14):
            gray[y : y + 4, 120:260] = 70  # rows of print smudged into bars
    calls = []

    def sharper(quad: np.ndarray, w: int, h: int) -> np.ndarray:
        calls.append((w, h))
        flat = np.full((h, w), 230, np.uint8)
        for row in range(5):
            cv2.putText(flat, "ABCD 1234 EFGH", (20, 40 + 40 * row), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 30, 2)
        return flat

    (scored,) = _score([cand], gray, sharper)
    assert bool(calls) is looked
    assert (scored.text >= 0.5) is looked
    assert scored.fair is looked  # confirmed thanks to the fair shape alone: may give way to a better outline


@pytest.mark.parametrize(
    ("fit", "edge", "frac", "credited"),
    [(0.98, 0.97, 0.02, True), (0.9, 0.97, 0.02, False), (0.98, 0.9, 0.02, False), (0.98, 0.97, 0.3, False)],
)
def test_an_exact_small_card_outline_with_a_few_rows_of_print_counts_as_printed(
    fit: float, edge: float, frac: float, credited: bool
) -> None:
    """A My Number back prints three rows at its top: some print is enough on a near-perfect outline
    of a card small in the frame (not on a page filling a third of it, a menu with a passport's aspect)."""
    from pii_scan.signals.card import _EXACT_SHAPE_TEXT, _Candidate, _score, _text_in

    q = np.array([[100, 100], [300, 100], [300, 226], [100, 226]], np.float64)  # 200 px, ID-1 aspect
    cand = _Candidate(q, False, "id1", 1.586, fit=fit, frac=frac, edge=edge, pre=0.7)
    blank = np.full((480, 640), 230, np.uint8)

    def sharper(quad: np.ndarray, w: int, h: int) -> np.ndarray:
        flat = np.full((h, w), 230, np.uint8)
        for row in range(2):  # two rows at the top
            cv2.putText(flat, "1234 5678 9012", (20, 40 + 40 * row), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 30, 2)
        return flat

    some = _text_in(sharper(q, 400, 252))
    assert 0.25 <= some < 0.5
    (scored,) = _score([cand], blank, sharper)
    assert scored.text == (_EXACT_SHAPE_TEXT if credited else 0.0)


@pytest.mark.parametrize(
    ("rows", "portrait_x", "credited"),
    [(2, 260, True), (2, 140, False), (0, 260, False)],
)
def test_a_card_outline_with_some_print_and_a_portrait_at_its_side_counts_as_printed(
    rows: int, portrait_x: int, credited: bool
) -> None:
    """A card in low light: its faint print breaks into a few fragments on the sharper look, but its
    portrait stays clear. Some print and a portrait in the card's side third confirm the outline; a
    face in the middle (a photo print) or a face with no print beside it does not."""
    import layout_images as li

    from pii_scan.signals.card import _PRINT_AND_PORTRAIT_TEXT, _Candidate, _score, _text_in

    q = np.array([[100, 100], [300, 100], [300, 226], [100, 226]], np.float64)
    cand = _Candidate(q, False, "id1", 1.586, fit=0.98, frac=0.3, edge=0.97, pre=0.7)  # too big for the exact-shape credit
    blank = np.full((480, 640), 230, np.uint8)
    face = cv2.cvtColor(cv2.resize(li.portrait(), (120, 160), interpolation=cv2.INTER_AREA), cv2.COLOR_RGB2GRAY)

    def sharper(quad: np.ndarray, w: int, h: int) -> np.ndarray:
        flat = np.full((h, w), 230, np.uint8)
        for row in range(rows):
            cv2.putText(flat, "1234", (15, 40 + 40 * row), cv2.FONT_HERSHEY_SIMPLEX, 0.7, 30, 2)
        flat[60:220, portrait_x : portrait_x + 120] = face
        return flat

    assert _text_in(sharper(q, 400, 252)) < 0.5  # not clear print on its own
    (scored,) = _score([cand], blank, sharper)
    assert (scored.text == _PRINT_AND_PORTRAIT_TEXT) is credited


def _card_on_table(corners: np.ndarray) -> np.ndarray:
    """A light, printed card (``corners``) on a mid-grey table, with grain."""
    rng = np.random.default_rng(5)
    img = np.full((600, 800), 90, np.uint8)
    cv2.fillConvexPoly(img, np.round(corners).astype(np.int32), 215)
    x0, y0 = corners.min(axis=0).astype(int)
    for k in range(5):  # rows of print well inside
        cv2.line(img, (x0 + 60, y0 + 60 + 35 * k), (x0 + 260, y0 + 55 + 35 * k), 40, 6)
    noisy = img.astype(np.int16) + rng.normal(0, 3, img.shape).astype(np.int16)
    return np.clip(noisy, 0, 255).astype(np.uint8)


_TRUE_CARD = np.array([[100.0, 140.0], [540.0, 80.0], [575.0, 335.0], [140.0, 395.0]])


def test_a_quad_whose_one_side_cuts_across_the_card_is_refitted_to_its_edge() -> None:
    from pii_scan.signals.card import _refit_side, _views

    v = _views(_card_on_table(_TRUE_CARD))
    # three sides on the card's edges, the left one from a corner cut off far into the card
    cut = _TRUE_CARD.copy()
    cut[0] = cut[0] + 0.25 * (cut[1] - cut[0])
    cut[3] = cut[3] + 0.6 * (cut[2] - cut[3])
    refit = _refit_side(cut, v)
    assert refit is not None
    assert np.abs(refit - _TRUE_CARD).max() < 6


def test_a_quad_on_the_card_edges_or_with_no_edge_to_find_is_left_alone() -> None:
    from pii_scan.signals.card import _refit_side, _views

    v = _views(_card_on_table(_TRUE_CARD))
    assert _refit_side(_TRUE_CARD.copy(), v) is None
    # a patch of plain table: no side has an edge, so no side is the odd one out
    table = np.array([[600.0, 420.0], [780.0, 420.0], [780.0, 580.0], [600.0, 580.0]])
    assert _refit_side(table, v) is None


def test_sides_are_not_searched_for_again_on_a_thumbnail(monkeypatch: pytest.MonkeyPatch) -> None:
    # a thumbnail's quads are shape hints with no sharper look: a side searched for there
    # finds a box's or a shelf's edge as readily as a card's
    import pii_scan.signals.card as card

    calls: list[int] = []
    real = card._refit_side
    monkeypatch.setattr(card, "_refit_side", lambda q, v: calls.append(1) or real(q, v))
    img = _card_on_table(_TRUE_CARD)
    find_card_quads(cv2.cvtColor(img, cv2.COLOR_GRAY2RGB), img, scale=1.0)
    assert calls
    calls.clear()
    small = cv2.resize(img, (400, 300), interpolation=cv2.INTER_AREA)
    find_card_quads(cv2.cvtColor(small, cv2.COLOR_GRAY2RGB), small, scale=1.0)
    assert not calls


def _cut_card() -> np.ndarray:
    cut = _TRUE_CARD.copy()
    cut[0] = cut[0] + 0.25 * (cut[1] - cut[0])
    cut[3] = cut[3] + 0.6 * (cut[2] - cut[3])
    return cut


def test_a_refitted_side_adds_the_card_outline_the_search_missed() -> None:
    from pii_scan.signals.card import _shaped, _views

    v = _views(_card_on_table(_TRUE_CARD))
    found = _shaped([_cut_card() * v.k], v, with_frame=False)  # search-copy pixels in
    card = [c for c in found if corner_error(c.q, _TRUE_CARD) < 0.01]
    assert card and card[0].refit


def test_a_refit_landing_on_an_outline_found_as_it_is_does_not_replace_it() -> None:
    # the same outline a pixel or two off would win or lose on a hair of shape score
    from pii_scan.signals.card import _shaped, _views

    v = _views(_card_on_table(_TRUE_CARD))
    found = _shaped([_TRUE_CARD * v.k, _cut_card() * v.k], v, with_frame=False)
    card = [c for c in found if corner_error(c.q, _TRUE_CARD) < 0.01]
    assert len(card) == 1 and not card[0].refit
