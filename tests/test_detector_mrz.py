"""id.mrz detector: FakeOcr for the logic, real Tesseract for one rendered passport page."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from mrz_images import render_barcode, render_page, render_paragraph, render_stripes, td1_lines, td3_lines

from pii_scan.context import ImageContext, Region
from pii_scan.decode import decode
from pii_scan.detectors.mrz import MrzDetector, _parse, _rotated_region, _scaled_region
from pii_scan.models import BBox, Label
from pii_scan.signals import CardQuad, ScreenshotTraits, Signals
from pii_scan.signals.mrz_band import find_mrz_bands
from pii_scan.mrz import find_mrz
from pii_scan.testing import FakeOcr, FakeOcrInTurn, make_context

FAKE_TD3 = td3_lines(state="JPN", surname="YAMADA", given="TARO", number="TZ1234567", nationality="JPN",
                     birth="900214", sex="M", expiry="310930", personal="")  # fmt: skip
FAKE_TD1 = td1_lines(number="AB9876543", birth="020305", sex="M", expiry="320305", surname="SATO", given="KEN")


def _quad(w: int = 800, h: int = 500) -> CardQuad:
    return CardQuad(((10, 10), (w - 10, 10), (w - 10, h - 10), (10, h - 10)), "id1", 1.586, 0.9, 0.9)


@pytest.fixture
def signals(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Pin the layout signals other modules compute, so only this detector is tested."""

    def set_(*, quads: tuple[CardQuad, ...] = (), bands: tuple[BBox, ...] | None = None) -> None:
        monkeypatch.setattr(Signals, "card_quads", property(lambda self: quads))
        monkeypatch.setattr(Signals, "screenshot", property(lambda self: ScreenshotTraits(0.0, False, False, 1.6, None, 0.0, 0.0)))
        if bands is not None:
            monkeypatch.setattr(Signals, "mrz_bands", property(lambda self: bands))

    set_()
    return set_


def _run(ctx: ImageContext) -> list:  # type: ignore[type-arg]
    det = MrzDetector()
    return list(det.detect(ctx)) if det.prefilter(ctx) else []


def test_a_td1_without_its_first_line_votes_id_card_unverified_and_masked(signals) -> None:  # type: ignore[no-untyped-def]
    """The data and name lines of a card's MRZ, its first line lost: both date checks pass, so the
    finding carries the label, short of a verified one; the name and birth date are masked."""
    signals(quads=(_quad(),))
    ctx = make_context(ocr_lines=["IDENTITY CARD", *FAKE_TD1[1:]])
    (f,) = _run(ctx)
    assert (f.verified, f.label, f.score) == (False, Label.ID_CARD, 0.75)
    assert "TD1-lower" in f.explanation and "2/2 check digits" in f.explanation
    shown = repr(f.to_dict())
    assert "SATO" not in shown and "020305" not in shown


def test_valid_mrz_in_document_text_is_verified_and_masked(signals) -> None:  # type: ignore[no-untyped-def]
    signals(quads=(_quad(),))
    ctx = make_context(ocr_lines=["PASSPORT", "YAMADA TARO", *FAKE_TD3])
    (f,) = _run(ctx)
    assert (f.verified, f.score, f.supporting, f.label) == (True, 0.99, False, Label.ID_CARD)
    lines = [e for e in f.evidence if e.kind == "mrz_line"]
    assert [e.value for e in lines] == ["P<JPN" + "*" * 6 + "<<" + "*" * 4 + "<" * 27, "*" * 28 + "<" * 15 + "*"]
    assert all(e.bbox is not None for e in lines)
    shown = repr(f.to_dict())
    assert "TZ1234567" not in shown and "YAMADA" not in shown and "900214" not in shown
    pii = {p.kind: p for p in f.pii}
    assert (pii["document_number"].value, pii["document_number"].masked) == ("TZ1234567", "*******67")
    assert pii["name"].value == "YAMADA TARO" and pii["birth_date"].masked == "****14"


