"""Wipe-tool integration: recommend(), ScanSummary, progress and cancel, and examples/wipe_tool.py,
which asks first and deletes exactly what it listed (on a copy of sample images)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import image_bytes
from pii_scan import BaseDetector, Evidence, ImageResult, Label, ScanSummary, iter_scan, recommend
from pii_scan.models import Finding

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "wipe_tool.py"
SAMPLES = ROOT / "sample_images"
# Sure ID cards and a ticket, a passport the scanner is less sure of, and three photos.
PICK = ("img_0001.jpg", "img_0003.jpg", "img_0006.jpg", "img_0010.jpg", "img_0005.png", "img_0016.jpg", "img_0023.jpg")


def _truth() -> dict[str, str]:
    with open(SAMPLES / "labels.csv", newline="", encoding="utf-8") as fh:
        return {row["file"]: row["label"] for row in csv.DictReader(fh)}


@pytest.fixture
def pulled(tmp_path: Path) -> Path:
    folder = tmp_path / "DCIM"
    folder.mkdir()
    for name in PICK:
        shutil.copy2(SAMPLES / name, folder / name)
    return folder


def _run(folder: Path, answer: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run(
        [sys.executable, str(EXAMPLE), str(folder), "--jobs", "1"],
        input=answer, capture_output=True, text=True, env=env, timeout=300,
    )


def _listed(out: str, tag: str) -> set[str]:
    return {os.path.basename(line.split(None, 1)[1]) for line in out.splitlines() if line.startswith(tag + "  ")}


@pytest.mark.ocr
@pytest.mark.parametrize("answer", ["n\n", "", "yes please\n"], ids=["no", "eof", "not_exactly_yes"])
def test_wipe_example_deletes_nothing_without_a_yes(pulled, answer):
    proc = _run(pulled, answer)
    assert proc.returncode == 0, proc.stderr[-500:]
    assert "Delete " in proc.stdout and "Nothing deleted." in proc.stdout
    assert sorted(os.listdir(pulled)) == sorted(PICK)


@pytest.mark.ocr
def test_wipe_example_deletes_exactly_the_listed_files_on_yes(pulled):
    proc = _run(pulled, "y\n")
    assert proc.returncode == 0, proc.stderr[-500:]
    listed = _listed(proc.stdout, "DELETE")
    truth = _truth()
    assert listed, proc.stdout
    assert all(truth[name] != "photo" for name in listed)  # never a photo
    assert set(os.listdir(pulled)) == set(PICK) - listed
    assert _listed(proc.stdout, "REVIEW").isdisjoint(listed)


# ---- the library side: recommend, ScanSummary, progress and cancellation (no OCR) -------------


def _r(label, conf, *findings, error=None, detector_errors=()):
    if label is None:
        return ImageResult.unreadable("x.jpg", error or "x.jpg: empty file")
    return ImageResult("x.jpg", label, conf, findings=tuple(findings), detector_errors=tuple(detector_errors))


_WEAK_CARD = Finding("id.card_layout", Label.ID_CARD, 0.4, "card shape")
_WEAK_SUPPORT = Finding("screen.traits", Label.TICKET_SCREENSHOT, 0.9, "screen", supporting=True)


@pytest.mark.parametrize(
    "result, kw, action",
    [
        (_r(Label.ID_CARD, 0.98), {}, "delete"),
        (_r(Label.TICKET_SCREENSHOT, 0.90), {}, "delete"),
        (_r(Label.ID_CARD, 0.89), {}, "review"),
        (_r(Label.ID_CARD, 0.89), {"delete_at": 0.8}, "delete"),
        (_r(Label.PHOTO, 0.99), {}, "keep"),
        (_r(Label.PHOTO, 0.6, _WEAK_CARD), {}, "keep"),
        (_r(Label.PHOTO, 0.6, _WEAK_CARD), {"review_at": 0.3}, "review"),
        (_r(Label.PHOTO, 0.99, _WEAK_SUPPORT), {"review_at": 0.1}, "keep"),  # support alone never counts
        (_r(Label.PHOTO, 0.99, detector_errors=["id.mrz: boom"]), {}, "review"),
        (_r(None, 0.0), {}, "review"),
    ],
    ids=["sure_card", "ticket_at_threshold", "unsure_card", "lower_delete_at", "photo", "weak_card_photo",
         "weak_card_low_review_at", "supporting_only", "detector_error", "unreadable"],
)
def test_recommend(result, kw, action):
    assert recommend(result, **kw) == action


@pytest.mark.parametrize("kw", [{"delete_at": 0.4, "review_at": 0.6}, {"delete_at": 1.2}, {"review_at": -0.1}])
def test_recommend_rejects_inconsistent_thresholds(kw):
    with pytest.raises(ValueError):
        recommend(_r(Label.PHOTO, 0.9), **kw)


def test_scan_summary_collects_flagged_files_errors_and_actions():
    results = [
        ImageResult("a.jpg", Label.ID_CARD, 0.95),
        ImageResult("b.png", Label.TICKET_SCREENSHOT, 0.7),
        ImageResult("c.jpg", Label.PHOTO, 0.99, detector_errors=("id.mrz: boom",)),
        ImageResult("d.jpg", Label.PHOTO, 0.99),
        ImageResult.unreadable("e.jpg", "e.jpg: truncated"),
    ]
    s = ScanSummary.of(results)
    assert s.total == 5 and s.flagged == 2 and s.unreadable == 1
    assert s.flagged_files == ["a.jpg", "b.png"]
    assert s.to_delete == ["a.jpg"] and s.to_review == ["b.png", "c.jpg", "e.jpg"] and s.kept == 1
    assert s.errors == [("c.jpg", "id.mrz: boom"), ("e.jpg", "e.jpg: truncated")]
    d = s.to_dict()
    assert d["actions"]["delete"] == ["a.jpg"] and d["by_label"]["id_card"] == 1


class _RedIsCard(BaseDetector):
    name = "test.red"
    label = Label.ID_CARD

    def detect(self, ctx):
        if ctx.image.small[..., 0].mean() > 150:
            yield self.finding(0.95, "red", Evidence("colour", "layout", 1.0))


@pytest.fixture
def colours(tmp_path):
    for i in range(6):
        colour = (220, 10, 10) if i % 2 else (10, 10, 220)
        (tmp_path / f"img{i}.png").write_bytes(image_bytes("PNG", color=colour))
    return tmp_path


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_reports_every_image_with_a_known_total(colours, jobs):
    calls = []
    results = list(iter_scan(colours, detectors=[_RedIsCard()], jobs=jobs, ocr="none", progress=lambda d, t: calls.append((d, t))))
    assert calls == [(i, 6) for i in range(7)]
    assert len(results) == 6


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("stop_after", [0, 2])
def test_cancel_stops_the_scan_early(colours, jobs, stop_after):
    cancel = threading.Event()
    if stop_after == 0:
        cancel.set()
    got = []
    for r in iter_scan(colours, detectors=[_RedIsCard()], jobs=jobs, ocr="none", cancel=cancel):
        got.append(r)
        if len(got) == stop_after:
            cancel.set()
    assert len(got) == stop_after


def test_an_unset_cancel_event_changes_nothing(colours):
    got = list(iter_scan(colours, detectors=[_RedIsCard()], jobs=1, ocr="none", cancel=threading.Event()))
    assert len(got) == 6 and sum(r.flagged for r in got) == 3
