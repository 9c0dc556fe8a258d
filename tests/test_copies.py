"""Copies of one image are grouped (content hash, perceptual hash); different images of one template are not."""

from __future__ import annotations

import dataclasses
import io
import random

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pii_scan.copies import NEAR_BITS, CopyGrouper, group_copies, hamming, perceptual_hash
from pii_scan.models import ImageResult, Label

ID, TICKET, PHOTO = Label.ID_CARD, Label.TICKET_SCREENSHOT, Label.PHOTO


def _card(seed: int, size: tuple[int, int] = (1012, 638)) -> Image.Image:
    """A fake ID card of one fixed template: the same boxes and labels, different person and number."""
    rng = random.Random(seed)
    w, h = size
    im = Image.new("RGB", size, (236, 240, 232))
    d = ImageDraw.Draw(im)
    font = ImageFont.load_default(size=34)
    d.rectangle((0, 0, w, 70), fill=(40, 90, 160))
    d.text((24, 16), "IDENTITY CARD", fill=(255, 255, 255), font=font)
    for i, label in enumerate(("NAME", "BORN", "ADDRESS", "NUMBER")):
        y = 110 + i * 110
        d.rectangle((20, y - 10, w - 330, y + 70), outline=(90, 90, 90), width=2)
        d.text((32, y), label, fill=(80, 80, 80), font=font)
        value = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789 ") for _ in range(rng.randint(8, 16)))
        d.text((220, y), value, fill=(10, 10, 10), font=font)
    # the portrait: a face of the person's own shade, hair and position
    x0, y0 = w - 290 + rng.randint(-10, 10), 120 + rng.randint(-10, 10)
    d.rectangle((w - 300, 100, w - 20, 460), fill=tuple(rng.randint(150, 230) for _ in range(3)))
    skin = tuple(rng.randint(140, 230) for _ in range(3))
    d.ellipse((x0 + 50, y0 + 60, x0 + 220, y0 + 270), fill=skin)
    d.rectangle((x0 + 20, y0 + 260, x0 + 250, y0 + 340), fill=tuple(rng.randint(0, 120) for _ in range(3)))
    d.pieslice((x0 + 40, y0 + 30, x0 + 230, y0 + 200), 180, 360, fill=tuple(rng.randint(0, 90) for _ in range(3)))
    return im


def _gray(im: Image.Image) -> np.ndarray:
    return np.asarray(im.convert("L"))


