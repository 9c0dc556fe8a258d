"""Cheap-stage plumbing: frame text lines, and HEIC triage from the embedded thumbnail."""

from __future__ import annotations

import io
from types import SimpleNamespace

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

import layout_images as li
from pii_scan.engine import Engine, ScanOptions, worth_a_closer_look
from pii_scan.signals.text import find_text_lines, line_blobs


def _words(texts: list[str], size: tuple[int, int] = (640, 480)) -> np.ndarray:
    im = Image.new("L", size, 245)
    d = ImageDraw.Draw(im)
    for i, text in enumerate(texts):
        d.text((40, 40 + i * 60), text, fill=20, font=li.font(24))
    return np.asarray(im)


def _eyes_and_mouth() -> np.ndarray:
    """Dark, short, fat blobs side by side, as a face leaves them."""
    gray = np.full((480, 640), 200, np.uint8)
    for cx in (250, 390):
        cv2.ellipse(gray, (cx, 200), (40, 14), 0, 0, 360, 40, -1)
        cv2.circle(gray, (cx, 200), 9, 10, -1)
    for x in range(280, 360, 12):  # teeth-like gaps
        cv2.rectangle(gray, (x, 300), (x + 3, 326), 30, -1)
    return gray


@pytest.mark.parametrize(
    "texts, frame_lines",
    [
        (["Reservation E1234-5678"], 1),
        (["NAME YAMADA TARO", "No. 1234 5678 9012"], 2),
        (["TOKYO"], 1),
        (["ABC"], 0),  # three letters: a blob as short and fat as an eye, not a line of a document
        (["SEAT", "9:41"], 0),
    ],
)
def test_frame_text_lines_are_a_few_characters_long(texts: list[str], frame_lines: int) -> None:
    gray = _words(texts)
    assert len(find_text_lines(gray, scale=1.0)) == frame_lines
    assert len(line_blobs(gray)) == len(texts)  # the general finder (card insides) still sees every word


def test_face_parts_are_no_frame_text() -> None:
    gray = _eyes_and_mouth()
    assert line_blobs(gray)  # the mouth passes as a blob with strokes ...
    assert find_text_lines(gray, scale=1.0) == []  # ... but is too short to be a line of text


def _signals(**over: object) -> SimpleNamespace:
    base: dict[str, object] = dict(
        card_quads=(), mrz_bands=(), barcodes=(), text_lines=(), screenshot=SimpleNamespace(score=0.0)
    )
    base.update(over)
    return SimpleNamespace(**base)


@pytest.mark.parametrize(
    "over, closer",
    [
        ({}, False),
        ({"screenshot": SimpleNamespace(score=0.2)}, False),
        ({"card_quads": ("quad",)}, True),
        ({"mrz_bands": ("band",)}, True),
        ({"barcodes": ("qr",)}, True),
        ({"text_lines": ("line",)}, False),  # one blob is as often a sign or a railing
        ({"text_lines": ("line", "line")}, True),
        ({"screenshot": SimpleNamespace(score=0.6)}, True),
    ],
)
def test_a_thumbnail_is_trusted_only_when_it_shows_nothing(over: dict[str, object], closer: bool) -> None:
    assert worth_a_closer_look(_signals(**over)) is closer  # type: ignore[arg-type]


def _heic_with_thumbnail(rgb: np.ndarray) -> bytes:
    pillow_heif = pytest.importorskip("pillow_heif")
    buf = io.BytesIO()
    pillow_heif.from_pillow(Image.fromarray(rgb)).save(buf, quality=70, thumbnails=[320], enc_params={"preset": "ultrafast"})
    return buf.getvalue()


def _document_photo() -> np.ndarray:
    page = np.full((1200, 1600, 3), 235, np.uint8)
    img = Image.fromarray(page)
    d = ImageDraw.Draw(img)
    for i in range(8):
        d.text((120, 120 + i * 120), "Reservation E1234 Tokyo 09:30 Car 7", fill=(20, 20, 20), font=li.font(64))
    return np.asarray(img)


