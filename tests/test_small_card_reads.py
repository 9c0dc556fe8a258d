"""Small cards (a thumbnail's card): the extra reads that only they get.

* id.numbers reads a small card's view again with the digits alone when the
  general read half-read a long number, and keeps an Individual Number only
  on that number's row;
* id.mrz, once the document read shows MRZ fillers, reads a small card's
  lower strip at the card's own resolution, enlarged, and tries its costlier
  variants only once that strip shows a filler run too.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
import pytest
from PIL import Image

from pii_scan.checksums import make_luhn_number, make_my_number
from pii_scan.context import ImageContext
from pii_scan.decode import decode
from pii_scan.detectors.id_numbers import DIGITS, IdNumberDetector
from pii_scan.detectors.mrz import SMALL_CARD_READS, MrzDetector
from pii_scan.mrz import MRZ_ALPHABET
from pii_scan.ocr.base import OcrResult
from pii_scan.signals import CardQuad, ScreenshotTraits, Signals
from pii_scan.signals.card_size import SMALL_CARD_SIDE, is_small_card, long_side
from pii_scan.testing import FakeOcr

VALID = make_my_number(random.Random(7))
INVALID = VALID[:-1] + str((int(VALID[-1]) + 1) % 10)
SPACED = f"{VALID[:4]} {VALID[4:8]} {VALID[8:]}"


class ScriptedOcr:
    """Reads ``lines`` in general and ``by_whitelist[w]`` when asked for whitelist ``w``; records the whitelists."""

    name = "scripted"

    def __init__(self, lines: Sequence[str], by_whitelist: dict[str, Sequence[str]]) -> None:
        self.lines, self.by_whitelist = list(lines), by_whitelist
        self.whitelists: list[str | None] = []

    def recognize(
        self, image: np.ndarray, *, lang: str = "jpn+eng", psm: int | None = None, whitelist: str | None = None
    ) -> OcrResult:
        self.whitelists.append(whitelist)
        lines = self.by_whitelist.get(whitelist or "", self.lines) if whitelist else self.lines
        return FakeOcr(lines).recognize(image, lang=lang, psm=psm, whitelist=whitelist)


def _context(monkeypatch: pytest.MonkeyPatch, ocr: ScriptedOcr, side: int) -> ImageContext:
    """A frame with one card quad whose long side is ``side`` original pixels."""
    h = int(side / 1.586)
    quad = CardQuad(((10, 10), (10 + side, 10), (10 + side, 10 + h), (10, 10 + h)), "id1", 1.586, 0.9, 0.5)
    traits = ScreenshotTraits(0.1, False, False, 1.33, None, 0.0, 0.0)
    monkeypatch.setattr(Signals, "card_quads", property(lambda self: (quad,)))
    monkeypatch.setattr(Signals, "screenshot", property(lambda self: traits))
    monkeypatch.setattr(Signals, "mrz_bands", property(lambda self: ()))
    image = np.full((h + 20, side + 20, 3), 235, np.uint8)
    return ImageContext(decode(Image.fromarray(image)), ocr=ocr)


@pytest.mark.parametrize(
    ("general", "digits", "side", "verified", "reread"),
    [
        (["ABC", "9T66 8006 28"], ["", SPACED], 260, True, True),  # half read, re-read on its row
        (["ABC", "9T66 8006 28"], [SPACED, ""], 260, False, True),  # re-read on another row: not taken
        (["ABC", "9T66 8006 28"], ["", f"{INVALID[:4]} {INVALID[4:8]} {INVALID[8:]}"], 260, False, True),  # check fails
        (["ABC", "9T66 8006 28"], ["", f"{VALID[:3]} {VALID[3:9]} {VALID[9:]}"], 260, False, True),  # not in fours
        (["ABC", "9T66 8006 28", "4111 1111 1111 111"], ["", SPACED, ""], 260, False, False),  # a longer number: no re-read
        (["ABC", "NAME TARO"], ["", SPACED], 260, False, False),  # no number half read
        (["ABC", "9T66 8006 28"], ["", SPACED], 900, False, False),  # a large card: read well enough already
    ],
)
def test_small_card_number_reread(
    monkeypatch: pytest.MonkeyPatch, general: list[str], digits: list[str], side: int, verified: bool, reread: bool
) -> None:
    ocr = ScriptedOcr(general, {DIGITS: digits})
    findings = list(IdNumberDetector().detect(_context(monkeypatch, ocr, side)))
    assert any(f.verified for f in findings) is verified
    assert (DIGITS in ocr.whitelists) is reread


def test_payment_card_number_is_never_reread_as_an_individual_number(monkeypatch: pytest.MonkeyPatch) -> None:
    card = make_luhn_number(random.Random(3), 16)
    ocr = ScriptedOcr(["VISA", f"{card[:4]} {card[4:8]} {card[8:12]} {card[12:]}"], {DIGITS: ["", SPACED]})
    findings = list(IdNumberDetector().detect(_context(monkeypatch, ocr, 260)))
    assert not any(f.verified for f in findings)


@pytest.mark.parametrize(("side", "small"), [(150, True), (SMALL_CARD_SIDE - 1, True), (SMALL_CARD_SIDE, False), (1200, False)])
def test_small_card_is_judged_by_its_long_side(side: int, small: bool) -> None:
    quad = CardQuad(((0, 0), (side, 0), (side, side / 1.586), (0, side / 1.586)), "id1", 1.586, 0.9, 0.5)
    assert long_side(quad) == pytest.approx(side)
    assert is_small_card(quad) is small


# -- MRZ strip of a small card ------------------------------------------------


def _mrz_reads(ocr: ScriptedOcr) -> list[int]:
    return [i for i, w in enumerate(ocr.whitelists) if w == MRZ_ALPHABET]


@pytest.mark.parametrize(
    ("strip", "side", "variants"),
    [
        (["IDNLD<<<<<<<<<<<<<<<", "JOHNSON<<ELENA<<<<<<<"], 260, len(SMALL_CARD_READS)),  # fillers: every variant, upright only
        (["BROWN EYES 181 CM"], 260, 2),  # no filler run: one read each way up
        (["IDNLD<<<<<<<<<<<<<<<"], 900, 0),  # a large card: no small-card read
    ],
)
def test_small_card_mrz_strip_variants_only_once_fillers_show(
    monkeypatch: pytest.MonkeyPatch, strip: list[str], side: int, variants: int
) -> None:
    ocr = ScriptedOcr(["NAME", "JOHNSON<<ELENA<<<"], {MRZ_ALPHABET: strip})  # the general read shows fillers
    ctx = _context(monkeypatch, ocr, side)
    det = MrzDetector()
    list(det.detect(ctx))
    small_reads = [k for k in ctx._ocr_cache if k.startswith("card:small-bottom")]
    assert len(small_reads) == variants
