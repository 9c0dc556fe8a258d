"""The card OCR view: ruled lines painted out, sparse-text reads, row pieces joined again."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pii_scan.context import CARD_OCR_PSM, ImageContext, Region, join_rows, without_rules
from pii_scan.models import BBox
from pii_scan.ocr.base import OcrResult, OcrWord
from pii_scan.signals import CardQuad
from pii_scan.testing import make_context


def _card(rules: bool) -> np.ndarray:
    """A 1000x630 white card with two text rows, boxed by ruled lines if ``rules``."""
    img = np.full((630, 1000), 255, np.uint8)
    cv2.putText(img, "NAME TARO", (60, 120), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 4)
    cv2.putText(img, "1234 5678", (60, 300), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 4)
    cv2.line(img, (500, 420), (540, 420), 0, 3)  # a dash: far shorter than a rule
    if rules:
        for y in (60, 150, 240, 330):
            cv2.line(img, (20, y), (980, y), 0, 2)
        cv2.line(img, (40, 40), (40, 600), 0, 2)
    return img


def test_ruled_lines_are_painted_out_and_text_kept() -> None:
    ruled, plain = _card(True), _card(False)
    out = without_rules(ruled)
    assert out.ndim == 2
    assert (out[[60, 150, 240, 330], 100:900] > 200).all()  # horizontal rules gone
    assert (out[100:580, 40] > 200).all()  # vertical rule gone
    text = plain < 128
    assert (out[text] < 128).mean() > 0.85  # strokes survive (bar where a rule crossed them)
    assert (out[418:423, 505:535] < 128).any()  # the short dash is no rule


def test_card_without_rules_is_unchanged_and_tiny_crops_pass_through() -> None:
    plain = _card(False)
    assert np.array_equal(without_rules(plain), plain)
    tiny = np.zeros((10, 40, 3), np.uint8)
    assert without_rules(tiny).shape == (10, 40)


def _words(*pieces: tuple[str, int, int, int, int], line0: int = 0) -> OcrResult:
    """Words, each its own engine line (as sparse-text mode cuts them): (text, x, y, w, h)."""
    words = tuple(OcrWord(t, 90, BBox(x, y, w, h), (i + line0, 1, 1)) for i, (t, x, y, w, h) in enumerate(pieces))
    return OcrResult.from_words(words)


IDENTITY = Region("card:id1", np.zeros((630, 1000), np.uint8), np.eye(3))


@pytest.mark.parametrize(
    ("pieces", "lines"),
    [
        # digit groups cut apart by wide gaps: one printed row
        ([("1234", 100, 50, 80, 30), ("5678", 230, 52, 80, 30), ("9012", 360, 49, 80, 30)], ["1234 5678 9012"]),
        # a label and its value on one row, a second row below
        ([("氏名", 40, 100, 50, 25), ("山田", 120, 102, 60, 25), ("住所", 40, 160, 50, 25)], ["氏名山田", "住所"]),
        # two fields far apart on one row stay apart (gap over ROW_GAP heights)
        ([("性別", 40, 200, 50, 25), ("男", 600, 200, 25, 25)], ["性別", "男"]),
        # small print beside big digits is not the same line
        ([("1234", 100, 50, 200, 80), ("note", 320, 60, 40, 15)], ["1234", "note"]),
    ],
    ids=["digit-groups", "label-value", "far-apart", "different-heights"],
)
def test_pieces_of_one_row_are_joined(pieces: list[tuple[str, int, int, int, int]], lines: list[str]) -> None:
    joined = join_rows(_words(*pieces), IDENTITY)
    assert [ln.text for ln in joined.lines] == lines
    assert len(joined.words) == len(pieces)


def test_rows_are_found_in_the_card_frame_not_the_photo_frame() -> None:
    # The card lies turned 90 degrees in the photo: its rows run down the photo.
    turn = np.array([[0, -1, 700], [1, 0, 0], [0, 0, 1]], dtype=np.float64)  # card (x, y) -> photo (700 - y, x)
    region = Region("card:id1", np.zeros((630, 1000), np.uint8), turn)
    on_card = [("1234", 100, 50, 80, 30), ("5678", 230, 52, 80, 30)]
    in_photo = [(t, 700 - (y + h), x, h, w) for t, x, y, w, h in on_card]
    joined = join_rows(_words(*in_photo), region)
    assert [ln.text for ln in joined.lines] == ["1234 5678"]


def test_card_view_is_read_as_sparse_text_without_rules() -> None:
    class Recorder:
        name = "recorder"

        def __init__(self) -> None:
            self.seen: list[tuple[int | None, int]] = []

        def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
            self.seen.append((psm, image.ndim))
            words = tuple(OcrWord("confident", 95, BBox(0, 12 * i, 80, 10), (i, 1, 1)) for i in range(8))
            return OcrResult.from_words(words)

    img = cv2.cvtColor(_card(True), cv2.COLOR_GRAY2RGB)
    ctx = ImageContext(make_context(img).image, ocr=Recorder())
    quad = CardQuad(((0, 0), (999, 0), (999, 629), (0, 629)), "id1", 1.586, 0.9, 0.95)
    ctx.signals.__dict__["card_quads"] = (quad,)
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.0})()
    ctx.document_ocr()
    assert ctx._ocr_engine.seen == [(CARD_OCR_PSM, 2)]  # type: ignore[union-attr]


class _ReadsOnlyOneWayUp:
    """Reads eight confident words when the view's dark mark is top-left (the card upright), else one."""

    name = "one-way-up"

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        h, w = image.shape[:2]
        upright = image[: h // 2, : w // 2].mean() < image[h // 2 :, w // 2 :].mean()
        n = 8 if upright else 1
        words = tuple(OcrWord("confident", 95, BBox(0, 12 * i, 80, 10), (i, 1, 1)) for i in range(n))
        return OcrResult.from_words(words)


@pytest.mark.parametrize(
    ("mark_at", "reads"),
    [
        # upright card, good first read: no retry at all
        ("top-left", ["document:upright"]),
        # upside-down card: the cheap 180-degree read rescues it before any thresholded copy
        ("bottom-right", ["document:upright", "document:flipped"]),
        # no way up reads well: every retry runs, cheapest first, the Japanese model alone last
        ("nowhere", ["document:upright", "document:flipped", "document:ink", "document:flipped-ink", "document:jpn"]),
    ],
)
def test_card_retries_run_cheapest_first_and_stop_at_a_good_read(mark_at: str, reads: list[str]) -> None:
    img = np.full((630, 1000), 255, np.uint8)
    if mark_at == "top-left":
        img[40:200, 40:300] = 0
    elif mark_at == "bottom-right":
        img[430:590, 700:960] = 0
    ctx = ImageContext(make_context(cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)).image, ocr=_ReadsOnlyOneWayUp())
    quad = CardQuad(((0, 0), (999, 0), (999, 629), (0, 629)), "id1", 1.586, 0.9, 0.95)
    ctx.signals.__dict__["card_quads"] = (quad,)
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.0})()
    ctx.document_ocr()
    assert [k[len("ocr:") :] for k in ctx.timings if k.startswith("ocr:")] == reads


