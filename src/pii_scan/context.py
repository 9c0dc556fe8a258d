"""ImageContext: the one object a detector sees.

It holds the decoded image, the lazily computed layout signals and the
OCR views. OCR is run at most once per view and only when a detector asks
for it, on the region that matters: the rectified card when a card shape
was found (and, if that reads badly while the frame's print lies outside
it, the text blocks or the frame: the shape was a portrait printed on a
card whose own outline was missed), the screenshot at reading size, the
text blocks enlarged when their print is too small in the frame view, or
else the frame reduced to ``FRAME_OCR_SIDE``. Every OCR box is mapped back to original pixels.

Memory: every view but the screen's is read in gray, so they are cut from
a gray full-resolution copy (``DecodedImage.gray_full``) and the colour
decode is released as soon as that copy exists: a 12 MP colour array
(36 MB) is not held through OCR, its gray copy (12 MB) is.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

import cv2
import numpy as np

from pii_scan.decode import DecodedImage, full_gray
from pii_scan.models import BBox
from pii_scan.ocr.base import OcrEngine, OcrLine, OcrResult, OcrWord, join_words
from pii_scan.signals import CardQuad, Signals
from pii_scan.signals.card_size import long_side
from pii_scan.signals.motion import deblurred, motion_blur
from pii_scan.signals.skew import row_slant, turn
from pii_scan.signals.tone import is_dim, lift_if_dim, lifted_frame
from pii_scan.textmatch import has_cjk

if TYPE_CHECKING:
    pass

__all__ = [
    "QUARTER",
    "ImageContext",
    "Region",
    "half_turn",
    "join_rows",
    "lift_if_dim",
    "quarter_turn",
    "turned",
    "without_rules",
]

#: Long side of the whole-frame OCR view.
FRAME_OCR_SIDE = 1600
#: Gray level under which the ground around print is dark, its print light, and the width (px)
#: of the window the ground is the median of (``_local_ink``): wider than a row of print.
DARK_GROUND, GROUND_WINDOW = 96, 64
#: Width of a rectified ID-1 card for OCR; passport pages get 1.4x that.
CARD_OCR_WIDTH = 1000
#: Screenshots are read at most this wide (their text is already large).
SCREEN_OCR_WIDTH = 1200
#: Smaller screenshots (thumbnails, messenger copies) are enlarged to this width
#: before OCR, so their text reaches a height Tesseract reads.
MIN_SCREEN_OCR_WIDTH = 640
#: Screenshot score from which the screenshot view is used.
SCREENSHOT_VIEW = 0.5
#: A screen read with fewer lines than ``SCREEN_ROWS_READ`` of the layout's text rows (when it
#: shows at least ``SCREEN_ROWS``) is read again from a locally thresholded copy.
SCREEN_ROWS, SCREEN_ROWS_READ = 8, 0.5
#: In a screenshot, a card quad must score this much to be read as a card
#: (app screens are full of card-shaped UI panels).
SCREEN_CARD_QUAD = 0.8
#: A card quad holding fewer than ``QUAD_TEXT_INSIDE`` of the frame's text lines while at least
#: ``QUAD_TEXT_OUTSIDE`` lie outside it is a picture on the document, not the document.
QUAD_TEXT_INSIDE, QUAD_TEXT_OUTSIDE = 2, 4
#: Slant of the print's rows (degrees) from which a weak frame or block read is read again levelled.
LEVEL_MIN_SLANT = 3.0
#: A card read with fewer confident characters than this is read again
#: (locally thresholded, then upside down). Counted in characters, not words:
#: Tesseract reports each CJK character as a word of its own.
GOOD_READ_CHARS = 40
#: Share of a locally thresholded card view that is ink, from which it is grain or
#: texture rather than print (a card's print inks 5-12 % of it): not read (``_blotted``).
INK_SHARE_MAX = 0.18
#: A screen read with fewer confident characters than this found no text at
#: all (layout analysis took the screen for a picture): it is read again as sparse text.
EMPTY_READ_CHARS = 5

#: Page segmentation for a card: sparse text. A card's fields are scattered
#: over it, in boxes and beside a photo, not set as paragraphs.
CARD_OCR_PSM = 11
#: Line pieces on one row this many line heights apart or closer are one line.
ROW_GAP = 2.5
#: A text block (``Signals.text_blocks``) covering at most this share of the
#: frame is read on its own, enlarged to reading size: in the frame view a
#: card's print a tenth of the frame wide is a few pixels high.
BLOCK_VIEW_MAX = 0.5
#: Margin (share of its long side) around a faint card outline's box when it is read.
FAINT_CARD_PAD = 0.04
#: Height (px) a block's median text line is scaled to for OCR, and the most
#: a block crop is enlarged by.
BLOCK_LINE_PX = 32
BLOCK_MAX_ZOOM = 2.5
#: A weak screen read whose median row of print is lower than this (px, as read) is read
#: again enlarged (``ImageContext._small_print_view``).
SMALL_PRINT_PX = 14
#: Line height (px) in the frame view from which the frame view is read instead.
BLOCK_FRAME_LINE_PX = 20
#: A card enlarged this much or more for OCR is given back the edges the enlarging softened
#: (``crisp_if_enlarged``): an unsharp mask ``CRISP_SIGMA`` source pixels wide, of strength ``CRISP_AMOUNT``.
CRISP_MIN_ZOOM, CRISP_SIGMA, CRISP_AMOUNT = 1.2, 1.0, 1.5
#: Confident kana and kanji in the kept card read from which the crisp read uses the Japanese model alone.
CRISP_JAPANESE = 3
#: A weak read of a card view whose grain (``card_grain``, gray levels as a Gaussian sigma) is at
#: least ``GRAINY_CARD`` is made once more with the grain taken out by non-local means
#: (``_degrained``), of strength ``DEGRAIN_GAIN`` times the grain within ``DEGRAIN_H``.
GRAINY_CARD = 8.0
DEGRAIN_GAIN, DEGRAIN_H = 2.5, (20.0, 40.0)
#: Ruled lines at least this share of a card's width (height) are removed before OCR.
RULE_FRACTION = (1 / 12, 1 / 8)

T = TypeVar("T")


class Region:
    """Pixels cut from the image plus the 3x3 map back to original pixels."""

    def __init__(self, name: str, pixels: np.ndarray, to_original: np.ndarray) -> None:
        self.name = name
        self.pixels = pixels
        self.to_original = to_original

    def map_box(self, box: BBox) -> BBox:
        """A box in region pixels as a box in original pixels."""
        pts = np.array(
            [[box.x, box.y], [box.x + box.w, box.y], [box.x + box.w, box.y + box.h], [box.x, box.y + box.h]],
            dtype=np.float64,
        ).reshape(-1, 1, 2)
        out = cv2.perspectiveTransform(pts, self.to_original).reshape(-1, 2)
        return BBox.from_points(out[:, 0], out[:, 1])


class ImageContext:
    """Read-only view of one image for detectors, with memoised signals and OCR."""

    def __init__(self, image: DecodedImage, *, ocr: OcrEngine | None = None, lang: str = "jpn+eng") -> None:
        self.image = image
        self.signals = Signals(image)
        self.lang = lang
        self._ocr_engine = ocr
        self._ocr_cache: dict[str, OcrResult] = {}
        #: every sparse-text read of the document view made, by key (``document_reads``)
        self._document_reads: dict[str, OcrResult] = {}
        self.timings: dict[str, float] = {}

    @property
    def path(self) -> str:
        return self.image.source

    @property
    def ocr_available(self) -> bool:
        return self._ocr_engine is not None

    @property
    def ocr_ran(self) -> bool:
        return bool(self._ocr_cache)

    def timed(self, key: str, fn: Callable[[], T]) -> T:
        """Run ``fn`` and add its wall time to ``timings[key]``."""
        t0 = time.perf_counter()
        try:
            return fn()
        finally:
            self.timings[key] = self.timings.get(key, 0.0) + time.perf_counter() - t0

    # -- regions ---------------------------------------------------------

    def region(
        self,
        box: BBox | None = None,
        *,
        max_side: int = FRAME_OCR_SIDE,
        name: str = "frame",
        min_side: int = 0,
        gray: bool = False,
    ) -> Region:
        """A crop of the original (all of it when ``box`` is None), at most ``max_side`` long.

        A crop whose long side is under ``min_side`` is enlarged to it.
        With ``gray`` the crop is gray, cut from ``DecodedImage.gray_full``
        when it needs full resolution.
        """
        img = self.image
        if box is None:
            box = BBox(0, 0, img.width, img.height)
        long_side = max(box.w, box.h, 1)
        f = min(1.0, max_side / long_side) if long_side >= min_side else min_side / long_side
        small_f = 1.0 / img.scale
        if f <= small_f * 1.05 and not self._full_held(gray):
            src, k = img.small, small_f  # the working copy already has enough pixels
        else:
            src, k = self._full_pixels(gray), 1.0
        x0, y0 = int(box.x * k), int(box.y * k)
        x1, y1 = int(np.ceil((box.x + box.w) * k)), int(np.ceil((box.y + box.h) * k))
        crop = src[max(0, y0) : y1, max(0, x0) : x1]
        if gray and crop.ndim == 3:
            crop = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
        g = f / k
        if abs(g - 1.0) > 0.01 and crop.size:
            crop = cv2.resize(crop, None, fx=g, fy=g, interpolation=cv2.INTER_AREA if g < 1 else cv2.INTER_CUBIC)
        m = np.array([[1 / f, 0, max(0, x0) / k], [0, 1 / f, max(0, y0) / k], [0, 0, 1]], dtype=np.float64)
        return Region(name, np.ascontiguousarray(crop), m)

    def rectify(self, quad: CardQuad, *, width: int | None = None, gray: bool = False) -> Region:
        """The quadrilateral warped flat to a ``width`` x ``width/aspect`` image (gray with ``gray``);
        an upright card (``CardQuad.tall``) to ``width/aspect`` x ``width``."""
        width = width or (int(CARD_OCR_WIDTH * 1.4) if quad.kind == "passport" else CARD_OCR_WIDTH)
        height = max(1, int(round(width / max(quad.aspect, 1e-3))))
        if quad.tall:
            width, height = height, width
        src_pts = np.array(quad.corners, dtype=np.float32)
        dst_pts = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
        side = max(BBox.from_points(src_pts[:, 0], src_pts[:, 1]).w, 1)
        use_small = not self._full_held(gray) and side / self.image.scale >= width * 0.95
        src = self.image.small if use_small else self._full_pixels(gray)
        if gray and src.ndim == 3:
            src = cv2.cvtColor(src, cv2.COLOR_RGB2GRAY)
        k = 1.0 / self.image.scale if use_small else 1.0
        fwd = cv2.getPerspectiveTransform(src_pts * k, dst_pts)
        flat = cv2.warpPerspective(src, fwd, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
        back = cv2.getPerspectiveTransform(dst_pts, src_pts)
        return Region(f"card:{quad.kind}", lift_if_dim(flat), back)

    def _full_held(self, gray: bool) -> bool:
        """Whether full-resolution pixels of the kind asked for are held already (then they are used)."""
        return self.image.full_res_held if gray else self.image.full_decoded

    def _full_pixels(self, gray: bool) -> np.ndarray:
        """Full-resolution pixels; gray ones (``DecodedImage.gray_full``) when asked for.

        Once the gray copy exists the colour decode is released: the OCR
        views read after the cheap stage are all gray but the screen's, and
        a screen that needs colour decodes it again.
        """
        return full_gray(self.image) if gray else self.image.full()

    @cached_property
    def document_region(self) -> Region:
        """The region the document OCR view reads (see module docstring)."""
        quads = self.signals.card_quads
        screenshot = self.signals.screenshot.score >= SCREENSHOT_VIEW
        if quads and (not screenshot or quads[0].score >= SCREEN_CARD_QUAD):
            return self.rectify(quads[0], gray=True)  # read in gray anyway (without_rules)
        if screenshot:
            return self.screen_region()
        return self._text_region()

    def screen_region(self) -> Region:
        """The whole image as a screen is read: ``SCREEN_OCR_WIDTH`` wide at most, ``MIN_SCREEN_OCR_WIDTH`` at least."""
        # the screen's width bounds the read: a landscape screen's long side is its width
        per_width = max(self.image.height, self.image.width) / max(self.image.width, 1)
        return self.region(
            max_side=max(int(SCREEN_OCR_WIDTH * per_width), 1),
            min_side=int(MIN_SCREEN_OCR_WIDTH * per_width),
            name="screen",
        )

    def _text_region(self) -> Region:
        """The text blocks enlarged (``_block_region``), else the frame at ``FRAME_OCR_SIDE``; turned
        a quarter (``quarter_turn``) when the blocks' rows run down the frame."""
        block = self._block_region()
        if block is None:
            block = self._faint_card_region()
        region = block if block is not None else self.region(max_side=FRAME_OCR_SIDE, name="frame", gray=True)
        blocks = self.signals.text_blocks
        return quarter_turn(region) if blocks and blocks[0].down else region

    def _print_beside(self, quad: CardQuad) -> bool:
        """Whether the frame's text lines lie outside the quad rather than in it.

        A scan whose card edge is too faint to outline can still hold a
        card-shaped portrait; its rectified crop shows a face and none of
        the card's text.
        """
        lines = self.signals.text_lines
        inside = sum(quad.bbox.holds_centre_of(b) for b in lines)
        return inside < QUAD_TEXT_INSIDE and len(lines) - inside >= QUAD_TEXT_OUTSIDE

    def _faint_card_region(self) -> Region | None:
        """The box of a faint card outline (``Signals.faint_card``), ``CARD_OCR_WIDTH`` on its long
        side, read like a text block; None when there is none."""
        faint = self.signals.faint_card
        if faint is None:
            return None
        box = faint.bbox
        padded = self._padded(box, int(FAINT_CARD_PAD * max(box.w, box.h)))  # its outline may sit a little inside the card
        return self.region(padded, max_side=CARD_OCR_WIDTH, min_side=CARD_OCR_WIDTH, name="block:faint", gray=True)

    def _padded(self, box: BBox, pad: int) -> BBox:
        """``box`` grown by ``pad`` pixels on each side, within the image."""
        x0, y0 = max(0, box.x - pad), max(0, box.y - pad)
        x1, y1 = min(self.image.width, box.x + box.w + pad), min(self.image.height, box.y + box.h + pad)
        return BBox(x0, y0, x1 - x0, y1 - y0)

    def _block_region(self) -> Region | None:
        """The text blocks with a margin, their smallest lines at ``BLOCK_LINE_PX``.

        None when there is none, when it is most of the frame, or when the
        frame view already shows its lines large enough.
        """
        blocks = self.signals.text_blocks
        img = self.image
        if not blocks:
            return None
        # all the blocks: a card's fields can fall into two (a back's MRZ, its address panel)
        box = BBox.from_points(
            [b.box.x for b in blocks] + [b.box.x + b.box.w for b in blocks],
            [b.box.y for b in blocks] + [b.box.y + b.box.h for b in blocks],
        )
        if box.area > BLOCK_VIEW_MAX * img.width * img.height:
            return None
        line_h = max(min(b.line_height for b in blocks), 1.0)
        if line_h * min(1.0, FRAME_OCR_SIDE / max(img.width, img.height)) >= BLOCK_FRAME_LINE_PX:
            return None  # the frame view reads it as well, and the rest of the frame too
        padded = self._padded(box, int(3 * line_h + 0.25 * max(box.w, box.h)))  # the card's title, edge fields and number
        zoom = min(BLOCK_LINE_PX / line_h, BLOCK_MAX_ZOOM)
        side = int(min(FRAME_OCR_SIDE, max(padded.w, padded.h) * zoom))
        return self.region(padded, max_side=side, min_side=side, name="block", gray=True)

    # -- OCR -------------------------------------------------------------

    def ocr_region(
        self,
        region: Region,
        *,
        key: str | None = None,
        psm: int | None = None,
        whitelist: str | None = None,
        lang: str | None = None,
    ) -> OcrResult:
        """OCR a region once (memoised by ``key``); boxes in original pixels.

        Lines and their words keep the region's reading order (a card read
        turned 180 degrees still reads left to right, top to bottom).
        """
        key = key or f"{region.name}:{psm}:{whitelist}:{lang or self.lang}"
        cached = self._ocr_cache.get(key)
        if cached is not None:
            return cached
        if self._ocr_engine is None:
            result = OcrResult((), (), engine="none", region=region.name)
        else:
            t0 = time.perf_counter()
            raw = self.timed(
                "ocr",
                lambda: self._ocr_engine.recognize(  # type: ignore[union-attr]
                    region.pixels, lang=lang or self.lang, psm=psm, whitelist=whitelist
                ),
            )
            self.timings[f"ocr:{key}"] = time.perf_counter() - t0  # what each view costs
            local = OcrResult.from_words(raw.words, engine=raw.engine, seconds=raw.seconds, region=region.name)
            result = _to_original(local, region)
        self._ocr_cache[key] = result
        return result

    def document_ocr(self) -> OcrResult:
        """OCR of the document view: the card, the screenshot, or the frame.

        A card is read as sparse text with its ruled lines painted out
        (``without_rules``), and the pieces of one printed row joined again
        (``join_rows``). A photographed card can defeat Tesseract's global
        threshold (grain, uneven light) and can lie upside down (its shape
        does not say which way up it is). So when a card read finds few
        confident words, it is read again turned 180 degrees, then from a
        locally thresholded copy (cheapest first), stopping at the first good
        read and otherwise keeping the best (``_read_quality``: confident
        text, less the fragments a read of grain produces). A thresholded copy
        blacker than print makes a card (``_blotted``: grain, or the texture of
        something taken for a card) is not read: Tesseract spends seconds on
        its thousands of blobs and reads garbage. A card read that
        finds little while the frame's text lines lie outside the card shape
        (``_print_beside``) gives way to a read of those lines, if better.
        A weak read of the frame or the text blocks (those lines' too) is tried once more with
        the print's rows levelled (``_levelled``): a card whose outline was
        missed lies at a slant, and Tesseract reads slanted rows badly; and,
        if still weak, evened out and stretched when dim (``_lifted``). A
        card whose print shows a hand-shake smear is read once more with the
        smear undone (``_unsmeared_read``), however well it read: doubled
        strokes can read as confident garbage. A card read still weak is made
        once more with the Japanese model alone (``_japanese_read``).
        """
        cached = self._ocr_cache.get("document")
        if cached is not None:
            return cached
        region = self.document_region
        if region.name == "screen":
            best = self._screen_read(region)
        elif not region.name.startswith("card:"):
            best = self._frame_read(region, "document:upright", "document")
        else:
            card = region
            region = _rules_out(region)
            best = self._card_read(region, "document:upright")
            if _read_quality(best) < GOOD_READ_CHARS and self._print_beside(self.signals.card_quads[0]):
                # a portrait taken for the card: the card's print is around it
                read = self._frame_read(self._text_region(), "document:beside", "document:beside")
                if _read_quality(read) > _read_quality(best):
                    self._ocr_cache["document"] = read
                    return read
            # Cheapest first: a 180-degree turn of the same crop reads in a
            # fraction of the time of a locally thresholded copy (grain on a
            # photographed card becomes specks that Tesseract tries to read).
            for key, variant in (
                ("document:flipped", lambda: half_turn(region)),
                ("document:ink", lambda: _local_ink(region)),
                ("document:flipped-ink", lambda: _local_ink(half_turn(region))),
            ):
                if _read_quality(best) >= GOOD_READ_CHARS:
                    break
                view = variant()
                if key.endswith("ink") and _blotted(view):
                    break  # grain or texture: Tesseract reads it slowly, and as garbage
                read = self._card_read(view, key)
                if _read_quality(read) > _read_quality(best):
                    best = read
            if _read_quality(best) < GOOD_READ_CHARS:
                best = self._degrained_read(region, best)
            best = self._unsmeared_read(card, best)
            if _read_quality(best) < GOOD_READ_CHARS:
                best = self._japanese_read(region, best)
        self._ocr_cache["document"] = best
        return best

    def _frame_read(self, region: Region, key: str, prefix: str) -> OcrResult:
        """A read of the frame or its text blocks; when weak, tried once more with the print's rows
        levelled (``_levelled``) and, if still weak, evened out and stretched when dim (``_lifted``),
        keys ``prefix:level`` and ``prefix:lifted``; whichever reads best. A region turned a quarter
        is read turned the other way too (``prefix:other-way``): which way is up is unknown, and
        print upside down reads as confident garbage (Latin letters as other Latin letters)."""
        best = self._text_read(region, key)
        if region.name.endswith(QUARTER):
            other = half_turn(region)
            read = self._text_read(other, prefix + ":other-way")
            if _read_quality(read) > _read_quality(best):
                best, region = read, other
        for suffix, variant in ((":level", _levelled), (":lifted", _lifted)):
            view = variant(region) if _read_quality(best) < GOOD_READ_CHARS else None
            if view is not None:
                read = self._text_read(view, prefix + suffix)
                if _read_quality(read) > _read_quality(best):
                    best = read
        return best

    def crisp_card_read(self) -> OcrResult | None:
        """The card view read once more unsharp-masked (``crisp_if_enlarged``), the way up the kept
        read lies; None when the document view is no card or was not enlarged for reading.

        A card a few hundred pixels long in the photo is enlarged to be read,
        and its print goes soft: Tesseract can then make confident garbage
        of it that passes for a good read. The crisp read is kept at hand
        (``document_reads``), not put in the running for ``document_ocr``:
        on a read near the edge either copy wins by chance, and the kept read
        is what every other cue was tuned on. It is read with the Japanese
        model alone when the kept read made out Japanese (given both models,
        Tesseract takes soft kanji for Latin letters). Made on demand, once.
        """
        key = "document:crisp"
        if key in self._document_reads:
            return self._document_reads[key]
        best, card = self.document_ocr(), self.document_region
        if not card.name.startswith("card:") or not self.signals.card_quads:
            return None
        zoom = card.pixels.shape[1] / max(long_side(self.signals.card_quads[0]), 1.0)
        if zoom < CRISP_MIN_ZOOM:
            return None
        region = _rules_out(card)
        crisp = Region(region.name + ":crisp", crisp_if_enlarged(region.pixels, zoom), region.to_original)
        view = half_turn(crisp) if ":180" in best.region else crisp
        japanese = "jpn" in self.lang.split("+") and _confident_cjk(best) >= CRISP_JAPANESE
        return self._card_read(view, key, lang="jpn" if japanese else None)

    def _japanese_read(self, region: Region, best: OcrResult) -> OcrResult:
        """A weak card read made once more with the Japanese model alone, the way up its digits read; whichever reads best.

        Given both models, Tesseract takes small or soft kanji for Latin
        letters (健康保険被保険者証 as "BEBUS PRI RRM"); the Japanese model
        alone reads them, and its own Latin letters and digits. Which way up
        the card lies is told by its digits, which read in either model:
        the way up whose reads found more runs of digits is read again (not the
        deblurred reads: undoing a smear that is not there makes digits of grain).
        The read counts as better when it makes out more kana and kanji
        confidently than the best read so far, and at least half as many as
        that read's confident characters of any kind (a weak read of Latin
        print is not traded for a few kanji made of it).
        """
        langs = self.lang.split("+")
        if "jpn" not in langs or len(langs) < 2:
            return best
        view = half_turn(region) if self._read_turned() else region
        read = self._card_read(view, "document:jpn", lang="jpn")
        kana_kanji = _confident_cjk(read)
        return read if kana_kanji > _confident_cjk(best) and 2 * kana_kanji >= _confident_chars(best) else best

    def _read_turned(self) -> bool:
        """Whether the card lies upside down, as its digits tell: the turned reads found more runs of them."""

        def numbers(*keys: str) -> int:
            reads = [self._ocr_cache.get(k) for k in keys]
            return sum(len(m) for r in reads if r is not None for w in r.words for m in _NUMBER.findall(w.text))

        return numbers("document:flipped", "document:flipped-ink") > numbers("document:upright", "document:ink")

    def _degrained_read(self, region: Region, best: OcrResult) -> OcrResult:
        """A weak read of a grainy card made once more with its grain taken out (``_degrained``), the
        way up its digits read; kept when it is a good read (``GOOD_READ_CHARS``) and better than ``best``.

        Only a good read replaces a weak one: a degrained card that still
        reads weakly can make out fewer of the card's words than the grainy
        reads did (more confident Latin letters made of soft kanji).
        """
        clean = _degrained(region)
        if clean is region:
            return best
        read = self._card_read(half_turn(clean) if self._read_turned() else clean, "document:degrained")
        return read if _read_quality(read) >= max(GOOD_READ_CHARS, _read_quality(best) + 1) else best

    def card_ink_read(self) -> OcrResult | None:
        """The card view read from a locally thresholded copy, or None when the document view is no card.

        Memoised under the key ``document_ocr``'s own fallback read uses, so
        it costs nothing when that read already ran. Small grey print (a
        business card's contact lines) that one global threshold drops is
        there. Unlike that fallback, it is made even when the copy is blotted
        (``_blotted``): the one caller asks for it rarely, on purpose.
        """
        region = self.document_region
        if not region.name.startswith("card:"):
            return None
        return self._card_read(_local_ink(_rules_out(region)), "document:ink")

    def _unsmeared_read(self, card: Region, best: OcrResult) -> OcrResult:
        """The card read again with a hand-shake smear undone (``signals.motion``), upright then
        turned, if one shows; whichever of those and ``best`` reads best."""
        blur = motion_blur(card.pixels)
        if blur is None:
            return best
        sharp = Region(card.name, without_rules(deblurred(card.pixels, blur)), card.to_original)
        variants = (("document:deblurred", lambda: sharp), ("document:flipped-deblurred", lambda: half_turn(sharp)))
        for key, variant in variants:
            read = self._card_read(variant(), key)
            if _read_quality(read) > _read_quality(best):
                best = read
            if _read_quality(best) >= GOOD_READ_CHARS:
                break
        return best

    def _screen_read(self, region: Region) -> OcrResult:
        """A screenshot read with automatic layout; sparse text if that is empty; its card if still weak.

        Tesseract's automatic page layout can file a whole screen as a
        picture when most of it is a photo or a black surround (a saved
        photo of a card, a camera app) and then reads nothing: sparse-text
        segmentation still finds the words. A read that finds fewer than
        half the rows of print the layout shows (``signals.text_lines``) is
        made again from a locally thresholded copy: Tesseract thresholds a
        page globally, and a large dark panel takes gray print with it. A
        card-shaped panel too weak to be read first (``SCREEN_CARD_QUAD``)
        is read as a card when the screen read stays weak.
        """
        best = self.ocr_region(region, key="document:upright")
        if _confident_chars(best) < EMPTY_READ_CHARS:
            sparse = self.ocr_region(region, key="document:sparse", psm=CARD_OCR_PSM)
            if _confident_chars(sparse) > _confident_chars(best):
                best = sparse
        rows = len(self.signals.text_lines)
        if rows >= SCREEN_ROWS and len(best.lines) < SCREEN_ROWS_READ * rows:
            # most rows unread: a dark panel (a coloured ticket card, dark mode) pulled Tesseract's
            # global threshold down and the gray print went white with the page
            ink = self.ocr_region(_local_ink(region), key="document:screen-ink")
            if _read_quality(ink) > _read_quality(best):
                best = ink
        quads = self.signals.card_quads
        if _confident_chars(best) < GOOD_READ_CHARS and quads:
            card = self.rectify(quads[0], gray=True)
            card = _rules_out(card)
            read = self._card_read(card, "document:screen-card")
            if _confident_chars(read) > _confident_chars(best):
                best = read
        if _confident_chars(best) < GOOD_READ_CHARS:
            enlarged = self._small_print_view(region)
            if enlarged is not None:
                read = self._card_read(enlarged, "document:screen-enlarged")
                if _read_quality(read) > _read_quality(best):
                    best = read
        return best

    def _small_print_view(self, region: Region) -> Region | None:
        """``region`` enlarged so that its median row of print is ``BLOCK_LINE_PX`` high, or None.

        None when the rows are already ``SMALL_PRINT_PX`` or higher in ``region``. A small flat
        image (a card scanned or saved at a few hundred pixels, a messenger copy) reads as a
        screen, and Tesseract loses print under ~12 px: labels, light type, white on a dark band.
        """
        rows = self.signals.text_lines
        if not rows:
            return None
        per_px = region.pixels.shape[1] / max(self.image.width, 1)
        row_px = float(np.median([b.h for b in rows])) * per_px
        if row_px >= SMALL_PRINT_PX:
            return None
        side = int(max(region.pixels.shape[:2]) * min(BLOCK_LINE_PX / max(row_px, 1.0), BLOCK_MAX_ZOOM))
        view = self.region(max_side=min(side, FRAME_OCR_SIDE), min_side=min(side, FRAME_OCR_SIDE), name="screen", gray=True)
        return _rules_out(view)

    def _text_read(self, region: Region, key: str) -> OcrResult:
        """The text blocks read like a card (a card's fields found without its outline), or the frame."""
        if region.name.startswith("block"):
            return self._card_read(_rules_out(region), key)
        return self.ocr_region(region, key=key)

    def _card_read(self, region: Region, key: str, lang: str | None = None) -> OcrResult:
        """A card read as sparse text (with ``lang``'s models, the scan's by default), its row pieces
        joined (``join_rows``), and kept at hand (``document_reads``)."""
        self._document_reads[key] = join_rows(self.ocr_region(region, key=key, psm=CARD_OCR_PSM, lang=lang), region)
        return self._document_reads[key]

    def document_reads(self) -> list[OcrResult]:
        """Every sparse-text read of the document view made so far (turned, inked, ...), in the order made.

        ``document_ocr`` keeps the read with the most confident text; a cue
        that another read made whole (a number read right only the other way
        up, or only from the inked copy) is lost there. A detector whose cue
        verifies itself (a check digit) may look through all of them.
        """
        return list(self._document_reads.values())


