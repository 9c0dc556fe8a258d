"""A scan on our process pool keeps its parent lean; the engine is built and checked in a worker.

The parent of a pool only lists files, collects results and groups copies:
it must not load numpy, OpenCV or a detector (some 40 MB of a DCIM scan's
memory). A scan in this process (``jobs=1``) loads them, as it must. A
missing OCR language still fails the scan before any result, also when the
check ran in a worker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from pii_scan import OcrUnavailable, iter_scan

SRC = str(Path(__file__).resolve().parents[1] / "src")

_PROBE = """
import json, sys
from pii_scan import scan
results = scan(sys.argv[1], jobs=int(sys.argv[2]), ocr="none")
heavy = ("numpy", "cv2", "pii_scan.detectors.card_layout", "pii_scan.signals", "pii_scan.context")
print(json.dumps({"labels": sorted(r.label.value for r in results), "loaded": [m for m in heavy if m in sys.modules]}))
"""


def _folder(tmp_path: Path) -> Path:
    for i, colour in enumerate([(200, 30, 30), (30, 200, 30), (30, 30, 200)]):
        Image.new("RGB", (96, 64), colour).save(tmp_path / f"{i}.png")
    return tmp_path


@pytest.mark.parametrize(("jobs", "lean"), [(2, True), (1, False)], ids=["pool", "in-process"])
def test_the_parent_of_a_pool_scan_loads_no_image_library_or_detector(tmp_path, jobs, lean):
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(_folder(tmp_path)), str(jobs)],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )  # fmt: skip
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["labels"] == ["photo", "photo", "photo"]  # the scan itself ran
    assert (report["loaded"] == []) is lean, report["loaded"]


@pytest.mark.parametrize("jobs", [2, 1], ids=["pool", "in-process"])
@pytest.mark.parametrize(("lang", "fails"), [("xq_nonexistent", True), ("eng", False)])
def test_a_missing_ocr_language_fails_the_scan_before_any_result(tmp_path, jobs, lang, fails):
    stream = iter_scan(_folder(tmp_path), jobs=jobs, lang=lang)
    try:
        if fails:
            with pytest.raises(OcrUnavailable, match="xq_nonexistent"):
                next(stream)
        else:
            assert next(stream).error is None
    finally:
        stream.close()


def _rss_mb() -> float:
    with open("/proc/self/statm", "rb") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_trim_heap_hands_freed_holes_of_the_heap_back():
    from pii_scan.engine import _glibc, trim_heap

    if _glibc("malloc_trim") is None:
        pytest.skip("not glibc")
    blocks = [bytearray(64 << 10) for _ in range(800)]  # 50 MB in heap-sized pieces (under the mmap threshold)
    pin = bytearray(64 << 10)  # allocated last: the heap's top stays in use, so free() alone cannot shrink it
    del blocks
    before = _rss_mb()
    assert trim_heap() is True
    assert before - _rss_mb() > 20
    del pin


@pytest.mark.parametrize(("images", "trims"), [(1, 0), (2, 1), (3, 1)])
def test_a_pool_worker_trims_its_heap_every_few_images(tmp_path, monkeypatch, images, trims):
    import pii_scan.api as api
    from pii_scan.engine import ScanOptions

    calls = []
    monkeypatch.setattr(api, "trim_heap", lambda: calls.append(1) or True)
    monkeypatch.setattr(api, "TRIM_EVERY", 2)
    monkeypatch.setattr(api, "_scanned", 0)
    for p in sorted(_folder(tmp_path).iterdir())[:images]:
        assert api._scan_path(ScanOptions(ocr="none"), None, str(p)).error is None
    assert len(calls) == trims


@pytest.mark.ocr
@pytest.mark.parametrize(("langs", "closed"), [(["jpn+eng", "eng"], 1), (["jpn+eng"], 0), (["eng", "jpn"], 2)])
def test_apis_of_other_languages_are_ended_and_reopen_on_demand(langs, closed):
    import numpy as np

    from pii_scan.ocr import tesserocr_backend as tb

    page = np.full((60, 240), 255, np.uint8)
    engine = tb.TesserocrEngine()
    tb.close_other_apis("")  # start from none open in this process
    for lang in langs:
        engine.recognize(page, lang=lang)
    assert tb.close_other_apis("jpn+eng") == closed
    assert {key[2] for key in tb._apis if key[0] == os.getpid()} == {"jpn+eng"} & set(langs)
    assert engine.recognize(page, lang="eng").words == ()  # opened again when asked for
    tb.close_other_apis("")


@pytest.mark.ocr
def test_a_call_waiting_for_an_api_that_gets_ended_opens_a_new_one():
    import threading

    import numpy as np

    from pii_scan.ocr import tesserocr_backend as tb

    page = np.full((60, 240), 255, np.uint8)
    engine = tb.TesserocrEngine()
    engine.recognize(page, lang="eng")
    key = next(k for k in tb._apis if k[0] == os.getpid() and k[2] == "eng")
    old_api, lock = tb._apis[key]
    results = []
    with lock:  # a call in another thread fetches the entry, then waits for its lock ...
        waiting = threading.Thread(target=lambda: results.append(engine.recognize(page, lang="eng")))
        waiting.start()
        closer = threading.Thread(target=tb.close_other_apis, args=("jpn+eng",))
        closer.start()  # ... while the entry is unregistered and waits to be ended
        while key in tb._apis:
            pass
    closer.join(30)
    waiting.join(30)
    assert results and results[0].words == ()
    assert tb._apis[key][0] is not old_api  # it read with a freshly opened API
    tb.close_other_apis("")


_CLI_PROBE = """
import json, sys
import pii_scan.cli as cli

seen = {}
describe = cli.with_detectors

def spy(*args, **kw):  # what this process had loaded when the scan was over, before describing
    seen["loaded"] = [m for m in ("cv2", "pii_scan.detectors.card_layout") if m in sys.modules]
    return describe(*args, **kw)

cli.with_detectors = spy
code = cli.main([sys.argv[1], "--jobs", "2", "--ocr", "none", "--format", "json", "-o", sys.argv[2], "--no-progress"])
print(json.dumps({"code": code, **seen}))
"""


def test_the_cli_describes_its_detectors_after_a_pool_scan_not_during_it(tmp_path):
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    report_path = tmp_path.parent / f"{tmp_path.name}-report.json"  # outside the scanned folder
    out = subprocess.run(
        [sys.executable, "-c", _CLI_PROBE, str(_folder(tmp_path)), str(report_path)],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )  # fmt: skip
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe["loaded"] == []  # the scan ran without the detectors in this process
    doc = json.loads(report_path.read_text(encoding="utf-8"))
    assert list(doc)[:3] == ["schema_version", "scanner", "detectors"]
    assert {"id.card_layout", "ticket.vocabulary"} <= {d["name"] for d in doc["detectors"]}
    assert len(doc["results"]) == 3
