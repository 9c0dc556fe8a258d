"""A card photographed at high ISO is read with its grain taken out (``context._degrained``)."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

import layout_images as li
from pii_scan.context import GRAINY_CARD, ImageContext, Region, card_grain
from pii_scan.signals.tone import pixel_noise
from pii_scan.models import BBox
from pii_scan.ocr.base import OcrResult, OcrWord
from pii_scan.signals import CardQuad
from pii_scan.testing import make_context


def _blob_grain(shape: tuple[int, int], sigma: float, seed: int, blob: int = 2) -> np.ndarray:
    """Gaussian noise drawn at 1/``blob`` of ``shape`` and enlarged: grain in blobs, as noise reduction and JPEG leave it."""
    h, w = shape
    rng = np.random.default_rng(seed)
    small = rng.normal(0, sigma, (h // blob, w // blob)).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _card_crop(grain: float, seed: int = 0) -> np.ndarray:
    """The insurance card at reading size (1000 px wide), gray, its paper at 185, under blob grain of
    ``grain`` (0: a light sensor noise)."""
    gray = cv2.cvtColor(li.insurance_card(), cv2.COLOR_RGB2GRAY)
    card = cv2.resize(gray, (1000, 631), interpolation=cv2.INTER_CUBIC).astype(np.float32) * 0.75
    noise = _blob_grain(card.shape, grain, seed) if grain else np.random.default_rng(seed).normal(0, 2.0, card.shape)
    return np.clip(card + noise, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("sigma", [24.0, 32.0])
def test_grain_in_blobs_is_measured_where_a_3x3_median_sees_none(sigma: float) -> None:
    crop = _card_crop(sigma)
    assert pixel_noise(crop) < GRAINY_CARD  # a 3x3 median keeps blobs two pixels wide
    assert card_grain(crop) >= GRAINY_CARD


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_card_under_ordinary_sensor_noise_is_not_grainy(seed: int) -> None:
    assert card_grain(_card_crop(0.0, seed)) < GRAINY_CARD


class _Recorder:
    """Records the pixels of every view read; reads nothing (every retry then runs)."""

    name = "recorder"

    def __init__(self) -> None:
        self.views: list[np.ndarray] = []

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        self.views.append(image.copy())
        return OcrResult.from_words(())


def _context_on(crop: np.ndarray, engine: _Recorder) -> ImageContext:
    ctx = ImageContext(make_context(cv2.cvtColor(crop, cv2.COLOR_GRAY2RGB)).image, ocr=engine)  # type: ignore[arg-type]
    h, w = crop.shape
    quad = CardQuad(((0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1)), "id1", 1.586, 0.9, 0.95)
    ctx.signals.__dict__["card_quads"] = (quad,)
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.0})()
    ctx.__dict__["document_region"] = Region("card:id1", crop, np.eye(3))
    return ctx


def test_a_weak_read_of_a_grainy_card_is_made_again_with_its_grain_taken_out() -> None:
    engine = _Recorder()
    ctx = _context_on(_card_crop(28.0), engine)
    ctx.document_ocr()
    reads = [k[len("ocr:") :] for k in ctx.timings if k.startswith("ocr:")]
    assert reads[:5] == ["document:upright", "document:flipped", "document:ink", "document:flipped-ink", "document:degrained"]
    assert card_grain(engine.views[0]) >= GRAINY_CARD  # the grainy crop is read first, as it is
    clean = engine.views[4]
    assert card_grain(clean) < GRAINY_CARD / 2
    # and the print is still there: the title row is darker than the paper below the last field
    assert clean[30:90, 40:460].mean() < clean[560:620, 40:460].mean() - 20


def test_a_weak_read_of_a_clean_card_is_not_degrained() -> None:
    ctx = _context_on(_card_crop(0.0), _Recorder())
    ctx.document_ocr()
    assert "ocr:document:degrained" not in ctx.timings


@pytest.mark.parametrize("grain", [40.0, 48.0])
def test_a_card_view_that_thresholds_blacker_than_print_is_not_read_thresholded(grain: float) -> None:
    """Grain that a local threshold turns into more ink than print makes is read as slow garbage."""
    engine = _Recorder()
    ctx = _context_on(_card_crop(grain), engine)
    ctx.document_ocr()
    reads = [k[len("ocr:") :] for k in ctx.timings if k.startswith("ocr:")]
    assert "document:ink" not in reads and "document:flipped-ink" not in reads
    assert reads[:3] == ["document:upright", "document:flipped", "document:degrained"]  # its grain still comes out


@pytest.mark.parametrize(("grain", "blotted"), [(0.0, False), (20.0, False), (28.0, False), (48.0, True)])
def test_a_thresholded_card_view_is_blotted_only_when_blacker_than_print(grain: float, blotted: bool) -> None:
    from pii_scan.context import _blotted, _local_ink

    assert _blotted(_local_ink(Region("card", _card_crop(grain), np.eye(3)))) is blotted


class _ReadsOnlySmooth(_Recorder):
    """Reads a card's words, weakly, from a grainy view (a few confident ones among garbage) and
    40 confident characters of garbage-free print from a smooth one."""

    name = "reads-only-smooth"

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        super().recognize(image, lang=lang, psm=psm, whitelist=whitelist)
        gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
        if card_grain(gray) < GRAINY_CARD:
            texts = [("健康保険被保険者証", 90), ("記号", 90), ("4521", 90), ("番号", 90)] + [("保険者番号06139998", 90)] * 2
        else:
            texts = [("記号", 70), ("ee", 30), ("Sa", 20)]
        words = tuple(OcrWord(t, c, BBox(0, 14 * i, 90, 12), (i, 1, 1)) for i, (t, c) in enumerate(texts))
        return OcrResult.from_words(words)


def test_a_good_degrained_read_is_kept_over_the_weak_grainy_ones() -> None:
    ctx = _context_on(_card_crop(28.0), _ReadsOnlySmooth())
    assert "健康保険被保険者証" in ctx.document_ocr().text


def _dim_grainy_card_photo(seed: int, sigma: float) -> bytes:
    """The insurance card 0.6 of the width of a dim photo on wood, soft, with grain in blobs, as a JPEG."""
    mask = np.full((540, 856), 255, np.uint8)
    scene, _ = li.place(li.wood(1600, 1200, seed), li.insurance_card(), mask, width_frac=0.6, roll=6)
    dim = cv2.GaussianBlur(scene, (0, 0), 1.0).astype(np.float32) * 0.25
    grain = np.stack([_blob_grain(dim.shape[:2], sigma, seed + c) for c in range(3)], axis=-1)
    buf = io.BytesIO()
    Image.fromarray(np.clip(dim + grain, 0, 255).astype(np.uint8)).save(buf, format="JPEG", quality=75)
    return buf.getvalue()


@pytest.mark.ocr
@pytest.mark.parametrize(("seed", "sigma"), [(3, 20.0)])
def test_a_dim_grainy_insurance_card_is_named_only_with_its_grain_taken_out(
    monkeypatch: pytest.MonkeyPatch, seed: int, sigma: float
) -> None:
    """End to end with the real OCR: read through the grain, the card's words are lost."""
    import pii_scan.context as context
    from pii_scan.api import scan_image

    photo = _dim_grainy_card_photo(seed, sigma)
    r = scan_image(photo, name="card.jpg")
    assert r.label.value == "id_card"
    assert any(reason.startswith("id.vocabulary") for reason in r.reasons)  # named by its words
    monkeypatch.setattr(context, "_degrained", lambda region: region)
    assert scan_image(photo, name="card.jpg").label.value == "photo"