def _plain_photo() -> np.ndarray:
    y, x = np.mgrid[0:1200, 0:1600]
    sky = np.stack([120 + x / 40, 160 + y / 40, 220 - y / 60], axis=-1)
    return np.clip(sky, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("image, decoded_in_full", [(_plain_photo, False), (_document_photo, True)])
def test_heic_is_decoded_in_full_only_when_its_thumbnail_shows_something(image, decoded_in_full: bool) -> None:
    engine = Engine(ScanOptions(ocr="none"))
    res = engine.scan_one(_heic_with_thumbnail(image()), name="x.heic")
    assert res.error is None and res.format == "HEIF" and (res.width, res.height) == (1600, 1200)
    assert "triage" in res.timings
    assert ("decode:full" in res.timings) is decoded_in_full


@pytest.mark.parametrize("source, offers_sharper", [("heic_thumbnail", False), ("jpeg_12mp_like", True), ("small_png", False)])
def test_card_search_asks_for_full_pixels_only_outside_thumbnail_triage(
    monkeypatch: pytest.MonkeyPatch, source: str, offers_sharper: bool
) -> None:
    import pii_scan.signals.card as card
    from pii_scan.decode import decode
    from pii_scan.signals import Signals

    data = {
        "heic_thumbnail": lambda: _heic_with_thumbnail(_plain_photo()),
        "jpeg_12mp_like": lambda: li.encode(_plain_photo(), "JPEG"),
        "small_png": lambda: li.encode(_plain_photo()[:400, :600], "PNG"),
    }[source]()
    seen: list[object] = []
    monkeypatch.setattr(card, "search_cards", lambda *a, sharper=None, **k: seen.append(sharper) or card.CardSearch([], None))
    Signals(decode(data)).card_quads
    assert (seen[0] is not None) is offers_sharper


def _merge_rows_reference(blobs: list[tuple[int, ...]], max_gap: float) -> list[tuple[int, ...]]:
    """The plain quadratic row merge (every row stays open to the end)."""
    merged: list[list[int]] = []
    for x, y, w, h, area in sorted(blobs):
        for m in merged:
            mx, my, mw, mh, _ = m
            v_overlap = min(my + mh, y + h) - max(my, y)
            if v_overlap >= 0.5 * min(mh, h) and x - (mx + mw) <= max_gap * max(mh, h):
                x1, y0, y1 = max(mx + mw, x + w), min(my, y), max(my + mh, y + h)
                m[:] = [mx, y0, x1 - mx, y1 - y0, m[4] + area]
                break
        else:
            merged.append([x, y, w, h, area])
    return [tuple(m) for m in merged]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("max_gap", [0.0, 3.0])
def test_mrz_row_merge_closing_finished_rows_changes_nothing(seed: int, max_gap: float) -> None:
    from pii_scan.signals.mrz_band import _merge_rows

    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    tall = rng.random(n) < 0.05  # a few tall blobs keep rows open far to their left
    h = np.where(tall, rng.integers(20, 80, n), rng.integers(2, 12, n))
    w = h * rng.integers(2, 8, n)
    blobs = [
        (int(x), int(y), int(bw), int(bh), int(bw * bh * 0.6))
        for x, y, bw, bh in zip(rng.integers(0, 600, n), rng.integers(0, 460, n), w, h)
    ]
    assert _merge_rows(blobs, max_gap) == _merge_rows_reference(blobs, max_gap)


def test_pool_workers_run_libraries_single_threaded() -> None:
    from pii_scan.workers import WorkerPool

    cv2.GaussianBlur(np.zeros((2000, 2000), np.uint8), (15, 15), 0)  # this process's OpenCV pool is running
    pool = WorkerPool(1)  # ... and a forked worker must still start (cv2.setNumThreads would hang it)
    try:
        future, _ = pool.submit(_worker_threads)
        omp, heif_threads, blurred = future.result(timeout=60)
    finally:
        pool.close()
    assert omp == "1" and heif_threads == 1 and blurred


def _worker_threads() -> tuple[str | None, int, bool]:
    import os

    import pillow_heif

    blurred = cv2.GaussianBlur(np.zeros((2000, 2000), np.uint8), (15, 15), 0).shape == (2000, 2000)
    return os.environ.get("OMP_THREAD_LIMIT"), pillow_heif.options.DECODE_THREADS, blurred
