"""Copies of the same image: exact (content hash) and near (perceptual hash).

A phone keeps the same picture several times: the camera original, the
gallery's thumbnail, the trashed file, the copy a messenger re-compressed.
The report should list one ID photo with its copies, and a copy the
classifier missed (a 320 px thumbnail) should inherit the flag of a
confidently flagged original, with the reason "copy of X".

The perceptual hash is ``imagehash.phash`` (computed here without SciPy) of
the already-decoded gray working copy, so it costs well under a millisecond per image and no extra
read. Matching keeps only the flagged images' hashes (a few per phone), so
``CopyGrouper`` works on a stream; a copy that arrives before its original
cannot inherit there, which ``group_copies`` (a second pass over a finished
list, as ``scan()`` does) fixes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pii_scan.models import ImageResult, Label

if TYPE_CHECKING:  # grouping runs in the scan's parent, which need not load either
    import numpy as np

__all__ = ["CONFIDENT", "HASH_SIZE", "NEAR_BITS", "CopyGrouper", "group_copies", "hamming", "perceptual_hash"]

#: Side of the perceptual hash's DCT block: 32 x 32 = 1024 bits. The common 8 x 8
#: (64 bits) cannot tell two flat scans of cards of one layout apart (2 bits between a
#: payment card and a residence card on the benchmark, while a thumbnail differs from
#: its original by 4); 16 x 16 leaves a thin margin on cards that differ only in their text.
HASH_SIZE = 32
#: Largest Hamming distance (of 1024 bits) at which two pHashes are the same picture.
#: Benchmark (600 images + a 320 px thumbnail of each of the 360 positives): a thumbnail
#: differs from its original by at most 102 bits (99 %: 80); two different images by at
#: least 266 (two My Number cards: 292). Test cards of one template that differ only in
#: name, number and portrait: copies (96-320 px, re-compressed) at most 88 bits apart,
#: different cards at least 130. In between, nearer the copies.
NEAR_BITS = 112
#: Confidence from which a flagged image passes its label on to its copies.
CONFIDENT = 0.6
#: Gray-level standard deviation under which an image is too plain to hash: every
#: blank or one-colour picture has the same pHash.
MIN_STRUCTURE = 4.0
#: Side of the gray copy handed to imagehash (4 x HASH_SIZE, the size its DCT takes).
_PRE_SIDE = 4 * HASH_SIZE


def perceptual_hash(gray: np.ndarray) -> str | None:
    """The 1024-bit pHash of a gray image, as 256 hex digits; None for a plain image.

    The image is first shrunk to a fixed size, so the hash does not depend
    on the input's size: a thumbnail and its original hash alike. A blank
    or one-colour image gets None (all such images share one hash).
    """
    import cv2

    # Two steps: bilinear to twice the size, then area averaging, is alias-free
    # and some 5x cheaper than one area resize from an arbitrary size.
    coarse = cv2.resize(gray, (2 * _PRE_SIDE, 2 * _PRE_SIDE), interpolation=cv2.INTER_LINEAR)
    small = cv2.resize(coarse, (_PRE_SIDE, _PRE_SIDE), interpolation=cv2.INTER_AREA)
    if float(small.std()) < MIN_STRUCTURE:
        return None
    return _phash_bits(small)


def _phash_bits(small: np.ndarray) -> str:
    """``str(imagehash.phash(Image.fromarray(small), hash_size=HASH_SIZE))`` for a _PRE_SIDE square.

    The same hash (imagehash's DCT-II without normalisation, low 32 x 32
    block against its median, bits row by row as hex) from OpenCV's
    orthonormal DCT, rescaled: imagehash's DCT imports SciPy, some 27 MB in
    every worker process for this one call. (A product with a cosine matrix
    would go through BLAS, whose spinning threads cost more CPU than the DCT.)
    """
    import cv2
    import numpy as np

    dct = cv2.dct(small.astype(np.float64))[:HASH_SIZE, :HASH_SIZE]
    # rounded: a coefficient that is exactly 0 in imagehash's FFT (identical rows,
    # flat screen areas) comes out here as +-1e-13, and its bit must not flip on that
    low = np.round(dct * _unnormalise(), 3)
    bits = (low > np.median(low)).ravel()
    return f"{int(''.join('1' if b else '0' for b in bits), 2):0{bits.size // 4}x}"


@lru_cache(maxsize=1)
def _unnormalise() -> np.ndarray:
    """Per-coefficient factors from OpenCV's orthonormal 2-D DCT-II to SciPy's unnormalised one."""
    import numpy as np

    s = np.full(HASH_SIZE, 2.0 * np.sqrt(_PRE_SIDE / 2.0))
    s[0] = 2.0 * np.sqrt(_PRE_SIDE)
    return np.outer(s, s)


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex hashes of the same length."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


@dataclass(frozen=True)
class _Original:
    path: str
    label: Label
    confidence: float
    sha256: str | None
    bits: int | None  # the perceptual hash as an integer, parsed once


def _copy(r: ImageResult, orig: _Original, how: str) -> ImageResult:
    """``r`` marked as a copy of ``orig``; a photo inherits the original's label."""
    if r.flagged:
        return dataclasses.replace(r, copy_of=orig.path)
    reason = f"copy of {orig.path} ({how}), which was flagged {orig.label.value}"
    return dataclasses.replace(
        r, label=orig.label, confidence=orig.confidence, copy_of=orig.path, reasons=(reason, *r.reasons)
    )