@pytest.mark.parametrize("intact", [True, False])
def test_an_mrz_read_only_in_a_read_the_card_view_did_not_keep_still_verifies(signals, intact: bool) -> None:  # type: ignore[no-untyped-def]
    """The card's upright read holds the MRZ, read with little confidence; the turned read of grain
    reads more confident words and is the view's read. The MRZ's check digits verify it where it
    was read; two digits wrong (past repair), that read gives nothing."""
    signals(quads=(_quad(),))
    lines = FAKE_TD3 if intact else [FAKE_TD3[0], FAKE_TD3[1].replace("TZ1234567", "TZ9934567")]
    garbage = ["WEE RANT TOES HEWN"] * 8
    ocr = FakeOcrInTurn(FakeOcr(lines, conf=40.0), FakeOcr(garbage))
    ctx = ImageContext(decode(Image.fromarray(np.full((500, 800, 3), 255, np.uint8))), ocr=ocr)
    assert [ln.text for ln in ctx.document_ocr().lines] == garbage
    assert any(f.verified for f in _run(ctx)) is intact


def test_garbled_but_repairable_td1_is_verified(signals) -> None:  # type: ignore[no-untyped-def]
    signals(quads=(_quad(),))
    garbled = [FAKE_TD1[0].replace("<<<", "«<"), FAKE_TD1[1].replace("0", "O"), FAKE_TD1[2].lower()]
    (f,) = _run(make_context(ocr_lines=garbled))
    assert f.verified and "TD1" in f.explanation


def test_mrz_with_a_failing_check_is_a_primary_unverified_finding(signals) -> None:  # type: ignore[no-untyped-def]
    signals(quads=(_quad(),))
    bad = [FAKE_TD3[0], FAKE_TD3[1][:14] + "1" + FAKE_TD3[1][15:]]  # birth date misread
    (f,) = _run(make_context(ocr_lines=bad))
    assert not f.verified and not f.supporting
    assert 0.6 <= f.score <= 0.75
    assert "3/5" in f.explanation


