"""Exception types. Each carries a message fit to show a user."""

from __future__ import annotations

__all__ = [
    "DetectorFailed",
    "DetectorLoadError",
    "OcrUnavailable",
    "PiiScanError",
    "UnreadableImage",
]


class PiiScanError(Exception):
    """Base class of every error the scanner raises on purpose."""


class UnreadableImage(PiiScanError):
    """A file could not be decoded as an image (the message says why)."""


class OcrUnavailable(PiiScanError):
    """Tesseract or one of its language packs is missing."""


class DetectorLoadError(PiiScanError):
    """A detector plugin could not be imported or is not a Detector."""


class DetectorFailed(PiiScanError):
    """A detector raised while looking at one image."""

    def __init__(self, detector: str, original: BaseException) -> None:
        super().__init__(f"detector {detector!r} failed: {type(original).__name__}: {original}")
        self.detector = detector
        self.original = original
