"""A third-party detector registered by entry point is loaded like the built-ins."""

import io
import sys
from pathlib import Path

import pytest
from PIL import Image

from pii_scan import Detector, Label, scan_image
from pii_scan.detectors import load_detectors, select_detectors
from pii_scan.errors import DetectorLoadError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "plugin"


@pytest.fixture
def installed_example(tmp_path, monkeypatch):
    """Make the example plugin importable and visible to importlib.metadata, as pip would."""
    dist = tmp_path / "pii_scan_example-0.1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: pii-scan-example\nVersion: 0.1.0\n")
    (dist / "entry_points.txt").write_text(
        "[pii_scan.detectors]\nexample.scanner_app = pii_scan_example:ScannerAppDetector\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(EXAMPLE))
    yield
    sys.modules.pop("pii_scan_example", None)


def test_builtin_detectors_come_through_the_entry_point_group():
    names = [d.name for d in load_detectors()]
    assert names == sorted(names)
    assert {"id.mrz", "id.numbers", "id.vocabulary", "id.card_layout", "photo.business_card", "photo.payment_card",
            "screen.traits", "ticket.vocabulary", "ticket.barcode"} <= set(names)
    assert all(isinstance(d, Detector) for d in load_detectors())


def test_example_plugin_loads_through_its_entry_point(installed_example):
    dets = load_detectors()
    plugin = next(d for d in dets if d.name == "example.scanner_app")
    assert plugin.off_by_default and plugin.label is Label.ID_CARD
    assert "example.scanner_app" not in [d.name for d in select_detectors(dets)]
    assert [d.name for d in select_detectors(dets, enable=["example"])] == ["example.scanner_app"]


def test_example_plugin_adds_supporting_evidence_only(installed_example):
    from pii_scan_example import ScannerAppDetector

    exif = Image.Exif()
    exif[0x0131] = "CamScanner 6.1"
    buf = io.BytesIO()
    Image.new("RGB", (60, 40), (250, 250, 250)).save(buf, "JPEG", exif=exif)
    r = scan_image(buf.getvalue(), detectors=[ScannerAppDetector()], ocr="none")
    assert [f.detector for f in r.findings] == ["example.scanner_app"]
    assert r.findings[0].supporting and r.label is Label.PHOTO


def test_unknown_detector_name_is_a_clear_error():
    with pytest.raises(DetectorLoadError, match="no detector named 'nope'"):
        select_detectors(load_detectors(), enable=["nope"])
