"""The benchmark generator: determinism, manifest, card contents, EXIF orientation semantics."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
from collections import Counter
from pathlib import Path

import numpy as np
import piexif
import pillow_heif
import pytest
from PIL import Image, ImageOps

from pii_scan.checksums import is_valid_luhn, is_valid_my_number
from pii_scan.decode import sniff_format
from pii_scan.mrz import parse_mrz
from pii_scan.signals.card import order_corners, rectified_aspect
from pii_scan.synth import build as build_mod
from pii_scan.synth import dcim as dcim_mod
from pii_scan.synth import present as present_mod
from pii_scan.synth.__main__ import main as synth_main
from pii_scan.synth.build import MANIFEST_COLUMNS, Item, build, plan, plan_presentation, render_item
from pii_scan.synth.cards import CARD_KINDS, mrz_td1, mrz_td3, render_card
from pii_scan.synth.common import FONT_STYLES, fake_person, font_pool
from pii_scan.synth.documents import DOCUMENT_KINDS, render_document
from pii_scan.synth.present import PRESENTATIONS, orient_for_exif, present


@pytest.fixture
def small_camera(monkeypatch: pytest.MonkeyPatch) -> None:
    """Camera frames of 640x480 so that presentation tests stay fast."""
    monkeypatch.setattr(present_mod, "CAMERA_SIZES", ((640, 480),))


# --------------------------------------------------------------------------- determinism


@pytest.mark.parametrize(
    ("source", "subtype", "presentation"),
    [("card", "mynumber_back", "scan"), ("document", "receipt", "scan"), ("card", "jp_passport", "table"),
     ("document", "payment_card", "rotated_exif")],
)
def test_same_item_seed_gives_same_bytes(small_camera: None, source: str, subtype: str, presentation: str) -> None:
    item = Item(0, "id_card" if source == "card" else "photo", source, subtype, presentation, "main", 12345)
    first, second = render_item(item), render_item(item)
    assert first.data == second.data
    other = render_item(Item(0, item.label, source, subtype, presentation, "main", 54321))
    assert other.data != first.data


def test_fake_person_is_a_function_of_the_rng() -> None:
    assert fake_person(random.Random(7)) == fake_person(random.Random(7))
    assert fake_person(random.Random(7)) != fake_person(random.Random(8))


# --------------------------------------------------------------------------- plan and manifest


def test_plan_mix_and_determinism() -> None:
    items = plan(600, seed=0)
    assert plan(600, seed=0) == items
    assert [i.seed for i in plan(600, seed=1)] != [i.seed for i in items]
    labels = Counter(i.label for i in items)
    assert labels["id_card"] == 180 and labels["ticket_screenshot"] == 180 and labels["photo"] == 240
    hard = [i for i in items if i.label == "photo" and i.subtype != "scene"]
    assert 100 <= len(hard) <= 140
    assert {i.subtype for i in items if i.label == "id_card"} == set(CARD_KINDS)
    assert {i.presentation for i in items if i.label == "id_card"} == set(PRESENTATIONS)
    assert len({i.seed for i in items}) == 600


def test_a_presentation_pool_is_cards_and_documents_all_shown_one_way() -> None:
    items = plan_presentation(200, seed=21, presentation="small")
    assert plan_presentation(200, seed=21, presentation="small") == items
    assert {i.presentation for i in items} == {"small"}
    cards = Counter(i.subtype for i in items if i.label == "id_card")
    assert sum(cards.values()) == 150 and set(cards) == set(CARD_KINDS) and max(cards.values()) - min(cards.values()) <= 1
    assert {i.source for i in items if i.label == "photo"} == {"document"} and len(items) == 200
    main_seeds = {i.seed for i in plan(600, seed=21)}
    assert main_seeds.isdisjoint({i.seed for i in items})  # a pool is no copy of the mixed set's files
    with pytest.raises(ValueError):
        plan_presentation(10, seed=0, presentation="thumbnail")


def test_a_busy_pool_is_a_pool_variant_only() -> None:
    busy = plan_presentation(40, seed=31, presentation="small", variant="busy")
    assert {i.variant for i in busy} == {"busy"}
    main = plan_presentation(40, seed=31, presentation="small")
    assert {i.seed for i in main}.isdisjoint({i.seed for i in busy})
    with pytest.raises(ValueError):
        plan(10, seed=0, variant="busy")  # the mixed set has main and held-out variants only
    with pytest.raises(SystemExit):
        synth_main(["/nonexistent/out", "--variant", "busy"])  # only with --presentation


def test_the_steep_pool_shoots_items_through_a_tilted_pinhole_camera() -> None:
    steep = plan_presentation(20, seed=6060, presentation="table", variant="steep")
    assert {i.variant for i in steep} == {"steep"}
    with pytest.raises(SystemExit):
        synth_main(["/nonexistent/out", "--variant", "steep"])  # only with --presentation
    frame = (1600, 1200)
    for seed in range(12):
        quad = present_mod.place_steep(random.Random(seed), frame, (856, 540), 0.7, 25)
        assert (quad.min(axis=0) >= 0).all() and (quad.max(axis=0) <= frame).all()
        # a rectangle's image under the camera's focal length (a lens's foreshortening, not a jittered
        # keystone): flattened at that focal length, it has the item's own shape again
        aspect = rectified_aspect(order_corners(quad), (800, 600), 1600, focal=present_mod.STEEP_FOCAL)
        assert aspect == pytest.approx(856 / 540, rel=0.01)


def test_busy_surfaces_are_patterns_neither_variant_lays_cards_on() -> None:
    def kinds(**variant: bool) -> set[str]:
        return {present_mod.background(random.Random(i), (160, 120), **variant)[1] for i in range(60)}

    busy = kinds(busy=True)
    assert busy == {"terrazzo", "carpet", "gingham", "newsprint", "photo"}
    assert busy.isdisjoint(kinds() - {"photo"}) and busy.isdisjoint(kinds(heldout=True) - {"photo"})
    assert set(present_mod._surface_photos(False, busy=True)).isdisjoint(
        present_mod._surface_photos(False) + present_mod._surface_photos(True))
    a, _ = present_mod.background(random.Random(7), (160, 120), busy=True)
    b, _ = present_mod.background(random.Random(7), (160, 120), busy=True)
    assert a.shape == (120, 160, 3) and a.dtype == np.uint8 and np.array_equal(a, b)


def test_heldout_plan_uses_other_seeds() -> None:
    main = {i.seed for i in plan(50, seed=0, variant="main")}
    held = plan(50, seed=0, variant="heldout")
    assert all(i.variant == "heldout" for i in held)
    assert main.isdisjoint({i.seed for i in held})
    with pytest.raises(ValueError):
        plan(10, seed=0, variant="other")


def test_build_writes_wellformed_manifest(tmp_path: Path, small_camera: None,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    items = [Item(0, "id_card", "card", "student_id", "small", "main", 1),
             Item(1, "photo", "document", "business_card", "scan", "main", 2),
             Item(2, "id_card", "card", "eu_id_back", "rotated_exif", "main", 3)]
    monkeypatch.setattr(build_mod, "plan", lambda count, seed, variant: items)
    build(tmp_path, count=3, seed=0, jobs=1, progress=False)
    with (tmp_path / "manifest.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == MANIFEST_COLUMNS
        rows = list(reader)
    assert [r["file"] for r in rows] == sorted(r["file"] for r in rows)
    assert [r["label"] for r in rows] == ["id_card", "photo", "id_card"]
    for row in rows:
        data = (tmp_path / row["file"]).read_bytes()
        fmt = sniff_format(data[:32])
        assert fmt is not None
        assert row["file"].rsplit(".", 1)[1] == {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}[fmt]
        assert not row["file"].startswith(("id", "ticket", "photo"))  # names never tell the label


# --------------------------------------------------------------------------- card contents


@pytest.mark.parametrize("kind", CARD_KINDS)
@pytest.mark.parametrize("heldout", [False, True])
def test_every_card_kind_renders_with_fields(kind: str, heldout: bool) -> None:
    img, meta = render_card(kind, random.Random(3), heldout=heldout)
    assert img.mode == "RGBA"
    assert img.size == ((1250, 880) if kind == "jp_passport" else (1012, 638))
    assert img.getpixel((0, 0))[3] == 0 or kind == "jp_passport"  # rounded corner is transparent
    assert meta["fields"].get("number") or meta["fields"].get("name")
    # the card is not blank: it carries text and pattern
    assert np.asarray(img.convert("L")).std() > 10


@pytest.mark.parametrize("seed", range(5))
def test_my_number_back_carries_a_valid_grouped_number(seed: int) -> None:
    _, meta = render_card("mynumber_back", random.Random(seed))
    number = meta["fields"]["number"]
    assert is_valid_my_number(number)
    assert meta["fields"]["grouped"] == f"{number[:4]} {number[4:8]} {number[8:]}"


@pytest.mark.parametrize("seed", range(4))
def test_passport_mrz_passes_its_check_digits(seed: int) -> None:
    _, meta = render_card("jp_passport", random.Random(seed))
    line1, line2 = meta["fields"]["mrz"]
    assert len(line1) == len(line2) == 44 and line1.startswith("P<JPN")
    result = parse_mrz([line1, line2])
    assert result is not None and result.format == "TD3" and result.valid
    assert result.fields["document_number"] == meta["fields"]["number"]


@pytest.mark.parametrize("seed", range(4))
def test_national_id_back_carries_a_valid_td1_mrz(seed: int) -> None:
    _, meta = render_card("eu_id_back", random.Random(seed))
    lines = meta["fields"]["mrz"]
    assert [len(x) for x in lines] == [30, 30, 30]
    result = parse_mrz(list(lines))
    assert result is not None and result.format == "TD1" and result.valid


@pytest.mark.parametrize(("position", "replacement"), [(19, "X"), (43, "0"), (27, "9")])
def test_corrupted_mrz_fails_its_checks(position: int, replacement: str) -> None:
    import datetime as dt

    line1, line2 = mrz_td3(country="JPN", surname="SATO", given="HANAKO", number="TK1234567", nationality="JPN",
                           birth=dt.date(1990, 1, 2), sex="F", expiry=dt.date(2030, 1, 2))
    assert parse_mrz([line1, line2]).valid  # type: ignore[union-attr]
    original = line2[position]
    bad = line2[:position] + (replacement if replacement != original else "1") + line2[position + 1 :]
    result = parse_mrz([line1, bad])
    assert result is None or not result.valid


def test_td1_builder_pads_names_and_numbers() -> None:
    import datetime as dt

    l1, l2, l3 = mrz_td1(country="D<<", number="L01X00T47", birth=dt.date(1964, 8, 12), sex="F",
                         expiry=dt.date(2031, 10, 31), nationality="D<<", surname="DE VRIES", given="ANNA MARIA")
    assert l1.startswith("IDD<<L01X00T47") and l3.startswith("DE<VRIES<<ANNA<MARIA<")
    assert parse_mrz([l1, l2, l3]).valid  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_every_document_kind_renders(kind: str) -> None:
    img, meta = render_document(kind, random.Random(5))
    assert img.mode == "RGBA" and min(img.size) >= 400
    assert meta["size_mm"][0] > 0


@pytest.mark.parametrize("seed", range(4))
def test_payment_card_number_is_luhn_valid(seed: int) -> None:
    _, meta = render_document("payment_card", random.Random(seed))
    assert is_valid_luhn(meta["fields"]["number"])


def test_business_card_has_the_meishi_aspect() -> None:
    img, meta = render_document("business_card", random.Random(1))
    assert meta["size_mm"] == (91.0, 55.0)
    assert img.width / img.height == pytest.approx(91 / 55, rel=0.01)


# --------------------------------------------------------------------------- fonts


@pytest.mark.parametrize("style", FONT_STYLES)
def test_heldout_fonts_never_overlap_the_main_fonts(style: str) -> None:
    main = {font_pool(False, random.Random(s)).source(style, bold=b) for s in range(12) for b in (False, True)}
    held = {font_pool(True, random.Random(s)).source(style, bold=b) for s in range(12) for b in (False, True)}
    if held <= main:
        pytest.skip(f"no held-out {style} font installed")
    assert main.isdisjoint(held)


# --------------------------------------------------------------------------- EXIF orientation


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_orient_for_exif_round_trips_through_a_viewer(orientation: int) -> None:
    upright = Image.fromarray(np.arange(6 * 4 * 3, dtype=np.uint8).reshape(4, 6, 3))
    stored = orient_for_exif(upright, orientation)
    exif = piexif.dump({"0th": {piexif.ImageIFD.Orientation: orientation}})
    buf = io.BytesIO()
    stored.save(buf, "PNG", exif=exif)
    shown = ImageOps.exif_transpose(Image.open(io.BytesIO(buf.getvalue())))
    assert np.array_equal(np.asarray(shown.convert("RGB")), np.asarray(upright))


def _two_tone_card() -> Image.Image:
    card = Image.new("RGBA", (400, 250), (0, 0, 255, 255))
    card.paste((0, 255, 0, 255), (0, 0, 400, 125))  # green top half, blue bottom half
    return card


def _centroid_y(arr: np.ndarray, channel: int) -> float:
    a = arr.astype(int)
    others = [c for c in range(3) if c != channel]
    mask = (a[..., channel] > a[..., others[0]] + 80) & (a[..., channel] > a[..., others[1]] + 80)
    assert mask.sum() > 50
    return float(np.nonzero(mask)[0].mean())


@pytest.mark.parametrize("seed", range(3))
def test_rotated_exif_presentation_is_upright_after_applying_exif(small_camera: None, seed: int) -> None:
    pr = present(_two_tone_card(), random.Random(seed), "rotated_exif")
    orientation = piexif.load(pr.exif)["0th"][piexif.ImageIFD.Orientation]
    assert orientation in (3, 6, 8)
    buf = io.BytesIO()
    pr.image.save(buf, "JPEG", exif=pr.exif, quality=95)
    shown = np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(buf.getvalue()))).convert("RGB"))
    assert _centroid_y(shown, 1) < _centroid_y(shown, 2)  # green (top) above blue (bottom)
    stored = np.asarray(pr.image)
    # near-miss: the stored pixels alone are NOT upright
    if orientation == 3:
        assert _centroid_y(stored, 1) > _centroid_y(stored, 2)
    else:
        assert stored.shape[:2] == shown.shape[1::-1]


@pytest.mark.parametrize("presentation", ["table", "small", "low_light"])
def test_camera_presentations_are_upright_with_camera_exif(small_camera: None, presentation: str) -> None:
    pr = present(_two_tone_card(), random.Random(1), presentation)
    exif = piexif.load(pr.exif)
    assert exif["0th"][piexif.ImageIFD.Orientation] == 1
    assert exif["0th"][piexif.ImageIFD.Make] and exif["Exif"][piexif.ExifIFD.ExposureTime]
    assert pr.image.size == (640, 480) or pr.image.size == (480, 640)
    if presentation == "table":  # small items may lie at any angle; low light is too dark to threshold
        arr = np.asarray(pr.image)
        assert _centroid_y(arr, 1) < _centroid_y(arr, 2)


def test_scan_presentation_has_no_camera_exif() -> None:
    card, _ = render_card("health_insurance", random.Random(2))
    pr = present(card, random.Random(2), "scan", width_mm=85.6)
    assert pr.exif is None and not pr.camera


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_upright_from_stored_undoes_orient_for_exif(orientation: int) -> None:
    upright = Image.fromarray(np.arange(5 * 3 * 3, dtype=np.uint8).reshape(3, 5, 3))
    back = present_mod.upright_from_stored(orient_for_exif(upright, orientation), orientation)
    assert np.array_equal(np.asarray(back), np.asarray(upright))


# seeds chosen to cover: webp / jpeg / heic with the tag, png and webp with the rotation baked in, png with the tag
@pytest.mark.parametrize("seed", [0, 1, 2, 18, 29, 63])
def test_saved_rotated_items_display_upright_whatever_the_format(small_camera: None, seed: int,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_mod, "render_card", lambda kind, rng, heldout: (_two_tone_card(), {"size_mm": (85.6, 54.0)}))
    rendered = render_item(Item(0, "id_card", "card", "jp_passport", "rotated_exif", "main", seed))
    pillow_heif.register_heif_opener()
    im = Image.open(io.BytesIO(rendered.data))
    shown = np.asarray(ImageOps.exif_transpose(im).convert("RGB"))
    assert _centroid_y(shown, 1) < _centroid_y(shown, 2)
    if rendered.presentation == "rotated_exif" and im.format != "HEIF":  # HEIF keeps it as an irot box
        assert im.getexif().get(0x0112) in (3, 6, 8)
    else:
        assert im.getexif().get(0x0112, 1) == 1


# --------------------------------------------------------------------------- DCIM-like camera roll

_TINY_FRAME = (320, 240)


def test_dcim_plan_is_a_deterministic_camera_roll() -> None:
    items = dcim_mod.plan_dcim(400, seed=0)
    assert dcim_mod.plan_dcim(400, seed=0) == items
    assert [i.seed for i in dcim_mod.plan_dcim(400, seed=1)] != [i.seed for i in items]
    formats = Counter(i.fmt for i in items)
    assert formats["jpeg"] >= 300
    labels = Counter(i.label for i in items)
    assert labels["id_card"] == labels["ticket_screenshot"] == 20
    shots = [i for i in items if i.source != "screen"]
    assert 0.08 <= formats["heic"] / len(shots) <= 0.12
    assert {i.fmt for i in items if i.label == "id_card"} == {"jpeg", "heic"}
    assert all(i.fmt == "png" and i.file.startswith("DCIM/Screenshots/Screenshot_20") for i in items if i.source == "screen")
    numbers = [re.fullmatch(r"DCIM/1\d\dAPPLE/IMG_(\d{4})\.(JPG|HEIC)", i.file) for i in shots]
    assert [int(m.group(1)) for m in numbers if m] == list(range(1, len(shots) + 1))  # in shooting order
    assert {i.file.split("/")[1] for i in shots} == {"100APPLE", "101APPLE"}
    assert len({i.file for i in items}) == 400
    assert [i.when for i in items] == sorted(i.when for i in items)
    assert len({i.camera for i in items}) == 1


def test_dcim_build_writes_camera_exif_thumbnails_and_manifest(tmp_path: Path) -> None:
    rows = dcim_mod.build_dcim(tmp_path, count=6, seed=0, jobs=1, progress=False, frame=_TINY_FRAME)
    with (tmp_path / "manifest.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == MANIFEST_COLUMNS
        listed = list(reader)
    assert listed == rows and len(rows) == 6
    assert {r["variant"] for r in rows} == {"dcim"}
    exts = Counter(r["file"].rsplit(".", 1)[1] for r in rows)
    assert exts == {"JPG": 5, "HEIC": 1}
    pillow_heif.register_heif_opener()
    for row in rows:
        data = (tmp_path / row["file"]).read_bytes()
        im = Image.open(io.BytesIO(data))
        if im.format == "HEIF":
            heif = pillow_heif.open_heif(io.BytesIO(data))
            assert heif.info["thumbnails"], "the HEIC carries a thumbnail item"
            continue
        assert im.format == "JPEG" and im.size == _TINY_FRAME  # sensor order; portrait shots use the tag
        assert im.layer[0][1:3] == (2, 2)  # 4:2:0 chroma
        exif = piexif.load(data)
        assert exif["0th"][piexif.ImageIFD.Make] == b"Apple"
        for tag in (piexif.ExifIFD.ExposureTime, piexif.ExifIFD.FNumber, piexif.ExifIFD.ISOSpeedRatings,
                    piexif.ExifIFD.DateTimeOriginal):
            assert tag in exif["Exif"]
        orientation = exif["0th"][piexif.ImageIFD.Orientation]
        assert (orientation != 1) == row["presentation"].endswith("_rotated_exif")
        thumb = Image.open(io.BytesIO(exif["thumbnail"]))
        assert thumb.format == "JPEG" and thumb.size == (160, 120)


@pytest.mark.parametrize(("label", "source", "subtype", "presentation"), [
    ("ticket_screenshot", "screen", "shinkansen_ex", "screenshot"),
    ("photo", "screen", "chat", "screenshot"),
])
def test_dcim_screenshots_are_pngs_at_device_resolution(label: str, source: str, subtype: str,
                                                         presentation: str) -> None:
    from pii_scan.synth.screens_chrome import DEVICES

    item = dcim_mod.DcimItem(0, "DCIM/Screenshots/Screenshot_20260101-120000.png", label, source, subtype,
                             presentation, "png", dt.datetime(2026, 1, 1, 12), ("Apple", "iPhone 13"), 11)
    rendered = dcim_mod.render_dcim_item(item)
    im = Image.open(io.BytesIO(rendered.data))
    assert im.format == "PNG" and not im.info.get("exif")
    assert im.size in {(d.w, d.h) for d in DEVICES}


@pytest.mark.parametrize(("source", "subtype", "presentation"), [
    ("card", "jp_driver_licence", "table"), ("document", "receipt", "low_light"), ("photo", "selfie", "camera"),
])
def test_dcim_camera_pictures_display_upright_from_sensor_order(source: str, subtype: str,
                                                                presentation: str) -> None:
    label = "id_card" if source == "card" else "photo"
    for seed in range(4):
        item = dcim_mod.DcimItem(0, "DCIM/100APPLE/IMG_0001.JPG", label, source, subtype, presentation, "jpeg",
                                 dt.datetime(2026, 1, 1, 12), ("Apple", "iPhone 13"), seed)
        im = Image.open(io.BytesIO(dcim_mod.render_dcim_item(item, frame=_TINY_FRAME).data))
        assert im.size == _TINY_FRAME
        orientation = im.getexif().get(0x0112)
        shown = ImageOps.exif_transpose(im).size
        assert shown == (_TINY_FRAME[::-1] if orientation in (6, 8) else _TINY_FRAME)
