"""ImageContext: OCR views, region maps back to original pixels, upside-down cards."""

import cv2
import numpy as np
import pytest

from pii_scan.context import ImageContext, Region, half_turn, quarter_turn
from pii_scan.decode import decode
from pii_scan.models import BBox
from pii_scan.ocr.base import OcrResult, OcrWord
from pii_scan.signals import CardQuad
from pii_scan.signals.text_block import TextBlock


class MarkerOcr:
    """Reads ten confident words only when the region's top-left corner is dark (the card's 'top')."""

    name = "marker"

    def __init__(self):
        self.calls = 0

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):
        self.calls += 1
        if image[:5, :5].mean() > 128:
            return OcrResult((), ())
        words = tuple(OcrWord(f"word{i}", 95, BBox(10 * i, 0, 8, 8), (1, 1, 1)) for i in range(10))
        return OcrResult.from_words(words)


def _card_ctx(upside_down: bool):
    img = np.full((400, 600, 3), 255, np.uint8)
    if upside_down:
        img[-40:, -40:] = 0
    else:
        img[:40, :40] = 0
    ctx = ImageContext(decode(img_to_pil(img)), ocr=MarkerOcr())
    quad = CardQuad(((0, 0), (599, 0), (599, 377), (0, 377)), "id1", 1.586, 0.9, 0.95)
    ctx.signals.__dict__["card_quads"] = (quad,)
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.0})()
    return ctx


def img_to_pil(arr):
    from PIL import Image

    return Image.fromarray(arr)


@pytest.mark.parametrize("upside_down", [False, True])
def test_card_is_read_whichever_way_up_it_lies(upside_down):
    ctx = _card_ctx(upside_down)
    result = ctx.document_ocr()
    assert len(result.words) == 10
    assert ctx._ocr_engine.calls == (2 if upside_down else 1)  # upright, then flipped (cheapest retry first)
    assert ctx.document_ocr() is result  # memoised


def test_rotated_region_maps_boxes_back_to_the_same_place():
    pixels = np.zeros((100, 200, 3), np.uint8)
    region = Region("r", pixels, np.array([[2.0, 0, 10], [0, 2.0, 20], [0, 0, 1]]))
    flipped = half_turn(region)
    box = BBox(0, 0, 10, 10)  # top-left of the flipped view = bottom-right of the original region
    assert flipped.map_box(box) == region.map_box(BBox(189, 89, 10, 10))


def test_quarter_turned_region_maps_boxes_back_to_the_same_place():
    pixels = np.zeros((100, 200), np.uint8)
    pixels[90:100, 0:10] = 255  # the region's bottom-left corner ...
    region = Region("r", pixels, np.array([[2.0, 0, 10], [0, 2.0, 20], [0, 0, 1]]))
    turned = quarter_turn(region)
    assert turned.name == "r:90" and turned.pixels.shape == (200, 100)
    assert turned.pixels[:10, :10].min() == 255  # ... is the turned view's top-left
    # corners map as pixel centres do (as half_turn's): a box's far edge lands a pixel short
    assert turned.map_box(BBox(0, 0, 10, 10)) == region.map_box(BBox(0, 89, 10, 10))
    assert half_turn(turned).map_box(BBox(0, 0, 10, 10)) == region.map_box(BBox(189, 0, 10, 10))


@pytest.mark.parametrize("top", ["left", "right"])
def test_print_running_down_the_frame_is_read_turned_both_ways_and_the_good_read_kept(top):
    """Which way a page turned a quarter lies is unknown: both quarter turns are read."""
    img = np.full((600, 400, 3), 255, np.uint8)
    if top == "left":
        img[-40:, :40] = 0  # the turned view's top-left after a clockwise turn
    else:
        img[:40, -40:] = 0  # ... after a counter-clockwise one
    ctx = ImageContext(decode(img_to_pil(img)), ocr=MarkerOcr())
    ctx.signals.__dict__["card_quads"] = ()
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.0})()
    ctx.signals.__dict__["text_blocks"] = (TextBlock(BBox(0, 0, 400, 600), 6, 40.0, down=True),)
    result = ctx.document_ocr()
    assert len(result.words) == 10
    assert ctx._ocr_engine.calls == 2
    assert result.region == ("frame:90" if top == "left" else "frame:90:180")


