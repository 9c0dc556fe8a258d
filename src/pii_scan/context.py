"""ImageContext: the one object a detector sees.

It holds the decoded image, the lazily computed layout signals and the
OCR views. OCR is run at most once per view and only when a detector asks
for it, on the region that matters: the rectified card when a card shape
was found, the screenshot at reading size, or else the frame reduced to
``FRAME_OCR_SIDE``. Every OCR box is mapped back to original pixels.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

import cv2
import numpy as np

from pii_scan.decode import DecodedImage
from pii_scan.models import BBox
from pii_scan.ocr.base import OcrEngine, OcrResult, OcrWord
from pii_scan.signals import CardQuad, Signals

if TYPE_CHECKING:
    pass

__all__ = ["ImageContext", "Region"]

#: Long side of the whole-frame OCR view.
FRAME_OCR_SIDE = 1600
#: Width of a rectified ID-1 card for OCR; passport pages get 1.4x that.
CARD_OCR_WIDTH = 1000
#: Screenshots are read at most this wide (their text is already large).
SCREEN_OCR_WIDTH = 1200
#: Screenshot score from which the screenshot view is used.
SCREENSHOT_VIEW = 0.5
#: In a screenshot, a card quad must score this much to be read as a card
#: (app screens are full of card-shaped UI panels).
SCREEN_CARD_QUAD = 0.8
#: A card crop whose gray 1st-99th percentile range is below this, or whose
#: median is below DIM_MEDIAN, is a dim photo: it is stretched and smoothed
#: before OCR (Tesseract reads almost nothing on dark, grainy crops).
DIM_RANGE = 150
DIM_MEDIAN = 100
#: A card read with fewer confident characters than this is read again
#: (locally thresholded, then upside down). Counted in characters, not words:
#: Tesseract reports each CJK character as a word of its own.
GOOD_READ_CHARS = 40

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

    def region(self, box: BBox | None = None, *, max_side: int = FRAME_OCR_SIDE, name: str = "frame") -> Region:
        """A crop of the original (all of it when ``box`` is None), at most ``max_side`` long."""
        img = self.image
        if box is None:
            box = BBox(0, 0, img.width, img.height)
        f = min(1.0, max_side / max(box.w, box.h, 1))
        small_f = 1.0 / img.scale
        if f <= small_f * 1.05 and not img.full_decoded:
            src, k = img.small, small_f  # the working copy already has enough pixels
        else:
            src, k = img.full(), 1.0
        x0, y0 = int(box.x * k), int(box.y * k)
        x1, y1 = int(np.ceil((box.x + box.w) * k)), int(np.ceil((box.y + box.h) * k))
        crop = src[max(0, y0) : y1, max(0, x0) : x1]
        g = f / k
        if abs(g - 1.0) > 0.01 and crop.size:
            crop = cv2.resize(crop, None, fx=g, fy=g, interpolation=cv2.INTER_AREA if g < 1 else cv2.INTER_CUBIC)
        m = np.array([[1 / f, 0, max(0, x0) / k], [0, 1 / f, max(0, y0) / k], [0, 0, 1]], dtype=np.float64)
        return Region(name, np.ascontiguousarray(crop), m)

    def rectify(self, quad: CardQuad, *, width: int | None = None) -> Region:
        """The quadrilateral warped flat to a ``width`` x ``width/aspect`` image."""
        width = width or (int(CARD_OCR_WIDTH * 1.4) if quad.kind == "passport" else CARD_OCR_WIDTH)
        height = max(1, int(round(width / max(quad.aspect, 1e-3))))
        src_pts = np.array(quad.corners, dtype=np.float32)
        dst_pts = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
        side = max(BBox.from_points(src_pts[:, 0], src_pts[:, 1]).w, 1)
        use_small = not self.image.full_decoded and side / self.image.scale >= width * 0.95
        src = self.image.small if use_small else self.image.full()
        k = 1.0 / self.image.scale if use_small else 1.0
        fwd = cv2.getPerspectiveTransform(src_pts * k, dst_pts)
        flat = cv2.warpPerspective(src, fwd, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
        back = cv2.getPerspectiveTransform(dst_pts, src_pts)
        return Region(f"card:{quad.kind}", _lift_if_dim(flat), back)

    @cached_property
    def document_region(self) -> Region:
        """The region the document OCR view reads (see module docstring)."""
        quads = self.signals.card_quads
        screenshot = self.signals.screenshot.score >= SCREENSHOT_VIEW
        if quads and (not screenshot or quads[0].score >= SCREEN_CARD_QUAD):
            return self.rectify(quads[0])
        if screenshot:
            return self.region(max_side=max(SCREEN_OCR_WIDTH * self.image.height // max(self.image.width, 1), 1), name="screen")
        return self.region(max_side=FRAME_OCR_SIDE, name="frame")

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
        """OCR a region once (memoised by ``key``); boxes in original pixels."""
        key = key or f"{region.name}:{psm}:{whitelist}:{lang or self.lang}"
        cached = self._ocr_cache.get(key)
        if cached is not None:
            return cached
        if self._ocr_engine is None:
            result = OcrResult((), (), engine="none", region=region.name)
        else:
            raw = self.timed(
                "ocr",
                lambda: self._ocr_engine.recognize(  # type: ignore[union-attr]
                    region.pixels, lang=lang or self.lang, psm=psm, whitelist=whitelist
                ),
            )
            words = tuple(OcrWord(w.text, w.conf, region.map_box(w.bbox), w.line) for w in raw.words)
            result = OcrResult.from_words(words, engine=raw.engine, seconds=raw.seconds, region=region.name)
        self._ocr_cache[key] = result
        return result

    def document_ocr(self) -> OcrResult:
        """OCR of the document view: the card, the screenshot, or the frame.

        A photographed card can defeat Tesseract's global threshold (grain,
        uneven light) and can lie upside down (its shape does not say which
        way up it is). So when a card read finds few confident words, it is
        read again from a locally thresholded copy, then turned 180 degrees,
        stopping at the first good read and otherwise keeping the best.
        """
        cached = self._ocr_cache.get("document")
        if cached is not None:
            return cached
        region = self.document_region
        best = self.ocr_region(region, key="document:upright")
        if region.name.startswith("card:"):
            for key, variant in (
                ("document:ink", lambda: _local_ink(region)),
                ("document:flipped", lambda: _rotate_180(region)),
                ("document:flipped-ink", lambda: _local_ink(_rotate_180(region))),
            ):
                if _confident_chars(best) >= GOOD_READ_CHARS:
                    break
                read = self.ocr_region(variant(), key=key)
                if _confident_chars(read) > _confident_chars(best):
                    best = read
        self._ocr_cache["document"] = best
        return best


def _local_ink(region: Region) -> Region:
    """The region as dark ink on white, thresholded against its local background."""
    gray = cv2.cvtColor(region.pixels, cv2.COLOR_RGB2GRAY) if region.pixels.ndim == 3 else region.pixels
    smooth = cv2.GaussianBlur(gray, (0, 0), 1.5)
    ink = cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 31, 10)
    return Region(region.name + ":ink", ink, region.to_original)


def _lift_if_dim(pixels: np.ndarray) -> np.ndarray:
    """Stretch a dim or flat crop to the full range and smooth its grain; others unchanged."""
    gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    lo, hi = np.percentile(gray, (1, 99))
    if (hi - lo >= DIM_RANGE and np.median(gray) >= DIM_MEDIAN) or hi - lo < 16:
        return pixels  # well exposed, or blank: nothing to stretch
    stretched = np.clip((pixels.astype(np.float32) - lo) * (255.0 / max(hi - lo, 1.0)), 0, 255).astype(np.uint8)
    return cv2.GaussianBlur(stretched, (0, 0), 1.0)


def _confident_chars(result: OcrResult) -> int:
    return sum(len(w.text.strip()) for w in result.words if w.conf >= 60)


def _rotate_180(region: Region) -> Region:
    """The region turned upside down, with its map back to original pixels."""
    h, w = region.pixels.shape[:2]
    flip = np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], dtype=np.float64)
    return Region(region.name + ":180", np.ascontiguousarray(region.pixels[::-1, ::-1]), region.to_original @ flip)
