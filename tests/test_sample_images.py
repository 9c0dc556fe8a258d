"""Golden test: real Tesseract on the committed sample images gives every expected label."""

import csv
from pathlib import Path

import pytest

import pii_scan
from pii_scan.evaluate import main_bench

SAMPLES = Path(__file__).resolve().parents[1] / "sample_images"

#: Known misses, each with the reason (docs/benchmark.md lists them too).
KNOWN_MISSES: dict[str, str] = {}


def _labels() -> dict[str, str]:
    with open(SAMPLES / "labels.csv", newline="", encoding="utf-8") as fh:
        return {row["file"]: row["label"] for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def results():
    return {Path(r.path).name: r for r in pii_scan.scan(SAMPLES, jobs=2)}


def _cases():
    for name, label in sorted(_labels().items()):
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[name])] if name in KNOWN_MISSES else []
        yield pytest.param(name, label, marks=marks, id=name)


@pytest.mark.ocr
@pytest.mark.parametrize("name, expected", list(_cases()))
def test_sample_image_gets_its_label(results, name, expected):
    r = results[name]
    assert r.error is None
    assert r.label.value == expected, r.reasons


@pytest.mark.ocr
def test_every_flagged_sample_explains_itself(results):
    for r in results.values():
        if r.flagged:
            assert r.reasons and r.findings and 0.5 <= r.confidence <= 1.0


@pytest.mark.ocr
def test_bench_runs_on_sample_images(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main_bench([str(SAMPLES), "--json", str(out), "--no-progress", "--jobs", "2"]) == 0
    text = capsys.readouterr().out
    assert "precision" in text.lower() and out.exists()