class _KanjiAsLatin:
    """Tesseract on small kanji: with both models, Latin garbage (and the digits, read either way);
    with the Japanese model alone, the kanji. Only the way up with the dark mark top-left reads
    anything but specks; ``latin`` is the card's own print, read as it is by both."""

    name = "kanji-as-latin"

    def __init__(self, latin: bool = False) -> None:
        self.latin = latin
        self.calls: list[tuple[str, bool]] = []

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        h, w = image.shape[:2]
        upright = image[: h // 2, : w // 2].mean() < image[h // 2 :, w // 2 :].mean()
        self.calls.append((lang, upright))
        if not upright:
            texts = [("ー", 30)] * 3
        elif self.latin and lang == "jpn":
            texts = [("氏名", 70), ("ロ", 65)]  # a few kanji made of the Latin print
        elif self.latin:
            texts = [("SURNAME", 90), ("DOE", 90), ("GIVEN", 90), ("NAMES", 90)]
        elif lang == "jpn":
            texts = [("被保険者証", 85), ("記号", 80), ("30673325", 80), ("番号", 80)]
        else:
            texts = [("BEBUS", 75), ("PRI", 70), ("BY", 70), ("30673325", 80)]
        words = tuple(OcrWord(t, c, BBox(0, 14 * i, 90, 12), (i, 1, 1)) for i, (t, c) in enumerate(texts))
        return OcrResult.from_words(words)


def _card_context(engine: object, mark_at: str) -> ImageContext:
    img = np.full((630, 1000), 255, np.uint8)
    if mark_at == "top-left":
        img[40:200, 40:300] = 0
    else:
        img[430:590, 700:960] = 0
    ctx = ImageContext(make_context(cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)).image, ocr=engine)  # type: ignore[arg-type]
    quad = CardQuad(((0, 0), (999, 0), (999, 629), (0, 629)), "id1", 1.586, 0.9, 0.95)
    ctx.signals.__dict__["card_quads"] = (quad,)
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.0})()
    return ctx


