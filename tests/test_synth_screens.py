"""Synthetic phone screenshots: determinism, geometry, real barcodes, and a label-blind presentation."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from pii_scan.synth.screens import SCREEN_NEGATIVE_KINDS, TICKET_KINDS, render_screen
from pii_scan.synth.screens_chrome import DEVICES
from pii_scan.synth.screens_codes import CODE_FORMATS, bcbp, render_code
from pii_scan.synth.screens_layouts import HELDOUT_LAYOUTS, MAIN_LAYOUTS

ALL_KINDS = TICKET_KINDS + SCREEN_NEGATIVE_KINDS
_ZX_NAMES = {"qr": "QRCode", "pdf417": "PDF417", "aztec": "Aztec", "datamatrix": "DataMatrix", "code128": "Code128"}


def _render(kind: str, seed: int | str, heldout: bool = False) -> tuple[Image.Image, dict]:
    return render_screen(kind, random.Random(seed), heldout=heldout)


def _as_saved(img: Image.Image, meta: dict) -> Image.Image:
    """The image as the builder will store it (JPEG re-save when the metadata asks for one)."""
    if meta["fmt"] != "jpeg":
        return img
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=meta["quality"])
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _decoded_formats(img: Image.Image) -> set[str]:
    return {r.format.name for r in zxingcpp.read_barcodes(np.asarray(img))}


def test_kind_lists_are_disjoint_and_cover_the_brief() -> None:
    assert len(TICKET_KINDS) >= 8
    assert not set(TICKET_KINDS) & set(SCREEN_NEGATIVE_KINDS)
    for kind in ("chat", "settings", "map", "home_screen", "news", "route_search", "shopping_order", "photo_gallery"):
        assert kind in SCREEN_NEGATIVE_KINDS


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError):
        _render("passport_photo", 1)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_same_seed_gives_same_pixels_and_metadata(kind: str) -> None:
    img1, meta1 = _render(kind, f"det-{kind}")
    img2, meta2 = _render(kind, f"det-{kind}")
    assert img1.mode == "RGB"
    assert meta1 == meta2
    assert img1.tobytes() == img2.tobytes()


@pytest.mark.parametrize("kind", ALL_KINDS)
@pytest.mark.parametrize("heldout", [False, True])
def test_image_has_device_size_unless_metadata_says_cropped_or_downscaled(kind: str, heldout: bool) -> None:
    img, meta = _render(kind, f"size-{kind}", heldout)
    assert (meta["device"], meta["device_size"]) in {(d.name, (d.w, d.h)) for d in DEVICES}
    assert tuple(meta["size"]) == img.size
    w, h = meta["device_size"]
    if meta["crop"] is None and meta["downscale"] is None:
        assert img.size == (w, h)
    else:
        x0, y0, x1, y1 = meta["crop"] or (0, 0, w, h)
        k = meta["downscale"] or 1.0
        assert abs(img.width - (x1 - x0) * k) <= 1 and abs(img.height - (y1 - y0) * k) <= 1


@pytest.mark.parametrize("kind", ALL_KINDS[::3])
def test_metadata_contract(kind: str) -> None:
    _, meta = _render(kind, f"meta-{kind}")
    assert meta["mode"] in ("light", "dark")
    assert meta["fmt"] in ("png", "jpeg")
    if meta["fmt"] == "png":
        assert meta["quality"] is None
    else:
        assert 60 <= meta["quality"] <= 85
    assert isinstance(meta["variation"], str) and meta["variation"]
    assert meta["kind"] == kind


def _first_with_visible_code(kind: str, heldout: bool) -> tuple[Image.Image, dict]:
    for seed in range(40):
        img, meta = _render(kind, f"code-{kind}-{seed}", heldout)
        if meta["code_visible"]:
            return img, meta
    raise AssertionError(f"{kind}: no render with a visible code in 40 seeds")


@pytest.mark.parametrize("kind", TICKET_KINDS)
def test_visible_ticket_code_is_decodable_after_the_resave(kind: str) -> None:
    img, meta = _first_with_visible_code(kind, heldout=kind in TICKET_KINDS[::2])
    found = _decoded_formats(_as_saved(img, meta))
    wanted = {_ZX_NAMES[c["fmt"]] for c in meta["codes"]}
    assert found & wanted, (meta["codes"], found)


@pytest.mark.parametrize("kind", ["shinkansen_ex", "event_eticket", "cinema_ticket"])
def test_code_scrolled_half_away_is_reported_invisible_and_does_not_decode(kind: str) -> None:
    # near miss: the ticket is on screen but the scroll position cuts its QR code
    for seed in range(60):
        img, meta = _render(kind, seed, heldout=seed % 2 == 0)
        if meta["scroll"] == "code_cut" and meta["code_formats"] == ["qr"]:
            break
    else:
        raise AssertionError(f"{kind}: no code_cut render in 60 seeds")
    assert not meta["code_visible"]
    assert "QRCode" not in _decoded_formats(img)


@pytest.mark.parametrize("kind", ["chat", "settings", "news", "map"])
def test_non_ticket_screens_carry_no_code(kind: str) -> None:
    img, meta = _render(kind, f"neg-{kind}")
    assert meta["code_formats"] == [] and not meta["code_visible"]
    assert not _decoded_formats(img)


@pytest.mark.parametrize("seed", [3, 17])
def test_presentation_does_not_depend_on_the_label(seed: int) -> None:
    # device, mode and font pool are drawn before the kind's content: a ticket and
    # a chat rendered from one seed share them, so they cannot give the label away
    shared = ("device", "mode", "platform", "scale")
    _, ticket = _render("shinkansen_ex", seed)
    _, chat = _render("chat", seed)
    assert {k: ticket[k] for k in shared} == {k: chat[k] for k in shared}


@pytest.mark.parametrize("kind", ["shinkansen_ex", "boarding_pass", "event_eticket"])
def test_heldout_uses_other_layouts_and_fonts(kind: str) -> None:
    main = [_render(kind, f"split-{i}", False)[1] for i in range(2)]
    held = [_render(kind, f"split-{i}", True)[1] for i in range(2)]
    assert {m["variation"] for m in main} <= set(MAIN_LAYOUTS)
    assert {m["variation"] for m in held} <= set(HELDOUT_LAYOUTS)
    assert not {m["font"] for m in main} & {m["font"] for m in held}


@pytest.mark.parametrize("fmt", sorted(CODE_FORMATS))
def test_render_code_round_trips_every_format(fmt: str) -> None:
    data = "4711081500" if fmt == "code128" else "EXQ20250314-0021-08"
    img = render_code(fmt, data, 400, 300)
    canvas = Image.new("L", (img.width + 40, img.height + 40), 255)
    canvas.paste(img, (20, 20))
    res = zxingcpp.read_barcodes(np.asarray(canvas))
    assert [r.text for r in res] == [data]


def test_render_code_keeps_minimum_module_size_when_box_is_too_small() -> None:
    img = render_code("qr", "SMALL-BOX", 10, 10, min_module=4)
    assert img.width >= 21 * 4


def test_bcbp_payload_has_the_mandatory_layout() -> None:
    s = bcbp("SMITH", "JOHN", "ABC123", "LHR", "JFK", "NW", 208, 117, "Y", "12A", 45)
    assert s.startswith("M1SMITH/JOHN")
    assert s[22:30] == "EABC123 "
    assert s[30:36] == "LHRJFK" and s[36:39] == "NW "
    assert "012A0045" in s
