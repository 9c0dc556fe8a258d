"""Where a file sits on a pulled phone: trash, thumbnail cache, or neither; and what discover reports there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from pii_scan.discover import discover
from pii_scan.location import (
    THUMB_MAX_SIDE,
    is_thumbdata,
    location_of,
    scan_order,
    trashed_name,
    with_location,
)
from pii_scan.models import ImageResult, Label


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # Android 11+ MediaStore trash: renamed in place, any folder, prefix case-insensitive
        ("DCIM/Camera/.trashed-1735689600-IMG_20241201_101010.jpg", "trashed"),
        ("Pictures/Screenshots/.TRASHED-1735689600-Screenshot_2024.png", "trashed"),
        (".trashed-1-a-b.c.jpg", "trashed"),
        # gallery / file manager trash folders
        ("Pictures/.Trash/IMG_1.jpg", "trashed"),
        ("DCIM/.trash/x/IMG_1.jpg", "trashed"),
        (".Trashes/501/IMG_1.JPG", "trashed"),
        (".Trash-1000/files/IMG_1.jpg", "trashed"),
        ("MIUI/Gallery/cloud/.trashBin/IMG_1.jpg", "trashed"),
        ("Android/data/com.example.gallery/files/.RecycleBin/IMG_1.jpg", "trashed"),
        ("Recently Deleted/IMG_0001.HEIC", "trashed"),
        # thumbnail caches
        ("DCIM/.thumbnails/1700000000000.jpg", "thumbnail"),
        ("DCIM/.thumbnails/.thumbdata3--1967290299", "thumbnail"),
        ("PhotoData/Thumbnails/V2/DCIM/100APPLE/IMG_0001.JPG/5005.JPG", "thumbnail"),
        ("Android/data/com.whatsapp/cache/abc", "thumbnail"),
        # a thumbnail in the trash is trashed (the more useful fact)
        ("Pictures/.Trash/.thumbnails/1.jpg", "trashed"),
        # near misses: ordinary folders and names that only look alike
        ("DCIM/Camera/IMG_20241201_101010.jpg", None),
        ("Pictures/Screenshots/Screenshot_20241201.png", None),
        ("DCIM/Camera/trashed-1735689600-IMG_1.jpg", None),  # no leading dot
        ("DCIM/Camera/.trashed-IMG_1.jpg", None),  # no expiry
        ("DCIM/Camera/.pending-1735689600-IMG_1.jpg", None),  # being written, not deleted
        ("Pictures/Trash talk/IMG_1.jpg", None),
        ("Pictures/thumbnail_sketches_2024/IMG_1.jpg", None),
        ("Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Images/IMG-20241201-WA0001.jpg", None),
        ("Download/ticket.png", None),
    ],
)
def test_location_from_path(path: str, expected: str | None) -> None:
    assert location_of(path) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((96, 96), "thumbnail"),
        ((320, 240), "thumbnail"),
        ((THUMB_MAX_SIDE, 384), "thumbnail"),
        ((THUMB_MAX_SIDE + 1, 384), None),
        ((1170, 2532), None),
        ((None, None), None),
    ],
)
def test_small_images_are_thumbnails_wherever_they_sit(
    size: tuple[int | None, int | None], expected: str | None
) -> None:
    assert location_of("DCIM/Camera/x.jpg", *size) == expected


@pytest.mark.parametrize(
    ("name", "original"),
    [
        (".trashed-1735689600-IMG_20241201_101010.jpg", "IMG_20241201_101010.jpg"),
        (".trashed-17-my-photo-2.final.jpg", "my-photo-2.final.jpg"),
        ("IMG_1.jpg", None),
        (".pending-17-IMG_1.jpg", None),
    ],
)
def test_trashed_name_gives_the_original_name(name: str, original: str | None) -> None:
    assert trashed_name(name) == original


@pytest.mark.parametrize(
    ("name", "expected"),
    [(".thumbdata3--1967290299", True), (".thumbdata4--1763508120", True), ("thumbdata5", True), ("thumb.jpg", False)],
)
def test_thumbdata_blob_names(name: str, expected: bool) -> None:
    assert is_thumbdata(name) is expected


@pytest.mark.parametrize(
    ("hint", "size", "expected"),
    [
        ("trashed", (4000, 3000), "trashed"),
        ("trashed", (300, 200), "trashed"),  # the path rule wins over the size rule
        (None, (300, 200), "thumbnail"),
        (None, (4000, 3000), None),
    ],
)
def test_with_location_prefers_the_path_hint(hint: str | None, size: tuple[int, int], expected: str | None) -> None:
    r = ImageResult("x.jpg", Label.PHOTO, 0.9, width=size[0], height=size[1])
    assert with_location(r, hint).location == expected


def test_unreadable_result_gets_no_size_location() -> None:
    assert with_location(ImageResult.unreadable("x.jpg", "x.jpg: broken")).location is None


@pytest.mark.parametrize(
    ("path", "rank"),
    [
        ("DCIM/Camera/IMG_1.jpg", 0),
        ("DCIM/100APPLE/IMG_0001.HEIC", 0),
        ("Pictures/Screenshots/Screenshot_1.png", 0),
        ("DCIM/Camera/.trashed-17-IMG_1.jpg", 0),
        ("Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Images/IMG-1.jpg", 1),
        ("Download/IMG_1.jpg", 1),
        ("Pictures/.Trash/IMG_1.jpg", 1),
        ("DCIM/.thumbnails/1.jpg", 2),
    ],
)
def test_scan_order_puts_originals_first_and_caches_last(path: str, rank: int) -> None:
    assert scan_order(path, location_of(path)) == rank


def _jpeg(path: Path, side: int = 64) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (side, side), (120, 30, 30)).save(path, "JPEG")


def _by_name(root: Path) -> dict[str, tuple[str | None, str | None]]:
    return {os.path.relpath(c.path, root): (c.error, c.location) for c in discover(root)}


def test_discover_reports_cache_blobs_and_unknown_cache_files_as_unsupported(tmp_path: Path) -> None:
    thumbs = tmp_path / "DCIM" / ".thumbnails"
    _jpeg(thumbs / "1700000000000.jpg")
    (thumbs / "1700000000001").write_bytes(b"\x00\x01garbage that is no image format" * 4)  # unknown, no extension
    (thumbs / ".thumbdata3--1967290299").write_bytes(b"\x01" + b"\x00" * 12 + b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    (thumbs / ".nomedia").write_bytes(b"")
    (tmp_path / "DCIM" / "Camera").mkdir(parents=True)
    (tmp_path / "DCIM" / "Camera" / "notes.txt").write_text("not an image, not in a cache")
    found = _by_name(tmp_path)
    assert found[os.path.join("DCIM", ".thumbnails", "1700000000000.jpg")] == (None, "thumbnail")
    blob_err, blob_loc = found[os.path.join("DCIM", ".thumbnails", ".thumbdata3--1967290299")]
    assert blob_loc == "thumbnail" and blob_err is not None and "unsupported" in blob_err and "thumbnail" in blob_err
    unknown_err, _ = found[os.path.join("DCIM", ".thumbnails", "1700000000001")]
    assert unknown_err is not None and "unsupported" in unknown_err
    assert os.path.join("DCIM", ".thumbnails", ".nomedia") not in found  # an empty marker, not residue
    assert os.path.join("DCIM", "Camera", "notes.txt") not in found  # non-images elsewhere stay skipped


def test_discover_location_is_judged_below_the_scanned_folder(tmp_path: Path) -> None:
    root = tmp_path / "cache" / ".Trash" / "phone"  # where the shop keeps its pulls says nothing about the phone
    _jpeg(root / "DCIM" / "Camera" / "IMG_1.jpg")
    _jpeg(root / "DCIM" / "Camera" / ".trashed-1735689600-IMG_2.jpg")
    found = _by_name(root)
    assert found[os.path.join("DCIM", "Camera", "IMG_1.jpg")] == (None, None)
    assert found[os.path.join("DCIM", "Camera", ".trashed-1735689600-IMG_2.jpg")] == (None, "trashed")


def test_discover_no_hidden_skips_trash_and_caches(tmp_path: Path) -> None:
    _jpeg(tmp_path / "DCIM" / "Camera" / "IMG_1.jpg")
    _jpeg(tmp_path / "DCIM" / "Camera" / ".trashed-1735689600-IMG_2.jpg")
    _jpeg(tmp_path / "DCIM" / ".thumbnails" / "1.jpg")
    names = [os.path.relpath(c.path, tmp_path) for c in discover(tmp_path, include_hidden=False)]
    assert names == [os.path.join("DCIM", "Camera", "IMG_1.jpg")]


def test_a_single_trashed_file_given_directly_is_trashed(tmp_path: Path) -> None:
    f = tmp_path / ".trashed-1735689600-IMG_2.jpg"
    _jpeg(f)
    assert [c.location for c in discover(f)] == ["trashed"]
