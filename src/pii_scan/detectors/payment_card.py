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

from typing import TYPE_CHECKING

from pii_scan.detectors.base import BaseDetector
from pii_scan.detectors.id_numbers import PAYMENT_COUNTER_CONF
from pii_scan.detectors.id_vocabulary import SCREENSHOT_MIN
from pii_scan.keywords import PAYMENT_CARD_PATTERNS
from pii_scan.models import Evidence, Finding, Label
from pii_scan.textmatch import find_patterns

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
        first: dict[str, Evidence] = {}
        weights: dict[str, float] = {}
        for m in sorted(find_patterns([line.text for line in lines], PAYMENT_CARD_PATTERNS), key=lambda m: m.line):
            family = m.pattern.family
            if family not in first:
                first[family] = Evidence(m.pattern.name, "ocr", family, lines[m.line].bbox, {"family": family})
                weights[family] = m.pattern.weight
        if "network" not in first:
            return []
        miss = 1.0
        for weight in weights.values():
            miss *= 1.0 - weight
        explanation = f"names a payment card network: {', '.join(sorted(first))}"
        return [self.finding(round(1.0 - miss, 4), explanation, *(first[f] for f in sorted(first)))]
