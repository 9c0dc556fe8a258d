"""id.code: an Individual Number held in a 2-D code.

The back of a My Number card (個人番号カード) carries its holder's
Individual Number twice: printed, and as a QR code holding the 12 digits
alone. The cheap stage's code read (``signals.codes``) recognises that
content (12 digits passing the Individual Number check digit,
``code_payload.IDENTITY_PAYLOADS``); no OCR is needed. A dim or small
card's printed number is often unreadable while its code still decodes.
A card lying small in a camera picture has a code too small to decode on
the working copy (modules under a pixel); so when the cheap stage found
none, the codes of the card view the OCR detectors read anyway (the
card's outline flattened from the full-resolution pixels,
``ImageContext.document_region``) are read: about 5-15 ms.

One random 12-digit string in ten passes the check digit, and a code of
12 digits alone is rare anywhere else, so such a code is a primary
finding; inside a card-shaped outline it is verified (the card's back).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from pii_scan.detectors.base import BaseDetector
from pii_scan.masking import mask_number
from pii_scan.models import Evidence, Finding, Label, PiiValue
from pii_scan.signals import Barcode
from pii_scan.signals.codes import find_barcodes

if TYPE_CHECKING:
    from pii_scan.context import ImageContext

__all__ = ["IdCodeDetector"]

#: Score of an Individual Number code on a card-shaped outline (verified), and elsewhere.
ON_CARD_SCORE, CODE_SCORE = 0.97, 0.85


def _number_codes(codes: Iterable[Barcode]) -> list[Barcode]:
    return [c for c in codes if c.payload == "individual_number" and c.number]


def _card_view_codes(ctx: ImageContext) -> list[Barcode]:
    """Individual Number codes on the flattened card the document view reads, boxes in original pixels."""
    view = ctx.document_region
    if not view.name.startswith("card:"):
        return []
    return [replace(c, bbox=view.map_box(c.bbox)) for c in _number_codes(find_barcodes(view.pixels, scale=1.0))]


class IdCodeDetector(BaseDetector):
    """Individual Number in a QR code: verified on a card, primary elsewhere."""

    name = "id.code"
    label = Label.ID_CARD
    version = "2"

    def prefilter(self, ctx: ImageContext) -> bool:
        return bool(_number_codes(ctx.signals.barcodes) or ctx.signals.card_quads)

    def detect(self, ctx: ImageContext) -> list[Finding]:
        codes = _number_codes(ctx.signals.barcodes) or _card_view_codes(ctx)
        if not codes:
            return []
        code = codes[0]
        number = code.number or ""
        masked = mask_number(number)
        ev = Evidence("individual_number", "layout", masked, code.bbox, {"code": code.kind})
        pii = [PiiValue("individual_number", masked, number)]
        card = next((q for q in ctx.signals.card_quads if q.bbox.holds_centre_of(code.bbox)), None)
        if card is not None:
            card_ev = Evidence("card_quad", "layout", round(card.aspect, 3), card.bbox, {"kind": card.kind})
            why = f"{code.kind} code on a card holds a 12-digit number with a valid Individual Number check digit"
            return [self.finding(ON_CARD_SCORE, why, ev, card_ev, verified=True, pii=pii)]
        why = f"{code.kind} code holds a 12-digit number with a valid Individual Number check digit"
        return [self.finding(CODE_SCORE, why, ev, pii=pii)]
