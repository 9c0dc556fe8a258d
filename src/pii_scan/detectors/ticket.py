"""ticket.vocabulary: reservation screenshots recognised from their words and layout.

Runs on screenshots only: a photographed paper ticket or a receipt is a
photo, not a ticket screenshot. The OCR lines are searched for cue
*families* (see ``pii_scan.keywords``): booking words, reservation codes
after their label, assigned seats (anchors), and time pairs, routes,
train/flight numbers, travel, seat-class, event and generic ticket words.

Score: ``1 - exp(-sum)`` over families, each contributing its best cue's
weight plus 0.1 per further distinct cue (at most +0.3). A timetable
search, a news article or a chat has trip words, times and train names but
no booking record, so without an anchor the score stays at most 0.25; with
an anchor but only one family (a chat quoting a booking number) at most
0.3. A reservation code does not count as a family of its own for that,
since its label is already a booking word; a reservation label with no
code by it is only a generic ticket word ("the confirmation number is in
my email"). A decodable 2-D code in the screenshot is a family of its own
(a boarding pass whose only legible word is its title still has its Aztec
code), never an anchor: payment screens show codes too. The caps leave
room for the supporting findings (screenshot traits and a code add about a
quarter of what is missing) without reaching 0.5. The score is then scaled
by how sure the screenshot signal is. Reservation codes found are reported
as masked PII.

Apps print labels in light grey, use dark mode and put white text on
coloured cards, which Tesseract's one global threshold loses, and its page
layout analysis can drop whole panels of a screen (a seat panel under the
times). When the first read leaves the image undecided (some cue or a
scannable code, but no ticket; or no cue, but fewer than half the rows of
print read, ``signals.screen.ink_rows``), the screen is read again as sparse text
and, if still undecided, binarised panel by panel
(``pii_scan.signals.screen.rendered_ink``); the cues of all reads are
pooled. This costs one or two more OCR passes on undecided screenshots only.

Thumbnails (long side at most ``THUMB_MAX_SIDE``, e.g. a gallery cache's
320 px copy of a deleted screenshot) keep no legible booking words: their
text is 4-5 px high. Two things still say "ticket" there. A 2-D code whose
payload is an IATA boarding pass or a UIC rail ticket
(``pii_scan.signals.code_payload``) is an anchor on any screenshot. And on
a surely rendered thumbnail with a gate-sized 2-D code, a trip cue
(service number, route; a time pair alone is as often a delivery window)
or a ticket title read in the large type lifts the no-anchor cap to
``SMALL_TRIP_CAP``; with the supporting code and screenshot findings that
is just over the threshold, never a confident verdict. Without a code, a
trip cue next to a passenger count ("大人1名", "2 Adults": who travels, which
a timetable does not show) does the same. The large type is what the
first read made out confidently (nothing small is legible at that size)
plus the tall rows read one by one as a last read
(``pii_scan.signals.tall_text``). OCR there loses arrows and 号, so two
known stations on a row (``JP_STATIONS``: "大宮に新潟") are a route and a
named train or bus with its number ("はやぶさ378") a service number. A
service number must come from a confidently read line for that (an
enlarged thumbnail's small print reads as letter-digit garbage). Likewise
a booking word read as a thumbnail's title ("Your boarding pass",
"予約内容") lifts the one-family cap to ``SMALL_TRIP_CAP``. Full-size
screenshots never get these rules: their booking words are readable, so a
chat or a payment screen with a code stays a photo.

A screenshot cropped through its column of labels leaves them cut at the
image's side ("ket holder", "der no."): lines touching the left or right
side have such a keyword written out in full before the cues are looked
for (``restore_cut_words``: long Latin keywords only, cut inside a word,
most of the keyword read exactly).

An instruction to show the screen at a gate ("Show this code at the
entrance", "QRコードを改札機にかざしてください"), or to fetch the booked
tickets from a machine with it ("券売機の読取部にかざすと、きっぷを受け取れます",
"Collect your tickets from any ticket machine"), is read across a line and
the next, as narrow screens wrap it; the words inside it (ENTRANCE, 入場)
do not count again as a family of their own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from pii_scan.context import (
    CARD_OCR_PSM,
    SCREEN_ROWS,
    SCREEN_ROWS_READ,
    ImageContext,
    Region,
    join_rows,
)
from pii_scan.detectors.base import BaseDetector
from pii_scan.keywords import (
    IATA_STOPWORDS,
    JP_STATIONS,
    RESERVATION_CODE,
    RESERVATION_LABELS,
    TICKET_ADMISSION_PATTERNS,
    TICKET_ANCHOR_FAMILIES,
    TICKET_KEYWORDS,
    TICKET_PATTERNS,
    StructurePattern,
    latin_words,
)
from pii_scan.location import THUMB_MAX_SIDE
from pii_scan.masking import mask_number
from pii_scan.models import BBox, Evidence, Finding, Label, PiiValue
from pii_scan.ocr.base import OcrLine, OcrResult, OcrWord
from pii_scan.signals import Barcode
from pii_scan.signals.code_payload import TRANSPORT_PAYLOADS, enlarged_payload
from pii_scan.signals.screen import ink_rows, rendered_ink
from pii_scan.signals.tall_text import row_pixels, tall_rows
from pii_scan.textmatch import KeywordMatch, distinct, find_keywords, find_patterns, normalize

__all__ = ["TicketCue", "TicketCues", "TicketDetector", "find_ticket_cues", "ticket_score"]

#: Screenshot score below which the detector does not run.
SCREENSHOT_MIN = 0.35
#: Screenshot score from which the vocabulary score is not scaled down.
SCREENSHOT_FULL = 0.6
#: Cap without an anchor family, and with an anchor but no second family.
NO_ANCHOR_CAP = 0.25
ONE_FAMILY_CAP = 0.3
#: Weight of a reservation code read after its label.
CODE_WEIGHT = 0.8
#: Weight of a reservation label with no code by it ("the confirmation number is in my email").
LABEL_ALONE_WEIGHT = 0.3
#: Findings below this score are not reported.
MIN_SCORE = 0.1
#: Below this first-read score (with cues or a code) the screen is read a second
#: time, binarised panel by panel (grey labels, dark mode, white on colour).
SECOND_READ_BELOW = 0.5
#: ... and only when the image is surely rendered (on a camera photo, texture becomes ink).
SECOND_READ_SCREENSHOT = 0.5
#: Weight of a decodable 2-D code, a family of its own (never an anchor).
BARCODE_WEIGHT = 0.3
#: Tesseract page mode for one text row.
ROW_PSM = 7
#: Code kinds printed on tickets and boarding passes for scanning.
TWO_D_CODES = frozenset({"qr", "aztec", "pdf417", "datamatrix"})
#: Weight of a code holding a transport-ticket payload (IATA BCBP, UIC 918-3):
#: an anchor, as the payload is the booking itself.
PAYLOAD_WEIGHT = 0.9
PAYLOAD_FAMILY = "payload"
#: Families that describe a trip, and a ticket word as a screen's title: what
#: survives in the large type of a thumbnail. Not a time pair alone: delivery
#: windows and pickup slots beside a pickup code read the same way.
TRIP_FAMILIES = frozenset({"service_number", "route", "title"})
#: Cap without an anchor on a small screenshot (long side <= THUMB_MAX_SIDE)
#: that shows a gate-sized 2-D code and a trip cue: its booking words are
#: 4-5 px high and unreadable, so the code and the trip are all there is to see.
SMALL_TRIP_CAP = 0.45
#: A service number (two letters and digits: NH 123) counts for that rule only
#: when its line was read with at least this OCR confidence: an enlarged
#: thumbnail's small print reads as letter-digit garbage ("H AF 17", "920 AA 24").
#: Time pairs, station pairs and title words are too specific to come from garbage.
SMALL_CUE_CONF = 65.0
#: A code at least this share of the image width is one shown at a gate.
GATE_CODE_WIDTH = 0.2

_LABEL_TEXTS = frozenset(k.text for k in RESERVATION_LABELS)
#: A flight number as Japanese apps title it: "NH123便", "SB 592便" (a thumbnail's
#: largest type; the airline code is not checked, as 便 already says flight).
_FLIGHT_BIN = StructurePattern(
    "flight_bin", re.compile(r"(?<![A-Z0-9])[A-Z][A-Z0-9]\s?\d{1,4}\s*便"), "service_number", 0.6
)
_TIME = r"(?<![\d:])(?:[01]?\d|2[0-9]):[0-5]\d(?![\d:])"
_CJK = r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff々]"
_STATION = "|".join(sorted(JP_STATIONS, key=len, reverse=True))
#: Trip cues in a thumbnail's large type, whose arrow glyphs and 号 OCR loses:
#: two station or airport names on one row, a limited express and its number.
_LARGE_TYPE_PATTERNS = (
    StructurePattern(
        "station_names_row",
        re.compile(rf"{_CJK}{{1,8}}(?:駅|空港)\S{{0,4}}?.{{1,6}}?{_CJK}{{1,8}}(?:駅|空港)"),
        "route",
        0.5,
    ),
    # Dep 07:53 3h 00m Arr 10:53, 10:00 → 2時間30分 → 12:30: a duration between the times
    StructurePattern(
        "time_duration_time",
        re.compile(_TIME + r"[^\d]{0,8}\d{1,2}\s*(?:H|時間)\s*(?:\d{1,2}\s*(?:M|MIN|分))?[^\d]{0,8}" + _TIME),
        "time_pair",
        0.6,
    ),
    StructurePattern(
        "express_number", re.compile(r"特急\s*[\u3041-\u30fa\u30fc]{2,8}\s*\d{1,4}(?!\d)"), "service_number", 0.6
    ),
    # はやぶさ378, ドリームリンク148: a named train or bus and its number, 号 lost or read as 8
    StructurePattern(
        "named_service_number",
        re.compile(rf"(?<!{_CJK})[\u3041-\u3096\u30a1-\u30fa\u30fc]{{3,12}}\s?\d{{1,4}}(?![\d,.:]|{_CJK})"),
        "service_number",
        0.6,
    ),
    # 大人1名, 2 Adults: who travels (with a trip, a booking rather than a timetable); at a
    # thumbnail's size the 名 ending a row is often lost ("大人3"), a fare is never printed so
    StructurePattern(
        "passenger_count",
        re.compile(r"(?:大人|小児|こども)\s?\d{1,2}\s?(?:名|$)|" + latin_words(r"\d{1,2}\s?ADULTS?|ADULTS?\s?[X×]?\s?\d{1,2}")),
        "party",
        0.3,
    ),
    # 大宮に新潟, 広島。9博多: two known stations, the arrow between them read as junk
    # (not an address: 東京都新宿区 has a prefecture or ward character between)
    StructurePattern(
        "known_station_pair",
        re.compile(rf"(?<!{_CJK})({_STATION})([^都道府県市区町村]{{0,4}}?)({_STATION})(?:(?=駅|空港)|(?!{_CJK}))"),
        "route",
        0.5,
    ),
)
#: Keyword and pattern families that, in a thumbnail's large type (its title),
#: name a ticket screen: "チケット", "Tickets", "予約内容", "スクリーン 2".
_TITLE_FAMILIES = frozenset({"ticket", "event", "booking"})
#: What follows the digits of an amount: a thousands group.
_AMOUNT_TAIL = re.compile(r"[,.]\d{3}")
_LONE_CODE = re.compile(r"\d{4,5}|[A-Z]{6}")
#: A letters-only booking code longer than a PNR, when printed in capitals (a rail ticket number).
_CAPITALS_CODE = re.compile(r"[A-Z]{7,10}")
_ARROWISH = re.compile(r"[→>\-~=/✈]")
#: A seat value under or beside its label: 12A, F-14.
_SEAT_VALUE = re.compile(r"(?<![A-Z0-9])(?:\d{1,2}[A-K]|[A-Z]{1,2}\s?-\s?\d{1,3})(?![A-Z0-9:])")
#: A row of short values under a column header ("Section Row Seat" / "317 A 23").
_VALUE_ROW = re.compile(r"(?:[A-Z]{1,2}|\d{1,4}[A-Z]?)(?:\s+(?:[A-Z]{1,2}|\d{1,4}[A-Z]?)){0,4}")
#: A header row: two to five words, letters only.
_HEADER_ROW = re.compile(r"[A-Z]{2,12}(?:\s+[A-Z]{2,12}){1,4}")
_SEAT_WORDS = frozenset({"SEAT", "座席", "PLATZ", "SITZPLATZ"})
#: Seat words that count only in a row with the car's (WAGEN).
_CAR_SEAT_WORDS = frozenset({"PLATZ", "SITZPLATZ"})
#: A seat number alone, as a column of values prints it: 56, 12A, C4.
_SEAT_CELL = re.compile(r"\d{1,3}[A-K]?|[A-K]\d{1,3}")
#: A seat value alone on its line (M-16, AB-3): under a cinema screen's number it is the seat
#: (not a film's rating: PG-12, PG-13, R-15, R-18).
_LONE_SEAT = re.compile(r"(?!PG\s?-|R\s?-\s?1[58]$)[A-Z]{1,2}\s?-\s?\d{1,3}")
_DEPARTS = re.compile(_TIME + r"\s*発")
_ARRIVES = re.compile(_TIME + r"\s*着")
# Evidence kind for each family (the rest are keywords).
_KIND = {
    "time_pair": "time_pair", "route": "route", "service_number": "service_number", "seat": "seat",
    "admission": "admission_instruction", "passenger": "passenger_name", "party": "passenger_count",
}  # fmt: skip


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
    """A booking code: has a digit and a letter, or at least six digits."""
    digits = sum(ch.isdigit() for ch in token)
    return digits >= 6 or (digits > 0 and any(ch.isalpha() for ch in token))


#: A booking number printed in groups of digits ("4500 5382 2509"), eight digits or more: a ticket
#: ID as ticket apps print it. Not a date or a phone number's tail: no group of two digits, and
#: not after a digit or a hyphen.
_GROUPED_CODE = re.compile(r"(?<![\d-])(?<!\d\s)\d{3,4}(?:[ -]\d{3,4}){1,4}(?![\d-])")


def _grouped_code(text: str) -> str | None:
    """The first digit-grouped booking number in ``text`` (``_GROUPED_CODE``), groups joined."""
    for m in _GROUPED_CODE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) >= 8:
            return digits
    return None


def _code_in(text: str, raw: str) -> str | None:
    """The best code-like token in ``text`` (mixed letters and digits first), or the value alone.

    Letters-only codes (a 6-letter PNR) and short numbers (a 4-digit airline
    booking number) are too much like words and amounts, so they count only
    as the whole value: "PNR: XKQZTR", "予約番号" / "7728", not "FLIGHT LANDS".
    A longer letters-only value ("Ticket no. NABKEYCN") counts when it was
    printed in capitals (``raw``, the line before normalising, ends with it).
    """
    tokens = [t for t in RESERVATION_CODE.findall(text) if _code_like(t)]
    mixed = [t for t in tokens if any(c.isdigit() for c in t) and any(c.isalpha() for c in t)]
    if mixed or tokens:
        return (mixed or tokens)[0]
    value = text.strip(" :#.-")
    if _LONE_CODE.fullmatch(value):
        return value
    return value if _CAPITALS_CODE.fullmatch(value) and raw.rstrip(" :#.-").endswith(value) else None


def _reservation_codes(
    lines: list[str], norm: list[str], labels: list[KeywordMatch]
) -> tuple[list[tuple[str, int]], list[KeywordMatch]]:
    """Codes printed after a reservation label (same line, else the next, else the previous line),
    and the labels that have one."""
    found: dict[str, int] = {}
    with_code: list[KeywordMatch] = []
    for m in labels:
        candidates = [(norm[m.line][m.end :], m.line)]
        candidates += [(norm[i], i) for i in (m.line + 1, m.line - 1) if 0 <= i < len(norm)]
        for text, i in candidates:
            code = _code_in(text, lines[i])
            if not code and i >= m.line:  # a grouped number after its label or under it, not above it
                code = _grouped_code(text)
            if code:
                found.setdefault(code, i)
                with_code.append(m)
                break
    return list(found.items()), with_code


def _airport_pair_ok(groups: tuple[str, ...]) -> bool:
    a, sep, b = groups
    return a not in IATA_STOPWORDS and b not in IATA_STOPWORDS and a != b and bool(_ARROWISH.search(sep))


#: A stretch of a normalised OCR line: (line, start, end).
Span = tuple[int, int, int]


def _admission_cues(lines: list[str], norm: list[str]) -> tuple[list[TicketCue], list[Span]]:
    """"Show this code at the gate" instructions, on a line or wrapped onto the next.

    Returns at most one cue and the stretches of the lines the instructions
    cover (their words then do not count again).
    """
    cues: list[TicketCue] = []
    spans: list[Span] = []
    for i in range(len(lines)):
        found = find_patterns([lines[i]], TICKET_ADMISSION_PATTERNS)
        if found:
            spans += [(i, p.start, p.end) for p in found]
        elif i + 1 < len(lines):
            found = find_patterns([lines[i] + " " + lines[i + 1]], TICKET_ADMISSION_PATTERNS)
            joined = normalize(lines[i] + " " + lines[i + 1])
            off = len(joined) - len(norm[i + 1])  # where the next line starts in the joined text
            for p in found:
                spans.append((i, p.start, min(p.end, len(norm[i]))))
                if p.end > off:
                    spans.append((i + 1, max(0, p.start - off), p.end - off))
        if found and not cues:
            pat = found[0].pattern
            cues.append(TicketCue(pat.family, _KIND[pat.family], pat.name, pat.weight, i))
    return cues, spans


def _seats_by_labels(norm: list[str], keyword_matches: list[KeywordMatch]) -> list[tuple[int, KeywordMatch]]:
    """(value line, label) of seat values next to a seat label ("Seat" / "12A"), or under a header row.

    A header row ("Section Row Seat", "Coach Seat Platform") may have its
    values in a row of short tokens on the next line ("317 A 23"), or in a
    row of as many values whose one under the seat label is a seat number
    ("Coach Seat Class" / "E 56 Standard").
    """
    found = []
    for m in keyword_matches:
        if m.keyword.text not in _SEAT_WORDS:
            continue
        if m.keyword.text in _CAR_SEAT_WORDS and "WAGEN" not in norm[m.line].split():
            continue  # Platz is a square too (Potsdamer Platz): a seat only beside its car
        near = [i for i in (m.line + 1, m.line - 1) if 0 <= i < len(norm) and _SEAT_VALUE.search(norm[i])]
        below = m.line + 1
        if (
            not near
            and below < len(norm)
            and _HEADER_ROW.fullmatch(norm[m.line])
            and (
                (_VALUE_ROW.fullmatch(norm[below]) and any(ch.isdigit() for ch in norm[below]))
                or _seat_in_column(norm[m.line], norm[below])
            )
        ):
            near = [below]
        if near:
            found.append((near[0], m))
    return found


def _seat_in_column(header: str, values: str) -> bool:
    """True when ``values`` has one value per header word and the seat's is a seat number."""
    names, cells = header.split(), values.split()
    return len(names) == len(cells) and any(
        name in _SEAT_WORDS and _SEAT_CELL.fullmatch(cell) for name, cell in zip(names, cells)
    )


