"""Hand-shake smears: found from the print, undone, and a smeared card read again unsmeared."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pii_scan.context import ImageContext
from pii_scan.models import BBox
from pii_scan.ocr.base import OcrResult, OcrWord
from pii_scan.signals import CardQuad
from pii_scan.signals.motion import MotionBlur, deblurred, motion_blur, smeared
from pii_scan.testing import make_context


def _printed_card() -> np.ndarray:
    """A 1000x630 pale card with rows of thin print of two sizes."""
    img = np.full((630, 1000), 235, np.uint8)
    rng = np.random.default_rng(3)
    for row in range(9):
        y = 60 + 62 * row
        text = "".join(rng.choice(list("ABCDEFGHJKLMNPRSTUVWXYZ0123456789 "), 22))
        cv2.putText(img, text, (40, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0 if row % 3 else 1.4, 30, 2, cv2.LINE_AA)
    return img


@pytest.mark.parametrize(("length", "angle"), [(9, 0), (12, 90), (15, 60), (10, 178), (12, 45), (8, 100)])
def test_a_smear_is_found_with_its_direction_and_length(length: float, angle: float) -> None:
    blur = motion_blur(smeared(_printed_card(), MotionBlur(length, angle)))
    assert blur is not None
    off = abs((blur.angle - angle + 90) % 180 - 90)
    assert off <= 6 and abs(blur.length - length) <= 2


def test_sharp_or_evenly_soft_print_shows_no_smear() -> None:
    card = _printed_card()
    assert motion_blur(card) is None
    assert motion_blur(cv2.GaussianBlur(card, (0, 0), 1.5)) is None  # out of focus, not shaken
    assert motion_blur(card[:50, :50]) is None  # too small to tell
    assert motion_blur(np.full((300, 400), 128, np.uint8)) is None  # blank


def test_a_colour_view_is_judged_in_gray() -> None:
    shaken = smeared(_printed_card(), MotionBlur(12, 90))
    assert motion_blur(cv2.cvtColor(shaken, cv2.COLOR_GRAY2RGB)) == motion_blur(shaken)


def test_deblurring_brings_the_strokes_back() -> None:
    card = _printed_card()
    blur = MotionBlur(11, 0)
    smear = smeared(card, blur)
    fixed = deblurred(smear, blur)
    assert fixed.shape == card.shape and fixed.dtype == np.uint8

    def error(img: np.ndarray) -> float:
        return float(np.abs(img.astype(np.float32) - card).mean())

    assert error(fixed) < 0.6 * error(smear)


class _ReadsSharpPrintBest:
    """Eight confident words from a gray view whose strokes are crisp (steep horizontal steps), six
    from a soft one (a read good enough to stop the usual retries), one from a binarised view."""

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        binary = set(np.unique(image).tolist()) <= {0, 255}
        steps = np.abs(np.diff(image.astype(np.float32), axis=1))
        sharp = float(np.percentile(steps, 99.9)) > 80  # sharp 170, unsmeared 100, smeared 17
        n = 1 if binary else 8 if sharp else 6
        words = tuple(OcrWord("confident", 95, BBox(0, 12 * i, 80, 10), (i, 1, 1)) for i in range(n))
        return OcrResult.from_words(words)


@pytest.mark.parametrize(("shaken", "words"), [(True, 8), (False, 6)])
def test_a_smeared_card_is_read_again_unsmeared(shaken: bool, words: int) -> None:
    """Even a read that looks good enough: a smear's doubled strokes read as confident garbage."""
    card = _printed_card()
    shown = smeared(card, MotionBlur(12, 0)) if shaken else cv2.GaussianBlur(card, (0, 0), 2.0)
    ctx = ImageContext(make_context(cv2.cvtColor(shown, cv2.COLOR_GRAY2RGB)).image, ocr=_ReadsSharpPrintBest())
    ctx.signals.__dict__["card_quads"] = (CardQuad(((0, 0), (999, 0), (999, 629), (0, 629)), "id1", 1.586, 0.9, 0.95),)
    ctx.signals.__dict__["screenshot"] = type("S", (), {"score": 0.0})()
    doc = ctx.document_ocr()
    reads = [k[len("ocr:") :] for k in ctx.timings if k.startswith("ocr:document:")]
    assert reads == (["document:upright", "document:deblurred"] if shaken else ["document:upright"])
    assert len(doc.words) == words
