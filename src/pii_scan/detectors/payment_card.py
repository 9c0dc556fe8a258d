"""Counter-evidence: a photographed card that names a payment card network.

A payment card is card-shaped, and its chip, hologram or printed artwork
can pass for a portrait on the card (a face detector finds one in a chip's
contact pattern). Its print tells it apart: every payment card prints its
network's wordmark (VISA, Mastercard, JCB, ...), which no identity document
does, often with "VALID THRU" and its kind (debit, credit, prepaid). This
detector reports that as a ``photo`` finding; ``pii_scan.classify`` lets a
positive label win only when its own evidence outscores it, so a card that
also reads as an ID (its title, field labels, number, MRZ: a visa foil says
VISA too) stays an ID, while a face-like pattern on a card shape (at most
0.7) does not outweigh the network's name.

Like ``photo.business_card``, it reads the document OCR the ID detectors
have already made (memoised), and only for a physical card: a screenshot
(a ticket paid by card) is left to the ticket detectors. A name read with
little confidence (``PAYMENT_COUNTER_CONF``) is no evidence: grain reads as
short capitals.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pii_scan.detectors.base import BaseDetector
from pii_scan.detectors.id_numbers import PAYMENT_COUNTER_CONF
from pii_scan.detectors.id_vocabulary import SCREENSHOT_MIN
from pii_scan.keywords import PAYMENT_CARD_PATTERNS
from pii_scan.models import Evidence, Finding, Label
from pii_scan.textmatch import first_of_each_family

if TYPE_CHECKING:
    from pii_scan.context import ImageContext

__all__ = ["PaymentCardDetector"]


class PaymentCardDetector(BaseDetector):
    """A ``photo`` finding for a card whose print names a payment card network."""

    name = "photo.payment_card"
    label = Label.PHOTO
    version = "1"
    needs_ocr = True

    def prefilter(self, ctx: ImageContext) -> bool:
        return bool(ctx.signals.card_quads) and ctx.signals.screenshot.score < SCREENSHOT_MIN

    def detect(self, ctx: ImageContext) -> list[Finding]:
        lines = [line for line in ctx.document_ocr().lines if line.conf >= PAYMENT_COUNTER_CONF]
        first = first_of_each_family([line.text for line in lines], PAYMENT_CARD_PATTERNS)
        if "network" not in first:
            return []
        families = sorted(first)
        score = 1.0 - math.prod(1.0 - first[f].pattern.weight for f in families)
        evidence = [Evidence(first[f].pattern.name, "ocr", f, lines[first[f].line].bbox, {"family": f}) for f in families]
        return [self.finding(round(score, 4), f"names a payment card network: {', '.join(families)}", *evidence)]