def _keyword_cue(m: KeywordMatch, as_is: bool) -> TicketCue:
    """The cue of a keyword; a reservation label without a code is only a generic ticket word."""
    if as_is:
        return TicketCue(m.keyword.family, "keyword", m.keyword.text, m.weight, m.line)
    return TicketCue("ticket", "keyword", m.keyword.text, LABEL_ALONE_WEIGHT, m.line)


def _inside(m: KeywordMatch, spans: list[Span]) -> bool:
    """True when the keyword is part of a stretch already counted as a structure."""
    return any(line == m.line and s <= m.start and m.end <= e for line, s, e in spans)


def find_ticket_cues(lines: list[str], *, large_type_from: int | None = None) -> TicketCues:
    """Distinct ticket cues and reservation codes on the OCR lines.

    Words that are part of a counted structure (ENTRANCE in "Show this code
    at the entrance", SEAT in "Seat 12A") do not count again as keywords.
    Lines from ``large_type_from`` on are a thumbnail's large type, read row
    by row: OCR-tolerant trip patterns apply there, and a ticket, event or
    booking word there is the screen's title (a ``title`` cue of weight 0
    that only qualifies ``ticket_score``'s small-screen rule).
    """
    norm = [normalize(line) for line in lines]
    keyword_matches = find_keywords(lines, TICKET_KEYWORDS)
    cues, covered = _admission_cues(lines, norm)
    seen: set[tuple[str, str]] = set()
    matches = find_patterns(lines, TICKET_PATTERNS + (_FLIGHT_BIN,))
    if large_type_from is not None:
        large = find_patterns(lines[large_type_from:], _LARGE_TYPE_PATTERNS)
        matches += [replace(p, line=p.line + large_type_from) for p in large]
        titles = [(f"{m.keyword.family}:{m.keyword.text}", m.line) for m in keyword_matches]
        titles += [(f"{p.pattern.family}:{p.pattern.name}", p.line) for p in matches]
        titles = [t for t in titles if t[0].split(":")[0] in _TITLE_FAMILIES]
        titles.sort(key=lambda t: not t[0].startswith("booking:"))  # "Boarding pass" before "Tickets"
        cues += [TicketCue("title", "title", name, 0.0, i) for name, i in titles if i >= large_type_from][:1]
    for p in matches:
        if p.pattern.name == "airport_pair" and not _airport_pair_ok(p.groups):
            continue
        if p.pattern.name == "known_station_pair" and p.groups[0] == p.groups[2]:
            continue
        if p.pattern.family == "service_number" and _AMOUNT_TAIL.match(norm[p.line], p.end):
            continue  # "AS 045,283": an amount, not flight AS 45
        if p.pattern.family == "seat":
            covered.append((p.line, p.start, p.end))
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
    seats = _seats_by_labels(norm, keyword_matches)
    covered += [(m.line, m.start, m.end) for _, m in seats]
    if seats and not any(c.family == "seat" for c in cues):
        cues.append(TicketCue("seat", "seat", "seat_label_value", 0.8, seats[0][0]))
    # a cinema's screen and the seat in it, the seat on the next row (their labels cropped off,
    # or the values set in a column of their own): "スクリーン2" / "M-16"
    screen_seat = next(
        (p.line + 1 for p in matches if p.pattern.name == "screen_number" and p.line + 1 < len(norm)
         and _LONE_SEAT.fullmatch(norm[p.line + 1].strip())),
        None,
    )  # fmt: skip
    if screen_seat is not None and not any(c.family == "seat" for c in cues):
        cues.append(TicketCue("seat", "seat", "screen_then_seat", 0.8, screen_seat))
    labels = [m for m in keyword_matches if m.keyword.text in _LABEL_TEXTS]
    codes, with_code = _reservation_codes(lines, norm, labels)
    cues += [
        _keyword_cue(m, m in with_code or m.keyword.text not in _LABEL_TEXTS)
        for m in distinct(k for k in keyword_matches if not _inside(k, covered))
    ]
    if codes:
        cues.append(TicketCue("code", "reservation_code", "reservation_code", CODE_WEIGHT, codes[0][1]))
    return TicketCues(tuple(cues), tuple(codes))


