"""Cheap layout signals, computed lazily on the small working copy.

Each signal is computed at most once per image and memoised on
``Signals``; detectors read them through ``ctx.signals``. All boxes and
corner points handed out here are in original-image pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import cv2
import numpy as np

from pii_scan.models import BBox

if TYPE_CHECKING:
    from pii_scan.decode import DecodedImage
    from pii_scan.signals.text_block import TextBlock

__all__ = ["Barcode", "CardQuad", "ScreenshotTraits", "Signals"]


@dataclass(frozen=True)
class CardQuad:
    """A card- or page-shaped quadrilateral.

    ``corners`` are 4 (x, y) points in original pixels, ordered top-left,
    top-right, bottom-right, bottom-left of the document as read (long side
    horizontal). ``kind`` is ``"id1"`` (85.60 x 53.98 mm) or ``"passport"``
    (125 x 88 mm); ``aspect`` the rectified long/short ratio; ``score`` in
    [0, 1] how card-like it is; ``area_fraction`` its share of the frame.
    ``tall``: an ID-1 card printed upright (a student or staff card), its
    print along its short side; its corners start at a short side, so the
    document as read stands (``aspect`` is still long over short).
    """

    corners: tuple[tuple[float, float], ...]
    kind: str
    aspect: float
    score: float
    area_fraction: float
    tall: bool = False

    @property
    def bbox(self) -> BBox:
        return BBox.from_points([p[0] for p in self.corners], [p[1] for p in self.corners])

    @property
    def tilt(self) -> float:
        """Degrees by which its sides stray from the image's axes, at most (0 for a box drawn on a screen)."""
        out = 0.0
        for (x0, y0), (x1, y1) in zip(self.corners, self.corners[1:] + self.corners[:1]):
            a = math.degrees(math.atan2(y1 - y0, x1 - x0)) % 90.0
            out = max(out, min(a, 90.0 - a))
        return out


@dataclass(frozen=True)
class ScreenshotTraits:
    """How much an image looks like a phone screenshot, and why.

    ``score`` in [0, 1]; the other fields are the individual traits.
    ``status_bar`` is the box of a flat top band with a clock-like text
    blob, if one was found.
    """

    score: float
    camera_exif: bool
    screen_size: bool
    aspect: float
    status_bar: BBox | None
    noise: float
    flat_fraction: float
    reasons: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Barcode:
    """A QR code or other 2-D / 1-D barcode.

    ``kind`` e.g. ``"qr"``, ``"pdf417"``, ``"aztec"``, ``"datamatrix"``,
    ``"linear"``. ``decoded`` is True when its content could be read (the
    content itself is not kept: it is often a booking reference).
    ``payload`` names the layout the content follows
    (``pii_scan.signals.code_payload``: a transport ticket's, or an identity
    number's), if any. ``number`` is the content only when it is itself an
    identity number (``IDENTITY_PAYLOADS``), for a detector to report masked.
    """

    kind: str
    bbox: BBox
    decoded: bool = False
    payload: str | None = None
    number: str | None = field(default=None, repr=False)


#: Share of an upright card quad's short side from which a face in it makes it a portrait photo.
PORTRAIT_FACE = 0.4


