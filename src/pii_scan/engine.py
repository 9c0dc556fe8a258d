"""The engine: one image in, one ImageResult out.

Order of work per image: decode once → layout detectors (cheap) → OCR
detectors whose ``prefilter`` passes (OCR itself runs lazily, once per
view, inside the context) → classify. A verified finding stops the
cascade: nothing after it can change the label.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from PIL import Image

from pii_scan.classify import classify
from pii_scan.context import ImageContext
from pii_scan.decode import WORK_SIDE, decode
from pii_scan.detectors import Detector, load_detectors, select_detectors
from pii_scan.errors import OcrUnavailable, PiiScanError, UnreadableImage
from pii_scan.models import Finding, ImageResult
from pii_scan.ocr.base import OcrEngine

__all__ = ["Engine", "ScanOptions"]


@dataclass(frozen=True)
class ScanOptions:
    """Settings shared by ``scan``, ``iter_scan``, ``scan_image`` and the CLI.

    ``ocr`` names the OCR backend (``"auto"``, ``"tesserocr"``,
    ``"pytesseract"``) or ``"none"`` to run layout detectors only.
    ``enable`` / ``disable`` select detectors by name or dotted prefix.
    """

    lang: str = "jpn+eng"
    ocr: str = "auto"
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    work_side: int = WORK_SIDE
    include_hidden: bool = True


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

    @property
    def ocr(self) -> OcrEngine | None:
        """The OCR backend, created (and checked) on first use."""
        if not self._ocr_ready:
            from pii_scan.ocr import check_ocr, get_engine

            check_ocr(self.options.lang)
            self._ocr = get_engine(self.options.ocr)
            self._ocr_ready = True
        return self._ocr

    def check(self) -> None:
        """Fail early (OcrUnavailable) if an OCR detector is enabled and OCR is missing."""
        if any(d.needs_ocr for d in self.detectors):
            _ = self.ocr

    def scan_one(self, source: str | bytes | Image.Image, *, name: str | None = None) -> ImageResult:
        """Classify one image; never raises for a bad image (the result carries the error)."""
        label = name or (source if isinstance(source, str) else "<image>" if isinstance(source, Image.Image) else "<bytes>")
        t0 = time.perf_counter()
        try:
            decoded = decode(source, name=label, work_side=self.options.work_side)
        except UnreadableImage as exc:
            return ImageResult(path=label, label=None, confidence=0.0, error=str(exc), seconds=time.perf_counter() - t0)
        except MemoryError:
            return ImageResult(path=label, label=None, confidence=0.0, error=f"{label}: out of memory while decoding")
        t_decode = time.perf_counter() - t0
        needs_ocr = any(d.needs_ocr for d in self.detectors)
        ctx = ImageContext(decoded, ocr=self.ocr if needs_ocr else None, lang=self.options.lang)
        ctx.timings["decode"] = t_decode
        findings: list[Finding] = []
        errors: list[str] = []
        for det in self.detectors:
            if any(f.verified for f in findings):
                break
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
                errors.append(f"{det.name}: {type(exc).__name__}: {exc}")
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
        )