def _resaved(im: Image.Image, *, side: int | None = None, quality: int = 90) -> Image.Image:
    """``im`` shrunk to ``side`` px on its long side (if given) and saved as JPEG at ``quality``."""
    if side is not None:
        im = im.copy()
        im.thumbnail((side, side), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


@pytest.mark.parametrize(
    "copy",
    [
        pytest.param(lambda im: _resaved(im, quality=95), id="re-saved"),
        pytest.param(lambda im: _resaved(im, side=320, quality=80), id="320px thumbnail"),
        pytest.param(lambda im: _resaved(im, side=96, quality=75), id="96px micro thumbnail"),
        pytest.param(lambda im: _resaved(im, side=1600 // 2, quality=55), id="messenger re-compression"),
    ],
)
def test_a_resized_or_recompressed_copy_is_a_near_copy(copy) -> None:
    original = _card(1)
    a, b = perceptual_hash(_gray(original)), perceptual_hash(_gray(copy(original)))
    assert a is not None and b is not None
    assert hamming(a, b) <= NEAR_BITS


@pytest.mark.parametrize("pair", [(1, 2), (3, 4), (5, 6), (7, 8)])
def test_two_cards_of_one_template_are_not_near_copies(pair: tuple[int, int]) -> None:
    a, b = (perceptual_hash(_gray(_card(s))) for s in pair)
    assert a is not None and b is not None
    assert hamming(a, b) > NEAR_BITS


def test_a_thumbnail_of_one_card_is_not_a_copy_of_another_card_of_its_template() -> None:
    thumb = perceptual_hash(_gray(_resaved(_card(1), side=320, quality=70)))
    other = perceptual_hash(_gray(_card(2)))
    assert thumb is not None and other is not None
    assert hamming(thumb, other) > NEAR_BITS


@pytest.mark.parametrize("value", [0, 128, 255])
def test_plain_images_get_no_hash(value: int) -> None:
    assert perceptual_hash(np.full((480, 640), value, np.uint8)) is None


def test_hash_does_not_depend_on_input_size() -> None:
    big = _gray(_card(3))
    small = cv2.resize(big, (big.shape[1] // 4, big.shape[0] // 4), interpolation=cv2.INTER_AREA)
    a, b = perceptual_hash(big), perceptual_hash(small)
    assert a is not None and b is not None and hamming(a, b) <= NEAR_BITS


# --- grouping -----------------------------------------------------------------

H1 = "f" * 256
H1_NEAR = "f" * 240 + "0" * 16  # 64 bits away
H2 = "0f" * 128  # 512 bits away from H1


def _r(path: str, label: Label | None, conf: float, *, sha: str | None = None, ph: str | None = None,
       size: tuple[int, int] = (4000, 3000)) -> ImageResult:  # fmt: skip
    if label is None:
        return ImageResult.unreadable(path, f"{path}: broken")
    reasons = ("own reason",)
    return ImageResult(path, label, conf, reasons=reasons, sha256=sha, phash=ph, width=size[0], height=size[1])


@pytest.mark.parametrize(
    ("later", "label", "copy_of", "reason_start"),
    [
        # a missed exact copy inherits the flag
        (_r("b.jpg", PHOTO, 0.9, sha="s1", ph=H2), ID, "a.jpg", "copy of a.jpg (same file)"),
        # a missed near copy (thumbnail) inherits the flag
        (_r("t.jpg", PHOTO, 0.8, sha="s9", ph=H1_NEAR, size=(320, 240)), ID, "a.jpg", "copy of a.jpg (near copy)"),
        # a copy flagged on its own keeps its label and reason, and is marked as a copy
        (_r("c.jpg", ID, 0.7, sha="s8", ph=H1_NEAR), ID, "a.jpg", "own reason"),
        # near misses: a different picture, a copy with no hashes, an unreadable file
        (_r("d.jpg", PHOTO, 0.9, sha="s7", ph=H2), PHOTO, None, "own reason"),
        (_r("e.jpg", PHOTO, 0.9), PHOTO, None, "own reason"),
        (_r("f.jpg", None, 0.0), None, None, None),
    ],
)
def test_stream_copy_of_a_confident_original(later, label, copy_of, reason_start) -> None:
    g = CopyGrouper()
    original = g.add(_r("a.jpg", ID, 0.95, sha="s1", ph=H1))
    assert original.copy_of is None
    out = g.add(later)
    assert (out.label, out.copy_of) == (label, copy_of)
    if reason_start is not None:
        assert out.reasons[0].startswith(reason_start)
    if copy_of and later.label is PHOTO:
        assert out.confidence == pytest.approx(0.95)


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        (_r("a.jpg", ID, 0.95, sha="s1", ph=H1), ID),
        (_r("a.jpg", TICKET, 0.9, sha="s1", ph=H1), TICKET),
        (_r("a.jpg", ID, 0.55, sha="s1", ph=H1), PHOTO),  # flagged, but not confidently: nothing passes on
        (_r("a.jpg", PHOTO, 0.99, sha="s1", ph=H1), PHOTO),  # a photo is never an original
    ],
)
def test_only_confidently_flagged_originals_pass_their_label_on(original, expected) -> None:
    g = CopyGrouper()
    g.add(original)
    assert g.add(_r("b.jpg", PHOTO, 0.9, sha="s1", ph=H1)).label is expected


def test_a_copy_seen_before_its_original_is_matched_by_the_second_pass_only() -> None:
    thumb = _r("DCIM/.thumbnails/1.jpg", PHOTO, 0.9, sha="t", ph=H1_NEAR, size=(320, 240))
    original = _r("DCIM/Camera/IMG_1.jpg", ID, 0.95, sha="o", ph=H1)
    g = CopyGrouper()
    streamed = [g.add(thumb), g.add(original)]
    assert streamed[0].label is PHOTO  # the stream's limit: the thumbnail came first
    grouped = group_copies([thumb, original])
    assert [r.path for r in grouped] == [thumb.path, original.path]  # input order kept
    assert grouped[0].label is ID and grouped[0].copy_of == original.path
    assert grouped[1].copy_of is None


def test_the_second_pass_takes_the_largest_flagged_member_as_the_original() -> None:
    small = _r("Pictures/LINE/s.jpg", ID, 0.95, sha="x", ph=H1_NEAR, size=(800, 600))  # read more surely
    big = _r("DCIM/Camera/IMG_1.jpg", ID, 0.7, sha="y", ph=H1, size=(4000, 3000))
    grouped = {r.path: r for r in group_copies([small, big])}
    assert grouped[big.path].copy_of is None
    assert grouped[small.path].copy_of == big.path


def test_results_without_copies_come_back_unchanged() -> None:
    rs = [_r("a.jpg", ID, 0.9, sha="1", ph=H1), _r("b.jpg", PHOTO, 0.9, sha="2", ph=H2)]
    assert group_copies(rs) == rs
    assert [dataclasses.replace(r) for r in rs] == rs
