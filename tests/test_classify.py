import pytest

from pii_scan.classify import THRESHOLD, classify
from pii_scan.models import Finding, Label

ID, TK, PH = Label.ID_CARD, Label.TICKET_SCREENSHOT, Label.PHOTO


def f(label, score, *, verified=False, supporting=False, name="d"):
    return Finding(name, label, score, "why", verified=verified, supporting=supporting)


@pytest.mark.parametrize(
    "findings, expected",
    [
        ((), Label.PHOTO),
        ((f(ID, 0.3, verified=True),), ID),  # verified is decisive even at a low score
        ((f(TK, 0.9), f(ID, 0.1, verified=True)), ID),
        ((f(TK, 0.9, supporting=True),), Label.PHOTO),  # supporting alone never decides
        ((f(ID, 0.9, supporting=True), f(ID, 0.9, supporting=True)), Label.PHOTO),
        ((f(TK, 0.45), f(TK, 0.9, supporting=True)), TK),  # 1 - 0.55 * 0.82 = 0.55
        ((f(TK, 0.26), f(TK, 0.98, supporting=True)), Label.PHOTO),  # weak words + strong screenshot: a chat
        ((f(TK, 0.3), f(TK, 0.3)), TK),  # two primary findings: noisy-OR 0.51
        ((f(TK, 0.4),), Label.PHOTO),
        ((f(ID, 0.6), f(TK, 0.6)), ID),  # tie goes to id_card
        ((f(ID, 0.55), f(TK, 0.8)), TK),
        # counter-evidence: a positive label must outscore what else the image reads as
        ((f(ID, 0.7), f(PH, 0.83)), Label.PHOTO),  # card + portrait, reads as a business card
        ((f(ID, 0.7), f(ID, 0.6), f(PH, 0.83)), ID),  # ... and also as an ID: 0.88 beats 0.83
        ((f(ID, 0.7), f(PH, 0.7)), Label.PHOTO),  # a tie is not a win
        ((f(ID, 0.7), f(PH, 0.9, supporting=True)), ID),  # supporting counter-evidence does not count
        ((f(ID, 0.2, verified=True), f(PH, 0.99)), ID),  # nor against a verified finding
    ],
)
def test_label_from_findings(findings, expected):
    assert classify(tuple(findings)).label is expected


def test_photo_confidence_falls_as_positive_evidence_grows():
    weak = classify((f(TK, 0.1),)).confidence
    strong = classify((f(TK, 0.45),)).confidence
    assert 0.5 <= strong < weak <= 0.99


def test_reasons_list_verified_then_primary_findings_first():
    d = classify((f(ID, 0.9, name="a"), f(ID, 0.5, verified=True, name="b")))
    assert d.reasons[0].startswith("b:")
    d = classify((f(TK, 0.99, supporting=True, name="s"), f(TK, 0.7, name="p")))
    assert [r[0] for r in d.reasons] == ["p", "s"]


def test_threshold_is_a_probability():
    assert 0 < THRESHOLD < 1


def test_outweighed_positive_evidence_names_the_counter_evidence():
    d = classify((f(ID, 0.7, name="layout"), f(PH, 0.83, name="photo.business_card")))
    assert d.label is Label.PHOTO
    assert "outweighed" in d.reasons[0]
    assert d.reasons[1].startswith("photo.business_card:")
    assert any(r.startswith("weak: layout:") for r in d.reasons)
    assert d.confidence == 0.83
