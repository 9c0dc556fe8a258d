"""Real JSON, JSON Lines and CSV output validates against docs/schema.json."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import image_bytes
from pii_scan import scan_image
from pii_scan.cli import main
from pii_scan.models import SCHEMA_VERSION, BBox, Evidence, Finding, ImageResult, Label, PiiValue

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "schema.json").read_text(encoding="utf-8"))


def validator(part: str | None = None) -> Draft202012Validator:
    """A validator for the whole report, or for one of the schema's ``$defs``."""
    schema = SCHEMA if part is None else {"$ref": f"#/$defs/{part}", "$defs": SCHEMA["$defs"]}
    return Draft202012Validator(schema)


def errors(part: str | None, doc: object) -> list[str]:
    return [e.message for e in validator(part).iter_errors(doc)]


def _rich() -> ImageResult:
    pii = PiiValue("my_number", "********9012", "123456789012")
    f = Finding(
        "id.numbers", Label.ID_CARD, 0.99, "valid Individual Number", verified=True,
        evidence=(Evidence("number", "ocr", "********9012", BBox(10, 20, 300, 40), {"digits": 12.0}),), pii=(pii,),
    )
    s = Finding("screen.traits", Label.TICKET_SCREENSHOT, 0.4, "screen", supporting=True, evidence=(Evidence("status_bar", "layout", 0.9),))
    return ImageResult("DCIM/<b>card</b>.jpg", Label.ID_CARD, 0.99, findings=(f, s), reasons=("id.numbers: valid",),
                       width=1000, height=700, format="JPEG", sha256="a" * 64, seconds=0.5, timings={"decode": 0.1})


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("show_pii", [False, True])
@pytest.mark.parametrize(
    "result",
    [_rich(), ImageResult.unreadable("x.jpg", "x.jpg: empty file"), ImageResult("p.png", Label.PHOTO, 0.9)],
    ids=["verified_card", "unreadable", "plain_photo"],
)
def test_result_records_validate(result, show_pii):
    rec = json.loads(json.dumps(result.to_dict(show_pii=show_pii)))
    assert rec["schema_version"] == SCHEMA_VERSION
    assert errors("result", rec) == []


def _broken(change):
    rec = json.loads(json.dumps(_rich().to_dict()))
    change(rec)
    return rec


@pytest.mark.parametrize(
    "rec",
    [
        _broken(lambda r: r.pop("schema_version")),
        _broken(lambda r: r.update(schema_version="2.0")),
        _broken(lambda r: r.update(label="passport")),
        _broken(lambda r: r.update(confidence=1.5)),
        _broken(lambda r: r["findings"][0].update(score=-0.1)),
        _broken(lambda r: r["findings"][0]["evidence"][0].update(bbox={"x": 1, "y": 2})),
        _broken(lambda r: r.update(location="bin")),
    ],
    ids=["no_version", "next_major", "unknown_label", "confidence_above_1", "negative_score", "half_a_box", "unknown_location"],
)
def test_near_miss_records_are_rejected(rec):
    assert errors("result", rec)


@pytest.mark.parametrize(
    "extra",
    [{"location": "trashed", "copy_of": "DCIM/a.jpg", "group": "g1"}, {"location": None, "copy_of": None, "group": None},
     {"location": "thumbnail"}, {"some_future_field": 1}],
    ids=["trashed_copy", "all_null", "thumbnail_only", "unknown_field_ignored"],
)
def test_optional_and_future_fields_are_accepted(extra):
    rec = {**_rich().to_dict(), **extra}
    assert errors("result", rec) == []


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "red.png").write_bytes(image_bytes("PNG", color=(220, 10, 10)))
    (tmp_path / "blue.jpg").write_bytes(image_bytes("JPEG", color=(10, 10, 220)))
    (tmp_path / "empty.jpg").write_bytes(b"")
    return tmp_path


def _cli(capsys, *args):
    code = main([*args, "--ocr", "none", "--jobs", "1", "--no-progress"])
    assert code in (0, 1)
    return capsys.readouterr().out


@pytest.mark.parametrize("show_pii", [False, True])
def test_json_output_is_a_valid_report_envelope(folder, capsys, show_pii):
    doc = json.loads(_cli(capsys, str(folder), "--format", "json", *(["--show-pii"] if show_pii else [])))
    assert errors(None, doc) == []
    assert doc["schema_version"] == SCHEMA_VERSION and doc["complete"] is True
    assert doc["options"]["show_pii"] is show_pii and doc["options"]["ocr"] == "none"
    assert doc["summary"]["images"] == len(doc["results"]) == 3
    assert {d["name"] for d in doc["detectors"]} >= {"id.card_layout", "screen.traits"}
    assert all(d["version"] for d in doc["detectors"])
    assert datetime.fromisoformat(doc["started"].replace("Z", "+00:00")) <= datetime.fromisoformat(doc["finished"].replace("Z", "+00:00"))


def test_json_envelope_lists_only_the_detectors_that_ran(folder, capsys):
    doc = json.loads(_cli(capsys, str(folder), "--format", "json", "--disable", "screen"))
    names = {d["name"] for d in doc["detectors"]}
    assert "screen.traits" not in names and "id.card_layout" in names


def test_every_jsonl_line_is_a_valid_result_record(folder, capsys):
    lines = _cli(capsys, str(folder), "--format", "jsonl").splitlines()
    assert len(lines) == 3
    for line in lines:
        assert errors("result", json.loads(line)) == []


def test_csv_columns_and_rows_follow_the_schema(folder, capsys):
    rows = list(csv.DictReader(io.StringIO(_cli(capsys, str(folder), "--format", "csv"))))
    assert list(rows[0]) == SCHEMA["$defs"]["csv_row"]["required"]
    assert len(rows) == 3
    for row in rows:
        assert errors("csv_row", row) == []


def test_a_csv_row_with_a_made_up_label_is_rejected():
    row = {k: "" for k in SCHEMA["$defs"]["csv_row"]["required"]}
    row.update(confidence="0.900", ocr_ran="0", schema_version=SCHEMA_VERSION)
    assert errors("csv_row", row) == []
    assert errors("csv_row", {**row, "label": "passport"})


@pytest.mark.ocr
@pytest.mark.parametrize("name", ["img_0017.jpg", "img_0001.jpg"])
def test_real_scanner_output_on_sample_images_validates(name):
    result = scan_image(str(ROOT / "sample_images" / name))
    for show_pii in (False, True):
        rec = json.loads(json.dumps(result.to_dict(show_pii=show_pii)))
        assert errors("result", rec) == [], name
    assert result.flagged and result.findings


def test_schema_and_code_agree_on_the_version():
    import re

    assert re.fullmatch(SCHEMA["$defs"]["schema_version"]["pattern"], SCHEMA_VERSION)
    assert SCHEMA["$id"].endswith(":" + SCHEMA_VERSION.split(".")[0])
