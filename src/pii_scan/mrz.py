"""Machine-readable zones (ICAO Doc 9303): find, repair and verify.

An MRZ is 3 lines of 30 characters (TD1: ID cards), 2 of 36 (TD2, and
MRV-B visas) or 2 of 44 (TD3: passports, and MRV-A visas), in the alphabet
``A-Z 0-9 <``. Its check digits are the scanner's offline verification: a
text that passes all of them is an MRZ beyond reasonable doubt.

OCR output is repaired before checking, in this order:

1. ``clean_line``: NFKC, upper case, chevron look-alikes to ``<`` (``«``
   and ``《`` count as two), ``K`` inside filler runs to ``<``, everything
   else outside the alphabet dropped;
2. length: a line up to 2 characters too long or short is fitted by
   trimming or padding its ends and its filler runs (where OCR miscounts),
   keeping the variant whose check digits pass best; a name line, and a
   TD1 first line read through its document number's check digit, may
   have lost more of their filler and are padded at their end (a name
   line down to ``NAME_LINE_MIN`` characters, when at least
   ``SHAPED_CHECKS`` check digits of the other lines pass); a TD1 read
   without its first line (its data and name lines, ``TD1_LOWER``) counts
   when both its date checks pass, as MRZ-shaped, never as verified;
3. per-field confusions: ``O``/``0``, ``I``/``1``, ``T``/``7`` etc. are mapped to a
   digit in digit-only fields (dates, check digits) and to a letter in
   letter-only fields (names, country codes); a document code's first
   letter to one of ``ACIPV``. Document numbers are alphanumeric: their
   look-alikes are swapped only when every other check already passes and
   both the number's own check and the composite then pass.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Mapping

from pii_scan.checksums import is_valid_icao

__all__ = ["MRZ_ALPHABET", "MrzResult", "clean_line", "find_mrz", "parse_mrz"]

MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"

#: Line length and count of each format.
FORMATS: dict[str, tuple[int, int]] = {"TD1": (30, 3), "TD2": (36, 2), "TD3": (44, 2)}
#: How far an OCR line's length may be off and still be fitted.
LENGTH_SLACK = 2
#: How many characters a name line (no check digits) may lack: OCR drops
#: '<' from long filler runs, and the line is padded back with fillers.
NAME_LINE_SHORT = 15
#: Shortest line looked at as an MRZ line at all (``find_mrz``), and so the shortest
#: name line parsed (Tesseract can read a long ``<<<<`` run as a few '<'); a name
#: line more than ``NAME_LINE_SHORT`` short counts only when ``SHAPED_CHECKS`` of
#: the other lines' check digits pass.
NAME_LINE_MIN = min(n for n, _ in FORMATS.values()) - NAME_LINE_SHORT
#: A TD1 read without its first line (cut off by the frame or a band, lost in glare): its data
#: and name lines. Parsed only when both their check digits (birth and expiry) pass; never
#: ``valid`` (the document number and the composite check are on, or cover, the missing line).
TD1_LOWER = "TD1-lower"
#: Length of a TD1 first line through its document number's check digit.
_TD1_NUMBER_END = 15
#: ``MrzResult.shape`` from which a text counts as MRZ-shaped; and from
#: which it does when at least ``SHAPED_CHECKS`` check digits pass (grain
#: and blur read OCR-B 7 as T, 0 as O or Q, 5 as S: the repaired digits
#: still check, at odds of about 1 in 10 each by chance).
SHAPED, SHAPED_WITH_CHECKS, SHAPED_CHECKS = 0.8, 0.6, 2

_CHEVRONS = {"«": "<<", "《": "<<", "‹": "<", "〈": "<", "く": "<", "ぐ": "<", "(": "<", "{": "<", "[": "<"}
_TO_DIGIT = str.maketrans(
    {"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "G": "6", "T": "7", "B": "8"}
)
_TO_ALPHA = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"})
# Document codes start with A, C, I, P or V (Doc 9303-5/6, 4.2.2); OCR often reads I as T, L or 1.
_DOC_CODE_FIX = {"T": "I", "L": "I", "1": "I", "J": "I"}
# Alphanumeric look-alikes tried in a document number whose check digit fails.
_SWAPS = {"O": "0", "0": "O", "I": "1", "1": "I", "Z": "2", "2": "Z", "S": "5", "5": "S", "B": "8", "8": "B", "D": "0", "G": "6", "6": "G"}
#: Most look-alike positions tried in a document number (2^n variants).
MAX_SWAPS = 4
_FILLER_K = re.compile(r"(?<=<)K+(?=<|$)|^K+(?=<)")

# Character classes of positions: d = digit or '<', a = letter or '<',
# x = any MRZ character, s = sex. A layout is a list of (line, start, end, class).
_Layout = tuple[tuple[int, int, int, str], ...]


@dataclass(frozen=True)
class _Spec:
    """Where the fields and check digits of one MRZ format are."""

    fields: Mapping[str, tuple[int, int, int]]  # name -> (line, start, end)
    checks: Mapping[str, tuple[tuple[tuple[int, int, int], ...], tuple[int, int]]]  # name -> (data spans, check pos)
    classes: _Layout
    name_span: tuple[int, int, int]


def _spec_two_line(width: int, visa: bool) -> _Spec:
    """TD3 (width 44) and TD2 (width 36) share one layout; only the ends differ.

    Passports (TD3) have a check digit on the optional data (position 42)
    and the composite at 43; TD2 has only the composite, at 35. Visas
    (MRV-A/B) have neither: their optional data runs to the end of the line.
    """
    td3 = width == 44
    opt_end = width if visa else (42 if td3 else width - 1)
    fields = {
        "document_code": (0, 0, 2),
        "issuing_state": (0, 2, 5),
        "document_number": (1, 0, 9),
        "nationality": (1, 10, 13),
        "birth_date": (1, 13, 19),
        "sex": (1, 20, 21),
        "expiry_date": (1, 21, 27),
        "optional_data": (1, 28, opt_end),
    }
    checks: dict[str, tuple[tuple[tuple[int, int, int], ...], tuple[int, int]]] = {
        "document_number": (((1, 0, 9),), (1, 9)),
        "birth_date": (((1, 13, 19),), (1, 19)),
        "expiry_date": (((1, 21, 27),), (1, 27)),
    }
    if not visa:
        if td3:
            checks["optional_data"] = (((1, 28, 42),), (1, 42))
        checks["composite"] = (((1, 0, 10), (1, 13, 20), (1, 21, width - 1)), (1, width - 1))
    classes = (
        (0, 0, width, "a"),
        (1, 0, 9, "x"), (1, 9, 10, "d"), (1, 10, 13, "a"), (1, 13, 20, "d"), (1, 20, 21, "s"),
        (1, 21, 28, "d"), (1, 28, opt_end, "x"),
    ) + (() if visa else ((1, opt_end, width, "d"),))
    return _Spec(fields, checks, classes, (0, 5, width))


def _spec_td1() -> _Spec:
    fields = {
        "document_code": (0, 0, 2),
        "issuing_state": (0, 2, 5),
        "document_number": (0, 5, 14),
        "optional_data": (0, 15, 30),
        "birth_date": (1, 0, 6),
        "sex": (1, 7, 8),
        "expiry_date": (1, 8, 14),
        "nationality": (1, 15, 18),
        "optional_data_2": (1, 18, 29),
    }
    checks = {
        "document_number": (((0, 5, 14),), (0, 14)),
        "birth_date": (((1, 0, 6),), (1, 6)),
        "expiry_date": (((1, 8, 14),), (1, 14)),
        "composite": (((0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)), (1, 29)),
    }
    classes = (
        (0, 0, 5, "a"), (0, 5, 14, "x"), (0, 14, 15, "x"), (0, 15, 30, "x"),
        (1, 0, 7, "d"), (1, 7, 8, "s"), (1, 8, 15, "d"), (1, 15, 18, "a"), (1, 18, 29, "x"), (1, 29, 30, "d"),
        (2, 0, 30, "a"),
    )
    return _Spec(fields, checks, classes, (2, 0, 30))


def _spec_td1_lower() -> _Spec:
    """A TD1's second and third lines alone (``TD1_LOWER``): its first line's fields and checks dropped."""
    td1 = _spec_td1()
    fields = {k: (li - 1, a, b) for k, (li, a, b) in td1.fields.items() if li > 0}
    checks = {k: (tuple((li - 1, a, b) for li, a, b in spans), (cl - 1, ci))
              for k, (spans, (cl, ci)) in td1.checks.items() if all(li > 0 for li, _, _ in spans)}
    classes = tuple((li - 1, a, b, c) for li, a, b, c in td1.classes if li > 0)
    return _Spec(fields, checks, classes, (1, 0, 30))


_SPECS = {
    ("TD1", False): _spec_td1(),
    (TD1_LOWER, False): _spec_td1_lower(),
    ("TD2", False): _spec_two_line(36, False),
    ("TD2", True): _spec_two_line(36, True),
    ("TD3", False): _spec_two_line(44, False),
    ("TD3", True): _spec_two_line(44, True),
}


@dataclass(frozen=True)
class MrzResult:
    """A parsed MRZ.

    ``lines`` are the repaired lines the checks ran on; ``fields`` the
    decoded fields (``surname`` and ``given_names`` split from the name);
    ``checks`` whether each check digit passed; ``shape`` in [0, 1] how
    MRZ-like the text was as read, before repair (digits where digits
    belong, filler runs present): ``shaped`` is True from ``SHAPED`` on.
    ``line_indices`` says which input lines it came from (``find_mrz``).
    """

    format: str
    lines: tuple[str, ...]
    fields: Mapping[str, str]
    checks: Mapping[str, bool]
    shape: float
    line_indices: tuple[int, ...] = field(default=())

    @property
    def composite_valid(self) -> bool | None:
        """The composite check, or None for formats without one (visas)."""
        return self.checks.get("composite")

    @property
    def valid_score(self) -> float:
        """Share of the check digits that pass, in [0, 1]."""
        return sum(self.checks.values()) / len(self.checks) if self.checks else 0.0

    @property
    def valid(self) -> bool:
        """All check digits pass and the fields are plausible."""
        return bool(self.checks) and all(self.checks.values()) and _plausible(self.fields)

    @property
    def shaped(self) -> bool:
        """The text looks like an MRZ even if some of its check digits fail."""
        return self.shape >= SHAPED or (self.shape >= SHAPED_WITH_CHECKS and sum(self.checks.values()) >= SHAPED_CHECKS)

    @property
    def is_visa(self) -> bool:
        return self.fields.get("document_code", "").startswith("V")


def _date_ok(s: str) -> bool:
    if len(s) != 6 or not s[:2].isdigit():
        return False
    mm, dd = s[2:4], s[4:6]
    if mm.isdigit() and not 1 <= int(mm) <= 12:
        return False
    if dd.isdigit() and not 1 <= int(dd) <= 31:
        return False
    return all(c.isdigit() or c == "<" for c in s)


def _plausible(fields: Mapping[str, str]) -> bool:
    """Reject trivially 'valid' text, e.g. all fillers (whose check digit is 0)."""
    doc = fields.get("document_number", "").replace("<", "")
    return (
        len(doc) >= 4
        and _date_ok(fields.get("birth_date", ""))
        and _date_ok(fields.get("expiry_date", ""))
        and fields.get("document_code", "")[:1] in tuple("ACIPV")
    )


def clean_line(raw: str) -> str:
    """An OCR line mapped onto the MRZ alphabet (see the module docstring)."""
    s = unicodedata.normalize("NFKC", raw)
    s = "".join(_CHEVRONS.get(c, c) for c in s)
    s = "".join(c for c in s.upper() if c in MRZ_ALPHABET)
    return _FILLER_K.sub(lambda m: "<" * len(m.group()), s)


def _mrz_like(raw: str, cleaned: str) -> bool:
    """Whether an OCR line could be an MRZ line at all (cheap pre-check)."""
    visible = [c for c in unicodedata.normalize("NFKC", raw) if not c.isspace()]
    shortest = min(n for n, _ in FORMATS.values())
    if not visible or len(cleaned) < NAME_LINE_MIN:
        return False
    if len(cleaned) < shortest - LENGTH_SLACK and "<<" not in cleaned:
        return False  # only a name line may be this short, and it has a filler run
    kept = sum(1 for c in visible if c.upper() in MRZ_ALPHABET or c in _CHEVRONS)
    return kept / len(visible) >= 0.85


def _fit_end(line: str, n: int) -> str:
    """A name line fitted to ``n``: pad with filler, or cut surplus trailing filler, then the end."""
    if len(line) <= n:
        return line + "<" * (n - len(line))
    surplus = len(line) - n
    stripped = line.rstrip("<")
    if len(line) - len(stripped) >= surplus:
        return line[:n]
    return line[:n] if len(stripped) > n else stripped + "<" * (n - len(stripped))


def _short_first_line(line: str, n: int) -> bool:
    """Whether a TD1 first line reads short by more than ``LENGTH_SLACK`` where its filler runs.

    Its optional data (positions 16-30) is mostly filler on most cards, and
    OCR drops characters from long ``<<<<`` runs as it does on the name line.
    Everything up to the document number's check digit must be there.
    """
    return len(line) < n - LENGTH_SLACK and len(line) >= _TD1_NUMBER_END and "<<" in line[_TD1_NUMBER_END - 1 :]


def _variants(line: str, n: int) -> list[str]:
    """Ways to make ``line`` exactly ``n`` long by editing its ends and filler runs."""
    out = {line}
    for _ in range(abs(len(line) - n)):
        nxt: set[str] = set()
        for s in out:
            if len(s) > n:
                cuts = {0, len(s) - 1} | {m.start() for m in re.finditer(r"<+", s)}
                nxt.update(s[:i] + s[i + 1 :] for i in cuts)
            else:
                spots = {len(s)} | {m.start() for m in re.finditer(r"<+", s)}
                nxt.update(s[:i] + "<" + s[i:] for i in spots)
        out = nxt
    return sorted(s for s in out if len(s) == n)


def _apply_classes(lines: list[str], classes: _Layout) -> tuple[list[str], float]:
    """Map confusable characters per position class; also the raw shape score.

    The shape score is the share of digit and sex positions that held a
    digit (or the right letter) before repair, halved when no ``<<`` filler
    run appears at all: ordinary upper-case text fails both.
    """
    chars = [list(line) for line in lines]
    fit = total = 0
    for li, a, b, cls in classes:
        for i in range(a, b):
            c = chars[li][i]
            if cls == "d":
                total += 1
                fit += c.isdigit() or c == "<"
                chars[li][i] = c.translate(_TO_DIGIT)
            elif cls == "a":
                chars[li][i] = c.translate(_TO_ALPHA)
            elif cls == "s":
                total += 1
                fit += c in "MFX<"
    shape = fit / max(total, 1)
    if not any("<<" in line for line in lines):
        shape /= 2
    return ["".join(c) for c in chars], shape


def _split_name(name: str) -> tuple[str, str]:
    surname, _, given = name.strip("<").partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


def _long_document_number(lines: list[str]) -> tuple[str, str] | None:
    """TD1 document numbers over 9 characters continue in the optional data (Doc 9303-5, 4.2.2)."""
    if lines[0][14] != "<" or "<" in lines[0][5:14]:
        return None
    rest = lines[0][15:30].split("<", 1)[0]
    if len(rest) < 2:
        return None
    return lines[0][5:14] + rest[:-1], rest[-1]


def _run_checks(spec: _Spec, lines: list[str]) -> dict[str, bool]:
    checks: dict[str, bool] = {}
    for name, (spans, (cl, ci)) in spec.checks.items():
        data = "".join(lines[li][a:b] for li, a, b in spans)
        checks[name] = is_valid_icao(data, lines[cl][ci])
    return checks


def _repair_number(spec: _Spec, lines: list[str], checks: dict[str, bool]) -> tuple[list[str], dict[str, bool]]:
    """Try O/0, I/1 ... look-alikes in a document number whose check fails.

    Only when every other field check passes (so the text is an MRZ
    already), and a variant is taken only if its own check and the
    composite (which covers it again) both pass.
    """
    if checks.get("document_number", True) or not all(v for k, v in checks.items() if k not in ("document_number", "composite")):
        return lines, checks
    li, a, b = spec.fields["document_number"]
    spots = [i for i in range(a, b) if lines[li][i] in _SWAPS][:MAX_SWAPS]
    for mask in range(1, 1 << len(spots)):
        row = list(lines[li])
        for k, i in enumerate(spots):
            if mask >> k & 1:
                row[i] = _SWAPS[row[i]]
        trial = lines[:li] + ["".join(row)] + lines[li + 1 :]
        trial_checks = _run_checks(spec, trial)
        if trial_checks["document_number"] and trial_checks.get("composite", True):
            return trial, trial_checks
    return lines, checks


def _parse_exact(fmt: str, lines: list[str]) -> MrzResult:
    lines = list(lines)
    if fmt != TD1_LOWER and lines[0][:1] in _DOC_CODE_FIX:
        lines[0] = _DOC_CODE_FIX[lines[0][0]] + lines[0][1:]
    visa = fmt in ("TD2", "TD3") and lines[0][:1] == "V"  # a TD1's lines are never a visa's
    spec = _SPECS[(fmt, visa)]
    fixed, shape = _apply_classes(lines, spec.classes)
    checks = _run_checks(spec, fixed)
    long_no = _long_document_number(fixed) if fmt == "TD1" and not checks["document_number"] else None
    if long_no and is_valid_icao(*long_no):
        checks["document_number"] = True
    else:
        long_no = None
        fixed, checks = _repair_number(spec, fixed, checks)
    fields = {k: fixed[li][a:b] for k, (li, a, b) in spec.fields.items()}
    if long_no:
        fields["document_number"] = long_no[0]
    li, a, b = spec.name_span
    fields["surname"], fields["given_names"] = _split_name(fixed[li][a:b])
    fields = {k: (v if k in ("surname", "given_names") else v.rstrip("<")) for k, v in fields.items()}
    return MrzResult(fmt, tuple(fixed), fields, checks, shape)


def _rank(r: MrzResult) -> tuple[bool, float, float]:
    return (r.valid, r.valid_score, r.shape)


def parse_mrz(lines: Sequence[str]) -> MrzResult | None:
    """Parse 2 or 3 OCR lines as an MRZ, repairing them; None if no format fits.

    The format is chosen by line count and length (within ``LENGTH_SLACK``;
    a name line may also be up to ``NAME_LINE_SHORT`` short); among the
    length-repair variants the one whose checks pass best wins.
    """
    cleaned = [clean_line(s) for s in lines]
    best: MrzResult | None = None
    for fmt, (n, count) in FORMATS.items():
        name_line = 2 if fmt == "TD1" else 0
        if len(cleaned) != count:
            continue
        # lines that end in filler and may have lost much of it: padded at their end
        padded = {name_line}
        if fmt == "TD1" and _short_first_line(cleaned[0], n):
            padded.add(0)
        if not all(
            (NAME_LINE_MIN if i == name_line else n - (NAME_LINE_SHORT if i in padded else LENGTH_SLACK))
            <= len(s) <= n + LENGTH_SLACK
            for i, s in enumerate(cleaned)
        ):
            continue
        short_name = len(cleaned[name_line]) < n - NAME_LINE_SHORT
        # a padded line (the name line, which has no check digit; a short TD1 first line): one variant, padded or cut at its end
        options = [[_fit_end(s, n)] if i in padded else _variants(s, n) for i, s in enumerate(cleaned)]
        for combo in itertools.islice(itertools.product(*options), 2000):
            r = _parse_exact(fmt, list(combo))
            if short_name and sum(r.checks.values()) < SHAPED_CHECKS:
                continue
            if best is None or _rank(r) > _rank(best):
                best = r
    lower = _parse_td1_lower(cleaned)
    if lower is not None and (best is None or _rank(lower) > _rank(best)):
        best = lower
    return best


def _parse_td1_lower(cleaned: list[str]) -> MrzResult | None:
    """Two cleaned lines as a TD1's data and name lines (``TD1_LOWER``), or None unless both checks pass."""
    n = FORMATS["TD1"][0]
    if len(cleaned) != 2:
        return None
    data, name = cleaned
    if not (n - LENGTH_SLACK <= len(data) <= n + LENGTH_SLACK and NAME_LINE_MIN <= len(name) <= n + LENGTH_SLACK):
        return None
    best: MrzResult | None = None
    for variant in _variants(data, n):
        r = _parse_exact(TD1_LOWER, [variant, _fit_end(name, n)])
        dates = _date_ok(r.fields["birth_date"]) and _date_ok(r.fields["expiry_date"])
        if dates and all(r.checks.values()) and (best is None or _rank(r) > _rank(best)):
            best = r
    return best