@pytest.mark.parametrize("mark_at", ["top-left", "bottom-right"])
def test_weak_card_read_is_made_again_with_the_japanese_model_the_way_up_its_digits_read(mark_at: str) -> None:
    engine = _KanjiAsLatin()
    ctx = _card_context(engine, mark_at)
    read = ctx.document_ocr()
    assert "被保険者証" in read.text
    assert engine.calls[-1] == ("jpn", True)  # read once, the way up the digits showed
    assert [c for c in engine.calls if c[0] == "jpn"] == [("jpn", True)]


def test_weak_read_of_latin_print_is_kept_over_the_japanese_model_read() -> None:
    read = _card_context(_KanjiAsLatin(latin=True), "top-left").document_ocr()
    assert "SURNAME" in read.text


def test_no_japanese_model_read_when_the_scan_is_not_reading_japanese() -> None:
    engine = _KanjiAsLatin()
    ctx = _card_context(engine, "top-left")
    ctx.lang = "eng"
    ctx.document_ocr()
    assert all(lang == "eng" for lang, _ in engine.calls)


class _ReadsAllButACardCrop:
    """Reads nothing on a card-shaped crop (a portrait taken for the card), eight words on any other view."""

    name = "all-but-card"

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        h, w = image.shape[:2]
        n = 0 if abs(w / h - 1.586) < 0.05 else 8
        words = tuple(OcrWord("個人番号カード", 95, BBox(0, 12 * i, 80, 10), (i, 1, 1)) for i in range(n))
        return OcrResult.from_words(words)


@pytest.mark.parametrize(
    ("lines_at", "beside"),
    [
        ("left_of_quad", True),  # a scanned card's fields beside its portrait: they are read
        ("in_quad", False),  # the card's own lines: its read stands
        ("nowhere", False),  # nothing else to read
    ],
)
def test_a_card_shape_that_reads_empty_gives_way_to_the_print_around_it(lines_at: str, beside: bool) -> None:
    img = np.full((900, 1200, 3), 250, np.uint8)
    ctx = ImageContext(make_context(img).image, ocr=_ReadsAllButACardCrop())
    quad = CardQuad(((800, 300), (1117, 300), (1117, 500), (800, 500)), "id1", 1.586, 0.6, 0.06)  # the portrait
    rows = {"left_of_quad": [BBox(100, 150 + 80 * i, 500, 40) for i in range(5)],
            "in_quad": [BBox(830, 330 + 50 * i, 250, 30) for i in range(3)] + [BBox(100, 150, 500, 40)],
            "nowhere": []}[lines_at]  # fmt: skip
    ctx.signals.__dict__["card_quads"] = (quad,)
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.0})()
    ctx.signals.__dict__["text_lines"] = tuple(rows)
    ctx.signals.__dict__["text_blocks"] = ()
    read = ctx.document_ocr()
    assert ("ocr:document:beside" in ctx.timings) is beside
    assert len(read.words) == (8 if beside else 0)