def ticket_score(cues: Iterable[TicketCue], *, small_code: bool = False, small_screen: bool = False) -> float:
    """Vocabulary score in [0, 1] before screenshot scaling (module docstring).

    ``small_code``: the thumbnail rule holds (``_small_rule``: a gate-sized 2-D
    code or a passenger count beside a trip cue); it lifts the no-anchor cap
    to ``SMALL_TRIP_CAP``.
    ``small_screen``: the image is a small screenshot; a booking word read as
    its title ("Boarding pass", "予約内容") lifts the one-family cap to
    ``SMALL_TRIP_CAP`` (nothing else on a thumbnail is legible).
    """
    by_family: dict[str, list[float]] = {}
    for c in cues:
        by_family.setdefault(c.family, []).append(c.weight)
    if not by_family:
        return 0.0
    total = sum(max(ws) + min(0.3, 0.1 * (len(ws) - 1)) for ws in by_family.values())
    score = 1.0 - math.exp(-total)
    families = set(by_family)
    if not families & (TICKET_ANCHOR_FAMILIES | {PAYLOAD_FAMILY}):
        return min(score, SMALL_TRIP_CAP if small_code and families & TRIP_FAMILIES else NO_ANCHOR_CAP)
    if len(families - {"code", "title"}) < 2 and PAYLOAD_FAMILY not in families:
        booking_title = small_screen and any(
            c.family == "title" and c.name.startswith("booking:") and "ORDER" not in c.name for c in cues
        )  # "Order completed" titles a shop's order screen
        return min(score, SMALL_TRIP_CAP if booking_title else ONE_FAMILY_CAP)
    return score


