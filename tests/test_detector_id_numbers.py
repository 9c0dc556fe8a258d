"""id.numbers detector: Individual Numbers need context to verify; licence numbers support; a payment card number on a card counts against an ID."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image

from stand_ins import CardWithPortrait

from pii_scan.checksums import make_luhn_number, make_my_number
from pii_scan.context import ImageContext
from pii_scan.decode import decode
from pii_scan.detectors.id_numbers import IdNumberDetector, find_numbers
from pii_scan.engine import Engine
from pii_scan.models import BBox, Finding, Label
from pii_scan.signals import CardQuad, ScreenshotTraits, Signals
from pii_scan.testing import FakeOcr, FakeOcrInTurn, make_context

VALID = "123456789018"  # check digit computed from the ordinance formula (see test_checksums)
INVALID = "123456789012"
CARD = "4111111111111111"  # the well-known Luhn test number, not a real card


def _quad() -> CardQuad:
    return CardQuad(((10, 10), (790, 10), (790, 490), (10, 490)), "id1", 1.586, 0.9, 0.9)


@pytest.fixture
def signals(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Pin the layout signals computed by other modules."""

    def set_(
        *, card: bool = False, screenshot: float = 0.0, density: float = 0.0, lines: int = 0, pitch: int = 300
    ) -> None:
        quads = (_quad(),) if card else ()
        traits = ScreenshotTraits(screenshot, False, False, 2.0, None, 0.0, 0.0)
        boxes = tuple(BBox(10, 10 + pitch * i, 300, 20) for i in range(lines))
        monkeypatch.setattr(Signals, "card_quads", property(lambda self: quads))
        monkeypatch.setattr(Signals, "screenshot", property(lambda self: traits))
        monkeypatch.setattr(Signals, "text_density", property(lambda self: density))
        monkeypatch.setattr(Signals, "text_lines", property(lambda self: boxes))

    set_()
    return set_


def _detect(lines: list[str]) -> list[Finding]:
    return list(IdNumberDetector().detect(make_context(ocr_lines=lines)))