@pytest.mark.parametrize(
    "lines",
    [
        ["運転免許証", "氏名 山田 太郎", "住所 東京都千代田区"],
        ["UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN", "PASSPORT NUMBER 123456789 ISSUED 2020 TOKYO JA"],
        [],
    ],
)
def test_no_finding_without_an_mrz(signals, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    signals(quads=(_quad(),))
    assert _run(make_context(ocr_lines=lines)) == []


def test_prefilter_needs_a_band_a_card_or_dense_text(signals, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    signals(quads=())
    ctx = make_context(ocr_lines=FAKE_TD3)
    assert not MrzDetector().prefilter(ctx)
    assert _run(ctx) == []
    assert ctx._ocr_engine.calls == 0  # type: ignore[union-attr]
    signals(quads=(_quad(),))
    assert MrzDetector().prefilter(make_context(ocr_lines=FAKE_TD3))
    # A scanned card fills the frame: no outline, no band found, but dense text.
    signals(quads=())
    monkeypatch.setattr(Signals, "text_density", property(lambda self: 0.15))
    (f,) = _run(make_context(ocr_lines=["Height 176 cm", "Authority STADT PARIS", *FAKE_TD1]))
    assert f.verified


def _short_runs(lines: list[str], drop: int) -> list[str]:
    """The lines as Tesseract often reads them: ``drop`` fillers lost from each long filler run."""
    return [line.replace("<" * (drop + 2), "<<", 1) for line in lines]


@pytest.mark.parametrize(
    ("lines", "shaped"),
    [
        (_short_runs(FAKE_TD1, 5), True),  # TD1: one line may still read at 30
        (_short_runs(FAKE_TD3, 4), True),  # TD3: 40 long, neither TD3 nor TD2 as read
        ([FAKE_TD1[0][:-6], FAKE_TD1[1][:-8], FAKE_TD1[2][:-7]], True),  # no line at full length: 3 lines are TD1
        (["SEE PAGE 2 << BACK", "NEXT >> PAGE 3"], False),  # arrows in prose
        (["MENU <<<< LUNCH SPECIAL 1200 YEN", "DRINKS <<<< 500 YEN"], False),
    ],
    ids=["td1", "td3", "td1-all-short", "prose", "menu"],
)
def test_filler_runs_read_short_are_lengthened(lines: list[str], shaped: bool) -> None:
    assert find_mrz(lines) is None or not find_mrz(lines).shaped  # type: ignore[union-attr]
    r = _parse(lines)
    assert (r is not None and r.shaped) is shaped


def test_document_lines_with_fillers_are_read_again_with_the_mrz_alphabet(signals) -> None:  # type: ignore[no-untyped-def]
    class TwoReads(FakeOcr):
        """The general read drops fillers; the MRZ-alphabet read gets the lines right."""

        def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
            misread = [FAKE_TD1[0], FAKE_TD1[1].replace("020305", "020306", 1), FAKE_TD1[2]]  # a wrong birth digit
            self.lines = FAKE_TD1 if whitelist else ["Authority STADT PARIS", *_short_runs(misread, 9)]
            return super().recognize(image, lang=lang, psm=psm, whitelist=whitelist)

    signals(quads=(_quad(),))
    ctx = make_context(ocr_lines=[])
    ctx._ocr_engine = TwoReads()
    (f,) = _run(ctx)
    assert f.verified
    assert {e.detail["region"] for e in f.evidence if e.kind == "mrz_line"} == {"document_mrz"}


_MISREAD_TD1 = [FAKE_TD1[0], FAKE_TD1[1].replace("020305", "020306", 1), FAKE_TD1[2]]  # a wrong birth digit


def test_zone_lines_seen_only_in_a_read_the_card_view_did_not_keep_are_read_again(signals) -> None:  # type: ignore[no-untyped-def]
    """The card's upright read holds the zone, misread; a sharpened read of it finds more confident
    kana soup and is the view's read. The zone's lines, where the upright read saw them, are read
    again with the MRZ alphabet, and verify."""

    class Reads(FakeOcr):
        def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
            if whitelist:
                self.lines, self.conf = FAKE_TD1, 90.0
            elif self.calls == 0:  # the view's first, upright read
                self.lines, self.conf = ["STADT KOLN", *_short_runs(_MISREAD_TD1, 9)], 40.0
            else:
                self.lines, self.conf = ["ンンンンンンン ーーーー", "のの2 トンン"] * 6, 90.0
            return super().recognize(image, lang=lang, psm=psm, whitelist=whitelist)

    signals(quads=(_quad(),))
    ctx = make_context(ocr_lines=[])
    ctx._ocr_engine = Reads()
    assert "<<" not in " ".join(line.text for line in ctx.document_ocr().lines)
    (f,) = _run(ctx)
    assert f.verified
    assert {e.detail["region"] for e in f.evidence if e.kind == "mrz_line"} == {"document_mrz"}



@pytest.mark.parametrize(
    ("document", "reread"),
    [
        ([line.replace("<", "K") for line in _MISREAD_TD1], True),  # fillers read as K, digits in place
        (["The festival returns next month with more", "showers clearing by Thursday afternoon."], False),  # prose
    ],
)
def test_document_lines_of_an_mrz_length_are_read_again_only_if_mrz_like(  # type: ignore[no-untyped-def]
    signals, document: list[str], reread: bool
) -> None:
    class Reads(FakeOcr):
        alphabet_reads = 0

        def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
            self.alphabet_reads += bool(whitelist)
            self.lines = FAKE_TD1 if whitelist else document
            return super().recognize(image, lang=lang, psm=psm, whitelist=whitelist)

    signals()
    ctx = make_context(ocr_lines=[])
    ctx._ocr_engine = ocr = Reads()
    ctx.signals.__dict__["text_lines"] = tuple(BBox(50, 50 + 40 * i, 600, 24) for i in range(6))  # dense text
    ctx.signals.__dict__["text_density"] = 0.2
    found = _run(ctx)
    assert (ocr.alphabet_reads > 0) is reread
    assert bool(found and found[0].verified) is reread


@pytest.mark.parametrize("grainy", [True, False])
def test_a_grainy_mrz_is_read_again_smoothed(signals, grainy: bool) -> None:  # type: ignore[no-untyped-def]
    import cv2

    class GrainAsLetters(FakeOcr):
        """With the MRZ alphabet only, grain reads as letters unless the view was smoothed."""

        def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
            smooth = float(cv2.Laplacian(image, cv2.CV_32F).var()) < 500
            if not whitelist:  # the general read slips on a digit: the MRZ-alphabet reads must verify
                misread = [FAKE_TD1[0], FAKE_TD1[1].replace("020305", "020306", 1), FAKE_TD1[2]]
                self.lines = ["Authority STADT PARIS", *_short_runs(misread, 9)]
            else:
                self.lines = FAKE_TD1 if smooth else ["SESREOWRYS S PC", "PSST PS SS 4 RANGTACU8SPR"]
            return super().recognize(image, lang=lang, psm=psm, whitelist=whitelist)

    signals()
    rng = np.random.default_rng(0)
    page = np.full((630, 1000, 3), 200, np.uint8)
    if grainy:
        page = np.clip(page + rng.normal(0, 40, page.shape), 0, 255).astype(np.uint8)
    ctx = make_context(page, ocr_lines=[])
    ctx._ocr_engine = GrainAsLetters()
    ctx.signals.__dict__["text_lines"] = tuple(BBox(50, 50 + 40 * i, 600, 24) for i in range(6))  # dense text
    ctx.signals.__dict__["text_density"] = 0.2
    found = _run(ctx)
    regions = {e.detail["region"] for f in found for e in f.evidence if e.kind == "mrz_line"}
    # a clean page reads at once; only a grainy one needs (and gets) the smoothed read
    assert regions == ({"document_mrz:level:smooth"} if grainy else {"document_mrz:level"})
    assert found and found[0].verified


def test_band_is_read_first_and_boxes_are_in_original_pixels(signals) -> None:  # type: ignore[no-untyped-def]
    page = render_page(FAKE_TD3)
    ctx = make_context(page, ocr_lines=FAKE_TD3)
    assert ctx.signals.mrz_bands
    (f,) = _run(ctx)
    assert f.verified
    line_ev = [e for e in f.evidence if e.kind == "mrz_line"]
    assert line_ev[0].detail["region"] == "mrz_band0"
    h, w = page.shape[:2]
    for e in line_ev:
        assert e.bbox is not None and 0 <= e.bbox.x < w and h * 0.6 < e.bbox.y < h


@pytest.mark.parametrize(("screen", "turned"), [(0.0, True), (0.9, False)], ids=["photo", "rendered-screen"])
def test_bands_are_read_turned_around_except_on_a_rendered_screen(  # type: ignore[no-untyped-def]
    signals, monkeypatch: pytest.MonkeyPatch, screen: float, turned: bool
) -> None:
    traits = ScreenshotTraits(screen, False, False, 1.6, None, 0.0, 0.0)
    monkeypatch.setattr(Signals, "screenshot", property(lambda self: traits))
    ctx = make_context(render_page(FAKE_TD3), ocr_lines=["Breaking news from the city"])
    assert ctx.signals.mrz_bands
    assert _run(ctx) == []
    band_reads = [k for k in ctx.timings if k.startswith("ocr:mrz_band0")]
    assert band_reads  # read upright either way
    assert any(":rot180" in k for k in band_reads) is turned


@pytest.mark.parametrize(
    ("image", "n_bands"),
    [
        (render_page(td3_lines()), 1),
        (render_page(td1_lines(), char_px=34), 1),
        (render_page(td3_lines(), char_px=18, width=2400), 1),
        (render_paragraph(lines=8), 0),
        (render_barcode(), 0),
        (render_stripes(), 0),
        (render_stripes(vertical=True), 0),
        (np.full((600, 900, 3), 255, np.uint8), 0),
    ],
    ids=["td3", "td1", "td3-small", "paragraph", "barcode", "stripes", "vertical-stripes", "blank"],
)
def test_mrz_bands_on_pages_and_near_misses(image: np.ndarray, n_bands: int) -> None:
    ctx = ImageContext(decode(Image.fromarray(image)))
    bands = ctx.signals.mrz_bands
    assert len(bands) == n_bands
    if n_bands:
        (b,) = bands
        assert b.y > image.shape[0] * 0.6  # the MRZ is at the bottom of these pages
        assert b.w > 10 * b.h / 3


def test_find_mrz_bands_rejects_tiny_or_colour_input() -> None:
    assert find_mrz_bands(np.zeros((8, 8), np.uint8)) == []
    assert find_mrz_bands(np.zeros((50, 50, 3), np.uint8)) == []


def test_region_rotation_and_scaling_keep_the_map_to_original_pixels() -> None:
    px = np.zeros((40, 100), np.uint8)
    base = Region("r", px, np.array([[2.0, 0, 10], [0, 2.0, 20], [0, 0, 1]]))
    box = BBox(5, 6, 10, 4)
    want = base.map_box(box)
    rot = _rotated_region(base)
    # the same pixels, turned: top-left (5, 6) lands at (100-1-15, 40-1-10)
    assert rot.map_box(BBox(100 - 1 - 15, 40 - 1 - 10, 10, 4)) == want
    up = _scaled_region(base, 3.0)
    assert up.pixels.shape == (120, 300)
    assert up.map_box(BBox(15, 18, 30, 12)) == want


@pytest.mark.ocr
@pytest.mark.parametrize("upside_down", [False, True], ids=["upright", "upside-down"])
def test_rendered_passport_page_verifies_with_real_tesseract(signals, upside_down: bool) -> None:  # type: ignore[no-untyped-def]
    from pii_scan.ocr import get_engine

    page = render_page(FAKE_TD3, char_px=32, seed=3)
    if upside_down:
        page = np.ascontiguousarray(page[::-1, ::-1])
    ctx = ImageContext(decode(Image.fromarray(page)), ocr=get_engine("auto"))
    det = MrzDetector()
    assert det.prefilter(ctx)
    findings = list(det.detect(ctx))
    assert len(findings) == 1 and findings[0].verified
    assert {p.kind: p.value for p in findings[0].pii}["document_number"] == "TZ1234567"


@pytest.mark.ocr
@pytest.mark.parametrize("clockwise", [True, False], ids=["clockwise", "counter-clockwise"])
def test_passport_page_turned_a_quarter_verifies_from_its_band_running_down_the_frame(clockwise: bool) -> None:
    import cv2

    from pii_scan.ocr import get_engine

    turn = cv2.ROTATE_90_CLOCKWISE if clockwise else cv2.ROTATE_90_COUNTERCLOCKWISE
    page = np.ascontiguousarray(cv2.rotate(render_page(FAKE_TD3, char_px=32, seed=3), turn))
    ctx = ImageContext(decode(Image.fromarray(page)), ocr=get_engine("auto"))
    (band,) = ctx.signals.mrz_bands
    assert band.h > 8 * band.w  # found running down the frame, as a box of the frame as it is
    assert (band.x < page.shape[1] / 2) == clockwise  # the MRZ runs along the page's bottom edge
    findings = list(MrzDetector().detect(ctx))
    assert len(findings) == 1 and findings[0].verified
    assert {p.kind: p.value for p in findings[0].pii}["document_number"] == "TZ1234567"


@pytest.mark.parametrize(
    ("angle", "char_px", "width"),
    [
        (4.0, 30, 1400),  # a few degrees of tilt: the two lines would merge into one blob unstraightened
        (-7.0, 30, 1400),
        (0.0, 40, 1400),  # large characters, as on a card back filling a scan
    ],
)
def test_mrz_band_is_found_tilted_or_with_large_characters(angle: float, char_px: int, width: int) -> None:
    import cv2

    page = render_page(td3_lines(), char_px=char_px, width=width)
    h, w = page.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    tilted = cv2.warpAffine(page, m, (w, h), borderValue=(236, 232, 220))
    gray = cv2.cvtColor(tilted, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(gray, (640, int(640 * h / w)), interpolation=cv2.INTER_AREA)
    bands = find_mrz_bands(small, scale=w / 640)
    assert bands, "no MRZ band found"
    assert bands[0].y > h * 0.55  # the band is at the bottom of the page, where the MRZ is


@pytest.mark.parametrize("angle", [4.0, -7.0])
def test_tilted_paragraph_is_still_not_an_mrz(angle: float) -> None:
    import cv2

    para = render_paragraph()
    h, w = para.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    gray = cv2.cvtColor(cv2.warpAffine(para, m, (w, h), borderValue=(255, 255, 255)), cv2.COLOR_RGB2GRAY)
    small = cv2.resize(gray, (640, int(640 * h / w)), interpolation=cv2.INTER_AREA)
    assert find_mrz_bands(small, scale=w / 640) == []
