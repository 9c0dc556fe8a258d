"""id.mrz: a machine-readable zone whose ICAO check digits pass.

Cheap gate: an MRZ-like band (``signals.mrz_bands``) or a card/page quad.
Then, cheapest and most likely first, until one read verifies:

1. each band, cut from the original at OCR-B reading size (about 25-37 px
   per character), OCR'd with the MRZ alphabet only; upside down too when
   the upright read finds nothing MRZ-shaped (cards photographed rotated);
2. the document OCR view every OCR detector shares (no extra OCR call when
   another detector already asked for it);
3. the lower and upper strips of the rectified card, when the document
   text shows filler runs (``<<``) but did not verify.

All check digits valid makes a verified finding (decisive). MRZ-shaped text
whose checks fail (an OCR slip) still votes id_card, scaled by the share of
checks that pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import cv2
import numpy as np

from pii_scan.context import ImageContext, Region
from pii_scan.detectors.base import BaseDetector
from pii_scan.masking import mask_mrz_line, mask_number, mask_text
from pii_scan.models import BBox, Evidence, Finding, Label, PiiValue
from pii_scan.mrz import MRZ_ALPHABET, MrzResult, find_mrz
from pii_scan.ocr.base import OcrLine

__all__ = ["MrzDetector"]

#: Width a band is read at: 44 characters at ~25 px, 30 at ~37 px.
BAND_READ_WIDTH = 1100
#: Bands OCR'd at most per image (widest first).
MAX_BANDS = 2
VERIFIED_SCORE = 0.99
#: Score range of an MRZ-shaped read whose check digits fail.
SHAPED_SCORE = (0.6, 0.75)
#: Suffix of a region's name once turned 180 degrees.
ROTATED = ":rot180"


def _scaled_region(region: Region, factor: float) -> Region:
    """``region`` resized by ``factor``, its map back to original pixels kept right."""
    if abs(factor - 1.0) < 0.01:
        return region
    pixels = cv2.resize(region.pixels, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    back = region.to_original @ np.diag([1 / factor, 1 / factor, 1.0])
    return Region(region.name, pixels, back)


def _rotated_region(region: Region) -> Region:
    """``region`` turned 180 degrees."""
    h, w = region.pixels.shape[:2]
    flip = np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], dtype=np.float64)
    return Region(region.name + ROTATED, np.ascontiguousarray(region.pixels[::-1, ::-1]), region.to_original @ flip)


def _sub_region(region: Region, y0: int, y1: int, name: str) -> Region:
    shift = np.array([[1, 0, 0], [0, 1, y0], [0, 0, 1]], dtype=np.float64)
    return Region(name, np.ascontiguousarray(region.pixels[y0:y1]), region.to_original @ shift)


def _gray(region: Region) -> Region:
    px = region.pixels
    if px.ndim == 3:
        px = cv2.cvtColor(px, cv2.COLOR_RGB2GRAY)
    return Region(region.name, px, region.to_original)


def _rank(r: MrzResult | None) -> tuple[bool, float, float]:
    return (False, -1.0, -1.0) if r is None else (r.valid, r.valid_score, r.shape)


class MrzDetector(BaseDetector):
    """Finds and verifies ICAO 9303 machine-readable zones (TD1, TD2, TD3, visas)."""

    name = "id.mrz"
    label = Label.ID_CARD
    version = "1"
    needs_ocr = True

    def prefilter(self, ctx: ImageContext) -> bool:
        return bool(ctx.signals.mrz_bands) or bool(ctx.signals.card_quads)

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
        for i, band in enumerate(ctx.signals.mrz_bands[:MAX_BANDS]):
            region = self._band_region(ctx, band, f"mrz_band{i}")
            res = self._read(ctx, region)
            if res is not None:
                yield res
            if res is None or not res[0].shaped:
                res = self._read(ctx, _rotated_region(region))
                if res is not None:
                    yield res
        if not ctx.ocr_available:
            return
        doc = ctx.document_ocr()
        found = find_mrz([line.text for line in doc.lines])
        if found is not None:
            yield found, doc.lines, "document"
        quads = ctx.signals.card_quads
        if quads and (found is not None or any("<<" in ln.text or "くく" in ln.text for ln in doc.lines)):
            card = _gray(ctx.rectify(quads[0]))
            h = card.pixels.shape[0]
            strips = (_sub_region(card, int(h * 0.55), h, "card:bottom"), _rotated_region(_sub_region(card, 0, int(h * 0.45), "card:top")))
            for strip in strips:
                res = self._read(ctx, strip)
                if res is not None:
                    yield res

    @staticmethod
    def _band_region(ctx: ImageContext, band: BBox, name: str) -> Region:
        """The padded band, cut at full resolution and scaled to ``BAND_READ_WIDTH``."""
        img = ctx.image
        px, py = int(band.w * 0.04) + 2, int(band.h * 0.35) + 2
        x0, y0 = max(0, band.x - px), max(0, band.y - py)
        x1, y1 = min(img.width, band.x + band.w + px), min(img.height, band.y + band.h + py)
        padded = BBox(x0, y0, x1 - x0, y1 - y0)
        region = _gray(ctx.region(padded, max_side=BAND_READ_WIDTH, name=name))
        width = region.pixels.shape[1]
        return _scaled_region(region, BAND_READ_WIDTH / max(width, 1)) if width < BAND_READ_WIDTH * 0.9 else region

    @staticmethod
    def _read(ctx: ImageContext, region: Region) -> tuple[MrzResult, Sequence[OcrLine], str] | None:
        """OCR a region with the MRZ alphabet and parse its lines in the region's reading order."""
        if region.pixels.size == 0:
            return None
        ocr = ctx.ocr_region(region, psm=6, whitelist=MRZ_ALPHABET, lang="eng")
        # Lines come back ordered by original-image y: reversed for a turned region.
        lines = ocr.lines[::-1] if region.name.endswith(ROTATED) else ocr.lines
        found = find_mrz([line.text for line in lines])
        return (found, lines, region.name) if found is not None else None

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