class _ReadsOnlyLitPrintBesideACard:
    """Reads nothing on a card-shaped crop; six words on any other view, once it spans the gray range."""

    name = "lit-print-beside"

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        h, w = image.shape[:2]
        lo, hi = np.percentile(image, (1, 99))
        n = 0 if abs(w / h - 1.586) < 0.05 or hi - lo < 150 else 6
        return OcrResult.from_words(tuple(OcrWord("有効", 95, BBox(0, 12 * i, 80, 10), (i, 1, 1)) for i in range(n)))


@pytest.mark.parametrize("dim", [True, False])
def test_the_print_beside_a_card_shape_is_read_again_lifted_when_dim(dim: bool) -> None:
    """A dim close-up whose outline is a patch of the card (its portrait): the print around it reads
    weakly as it was shot, and is read once more evened out and stretched, as a dim frame is."""
    rng = np.random.default_rng(5)
    img = np.full((900, 1200), 200, np.float32)
    for y in range(150, 550, 80):
        img[y : y + 30, 100:600] = 20  # rows of print left of the portrait
    img = img * (0.18 if dim else 1.0) + rng.normal(0, 3, img.shape)
    pixels = np.repeat(np.clip(img, 0, 255).astype(np.uint8)[:, :, None], 3, axis=2)
    ctx = ImageContext(make_context(pixels).image, ocr=_ReadsOnlyLitPrintBesideACard())
    quad = CardQuad(((800, 300), (1117, 300), (1117, 500), (800, 500)), "id1", 1.586, 0.6, 0.06)
    ctx.signals.__dict__["card_quads"] = (quad,)
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.0})()
    ctx.signals.__dict__["text_lines"] = tuple(BBox(100, 150 + 80 * i, 500, 30) for i in range(5))
    ctx.signals.__dict__["text_blocks"] = ()
    read = ctx.document_ocr()
    assert ("ocr:document:beside:lifted" in ctx.timings) is dim
    assert len(read.words) == 6


def _steepest_step(row: np.ndarray) -> float:
    return float(np.abs(np.diff(row.astype(np.float32))).max())


@pytest.mark.parametrize(("zoom", "crisped"), [(4.0, True), (1.5, True), (1.0, False)])
def test_an_enlarged_crop_gets_its_edges_back(zoom: float, crisped: bool) -> None:
    """A stroke edge spread over ``zoom`` pixels by enlarging is steepened; a crop read at its own size is left alone."""
    from pii_scan.context import crisp_if_enlarged

    row = np.full((40, 400), 230, np.uint8)
    row[:, 200:] = 40  # a stroke's edge
    soft = cv2.GaussianBlur(row, (0, 0), zoom)  # as enlarging by ``zoom`` leaves it
    out = crisp_if_enlarged(soft, zoom)
    assert out.dtype == np.uint8 and out.shape == soft.shape
    if crisped:
        assert _steepest_step(out[20]) > 1.3 * _steepest_step(soft[20])
    else:
        assert out is soft


def test_crisping_makes_nothing_of_a_blank_crop() -> None:
    from pii_scan.context import crisp_if_enlarged

    blank = np.full((60, 80), 200, np.uint8)
    assert np.array_equal(crisp_if_enlarged(blank, 3.0), blank)  # no halo, no grain made


