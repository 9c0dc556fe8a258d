"""A realistic pulled phone tree: what is found where (label, location, copy_of), and how the report says it.

The tree has the visible gallery (DCIM/Camera), Android's in-place trash
(``.trashed-<expiry>-<name>``), a gallery ``.Trash`` folder, the
``DCIM/.thumbnails`` cache (a thumbnail file, a ``.thumbdata`` blob, the
``.nomedia`` marker), Pictures/Screenshots, and the messenger and download
folders (WhatsApp, LINE, Telegram, Download). Images are generated; a
stand-in detector (no OCR) calls a large red card an ID card and a large
blue panel a ticket, and, like the real scanner on thumbnails, misses both
below 600 px, so a thumbnail is flagged only by being a copy.
"""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pii_scan import BaseDetector, Evidence, ImageResult, Label, iter_scan, scan
from pii_scan.cli import main
from pii_scan.report import Writer

ID, TICKET, PHOTO = Label.ID_CARD, Label.TICKET_SCREENSHOT, Label.PHOTO


class ColourPanels(BaseDetector):
    """Stand-in detector: a red card is an ID card, a blue panel a ticket (images of 600 px and up)."""

    name = "test.panels"
    label = ID

    def detect(self, ctx):
        img = ctx.image
        if max(img.size) < 600:
            return
        rgb = img.small.reshape(-1, 3).astype(np.int16)
        red = float(((rgb[:, 0] > 170) & (rgb[:, 1] < 70) & (rgb[:, 2] < 70)).mean())
        blue = float(((rgb[:, 2] > 170) & (rgb[:, 0] < 70) & (rgb[:, 1] < 110)).mean())
        if red > 0.08:
            yield self.finding(0.95, "red card", Evidence("colour", "layout", round(red, 3)))
        elif blue > 0.08:
            yield self.finding(0.9, "blue ticket panel", Evidence("colour", "layout", round(blue, 3)), label=TICKET)


OPTS: dict[str, Any] = {"detectors": [ColourPanels()], "ocr": "none", "jobs": 1}


