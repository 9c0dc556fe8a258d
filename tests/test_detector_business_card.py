"""photo.business_card: a card whose print reads as a business card is counter-evidence to an ID."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from stand_ins import CardWithPortrait

from pii_scan.context import ImageContext
from pii_scan.decode import decode
from pii_scan.detectors.business_card import BusinessCardDetector, business_card_families
from pii_scan.engine import Engine
from pii_scan.models import Label
from pii_scan.testing import FakeOcr, make_context

BUSINESS = {
    "ja": ["株式会社ミナトテック", "営業部 課長", "鈴木 一郎", "〒100-0001 東京都千代田区1-2-3",
           "TEL 03-1234-5678 FAX 03-1234-5679", "suzuki@minato.example.jp"],
    "en": ["Harbor Analytics Inc.", "Jane Roe", "Senior Consultant", "Phone: +44 20 7946 0958",
           "jane.roe@harbor.example.com", "www.harbor.example.com"],
    "misread": ["(株)ミナトテック", "携帯 090-1234-5678", "ichiro.suzuki@minato.example.jp"],
}  # fmt: skip
NOT_BUSINESS = {
    "driving_licence": ["運転免許証", "氏名 山田 太郎 昭和61年5月1日生", "住所 東京都千代田区霞が関2-1-2",
                        "第 123456789012 号"],
    # an employer's legal form is printed on Japanese health-insurance cards: no contact line, no cue
    "health_insurance": ["健康保険被保険者証", "事業所名称 株式会社ミナトテック", "保険者番号 01234567"],
    # a university's switchboard number alone is one family
    "student_id": ["STUDENT ID CARD", "Minato University", "TEL 03-1234-5678", "Valid until 2027/03/31"],
    "payment_card": ["SORA BANK", "4111 1111 1111 1111", "VALID THRU 12/28", "TARO YAMADA"],
    "unlabelled_phone": ["株式会社ミナトテック", "03-1234-5678"],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BUSINESS))
def test_business_card_print_makes_a_photo_finding(card_signals, name: str) -> None:  # type: ignore[no-untyped-def]
    ctx = make_context(ocr_lines=BUSINESS[name])
    det = BusinessCardDetector()
    assert det.prefilter(ctx)
    (found,) = det.detect(ctx)
    assert found.label is Label.PHOTO and not found.supporting
    assert found.score >= 0.69
    assert {e.value for e in found.evidence} & {"phone", "email", "web"}


@pytest.mark.parametrize("name", sorted(NOT_BUSINESS))
def test_identity_documents_and_other_cards_make_none(card_signals, name: str) -> None:  # type: ignore[no-untyped-def]
    ctx = make_context(ocr_lines=NOT_BUSINESS[name])
    assert list(BusinessCardDetector().detect(ctx)) == []


@pytest.mark.parametrize(
    ("line", "family"),
    [
        ("ンTEL 03-1234-5678", "phone"),  # kana glued to the Latin print by a jpn+eng read
        ("営業部MANAGER", "job_title"),
        ("ミナトテックCO., LTD.", "company"),
        ("詳しくはWWW.MINATO-TECH.CO.JP", "web"),
    ],
)
def test_business_card_labels_stand_as_latin_words_beside_kana(line: str, family: str) -> None:
    assert family in business_card_families([line])


@pytest.mark.parametrize(
    ("line", "family"),
    [("HOTEL 03-1234-5678", "phone"), ("TOOLMANAGER", "job_title"), ("NEWWWW.EXAMPLE.COM", "web")],
)
def test_business_card_labels_inside_a_latin_word_are_not_found(line: str, family: str) -> None:
    assert family not in business_card_families([line])


def test_more_families_score_higher() -> None:
    two = business_card_families(["TEL 03-1234-5678", "株式会社ミナトテック"])
    four = business_card_families(BUSINESS["ja"])
    assert set(two) == {"phone", "company"}
    assert set(four) == {"company", "job_title", "phone", "email"}


@pytest.mark.parametrize("quad, screenshot, runs", [(True, 0.0, True), (False, 0.0, False), (True, 0.9, False)])
def test_runs_only_on_a_photographed_card(card_signals, quad: bool, screenshot: float, runs: bool) -> None:  # type: ignore[no-untyped-def]
    card_signals(quad=quad, screenshot=screenshot)
    assert BusinessCardDetector().prefilter(make_context(ocr_lines=BUSINESS["ja"])) is runs


@pytest.mark.parametrize(
    "lines, label",
    [
        (BUSINESS["ja"], Label.PHOTO),  # card + portrait that reads as a business card
        (NOT_BUSINESS["driving_licence"], Label.ID_CARD),  # card + portrait without contact lines
    ],
)
def test_card_with_portrait_is_an_id_unless_it_reads_as_a_business_card(card_signals, lines, label) -> None:  # type: ignore[no-untyped-def]
    engine = Engine(detectors=[CardWithPortrait(), BusinessCardDetector()], ocr=FakeOcr(lines))
    result = engine.scan_one(_png())
    assert result.label is label


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (800, 500), "white").save(buf, "PNG")
    return buf.getvalue()


class _GreyContactPrint(FakeOcr):
    """Reads ``plain`` on the card as photographed, and ``plain`` + ``ink`` on a locally thresholded copy."""

    def __init__(self, plain: list[str], ink: list[str]) -> None:
        super().__init__(plain)
        # an address line, so the first read is good enough for the document read to stop there
        self.plain, self.ink, self.thresholded = [*plain, _ADDRESS], ink, 0

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        two_level = len(np.unique(image)) <= 2
        self.thresholded += two_level
        self.lines = self.plain + self.ink if two_level else self.plain
        return super().recognize(image, lang=lang, psm=psm, whitelist=whitelist)


_ADDRESS = "〒100-0001 東京都千代田区丸の内一丁目二番三号 ミナトビル五階 受付"


def _grainy_card() -> np.ndarray:
    return np.random.default_rng(0).integers(150, 256, (500, 800, 3), dtype=np.uint8)


@pytest.mark.parametrize(
    "plain, ink, thresholded, business",
    [
        # a company and a name read; the small grey TEL line only on the thresholded copy
        (["株式会社ミナトテック", "鈴木 一郎 営業部"], ["TEL 03-1234-5678"], 1, True),
        # an employer on a health-insurance card: looked at again, still no contact line
        (["健康保険被保険者証", "事業所名称 株式会社ミナトテック"], ["保険者番号 01234567"], 1, False),
        # no business-card word at all: no second look
        (["運転免許証", "氏名 山田 太郎", "第 123456789012 号"], ["TEL 03-1234-5678"], 0, False),
    ],
)  # fmt: skip
def test_a_card_with_a_company_but_no_contact_line_is_read_again_thresholded(
    card_signals, plain: list[str], ink: list[str], thresholded: int, business: bool  # type: ignore[no-untyped-def]
) -> None:
    ocr = _GreyContactPrint(plain, ink)
    ctx = ImageContext(decode(Image.fromarray(_grainy_card())), ocr=ocr)
    found = BusinessCardDetector().detect(ctx)
    assert ocr.thresholded == thresholded
    assert bool(found) is business
    if business:
        assert "phone" in {e.value for e in found[0].evidence}
