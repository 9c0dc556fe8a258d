"""id.vocabulary: words printed on identity documents, read by OCR.

Runs only where a cheap signal says a document may be there: a card- or
passport-shaped quadrilateral, an MRZ-like band, a screenshot (people
screenshot photos of their cards), or text dense enough for a document.

The score grows with the summed weights of the *distinct* cues found
(``keywords.ID_KEYWORDS`` and ``ID_PATTERNS``): ``1 - exp(-sum)``. Two
guards keep look-alikes out:

* only the strongest document title counts fully, others a third; titles
  naming documents of two or more kinds (a page listing the accepted IDs:
  運転免許証, マイナンバーカード, 在留カード) keep the score below 0.5: a
  card names one document, if in two languages;
* one cue alone, weak titles alone (news names 保険証 and 資格確認書
  together), or field labels alone (氏名 住所 生年月日 on a sign-up form)
  with neither a title, an issuer, a card-only structure, a card outline
  nor a portrait beside them (``_portrait_beside``: a white card scanned on
  white paper shows no outline), stay below 0.5. The one exception is a
  strong document title (alone, or with others) read on a photographed
  card outline (``titled_card``): the outline is a second, independent
  cue, and a card's back or a dim, small card often gives OCR nothing else
  to read.

A card enlarged to be read (a small card in the photo) whose kept read
leaves the score under ``DECISIVE`` is judged on its unsharp-masked read
too (``ImageContext.crisp_card_read``), and the better of the two stands:
soft print can read as confident garbage that still passes for a good read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pii_scan.detectors.base import BaseDetector
from pii_scan.keywords import ID_KEYWORDS, ID_PATTERNS
from pii_scan.models import BBox, Evidence, Finding, Label
from pii_scan.signals import CardQuad
from pii_scan.textmatch import distinct, find_keywords, find_patterns

if TYPE_CHECKING:
    from pii_scan.context import ImageContext
    from pii_scan.ocr.base import OcrResult

__all__ = ["IdCue", "IdVocabularyDetector", "document_view_wanted", "find_id_cues", "id_vocabulary_score"]

#: Screenshot score from which a screenshot is worth reading for ID words.
SCREENSHOT_MIN = 0.5
#: Share of the frame covered by text lines from which an image may be a document.
DOCUMENT_TEXT_DENSITY = 0.06
#: Weight of a document title beyond the strongest one.
EXTRA_TITLE_FACTOR = 1 / 3
#: Highest score of one cue alone, or of field labels without document evidence.
WEAK_CAP = 0.45
#: Findings below this score are not reported.
MIN_SCORE = 0.1
#: Score under which a small card's unsharp-masked read (``ImageContext.crisp_card_read``) is judged too.
DECISIVE = 0.5
#: Title weight from which a title alone on a photographed card outline counts (``titled_card``).
STRONG_TITLE = 0.9
#: Strongest title under which titles and nothing else count as one cue: the weak names
#: (保険証, 資格確認書, マイナンバーカード) are what news and notices say.
SURE_TITLE = 0.8
#: Card-quad score from which an outline backs a lone title, and the
#: screenshot score below which the outline is a photographed card, not an app panel.
TITLED_CARD_QUAD, TITLED_CARD_SCREENSHOT = 0.6, 0.5
#: Share of the frame up to which a page-shaped outline counts as a card's (``_card_sized``).
SMALL_PAGE_AREA = 0.2
#: Field-label lines that must sit beside a face for it to count as the document's portrait
#: (``_portrait_beside``), and how many face widths away they may start.
PORTRAIT_FIELDS, BESIDE_WIDTHS = 2, 3.0
#: Families that say "a document", beyond field labels that forms share.
_DOCUMENT_FAMILIES = frozenset({"title", "issuer", "structure"})


@dataclass(frozen=True)
class IdCue:
    """One distinct ID-document cue: the keyword (or pattern name), its weight and line."""

    name: str
    family: str
    weight: float
    line: int
    distance: int = 0
    kind: str = ""


def document_view_wanted(ctx: ImageContext) -> bool:
    """Whether a cheap signal says the document OCR view may hold an ID document."""
    s = ctx.signals
    return (
        bool(s.card_quads)
        or bool(s.mrz_bands)
        or s.screenshot.score >= SCREENSHOT_MIN
        or s.text_density >= DOCUMENT_TEXT_DENSITY
        or bool(s.text_blocks)
        or s.faint_card is not None
    )


def find_id_cues(lines: list[str]) -> list[IdCue]:
    """Distinct ID keywords and card structures on the OCR lines."""
    cues = [
        IdCue(m.keyword.text, m.keyword.family, m.weight, m.line, m.distance, m.keyword.kind)
        for m in distinct(find_keywords(lines, ID_KEYWORDS))
    ]
    seen: set[str] = set()
    for p in find_patterns(lines, ID_PATTERNS):
        if p.pattern.name not in seen:
            seen.add(p.pattern.name)
            cues.append(IdCue(p.pattern.name, p.pattern.family, p.pattern.weight, p.line))
    return cues


def id_vocabulary_score(cues: Iterable[IdCue], *, card_shape: bool = False, titled_card: bool = False) -> float:
    """Score in [0, 1] from distinct cues (module docstring).

    ``card_shape``: a card outline (or an MRZ band) was seen; ``titled_card``:
    a sure, photographed ID-1 outline, on which one strong title suffices.
    """
    cues = list(cues)
    if not cues:
        return 0.0
    titles = sorted((c.weight for c in cues if c.family == "title"), reverse=True)
    total = sum(c.weight for c in cues if c.family != "title")
    if titles:
        total += titles[0] + EXTRA_TITLE_FACTOR * sum(titles[1:])
    score = 1.0 - math.exp(-total)
    documentish = card_shape or any(c.family in _DOCUMENT_FAMILIES for c in cues)
    kinds = {c.kind for c in cues if c.family == "title" and c.kind}
    # weak titles and nothing else are one cue too: news names 保険証 and 資格確認書 together
    alone = len(cues) == 1 or (all(c.family == "title" for c in cues) and titles[0] < SURE_TITLE)
    strong_title = bool(titles) and titles[0] >= STRONG_TITLE
    if (alone and not (titled_card and strong_title)) or not documentish or len(kinds) > 1:
        score = min(score, WEAK_CAP)
    return score


def _portrait_beside(faces: Sequence[BBox], boxes: Sequence[BBox | None]) -> bool:
    """Whether a face has ``PORTRAIT_FIELDS`` of the field-label lines ``boxes`` beside it, as an ID's portrait has.

    Beside: on the face's left or right, within ``BESIDE_WIDTHS`` face widths of it,
    their middle from half a face height above the face to one and a half below
    it (a portrait's photo runs on below the face), each line under half the
    face's height (print, not a headline).
    """
    for f in faces:
        near = 0
        for b in boxes:
            if b is None or b.h * 2 > f.h:
                continue
            cy = b.y + b.h / 2
            if not f.y - 0.5 * f.h <= cy <= f.y + 2.5 * f.h:
                continue
            gap = max(b.x - (f.x + f.w), f.x - (b.x + b.w))  # to its right or left; negative: over the face
            near += 0 <= gap <= BESIDE_WIDTHS * f.w
        if near >= PORTRAIT_FIELDS:
            return True
    return False


def _card_sized(quad: CardQuad) -> bool:
    """An ID-1 outline, or a sure page-shaped one covering little of the frame."""
    if quad.kind == "id1":
        return True
    return quad.area_fraction <= SMALL_PAGE_AREA and quad.score >= TITLED_CARD_QUAD


class IdVocabularyDetector(BaseDetector):
    """Votes id_card when OCR text carries identity-document words."""

    name = "id.vocabulary"
    label = Label.ID_CARD
    version = "5"
    needs_ocr = True

    def prefilter(self, ctx: ImageContext) -> bool:
        return document_view_wanted(ctx)

    def detect(self, ctx: ImageContext) -> Iterable[Finding]:
        ocr = ctx.document_ocr()
        judged = self._judge(ctx, ocr)
        if judged is None or judged[0] < DECISIVE:
            # a small card's kept read can be soft garbage; its unsharp-masked read may name it
            crisp = ctx.crisp_card_read()
            other = self._judge(ctx, crisp) if crisp is not None else None
            if other is not None and (judged is None or other[0] > judged[0]):
                judged, ocr = other, crisp
        if judged is None:
            return []
        score, cues, portrait = judged
        cues.sort(key=lambda c: -c.weight)
        evidence = [
            Evidence(
                "keyword",
                "ocr",
                c.name,
                ocr.lines[c.line].bbox,
                {"family": c.family, "weight": c.weight, "edits": c.distance},
            )
            for c in cues
        ]
        where = " on a card-shaped region" if ctx.signals.card_quads else " beside a portrait" if portrait else ""
        names = ", ".join(c.name for c in cues[:5]) + (" ..." if len(cues) > 5 else "")
        return [self.finding(score, f"ID-document words{where}: {names}", *evidence)]

    @staticmethod
    def _judge(ctx: ImageContext, ocr: OcrResult) -> tuple[float, list[IdCue], bool] | None:
        """The score of the ID cues on one read, its cues and whether a portrait backed them; None under ``MIN_SCORE``."""
        cues = find_id_cues([line.text for line in ocr.lines])
        if not cues:
            return None
        # An ID-1 outline or an MRZ makes field labels alone a document; a
        # page-shaped outline does not (a paper form is page-shaped too)
        # unless it is small in the frame: a page is photographed to be read,
        # filling the frame; a card seen at a slant can measure page-shaped.
        card_shape = any(_card_sized(q) for q in ctx.signals.card_quads) or bool(ctx.signals.mrz_bands)
        # no outline (a white card scanned on white): field labels beside a portrait are a card's
        # layout; a form has the labels, not the face (asked only then: faces are costly)
        portrait = (
            not card_shape
            and not any(c.family in _DOCUMENT_FAMILIES for c in cues)
            and sum(c.family == "field" for c in cues) >= PORTRAIT_FIELDS
            and _portrait_beside(ctx.signals.faces, [ocr.lines[c.line].bbox for c in cues if c.family == "field"])
        )
        card_shape = card_shape or portrait
        titled_card = ctx.signals.screenshot.score < TITLED_CARD_SCREENSHOT and any(
            q.kind == "id1" and q.score >= TITLED_CARD_QUAD for q in ctx.signals.card_quads
        )
        score = id_vocabulary_score(cues, card_shape=card_shape, titled_card=titled_card)
        return (score, cues, portrait) if score >= MIN_SCORE else None
