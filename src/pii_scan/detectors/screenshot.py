"""Screenshot traits as supporting evidence for a ticket screenshot.

Looking like a phone screenshot never makes a ticket by itself (chats,
maps and settings are screenshots too); it strengthens a ticket finding
from the vocabulary or barcode detectors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pii_scan.detectors.base import BaseDetector
from pii_scan.models import Evidence, Finding, Label

if TYPE_CHECKING:
    from pii_scan.context import ImageContext

__all__ = ["ScreenshotDetector"]

#: Below this the traits say "not a screenshot" and no finding is made.
_MIN_SCORE = 0.3


class ScreenshotDetector(BaseDetector):
    """Supporting finding whose score is the screenshot-traits score."""

    name = "screen.traits"
    label = Label.TICKET_SCREENSHOT
    version = "1"

    def detect(self, ctx: ImageContext) -> list[Finding]:
        t = ctx.signals.screenshot
        if t.score < _MIN_SCORE:
            return []
        evidence = [
            Evidence("camera_exif", "exif", value=float(t.camera_exif)),
            Evidence("screen_size", "layout", value=float(t.screen_size), detail={"aspect": t.aspect}),
            Evidence("pixel_noise", "layout", value=t.noise),
            Evidence("flat_fraction", "layout", value=t.flat_fraction),
        ]
        if t.status_bar is not None:
            evidence.insert(0, Evidence("status_bar", "layout", value=1.0, bbox=t.status_bar))
        why = "; ".join(t.reasons) or "rendered-looking image"
        return [self.finding(t.score, f"looks like a phone screenshot: {why}", *evidence, supporting=True)]
