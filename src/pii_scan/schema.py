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
from pii_scan.models import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "now_iso", "run_info"]


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
) -> dict[str, Any]:
    """The envelope's opening part for a scan with these settings (``started`` is now)."""
    from pii_scan import __version__

    opts = options or ScanOptions()
    return {
        "schema_version": SCHEMA_VERSION,
        "scanner": {"name": "pii-scan", "version": __version__},
        "detectors": [
            {"name": d.name, "version": str(getattr(d, "version", "1")), "label": d.label.value, "needs_ocr": d.needs_ocr}
            for d in sorted(_detectors(opts, detectors), key=lambda d: d.name)
        ],
        "options": {
            "lang": opts.lang,
            "ocr": opts.ocr,
            "enable": list(opts.enable),
            "disable": list(opts.disable),
            "include_hidden": opts.include_hidden,
            "work_side": opts.work_side,
            "show_pii": show_pii,
        },
        "started": now_iso(),
    }
