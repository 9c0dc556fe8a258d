"""Normalise OCR text and find keywords in it despite OCR garbling.

Normalisation (``normalize``): NFKC (full-width Latin and digits to
half-width, half-width kana to full-width), accents stripped from Latin
letters, typographic quotes/dashes/arrows/wave dashes folded to one form
each, a dash or 一 between katakana read as the long-vowel mark ー, spaces
between CJK characters removed (Tesseract splits CJK text into one word per
character), other runs of spaces collapsed, Latin upper-cased.

Matching (``KeywordMatcher``) compares a keyword with the text after both
are *folded*: characters Tesseract confuses in Latin text are made equal
(0/O/D, 1/I/L/|/!, 5/S, 8/B, 2/Z, 6/G), so ``B00KING`` is ``BOOKING`` at no
cost. Beyond that, edits are allowed by keyword length, chosen so a
tolerated misreading stays rarer than a genuinely different word:

* Latin keywords of up to 4 characters must match exactly (after folding).
  Four-letter words have many real-word neighbours at distance 1 (SEAT/SEAL/
  BEAT, GATE/DATE/LATE), so fuzziness there would mostly find other words.
* Latin keywords of 5-9 characters: edit distance <= 1; of 10 or more
  (mostly two-word phrases): <= 2 (``Boarding pas`` matches BOARDING PASS).
  Two edits on an 8-letter word already turn PASSWORD into PASSPORT.
* CJK keywords (any kana or kanji in them) of 4 or more characters: one wrong
  character (a substitution only: Tesseract mistakes a kanji for a similar
  one, 運転兔許証), shorter ones exactly. Dropping a character would let
  年月日 stand for 生年月日.
* A fuzzy match must begin with the keyword's first character: the first
  letter is what separates most neighbouring words (BOOKING/LOOKING,
  FLIGHT/LIGHT, 整理番号/管理番号). Except in a keyword of five or more
  characters that begins with a kanji, read as another kanji (彼保険者証 for
  被保険者証): four more characters intact are specific enough, while a
  kana or Latin start would let any word before チケット stand for
  Eチケット.
* Latin keywords must stand as words: no letter right before or after the
  match, except a plural ``S`` (TICKET matches TICKETS, not TICKETING... nor
  CAR in CARD). Digits may touch (``SEAT12A``). A match must be read with
  more letters than digits (folding makes ``008`` equal to DOB and ``155``
  to ISS: numbers, not words). CJK keywords match anywhere.

Overlapping matches are reduced to the longest: 運転免許証 hides the 免許証
inside it, BOOKING REFERENCE hides BOOKING; and a fuzzy match mostly covered
by an exact match of another keyword, not part of it, is dropped (PASSPORT
read exactly is not also a garbled PASAPORTE; BOARDING in ``Boarding pas``
does not stop BOARDING PASS). The whole text is searched once
per keyword with ``str.find`` (pieces of the keyword locate candidates for
fuzzy matches: with k edits one of k+1 pieces must appear intact), so this
stays fast in pure Python for the few hundred lines an image has.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pii_scan.keywords import Keyword, StructurePattern

__all__ = [
    "KeywordMatch",
    "KeywordMatcher",
    "PatternMatch",
    "distinct",
    "find_keywords",
    "find_patterns",
    "first_of_each_family",
    "fold",
    "has_cjk",
    "max_edits",
    "normalize",
]

_CJK = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_KANJI = re.compile("[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Length from which a kanji-initial CJK keyword may be matched with its first kanji misread.
FREE_FIRST_KANJI = 5
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}\u3000-\u303f])\\s+(?=[{_CJK}\u3000-\u303f])")
_KATAKANA_DASH = re.compile("(?<=[\u30a1-\u30fa])[-\u4e00](?=[\u30a1-\u30fa])")
_SPACES = re.compile(r"\s+")
_LETTER = re.compile("[A-Z]")

_PUNCT = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032`\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u2033", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u2501", "-"),
        **dict.fromkeys("\u21d2\u27a1\u2794\u25b6\u25ba\u27f6\u21e8\u2192\u279c\u2799\u27a4", "\u2192"),
        **dict.fromkeys("\u301c\u223c\u02dc", "~"),
    }
)
# Latin letters with diacritics (U+00C0-U+024F, and U+1E00-U+1EFF: Vietnamese stacks two) to
# their base letter; the stroked D (Vietnamese, Croatian), which has no decomposition, to D.
_ACCENTS = str.maketrans(
    {
        c: base
        for c in map(chr, (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)))
        if (base := "".join(x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x)))
        and base != c
        and base.isascii()
    }
    | {"\u0110": "D", "\u0111": "d"}
)
# D is read as O (and 0) on worn or blurred print: ORIVER LICENSE, OOB.
_FOLD = str.maketrans("01L|!5826D", "OIIIISBZGO")


def normalize(text: str, *, upper: bool = True) -> str:
    """OCR text in the one form keywords and patterns are written for (module docstring)."""
    s = unicodedata.normalize("NFKC", text).translate(_PUNCT).translate(_ACCENTS)
    s = _KATAKANA_DASH.sub("\u30fc", s)
    s = _SPACE_BETWEEN_CJK.sub("", _SPACES.sub(" ", s).strip())
    return s.upper() if upper else s


def fold(text: str) -> str:
    """``text`` with OCR-confusable Latin characters made equal (same length)."""
    return text.translate(_FOLD)


def has_cjk(text: str) -> bool:
    """True if ``text`` has a kana or kanji character."""
    return _CJK_CHAR.search(text) is not None


def max_edits(keyword: str) -> tuple[int, bool]:
    """(edits allowed, substitutions only) for a normalised keyword (module docstring)."""
    n = len(keyword)
    if has_cjk(keyword):
        return (1 if n >= 4 else 0), True
    if n >= 10:
        return 2, False
    return (1 if n >= 5 else 0), False


@dataclass(frozen=True)
class KeywordMatch:
    """A keyword found on an OCR line.

    ``line`` indexes the lines given; ``start``/``end`` and ``text`` refer to
    the normalised line; ``distance`` is the number of edits (0 = exact).
    """

    line: int
    start: int
    end: int
    text: str
    keyword: Keyword
    distance: int = 0

    @property
    def weight(self) -> float:
        return self.keyword.weight


@dataclass(frozen=True)
class PatternMatch:
    """A structure pattern found on an OCR line (text of the normalised line)."""

    line: int
    start: int
    end: int
    text: str
    pattern: StructurePattern
    groups: tuple[str, ...] = ()


def _prefix_distances(text: str, start: int, p: str, k: int) -> list[tuple[int, int]]:
    """(distance, length) for each ``text[start:start+n]``, n in len(p)-k..len(p)+k, within k edits of ``p``.

    One dynamic-programming pass over the text from ``start`` gives the edit
    distance of every prefix length at once; rows stop once all exceed k.
    """
    m = len(p)
    prev = list(range(m + 1))  # row 0: the empty text prefix against p[:j]
    out = []
    for i in range(1, min(m + k, len(text) - start) + 1):
        ch = text[start + i - 1]
        cur = [i]
        for j in range(1, m + 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ch != p[j - 1])))
        if i >= m - k and cur[m] <= k:
            out.append((cur[m], i))
        if min(cur) > k:
            break
        prev = cur
    return out


def _hamming(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))


def _stands_alone(raw: str, start: int, end: int) -> bool:
    """No Latin letter touches the span (a plural S after it is allowed)."""
    if start > 0 and _LETTER.match(raw, start - 1):
        return False
    if end < len(raw) and _LETTER.match(raw, end):
        return raw[end] == "S" and not (end + 1 < len(raw) and _LETTER.match(raw, end + 1))
    return True


def _mostly_letters(span: str) -> bool:
    """More letters than digits: a run of digits folded to letters (008 as DOB) is a number, not a word."""
    return sum(ch.isalpha() for ch in span) > sum(ch.isdigit() for ch in span)


@dataclass(frozen=True)
class _Compiled:
    keyword: Keyword
    folded: str
    edits: int
    subst_only: bool
    latin: bool
    pieces: tuple[tuple[int, int], ...]
    free_first: bool = False


def _pieces(n: int, k: int) -> tuple[tuple[int, int], ...]:
    """k+1 contiguous spans covering 0..n (the pigeonhole filter)."""
    cuts = [round(i * n / (k + 1)) for i in range(k + 2)]
    return tuple((cuts[i], cuts[i + 1]) for i in range(k + 1) if cuts[i + 1] > cuts[i])


class KeywordMatcher:
    """Finds a fixed set of keywords in OCR lines (tolerances: module docstring)."""

    def __init__(self, keywords: Iterable[Keyword]) -> None:
        compiled = []
        for kw in keywords:
            norm = normalize(kw.text)
            k, subst_only = max_edits(norm)
            free = subst_only and k > 0 and len(norm) >= FREE_FIRST_KANJI and bool(_KANJI.match(norm))
            compiled.append(_Compiled(kw, fold(norm), k, subst_only, not has_cjk(norm), _pieces(len(norm), k), free))
        self._keywords = tuple(compiled)

    def find(self, lines: Sequence[str]) -> list[KeywordMatch]:
        """Every keyword on every line (best match per keyword and line), overlaps reduced."""
        raw_lines = [normalize(line) for line in lines]
        raw = "\n".join(raw_lines)
        text = fold(raw)
        starts = [0]
        for line in raw_lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        found: list[KeywordMatch] = []
        for c in self._keywords:
            for pos, end, dist in self._occurrences(c, text, raw):
                i = bisect.bisect_right(starts, pos) - 1
                s, e = pos - starts[i], end - starts[i]
                found.append(KeywordMatch(i, s, e, raw_lines[i][s:e], c.keyword, dist))
        return _drop_contained(found)

    @staticmethod
    def _occurrences(c: _Compiled, text: str, raw: str) -> list[tuple[int, int, int]]:
        """(start, end, distance) of the best match of ``c`` on each line it appears on."""
        p, m, k = c.folded, len(c.folded), c.edits
        best: dict[int, tuple[int, int, int, int]] = {}  # line start -> (dist, |len diff|, start, end)

        def consider(s: int, e: int, d: int) -> None:
            if "\n" in text[s:e] or (c.latin and not (_stands_alone(raw, s, e) and _mostly_letters(raw[s:e]))):
                return
            key = text.rfind("\n", 0, s)
            cand = (d, abs(e - s - m), s, e)
            if key not in best or cand < best[key]:
                best[key] = cand

        i = text.find(p)
        while i >= 0:
            consider(i, i + m, 0)
            i = text.find(p, i + 1)
        if k:
            seen: set[int] = set()
            for a, b in c.pieces:
                j = text.find(p[a:b])
                while j >= 0:
                    starts = [j - a] if c.subst_only else range(j - a - k, j - a + k + 1)
                    for s in starts:
                        if s < 0 or s in seen or s >= len(text):
                            continue
                        if text[s] != p[0] and not (c.free_first and _KANJI.match(text, s)):
                            continue
                        seen.add(s)
                        if c.subst_only:
                            d = _hamming(text[s : s + m], p) if s + m <= len(text) else k + 1
                            if 0 < d <= k:
                                consider(s, s + m, d)
                            continue
                        for d, n in _prefix_distances(text, s, p, k):
                            if d:
                                consider(s, s + n, d)
                    j = text.find(p[a:b], j + 1)
        return [(s, e, d) for d, _, s, e in best.values()]


#: Share of a fuzzy match's span that an exact match of another keyword may cover.
_SHADOW = 0.6


def _shadowed(m: KeywordMatch, exact: list[KeywordMatch]) -> bool:
    """A fuzzy match mostly covered by an exact match of a keyword that is not part of it."""
    span = m.end - m.start
    own = normalize(m.keyword.text)
    return any(
        e.line == m.line and normalize(e.keyword.text) not in own
        and min(e.end, m.end) - max(e.start, m.start) >= _SHADOW * span
        for e in exact
    )  # fmt: skip


def _drop_contained(matches: list[KeywordMatch]) -> list[KeywordMatch]:
    """Drop shadowed fuzzy matches and matches inside a longer one on the same line."""
    exact = [m for m in matches if m.distance == 0]
    matches = [m for m in matches if m.distance == 0 or not _shadowed(m, exact)]
    kept: list[KeywordMatch] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.distance, -m.weight)):
        if not any(k.line == m.line and k.start <= m.start and m.end <= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: (m.line, m.start))


@lru_cache(maxsize=8)
def _matcher(keywords: tuple[Keyword, ...]) -> KeywordMatcher:
    return KeywordMatcher(keywords)


def find_keywords(lines: Sequence[str], keywords: Sequence[Keyword]) -> list[KeywordMatch]:
    """``KeywordMatcher(keywords).find(lines)``, with the compiled matcher cached."""
    return _matcher(tuple(keywords)).find(lines)


def distinct(matches: Iterable[KeywordMatch]) -> list[KeywordMatch]:
    """The first match of each keyword (by keyword text), in the order given."""
    seen: set[str] = set()
    out = []
    for m in matches:
        if m.keyword.text not in seen:
            seen.add(m.keyword.text)
            out.append(m)
    return out


def find_patterns(lines: Sequence[str], patterns: Iterable[StructurePattern]) -> list[PatternMatch]:
    """Every non-overlapping occurrence of each pattern on each normalised line."""
    upper = [normalize(line) for line in lines]
    cased = [normalize(line, upper=False) for line in lines]
    out = []
    for pat in patterns:
        for i, line in enumerate(cased if pat.cased else upper):
            for m in pat.regex.finditer(line):
                out.append(PatternMatch(i, m.start(), m.end(), m.group(), pat, tuple(g or "" for g in m.groups())))
    return out


def first_of_each_family(lines: Sequence[str], patterns: Iterable[StructurePattern]) -> dict[str, PatternMatch]:
    """Per pattern family, its first match on ``lines`` (the earliest line)."""
    found: dict[str, PatternMatch] = {}
    for m in sorted(find_patterns(lines, patterns), key=lambda m: m.line):
        found.setdefault(m.pattern.family, m)
    return found