class TicketDetector(BaseDetector):
    """Votes ticket_screenshot for screenshots that read like a reservation."""

    name = "ticket.vocabulary"
    label = Label.TICKET_SCREENSHOT
    version = "11"
    needs_ocr = True

    def prefilter(self, ctx: ImageContext) -> bool:
        return ctx.signals.screenshot.score >= SCREENSHOT_MIN

    def detect(self, ctx: ImageContext) -> Iterable[Finding]:
        gate_code = _gate_code(ctx.signals.barcodes)
        shot = ctx.signals.screenshot.score
        extra = _payload_cues(ctx, shot)
        small_code = _small_screen_code(ctx, shot)
        width = ctx.image.width
        lines = _restored(_screen_read(ctx).lines, width)
        found, score = self._read(lines, gate_code, shot, extra, small_code)
        small = _is_small(ctx) and shot >= SECOND_READ_SCREENSHOT
        reads: tuple[Callable[[ImageContext], OcrResult], ...] = ()
        if score < SECOND_READ_BELOW and shot >= SECOND_READ_SCREENSHOT:
            # Undecided: read the screen again as sparse text (page layout analysis
            # drops whole UI panels), then with every panel binarised on its own;
            # a thumbnail last of all row by row, its large type only (and only
            # that when the first read found nothing at all).
            undecided = bool(found.cues) or gate_code is not None or small_code
            ink = None
            if not undecided:  # no cue: read again only if the read missed most rows of print
                ink = _ink_view(ctx)
                undecided = _rows_unread(ink, lines)
            ink_read = partial(_ink_read, view=ink)  # the binarised view made once
            if undecided:
                reads = (_sparse_read, ink_read, _tall_read) if small else (_sparse_read, ink_read)
            elif small:
                reads = (_tall_read,)
        if reads:
            large_from = None
            confident = [line for line in lines if line.conf >= SMALL_CUE_CONF]
            for read in reads:
                lines.append(OcrLine("", -1.0, BBox(0, 0, 0, 0)))
                if read is _tall_read:
                    # what a thumbnail's first read made out confidently is large type too
                    large_from = len(lines)
                    lines += confident
                lines += _restored(read(ctx).lines, width)
                found, score = self._read(lines, gate_code, shot, extra, small_code, large_from, small)
                if score >= SECOND_READ_BELOW:
                    break
        if score < MIN_SCORE:
            return []
        pii = [PiiValue("reservation_number", mask_number(code), code) for code, _ in found.codes]
        evidence = []
        located = _located_code(ctx)
        for c in sorted(found.cues, key=lambda c: -c.weight):
            value = c.name
            if c.kind == "reservation_code":
                value = pii[0].masked
            detail = {"family": c.family, "weight": c.weight}
            if c.kind == "barcode" and gate_code is not None:
                evidence.append(Evidence(c.kind, "layout", value, gate_code.bbox, detail))
            elif c.kind == "ticket_payload":
                evidence.append(Evidence(c.kind, "layout", value, located.bbox if located else None, detail))
            else:
                evidence.append(Evidence(c.kind, "ocr", value, lines[c.line].bbox, detail))
        families = sorted(found.families, key=lambda f: (f not in TICKET_ANCHOR_FAMILIES, f))
        explanation = f"reads like a reservation: {', '.join(families)} (screenshot {shot:.2f})"
        if _small_rule(found, lines, small_code, small) and not found.families & (TICKET_ANCHOR_FAMILIES | {PAYLOAD_FAMILY}):
            why = "a gate-sized code and a trip or title cue" if small_code else "a trip and a passenger count"
            explanation += f"; thumbnail with {why} (capped at {SMALL_TRIP_CAP})"
        return [self.finding(score, explanation, *evidence, pii=pii)]

    @staticmethod
    def _read(
        lines: list[OcrLine],
        gate_code: Barcode | None,
        shot: float,
        extra: tuple[TicketCue, ...] = (),
        small_code: bool = False,
        large_type_from: int | None = None,
        small_screen: bool = False,
    ) -> tuple[TicketCues, float]:
        """Cues of the lines (plus the code and ``extra`` cues, if any) and the scaled score."""
        found = find_ticket_cues([line.text for line in lines], large_type_from=large_type_from)
        if not found.cues and not extra:
            return found, 0.0
        cues = found.cues + extra
        if gate_code is not None:
            cues += (TicketCue("barcode", "barcode", gate_code.kind, BARCODE_WEIGHT, -1),)
        found = TicketCues(cues, found.codes)
        small_rule = _small_rule(found, lines, small_code, small_screen)
        score = ticket_score(found.cues, small_code=small_rule, small_screen=small_screen)
        return found, score * min(1.0, shot / SCREENSHOT_FULL)