class CopyGrouper:
    """Streaming copy matcher: feed results in arrival order, get them back marked.

    Only flagged results with at least ``CONFIDENT`` confidence are remembered
    (their path, label, confidence and hashes).
    """

    def __init__(self, *, near_bits: int = NEAR_BITS, confident: float = CONFIDENT) -> None:
        self.near_bits, self.confident = near_bits, confident
        self._by_sha: dict[str, _Original] = {}
        self._originals: list[_Original] = []

    def match(self, r: ImageResult) -> tuple[_Original, str] | None:
        """The remembered original ``r`` is a copy of, and how it matched ("same file" / "near copy")."""
        if r.label is None:
            return None
        if r.sha256 and r.sha256 in self._by_sha and self._by_sha[r.sha256].path != r.path:
            return self._by_sha[r.sha256], "same file"
        if r.phash:
            bits = int(r.phash, 16)
            best = min(
                (((bits ^ o.bits).bit_count(), o) for o in self._originals if o.bits is not None and o.path != r.path),
                key=lambda t: t[0],
                default=None,
            )
            if best is not None and best[0] <= self.near_bits:
                return best[1], "near copy"
        return None

    def remember(self, r: ImageResult) -> None:
        """Keep ``r`` as an original others can be copies of (if confidently flagged)."""
        if r.label is None or not r.flagged or r.confidence < self.confident:
            return
        orig = _Original(r.path, r.label, r.confidence, r.sha256, int(r.phash, 16) if r.phash else None)
        if r.sha256:
            self._by_sha.setdefault(r.sha256, orig)
        self._originals.append(orig)

    def add(self, r: ImageResult) -> ImageResult:
        """``r``, marked as a copy if it matches an original seen before; remembers it otherwise."""
        found = self.match(r)
        if found is not None:
            return _copy(r, *found)
        self.remember(r)
        return r


def _rank(r: ImageResult) -> tuple[int, float, str]:
    """Sort key: the likeliest original first (most pixels, then most confident, then path)."""
    return (-((r.width or 0) * (r.height or 0)), -r.confidence, r.path)


def group_copies(results: Iterable[ImageResult], **kw: float) -> list[ImageResult]:
    """Mark copies in a finished list, order-independent; returns the results in their input order.

    Flagged images are taken as originals largest first, so a full-size
    camera photo is the original of its thumbnail whatever order they were
    scanned in (and whichever of the two was read more confidently).
    """
    items = list(results)
    grouper = CopyGrouper(**kw)  # type: ignore[arg-type]
    order = sorted(range(len(items)), key=lambda i: (not items[i].flagged, _rank(items[i])))
    out = list(items)
    for i in order:
        out[i] = grouper.add(items[i])
    return out
