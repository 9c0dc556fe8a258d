"""Helpers for detector authors: a fake OCR engine and a context factory.

``FakeOcr`` returns scripted lines instead of running Tesseract, so a
detector's logic can be tested without the binary::

    ctx = make_context(ocr_lines=["運転免許証", "氏名 山田 太郎"])
    findings = list(MyDetector().detect(ctx))
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image

from pii_scan.context import ImageContext
from pii_scan.decode import decode
from pii_scan.models import BBox
from pii_scan.ocr.base import OcrResult, OcrWord, join_words

__all__ = ["FakeOcr", "FakeOcrInTurn", "make_context"]


def _split(text: str) -> list[str]:
    """Split a line the way Tesseract does: CJK characters one by one."""
    words: list[str] = []
    for token in text.split():
        buf = ""
        for ch in token:
            if join_words(["a", ch]) == "a" + ch:  # ch is CJK: its own word
                if buf:
                    words.append(buf)
                    buf = ""
                words.append(ch)
            else:
                buf += ch
        if buf:
            words.append(buf)
    return words


class FakeOcr:
    """An OcrEngine that 'reads' the given lines, whatever the pixels.

    Each line becomes one engine line of words, split as Tesseract would
    split them. ``calls`` counts how often ``recognize`` ran.
    """

    name = "fake"

    def __init__(self, lines: Sequence[str] = (), *, conf: float = 90.0) -> None:
        self.lines = list(lines)
        self.conf = conf
        self.calls = 0

    def recognize(
        self, image: np.ndarray, *, lang: str = "jpn+eng", psm: int | None = None, whitelist: str | None = None
    ) -> OcrResult:
        self.calls += 1
        h, w = image.shape[:2]
        n = max(1, len(self.lines))
        words = []
        for i, line in enumerate(self.lines):
            tokens = _split(line)
            y = int(h * i / n)
            step = max(1, w // max(1, len(tokens)))
            for j, tok in enumerate(tokens):
                if whitelist and any(c not in whitelist for c in tok):
                    tok = "".join(c for c in tok if c in whitelist)
                    if not tok:
                        continue
                words.append(OcrWord(tok, self.conf, BBox(j * step, y, step, max(1, h // n)), (1, 1, i)))
        return OcrResult.from_words(tuple(words), engine=self.name)


class FakeOcrInTurn:
    """An OcrEngine whose first call reads like ``first`` and every later call like ``later``
    (two ``FakeOcr``): a view's first read, then its retries (turned, inked, ...)."""

    name = "fake"

    def __init__(self, first: FakeOcr, later: FakeOcr) -> None:
        self.first, self.later = first, later
        self.calls = 0

    def recognize(
        self, image: np.ndarray, *, lang: str = "jpn+eng", psm: int | None = None, whitelist: str | None = None
    ) -> OcrResult:
        self.calls += 1
        engine = self.first if self.calls == 1 else self.later
        return engine.recognize(image, lang=lang, psm=psm, whitelist=whitelist)


def make_context(
    image: np.ndarray | Image.Image | str | bytes | None = None,
    *,
    ocr_lines: Sequence[str] | None = None,
    size: tuple[int, int] = (800, 500),
) -> ImageContext:
    """An ImageContext for tests; blank white image of ``size`` if none given."""
    if image is None:
        image = np.full((size[1], size[0], 3), 255, np.uint8)
    if isinstance(image, np.ndarray):
        image = Image.fromarray(image)
    decoded = decode(image)
    ocr = FakeOcr(ocr_lines) if ocr_lines is not None else None
    return ImageContext(decoded, ocr=ocr)