@pytest.mark.parametrize(
    ("lines", "card", "kind", "verified", "supporting"),
    [
        (["個人番号", f"{VALID[:4]} {VALID[4:8]} {VALID[8:]}"], False, "individual_number", True, False),
        (["個人番号", f"xa {VALID[:4]} {VALID[4:8]} {VALID[8:]}"], True, "individual_number", True, False),  # label: junk before is no lost group
        ([f"{VALID[:4]} {VALID[4:8]} {VALID[8:]}"], False, "individual_number", True, False),  # 4-4-4 alone
        ([f"マイナンバー {VALID}"], False, "individual_number", True, False),
        ([f"Individual Number: {VALID}"], False, "individual_number", True, False),
        ([f"No. {VALID}"], True, "individual_number", True, False),  # on a card-shaped quad
        ([f"No. {VALID}"], False, "individual_number", False, True),  # no context: 1 in 10 pass by chance
        ([f"No. {VALID[:8]} {VALID[8:]}"], True, "individual_number", True, False),  # on a card, read as digits
        # on a card, but a look-alike letter taken for a digit in a run not printed 4-4-4: a garbled phone line
        ([f"TEL {VALID[:8]} {VALID[8:].replace('0', 'O')}"], True, "individual_number", False, True),
        ([f"個人番号 {INVALID}"], False, "individual_number", False, True),  # label but check fails
        (["運転免許証", f"第 {VALID} 号"], True, "drivers_licence_number", False, True),  # licence, even if it passes
        ([f"免許証番号 {INVALID}"], False, "drivers_licence_number", False, True),
        ([f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}"], False, "payment_card_number", False, True),
        ([f"No. {CARD}"], True, "payment_card_number", False, True),  # not printed as a card prints it
    ],
)
def test_number_findings(signals, lines, card, kind, verified, supporting) -> None:  # type: ignore[no-untyped-def]
    signals(card=card)
    (f,) = _detect(lines)
    assert f.evidence[0].kind == kind
    assert (f.verified, f.supporting) == (verified, supporting)
    assert f.score >= 0.95 if verified else f.score <= 0.4


@pytest.mark.parametrize(
    "lines",
    [
        [f"{INVALID[:4]} {INVALID[4:8]} {INVALID[8:]}"],  # 4-4-4 but the check fails, no label
        ["4111 1111 1111 1112"],  # not Luhn
        [f"{VALID[:4]} {VALID[4:8]} {VALID[8:]} 4444"],  # 16 digits: never a 12-digit slice of it
        [f"30478 ({VALID[:4]} {VALID[4:8]} {VALID[8:]}"],  # nor when a stray bracket splits the run
        [f"{VALID[:4]} {VALID[4:8]} {VALID[8:]}: 4444"],
        [f"xa {VALID[:4]} {VALID[4:8]} {VALID[8:]}", "AOBA CARD"],  # a payment card's first group misread
        ["TEL 03-1234-5678", "〒100-0001 東京都千代田区"],
        ["受付番号 12345678"],  # too short
        ["ORDER ABC123456789018"],  # glued to letters: a reference code, not a number
        [],
    ],
)
def test_near_misses_give_no_finding(signals, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    signals(card=True)
    assert _detect(lines) == []


def test_ocr_lookalikes_inside_digit_runs_are_fixed(signals) -> None:  # type: ignore[no-untyped-def]
    (f,) = _detect(["個人番号", "l234 S678 9O18"])
    assert f.verified
    assert f.pii[0].value == VALID


def test_values_are_masked_in_evidence_and_raw_only_in_pii(signals) -> None:  # type: ignore[no-untyped-def]
    (f,) = _detect(["個人番号", f"{VALID[:4]} {VALID[4:8]} {VALID[8:]}"])
    assert f.evidence[0].value == "**** **** **18"
    assert VALID not in repr(f) and VALID[:4] not in str(f.to_dict())
    assert f.pii[0].value == VALID and f.pii[0].masked == "**** **** **18"
    assert f.evidence[0].bbox is not None


def test_same_number_twice_gives_one_finding(signals) -> None:  # type: ignore[no-untyped-def]
    assert len(_detect([f"個人番号 {VALID}", f"個人番号 {VALID}"])) == 1


#: 協会けんぽ's Tokyo branch: an insurer's public number, printed on every card it issues; it names no person.
INSURER = "01130012"


@pytest.mark.parametrize(
    ("lines", "card", "supporting"),
    [
        ([f"保険者番号 {INSURER}"], True, False),
        (["保険者番号", INSURER], True, False),  # the label on the line above
        (["保険者番号 138008"], True, False),  # 6 digits: national health insurance has no scheme number
        ([f"保険者番号 {INSURER}"], False, True),  # no card outline: a prescription prints it too
    ],
)
def test_an_insurer_number_by_its_label_with_a_valid_check_digit(signals, lines, card, supporting) -> None:  # type: ignore[no-untyped-def]
    signals(card=card)
    (f,) = _detect(lines)
    assert f.evidence[0].kind == "insurer_number"
    assert (f.verified, f.supporting) == (False, supporting)
    assert f.label is Label.ID_CARD and f.score == pytest.approx(0.3 if supporting else 0.7)
    assert "0113" not in str(f.to_dict()) and "1380" not in str(f.to_dict())  # masked


@pytest.mark.parametrize(
    "line",
    [
        "保険者番号 01130013",  # check digit fails
        "保険者番号 99130015",  # check passes, but 99 is no insurance scheme
        "保険者番号 01480011",  # check passes, but 48 is no prefecture
        f"受付番号 {INSURER}",  # no insurer label
        "保険者番号 0113 0012",  # printed in groups: not how the number is printed
    ],
)
def test_insurer_number_near_misses_give_no_finding(signals, line: str) -> None:  # type: ignore[no-untyped-def]
    signals(card=True)
    assert _detect([line]) == []


def test_generated_numbers_verify_with_label_and_cards_stay_supporting(signals) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(11)
    for _ in range(20):
        n, c = make_my_number(rng), make_luhn_number(rng, 16)
        found = _detect(["個人番号", n, "VISA", c])
        by_kind = {f.evidence[0].kind: f for f in found}
        assert by_kind["individual_number"].verified
        assert by_kind["payment_card_number"].supporting


@pytest.mark.parametrize(
    ("card", "screenshot", "density", "lines", "pitch", "expected"),
    [
        (False, 0.0, 0.0, 0, 300, False),
        (True, 0.0, 0.0, 0, 300, True),
        (False, 0.9, 0.0, 0, 300, True),
        (False, 0.0, 0.2, 6, 300, True),  # a page of text
        (False, 0.0, 0.04, 4, 300, True),
        (False, 0.0, 0.2, 2, 300, False),  # two big text-like blobs: a sign in a scene, not a document
        (False, 0.0, 0.01, 6, 300, False),  # a few lines scattered over a scene
        (False, 0.0, 0.01, 6, 30, True),  # the same lines set close together: a card's fields, outline unseen
        (False, 0.0, 0.01, 3, 30, False),  # three close lines: a label or a sign
        (False, 0.3, 0.01, 0, 300, False),
    ],
)
def test_prefilter(signals, card: bool, screenshot: float, density: float, lines: int, pitch: int, expected: bool) -> None:  # type: ignore[no-untyped-def]
    signals(card=card, screenshot=screenshot, density=density, lines=lines, pitch=pitch)
    assert IdNumberDetector().prefilter(make_context(ocr_lines=[])) is expected


@pytest.mark.parametrize(
    ("line", "digits", "groups"),
    [
        ("1234 5678 9018", "123456789018", (4, 4, 4)),
        ("1234-5678-9018", "123456789018", (4, 4, 4)),
        ("１２３４５６７８９０１８", "123456789018", (12,)),
        ("SB 1234 5678 9018 I", "123456789018", (4, 4, 4)),  # letter-only groups are not digits
        ("1234.5678 9018", "123456789018", (4, 4, 4)),  # a gap OCR read as a full stop
        ("1234,5678.9018", "123456789018", (4, 4, 4)),
    ],
)
def test_find_numbers(line: str, digits: str, groups: tuple[int, ...]) -> None:
    (c,) = find_numbers([line])
    assert (c.digits, c.groups) == (digits, groups)


@pytest.mark.parametrize("line", ["合計 1,234,567,890,123 円", "123.456.789.012", "2024.01.01 12:30 1234.56"])
def test_amounts_and_dates_with_points_are_no_numbers(line: str) -> None:
    assert find_numbers([line]) == []


class _DigitsOcr:
    """Reads ``general`` normally and ``digits`` when only digits are allowed; counts the digits reads."""

    name = "fake"

    def __init__(self, general: list[str], digits: list[str]) -> None:
        self.general, self.digits, self.digit_reads = FakeOcr(general), FakeOcr(digits), 0

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        if whitelist and set(whitelist) <= set("0123456789 "):
            self.digit_reads += 1
            return self.digits.recognize(image, lang=lang, psm=psm, whitelist=whitelist)
        return self.general.recognize(image, lang=lang, psm=psm, whitelist=whitelist)


def _grouped(number: str) -> str:
    return f"{number[:4]} {number[4:8]} {number[8:]}"


@pytest.mark.parametrize(
    ("card", "general", "reads", "verified"),
    [
        (True, _grouped(VALID[:5] + "2" + VALID[6:]), 1, True),  # one digit misread on a card: read again
        (True, _grouped(VALID), 0, True),  # read right the first time: no second read
        (False, _grouped(VALID[:5] + "2" + VALID[6:]), 0, False),  # not on a card: no second read
        (True, f"{VALID[:5]}2{VALID[6:]}", 0, False),  # not printed 4-4-4: no card number to re-read
    ],
)
def test_a_card_number_whose_check_digit_fails_is_read_again_with_digits_only(  # type: ignore[no-untyped-def]
    signals, card: bool, general: str, reads: int, verified: bool
) -> None:
    assert VALID[5] != "2"
    signals(card=card)
    ocr = _DigitsOcr(["個人番号", general], [_grouped(VALID)])
    ctx = ImageContext(decode(Image.fromarray(np.full((500, 800, 3), 255, np.uint8))), ocr=ocr)
    found = list(IdNumberDetector().detect(ctx))
    assert ocr.digit_reads == reads
    assert any(f.verified for f in found) is verified


@pytest.mark.parametrize(
    "number",
    [f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}", "3714 496353 98431"],  # 4-4-4-4; American Express 4-6-5
)
def test_a_payment_card_number_on_a_photographed_card_is_counter_evidence(signals, number: str) -> None:  # type: ignore[no-untyped-def]
    signals(card=True)
    (f,) = _detect(["NORTH CREDIT", number, "VALID THRU 10/26", "SATO AKEMI"])
    assert f.label is Label.PHOTO and not f.supporting
    assert f.score > 0.7  # outscores a card shape with a portrait-like blob (at most 0.7)
    assert f.pii[0].kind == "payment_card_number" and f.evidence[0].value.endswith("**" + number[-2:])


@pytest.mark.parametrize(("conf", "counter"), [(90.0, True), (10.0, False)])
def test_a_payment_grouping_read_from_a_garbled_line_is_no_counter_evidence(signals, conf: float, counter: bool) -> None:  # type: ignore[no-untyped-def]
    """A small licence's rows, read at confidence 10, gave "@8018 058078 12345": Luhn-valid by chance."""
    signals(card=True)
    number = f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}"
    ctx = ImageContext(decode(Image.new("RGB", (800, 500), "white")), ocr=FakeOcr(["運転免許証", number], conf=conf))
    (f,) = [f for f in IdNumberDetector().detect(ctx) if f.pii and f.pii[0].kind == "payment_card_number"]
    assert (f.label is Label.PHOTO and not f.supporting) is counter
    assert f.supporting is not counter


@pytest.mark.parametrize(
    ("lines", "label"),
    [
        (["個人番号", f"{VALID[:4]} {VALID[4:8]} {VALID[8:]}"], Label.ID_CARD),  # a verified number decides
        (["NORTH CREDIT", "SATO AKEMI"], Label.PHOTO),  # a portrait-like blob on a payment card
    ],
)
def test_a_payment_card_number_outweighs_a_portrait_but_not_a_verified_id(signals, lines: list[str], label: Label) -> None:  # type: ignore[no-untyped-def]
    signals(card=True)
    ocr = FakeOcr([*lines, f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}"])
    result = Engine(detectors=[CardWithPortrait(), IdNumberDetector()], ocr=ocr).scan_one(Image.new("RGB", (800, 500), "white"))
    assert result.label is label



@pytest.mark.parametrize(("number", "verified"), [(_grouped(VALID), True), (VALID, False)])
def test_a_number_read_whole_only_in_a_read_the_card_view_did_not_keep_still_verifies(  # type: ignore[no-untyped-def]
    signals, number: str, verified: bool
) -> None:
    """The document view keeps its most confident read: here the turned read of grain, whose many
    words outscore the upright read that holds the number. A number there verifies by its own
    context (printed 4-4-4); the card outline alone does not vouch for a read the view set aside."""
    signals(card=True)
    garbage = ["WEE RANT TOES HEWN"] * 8
    ocr = FakeOcrInTurn(FakeOcr([number]), FakeOcr(garbage))
    ctx = ImageContext(decode(Image.fromarray(np.full((500, 800, 3), 255, np.uint8))), ocr=ocr)
    assert [ln.text for ln in ctx.document_ocr().lines] == garbage  # the number's read was not kept
    found = list(IdNumberDetector().detect(ctx))
    assert any(f.verified and f.pii[0].kind == "individual_number" for f in found) is verified


def _insurance_card_back(insurer: str) -> np.ndarray:
    """A photographed card whose only ID word is 保険者番号 (read by the real OCR), with ``insurer`` beside it."""
    import layout_images as li
    from PIL import ImageDraw, ImageFont

    card = Image.new("RGB", (856, 540), (236, 244, 250))
    d = ImageDraw.Draw(card)
    jp = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 40)
    d.text((50, 60), f"保険者番号  {insurer}", fill=(20, 20, 30), font=jp)
    d.text((50, 170), "東京都千代田区霞が関一丁目", fill=(20, 20, 30), font=jp)
    d.text((50, 280), "令和七年四月一日", fill=(20, 20, 30), font=jp)
    mask = np.full((540, 856), 255, np.uint8)
    scene, _ = li.place(li.wood(1280, 960), np.asarray(card), mask, width_frac=0.6)
    return scene


@pytest.mark.parametrize(("insurer", "label"), [(INSURER, "id_card"), ("01130013", "photo")])
def test_a_photographed_card_is_an_id_by_its_insurer_numbers_check_digit(insurer: str, label: str) -> None:
    """The label alone is one weak cue (under 0.5); the number whose check digit passes makes it a card's."""
    from pii_scan.api import scan_image

    buf = io.BytesIO()
    Image.fromarray(_insurance_card_back(insurer)).save(buf, format="PNG")
    r = scan_image(buf.getvalue(), name="card.png")
    assert r.label.value == label
    kinds = {e.kind for f in r.findings for e in f.evidence}
    assert ("insurer_number" in kinds) is (label == "id_card")