#: Other OCR lines allowed between two lines of one MRZ. On a card lying
#: askew, page segmentation orders lines by height, and the short lines
#: beside a long MRZ line fall between it and the next (two or three on a
#: card turned 15-25 degrees).
MAX_STRAY_LINES = 3


def find_mrz(lines: Iterable[str] | str) -> MrzResult | None:
    """The best MRZ among OCR lines (a list, or one text with newlines).

    Looks at runs of MRZ-like lines (at most ``MAX_STRAY_LINES`` stray lines
    between two of them) and returns the best parse, with ``line_indices`` set.
    """
    raw = lines.splitlines() if isinstance(lines, str) else list(lines)
    cand = [(i, clean_line(s)) for i, s in enumerate(raw)]
    cand = [(i, c) for i, c in cand if _mrz_like(raw[i], c)]
    best: MrzResult | None = None
    best_key: tuple[tuple[bool, float, float], int] = ((False, -1.0, -1.0), 0)
    for start in range(len(cand)):
        for count in (2, 3):
            for group in _groups(cand, start, count):
                r = parse_mrz([raw[i] for i, _ in group])
                if r is None:
                    continue
                # equal parses: the tighter run (a TD3's name line pairs with any valid data line)
                key = (_rank(r), group[0][0] - group[-1][0])
                if best is None or key > best_key:
                    best, best_key = MrzResult(r.format, r.lines, r.fields, r.checks, r.shape, tuple(i for i, _ in group)), key
    return best


def _groups(cand: list[tuple[int, str]], start: int, count: int) -> Iterable[list[tuple[int, str]]]:
    """Runs of ``count`` candidate lines from ``start`` with at most ``MAX_STRAY_LINES`` other lines between two."""
    for combo in itertools.combinations(range(start + 1, min(len(cand), start + 2 * count)), count - 1):
        group = [cand[start]] + [cand[k] for k in combo]
        if all(b[0] - a[0] <= MAX_STRAY_LINES + 1 for a, b in zip(group, group[1:])):
            yield group
