"""2-D codes as supporting evidence for a ticket screenshot.

E-tickets and boarding passes carry a QR, Aztec or PDF417 code, but so do
payment screens, menus and posters; a code therefore only supports a
ticket finding, and only notably when the image is a screenshot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pii_scan.detectors.base import BaseDetector
from pii_scan.models import Evidence, Finding, Label
from pii_scan.signals import Barcode

if TYPE_CHECKING:
    from pii_scan.context import ImageContext

__all__ = ["BarcodeDetector"]

_TWO_D = frozenset({"qr", "aztec", "pdf417", "datamatrix", "maxicode"})
#: Screenshot-traits score from which the image counts as a screenshot.
_SCREENSHOT = 0.5


class BarcodeDetector(BaseDetector):
    """Supporting ticket finding for the most ticket-like code in the image."""

    name = "ticket.barcode"
    label = Label.TICKET_SCREENSHOT
    version = "1"

    def prefilter(self, ctx: ImageContext) -> bool:
        return bool(ctx.signals.barcodes)

    def detect(self, ctx: ImageContext) -> list[Finding]:
        codes = ctx.signals.barcodes
        if not codes:
            return []
        screen = ctx.signals.screenshot.score >= _SCREENSHOT
        width = max(1, ctx.image.width)

        def weight(c: Barcode) -> float:
            two_d = c.kind in _TWO_D
            base = (0.3 if two_d else 0.2) if screen else (0.12 if two_d else 0.06)
            if c.decoded:
                base += 0.08 if screen else 0.03
            if screen and two_d and c.bbox.w >= 0.15 * width:
                base += 0.07  # a code big enough to be scanned at a gate
            return base

        best = max(codes, key=weight)
        where = "in a screenshot" if screen else "in a non-screenshot image"
        state = "decodable" if best.decoded else "not decoded"
        ev = [Evidence("barcode", "layout", value=c.kind, bbox=c.bbox, detail={"decoded": float(c.decoded)}) for c in codes]
        return [self.finding(weight(best), f"{best.kind} code ({state}) {where}", *ev, supporting=True)]
