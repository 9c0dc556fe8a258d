"""photo.payment_card: a card naming a payment card network is counter-evidence to an ID."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from stand_ins import CardWithPortrait

from pii_scan.detectors.payment_card import PaymentCardDetector
from pii_scan.engine import Engine
from pii_scan.models import Label
from pii_scan.testing import FakeOcr, make_context

PAYMENT = {
    "visa_held_in_hand": ["SORA BANK CARD", "533 4390", "VISA"],
    "mastercard_debit": ["Minato Bank", "Debit", "VALID THRU 09/29", "TARO YAMADA", "mastercard"],
    "jcb_japanese": ["みなとカード", "クレジットカード", "JCB"],
    "unionpay": ["銀聯", "UnionPay", "6212 3456 7890 1234"],
}  # fmt: skip
NOT_PAYMENT = {
    "driving_licence": ["運転免許証", "氏名 山田 太郎 昭和61年5月1日生", "第 123456789012 号"],
    # validity and kind without a network: a point card or a gift card
    "point_card": ["MINATO POINT CARD", "VALID THRU 12/28", "PREPAID"],
    "inside_a_word": ["ADVISABLE TO CARRY", "DISCOVERY CENTRE MEMBER"],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(PAYMENT))
def test_a_card_naming_a_network_makes_a_photo_finding(card_signals, name: str) -> None:  # type: ignore[no-untyped-def]
    ctx = make_context(ocr_lines=PAYMENT[name])
    det = PaymentCardDetector()
    assert det.prefilter(ctx)
    (found,) = det.detect(ctx)
    assert found.label is Label.PHOTO and not found.supporting
    assert found.score >= 0.7  # at least a portrait on a card shape scores (0.55 + 0.15 x quad score)
    assert "network" in {e.value for e in found.evidence}


@pytest.mark.parametrize("name", sorted(NOT_PAYMENT))
def test_cards_naming_no_network_make_none(card_signals, name: str) -> None:  # type: ignore[no-untyped-def]
    assert PaymentCardDetector().detect(make_context(ocr_lines=NOT_PAYMENT[name])) == []


def test_more_payment_cues_score_higher(card_signals) -> None:  # type: ignore[no-untyped-def]
    (alone,) = PaymentCardDetector().detect(make_context(ocr_lines=["VISA"]))
    (more,) = PaymentCardDetector().detect(make_context(ocr_lines=PAYMENT["mastercard_debit"]))
    assert more.score > alone.score


def test_a_network_read_with_little_confidence_is_no_evidence(card_signals) -> None:  # type: ignore[no-untyped-def]
    ctx = make_context(ocr_lines=[])
    ctx._ocr_engine = FakeOcr(["VISA"], conf=20.0)
    assert PaymentCardDetector().detect(ctx) == []


@pytest.mark.parametrize("quad, screenshot, runs", [(True, 0.0, True), (False, 0.0, False), (True, 0.9, False)])
def test_runs_only_on_a_photographed_card(card_signals, quad: bool, screenshot: float, runs: bool) -> None:  # type: ignore[no-untyped-def]
    """A ticket screenshot paid by card names the network too: screenshots are left alone."""
    card_signals(quad=quad, screenshot=screenshot)
    assert PaymentCardDetector().prefilter(make_context(ocr_lines=PAYMENT["visa_held_in_hand"])) is runs


@pytest.mark.parametrize(
    "lines, label",
    [
        (PAYMENT["visa_held_in_hand"], Label.PHOTO),  # a chip taken for a portrait on the card shape
        (NOT_PAYMENT["driving_licence"], Label.ID_CARD),
        # a visa foil names VISA too: its title and MRZ-less fields still outscore the network
        (["IMMIGRANT VISA", "Surname SMITH", "Date of birth 01 FEB 1990", "Nationality USA"], Label.ID_CARD),
    ],
)
def test_a_card_with_a_portrait_is_an_id_unless_it_names_a_network(card_signals, lines, label) -> None:  # type: ignore[no-untyped-def]
    from pii_scan.detectors.id_vocabulary import IdVocabularyDetector

    engine = Engine(detectors=[CardWithPortrait(), IdVocabularyDetector(), PaymentCardDetector()], ocr=FakeOcr(lines))
    buf = io.BytesIO()
    Image.new("RGB", (800, 500), "white").save(buf, "PNG")
    assert engine.scan_one(buf.getvalue()).label is label
