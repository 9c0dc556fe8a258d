"""pii_scan: find images of ID cards and ticket screenshots left on a phone.

>>> import pii_scan
>>> results = pii_scan.scan("DCIM/")            # doctest: +SKIP
>>> [r.path for r in results if r.flagged]      # doctest: +SKIP
"""

from pii_scan.actions import ScanSummary, recommend
from pii_scan.api import iter_scan, scan, scan_image
from pii_scan.detectors import BaseDetector, Detector
from pii_scan.engine import ScanOptions
from pii_scan.errors import DetectorFailed, DetectorLoadError, OcrUnavailable, PiiScanError, UnreadableImage
from pii_scan.models import BBox, Evidence, Finding, ImageResult, Label, PiiValue

__version__ = "0.1.0"

__all__ = [
    "BBox",
    "BaseDetector",
    "Detector",
    "DetectorFailed",
    "DetectorLoadError",
    "Evidence",
    "Finding",
    "ImageResult",
    "Label",
    "OcrUnavailable",
    "PiiScanError",
    "PiiValue",
    "ScanOptions",
    "ScanSummary",
    "UnreadableImage",
    "__version__",
    "iter_scan",
    "recommend",
    "scan",
    "scan_image",
]
