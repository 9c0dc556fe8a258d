"""Counter-evidence: a photographed card that reads like a business card.

A card shape with a face on one side is what ID documents look like, and
what business cards with the holder's photo (estate agents, sales staff)
look like too. The card's own print tells them apart: a business card
lists ways to reach its holder (a labelled phone or fax number, an e-mail
or web address), which no identity document prints, next to a company's
legal form or a job title. This detector reports that as a ``photo``
finding; ``pii_scan.classify`` lets a positive label win only when its own
evidence outscores it, so a card that also reads as an ID (its title,
field labels, number, MRZ) stays an ID.

It reads the document OCR the ID detectors have already made (memoised),
and only for a physical card: screenshots are left to the ticket detectors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pii_scan.detectors.base import BaseDetector
from pii_scan.detectors.id_vocabulary import SCREENSHOT_MIN
from pii_scan.keywords import BUSINESS_CARD_PATTERNS, CONTACT_FAMILIES
from pii_scan.models import Evidence, Finding, Label
from pii_scan.textmatch import first_of_each_family

if TYPE_CHECKING:
    from pii_scan.context import ImageContext

__all__ = ["BusinessCardDetector", "business_card_families"]

#: Families a card must show, one of them a contact family.
MIN_FAMILIES = 2


def business_card_families(lines: list[str]) -> dict[str, tuple[str, int]]:
    """The business-card cue families on ``lines``: family -> (pattern name, line index) of its first match."""
    return {family: (m.pattern.name, m.line) for family, m in first_of_each_family(lines, BUSINESS_CARD_PATTERNS).items()}


class BusinessCardDetector(BaseDetector):
    """A ``photo`` finding for a card whose print reads as a business card."""

    name = "photo.business_card"
    label = Label.PHOTO
    version = "3"
    needs_ocr = True

    def prefilter(self, ctx: ImageContext) -> bool:
        return bool(ctx.signals.card_quads) and ctx.signals.screenshot.score < SCREENSHOT_MIN

    def detect(self, ctx: ImageContext) -> list[Finding]:
        lines = list(ctx.document_ocr().lines)
        families = business_card_families([line.text for line in lines])
        if families and not CONTACT_FAMILIES & families.keys():
            # a legal form or a job title, and no contact line: a business card's contact print is
            # small and often grey, and one global threshold drops it; the card's locally
            # thresholded read (memoised: the document read's own fallback) is looked at too
            ink = ctx.card_ink_read()
            if ink is not None:
                lines += ink.lines
                families = business_card_families([line.text for line in lines])
        if len(families) < MIN_FAMILIES or not CONTACT_FAMILIES & families.keys():
            return []
        miss = 1.0
        weights = {p.name: p.weight for p in BUSINESS_CARD_PATTERNS}
        evidence = []
        for family, (name, line) in sorted(families.items()):
            miss *= 1.0 - weights[name]
            evidence.append(Evidence(name, "ocr", family, lines[line].bbox, {"family": family}))
        explanation = f"reads like a business card: {', '.join(sorted(families))}"
        return [self.finding(round(1.0 - miss, 4), explanation, *evidence)]
