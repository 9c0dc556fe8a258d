"""scan / iter_scan / CLI behaviour with detectors that need no OCR."""

import json
import os
import stat

import pytest

from conftest import image_bytes
from pii_scan import BaseDetector, Evidence, Label, iter_scan, scan
from pii_scan.cli import main


class RedIsTicket(BaseDetector):
    """Test detector: a mostly red image 'is' a ticket screenshot."""

    name = "test.red"
    label = Label.TICKET_SCREENSHOT

    def detect(self, ctx):
        px = ctx.image.small.reshape(-1, 3).mean(axis=0)
        if px[0] > 150 and px[1] < 80:
            yield self.finding(0.9, "red", Evidence("colour", "layout", float(px[0])))


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "red.png").write_bytes(image_bytes("PNG", color=(220, 10, 10)))
    (tmp_path / "blue.jpg").write_bytes(image_bytes("JPEG", color=(10, 10, 220)))
    (tmp_path / "empty.jpg").write_bytes(b"")
    return tmp_path


def test_scan_returns_sorted_results_with_per_file_errors(folder):
    results = scan(folder, detectors=[RedIsTicket()], jobs=1, ocr="none")
    assert [os.path.relpath(r.path, folder) for r in results] == ["blue.jpg", "empty.jpg", "sub/red.png"]
    assert [r.label for r in results] == [Label.PHOTO, None, Label.TICKET_SCREENSHOT]
    assert "empty" in results[1].error


def test_process_pool_gives_the_same_results_as_one_process(folder):
    one = [(r.path, r.label) for r in scan(folder, detectors=[RedIsTicket()], jobs=1, ocr="none")]
    two = [(r.path, r.label) for r in scan(folder, detectors=[RedIsTicket()], jobs=2, ocr="none")]
    assert one == two


def test_iter_scan_streams_every_file_once(folder):
    paths = sorted(r.path for r in iter_scan(folder, detectors=[RedIsTicket()], jobs=2, ocr="none"))
    assert len(paths) == len(set(paths)) == 3


def _read(path):
    with open(path, "rb") as fh:
        return fh.read()


def test_scan_never_changes_the_tree(folder):
    def snapshot():
        return {
            p: (os.stat(p).st_mtime_ns, os.stat(p).st_mode, _read(p))
            for p in (os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs)
        }

    before = snapshot()
    scan(folder, detectors=[RedIsTicket()], jobs=2, ocr="none")
    assert snapshot() == before


def _cli(capsys, *args):
    code = main([*args, "--ocr", "none", "--jobs", "1", "--no-progress"])
    return code, capsys.readouterr()


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "table"])
def test_cli_formats_list_every_image(folder, capsys, fmt):
    code, out = _cli(capsys, str(folder), "--format", fmt, "--verbose")
    assert code in (0, 1)
    text = out.out
    for name in ("blue.jpg", "empty.jpg", "red.png"):
        assert name in text
    if fmt == "jsonl":
        records = [json.loads(line) for line in text.splitlines()]
        assert {"path", "label", "confidence", "findings", "error"} <= set(records[0])
    if fmt == "json":
        assert json.loads(text)["summary"]["unreadable"] == 1


def test_cli_exit_code_2_when_nothing_readable(tmp_path, capsys):
    (tmp_path / "a.jpg").write_bytes(b"garbage")
    code, out = _cli(capsys, str(tmp_path))
    assert code == 2 and "no image could be read" in out.err


def test_cli_exit_code_2_on_usage_error(capsys):
    assert main(["--format", "nope", "x"]) == 2


def test_cli_report_file_is_private(folder, tmp_path, capsys):
    out = tmp_path / "report.jsonl"
    _cli(capsys, str(folder / "blue.jpg"), "--format", "jsonl", "--output", str(out))
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert json.loads(out.read_text().splitlines()[0])["label"] == "photo"


def test_cli_lists_installed_detectors(capsys):
    assert main(["detectors"]) == 0
    text = capsys.readouterr().out
    for name in ("id.mrz", "id.card_layout", "ticket.vocabulary", "screen.traits"):
        assert name in text
