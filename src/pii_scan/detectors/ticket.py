"""ticket.vocabulary: reservation screenshots recognised from their words and layout.

Runs on screenshots only: a photographed paper ticket or a receipt is a
photo, not a ticket screenshot. The OCR lines are searched for cue
*families* (see ``pii_scan.keywords``): booking words, reservation codes
after their label, assigned seats (anchors), and time pairs, routes,
train/flight numbers, travel, seat-class, event and generic ticket words.

Score: ``1 - exp(-sum)`` over families, each contributing its best cue's
weight plus 0.1 per further distinct cue (at most +0.3). A timetable
search, a news article or a chat has trip words, times and train names but
no booking record, so without an anchor the score stays at most 0.3; with
an anchor but only one family (a chat quoting a booking number) at most
0.45. A reservation code does not count as a family of its own for that,
since its label is already a booking word. The score is then scaled by
how sure the screenshot signal is. Reservation codes found are reported as
masked PII.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pii_scan.detectors.base import BaseDetector
from pii_scan.keywords import (
    IATA_STOPWORDS,
    RESERVATION_CODE,
    RESERVATION_LABELS,
    TICKET_ANCHOR_FAMILIES,
    TICKET_KEYWORDS,
    TICKET_PATTERNS,
)
from pii_scan.masking import mask_number
from pii_scan.models import Evidence, Finding, Label, PiiValue
from pii_scan.textmatch import KeywordMatch, distinct, find_keywords, find_patterns, normalize

if TYPE_CHECKING:
    from pii_scan.context import ImageContext

__all__ = ["TicketCue", "TicketCues", "TicketDetector", "find_ticket_cues", "ticket_score"]

#: Screenshot score below which the detector does not run.
SCREENSHOT_MIN = 0.35
#: Screenshot score from which the vocabulary score is not scaled down.
SCREENSHOT_FULL = 0.6
#: Cap without an anchor family, and with an anchor but no second family.
NO_ANCHOR_CAP = 0.3
ONE_FAMILY_CAP = 0.45
#: Weight of a reservation code read after its label.
CODE_WEIGHT = 0.8
#: Findings below this score are not reported.
MIN_SCORE = 0.1

_LABEL_TEXTS = frozenset(k.text for k in RESERVATION_LABELS)
_ARROWISH = re.compile(r"[→>\-~=/✈]|\bTO\b", re.IGNORECASE)
_SEAT_VALUE = re.compile(r"(?<![A-Z0-9])\d{1,2}[A-K](?![A-Z0-9])")
_SEAT_WORDS = frozenset({"SEAT", "座席"})
_TIME = r"(?<![\d:])(?:[01]?\d|2[0-9]):[0-5]\d(?![\d:])"
_DEPARTS = re.compile(_TIME + r"\s*発")
_ARRIVES = re.compile(_TIME + r"\s*着")
# Evidence kind for each family (the rest are keywords).
_KIND = {"time_pair": "time_pair", "route": "route", "service_number": "service_number", "seat": "seat"}


@dataclass(frozen=True)
class TicketCue:
    """One distinct cue: its family, evidence kind, name (keyword or pattern), weight, line."""

    family: str
    kind: str
    name: str
    weight: float
    line: int


@dataclass(frozen=True)
class TicketCues:
    """All cues of one text, and the reservation codes read (raw, for masking)."""

    cues: tuple[TicketCue, ...]
    codes: tuple[tuple[str, int], ...] = ()

    @property
    def families(self) -> frozenset[str]:
        return frozenset(c.family for c in self.cues)


def _code_like(token: str) -> bool:
    """A booking code: has a digit and a letter or is long, or is a 6-letter PNR."""
    digits = sum(ch.isdigit() for ch in token)
    letters = sum(ch.isalpha() for ch in token)
    if digits and letters:
        return True
    if digits:
        return digits >= 6
    return len(token) == 6 and token.isalpha()


def _code_in(text: str) -> str | None:
    """The best code-like token in ``text``: mixed letters and digits first."""
    tokens = [t for t in RESERVATION_CODE.findall(text) if _code_like(t)]
    mixed = [t for t in tokens if any(c.isdigit() for c in t) and any(c.isalpha() for c in t)]
    return (mixed or tokens or [None])[0]


def _reservation_codes(norm: list[str], labels: list[KeywordMatch]) -> list[tuple[str, int]]:
    """Codes printed after a reservation label: same line, else the next, else the previous line."""
    found: dict[str, int] = {}
    for m in labels:
        candidates = [(norm[m.line][m.end :], m.line)]
        candidates += [(norm[i], i) for i in (m.line + 1, m.line - 1) if 0 <= i < len(norm)]
        for text, i in candidates:
            code = _code_in(text)
            if code:
                found.setdefault(code, i)
                break
    return list(found.items())


def _airport_pair_ok(groups: tuple[str, ...]) -> bool:
    a, sep, b = groups
    return a not in IATA_STOPWORDS and b not in IATA_STOPWORDS and a != b and bool(_ARROWISH.search(sep))


def find_ticket_cues(lines: list[str]) -> TicketCues:
    """Distinct ticket cues and reservation codes on the OCR lines."""
    norm = [normalize(line) for line in lines]
    keyword_matches = find_keywords(lines, TICKET_KEYWORDS)
    cues = [
        TicketCue(m.keyword.family, "keyword", m.keyword.text, m.weight, m.line) for m in distinct(keyword_matches)
    ]
    seen: set[tuple[str, str]] = set()
    for p in find_patterns(lines, TICKET_PATTERNS):
        if p.pattern.name == "airport_pair" and not _airport_pair_ok(p.groups):
            continue
        key = (p.pattern.family, p.text)
        if key not in seen:
            seen.add(key)
            kind = _KIND.get(p.pattern.family, "keyword")
            cues.append(TicketCue(p.pattern.family, kind, p.pattern.name, p.pattern.weight, p.line))
    # Departure and arrival times on separate lines: "10:00発" ... "12:30着".
    dep = next((i for i, t in enumerate(norm) if _DEPARTS.search(t)), None)
    arr = next((i for i, t in enumerate(norm) if _ARRIVES.search(t)), None)
    if dep is not None and arr is not None and not any(c.family == "time_pair" for c in cues):
        cues.append(TicketCue("time_pair", "time_pair", "departure_arrival", 0.6, dep))
    # A seat label with its value on the line below or above ("Seat" / "12A").
    if not any(c.family == "seat" for c in cues):
        for m in keyword_matches:
            if m.keyword.text in _SEAT_WORDS:
                near = [i for i in (m.line + 1, m.line - 1) if 0 <= i < len(norm) and _SEAT_VALUE.search(norm[i])]
                if near:
                    cues.append(TicketCue("seat", "seat", "seat_label_value", 0.8, near[0]))
                    break
    labels = [m for m in keyword_matches if m.keyword.text in _LABEL_TEXTS]
    codes = _reservation_codes(norm, labels)
    if codes:
        cues.append(TicketCue("code", "reservation_code", "reservation_code", CODE_WEIGHT, codes[0][1]))
    return TicketCues(tuple(cues), tuple(codes))


def ticket_score(cues: Iterable[TicketCue]) -> float:
    """Vocabulary score in [0, 1] before screenshot scaling (module docstring)."""
    by_family: dict[str, list[float]] = {}
    for c in cues:
        by_family.setdefault(c.family, []).append(c.weight)
    if not by_family:
        return 0.0
    total = sum(max(ws) + min(0.3, 0.1 * (len(ws) - 1)) for ws in by_family.values())
    score = 1.0 - math.exp(-total)
    families = set(by_family)
    if not families & TICKET_ANCHOR_FAMILIES:
        return min(score, NO_ANCHOR_CAP)
    if len(families - {"code"}) < 2:
        return min(score, ONE_FAMILY_CAP)
    return score


class TicketDetector(BaseDetector):
    """Votes ticket_screenshot for screenshots that read like a reservation."""

    name = "ticket.vocabulary"
    label = Label.TICKET_SCREENSHOT
    version = "1"
    needs_ocr = True

    def prefilter(self, ctx: ImageContext) -> bool:
        return ctx.signals.screenshot.score >= SCREENSHOT_MIN

    def detect(self, ctx: ImageContext) -> Iterable[Finding]:
        ocr = ctx.document_ocr()
        found = find_ticket_cues([line.text for line in ocr.lines])
        if not found.cues:
            return []
        shot = ctx.signals.screenshot.score
        score = ticket_score(found.cues) * min(1.0, shot / SCREENSHOT_FULL)
        if score < MIN_SCORE:
            return []
        pii = [PiiValue("reservation_number", mask_number(code), code) for code, _ in found.codes]
        evidence = []
        for c in sorted(found.cues, key=lambda c: -c.weight):
            value = c.name
            if c.kind == "reservation_code":
                value = pii[0].masked
            detail = {"family": c.family, "weight": c.weight}
            evidence.append(Evidence(c.kind, "ocr", value, ocr.lines[c.line].bbox, detail))
        families = sorted(found.families, key=lambda f: (f not in TICKET_ANCHOR_FAMILIES, f))
        explanation = f"reads like a reservation: {', '.join(families)} (screenshot {shot:.2f})"
        return [self.finding(score, explanation, *evidence, pii=pii)]
