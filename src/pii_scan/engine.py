"""The engine: one image in, one ImageResult out.

Order of work per image: decode once → layout detectors (cheap) → OCR
detectors whose ``prefilter`` passes (OCR itself runs lazily, once per
view, inside the context) → classify. A verified finding stops the
cascade: nothing after it can change the label.

An image triaged from its embedded thumbnail (HEIC) is decoded in full,
and its working copy cut again, as soon as the thumbnail shows anything a
document could be (``worth_a_closer_look``): a 320 px thumbnail is enough
to clear an ordinary photo, not to read or even outline a card in it.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import multiprocessing
import os
import sys
import time
import traceback
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from PIL import Image

from pii_scan.classify import classify
from pii_scan.decode import WORK_SIDE, decode
from pii_scan.detectors import Detector, load_detectors, select_detectors
from pii_scan.errors import OcrUnavailable, PiiScanError, UnreadableImage
from pii_scan.models import Finding, ImageResult

if TYPE_CHECKING:  # numpy, OpenCV and the signals load with the first image, not with the module
    import numpy as np

    from pii_scan.ocr.base import OcrEngine
    from pii_scan.signals import Signals

__all__ = [
    "Engine",
    "ScanOptions",
    "limit_heap_growth",
    "make_thumbnail",
    "timed_out",
    "trim_heap",
    "worth_a_closer_look",
]

#: Screenshot score from which a thumbnail is not trusted to clear an image.
_THUMB_SCREENSHOT = 0.35
#: Text-like lines on a thumbnail from which it is decoded in full: a document
#: shows several; one alone is as often a sign, a railing or a horizon (8 of 73
#: ordinary photos of the benchmark at 320 px against 0 with two, for 1 of 90
#: ID cards that showed one line and nothing else).
_THUMB_TEXT_LINES = 2
#: Allocations from this size up get their own memory map (glibc ``mallopt``).
_MMAP_THRESHOLD = 4 << 20
_M_MMAP_THRESHOLD = -3


@lru_cache(maxsize=1)
def limit_heap_growth() -> bool:
    """Make glibc give every large array (a full-resolution decode) back to the system when freed.

    By default glibc raises its map threshold each time such an array is
    freed, so later ones come from the heap, which then only grows: a worker
    ends at the sum of its worst moments. A fixed threshold keeps a worker's
    memory flat with the number of images (peak about 300 instead of 480 MB
    on the DCIM set) for some 5 % more CPU. Applied once per process; False
    where there is no glibc.
    """
    mallopt = _glibc("mallopt")
    return bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)) if mallopt is not None else False


@lru_cache(maxsize=None)
def _glibc(name: str) -> Any:
    """The glibc function ``name`` (Linux), or None where there is no such C library or function."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL("libc.so.6"), name)
    except (OSError, AttributeError):
        return None


def trim_heap() -> bool:
    """Give the free pages inside glibc's heap back to the system (``malloc_trim``).

    A scan's small allocations (decode and OpenCV temporaries, Tesseract's
    page results, Python objects) are freed between images but leave holes
    in the heap that glibc keeps resident. A trim takes about a millisecond;
    the pages it returns are faulted in again by the next images, so it is
    done now and then (``api.TRIM_EVERY``), not after every image. False
    where there is no glibc.
    """
    malloc_trim = _glibc("malloc_trim")
    return bool(malloc_trim(0)) if malloc_trim is not None else False


def worth_a_closer_look(signals: Signals) -> bool:
    """True when a thumbnail's cheap signals leave room for a document.

    Any card shape, machine-readable-zone band, code, screenshot look or
    two lines of text (a few characters long) count: on a thumbnail these
    are hints, not evidence, and the full decode costs less than a missed card.
    """
    return bool(  # cheapest first; card_quads is the costliest cheap signal, and the screenshot look asks it
        len(signals.text_lines) >= _THUMB_TEXT_LINES
        or signals.barcodes
        or signals.mrz_bands
        or signals.card_quads
        or signals.screenshot.score >= _THUMB_SCREENSHOT
    )


@dataclass(frozen=True)
class ScanOptions:
    """Settings shared by ``scan``, ``iter_scan``, ``scan_image`` and the CLI.

    ``ocr`` names the OCR backend (``"auto"``, ``"tesserocr"``,
    ``"pytesseract"``) or ``"none"`` to run layout detectors only.
    ``enable`` / ``disable`` select detectors by name or dotted prefix.
    ``thumbnail`` > 0 adds a clear JPEG of that long side (px) to each
    result, cut from the working copy already in memory (for HTML reports).
    ``timeout`` is the time limit per image in seconds (0 or None: none):
    the engine checks it between detectors; our process pool also kills a
    worker stuck past it (``pii_scan.workers``).
    """

    lang: str = "jpn+eng"
    ocr: str = "auto"
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    work_side: int = WORK_SIDE
    include_hidden: bool = True
    thumbnail: int = 0
    timeout: float | None = 60.0


