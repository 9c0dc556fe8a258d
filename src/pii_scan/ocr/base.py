"""The OCR interface: an engine turns a pixel array into words and lines.

Tesseract reports each CJK character as its own "word"
(tesseract-ocr/tesseract#2702), so lines are assembled here: words of one
line are joined with a space only where both neighbours are Latin or
digits, never between CJK characters. Keyword and number matching works on
these assembled lines.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from pii_scan.models import BBox

__all__ = ["OcrEngine", "OcrLine", "OcrResult", "OcrWord", "assemble_lines", "join_words"]


@dataclass(frozen=True)
class OcrWord:
    """One word as the engine reported it.

    ``line`` identifies the engine's text line (block, paragraph, line), so
    words can be grouped back into lines. ``conf`` is 0-100, -1 if unknown.
    """

    text: str
    conf: float
    bbox: BBox
    line: tuple[int, int, int] = (0, 0, 0)


@dataclass(frozen=True)
class OcrLine:
    """A line of text assembled from words, with its box and mean confidence."""

    text: str
    conf: float
    bbox: BBox
    words: tuple[OcrWord, ...] = ()


@dataclass(frozen=True)
class OcrResult:
    """What one OCR call read. Boxes are in original-image pixels."""

    words: tuple[OcrWord, ...]
    lines: tuple[OcrLine, ...]
    engine: str = ""
    seconds: float = 0.0
    region: str = ""

    @property
    def text(self) -> str:
        """All lines, one per row."""
        return "\n".join(line.text for line in self.lines)

    @classmethod
    def from_words(
        cls, words: tuple[OcrWord, ...], *, engine: str = "", seconds: float = 0.0, region: str = ""
    ) -> OcrResult:
        return cls(words, assemble_lines(words), engine=engine, seconds=seconds, region=region)


@runtime_checkable
class OcrEngine(Protocol):
    """An OCR backend. ``recognize`` takes an RGB or gray uint8 array.

    ``whitelist`` restricts the alphabet (used for MRZ lines); ``psm`` is a
    Tesseract page-segmentation mode, None for the engine's default.
    Boxes in the result are in the pixels of the array given.
    """

    name: str

    def recognize(
        self,
        image: np.ndarray,
        *,
        lang: str = "jpn+eng",
        psm: int | None = None,
        whitelist: str | None = None,
    ) -> OcrResult: ...


def _is_cjk(ch: str) -> bool:
    if not ch:
        return False
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "FULLWIDTH", "IDEOGRAPHIC")) or ch in "ー々〆・"


def join_words(texts: list[str]) -> str:
    """Join the words of one line; no space where either side is CJK."""
    out = ""
    for t in texts:
        t = t.strip()
        if not t:
            continue
        if out and not (_is_cjk(out[-1]) or _is_cjk(t[0])):
            out += " "
        out += t
    return out


def assemble_lines(words: tuple[OcrWord, ...]) -> tuple[OcrLine, ...]:
    """Group words by their engine line id, in reading order."""
    groups: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        if w.text.strip():
            groups.setdefault(w.line, []).append(w)
    lines = []
    for key in sorted(groups, key=lambda k: (min(w.bbox.y for w in groups[k]), k)):
        ws = sorted(groups[key], key=lambda w: w.bbox.x)
        text = join_words([w.text for w in ws])
        confs = [w.conf for w in ws if w.conf >= 0]
        box = BBox.from_points(
            [w.bbox.x for w in ws] + [w.bbox.x + w.bbox.w for w in ws],
            [w.bbox.y for w in ws] + [w.bbox.y + w.bbox.h for w in ws],
        )
        lines.append(OcrLine(text, sum(confs) / len(confs) if confs else -1.0, box, tuple(ws)))
    return tuple(lines)
