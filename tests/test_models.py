import json

import pytest

from pii_scan.models import BBox, Evidence, Finding, ImageResult, Label, PiiValue


def test_label_values_are_the_public_contract():
    assert [lab.value for lab in Label] == ["id_card", "ticket_screenshot", "photo"]
    assert Label("id_card") is Label.ID_CARD
    assert Label.ID_CARD.flagged and Label.TICKET_SCREENSHOT.flagged and not Label.PHOTO.flagged


def test_finding_rejects_score_outside_unit_interval():
    with pytest.raises(ValueError):
        Finding("x", Label.ID_CARD, 1.2, "too sure")


def _result() -> ImageResult:
    pii = PiiValue("my_number", "**********12", "123456789012")
    f = Finding("id.numbers", Label.ID_CARD, 0.99, "valid number", verified=True,
                evidence=(Evidence("number", "ocr", "**********12", BBox(1, 2, 3, 4)),), pii=(pii,))
    return ImageResult("a.jpg", Label.ID_CARD, 0.99, findings=(f,), reasons=("x",))


def test_to_dict_masks_pii_by_default_and_is_json_safe():
    d = _result().to_dict()
    text = json.dumps(d)
    assert "123456789012" not in text
    assert d["pii"] == [{"kind": "my_number", "masked": "**********12"}]
    assert d["findings"][0]["bbox"] == {"x": 1, "y": 2, "w": 3, "h": 4}


def test_to_dict_shows_pii_only_when_asked():
    assert "123456789012" in json.dumps(_result().to_dict(show_pii=True))


def test_repr_of_a_result_never_contains_the_raw_value():
    assert "123456789012" not in repr(_result())


def test_unreadable_result_has_no_label_and_is_not_flagged():
    r = ImageResult("x.jpg", None, 0.0, error="x.jpg: empty file")
    assert not r.flagged and r.to_dict()["label"] is None


@pytest.mark.parametrize(
    ("other", "held"),
    [(BBox(40, 40, 20, 20), True), (BBox(90, 90, 20, 20), True), (BBox(95, 40, 20, 20), False), (BBox(0, 0, 10, 10), False)],
)
def test_a_box_holds_the_centre_of_another(other: BBox, held: bool) -> None:
    assert BBox(10, 10, 90, 90).holds_centre_of(other) is held
