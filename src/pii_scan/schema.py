"""The report envelope: what ran, with which settings, and when.

Every output format describes itself through the same data: the scanner
and schema versions, the detectors with their versions, the options used
and the start time (``run_info``); the finish time and totals are added
when the scan ends. ``docs/schema.json`` is the contract for all of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from pii_scan.detectors import Detector, load_detectors, select_detectors
from pii_scan.engine import ScanOptions
from pii_scan.errors import DetectorLoadError
from pii_scan.models import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "now_iso", "run_info", "with_detectors"]


def now_iso() -> str:
    """The current UTC time as an RFC 3339 string, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _detectors(options: ScanOptions, detectors: Sequence[Detector] | None) -> list[Detector]:
    if detectors is not None:
        return select_detectors(list(detectors), enable=list(options.enable), disable=list(options.disable), explicit=True)
    return select_detectors(load_detectors(), enable=list(options.enable), disable=list(options.disable))


def run_info(
    options: ScanOptions | None = None,
    detectors: Sequence[Detector] | None = None,
    *,
    show_pii: bool = False,
    describe: bool = True,
) -> dict[str, Any]:
    """The envelope's opening part for a scan with these settings (``started`` is now).

    With ``describe=False`` the detector list is left out, to be added by
    ``with_detectors`` once the scan is over: describing the detectors loads
    them (and OpenCV) into this process, which a pool scan's parent otherwise
    never needs.
    """
    from pii_scan import __version__

    opts = options or ScanOptions()
    run: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "scanner": {"name": "pii-scan", "version": __version__}}
    if describe:
        run["detectors"] = _descriptions(opts, detectors)
    run["options"] = {
        "lang": opts.lang,
        "ocr": opts.ocr,
        "enable": list(opts.enable),
        "disable": list(opts.disable),
        "include_hidden": opts.include_hidden,
        "work_side": opts.work_side,
        "show_pii": show_pii,
    }
    run["started"] = now_iso()
    return run


def with_detectors(
    run: dict[str, Any], options: ScanOptions | None = None, detectors: Sequence[Detector] | None = None
) -> dict[str, Any]:
    """``run`` with its detector list, in its place after ``scanner``; empty if the detectors cannot load
    (the scan has reported that already)."""
    try:
        described = _descriptions(options or ScanOptions(), detectors)
    except DetectorLoadError:
        described = []
    out: dict[str, Any] = {}
    for key, value in run.items():
        if key != "detectors":
            out[key] = value
        if key == "scanner":
            out["detectors"] = described
    return out


def _descriptions(opts: ScanOptions, detectors: Sequence[Detector] | None) -> list[dict[str, Any]]:
    return [
        {"name": d.name, "version": str(getattr(d, "version", "1")), "label": d.label.value, "needs_ocr": d.needs_ocr}
        for d in sorted(_detectors(opts, detectors), key=lambda d: d.name)
    ]