#: Share of the image's width within which a line touches its side: a crop
#: of the screen may have cut its first or last word.
CUT_EDGE = 0.01
#: Least a cut keyword keeps (characters, and share of the keyword) to be restored.
CUT_KEEP, CUT_KEEP_SHARE = 5, 0.6
#: Latin keywords a crop may cut: those of ``CUT_MIN_LEN`` or more characters.
CUT_MIN_LEN = 8
_CUTTABLE = tuple(
    sorted(
        {normalize(k.text) for k in TICKET_KEYWORDS + RESERVATION_LABELS if len(k.text) >= CUT_MIN_LEN and k.text.isascii()},
        key=len,
        reverse=True,
    )
)


def _cut_ok(keyword: str, cut: int, kept: int) -> bool:
    """Whether ``keyword`` cut at ``cut`` loses part of a word (not a whole word) and keeps ``kept``, enough."""
    inside_word = keyword[cut - 1].isalpha() and keyword[cut].isalpha()
    return inside_word and kept >= max(CUT_KEEP, CUT_KEEP_SHARE * len(keyword))


def restore_cut_words(line: str, *, left: bool, right: bool) -> str:
    """``line`` with a keyword cut off at a cropped screen's side written out in full.

    A screenshot cropped through a column of labels leaves "ket holder" for
    TICKET HOLDER at its left side, "Boarding pa" at its right. Only a
    line that touches that side (``left``/``right``) is restored, only
    from a Latin keyword of ``CUT_MIN_LEN`` or more characters cut inside a
    word, and only when the part left is read exactly and is most of the
    keyword (``CUT_KEEP_SHARE``).
    """
    text = normalize(line)
    if left:
        for kw in _CUTTABLE:
            for cut in range(1, len(kw)):
                tail = kw[cut:]
                if text.startswith(tail) and not text[len(tail) : len(tail) + 1].isalpha() and _cut_ok(kw, cut, len(tail)):
                    return kw[:cut] + text
    if right:
        for kw in _CUTTABLE:
            for cut in range(len(kw) - 1, 0, -1):
                head = kw[:cut]
                start = len(text) - len(head)
                if text.endswith(head) and not text[start - 1 : start].isalpha() and _cut_ok(kw, cut, cut):
                    return text + kw[cut:]
    return text