def without_rules(pixels: np.ndarray) -> np.ndarray:
    """Gray ``pixels`` with long ruled lines (field boxes, underlines) painted white.

    Japanese cards print their fields in ruled boxes; Tesseract reads text
    touching a rule badly or takes the box for a picture. Dark runs longer
    than ``RULE_FRACTION`` of the card (far longer than a character's
    stroke) are found by an opening with a line-shaped element and whitened.
    """
    gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY) if pixels.ndim == 3 else pixels
    h, w = gray.shape[:2]
    if min(h, w) < 32:
        return gray
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, int(w * RULE_FRACTION[0])), 1))
    down = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, int(h * RULE_FRACTION[1]))))
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, across) | cv2.morphologyEx(ink, cv2.MORPH_OPEN, down)
    out = gray.copy()
    out[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 255
    return out


def _rules_out(region: Region) -> Region:
    """``region`` with its ruled lines painted out (``without_rules``), mapped as before."""
    return Region(region.name, without_rules(region.pixels), region.to_original)


def _to_original(local: OcrResult, region: Region) -> OcrResult:
    """``local`` (boxes in region pixels) with every box mapped to original pixels, order kept."""
    words = {id(w): OcrWord(w.text, w.conf, region.map_box(w.bbox), w.line) for w in local.words}
    lines = tuple(_line(ln.text, ln.conf, [words[id(w)] for w in ln.words]) for ln in local.lines)
    return OcrResult(tuple(words[id(w)] for w in local.words), lines, local.engine, local.seconds, local.region)


def _line(text: str, conf: float, words: list[OcrWord]) -> OcrLine:
    box = BBox.from_points([w.bbox.x for w in words] + [w.bbox.x + w.bbox.w for w in words],
                           [w.bbox.y for w in words] + [w.bbox.y + w.bbox.h for w in words])  # fmt: skip
    return OcrLine(text, conf, box, tuple(words))


def join_rows(result: OcrResult, region: Region) -> OcrResult:
    """``result`` with line pieces that lie on one printed row joined into one line.

    Sparse-text segmentation cuts a row wherever the gap is wide, e.g.
    between the digit groups of "1234 5678 9012". Pieces are joined, in
    ``region``'s own coordinates (a card may lie rotated in the frame), when
    they overlap vertically, have similar heights and a gap of at most
    ``ROW_GAP`` line heights.
    """
    if len(result.lines) < 2:
        return result
    back = Region("", region.pixels[:0], np.linalg.inv(region.to_original))
    local = {id(ln): back.map_box(ln.bbox) for ln in result.lines}
    rows: list[list[OcrLine]] = []
    for ln in sorted(result.lines, key=lambda ln: local[id(ln)].x):
        b = local[id(ln)]
        for row in rows:
            a = local[id(row[-1])]
            lo, hi = sorted((a.h, b.h))
            overlap = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
            gap = b.x - (a.x + a.w)
            if overlap >= 0.6 * lo and lo >= 0.5 * hi and -0.5 * lo <= gap <= ROW_GAP * hi:
                row.append(ln)
                break
        else:
            rows.append([ln])
    if len(rows) == len(result.lines):
        return result
    rows.sort(key=lambda row: min(local[id(ln)].y for ln in row))
    key = {w.line: row[0].words[0].line for row in rows for ln in row for w in ln.words}
    lines = []
    for row in rows:
        words = [OcrWord(w.text, w.conf, w.bbox, key[w.line]) for ln in row for w in ln.words]
        confs = [w.conf for w in words if w.conf >= 0]
        lines.append(_line(join_words([w.text for w in words]), sum(confs) / len(confs) if confs else -1.0, words))
    all_words = tuple(OcrWord(w.text, w.conf, w.bbox, key.get(w.line, w.line)) for w in result.words)
    return OcrResult(all_words, tuple(lines), result.engine, result.seconds, result.region)


def _blotted(ink: Region) -> bool:
    """Whether a thresholded view (``_local_ink``) is blacker than print makes a card (``INK_SHARE_MAX``)."""
    return float(np.mean(ink.pixels < 128)) >= INK_SHARE_MAX


def _local_ink(region: Region) -> Region:
    """The region as dark ink on white, thresholded against its local background.

    Light print on a dark ground (a card's coloured band, a dark-mode panel) is turned dark on
    light first: where the ground is under ``DARK_GROUND``. The ground is the median of pixels
    sampled (not averaged: dense print would darken a mean) over ``GROUND_WINDOW`` px, so inside
    rows of dark print it is still the paper.
    """
    gray = cv2.cvtColor(region.pixels, cv2.COLOR_RGB2GRAY) if region.pixels.ndim == 3 else region.pixels
    smooth = cv2.GaussianBlur(gray, (0, 0), 1.5)
    h, w = smooth.shape[:2]
    sampled = cv2.resize(smooth, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_NEAREST)
    ground = cv2.resize(cv2.medianBlur(sampled, GROUND_WINDOW // 2 | 1), (w, h), interpolation=cv2.INTER_NEAREST)
    dark = ground < DARK_GROUND
    if dark.any():
        smooth = np.where(dark, 255 - smooth, smooth)  # uint8 in, uint8 out
    ink = cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 31, 10)
    return Region(region.name + ":ink", ink, region.to_original)


def crisp_if_enlarged(pixels: np.ndarray, zoom: float) -> np.ndarray:
    """A crop enlarged ``zoom`` times given back its edges with an unsharp mask; others unchanged.

    Enlarging a card from a few hundred source pixels spreads each stroke's
    edge over ``zoom`` pixels, on top of the camera's own blur: Tesseract then
    takes small kanji for Latin letters and loses thin labels (a
    health-insurance card's 健康保険被保険者証 read as "SR HE"). The mask
    is as wide as a source pixel's blur at the new scale, so grain finer
    than that is not raised more than the print.
    """
    if zoom < CRISP_MIN_ZOOM:
        return pixels
    soft = cv2.GaussianBlur(pixels, (0, 0), CRISP_SIGMA * zoom)
    return cv2.addWeighted(pixels, 1.0 + CRISP_AMOUNT, soft, -CRISP_AMOUNT, 0)


def card_grain(gray: np.ndarray) -> float:
    """A card crop's grain as a Gaussian sigma (gray levels): the median distance from a 5x5 median.

    ``pixel_noise`` reads 0 on a crop whose grain came in blobs a few pixels
    wide, which a 3x3 median keeps: a high-ISO photo's speckle after JPEG or
    the phone's noise reduction, enlarged with the card for reading. A 5x5
    median takes such blobs out; the print is too small a share of the
    pixels to move the median distance.
    """
    return float(np.median(cv2.absdiff(gray, cv2.medianBlur(gray, 5))[::2, ::2])) * 1.8


#: A run of digits (a card's number, a date's year) as a word's characters hold it.
_NUMBER = re.compile(r"\d{3,}")


#: Word confidence from which a read's characters count as made out.
_CONFIDENT = 60


def _confident_chars(result: OcrResult) -> int:
    return sum(len(w.text.strip()) for w in result.words if w.conf >= _CONFIDENT)


def _confident_cjk(result: OcrResult) -> int:
    return sum(1 for w in result.words if w.conf >= _CONFIDENT for ch in w.text if has_cjk(ch))


def _read_quality(result: OcrResult) -> int:
    """Confident characters; none for a read of grain (more unconfident words than confident characters).

    A variant that reads a dim card's grain finds hundreds of low-confidence
    fragments, and by chance some confident ones: it must not outrank a read
    of the print itself, however few words that found.
    """
    confident = _confident_chars(result)
    return 0 if sum(1 for w in result.words if w.conf < 60) > confident else confident


def _degrained(region: Region) -> Region:
    """A grainy card view (``card_grain`` at least ``GRAINY_CARD``) with its grain taken out by
    non-local means; others unchanged.

    A high-ISO photo's speckle, after JPEG, the phone's noise reduction or
    the card's warp to reading size, is blobs as wide as the strokes:
    Tesseract reads them as text and loses the print (a health-insurance
    card under grain reads as kana soup), and neither a median nor a
    Gaussian takes them out without the strokes. Non-local means averages
    each patch with the patches alike elsewhere on the card, which the
    print's strokes are and grain is not (about 0.2 s for a card).
    """
    gray = region.pixels if region.pixels.ndim == 2 else cv2.cvtColor(region.pixels, cv2.COLOR_RGB2GRAY)
    grain = card_grain(gray)
    if grain < GRAINY_CARD:
        return region
    h = float(np.clip(DEGRAIN_GAIN * grain, *DEGRAIN_H))
    return Region(region.name + ":degrained", cv2.fastNlMeansDenoising(gray, None, h, 7, 21), region.to_original)


def _levelled(region: Region) -> Region | None:
    """The region turned so its rows of print are level (``signals.skew``), or None if they are or
    no slant is found. The canvas grows to keep the corners; the map back to original pixels follows."""
    gray = cv2.cvtColor(region.pixels, cv2.COLOR_RGB2GRAY) if region.pixels.ndim == 3 else region.pixels
    angle = row_slant(gray)
    if angle is None or abs(angle) < LEVEL_MIN_SLANT:
        return None
    return turned(Region(region.name, gray, region.to_original), angle, grow=True)


def _lifted(region: Region) -> Region | None:
    """The region lifted (``signals.tone.lifted_frame``), or None if it is not dim. A dim frame's
    print spans a few tens of gray levels under grain: Tesseract's one global threshold keeps
    only its boldest lines (a rectified card is lifted already, ``ImageContext.rectify``)."""
    gray = cv2.cvtColor(region.pixels, cv2.COLOR_RGB2GRAY) if region.pixels.ndim == 3 else region.pixels
    if not is_dim(gray):
        return None
    return Region(region.name, lifted_frame(gray), region.to_original)


def turned(region: Region, angle: float, *, grow: bool = False, interpolation: int = cv2.INTER_LINEAR) -> Region:
    """``region`` turned ``angle`` degrees (as ``cv2.getRotationMatrix2D`` turns) to level its rows
    (named ``:level``), its map back to original pixels kept right. With ``grow`` the canvas grows to
    keep the corners; otherwise it keeps its size (a band with margin to spare)."""
    flat, back = turn(region.pixels, angle, grow=grow, interpolation=interpolation)
    return Region(region.name + ":level", flat, region.to_original @ back)


#: Suffix of a region's name once turned a quarter.
QUARTER = ":90"


def quarter_turn(region: Region) -> Region:
    """The region turned a quarter clockwise (named with ``QUARTER``), its map back to original
    pixels kept right: rows of print running down it come out level, read from the bottom (print
    read from the top comes out upside down: see ``_frame_read``)."""
    h, w = region.pixels.shape[:2]
    # the turned image's (x', y') shows the region's (y', h - 1 - x')
    back = np.array([[0, 1, 0], [-1, 0, h - 1], [0, 0, 1]], dtype=np.float64)
    pixels = np.ascontiguousarray(cv2.rotate(region.pixels, cv2.ROTATE_90_CLOCKWISE))
    return Region(region.name + QUARTER, pixels, region.to_original @ back)


def half_turn(region: Region, suffix: str = ":180") -> Region:
    """The region turned upside down (its name given ``suffix``), with its map back to original pixels."""
    h, w = region.pixels.shape[:2]
    flip = np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], dtype=np.float64)
    return Region(region.name + suffix, np.ascontiguousarray(region.pixels[::-1, ::-1]), region.to_original @ flip)
