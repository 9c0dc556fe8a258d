"""A screenshot whose automatic-layout read is empty is read as sparse text; a weak one as its card."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pii_scan.context import ImageContext
from pii_scan.decode import decode
from pii_scan.models import BBox
from pii_scan.ocr.base import OcrResult, OcrWord
from pii_scan.signals import CardQuad


class PsmOcr:
    """Reads ``n`` confident words for each page-segmentation mode; ``card`` words on a card-sized crop."""

    name = "psm"

    def __init__(self, by_psm: dict[int | None, int], card: int = 0) -> None:
        self.by_psm, self.card, self.calls = by_psm, card, []

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        self.calls.append(psm)
        h, w = image.shape[:2]
        n = self.card if w > h else self.by_psm.get(psm, 0)  # the screen is portrait, a card landscape
        words = tuple(OcrWord(f"word{i}", 95, BBox(0, 10 * i, 40, 8), (1, 1, i)) for i in range(n))
        return OcrResult.from_words(words)


def _screen_ctx(ocr: PsmOcr, *, quad: bool) -> ImageContext:
    ctx = ImageContext(decode(Image.fromarray(np.full((1280, 720, 3), 20, np.uint8))), ocr=ocr)
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.9})()
    weak = CardQuad(((20, 430), (700, 430), (700, 850), (20, 850)), "id1", 1.6, 0.7, 0.3)
    ctx.signals.__dict__["card_quads"] = (weak,) if quad else ()
    return ctx


@pytest.mark.parametrize(
    ("by_psm", "card", "quad", "calls", "words"),
    [
        ({None: 12}, 12, True, [None], 12),  # a good first read is kept, nothing else runs
        ({None: 0, 11: 12}, 0, False, [None, 11], 12),  # layout analysis found nothing: sparse text
        ({None: 0, 11: 3}, 12, True, [None, 11, 11], 12),  # still weak: the card panel read as a card
        ({None: 0, 11: 3}, 0, False, [None, 11], 3),  # no card to fall back on: the better read
        ({None: 3}, 12, True, [None, 11], 12),  # weak but not empty: no sparse read, the card is read
        ({None: 3}, 0, False, [None], 3),  # weak, no card: the read stands
        ({None: 3}, 1, True, [None, 11], 3),  # the card reads worse: the screen read stays
    ],
)  # fmt: skip
def test_weak_screen_read_falls_back_to_sparse_text_then_the_card(
    by_psm: dict[int | None, int], card: int, quad: bool, calls: list[int | None], words: int
) -> None:
    ocr = PsmOcr(by_psm, card)
    ctx = _screen_ctx(ocr, quad=quad)
    assert ctx.document_region.name == "screen"
    result = ctx.document_ocr()
    assert ocr.calls == calls
    assert len(result.words) == words


class _GlobalThreshold:
    """Reads ``plain`` lines of a screen as given, ``ink`` lines of a locally thresholded (two-level) copy."""

    name = "global-threshold"

    def __init__(self, plain: int, ink: int) -> None:
        self.plain, self.ink, self.calls = plain, ink, 0

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        self.calls += 1
        n = self.ink if len(np.unique(image)) <= 2 else self.plain
        words = tuple(OcrWord(f"word{i}", 95, BBox(0, 20 * i, 40, 8), (1, 1, i)) for i in range(n))
        return OcrResult.from_words(words)


@pytest.mark.parametrize(
    ("rows", "plain", "ink", "calls", "lines"),
    [
        (20, 6, 18, 2, 18),  # most rows unread (a dark panel took the gray print): read thresholded locally
        (20, 12, 18, 1, 12),  # more than half the rows read: no second read
        (6, 2, 6, 1, 2),  # too few rows on the screen to judge
        (20, 6, 3, 2, 6),  # the thresholded copy reads worse: the first read stays
    ],
)  # fmt: skip
def test_a_screen_read_missing_most_rows_is_read_again_thresholded_locally(
    rows: int, plain: int, ink: int, calls: int, lines: int
) -> None:
    ocr = _GlobalThreshold(plain, ink)
    img = np.full((1280, 720, 3), 235, np.uint8)
    img[300:700] = (30, 60, 140)  # a ticket card's dark panel
    ctx = ImageContext(decode(Image.fromarray(img)), ocr=ocr)
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.9})()
    ctx.signals.__dict__["card_quads"] = ()
    ctx.signals.__dict__["text_lines"] = tuple(BBox(40, 40 + 60 * i, 500, 24) for i in range(rows))
    result = ctx.document_ocr()
    assert ocr.calls == calls
    assert len(result.lines) == lines


class _SmallPrint:
    """Reads ``small`` confident words while the screen is read at its own size, ``large`` once it is enlarged."""

    name = "small-print"

    def __init__(self, width: int, small: int, large: int) -> None:
        self.width, self.small, self.large, self.calls = width, small, large, []

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        self.calls.append((image.shape[1], psm))
        n = self.large if image.shape[1] > 1.5 * self.width else self.small
        words = tuple(OcrWord(f"word{i}", 95, BBox(0, 20 * i, 40, 8), (1, 1, i)) for i in range(n))
        return OcrResult.from_words(words)


@pytest.mark.parametrize(
    ("row_px", "small", "large", "reads", "words"),
    [
        (9, 6, 30, 2, 30),  # print ~9 px high read weakly: read again enlarged, and that read kept
        (9, 6, 3, 2, 6),  # the enlarged read is worse: the first stays
        (24, 6, 30, 1, 6),  # print large enough already: enlarging would not help
        (9, 45, 60, 1, 45),  # a good first read: nothing more
    ],
)  # fmt: skip
def test_a_weak_read_of_small_print_is_read_again_enlarged(
    row_px: int, small: int, large: int, reads: int, words: int
) -> None:
    # a card scanned small and saved flat reads as a screen: 727 x 418, labels 8-10 px high
    ocr = _SmallPrint(727, small, large)
    ctx = ImageContext(decode(Image.fromarray(np.full((418, 727, 3), 240, np.uint8))), ocr=ocr)
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.7})()
    ctx.signals.__dict__["card_quads"] = ()
    ctx.signals.__dict__["text_lines"] = tuple(BBox(80, 40 + 30 * i, 200, row_px) for i in range(8))
    result = ctx.document_ocr()
    assert len(ocr.calls) == reads
    if reads == 2:
        width, psm = ocr.calls[1]
        assert width > 1.5 * 727 and psm == 11  # enlarged, read as sparse text like a card
    assert len(result.words) == words