def _restored(lines: Iterable[OcrLine], width: int) -> list[OcrLine]:
    """OCR lines with keywords cut at the image's sides restored (``restore_cut_words``)."""
    out = []
    for line in lines:
        left = line.bbox.w > 0 and line.bbox.x <= CUT_EDGE * width
        right = line.bbox.w > 0 and line.bbox.x + line.bbox.w >= (1 - CUT_EDGE) * width
        if left or right:
            text = restore_cut_words(line.text, left=left, right=right)
            if text != normalize(line.text):  # a keyword restored (else the line stays as read)
                line = replace(line, text=text)
        out.append(line)
    return out


def _screen_view(ctx: ImageContext) -> Region:
    """The whole image at reading size: the document view, unless that is a card-shaped panel."""
    view = ctx.document_region
    if not view.name.startswith("card:"):
        return view
    return ctx.screen_region()


def _screen_read(ctx: ImageContext) -> OcrResult:
    """OCR of the whole image: the document read, unless that read only a card-shaped panel."""
    if not ctx.document_region.name.startswith("card:"):
        return ctx.document_ocr()
    return ctx.ocr_region(_screen_view(ctx), key="screen")


def _sparse_read(ctx: ImageContext) -> OcrResult:
    """OCR of the whole image as sparse text, its row pieces joined (shares the screen's sparse read)."""
    view = _screen_view(ctx)
    key = "document:sparse" if view is ctx.document_region else "ticket:sparse"
    return join_rows(ctx.ocr_region(view, key=key, psm=CARD_OCR_PSM), view)


