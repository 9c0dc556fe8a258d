"""id.mrz: a machine-readable zone whose ICAO check digits pass.

Cheap gate: the one id.vocabulary uses (an MRZ-like band, a card/page
quad, a screenshot, or dense text: a scanned card fills the frame and has
no outline), so the document OCR view it reads is shared, never extra.
Then, cheapest and most likely first, until one read verifies:

1. each band, cut from the original at OCR-B reading size (about 25-37 px
   per character) and levelled (``level``: a card photographed a few
   degrees askew has lines Tesseract's row segmentation runs together),
   OCR'd with the MRZ alphabet only; upside down too when the upright read
   finds nothing MRZ-shaped (cards photographed rotated), except on a
   rendered screen read as one (its text is upright);
2. the document OCR view every OCR detector shares (no extra OCR call when
   another detector already asked for it), and the view's other reads
   (turned, inked) when one of them verifies;
3. when the document text shows filler runs (``<<``), or parses as an
   MRZ with digits in at least half its digit places, but did not verify:
   those lines, cut from the rectified card (level however the card lies)
   or else from the original, read with the MRZ alphabet (and smoothed, if
   that reads nothing MRZ-shaped: the grain of a dim shot reads as
   letters once only letters are allowed); then the lower
   and upper strips of the rectified card; and on a small card (a
   thumbnail's, ``signals.card_size``) its lower strip flattened at the
   card's own resolution and enlarged (``_small_card_reads``).

Tesseract drops characters from long ``<<<<`` runs, so a read whose line
is short is also tried with its filler run lengthened to the MRZ's line
length (``_filled``); its check digits still decide.

All check digits valid makes a verified finding (decisive). MRZ-shaped text
whose checks fail (an OCR slip) still votes id_card, scaled by the share of
checks that pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

import cv2
import numpy as np

from pii_scan.context import ImageContext, Region, half_turn, lift_if_dim, quarter_turn, turned
from pii_scan.detectors.base import BaseDetector
from pii_scan.detectors.id_vocabulary import document_view_wanted
from pii_scan.masking import mask_mrz_line, mask_number, mask_text
from pii_scan.models import BBox, Evidence, Finding, Label, PiiValue
from pii_scan.mrz import FORMATS, MRZ_ALPHABET, MrzResult, clean_line, find_mrz
from pii_scan.ocr.base import OcrLine
from pii_scan.signals import CardQuad
from pii_scan.signals.card_size import is_small_card, long_side
from pii_scan.signals.mrz_band import MAX_SKEW

__all__ = ["MrzDetector"]

#: Width a band is read at: 44 characters at ~25 px, 30 at ~37 px.
BAND_READ_WIDTH = 1100
#: Bands OCR'd at most per image (widest first).
MAX_BANDS = 2
#: Share of a band's width added on its right for a second read (see ``_reads``).
RIGHT_PAD = 0.3
VERIFIED_SCORE = 0.99
#: Gaussian sigma (px at reading size, 25-37 px per character) that smooths a grainy MRZ for a second read.
GRAIN_SIGMA = 2.0
#: Score range of an MRZ-shaped read whose check digits fail.
SHAPED_SCORE = (0.6, 0.75)
#: Suffix of a region's name once turned 180 degrees.
ROTATED = ":rot180"
#: Most fillers added to a line whose filler run OCR read short (``_filled``).
MAX_FILL = 12
#: Least MRZ characters on a document line with fillers for it to count as an MRZ line.
MIN_FILLER_LINE = 20
#: Least ``MrzResult.shape`` of a document read without filler runs for its
#: lines to be read again as an MRZ: under it, fewer than half the digit
#: places hold a digit (a news paragraph's lines of an MRZ's length).
MIN_DOCUMENT_SHAPE = 0.25
#: Tilts (degrees) a band is levelled over, and the least worth a rotation:
#: as far as the band search itself levels the image (``MAX_SKEW``), or a
#: band found on a card lying at 15 degrees is read still 3 degrees askew.
MAX_TILT, MIN_TILT = MAX_SKEW, 0.75
#: (enlargement, Otsu-binarised) of a small card's strip, tried in turn.
SMALL_CARD_READS = ((5.0, False), (4.0, True), (4.0, False))
#: A filler run as OCR reads it: ``<<`` or its look-alikes, also as read
#: upside down (``>>``: a card lying the other way round).
_FILLER = re.compile(r"<<|くく|«|《|>>|»|》")


def _scaled_region(region: Region, factor: float) -> Region:
    """``region`` resized by ``factor``, its map back to original pixels kept right."""
    if abs(factor - 1.0) < 0.01:
        return region
    pixels = cv2.resize(region.pixels, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    back = region.to_original @ np.diag([1 / factor, 1 / factor, 1.0])
    return Region(region.name, pixels, back)


def _rotated_region(region: Region) -> Region:
    """``region`` turned 180 degrees (its name marked ``ROTATED``, as its OCR keys and evidence show)."""
    return half_turn(region, ROTATED)


def _sub_region(region: Region, y0: int, y1: int, name: str) -> Region:
    shift = np.array([[1, 0, 0], [0, 1, y0], [0, 0, 1]], dtype=np.float64)
    return Region(name, np.ascontiguousarray(region.pixels[y0:y1]), region.to_original @ shift)


def _gray(region: Region) -> Region:
    """``region`` in gray, evened out first if it is dim (``lift_if_dim``)."""
    px = lift_if_dim(region.pixels)
    if px.ndim == 3:
        px = cv2.cvtColor(px, cv2.COLOR_RGB2GRAY)
    return Region(region.name, px, region.to_original)


def _tilt(gray: np.ndarray) -> float:
    """Angle (degrees, image convention of ``cv2.getRotationMatrix2D``) that levels the text rows.

    The ink (adaptive threshold) is projected onto rows at each candidate
    angle; level rows give the most contrasted profile (full rows and empty
    gaps), so the angle with the largest profile variance wins. Coarse 1-degree
    steps, then a half-degree either side.
    """
    small = gray
    if gray.shape[1] > 400:
        f = 400 / gray.shape[1]
        small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 10).astype(np.float32)
    h, w = ink.shape
    centre = (w / 2, h / 2)

    def spread(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rows = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST).sum(axis=1)
        return float(rows.var())

    coarse = max(np.arange(-MAX_TILT, MAX_TILT + 0.5, 1.0), key=spread)
    return float(max((coarse - 0.5, coarse, coarse + 0.5), key=spread))


def level(region: Region) -> Region:
    """A gray ``region`` rotated so its text rows run level, its map back kept right."""
    px = region.pixels
    if px.ndim != 2 or min(px.shape) < 16:
        return region
    angle = _tilt(px)
    if abs(angle) < MIN_TILT:
        return region
    return turned(region, angle, interpolation=cv2.INTER_CUBIC)


def _enlarged(region: Region, zoom: float, binary: bool) -> Region:
    """``region`` enlarged ``zoom`` times (Lanczos), Otsu-binarised with ``binary``."""
    pixels = cv2.resize(region.pixels, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_LANCZOS4)
    if binary:
        _, pixels = cv2.threshold(pixels, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    tag = f":x{zoom:g}" + (":otsu" if binary else "")
    return Region(region.name + tag, pixels, region.to_original @ np.diag([1 / zoom, 1 / zoom, 1.0]))


def _smoothed(region: Region) -> Region:
    """``region`` with its grain smoothed away (``GRAIN_SIGMA``): OCR-B strokes at reading size survive it."""
    return Region(region.name + ":smooth", cv2.GaussianBlur(region.pixels, (0, 0), GRAIN_SIGMA), region.to_original)


def _fillers_seen(ctx: ImageContext, region: Region) -> bool:
    """Whether the (memoised) upright MRZ-alphabet read of ``region`` has a filler run."""
    ocr = ctx.ocr_region(region, psm=6, whitelist=MRZ_ALPHABET, lang="eng")
    return any("<<<" in line.text for line in ocr.lines)


def _union(boxes: Iterable[BBox | None]) -> BBox | None:
    """The box around ``boxes`` (None when there are none)."""
    pts = [(b.x, b.y, b.x + b.w, b.y + b.h) for b in boxes if b is not None]
    if not pts:
        return None
    return BBox.from_points([p[0] for p in pts] + [p[2] for p in pts], [p[1] for p in pts] + [p[3] for p in pts])


def _filled(texts: Sequence[str]) -> list[str] | None:
    """MRZ lines with short filler runs lengthened to the band's line length, or None.

    OCR drops characters from long ``<<<<`` runs. The lines of one MRZ are
    all equally long, so when one line reads at a format's exact length,
    a line with a filler run that is up to ``MAX_FILL`` short has its last
    run lengthened to match (a check digit lost with the run still fails).
    """
    cleaned = [clean_line(t) for t in texts]
    n = _line_width([c for c in cleaned if "<<" in c and len(c) >= MIN_FILLER_LINE * 3 // 4])
    if not n:
        return None
    out = []
    for c in cleaned:
        short = n - len(c)
        run = list(re.finditer(r"<<+", c))
        if 0 < short <= MAX_FILL and len(c) >= n // 2 and run:
            end = run[-1].end()
            c = c[:end] + "<" * short + c[end:]
        out.append(c)
    return out if out != cleaned else None


def _line_width(lines: Sequence[str]) -> int:
    """The MRZ line length these filler-bearing lines were printed at (0 if unclear).

    A line read at a format's exact length says it; else three lines are
    TD1 and two lines the narrowest format they fit in.
    """
    widths = sorted({n for n, _ in FORMATS.values()})
    exact = [len(c) for c in lines if len(c) in widths]
    if exact:
        return max(exact)
    longest = max((len(c) for c in lines), default=0)
    if len(lines) == 3 and longest <= FORMATS["TD1"][0]:
        return FORMATS["TD1"][0]
    if len(lines) == 2:
        return next((n for n in widths if n > FORMATS["TD1"][0] and n >= longest), 0)
    return 0


def _parse(texts: Sequence[str]) -> MrzResult | None:
    """The best MRZ in ``texts``, read as is or with short filler runs lengthened."""
    found = find_mrz(list(texts))
    if found is not None and found.valid:
        return found
    filled = _filled(texts)
    again = find_mrz(filled) if filled is not None else None
    return again if _rank(again) > _rank(found) else found


def _rank(r: MrzResult | None) -> tuple[bool, bool, float, float]:
    """Verified reads first, then reads that still make a finding (MRZ-shaped)."""
    return (False, False, -1.0, -1.0) if r is None else (r.valid, r.shaped, r.valid_score, r.shape)


class MrzDetector(BaseDetector):
    """Finds and verifies ICAO 9303 machine-readable zones (TD1, TD2, TD3, visas)."""

    name = "id.mrz"
    label = Label.ID_CARD
    version = "7"
    needs_ocr = True

    def prefilter(self, ctx: ImageContext) -> bool:
        return document_view_wanted(ctx)

    def detect(self, ctx: ImageContext) -> Iterable[Finding]:
        best: tuple[MrzResult, Sequence[OcrLine], str] | None = None
        for result, ocr, source in self._reads(ctx):
            if best is None or _rank(result) > _rank(best[0]):
                best = (result, ocr, source)
            if result.valid:
                break
        if best is None:
            return []
        finding = self._finding(*best)
        return [finding] if finding else []

    # -- reading ---------------------------------------------------------

    def _reads(self, ctx: ImageContext) -> Iterator[tuple[MrzResult, Sequence[OcrLine], str]]:
        """MRZ parses from each source, cheapest first (see module docstring)."""
        # a rendered screen shows its text upright: its bands are not read turned around (asked
        # only when an upright read finds nothing, so a band that verifies needs no document view)
        def turn() -> bool:
            return ctx.document_region.name != "screen"

        for i, band in enumerate(ctx.signals.mrz_bands[:MAX_BANDS]):
            region = self._band_region(ctx, band, f"mrz_band{i}")
            shaped = False
            for res in self._read_either_way(ctx, region, turn=turn):
                shaped = shaped or res[0].shaped
                yield res
            if not shaped and _fillers_seen(ctx, region):
                # fillers read, yet no MRZ: the band may stop short of the lines' faint filler runs
                wide = self._band_region(ctx, band, f"mrz_band{i}:wide", RIGHT_PAD)
                yield from self._read_either_way(ctx, wide, turn=turn)
        if not ctx.ocr_available:
            return
        doc = ctx.document_ocr()
        found = _parse([line.text for line in doc.lines])
        if found is not None:
            yield found, doc.lines, "document"
        if found is None or not found.valid:
            # the view's other reads (turned, inked): the best one is chosen for its confident text,
            # not for its MRZ; only an MRZ whose check digits all pass counts from them
            for read in ctx.document_reads():
                other = _parse([line.text for line in read.lines]) if read is not doc else None
                if other is not None and other.valid:
                    yield other, read.lines, "document:other"
                    return
        filler = [ln for ln in doc.lines if _FILLER.search(ln.text)]
        if not filler and found is None:
            # the view's best read may have lost a zone that another read of it found (a sharpened
            # small card reads as more confident kana soup than its upright read of the zone)
            for read in ctx.document_reads():
                filler = [ln for ln in read.lines if _FILLER.search(ln.text)]
                if filler:
                    break
        if not filler and (found is None or found.shape < MIN_DOCUMENT_SHAPE):
            return  # no MRZ in sight: prose whose lines happen to be an MRZ's length
        if found is not None and found.line_indices:
            rows = [doc.lines[i] for i in found.line_indices]
        else:
            rows = [ln for ln in filler if len(clean_line(ln.text)) >= MIN_FILLER_LINE]
        region = self._lines_region(ctx, [ln.bbox for ln in rows])
        if region is not None:
            shaped = False
            for res in self._read_either_way(ctx, region):
                shaped = shaped or res[0].shaped
                yield res
            if not shaped:
                # grain (a dim shot's high ISO) read as letters in the alphabet-only read
                yield from self._read_either_way(ctx, _smoothed(region))
        quads = ctx.signals.card_quads
        if quads:
            card = _gray(ctx.rectify(quads[0], gray=True))
            h = card.pixels.shape[0]
            strips = (
                _sub_region(card, int(h * 0.55), h, "card:bottom"),
                _rotated_region(_sub_region(card, 0, int(h * 0.45), "card:top")),
            )
            for strip in strips:
                res = self._read(ctx, strip)
                if res is not None:
                    yield res
            if is_small_card(quads[0]):
                yield from self._small_card_reads(ctx, quads[0])

    def _small_card_reads(
        self, ctx: ImageContext, quad: CardQuad
    ) -> Iterator[tuple[MrzResult, Sequence[OcrLine], str]]:
        """A thumbnail's card: its lower strip at the card's own resolution, enlarged (``_enlarged``).

        Rectifying a card of 150-250 px straight to reading width blurs
        OCR-B glyphs of 5-7 px into each other; flattening it at its own
        size and enlarging the strip with a sharper interpolation keeps them
        apart. Each way up, the first read must show a filler run before
        the costlier variants are tried; once they are, the other way up is not.
        """
        card = ctx.rectify(quad, width=max(16, int(long_side(quad))), gray=True)
        h = card.pixels.shape[0]
        for upside_down in (False, True):
            base = _rotated_region(card) if upside_down else card
            strip = _sub_region(base, int(h * 0.55), h, "card:small-bottom" + (ROTATED if upside_down else ""))
            for k, (zoom, binary) in enumerate(SMALL_CARD_READS):
                region = _enlarged(strip, zoom, binary)
                res = self._read(ctx, region)
                if res is not None:
                    yield res
                if k == 0 and not _fillers_seen(ctx, region):
                    break
            else:
                return  # fillers read this way up: the MRZ is not the other way

    @staticmethod
    def _band_region(ctx: ImageContext, band: BBox, name: str, right_pad: float = 0.0) -> Region:
        """The padded band (``right_pad`` of its length more at its end), cut at full resolution.

        It is scaled so that the band itself is ``BAND_READ_WIDTH`` long. A
        band taller than wide runs down the frame (a document turned a quarter): it is
        turned level (``quarter_turn``; which way up is left to ``_read_either_way``),
        and padded at both ends, either of which may be the end of its lines.
        """
        img = ctx.image
        down = band.h > band.w
        length, depth = (band.h, band.w) if down else (band.w, band.h)
        pad_along, pad_across = int(length * 0.04) + 2, int(depth * 0.35) + 2
        end = pad_along + int(length * right_pad)
        if down:
            x0, x1 = band.x - pad_across, band.x + band.w + pad_across
            y0, y1 = band.y - end, band.y + band.h + end
        else:
            x0, x1 = band.x - pad_along, band.x + band.w + end
            y0, y1 = band.y - pad_across, band.y + band.h + pad_across
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(img.width, x1), min(img.height, y1)
        padded = BBox(x0, y0, x1 - x0, y1 - y0)
        # the band itself at BAND_READ_WIDTH
        read_width = int(BAND_READ_WIDTH * (padded.h if down else padded.w) / (length + 2 * pad_along))
        region = _gray(ctx.region(padded, max_side=read_width, name=name, gray=True))
        region = quarter_turn(region) if down else region
        width = region.pixels.shape[1]
        region = _scaled_region(region, read_width / max(width, 1)) if width < read_width * 0.9 else region
        return level(region)

    def _lines_region(self, ctx: ImageContext, boxes: Sequence[BBox | None]) -> Region | None:
        """The document-view lines ``boxes`` (original pixels) cut out for an MRZ read.

        On a card the lines are cut from the rectified card, where they lie
        level however the card lies in the frame; otherwise from the original.
        """
        box = _union(boxes)
        if box is None:
            return None
        view = ctx.document_region
        if not view.name.startswith("card:"):
            return self._band_region(ctx, box, "document_mrz")
        to_view = Region("", view.pixels[:0], np.linalg.inv(view.to_original))
        local = to_view.map_box(box)
        h, w = view.pixels.shape[:2]
        pad = int(local.h * 0.35 / max(len(boxes), 1)) + 4
        x0, x1 = max(0, local.x - 2 * pad), min(w, local.x + local.w + 2 * pad)
        y0, y1 = max(0, local.y - pad), min(h, local.y + local.h + pad)
        if x1 - x0 < 8 or y1 - y0 < 8:
            return None
        shift = np.array([[1, 0, x0], [0, 1, y0], [0, 0, 1]], dtype=np.float64)
        crop = Region("document_mrz", np.ascontiguousarray(view.pixels[y0:y1, x0:x1]), view.to_original @ shift)
        crop = _gray(crop)
        width = crop.pixels.shape[1]
        return _scaled_region(crop, BAND_READ_WIDTH / width) if width < BAND_READ_WIDTH * 0.9 else crop

    def _read_either_way(
        self, ctx: ImageContext, region: Region, *, turn: Callable[[], bool] = lambda: True
    ) -> Iterator[tuple[MrzResult, Sequence[OcrLine], str]]:
        """The region read upright, and turned around if that finds nothing MRZ-shaped and ``turn()`` allows."""
        res = self._read(ctx, region)
        if res is not None:
            yield res
        if (res is None or not res[0].shaped) and turn():
            res = self._read(ctx, _rotated_region(region))
            if res is not None:
                yield res

    @staticmethod
    def _read(ctx: ImageContext, region: Region) -> tuple[MrzResult, Sequence[OcrLine], str] | None:
        """OCR a region with the MRZ alphabet and parse its lines in the region's reading order."""
        if region.pixels.size == 0:
            return None
        ocr = ctx.ocr_region(region, psm=6, whitelist=MRZ_ALPHABET, lang="eng")
        # Lines come back in the region's own reading order, turned or not.
        found = _parse([line.text for line in ocr.lines])
        return (found, ocr.lines, region.name) if found is not None else None

    # -- reporting -------------------------------------------------------

    def _finding(self, r: MrzResult, ocr_lines: Sequence[OcrLine], source: str) -> Finding | None:
        if not (r.valid or r.shaped):
            return None
        lines: list[OcrLine | None] = [ocr_lines[i] if i < len(ocr_lines) else None for i in r.line_indices]
        passed, total = sum(r.checks.values()), len(r.checks)
        evidence = [
            Evidence(
                "mrz_line",
                "ocr",
                mask_mrz_line(text),
                line.bbox if line is not None else None,
                {"format": r.format, "line": float(k + 1), "region": source},
            )
            for k, (text, line) in enumerate(zip(r.lines, lines))
        ]
        evidence.append(
            Evidence("mrz_checks", "ocr", round(r.valid_score, 3), None, {k: "pass" if v else "fail" for k, v in r.checks.items()})
        )
        if r.valid:
            score, verified = VERIFIED_SCORE, True
            why = f"ICAO 9303 {r.format} machine-readable zone, all {total} check digits valid"
        else:
            lo, hi = SHAPED_SCORE
            score, verified = lo + (hi - lo) * r.valid_score, False
            why = f"{r.format}-shaped machine-readable zone, {passed}/{total} check digits valid"
        return self.finding(score, why, *evidence, verified=verified, pii=self._pii(r))

    @staticmethod
    def _pii(r: MrzResult) -> list[PiiValue]:
        out = []
        number = r.fields.get("document_number", "")
        if number:
            out.append(PiiValue("document_number", mask_number(number), number))
        name = " ".join(p for p in (r.fields.get("surname", ""), r.fields.get("given_names", "")) if p)
        if name:
            out.append(PiiValue("name", mask_text(name), name))
        birth = r.fields.get("birth_date", "")
        if birth:
            out.append(PiiValue("birth_date", mask_number(birth), birth))
        return out
