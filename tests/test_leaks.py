"""Nothing leaks: no raw PII value in anything a scan prints, writes or logs.

Cards with known fake values (pii_scan.synth's generator: an Individual
Number, a driver's licence number, passport and EU ID MRZs with names and
dates) are photographed onto a plain background and scanned for real
(Tesseract), once through the process pool with DEBUG logging on and a
plugin detector whose exception quotes a value, and once through the CLI in
a subprocess. The results are then written by the CLI in every format, to
stdout and to ``--output`` files, plain and ``--verbose``. Every byte is
searched for every raw value, with and without separators. ``--show-pii``
must show them: so the search is known to work.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import subprocess
import sys

import pytest
from PIL import Image

import faultkit
from pii_scan import cli, iter_scan
from pii_scan.detectors import load_detectors
from pii_scan.synth.cards import render_card

pytestmark = pytest.mark.ocr

CARDS = ("mynumber_back", "jp_driver_licence", "jp_passport", "eu_id_back")
FORMATS = ("table", "jsonl", "json", "csv")


def _photo(kind: str, seed: int) -> tuple[Image.Image, dict]:
    card, meta = render_card(kind, random.Random(seed))
    frame = Image.new("RGB", (card.width + 160, card.height + 160), (70, 80, 90))
    frame.paste(card, (80, 80), card)
    return frame, meta["fields"]


def _spellings(value: str) -> set[str]:
    """A value as it could appear in text: as is, without separators, digits grouped by 4 with ' ' or '-'."""
    out = {value}
    bare = re.sub(r"[\s\u3000<\-]+", "", value)
    out.add(bare)
    if bare.isdigit():
        groups = [bare[i : i + 4] for i in range(0, len(bare), 4)]
        out |= {" ".join(groups), "-".join(groups)}
    if "\u3000" in value:  # a Japanese name: with an ordinary space too
        out.add(value.replace("\u3000", " "))
    return {s for s in out if len(s) >= 4}


def _secrets(fields: dict) -> set[str]:
    out: set[str] = set()
    for key in ("number", "grouped", "name", "birth"):
        if key in fields:
            out |= _spellings(str(fields[key]))
    for line in fields.get("mrz", ()):
        out.add(line)
        out |= {part for part in line.split("<") if len(part) >= 6}  # number+check digits, dates, names
    return out


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("leaks")
    tree = root / "phone"
    tree.mkdir()
    secrets: set[str] = set()
    for i, kind in enumerate(CARDS):
        im, fields = _photo(kind, seed=5 + i)
        im.save(tree / f"{kind}.png")
        secrets |= _secrets(fields)
    quoted = next(s for s in secrets if s.isdigit() and len(s) == 12)  # what a careless plugin quotes
    dets = [*load_detectors(), faultkit.Raise("jp_driver_licence", text=f"read {quoted} near 氏名")]
    log = root / "debug.log"
    handler = logging.FileHandler(log, encoding="utf-8")
    root_logger = logging.getLogger()
    old_level = root_logger.level
    root_logger.addHandler(handler)
    root_logger.setLevel(logging.DEBUG)
    try:
        results = sorted(iter_scan(tree, detectors=dets, jobs=2), key=lambda r: r.path)
        for r in results:
            logging.debug("result %r %s", r, r)
            for f in r.findings:
                logging.info("finding %r", f)
    finally:
        root_logger.removeHandler(handler)
        root_logger.setLevel(old_level)
        handler.close()
    return {"root": root, "tree": tree, "results": results, "secrets": secrets, "log": log}


def _found(text: str, secrets: set[str]) -> list[str]:
    upper = text.upper()
    return sorted(s for s in secrets if s in text or s.upper() in upper)


def _cli_outputs(scanned: dict, monkeypatch, capsys, *, show_pii: bool) -> dict[str, str]:
    """Everything the CLI prints and writes for the scanned results, per format, stdout and file, -v or not."""
    monkeypatch.setattr(cli, "iter_scan", lambda *a, **k: (r for r in scanned["results"]))
    out: dict[str, str] = {}
    for fmt in FORMATS:
        for verbose in ([], ["--verbose"]):
            for to_file in (False, True):
                report = scanned["root"] / f"report{'-pii' if show_pii else ''}.{fmt}"
                args = [str(scanned["tree"]), "--format", fmt, *verbose, *(["--show-pii"] if show_pii else [])]
                args += ["--output", str(report)] if to_file else []
                code = cli.main(args)
                assert code == 1  # flagged
                got = capsys.readouterr()
                key = f"{fmt}{' -v' if verbose else ''}{' file' if to_file else ''}"
                out[key] = got.out + got.err + (report.read_text(encoding="utf-8") if to_file else "")
    return out


def test_the_cards_are_found_and_their_values_read(scanned):
    assert [r.label.value for r in scanned["results"]] == ["id_card"] * len(CARDS)
    read = {p.value for r in scanned["results"] for p in r.pii}
    assert len(read) >= len(CARDS)  # the scan did read values: there is something to leak


def test_default_reports_in_every_format_carry_no_raw_value(scanned, monkeypatch, capsys):
    leaks = {k: _found(v, scanned["secrets"]) for k, v in _cli_outputs(scanned, monkeypatch, capsys, show_pii=False).items()}
    assert {k: v for k, v in leaks.items() if v} == {}


def test_show_pii_does_show_the_values_so_the_search_works(scanned, monkeypatch, capsys):
    outputs = _cli_outputs(scanned, monkeypatch, capsys, show_pii=True)
    read = {p.value for r in scanned["results"] for p in r.pii}
    # The table cuts long lines, so it need only show some; the other formats show all.
    missing = {k: sorted(read - set(_found(t, read))) for k, t in outputs.items() if not k.startswith("table")}
    assert {k: v for k, v in missing.items() if v} == {}
    assert all(_found(t, read) for k, t in outputs.items() if k.startswith("table"))


def test_logs_reprs_and_detector_errors_carry_no_raw_value(scanned):
    assert _found(scanned["log"].read_text(encoding="utf-8"), scanned["secrets"]) == []
    errors = [e for r in scanned["results"] for e in r.detector_errors]
    assert any(e.startswith("test.raise: ValueError") for e in errors)  # the plugin did raise
    assert _found("\n".join(errors), scanned["secrets"]) == []
    assert _found(repr(scanned["results"]), scanned["secrets"]) == []


def test_cli_subprocess_prints_and_writes_no_raw_value(scanned):
    report = scanned["root"] / "sub.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "pii_scan", str(scanned["tree"]), "--format", "jsonl", "--output", str(report), "--jobs", "2"],
        capture_output=True,
        timeout=300,
        env=dict(os.environ, PYTHONWARNINGS="default"),
    )
    assert proc.returncode == 1, proc.stderr.decode(errors="replace")
    text = proc.stdout.decode() + proc.stderr.decode() + report.read_text(encoding="utf-8")
    assert len([json.loads(line) for line in report.read_text().splitlines()]) == len(CARDS)
    assert _found(text, scanned["secrets"]) == []
    assert sorted(p.name for p in scanned["tree"].iterdir()) == sorted(f"{k}.png" for k in CARDS)