def _ink_view(ctx: ImageContext) -> Region:
    """The screen view binarised panel by panel (``rendered_ink``)."""
    view = _screen_view(ctx)
    return Region(view.name + ":ink", rendered_ink(view.pixels), view.to_original)


def _ink_read(ctx: ImageContext, view: Region | None = None) -> OcrResult:
    """OCR of the whole image binarised panel by panel (``view``, else made now), memoised."""
    return ctx.ocr_region(view if view is not None else _ink_view(ctx), key="ticket:ink")


def _rows_unread(ink: Region, lines: list[OcrLine]) -> bool:
    """The first read missed most rows of print on the binarised screen ``ink`` (``SCREEN_ROWS_READ``;
    a screen showing ``SCREEN_ROWS`` or more).

    Tesseract's page layout can drop most of a cropped or framed screen (a
    booking panel beside a coloured margin) and keep a date and a payment
    line: too little to hold a cue, though the rows are there to read.
    """
    rows = ink_rows(ink.pixels)
    return rows >= SCREEN_ROWS and len(lines) < SCREEN_ROWS_READ * rows


def _small_rule(found: TicketCues, lines: list[OcrLine], small_code: bool, small_screen: bool = False) -> bool:
    """The thumbnail rule applies: a trip or title cue (a service number read confidently) next to a
    gate-sized code; or, on a rendered thumbnail without one, a trip next to a passenger count."""
    trip = {
        c.family
        for c in found.cues
        if c.family in TRIP_FAMILIES and (c.family != "service_number" or lines[c.line].conf >= SMALL_CUE_CONF)
    }
    if small_code:
        return bool(trip)
    return small_screen and "party" in found.families and bool(trip - {"title"})


