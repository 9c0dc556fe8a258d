"""Stand-in detectors for tests of how other findings weigh against them."""

from __future__ import annotations

from pii_scan.detectors.base import BaseDetector
from pii_scan.models import Label


class CardWithPortrait(BaseDetector):
    """Stands in for id.card_layout's strongest card shape + portrait finding (0.7)."""

    name = "test.portrait"
    label = Label.ID_CARD

    def detect(self, ctx):  # type: ignore[no-untyped-def]
        return [self.finding(0.7, "card shape with a portrait")]