def _scene(seed: int, size: tuple[int, int]) -> Image.Image:
    """A photo-like picture: a smooth gradient with random shapes of its own."""
    rng = np.random.default_rng(seed)
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w]
    base = np.stack([(xx * rng.uniform(0.05, 0.2) + yy * rng.uniform(0.05, 0.2) + rng.uniform(0, 80)) % 200] * 3, -1)
    im = Image.fromarray((base + rng.integers(0, 30, 3)).astype(np.uint8))
    d = ImageDraw.Draw(im)
    for _ in range(12):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        r = int(rng.integers(w // 20, w // 6))
        d.ellipse((x - r, y - r, x + r, y + r), fill=tuple(int(v) for v in rng.integers(60, 200, 3)))
    return im


def _card_photo(seed: int) -> Image.Image:
    im = _scene(seed, (1600, 1200))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((350, 300, 1250, 870), 30, fill=(210, 20, 20))
    for i in range(5):
        d.rectangle((420, 360 + i * 90, 420 + 80 * (i + 3), 400 + i * 90), fill=(250, 250, 250))
    return im


def _ticket_screen(seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    im = Image.new("RGB", (1080, 2340), (245, 245, 245))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, 1080, 90), fill=(255, 255, 255))
    d.rectangle((60, 300, 1020, 1300), fill=(20, 60, 200))
    for i in range(8):
        w = int(rng.integers(200, 800))
        d.rectangle((110, 360 + i * 110, 110 + w, 400 + i * 110), fill=(255, 255, 255))
    return im


def _jpeg(im: Image.Image, *, side: int | None = None, quality: int = 90) -> bytes:
    if side is not None:
        im = im.copy()
        im.thumbnail((side, side), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _png(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def _thumbdata(jpegs: list[bytes]) -> bytes:
    """An Android ``.thumbdata`` blob: 10000-byte records of 0x01, an 8-byte magic, the length, the JPEG."""
    out = b""
    for j in jpegs:
        rec = b"\x01" + b"\x12\x34\x56\x78\x9a\xbc\xde\xf0" + struct.pack(">i", len(j)) + j
        out += rec.ljust(10000, b"\x00")
    return out


CARD_A = "DCIM/Camera/IMG_20241201_100000.jpg"
SCREEN_T = "Pictures/Screenshots/Screenshot_20241201-101010.png"

#: relative path -> (expected label, location, copy_of); None label = unreadable/unsupported
EXPECTED: dict[str, tuple[Label | None, str | None, str | None]] = {
    CARD_A: (ID, None, None),
    "DCIM/Camera/IMG_20241201_100500.jpg": (PHOTO, None, None),
    "DCIM/Camera/.trashed-1735689600-IMG_20241130_090000.jpg": (ID, "trashed", None),
    "DCIM/.thumbnails/1733040000000.jpg": (ID, "thumbnail", CARD_A),  # missed alone, inherits
    "DCIM/.thumbnails/1733040000001.jpg": (PHOTO, "thumbnail", None),
    "DCIM/.thumbnails/.thumbdata3--1967290299": (None, "thumbnail", None),
    SCREEN_T: (TICKET, None, None),
    "Pictures/.Trash/Screenshot_20241120-080000.png": (TICKET, "trashed", None),
    "Pictures/LINE/line_1733040000123.jpg": (TICKET, None, SCREEN_T),  # re-compressed, flagged itself
    "Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Images/IMG-20241201-WA0001.jpg": (ID, None, CARD_A),
    "Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Images/Sent/IMG-20241201-WA0002.jpg": (PHOTO, None, None),
    "Download/IMG_20241201_100000.jpg": (ID, None, CARD_A),  # the same bytes
    "Telegram/Telegram Images/5_6188.jpg": (PHOTO, None, None),
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pulled") / "phone"
    card_a, card_b = _card_photo(1), _card_photo(2)
    scene = _scene(3, (1600, 1200))
    screen_t, screen_t2 = _ticket_screen(4), _ticket_screen(5)
    files: dict[str, bytes] = {
        CARD_A: _jpeg(card_a),
        "DCIM/Camera/IMG_20241201_100500.jpg": _jpeg(scene),
        "DCIM/Camera/.trashed-1735689600-IMG_20241130_090000.jpg": _jpeg(card_b),
        "DCIM/.thumbnails/1733040000000.jpg": _jpeg(card_a, side=320, quality=80),
        "DCIM/.thumbnails/1733040000001.jpg": _jpeg(scene, side=320, quality=80),
        "DCIM/.thumbnails/.thumbdata3--1967290299": _thumbdata([_jpeg(card_a, side=96), _jpeg(scene, side=96)]),
        "DCIM/.thumbnails/.nomedia": b"",
        SCREEN_T: _png(screen_t),
        "Pictures/.Trash/Screenshot_20241120-080000.png": _png(screen_t2),
        "Pictures/LINE/line_1733040000123.jpg": _jpeg(screen_t, side=1170, quality=70),
        "Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Images/IMG-20241201-WA0001.jpg": _jpeg(
            card_a, side=1280, quality=60
        ),
        "Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Images/Sent/IMG-20241201-WA0002.jpg": _jpeg(
            _scene(6, (1280, 960)), quality=60
        ),
        "Android/media/com.whatsapp/WhatsApp/Media/.Statuses/.nomedia": b"",
        "Telegram/Telegram Images/5_6188.jpg": _jpeg(_scene(7, (1280, 960))),
        "Android/data/com.example/files/notes.db": b"SQLite format 3\x00" + b"\x00" * 100,  # not an image: skipped
    }
    files["Download/IMG_20241201_100000.jpg"] = files[CARD_A]
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def _rel(root: Path, results: list[ImageResult]) -> dict[str, ImageResult]:
    return {os.path.relpath(r.path, root).replace(os.sep, "/"): r for r in results}


@pytest.fixture(scope="module")
def scanned(tree: Path) -> dict[str, ImageResult]:
    return _rel(tree, scan(tree, **OPTS))


def test_every_image_and_the_cache_blob_is_reported_once(scanned: dict[str, ImageResult]) -> None:
    assert sorted(scanned) == sorted(EXPECTED)


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_what_is_found_where(scanned: dict[str, ImageResult], tree: Path, rel: str) -> None:
    label, location, copy_of = EXPECTED[rel]
    r = scanned[rel]
    assert r.label is label
    assert r.location == location
    assert r.copy_of == (str(tree / copy_of) if copy_of else None)


def test_the_thumbdata_blob_is_unsupported_not_skipped(scanned: dict[str, ImageResult]) -> None:
    err = scanned["DCIM/.thumbnails/.thumbdata3--1967290299"].error
    assert err is not None and "unsupported" in err


def test_an_inherited_flag_says_copy_of_its_original(scanned: dict[str, ImageResult], tree: Path) -> None:
    r = scanned["DCIM/.thumbnails/1733040000000.jpg"]
    assert r.reasons[0].startswith(f"copy of {tree / CARD_A}")
    assert not r.findings  # nothing was seen in the thumbnail itself


def test_streaming_scan_meets_originals_before_their_copies(tree: Path) -> None:
    streamed = _rel(tree, list(iter_scan(tree, **OPTS)))
    order = list(streamed)
    assert all(r.startswith(("DCIM/Camera/", "Pictures/Screenshots/")) for r in order[:4])
    assert order[-3:] == sorted(r for r in EXPECTED if r.startswith("DCIM/.thumbnails/"))
    for rel, (label, location, copy_of) in EXPECTED.items():  # the stream groups as the full pass does
        assert (streamed[rel].label, streamed[rel].copy_of) == (label, str(tree / copy_of) if copy_of else None)


def test_no_hidden_skips_trash_and_thumbnails(tree: Path) -> None:
    found = _rel(tree, scan(tree, include_hidden=False, **OPTS))
    assert sorted(found) == sorted(r for r in EXPECTED if "/." not in "/" + r)


def test_summary_counts_trash_thumbnails_and_copies(scanned: dict[str, ImageResult]) -> None:
    w = Writer(io.StringIO(), "table")
    for r in scanned.values():
        w.add(r)
    s = w.summary.to_dict()
    assert (s["in_trash"], s["thumbnails"]) == (2, 3)
    assert (s["flagged"], s["flagged_in_trash"], s["flagged_thumbnails"], s["flagged_copies"]) == (8, 2, 1, 4)
    text = w.table(scanned.values())
    assert "2 in trash, 3 thumbnails" in text
    assert "of the 8 flagged: 2 in trash, 1 thumbnails, 4 copies" in text


def test_table_lists_copies_under_their_original_with_where_markers(scanned: dict[str, ImageResult]) -> None:
    flagged = [r for r in scanned.values() if r.flagged]
    lines = Writer(io.StringIO(), "table").table(flagged).splitlines()
    assert lines[0].split()[:4] == ["LABEL", "CONF", "WHERE", "FILE"]
    at = next(i for i, ln in enumerate(lines) if ln.startswith("id_card") and "Camera/IMG_20241201_100000" in ln)
    block = lines[at + 1 : at + 4]
    assert all("└" in ln and "copy of" in ln for ln in block)
    assert any("thumb" in ln.split() for ln in block)
    assert any(ln.split()[2] == "trash" for ln in lines if ".trashed-" in ln)


def test_cli_table_and_no_hidden(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The real CLI (layout detectors, no OCR): locations in the table, and --no-hidden still works."""
    main([str(tree), "--ocr", "none", "--jobs", "1", "--no-progress", "--verbose"])
    out = capsys.readouterr().out
    assert "in trash" in out and "thumbnails" in out
    assert any(".trashed-" in ln and " trash " in ln for ln in out.splitlines())
    main([str(tree), "--ocr", "none", "--jobs", "1", "--no-progress", "--verbose", "--no-hidden"])
    out = capsys.readouterr().out
    assert ".trashed-" not in out and ".thumbnails" not in out and "0 in trash" in out


SAMPLES = Path(__file__).resolve().parent.parent / "sample_images"


@pytest.mark.ocr
def test_real_scanner_on_a_small_pulled_tree(tmp_path: Path) -> None:
    """The installed detectors with Tesseract: a licence, its cached thumbnail, a trashed ticket screenshot."""
    from pii_scan.synth.thumbs import make_thumbnail

    root = tmp_path / "phone"
    (root / "DCIM" / "Camera").mkdir(parents=True)
    (root / "DCIM" / ".thumbnails").mkdir(parents=True)
    (root / "Pictures" / "Screenshots").mkdir(parents=True)
    licence = root / "DCIM" / "Camera" / "IMG_20241201_100000.jpg"
    licence.write_bytes((SAMPLES / "img_0013.jpg").read_bytes())
    make_thumbnail(licence, 320).save(root / "DCIM" / ".thumbnails" / "1733040000000", "JPEG", quality=80)
    trashed = root / "Pictures" / "Screenshots" / ".trashed-1735689600-Screenshot_20241201-101010.png"
    trashed.write_bytes((SAMPLES / "img_0014.png").read_bytes())
    found = _rel(root, scan(root, jobs=1))
    assert found["DCIM/Camera/IMG_20241201_100000.jpg"].label is ID
    thumb = found["DCIM/.thumbnails/1733040000000"]
    assert (thumb.label, thumb.location, thumb.copy_of) == (ID, "thumbnail", str(licence))
    ticket = found["Pictures/Screenshots/.trashed-1735689600-Screenshot_20241201-101010.png"]
    assert (ticket.label, ticket.location, ticket.copy_of) == (TICKET, "trashed", None)