def _tall_read(ctx: ImageContext) -> OcrResult:
    """The tall text rows of a small screenshot, each read alone as one line (``tall_text``)."""
    gray = ctx.signals.gray
    to_original = np.diag([ctx.image.scale, ctx.image.scale, 1.0])
    words: list[OcrWord] = []
    for i, box in enumerate(tall_rows(gray)):
        pixels, to_gray = row_pixels(gray, box)
        read = ctx.ocr_region(Region(f"tall:{i}", pixels, to_original @ to_gray), key=f"ticket:tall:{i}", psm=ROW_PSM)
        # each row is one line, however the engine split it
        words += [replace(w, line=(i, 0, 0)) for line in read.lines for w in line.words]
    return OcrResult.from_words(tuple(words), region="tall")


def _located_code(ctx: ImageContext) -> Barcode | None:
    """The largest 2-D code located, decodable or not (a thumbnail's PDF417 seldom decodes)."""
    return _largest_2d(ctx.signals.barcodes, decoded=False)


def _payload_cues(ctx: ImageContext, shot: float) -> tuple[TicketCue, ...]:
    """A cue for a 2-D code holding a boarding pass or a rail ticket, on a screenshot."""
    if shot < SECOND_READ_SCREENSHOT or _located_code(ctx) is None:
        return ()
    # the cheap stage's code read recorded the layout (a code zxing located but could not sample was
    # already read again there, enlarged); only when no 2-D code was read at all (one located by its
    # finder patterns alone) is the whole working copy read again, enlarged
    codes = ctx.signals.barcodes
    fmt = next((c.payload for c in codes if c.payload in TRANSPORT_PAYLOADS), None)
    if fmt is None and not any(c.decoded for c in codes if c.kind in TWO_D_CODES):
        fmt = ctx.timed("ticket:payload", lambda: enlarged_payload(ctx.signals.gray))
    return (TicketCue(PAYLOAD_FAMILY, "ticket_payload", fmt, PAYLOAD_WEIGHT, -1),) if fmt else ()


def _is_small(ctx: ImageContext) -> bool:
    """A thumbnail-sized image (long side at most ``THUMB_MAX_SIDE``): its small print is unreadable."""
    return max(ctx.image.width, ctx.image.height) <= THUMB_MAX_SIDE


def _small_screen_code(ctx: ImageContext, shot: float) -> bool:
    """A surely rendered thumbnail-sized screenshot showing a gate-sized 2-D code."""
    img = ctx.image
    code = _located_code(ctx)
    return (
        _is_small(ctx)
        and shot >= SECOND_READ_SCREENSHOT
        and code is not None
        and code.bbox.w >= GATE_CODE_WIDTH * img.width
    )


def _gate_code(codes: Iterable[Barcode]) -> Barcode | None:
    """The largest decodable 2-D code: what a gate or a conductor scans."""
    return _largest_2d(codes, decoded=True)


def _largest_2d(codes: Iterable[Barcode], *, decoded: bool) -> Barcode | None:
    """The largest 2-D code of ``codes`` (only decodable ones with ``decoded``)."""
    two_d = [c for c in codes if c.kind in TWO_D_CODES and (c.decoded or not decoded)]
    return max(two_d, key=lambda c: c.bbox.w * c.bbox.h, default=None)