def test_frame_region_downscales_and_maps_back():
    ctx = ImageContext(decode(img_to_pil(np.zeros((1000, 3000, 3), np.uint8))))
    region = ctx.region(max_side=1500)
    assert region.pixels.shape[1] == 1500
    assert region.map_box(BBox(100, 100, 50, 50)) == BBox(200, 200, 100, 100)


def test_screenshot_prefers_screen_view_over_a_weak_card_shaped_panel():
    ctx = _card_ctx(False)
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.9})()
    weak = CardQuad(((0, 0), (599, 0), (599, 377), (0, 377)), "id1", 1.586, 0.5, 0.95)
    ctx.signals.__dict__["card_quads"] = (weak,)
    assert ctx.document_region.name == "screen"


def test_dim_crop_is_stretched_and_bright_or_blank_crops_are_left_alone():
    from pii_scan.context import lift_if_dim

    rng = np.random.default_rng(0)
    dim = rng.integers(20, 70, (60, 90, 3), dtype=np.uint8)
    lifted = lift_if_dim(dim)
    assert int(lifted.max()) - int(lifted.min()) > 150
    bright = rng.integers(0, 255, (60, 90, 3), dtype=np.uint8)
    assert lift_if_dim(bright) is bright
    blank = np.full((60, 90, 3), 250, np.uint8)
    assert lift_if_dim(blank) is blank


def test_weak_card_read_is_retried_on_a_locally_thresholded_copy():
    class InkOnlyOcr(MarkerOcr):
        def recognize(self, image, **kw):
            self.calls += 1
            if set(np.unique(image)) <= {0, 255}:  # only the thresholded copy is binary
                words = tuple(OcrWord("confident", 95, BBox(0, 10 * i, 8, 8), (1, 1, i)) for i in range(6))
                return OcrResult.from_words(words)
            return OcrResult((), ())

    ctx = _card_ctx(False)
    ctx._ocr_engine = InkOnlyOcr()
    assert len(ctx.document_ocr().words) == 6 and ctx._ocr_engine.calls == 3  # upright, flipped, ink


@pytest.mark.parametrize("gray", [False, True])
def test_region_and_rectify_cut_gray_pixels_when_asked(gray):
    rng = np.random.default_rng(1)
    big = rng.integers(0, 255, (1500, 2000, 3), dtype=np.uint8)
    ctx = ImageContext(decode(img_to_pil(big)), ocr=None)
    quad = CardQuad(((100, 100), (1685, 100), (1685, 1100), (100, 1100)), "id1", 1.586, 0.9, 0.95)
    box = BBox(100, 100, 900, 300)
    for region in (ctx.region(box, max_side=2000, gray=gray), ctx.rectify(quad, gray=gray)):
        assert region.pixels.ndim == (2 if gray else 3)
    crop = ctx.region(box, max_side=2000, gray=gray).pixels
    expected = big[100:400, 100:1000]
    assert np.array_equal(crop, cv2.cvtColor(expected, cv2.COLOR_RGB2GRAY) if gray else expected)


def test_a_read_of_grain_does_not_outrank_a_weak_read_of_the_print():
    class GrainOnInkOcr(MarkerOcr):
        """The plain crop reads a little print; the thresholded copy reads grain: many fragments,
        a few of them confident by chance."""

        def recognize(self, image, **kw):
            self.calls += 1
            if set(np.unique(image)) <= {0, 255}:
                words = [OcrWord("ae", 30, BBox(0, 2 * i, 8, 2), (1, 1, i)) for i in range(200)]
                words += [OcrWord("we", 70, BBox(20, 2 * i, 8, 2), (1, 1, i)) for i in range(30)]
                return OcrResult.from_words(tuple(words))
            if kw.get("psm") and not getattr(self, "flipped", False):
                self.flipped = True  # the first read (upright) sees the print
                return OcrResult.from_words((OcrWord("3576", 90, BBox(0, 0, 40, 10), (1, 1, 1)),) * 3)
            return OcrResult((), ())

    ctx = _card_ctx(False)
    ctx._ocr_engine = GrainOnInkOcr()
    assert [w.text for w in ctx.document_ocr().words] == ["3576"] * 3