class Engine:
    """Runs the detectors on images; one per process, reused for every image."""

    def __init__(
        self,
        options: ScanOptions | None = None,
        *,
        detectors: list[Detector] | None = None,
        ocr: OcrEngine | None = None,
    ) -> None:
        self.options = options or ScanOptions()
        base = list(detectors) if detectors is not None else load_detectors()
        chosen = select_detectors(
            base,
            enable=list(self.options.enable),
            disable=list(self.options.disable),
            explicit=detectors is not None,
        )
        self.detectors = sorted(chosen, key=lambda d: (d.needs_ocr, d.name != "id.mrz", d.name))
        self._ocr = ocr
        self._ocr_ready = ocr is not None or self.options.ocr == "none"
        if multiprocessing.parent_process() is not None:
            limit_heap_growth()  # a worker process of ours: keep its memory flat

    @property
    def ocr(self) -> OcrEngine | None:
        """The OCR backend, created (and checked) on first use."""
        if not self._ocr_ready:
            from pii_scan.ocr import check_ocr, get_engine

            check_ocr(self.options.lang)
            self._ocr = get_engine(self.options.ocr)
            self._ocr_ready = True
        return self._ocr

    def warm(self) -> None:
        """Load the OCR models now (a worker's start-up) rather than on the first image that needs them.

        With a kept-open backend (tesserocr) that is about 0.1 s, which would
        otherwise land on one image's clock. Backends without ``warm`` open lazily.
        """
        if any(d.needs_ocr for d in self.detectors):
            warm = getattr(self.ocr, "warm", None)
            if warm is not None:
                warm(self.options.lang)

    def check(self) -> None:
        """Fail early (OcrUnavailable) if an OCR detector is enabled and OCR is missing."""
        if any(d.needs_ocr for d in self.detectors):
            _ = self.ocr

    def scan_one(self, source: str | bytes | Image.Image, *, name: str | None = None) -> ImageResult:
        """Classify one image; never raises for a bad image (the result carries the error)."""
        from pii_scan.context import ImageContext
        from pii_scan.copies import perceptual_hash

        label = name or (source if isinstance(source, str) else "<image>" if isinstance(source, Image.Image) else "<bytes>")
        t0 = time.perf_counter()
        try:
            decoded = decode(source, name=label, work_side=self.options.work_side)
        except (UnreadableImage, MemoryError) as exc:
            return _unreadable(label, exc, t0)
        t_decode = time.perf_counter() - t0
        ocr = self.ocr if any(d.needs_ocr for d in self.detectors) else None
        ctx = ImageContext(decoded, ocr=ocr, lang=self.options.lang)
        ctx.timings["decode"] = t_decode
        if decoded.from_thumbnail and ctx.timed("triage", lambda: worth_a_closer_look(ctx.signals)):
            timings = ctx.timings
            t1 = time.perf_counter()
            try:
                decoded.sharpen(self.options.work_side)
            except (UnreadableImage, MemoryError) as exc:
                return _unreadable(label, exc, t0)
            timings["decode:full"] = time.perf_counter() - t1
            ctx = ImageContext(decoded, ocr=ocr, lang=self.options.lang)
            ctx.timings.update(timings)
        findings: list[Finding] = []
        errors: list[str] = []
        limit = self.options.timeout
        for det in self.detectors:
            if any(f.verified for f in findings):
                break
            if limit and time.perf_counter() - t0 > limit:
                return timed_out(label, limit, seconds=time.perf_counter() - t0)
            try:
                if not ctx.timed(f"prefilter:{det.name}", lambda: det.prefilter(ctx)):
                    continue
                found = ctx.timed(det.name, lambda: list(det.detect(ctx)))
            except OcrUnavailable:
                raise
            except PiiScanError as exc:
                errors.append(f"{det.name}: {exc}")
                continue
            except Exception as exc:  # a plugin bug must not sink the scan
                errors.append(_detector_error(det.name, exc))
                continue
            findings.extend(f for f in found if isinstance(f, Finding))
        decision = classify(tuple(findings))
        return ImageResult(
            path=label,
            label=decision.label,
            confidence=decision.confidence,
            findings=tuple(sorted(findings, key=lambda f: (-f.score, f.detector))),
            reasons=decision.reasons,
            detector_errors=tuple(errors),
            ocr_ran=ctx.ocr_ran,
            width=decoded.width,
            height=decoded.height,
            format=decoded.format,
            sha256=hashlib.sha256(decoded.data).hexdigest() if decoded.data is not None else None,
            seconds=time.perf_counter() - t0,
            timings=dict(ctx.timings),
            thumbnail=make_thumbnail(decoded.small, self.options.thumbnail) if self.options.thumbnail > 0 else None,
            phash=perceptual_hash(ctx.signals.gray),  # for copy matching; < 1 ms on the working copy
        )


def timed_out(path: str, limit: float, *, seconds: float = 0.0) -> ImageResult:
    """The result for a file that ran past the time limit (told apart from a crash by its wording)."""
    return ImageResult.unreadable(path, f"{path}: timed out after {limit:g} s (stopped; the scan went on)", seconds=seconds)


def make_thumbnail(rgb: np.ndarray, side: int, *, quality: int = 80) -> bytes:
    """A JPEG of ``rgb`` with its long side at most ``side`` px."""
    im = Image.fromarray(rgb)
    im.thumbnail((side, side), Image.Resampling.BILINEAR)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _detector_error(name: str, exc: Exception) -> str:
    """What a report says about a detector's unexpected exception: its type and where, not its message.

    The message of an arbitrary exception can quote what the detector was
    reading (a number, a name from the OCR text); reports travel, so it is
    withheld. Our own errors (``PiiScanError``) carry messages fit to show.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" in {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return f"{name}: {type(exc).__name__}{where} (message withheld: it may quote image text)"


def _unreadable(label: str, exc: BaseException, t0: float) -> ImageResult:
    msg = str(exc) if isinstance(exc, UnreadableImage) else f"{label}: out of memory while decoding"
    return ImageResult.unreadable(label, msg, seconds=time.perf_counter() - t0)