class Signals:
    """Lazily computed layout signals of one decoded image."""

    def __init__(self, image: DecodedImage) -> None:
        self.image = image
        self._faint_card: CardQuad | None = None  # set by the card search (``card_quads``)

    @cached_property
    def gray(self) -> np.ndarray:
        """The working copy in gray."""
        return cv2.cvtColor(self.image.small, cv2.COLOR_RGB2GRAY)

    @cached_property
    def card_quads(self) -> tuple[CardQuad, ...]:
        """Card- and passport-page-shaped quadrilaterals, best first."""
        from pii_scan.signals.card import search_cards

        # A sharper copy helps only if the original has clearly more pixels than the working copy,
        # and is not asked of a thumbnail under triage: the engine decodes those in full first
        # when they show anything at all (engine.worth_a_closer_look), and the signals are redone.
        sharp_enough = self.image.scale >= 1.5 and not getattr(self.image, "from_thumbnail", False)
        sharper = self._sharper if sharp_enough else None
        # the frame's text lines are counted only if the outlines find no card
        found = search_cards(self.image.small, self.gray, scale=self.image.scale, sharper=sharper, printed=self._print_lines)
        self._faint_card = found.faint
        return tuple(q for q in found.quads if not q.tall or not self._a_portrait(q))

    def _a_portrait(self, quad: CardQuad) -> bool:
        """Whether ``quad`` is a photo of a person: a face in it at least ``PORTRAIT_FACE`` of its short
        side wide. A card's portrait, stood up, reads as an upright card (its backdrop's stripes as
        print); an upright card's own portrait is a third of its width, the face in it less."""
        from pii_scan.signals.card_size import side_lengths

        short = min(side_lengths(quad))
        poly = np.array(quad.corners, np.float32).reshape(-1, 1, 2)
        return any(
            f.w >= PORTRAIT_FACE * short and cv2.pointPolygonTest(poly, (f.x + f.w / 2, f.y + f.h / 2), False) >= 0
            for f in self.faces
        )

    @property
    def faint_card(self) -> CardQuad | None:
        """When no card quad is found, a card-shaped outline with print inside too faint at its edges
        to be one (``card.CardSearch.faint``): where print is worth a read, no evidence of a card."""
        return None if self.card_quads else self._faint_card

    def _print_lines(self) -> int:
        """Lines of print in the frame: those across it; when too few to open the card search's
        straight-edge pass (``card.LINES_FOR_EDGES``), those running down it if more (a card
        turned a quarter in the frame, its print sideways); when still too few, those slanted
        20-70 degrees (``text.count_slanted_lines``: a card lying across the table)."""
        from pii_scan.signals.card import LINES_FOR_EDGES
        from pii_scan.signals.text import count_slanted_lines

        lines = len(self.text_lines)
        if self._print_may_run_down:
            lines = max(lines, len(self.lines_down))
            if lines < LINES_FOR_EDGES:
                lines = max(lines, count_slanted_lines(self.gray))
        return lines

    @property
    def _print_may_run_down(self) -> bool:
        """Whether too few lines run across the frame to rule out print turned a quarter."""
        from pii_scan.signals.card import LINES_FOR_EDGES

        return len(self.text_lines) < LINES_FOR_EDGES

    def _sharper(self, quad: np.ndarray, width: int, height: int) -> np.ndarray:
        """The inside of a working-copy quad, flattened to width x height from the full-resolution gray copy.

        Gray is all the card's print cue and its OCR views need (``decode.full_gray``).
        """
        from pii_scan.decode import full_gray

        gray = full_gray(self.image)
        src = (quad * self.image.scale).astype(np.float32)
        dst = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
        return cv2.warpPerspective(gray, cv2.getPerspectiveTransform(src, dst), (width, height), flags=cv2.INTER_AREA)

    @cached_property
    def screenshot(self) -> ScreenshotTraits:
        """Phone-screenshot traits of the image."""
        from pii_scan.signals.screen import screenshot_traits

        # a photographed document's outline counts against a screenshot: asked of the card outlines
        return screenshot_traits(self.image, self.gray, quads=self.card_quads)

    @cached_property
    def barcodes(self) -> tuple[Barcode, ...]:
        """QR codes and other barcodes found on the working copy."""
        from pii_scan.signals.codes import find_barcodes

        return tuple(find_barcodes(self.gray, scale=self.image.scale))

    @cached_property
    def text_lines(self) -> tuple[BBox, ...]:
        """Boxes of text-like line blobs (morphological, no OCR)."""
        from pii_scan.signals.text import find_text_lines

        return tuple(find_text_lines(self.gray, scale=self.image.scale))

    @cached_property
    def text_density(self) -> float:
        """Share of the frame covered by text-like lines, in [0, 1]."""
        total = float(self.image.width * self.image.height) or 1.0
        return min(1.0, sum(b.area for b in self.text_lines) / total)

    @cached_property
    def text_blocks(self) -> tuple[TextBlock, ...]:
        """Groups of text lines set close together (a card's fields, a page), most lines first; of
        lines running down the frame (``TextBlock.down``) when hardly any run across it."""
        from pii_scan.signals.text_block import find_blocks_down, find_text_blocks

        if self._print_may_run_down:  # too few lines across for a block of them
            return tuple(find_blocks_down(self.lines_down))
        return tuple(find_text_blocks(self.text_lines))

    @cached_property
    def lines_down(self) -> tuple[BBox, ...]:
        """Boxes of text-like line blobs running down the frame (print turned a quarter)."""
        from pii_scan.signals.text import find_lines_down

        return tuple(find_lines_down(self.gray, scale=self.image.scale))

    @cached_property
    def mrz_bands(self) -> tuple[BBox, ...]:
        """Boxes of bands that look like machine-readable zones (2-3 dense OCR-B lines); when none,
        and the frame's print runs down it in blocks (``text_blocks``), bands running down it (boxes
        taller than wide: a document turned a quarter)."""
        from pii_scan.signals.mrz_band import find_mrz_bands, find_mrz_bands_turned

        bands = find_mrz_bands(self.gray, scale=self.image.scale)
        if not bands and self._print_may_run_down and self.text_blocks:
            # a trunk or a fence post running the frame's height can pass for a band turned a
            # quarter: the search is made only where rows of print run down the frame
            bands = find_mrz_bands_turned(self.gray, scale=self.image.scale)
        return tuple(bands)

    @cached_property
    def faces(self) -> tuple[BBox, ...]:
        """Frontal faces (the costliest signal: ask only when needed)."""
        from pii_scan.signals.faces import find_faces

        return tuple(find_faces(self.gray, scale=self.image.scale))