class StretchedOnlyOcr(MarkerOcr):
    """Reads six confident words only from a region that spans the gray range (a dim one lifted)."""

    def __init__(self):
        super().__init__()
        self.ranges = []

    def recognize(self, image, **kw):
        self.calls += 1
        lo, hi = np.percentile(image, (1, 99))
        self.ranges.append(float(hi - lo))
        if hi - lo < 150:
            return OcrResult((), ())
        return OcrResult.from_words(tuple(OcrWord("confident", 95, BBox(0, 10 * i, 8, 8), (1, 1, i)) for i in range(6)))


@pytest.mark.parametrize(("dim", "lifted"), [(True, True), (False, False)])
def test_a_weak_read_of_a_dim_frame_is_made_again_lifted(dim, lifted):
    """A dim frame without a card outline: its print spans a few tens of gray levels under grain, and the
    frame read that found little is made once more evened out and stretched. A lit frame is not."""
    rng = np.random.default_rng(4)
    img = np.full((900, 1200), 200, np.float32)
    for y in range(300, 600, 40):
        img[y : y + 14, 200:1000] = 20  # rows of print
    img = img * (0.18 if dim else 1.0) + rng.normal(0, 3, img.shape)
    ctx = ImageContext(decode(img_to_pil(np.clip(img, 0, 255).astype(np.uint8))), ocr=StretchedOnlyOcr())
    ctx.signals.__dict__["card_quads"] = ()
    ctx.signals.__dict__["text_blocks"] = ()
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.0})()
    result = ctx.document_ocr()
    assert ("ocr:document:lifted" in ctx.timings) is lifted
    if dim:
        assert len(result.words) == 6 and max(ctx._ocr_engine.ranges) >= 150
    else:
        assert len(result.words) == 6 and ctx._ocr_engine.calls == 1  # read well the first time


def test_every_read_of_the_card_view_is_kept_beside_the_one_it_keeps():
    """The view keeps its most confident read; the weaker reads made before it stay at hand
    (``document_reads``) for detectors whose cues verify themselves."""
    from pii_scan.testing import FakeOcr, FakeOcrInTurn

    ctx = _card_ctx(False)
    ctx._ocr_engine = FakeOcrInTurn(FakeOcr(["2700 9699 5919"]), FakeOcr(["WEE RANT TOES HEWN"] * 8))
    best = ctx.document_ocr()
    reads = ctx.document_reads()
    assert best in reads and len(reads) == 2  # upright, then flipped: good enough to stop
    assert [ln.text for r in reads if r is not best for ln in r.lines] == ["2700 9699 5919"]


def test_local_ink_turns_light_print_on_a_dark_band_dark_on_white() -> None:
    from pii_scan.context import _local_ink

    card = np.full((300, 600), 225, np.uint8)
    card[:100] = 50  # a dark band with light print on it, dark print below on the light card
    cv2.putText(card, "IDENTITY CARD", (20, 65), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 235, 4)
    cv2.putText(card, "SURNAME", (20, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 30, 4)
    ink = _local_ink(Region("card", card, np.eye(3))).pixels
    band, body = ink[20:80, 20:400], ink[160:215, 20:400]
    # both rows come out as dark strokes on white, in like amounts; the band itself is white
    assert 0.1 < np.mean(band == 0) < 0.6 and 0.1 < np.mean(body == 0) < 0.6
    assert np.mean(ink[85:95, 450:590] == 255) > 0.95


def test_local_ink_keeps_dense_dark_print_dark() -> None:
    from pii_scan.context import _local_ink

    zone = np.full((200, 600), 230, np.uint8)
    for i, y in enumerate((60, 110, 160)):  # three tight rows of heavy print: an MRZ
        cv2.putText(zone, "IDD<<T220001293<<<<<" if i % 2 else "7408122F1204159UTO<<", (5, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 20, 5)
    ink = _local_ink(Region("mrz", zone, np.eye(3))).pixels
    assert np.mean(ink[:, :] == 255) > 0.5 and np.mean(ink[5:30, :] == 255) > 0.95  # strokes dark, paper white