class _Recorder:
    """Reads ``words`` (confident) on a view whose dark mark is top-left (the card upright), a speck
    otherwise; records each call's language and whether the view was upright."""

    name = "recorder"

    def __init__(self, words: list[str]) -> None:
        self.words, self.calls = words, []  # type: list[str], list[tuple[str, bool]]

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        h, w = image.shape[:2]
        upright = image[: h // 2, : w // 2].mean() < image[h // 2 :, w // 2 :].mean()
        self.calls.append((lang, upright))
        texts = self.words if upright else ["ー"]
        words = tuple(OcrWord(t, 95, BBox(0, 14 * i, 90, 12), (i, 1, 1)) for i, t in enumerate(texts))
        return OcrResult.from_words(words)


def _small_card_context(engine: object, *, long_side: int, mark_at: str = "top-left") -> ImageContext:
    """A 1600x1200 frame holding one card quad ``long_side`` px long, a dark mark in one of its corners."""
    img = np.full((1200, 1600, 3), 250, np.uint8)
    h = int(long_side / 1.586)
    mx, my = (100, 100) if mark_at == "top-left" else (100 + long_side * 3 // 4, 100 + h * 3 // 4)
    img[my : my + h // 5, mx : mx + long_side // 5] = 0
    ctx = ImageContext(make_context(img).image, ocr=engine)  # type: ignore[arg-type]
    quad = CardQuad(((100, 100), (100 + long_side, 100), (100 + long_side, 100 + h), (100, 100 + h)), "id1", 1.586, 0.9, 0.1)
    ctx.signals.__dict__["card_quads"] = (quad,)
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.0})()
    return ctx


LATIN = ["confident"] * 8
KANJI = ["被保険者証", "記号", "番号", "氏名", "生年月日"] * 2


@pytest.mark.parametrize(
    ("words", "mark_at", "call"),
    [
        (LATIN, "top-left", ("jpn+eng", True)),  # both models, as the kept read
        (KANJI, "top-left", ("jpn", True)),  # the kept read made out Japanese: the Japanese model alone
        (LATIN, "bottom-right", ("jpn+eng", True)),  # the card lies upside down: the crisp copy is turned too
    ],
)
def test_a_small_cards_crisp_read_is_made_once_on_demand_the_way_up_the_kept_read_lies(
    words: list[str], mark_at: str, call: tuple[str, bool]
) -> None:
    engine = _Recorder(words)
    ctx = _small_card_context(engine, long_side=400, mark_at=mark_at)
    kept = ctx.document_ocr()
    made = len(engine.calls)
    crisp = ctx.crisp_card_read()
    assert crisp is not None and crisp in ctx.document_reads() and crisp is not kept
    assert engine.calls[made:] == [call]
    assert ctx.crisp_card_read() is crisp and len(engine.calls) == made + 1  # memoised


@pytest.mark.parametrize("long_side", [1000, 1400])
def test_a_card_read_at_its_own_size_has_no_crisp_read(long_side: int) -> None:
    engine = _Recorder(LATIN)
    ctx = _small_card_context(engine, long_side=long_side)
    ctx.document_ocr()
    made = len(engine.calls)
    assert ctx.crisp_card_read() is None and len(engine.calls) == made


def test_a_frame_read_has_no_crisp_read() -> None:
    engine = _Recorder(LATIN)
    ctx = _small_card_context(engine, long_side=400)
    ctx.signals.__dict__["card_quads"] = ()
    ctx.signals.__dict__["text_blocks"] = ()
    assert ctx.crisp_card_read() is None


def _small_soft_insurance_card(seed: int) -> bytes:
    """A health-insurance card 15 % of a 1920 px wide photo on wood, a little out of focus, as a JPEG."""
    import io

    import layout_images as li
    from PIL import Image

    mask = np.full((540, 856), 255, np.uint8)
    scene, _ = li.place(li.wood(1920, 2560, seed), li.insurance_card(), mask, width_frac=0.15, roll=8)
    buf = io.BytesIO()
    Image.fromarray(cv2.GaussianBlur(scene, (0, 0), 1.2)).save(buf, format="JPEG", quality=88)
    return buf.getvalue()


@pytest.mark.ocr
@pytest.mark.parametrize("seed", [0, 1])
def test_a_small_soft_card_is_named_by_its_crisp_read(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """End to end with the real OCR: the card's kept read names nothing; its crisp read names it."""
    from pii_scan.api import scan_image

    photo = _small_soft_insurance_card(seed)
    r = scan_image(photo, name="card.jpg")
    assert r.label.value == "id_card"
    assert any("被保険者証" in reason or "保険者番号" in reason for reason in r.reasons)
    monkeypatch.setattr(ImageContext, "crisp_card_read", lambda self: None)
    assert scan_image(photo, name="card.jpg").label.value == "photo"
