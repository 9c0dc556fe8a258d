"""Screenshot traits: high for phone screenshots however saved, low for camera images."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

import layout_images as li
from pii_scan.decode import decode
from pii_scan.signals import CardQuad, Signals
from pii_scan.signals.screen import screenshot_traits


def traits_of(data: bytes):
    return Signals(decode(data)).screenshot


@pytest.fixture(scope="module")
def light() -> np.ndarray:
    return li.app_screen((1170, 2532))


@pytest.fixture(scope="module")
def dark() -> np.ndarray:
    return li.app_screen((1080, 2400), dark=True)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_full_screenshot_scores_high_with_status_bar(fmt: str, mode: str, request: pytest.FixtureRequest) -> None:
    img = request.getfixturevalue(mode)
    t = traits_of(li.encode(img, fmt, quality=70))
    assert t.score >= 0.8
    assert t.screen_size and not t.camera_exif
    assert t.status_bar is not None and t.status_bar.y == 0
    assert t.status_bar.h < 0.08 * img.shape[0]
    assert any("status bar" in r for r in t.reasons)


def test_status_bar_with_centred_clock_is_found() -> None:
    img = li.app_screen((750, 1334), clock_centre=True)
    assert traits_of(li.encode(img)).status_bar is not None


@pytest.mark.parametrize(("box", "fmt"), [((100, 600, 1000, 1800), "JPEG"), ((0, 300, 1170, 2100), "PNG")])
def test_cropped_screenshot_without_status_bar_still_scores_high(light: np.ndarray, box: tuple, fmt: str) -> None:
    x0, y0, x1, y1 = box
    t = traits_of(li.encode(np.ascontiguousarray(light[y0:y1, x0:x1]), fmt, quality=80))
    assert t.status_bar is None and not t.screen_size
    assert t.score >= 0.5


def test_landscape_screen_size_counts(light: np.ndarray) -> None:
    t = traits_of(li.encode(np.ascontiguousarray(np.rot90(light))))
    assert t.screen_size


@pytest.fixture(scope="module")
def camera() -> np.ndarray:
    return li.camera_photo((4032, 3024))


def test_camera_photo_with_exif_scores_low(camera: np.ndarray) -> None:
    t = traits_of(li.encode(camera, "JPEG", quality=90, exif=li.camera_exif()))
    assert t.camera_exif
    assert t.score < 0.1
    assert t.noise > 1.0


def test_camera_photo_without_exif_scores_low(camera: np.ndarray) -> None:
    t = traits_of(li.encode(camera, "JPEG", quality=90))
    assert not t.camera_exif
    assert t.score < 0.3


def test_camera_exif_outweighs_screen_looks(light: np.ndarray) -> None:
    plain = traits_of(li.encode(light, "JPEG"))
    tagged = traits_of(li.encode(light, "JPEG", exif=li.camera_exif()))
    assert tagged.score < plain.score and tagged.score < 0.5


def test_scanned_document_scores_low() -> None:
    page, _ = li.a4_sheet(2480)
    scan = li.add_noise(page, 3.0)
    t = traits_of(li.encode(scan, "JPEG", quality=85))
    assert t.status_bar is None
    assert t.score < 0.5


def test_photo_of_a_screen_scores_low(light: np.ndarray) -> None:
    phone = cv2.resize(light, (585, 1266))
    mask = np.full(phone.shape[:2], 255, np.uint8)
    scene, _ = li.place(li.plain(2016, 1512, 4), phone, mask, width_frac=0.3, pitch=15, yaw=10)
    scene = li.add_noise(cv2.GaussianBlur(scene, (0, 0), 1.2), 5.0)
    t = traits_of(li.encode(scene, "JPEG", quality=88))
    assert t.score < 0.3


@pytest.mark.parametrize("name", ["brick", "grass"])
def test_textures_are_not_rendered(name: str) -> None:
    t = traits_of(li.encode(li.texture(1280, 960, name)))
    assert t.score < 0.3


@pytest.mark.parametrize(
    ("background", "text"),
    [
        ((255, 255, 255), (136, 136, 136)),  # light grey label on white
        ((42, 42, 46), (153, 153, 153)),  # grey label in dark mode
        ((225, 100, 0), (255, 255, 255)),  # white text on an orange card
        ((255, 255, 255), (20, 20, 20)),  # plain black on white
    ],
)
def test_rendered_ink_is_dark_text_on_white_whatever_the_colours(background: tuple, text: tuple) -> None:
    from pii_scan.signals.screen import rendered_ink

    img = np.full((300, 600, 3), 255, np.uint8)
    img[:, :300] = (0, 0, 0)  # a black block (a QR code) beside the panel pulls a global threshold
    img[50:250, 300:600] = background
    cv2.putText(img, "Seat 12A", (320, 170), cv2.FONT_HERSHEY_SIMPLEX, 1.6, text, 4, cv2.LINE_AA)
    ink = rendered_ink(img)
    assert ink.dtype == np.uint8 and ink.shape == img.shape[:2]
    glyphs = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)[50:250, 300:600] != cv2.cvtColor(
        np.uint8([[background]]), cv2.COLOR_RGB2GRAY
    )[0, 0]
    panel = ink[50:250, 300:600]
    assert (panel[glyphs] == 0).mean() > 0.5  # the strokes are ink
    assert (panel[~glyphs] == 255).mean() > 0.97  # the card is paper
    assert (ink[100:200, 20:280] == 255).all()  # a flat block, black or not, is no ink


def test_ink_rows_counts_a_label_and_its_value_apart_but_not_a_divider() -> None:
    from pii_scan.signals.screen import ink_rows, rendered_ink

    img = np.full((700, 500, 3), 250, np.uint8)
    y = 30
    for _ in range(6):  # six label/value pairs: grey label, black value, 12 px between them
        cv2.putText(img, "Seat", (30, y + 20), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (140, 140, 140), 2)
        cv2.putText(img, "12A 0815", (30, y + 62), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (20, 20, 20), 2)
        y += 100
    img[660:662, 20:480] = (200, 200, 200)  # a divider rule
    assert ink_rows(rendered_ink(img)) == 12
    assert ink_rows(rendered_ink(np.full((400, 300, 3), 250, np.uint8))) == 0


def _quad(angle: float, score: float) -> CardQuad:
    """An ID-1 outline 600 px long turned ``angle`` degrees about (500, 700)."""
    a = np.radians(angle)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    pts = np.array([[-300, -189], [300, -189], [300, 189], [-300, 189]], float) @ rot.T + (500, 700)
    return CardQuad(tuple((float(x), float(y)) for x, y in pts), "id1", 1.586, score, 0.2)


@pytest.mark.parametrize(("angle", "tilt"), [(0.0, 0.0), (4.0, 4.0), (-7.5, 7.5), (90.0, 0.0), (93.0, 3.0), (50.0, 40.0)])
def test_a_quads_tilt_is_its_sides_angle_from_the_image_axes(angle: float, tilt: float) -> None:
    assert _quad(angle, 0.9).tilt == pytest.approx(tilt, abs=0.01)


@pytest.mark.parametrize(
    ("angle", "score", "counts"),
    [
        (4.0, 0.95, True),  # a sure outline of a page lying askew: photographed
        (0.0, 0.95, False),  # square to the frame, as every UI panel is
        (1.0, 0.95, False),  # a degree of slack for corners found on rounded panels
        (4.0, 0.6, False),  # an unsure outline says nothing
    ],
)  # fmt: skip
def test_a_sure_tilted_document_outline_counts_against_a_screenshot(
    light: np.ndarray, angle: float, score: float, counts: bool
) -> None:
    image = decode(li.encode(np.ascontiguousarray(light[300:2100]), "JPEG", quality=80))
    gray = Signals(image).gray
    plain = screenshot_traits(image, gray)
    with_quad = screenshot_traits(image, gray, quads=(_quad(angle, score),))
    assert plain.score >= 0.5
    assert (with_quad.score < plain.score - 0.2) is counts
    assert any("tilted" in r for r in with_quad.reasons) is counts
