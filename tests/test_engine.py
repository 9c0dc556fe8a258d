"""The engine runs detectors, isolates their failures and feeds the classifier."""

import numpy as np
from PIL import Image

from pii_scan import BaseDetector, Evidence, Label, scan_image
from pii_scan.engine import Engine, ScanOptions
from pii_scan.testing import FakeOcr


class Boom(BaseDetector):
    name = "test.boom"
    label = Label.ID_CARD

    def detect(self, ctx):
        raise RuntimeError("kaboom")


class SaysId(BaseDetector):
    name = "test.says_id"
    label = Label.ID_CARD
    needs_ocr = True

    def detect(self, ctx):
        text = ctx.document_ocr().text
        if "運転免許証" in text:
            yield self.finding(0.8, "keyword", Evidence("keyword", "ocr", "運転免許証"))


class Verified(BaseDetector):
    name = "test.verified"
    label = Label.ID_CARD

    def detect(self, ctx):
        yield self.finding(0.9, "check digits valid", verified=True)


class NeverPasses(BaseDetector):
    name = "test.gated"
    label = Label.TICKET_SCREENSHOT
    needs_ocr = True
    calls = 0

    def prefilter(self, ctx):
        return False

    def detect(self, ctx):  # pragma: no cover - must not run
        NeverPasses.calls += 1
        return []


IMG = Image.fromarray(np.full((300, 480, 3), 255, np.uint8))


def test_a_raising_detector_is_recorded_and_the_others_still_decide():
    ocr = FakeOcr(["運転免許証"])
    r = Engine(ScanOptions(), detectors=[Boom(), SaysId()], ocr=ocr).scan_one(IMG)
    assert r.label is Label.ID_CARD
    assert len(r.detector_errors) == 1 and r.detector_errors[0].startswith("test.boom: RuntimeError in ")
    assert "kaboom" not in r.detector_errors[0]  # an exception's text may quote the image: withheld


def test_ocr_runs_once_per_view_and_only_when_asked():
    ocr = FakeOcr(["運転免許証"])
    eng = Engine(ScanOptions(), detectors=[SaysId(), NeverPasses()], ocr=ocr)
    r = eng.scan_one(IMG)
    assert ocr.calls == 1 and r.ocr_ran and NeverPasses.calls == 0


def test_prefilter_false_means_no_ocr():
    ocr = FakeOcr(["予約番号"])
    r = Engine(ScanOptions(), detectors=[NeverPasses()], ocr=ocr).scan_one(IMG)
    assert ocr.calls == 0 and not r.ocr_ran and r.label is Label.PHOTO


def test_verified_finding_stops_the_cascade():
    ocr = FakeOcr(["運転免許証"])
    r = Engine(ScanOptions(), detectors=[Verified(), SaysId()], ocr=ocr).scan_one(IMG)
    assert r.label is Label.ID_CARD and r.confidence >= 0.99 and ocr.calls == 0


def test_disable_by_name_removes_a_detector():
    eng = Engine(ScanOptions(disable=("test.boom",)), detectors=[Boom(), Verified()])
    assert [d.name for d in eng.detectors] == ["test.verified"]


def test_scan_image_accepts_bytes_and_reports_bad_bytes_as_error():
    r = scan_image(b"not an image", name="x.jpg", detectors=[Verified()], ocr="none")
    assert r.label is None and "not an image" in r.error


class _WarmOcr(FakeOcr):
    def __init__(self) -> None:
        super().__init__(["運転免許証"])
        self.warmed: list[str] = []

    def warm(self, lang: str) -> None:
        self.warmed.append(lang)


def test_warm_opens_the_ocr_models_for_the_scan_language_only_when_a_detector_reads():
    ocr = _WarmOcr()
    Engine(ScanOptions(lang="eng"), detectors=[SaysId()], ocr=ocr).warm()
    assert ocr.warmed == ["eng"] and ocr.calls == 0
    idle = _WarmOcr()
    Engine(ScanOptions(), detectors=[Verified()], ocr=idle).warm()
    assert idle.warmed == []
    Engine(ScanOptions(), detectors=[SaysId()], ocr=FakeOcr()).warm()  # a backend without warm: no error


def test_a_worker_warms_its_engine_once_before_the_first_image_clock(monkeypatch):
    from pii_scan import api

    ocr = _WarmOcr()
    engine = Engine(ScanOptions(), detectors=[SaysId()], ocr=ocr)
    monkeypatch.setattr(api, "_engine_for", lambda options, detectors: engine)
    monkeypatch.setattr(api, "_warmed", 0)
    monkeypatch.setattr(engine, "scan_one", lambda path: path)
    assert api._scan_path(ScanOptions(), None, "a.jpg") == "a.jpg"
    api._scan_path(ScanOptions(), None, "b.jpg")
    assert ocr.warmed == ["jpn+eng"]
