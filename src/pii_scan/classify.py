"""Combine findings into one label, a confidence and the reasons.

Precedence (documented in docs/design.md):

1. A *verified* ``id_card`` finding (valid MRZ or Individual Number check
   digits) decides ``id_card``.
2. Otherwise each positive label gets the noisy-OR of its primary findings'
   scores, ``p = 1 - prod(1 - s)``, and supporting findings can only
   strengthen it, each at ``SUPPORT_WEIGHT`` of its score:
   ``1 - (1 - p) * prod(1 - SUPPORT_WEIGHT * s)``. With no primary
   finding the label scores 0: a QR code or screenshot traits alone never
   make a ticket, a card-shaped rectangle alone never makes an ID.
3. ``photo`` findings are counter-evidence: what else the image is (a
   business card with its holder's photo). Their noisy-OR is the score a
   positive label must beat.
4. The best label whose score reaches ``THRESHOLD`` and beats the
   counter-evidence wins; on a tie ``id_card`` beats ``ticket_screenshot``.
5. Otherwise ``photo``, with confidence ``1 - best positive score`` (at
   least the counter-evidence's score).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pii_scan.models import Finding, Label

__all__ = ["SUPPORT_WEIGHT", "THRESHOLD", "Decision", "classify", "counter_score", "label_scores"]

#: Score a positive label needs to win.
THRESHOLD = 0.5
#: Share of a supporting finding's score that counts towards its label.
SUPPORT_WEIGHT = 0.2
#: Confidence given to a decision made by a verified finding.
VERIFIED_CONFIDENCE = 0.99

_POSITIVE = (Label.ID_CARD, Label.TICKET_SCREENSHOT)


@dataclass(frozen=True)
class Decision:
    """The label, its confidence and human-readable reasons."""

    label: Label
    confidence: float
    reasons: tuple[str, ...]


def label_scores(findings: Iterable[Finding]) -> dict[Label, float]:
    """Score per positive label (see module docstring); 0 without a primary finding."""
    by_label: dict[Label, list[Finding]] = {}
    for f in findings:
        by_label.setdefault(f.label, []).append(f)
    scores: dict[Label, float] = {}
    for label in _POSITIVE:
        fs = by_label.get(label, [])
        if not any(not f.supporting for f in fs):
            scores[label] = 0.0
            continue
        miss = 1.0
        for f in fs:
            miss *= 1.0 - (f.score * SUPPORT_WEIGHT if f.supporting else f.score)
        scores[label] = 1.0 - miss
    return scores


def counter_score(findings: Iterable[Finding]) -> float:
    """Noisy-OR of the primary ``photo`` findings: how surely the image is something else."""
    miss = 1.0
    for f in findings:
        if f.label is Label.PHOTO and not f.supporting:
            miss *= 1.0 - f.score
    return 1.0 - miss


def _reasons(findings: Iterable[Finding], label: Label) -> tuple[str, ...]:
    ranked = sorted((f for f in findings if f.label is label), key=lambda f: (not f.verified, f.supporting, -f.score))
    return tuple(f"{f.detector}: {f.explanation}" for f in ranked)


def classify(findings: tuple[Finding, ...]) -> Decision:
    """The label for an image from all its findings (see module docstring)."""
    verified = [f for f in findings if f.verified and f.label is Label.ID_CARD]
    if verified:
        return Decision(Label.ID_CARD, VERIFIED_CONFIDENCE, _reasons(findings, Label.ID_CARD))
    scores = label_scores(findings)
    counter = counter_score(findings)
    best = max(_POSITIVE, key=lambda lab: (scores[lab], lab is Label.ID_CARD))
    if scores[best] >= THRESHOLD and scores[best] > counter:
        return Decision(best, round(min(scores[best], 0.98), 4), _reasons(findings, best))
    top = max(scores.values(), default=0.0)
    weak = sorted((f for f in findings if f.label in _POSITIVE), key=lambda f: -f.score)
    if top >= THRESHOLD:
        head: tuple[str, ...] = (f"{best.value} evidence ({top:.2f}) outweighed by what else it reads as ({counter:.2f})",)
        head += _reasons(findings, Label.PHOTO)
    else:
        head = ("no ID-card or ticket evidence strong enough",)
    reasons = head + tuple(f"weak: {f.detector}: {f.explanation}" for f in weak[:3])
    confidence = max(0.5, min(0.99, max(1.0 - top, counter)))
    return Decision(Label.PHOTO, round(confidence, 4), reasons)
