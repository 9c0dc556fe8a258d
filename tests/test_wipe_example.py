"""examples/wipe_tool.py on a copy of sample images: it asks first and deletes exactly what it listed."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
