"""id.numbers: identity numbers read in the document OCR text.

* Individual Number (マイナンバー, 12 digits, MIC check digit). One random
  12-digit number in 10 passes that check, so a valid one is verified only
  with context: printed 4-4-4 (as on the card), an 個人番号 / マイナンバー /
  Individual Number label on the same or a neighbouring line, or the text
  being read from a card-shaped quad (then with every digit read as a digit,
  no look-alike letter fixed). Without context it only supports. Nor does
  one with more digits right beside it past a stray mark ("30478 (3308 0480
  8230"): a slice of a longer number, a payment card's; nor an unlabelled
  one that opens its line after one short token ("xa 7034 0638 9643": a
  payment card's first group read as letters).
* Japanese driver's licence number (12 digits by 免許 / 番号, or printed
  ``第 … 号``): no public check digit, so supporting only.
* Health insurer number (保険者番号, 8 or 6 digits printed whole, check
  digit; ``checksums.is_valid_insurer_number``) beside its label: a
  health-insurance card's, which has no portrait and no personal number
  with a check digit. One random number in 10 passes the check, and the
  scheme and prefecture digits narrow that further; the label is required.
  On a card-shaped (ID-1) view it votes id_card, elsewhere (a prescription
  or a claim form prints it too) it only supports.
* Payment card numbers (13-19 digits, Luhn): payment cards are not ID
  cards. Printed in a payment card's groups (4-4-4-4, ...) on a photographed
  card, the number is counter-evidence (a ``photo`` finding): a card shape
  with something face-like on it (a hologram, a logo) is then a payment
  card. Otherwise supporting with a modest score.

On a card, the view's other reads (turned, inked: ``ImageContext.document_reads``)
are looked through when the read it kept verifies no number: the kept read
is the most confident, not the one that holds the number. A number found
there verifies only by its own context (4-4-4, a label), never by the
outline alone.

On a small card (a thumbnail's, ``signals.card_size``) whose document read
half-read a long number, the card view is read again with digits only
(``_digits_reread``): its 5-7 px digits are then read whole. So is a larger
card whose 4-4-4 number failed its check digit (a digit misread).

Digits are read from OCR lines after NFKC (full-width digits) and with the
usual look-alikes (O→0, l/I/|→1, S→5, B→8) fixed only inside groups that
already hold a digit. A number is a whole run of digit groups, never a
slice of a longer run (so 4 groups of a card number never make a 4-4-4).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pii_scan.checksums import is_valid_insurer_number, is_valid_luhn, is_valid_my_number
from pii_scan.context import CARD_OCR_PSM, ImageContext, join_rows
from pii_scan.detectors.base import BaseDetector
from pii_scan.masking import mask_number
from pii_scan.models import BBox, Evidence, Finding, Label, PiiValue
from pii_scan.ocr.base import OcrLine, OcrResult
from pii_scan.signals.card_size import is_small_card

__all__ = ["IdNumberDetector", "NumberCandidate", "find_numbers"]

#: Share of the frame covered by text lines from which an image may be a document.
DOCUMENT_TEXT_DENSITY = 0.03
#: ... when they are at least this many lines: a card or a page shows several,
#: while the 1-3 large text-like blobs of a street scene or a selfie (a sign,
#: a striped shirt) can cover as much of the frame and would start a
#: whole-frame OCR for nothing.
DOCUMENT_TEXT_LINES = 4
#: Screenshot score from which the OCR view is worth reading for numbers.
SCREENSHOT_SCORE = 0.5

MY_NUMBER_VERIFIED = 0.97
MY_NUMBER_UNVERIFIED = 0.3
MY_NUMBER_LABEL_ONLY = 0.3
LICENCE_SCORE = 0.35
PAYMENT_CARD_SCORE = 0.15
#: An insurer number whose check digit passes, beside its label: on an ID-1 card's view, and elsewhere.
INSURER_ON_CARD, INSURER_ELSEWHERE = 0.7, 0.3
#: A Luhn-valid number printed as payment cards print theirs (4-4-4-4, 4-4-4-4-3, 4-6-5, 4-6-4) on
#: a photographed card says the card is a payment card: counter-evidence (``photo``) that outscores
#: a card shape with a portrait-like blob on it (at most 0.7), not an ID's own print or a verified number.
PAYMENT_CARD_COUNTER = 0.75
PAYMENT_GROUPINGS = frozenset({(4, 4, 4, 4), (4, 4, 4, 4, 3), (4, 6, 5), (4, 6, 4)})
#: Least OCR confidence of the line for that: a small card's garbled rows, read at 10-30,
#: make such groups by chance (one number in ten passes Luhn); a payment card's own
#: number reads at 60 and more, photographed small or steep alike.
PAYMENT_COUNTER_CONF = 40.0

#: Digits on one document line that say a 12-digit number may be there, half read.
HALF_READ = (8, 13)
#: The whitelist of the digits-only re-read of a small card.
DIGITS = "0123456789 "

#: Most look-alike letters fixed in one number (more and it is probably a word).
MAX_LOOKALIKES = 3

_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"})
_DIGITISH = "0-9OoIl|SB"
#: Between digit groups: a space or dash as printed, or the "." / "," OCR reads a
#: gap as (taken only between groups of four, as card numbers are printed).
_SEP = r"[ \-‐–—.,]"
_RUN = re.compile(rf"(?<![A-Za-z0-9])[{_DIGITISH}]+(?:{_SEP}[{_DIGITISH}]+)*(?![A-Za-z0-9])")
_MY_NUMBER_WORDS = ("個人番号", "マイナンバー", "individualnumber", "mynumber")
_LICENCE_WORDS = ("免許", "licenseno", "licenceno", "driver'slicense")
_INSURER_WORDS = ("保険者番号",)


@dataclass(frozen=True)
class NumberCandidate:
    """A run of digit groups read on one OCR line.

    ``digits`` has look-alikes fixed and separators removed; ``groups`` the
    length of each printed group; ``text`` the run as read (for the box).
    """

    digits: str
    groups: tuple[int, ...]
    text: str
    line: int
    start: int
    end: int


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def find_numbers(lines: Sequence[str], *, min_digits: int = 12, max_digits: int = 19) -> list[NumberCandidate]:
    """Digit runs of ``min_digits``..``max_digits`` digits in OCR lines."""
    out = []
    for li, raw in enumerate(lines):
        text = unicodedata.normalize("NFKC", raw)
        for m in _RUN.finditer(text):
            for run, start in _split_on_letter_groups(m.group(), m.start()):
                groups = re.split(_SEP, run)
                if ("." in run or "," in run) and any(len(g) != 4 for g in groups):
                    continue  # an amount or a date; a card number misread keeps its 4-digit groups
                digits = "".join(g.translate(_LOOKALIKE) for g in groups)
                if min_digits <= len(digits) <= max_digits and sum(c.isdigit() for c in run) >= len(digits) - MAX_LOOKALIKES:
                    out.append(NumberCandidate(digits, tuple(len(g) for g in groups), run, li, start, start + len(run)))
    return out


def _split_on_letter_groups(run: str, offset: int) -> Iterable[tuple[str, int]]:
    """Split a run where a group has no real digit (a word like 'SB' or 'I')."""
    pos, cur, cur_start = 0, [], offset
    for part in re.split(f"({_SEP})", run):
        if re.fullmatch(_SEP, part):
            pos += len(part)
            continue
        if any(c.isdigit() for c in part):
            if not cur:
                cur_start = offset + pos
            cur.append((part, offset + pos))
        elif cur:
            yield _join(cur, run, offset), cur_start
            cur = []
        pos += len(part)
    if cur:
        yield _join(cur, run, offset), cur_start


def _join(parts: list[tuple[str, int]], run: str, offset: int) -> str:
    first, last = parts[0], parts[-1]
    return run[first[1] - offset : last[1] - offset + len(last[0])]


#: A digit right before or after a number with only these between: a stray bracket or colon read
#: inside a longer number (a payment card's 16 digits, "30478 (3308 0480 8230").
_DIGIT_BEFORE = re.compile(r"[0-9][^A-Za-z0-9\u3040-\u30ff\u4e00-\u9fff]{1,3}$")
_DIGIT_AFTER = re.compile(r"^[^A-Za-z0-9\u3040-\u30ff\u4e00-\u9fff]{1,3}[0-9]")
#: All a line holds before a 4-4-4 number when its first group of four was misread: one token of
#: 2-4 Latin letters and digits, a group's gap after it.
_LOST_GROUP = re.compile(r"\s*[A-Za-z0-9]{2,4}\s{1,2}")


def _slice_of_longer(raw: str, cand: NumberCandidate) -> bool:
    """Whether more digits sit right beside ``cand`` on its line, past a bracket or a colon: a slice
    of a longer number, as a run split by a stray mark is (``find_numbers`` never slices one)."""
    text = unicodedata.normalize("NFKC", raw)
    return bool(_DIGIT_BEFORE.search(text[: cand.start]) or _DIGIT_AFTER.search(text[cand.end :]))


def _group_lost_before(raw: str, cand: NumberCandidate) -> bool:
    """Whether a number printed 4-4-4 opens its line after one short token, as a fourth group
    read as letters does (a payment card's "4688 7034 0638 9643" read "xa 7034 0638 9643")."""
    text = unicodedata.normalize("NFKC", raw)
    return cand.groups == (4, 4, 4) and bool(_LOST_GROUP.fullmatch(text[: cand.start]))


def _digits_as_read(cand: NumberCandidate) -> str:
    """The candidate's characters that were read as digits (no look-alike letter fixed)."""
    return "".join(c for c in cand.text if c.isdigit())


def _half_read_rows(lines: Sequence[OcrLine]) -> list[BBox]:
    """Boxes of the lines holding 8-13 digits (an Individual Number half read).

    None when a line holds more (a payment card's 16 digits, read with a
    group lost, would make 12).
    """
    counts = [sum(c.isdigit() for c in unicodedata.normalize("NFKC", ln.text)) for ln in lines]
    if max(counts, default=0) > HALF_READ[1]:
        return []
    return [ln.bbox for ln, n in zip(lines, counts, strict=True) if n >= HALF_READ[0]]


def _slipped_rows(lines: Sequence[OcrLine], texts: Sequence[str]) -> list[BBox]:
    """Boxes of the lines holding a 12-digit number printed 4-4-4 whose check digit fails (a digit misread)."""
    return [
        lines[c.line].bbox
        for c in find_numbers(texts, min_digits=12, max_digits=12)
        if c.groups == (4, 4, 4) and not is_valid_my_number(c.digits)
    ]


def _on_row(box: BBox, rows: Sequence[BBox]) -> bool:
    """Whether ``box``'s middle lies within the height of one of ``rows``."""
    mid = box.y + box.h / 2
    return any(r.y <= mid <= r.y + r.h for r in rows)


def _near(lines: Sequence[str], li: int, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` on line ``li`` or a neighbouring line."""
    for k in (li, li - 1, li + 1):
        if 0 <= k < len(lines):
            text = _compact(lines[k])
            for w in words:
                if w in text:
                    return w
    return None


def _box(line: OcrLine, cand: NumberCandidate) -> BBox:
    """Box of the words holding the number's digits (the line's box if none match)."""
    digits = cand.digits
    words = [w for w in line.words if any(c.isdigit() for c in w.text) and w.text.translate(_LOOKALIKE).strip("-") in digits]
    if not words:
        return line.bbox
    xs = [w.bbox.x for w in words] + [w.bbox.x + w.bbox.w for w in words]
    ys = [w.bbox.y for w in words] + [w.bbox.y + w.bbox.h for w in words]
    return BBox.from_points(xs, ys)


class IdNumberDetector(BaseDetector):
    """Individual Numbers (verified with context), licence numbers (supporting), payment card numbers (see module)."""

    name = "id.numbers"
    label = Label.ID_CARD
    version = "7"
    needs_ocr = True

    def prefilter(self, ctx: ImageContext) -> bool:
        s = ctx.signals
        return (
            bool(s.card_quads)
            or s.screenshot.score >= SCREENSHOT_SCORE
            or (s.text_density >= DOCUMENT_TEXT_DENSITY and len(s.text_lines) >= DOCUMENT_TEXT_LINES)
            or bool(s.text_blocks)
            or s.faint_card is not None
        )

    def detect(self, ctx: ImageContext) -> Iterable[Finding]:
        doc = ctx.document_ocr()
        texts = [line.text for line in doc.lines]
        on_card = bool(ctx.signals.card_quads) and ctx.document_region.name.startswith("card")
        seen: set[str] = set()
        findings = self._judged(doc.lines, seen, on_card=on_card)
        findings.extend(self._insurer_number(doc.lines, id1=ctx.document_region.name == "card:id1"))
        if on_card and not any(f.verified for f in findings):
            findings.extend(self._other_reads(ctx, doc))
        if on_card and not any(f.verified for f in findings):
            quads = ctx.signals.card_quads
            # a thumbnail's card: numbers half read; a larger card: a 4-4-4 number with a digit misread
            rows = _half_read_rows(doc.lines) if is_small_card(quads[0]) else _slipped_rows(doc.lines, texts)
            if rows:
                findings.extend(self._digits_reread(ctx, seen, rows))
        return findings

    def _judged(self, lines: Sequence[OcrLine], seen: set[str], *, on_card: bool) -> list[Finding]:
        """Findings for the numbers on ``lines`` not in ``seen`` (which gains them)."""
        texts = [line.text for line in lines]
        findings = []
        for cand in find_numbers(texts, min_digits=12, max_digits=19):
            if cand.digits in seen:
                continue
            seen.add(cand.digits)
            f = self._judge(cand, texts, lines[cand.line], on_card=on_card)
            if f is not None:
                findings.append(f)
        return findings

    def _insurer_number(self, lines: Sequence[OcrLine], *, id1: bool) -> list[Finding]:
        """The first insurer number with a valid check digit beside its label (module docstring), as a finding."""
        texts = [line.text for line in lines]
        for cand in find_numbers(texts, min_digits=6, max_digits=8):
            if len(cand.groups) != 1 or not is_valid_insurer_number(cand.digits):
                continue
            if _near(texts, cand.line, _INSURER_WORDS) is None:
                continue
            masked = mask_number(cand.text)
            ev = Evidence("insurer_number", "ocr", masked, _box(lines[cand.line], cand), {"digits": float(len(cand.digits))})
            where = "on a card" if id1 else "not on a card outline"
            why = f"health insurer number {masked} with a valid check digit by '保険者番号' ({where})"
            return [self.finding(INSURER_ON_CARD if id1 else INSURER_ELSEWHERE, why, ev, supporting=not id1)]
        return []

    def _other_reads(self, ctx: ImageContext, best: OcrResult) -> list[Finding]:
        """Verified numbers in the card's other reads (``ImageContext.document_reads``), first read first.

        The document view keeps the read with the most confident text: the
        inked copy read upside down can outscore the upright read that holds
        the card's number whole. There the number must verify by its own
        context (printed 4-4-4, or a label beside it), not by the card outline
        alone: more reads are more chances for grain to make 12 digits.
        """
        for read in ctx.document_reads():
            if read is best:
                continue
            verified = [f for f in self._judged(read.lines, set(), on_card=False) if f.verified]
            if verified:
                return verified[:1]
        return []

    def _digits_reread(self, ctx: ImageContext, seen: set[str], rows: Sequence[BBox]) -> list[Finding]:
        """The card's view read again with the digits alone, kept on ``rows``.

        In a thumbnail a card's number is 5-7 px high; the general read
        splits it, or takes digits for letters (``_half_read_rows``). On a
        larger card slightly out of focus it can take one digit for another
        (3 for 2), and the check digit fails (``_slipped_rows``). A
        digits-only read of the same view reads it whole and right. Only
        Individual Numbers whose check digit passes count, printed in groups
        of four as on the card, on a row where the general read saw a long
        number.
        """
        view = ctx.document_region
        read = join_rows(ctx.ocr_region(view, key="document:digits", psm=CARD_OCR_PSM, whitelist=DIGITS), view)
        texts = [line.text for line in read.lines]
        out = []
        for cand in find_numbers(texts, min_digits=12, max_digits=12):
            if cand.digits in seen or any(g % 4 for g in cand.groups) or not is_valid_my_number(cand.digits):
                continue
            if not _on_row(read.lines[cand.line].bbox, rows):
                continue
            seen.add(cand.digits)
            f = self._judge(cand, texts, read.lines[cand.line], on_card=True)
            if f is not None:
                out.append(f)
        return out

    def _judge(self, cand: NumberCandidate, texts: Sequence[str], line: OcrLine, *, on_card: bool) -> Finding | None:
        masked = mask_number(cand.text)
        box = _box(line, cand)
        grouping = "-".join(str(g) for g in cand.groups)
        if len(cand.digits) == 12:
            label_word = _near(texts, cand.line, _MY_NUMBER_WORDS)
            licence_word = self._licence_context(texts, cand, label_word)
            valid = is_valid_my_number(cand.digits) and not _slice_of_longer(texts[cand.line], cand)
            if valid and not label_word and _group_lost_before(texts[cand.line], cand):
                valid = False  # unlabelled, it may be the last 12 of a payment card's 16 digits
            if valid and not (licence_word and not label_word):
                context = [f"label '{label_word}'"] if label_word else []
                if cand.groups == (4, 4, 4):
                    context.append("printed 4-4-4")
                if on_card and (context or cand.digits == _digits_as_read(cand)):
                    # the outline alone verifies only digits read as digits: a look-alike letter
                    # fixed in a run not printed 4-4-4 is as likely a phone number's garbled line
                    context.append("on a card-shaped document")
                if context:
                    return self._number(
                        "individual_number", cand, masked, box, grouping, MY_NUMBER_VERIFIED,
                        f"12-digit number with a valid Individual Number check digit ({', '.join(context)})",
                        verified=True,
                    )  # fmt: skip
                return self._number(
                    "individual_number", cand, masked, box, grouping, MY_NUMBER_UNVERIFIED,
                    "12-digit number passes the Individual Number check digit, but no label or card around it",
                    supporting=True,
                )  # fmt: skip
            if licence_word:
                return self._number(
                    "drivers_licence_number", cand, masked, box, grouping, LICENCE_SCORE,
                    f"12-digit number next to '{licence_word}' (driver's licence number format)",
                    supporting=True,
                )  # fmt: skip
            if label_word:
                return self._number(
                    "individual_number", cand, masked, box, grouping, MY_NUMBER_LABEL_ONLY,
                    f"12-digit number next to '{label_word}', but its check digit fails (OCR error?)",
                    supporting=True,
                )  # fmt: skip
            return None
        if 13 <= len(cand.digits) <= 19 and is_valid_luhn(cand.digits):
            if on_card and cand.groups in PAYMENT_GROUPINGS and line.conf >= PAYMENT_COUNTER_CONF:
                return self._number(
                    "payment_card_number", cand, masked, box, grouping, PAYMENT_CARD_COUNTER,
                    f"{len(cand.digits)}-digit Luhn-valid number printed {grouping} on the card: a payment card",
                    label=Label.PHOTO,
                )  # fmt: skip
            return self._number(
                "payment_card_number", cand, masked, box, grouping, PAYMENT_CARD_SCORE,
                f"{len(cand.digits)}-digit Luhn-valid number (payment card format; not an ID by itself)",
                supporting=True,
            )  # fmt: skip
        return None

    @staticmethod
    def _licence_context(texts: Sequence[str], cand: NumberCandidate, label_word: str | None) -> str | None:
        """What marks a 12-digit number as a licence number: 免許, 第…号, or 番号 without 個人."""
        word = _near(texts, cand.line, _LICENCE_WORDS)
        if word:
            return word
        line = unicodedata.normalize("NFKC", texts[cand.line])
        if "第" in line[: cand.start] and "号" in line[cand.end :]:
            return "第…号"
        if not label_word and _near(texts, cand.line, ("番号",)):
            return "番号"
        return None

    def _number(
        self,
        kind: str,
        cand: NumberCandidate,
        masked: str,
        box: BBox,
        grouping: str,
        score: float,
        why: str,
        *,
        verified: bool = False,
        supporting: bool = False,
        label: Label | None = None,
    ) -> Finding:
        ev = Evidence(kind, "ocr", masked, box, {"grouping": grouping, "digits": float(len(cand.digits))})
        pii = [PiiValue(kind, masked, cand.digits)]
        return self.finding(score, why, ev, label=label, verified=verified, supporting=supporting, pii=pii)
