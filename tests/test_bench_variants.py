"""Benchmark figures per manifest variant (e.g. thumb320), and the thumbnail variant the generator writes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PIL import Image

from pii_scan.evaluate_data import load_samples, read_variants
from pii_scan.evaluate_metrics import Record, summarise, variant_scores
from pii_scan.evaluate_report import format_report
from pii_scan.synth.build import MANIFEST_COLUMNS, write_csv
from pii_scan.synth.thumbs import build_thumbnails

ID, TICKET, PHOTO = "id_card", "ticket_screenshot", "photo"


def _rec(truth: str, predicted: str, variant: str) -> Record:
    return Record(file=f"{variant}-{truth}-{predicted}", truth=truth, predicted=predicted, variant=variant)


def test_recall_is_reported_per_variant() -> None:
    records = [
        _rec(ID, ID, "main"), _rec(ID, ID, "main"), _rec(TICKET, TICKET, "main"), _rec(PHOTO, ID, "main"),
        _rec(ID, ID, "thumb320"), _rec(ID, PHOTO, "thumb320"), _rec(TICKET, PHOTO, "thumb320"),
    ]  # fmt: skip
    rows = {r["variant"]: r for r in variant_scores(records)}
    assert sorted(rows) == ["main", "thumb320"]
    assert (rows["main"]["id_card_recall"], rows["main"]["ticket_screenshot_recall"]) == (1.0, 1.0)
    assert (rows["main"]["negatives"], rows["main"]["negatives_flagged"]) == (1, 1)
    assert (rows["thumb320"]["id_card_recall"], rows["thumb320"]["ticket_screenshot_recall"]) == (0.5, 0.0)
    assert rows["thumb320"]["negatives"] == 0


def test_no_variant_column_means_no_variant_table() -> None:
    assert variant_scores([Record("a", ID, ID), Record("b", PHOTO, PHOTO)]) == []


def test_record_round_trips_its_variant() -> None:
    r = _rec(ID, PHOTO, "thumb320")
    assert Record.from_dict(r.to_dict()) == r


@pytest.mark.parametrize(("columns", "expected"), [(("file", "label", "variant"), "thumb320"), (("file", "label"), "")])
def test_samples_carry_the_manifest_variant(tmp_path: Path, columns: tuple[str, ...], expected: str) -> None:
    Image.new("RGB", (32, 32)).save(tmp_path / "a.png")
    write_csv(tmp_path / "manifest.csv", columns, [{"file": "a.png", "label": ID, "variant": "thumb320"}])
    (sample,) = load_samples(str(tmp_path)).samples
    assert sample.variant == expected
    assert read_variants(str(tmp_path / "manifest.csv")) == ({"a.png": "thumb320"} if expected else {})


def test_report_prints_the_variant_table() -> None:
    records = [_rec(ID, ID, "main"), _rec(ID, PHOTO, "thumb320")]
    report = {
        "input": {"labels": "m.csv", "limit": None, "listed": 2, "missing": 0, "unlisted": 0},
        "options": {"jobs": 1, "ocr": "auto", "lang": "jpn+eng"},
        "accuracy": summarise(records),
        "speed": {"images": 2, "wall_seconds": 1.0, "images_per_second": 2.0, "p50_seconds": 0.5,
                  "p95_seconds": 0.5, "mean_seconds": 0.5, "ocr_share": 0.0, "ocr_share_negatives": None},
        "memory": {"self_mb": 1.0, "children_mb": None, "peak_rss_mb": 1.0},
        "images": [r.to_dict() for r in records],
    }  # fmt: skip
    text = format_report(report)
    assert "Recall by variant" in text
    thumb_line = next(ln for ln in text.splitlines() if ln.strip().startswith("thumb320"))
    assert "0.000 of 1" in thumb_line


def test_thumbnails_are_small_upright_positives_only(tmp_path: Path) -> None:
    src = tmp_path / "set"
    src.mkdir()
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways, shown upright after a quarter turn
    Image.new("RGB", (1200, 800), (200, 30, 30)).save(src / "a.jpg", exif=exif)
    Image.new("RGB", (1080, 2340), (30, 30, 200)).save(src / "b.png")
    Image.new("RGB", (640, 480)).save(src / "c.jpg")
    rows = [
        {"file": f, "label": lab, "subtype": "x", "presentation": "p", "variant": "main", "seed": "1"}
        for f, lab in (("a.jpg", ID), ("b.png", TICKET), ("c.jpg", PHOTO))
    ]
    write_csv(src / "manifest.csv", MANIFEST_COLUMNS, rows)
    out = build_thumbnails(src, tmp_path / "thumbs")
    assert [r["file"] for r in out] == ["thumbs/a.jpg", "thumbs/b.jpg"]
    assert {r["variant"] for r in out} == {"thumb320"}
    assert [r["label"] for r in out] == [ID, TICKET]
    with Image.open(tmp_path / "thumbs" / "thumbs" / "a.jpg") as im:
        assert im.size == (213, 320) and not im.getexif().get(0x0112)  # upright, no orientation tag
    with Image.open(tmp_path / "thumbs" / "thumbs" / "b.jpg") as im:
        assert max(im.size) == 320 and im.format == "JPEG"
    # the rows reference the thumbnails relative to the output folder
    write_csv(tmp_path / "thumbs" / "manifest.csv", MANIFEST_COLUMNS, out)
    with open(tmp_path / "thumbs" / "manifest.csv", newline="") as fh:
        assert [r["file"] for r in csv.DictReader(fh)] == ["thumbs/a.jpg", "thumbs/b.jpg"]
    assert [s.variant for s in load_samples(str(tmp_path / "thumbs")).samples] == ["thumb320", "thumb320"]
