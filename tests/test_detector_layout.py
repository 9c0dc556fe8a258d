"""The layout-only detectors: card layout, screenshot traits, barcodes (and the face signal)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

import layout_images as li
from pii_scan.context import ImageContext
from pii_scan.decode import decode
from pii_scan.detectors.barcode import BarcodeDetector
from pii_scan.detectors.card_layout import CardLayoutDetector
from pii_scan.detectors.screenshot import ScreenshotDetector
from pii_scan.models import Label
from pii_scan.signals.faces import find_faces, find_faces_in
from pii_scan.testing import make_context

SIZE = (960, 720)


def ctx_of(img: np.ndarray, fmt: str = "PNG", **kw) -> ImageContext:
    return ImageContext(decode(li.encode(img, fmt, **kw)))


# -- faces ---------------------------------------------------------------------


def test_face_found_in_a_photo_in_original_pixels() -> None:
    img = li.camera_photo((1280, 960))
    faces = find_faces(cv2.cvtColor(cv2.resize(img, (640, 480)), cv2.COLOR_RGB2GRAY), scale=2.0)
    assert len(faces) == 1
    assert 380 < faces[0].x < 560 and faces[0].w > 150


@pytest.mark.parametrize("turned", [False, True])
def test_face_in_a_card_crop_found_upright_or_upside_down(turned: bool) -> None:
    card, _ = li.id_card(300)
    gray = cv2.cvtColor(card, cv2.COLOR_RGB2GRAY)
    if turned:
        gray = cv2.rotate(gray, cv2.ROTATE_180)
    faces = find_faces_in(gray)
    assert len(faces) == 1
    box, upside_down = faces[0]
    assert upside_down == turned
    assert (box.x + box.w / 2 < 150) != turned  # the portrait is on the card's left


@pytest.mark.parametrize("name", ["gravel", "brick"])
def test_no_face_in_textures(name: str) -> None:
    gray = li.texture(640, 480, name)[..., 0]
    assert find_faces(np.ascontiguousarray(gray), scale=1.0) == []


# -- id.card_layout ------------------------------------------------------------


@pytest.mark.parametrize(
    ("background", "pose", "side"),
    [
        ("wood", {}, "left"),
        ("fabric", {"roll": 30}, "left"),
        ("plain", {"roll": 90, "pitch": 15}, "left"),
        ("noise", {"roll": 180}, "left"),
        ("wood", {"yaw": 30}, "right"),
    ],
)
def test_card_with_portrait_is_a_primary_id_finding(background: str, pose: dict, side: str) -> None:
    bg = li.BACKGROUNDS[background](*SIZE, 1)
    card, mask = li.id_card(face_side=side)
    img, _ = li.place(bg, card, mask, width_frac=0.45, **pose)
    det = CardLayoutDetector()
    ctx = ctx_of(img, "JPEG", quality=90)
    assert det.prefilter(ctx)
    (f,) = det.detect(ctx)
    assert f.label is Label.ID_CARD and not f.supporting and not f.verified
    assert 0.55 <= f.score <= 0.7
    kinds = [e.kind for e in f.evidence]
    assert kinds == ["card_quad", "face"]
    assert f.evidence[1].detail["side"] == side
    assert f.evidence[0].detail["kind"] == "id1"


def test_card_without_portrait_only_supports() -> None:
    img, _ = li.card_scene("wood", size=SIZE, width_frac=0.45, face=False, roll=15)
    (f,) = CardLayoutDetector().detect(ctx_of(img))
    assert f.supporting and f.label is Label.ID_CARD
    assert 0.15 <= f.score <= 0.3
    assert [e.kind for e in f.evidence] == ["card_quad"]


@pytest.mark.parametrize("lifted", [True, False])
def test_a_dim_grainy_cards_portrait_is_found_once_the_card_is_evened_out(monkeypatch, lifted: bool) -> None:
    """A My Number card shot in a dim room (the benchmark generator's low-light presentation, seed
    picked so the grain hides the portrait): found only on the card evened out and stretched."""
    import random

    from pii_scan.detectors import card_layout
    from pii_scan.synth.cards import render_card
    from pii_scan.synth.present import present

    rng = random.Random(25)
    card, _ = render_card("mynumber_front", rng)
    shot = present(card, rng, "low_light", frame_size=(1600, 1200)).image
    if not lifted:
        monkeypatch.setattr(card_layout, "lift_if_dim", lambda pixels: pixels)
    ctx = ctx_of(np.asarray(shot), "JPEG", quality=90)
    assert ctx.signals.card_quads
    (f,) = CardLayoutDetector().detect(ctx)
    assert f.supporting is not lifted
    assert ("face" in [e.kind for e in f.evidence]) is lifted


def test_face_outside_the_card_does_not_count() -> None:
    """A person holding up a payment card next to their face."""
    bg = li.plain(*SIZE, 3)
    bg[100:460, 560:830] = cv2.resize(li.portrait(), (270, 360))
    card, mask = li.id_card(face=False)
    img, _ = li.place(bg, card, mask, width_frac=0.4, center=(0.3, 0.6))
    (f,) = CardLayoutDetector().detect(ctx_of(img))
    assert f.supporting


def test_card_with_face_in_a_screenshot_only_supports() -> None:
    """App cards with a photo of people have the ID layout; in a screenshot that is not enough."""
    screen = li.app_screen((1170, 2532), dark=True)
    card, mask = li.id_card(1000)
    screen[900:900 + card.shape[0], 85:1085] = np.where(mask[..., None] > 0, card, screen[900:900 + card.shape[0], 85:1085])
    ctx = ctx_of(screen)
    assert ctx.signals.screenshot.score >= 0.5
    (f,) = CardLayoutDetector().detect(ctx)
    assert f.supporting and f.score <= 0.3
    assert [e.kind for e in f.evidence] == ["card_quad", "face"]


@pytest.mark.parametrize("scene", ["photo", "screen"])
def test_no_card_no_finding(scene: str) -> None:
    img = li.camera_photo(SIZE) if scene == "photo" else li.app_screen((1080, 2400))
    ctx = ctx_of(img)
    det = CardLayoutDetector()
    assert not det.prefilter(ctx)
    assert det.detect(ctx) == []


# -- screen.traits -------------------------------------------------------------


def test_screenshot_traits_support_a_ticket() -> None:
    ctx = ctx_of(li.app_screen((1170, 2532)))
    (f,) = ScreenshotDetector().detect(ctx)
    assert f.label is Label.TICKET_SCREENSHOT and f.supporting
    assert f.score == pytest.approx(ctx.signals.screenshot.score)
    assert f.score >= 0.8
    kinds = {e.kind for e in f.evidence}
    assert {"status_bar", "screen_size", "camera_exif", "pixel_noise", "flat_fraction"} <= kinds
    assert f.bbox is not None and f.bbox.y == 0


def test_camera_photo_gives_no_screenshot_finding() -> None:
    ctx = ctx_of(li.camera_photo((2016, 1512)), "JPEG", quality=90, exif=li.camera_exif())
    assert ScreenshotDetector().detect(ctx) == []


# -- ticket.barcode ------------------------------------------------------------


def test_qr_in_screenshot_supports_a_ticket() -> None:
    (f,) = BarcodeDetector().detect(ctx_of(li.app_screen((1170, 2532), qr=True)))
    assert f.label is Label.TICKET_SCREENSHOT and f.supporting
    assert 0.3 <= f.score <= 0.45
    assert f.evidence[0].kind == "barcode" and f.evidence[0].value == "qr"
    assert "E1234" not in f.explanation and all("E1234" not in str(e.to_dict()) for e in f.evidence)


def test_qr_in_a_camera_photo_is_weak() -> None:
    photo = li.camera_photo((2016, 1512))
    code = cv2.resize(li.qr_code("MENU TABLE 12", module=12), (500, 500), interpolation=cv2.INTER_NEAREST)
    photo[500:1000, 800:1300] = code[..., None]
    ctx = ctx_of(photo, "JPEG", quality=90, exif=li.camera_exif())
    (f,) = BarcodeDetector().detect(ctx)
    assert f.supporting and f.score < 0.2


def test_no_code_no_barcode_finding() -> None:
    ctx = make_context(li.app_screen((1080, 2400)))
    det = BarcodeDetector()
    assert not det.prefilter(ctx)
    assert det.detect(ctx) == []


@pytest.mark.parametrize(
    ("cls", "name", "label"),
    [
        (CardLayoutDetector, "id.card_layout", Label.ID_CARD),
        (ScreenshotDetector, "screen.traits", Label.TICKET_SCREENSHOT),
        (BarcodeDetector, "ticket.barcode", Label.TICKET_SCREENSHOT),
    ],
)
def test_detectors_carry_their_public_names(cls: type, name: str, label: Label) -> None:
    det = cls()
    assert det.name == name and det.label is label and det.version and not det.needs_ocr


@pytest.mark.parametrize(("squash", "portrait"), [(1.0, True), (1.5, True), (2.0, False)])
def test_a_portrait_counts_only_on_an_outline_a_card_could_cast(monkeypatch, squash: float, portrait: bool) -> None:
    """A name tag or a banner fitted as a steeply tilted card is not a card with a portrait."""
    import pii_scan.detectors.card_layout as cl
    from pii_scan.models import BBox
    from pii_scan.signals import CardQuad, Signals

    w, h = 317.2, 200.0 / squash  # an ID-1 card (1.586) looked at ever more steeply
    quad = CardQuad(((100, 100), (100 + w, 100), (100 + w, 100 + h), (100, 100 + h)), "id1", 1.586, 0.9, 0.05)
    face = BBox(130, int(100 + 0.3 * h), 70, int(0.4 * h))  # where a left-hand portrait sits
    monkeypatch.setattr(Signals, "card_quads", property(lambda self: (quad,)))
    place = cl._card_units(face, cl._to_card(quad), quad.aspect)
    monkeypatch.setattr(cl, "_faces_on_card", lambda ctx, q: [cl._CardFace(face, place, False)])
    (f,) = CardLayoutDetector().detect(ctx_of(li.plain(*SIZE, 2)))
    assert f.supporting is not portrait


@pytest.mark.parametrize("degrees", [0, 10, 30, 45, 60, 90])
def test_a_frame_face_keeps_its_size_on_a_card_turned_in_the_frame(degrees: int) -> None:
    """A face box found in the frame is measured on the card by its area, not by one diagonal."""
    import pii_scan.detectors.card_layout as cl
    from pii_scan.models import BBox
    from pii_scan.signals import CardQuad

    w, h, cx, cy = 634.4, 400.0, 800.0, 600.0  # an ID-1 card, 400 px high, turned about its centre
    t = np.radians(degrees)
    rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    local = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
    corners = tuple(tuple(map(float, p)) for p in local @ rot.T + (cx, cy))
    quad = CardQuad(corners, "id1", w / h, 0.9, 0.2)
    u, v, size = cl._card_units(BBox(int(cx) - 60, int(cy) - 60, 120, 120), cl._to_card(quad), quad.aspect)
    assert (u, v) == pytest.approx((0.5, 0.5), abs=0.01)
    assert size == pytest.approx(120 / h, rel=0.02)


@pytest.mark.parametrize(("runner_up_score", "portrait"), [(0.48, True), (0.30, False)])
def test_a_runner_up_outline_scoring_alike_is_looked_at_for_a_portrait(
    monkeypatch, runner_up_score: float, portrait: bool
) -> None:
    """Two outlines of one card: the best-scored one cuts across the card, the runner-up follows it."""
    import pii_scan.detectors.card_layout as cl
    from pii_scan.models import BBox
    from pii_scan.signals import CardQuad, Signals

    best = CardQuad(((100, 100), (600, 60), (420, 400), (90, 330)), "passport", 1.42, 0.50, 0.2)
    runner_up = CardQuad(((100, 100), (420, 150), (400, 360), (90, 330)), "id1", 1.586, runner_up_score, 0.1)
    monkeypatch.setattr(Signals, "card_quads", property(lambda self: (best, runner_up)))
    face = cl._CardFace(BBox(330, 200, 50, 60), (0.85, 0.45, 0.25), False)
    monkeypatch.setattr(cl, "_faces_on_card", lambda ctx, q: [face] if q is runner_up else [])
    (f,) = CardLayoutDetector().detect(ctx_of(li.plain(*SIZE, 2)))
    assert f.supporting is not portrait
    assert f.evidence[0].bbox == (runner_up if portrait else best).bbox
