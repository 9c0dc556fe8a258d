"""Reference runs the scanner is measured against.

* ``ocr-all``: the naive scanner. Full-frame Tesseract (pytesseract,
  jpn+eng, default page segmentation, full resolution, given the file path;
  HEIC and other formats Tesseract cannot open are first written out as a
  full-size JPEG, and that time counts) on every image, then the project's keyword vocabulary (``keywords``
  matched by ``textmatch``): enough ID words → ``id_card``, enough ticket
  words → ``ticket_screenshot``, else ``photo`` (see ``text_scores``).
* decode floor: decoding every file at 1/8 scale (JPEG ``draft``, the HEIC
  thumbnail, a full decode for PNG and the rest), the least any
  pixel-reading scanner must do.

Both run over a process pool of the same size as the scanner's, streaming
(no image is kept), and report wall time and per-image seconds.
"""

from __future__ import annotations

import functools
import io
import math
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TypeVar

from pii_scan.evaluate_data import Sample
from pii_scan.evaluate_metrics import ERROR, Record

__all__ = [
    "decode_eighth",
    "ocr_all_one",
    "parallel_map",
    "run_decode_floor",
    "run_ocr_all",
    "text_label",
    "text_scores",
]

T = TypeVar("T")
R = TypeVar("R")
_DONE = object()


def parallel_map(fn: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """``fn`` over ``items`` in ``jobs`` processes, results as they finish.

    At most a few tasks per worker are in flight, so memory stays flat.
    ``jobs <= 1`` runs in this process.
    """
    if jobs <= 1:
        for item in items:
            yield fn(item)
        return
    it = iter(items)
    window = 4 * jobs
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: set[Future[R]] = set()
        try:
            while True:
                while len(pending) < window:
                    nxt = next(it, _DONE)
                    if nxt is _DONE:
                        break
                    pending.add(pool.submit(fn, nxt))  # type: ignore[arg-type]
                if not pending:
                    return
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield fut.result()
        finally:
            for fut in pending:
                fut.cancel()


# --- ocr-all baseline --------------------------------------------------------


#: Score a side needs to win, as in ``classify``.
TEXT_THRESHOLD = 0.5


def text_scores(text: str) -> dict[str, float]:
    """Keyword score per positive label for an OCR text.

    The naive rule on the project's vocabulary (``keywords`` matched by
    ``textmatch``): the distinct ID words and ID structures found add their
    weights, as do the ticket words and ticket structures;
    score = ``1 - exp(-sum)``. No layout, no screenshot gating.
    """
    from pii_scan.keywords import ID_KEYWORDS, ID_PATTERNS, TICKET_KEYWORDS, TICKET_PATTERNS
    from pii_scan.textmatch import distinct, find_keywords, find_patterns

    lines = [line for line in text.splitlines() if line.strip()]
    out = {}
    for label, words, patterns in (
        ("id_card", ID_KEYWORDS, ID_PATTERNS),
        ("ticket_screenshot", TICKET_KEYWORDS, TICKET_PATTERNS),
    ):
        total = sum(m.weight for m in distinct(find_keywords(lines, words)))
        total += sum({p.pattern.name: p.pattern.weight for p in find_patterns(lines, patterns)}.values())
        out[label] = 1.0 - math.exp(-total)
    return out


def text_label(text: str) -> str:
    """``id_card``/``ticket_screenshot`` when its keyword score reaches 0.5 (ID wins ties), else ``photo``."""
    scores = text_scores(text)
    best = max(scores, key=lambda lab: (scores[lab], lab == "id_card"))
    return best if scores[best] >= TEXT_THRESHOLD else "photo"


#: Formats the ``tesseract`` program (Leptonica) reads from a path.
LEPTONICA_FORMATS = frozenset({"JPEG", "PNG", "TIFF", "BMP", "GIF"})


def _ocr_path(path: str, lang: str) -> str:
    """Tesseract's text for a file; formats it cannot read (HEIC ...) go through a full-size temp JPEG."""
    import pytesseract

    from pii_scan.decode import sniff_format

    with open(path, "rb") as fh:
        fmt = sniff_format(fh.read(32))
    if fmt in LEPTONICA_FORMATS:
        return str(pytesseract.image_to_string(path, lang=lang))
    import tempfile

    from PIL import Image, ImageOps

    if fmt in ("HEIF", "AVIF"):
        import pillow_heif

        pillow_heif.register_heif_opener()
    with tempfile.TemporaryDirectory(prefix="pii-scan-bench-") as tmp:
        tmp_path = os.path.join(tmp, "frame.jpg")
        with Image.open(path) as im:
            ImageOps.exif_transpose(im).convert("RGB").save(tmp_path, "JPEG", quality=95)
        return str(pytesseract.image_to_string(tmp_path, lang=lang))


def ocr_all_one(sample: Sample, lang: str = "jpn+eng") -> Record:
    """The naive scanner on one image: OCR the whole file, then keywords."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    t0 = time.perf_counter()
    try:
        predicted, error = text_label(_ocr_path(sample.path, lang)), None
    except Exception as exc:  # unreadable file, Tesseract failure: recorded, not raised
        predicted, error = ERROR, f"{type(exc).__name__}: {exc}".strip()[:200]
    return Record(
        file=sample.file,
        truth=sample.truth,
        predicted=predicted,
        subtype=sample.subtype,
        confidence=1.0 if error is None else 0.0,
        ocr_ran=True,
        seconds=time.perf_counter() - t0,
        error=error,
    )


def run_ocr_all(samples: list[Sample], jobs: int, *, lang: str = "jpn+eng") -> tuple[list[Record], float]:
    """The baseline over ``samples`` with ``jobs`` processes: (records, wall seconds)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    t0 = time.perf_counter()
    records = list(parallel_map(functools.partial(ocr_all_one, lang=lang), samples, jobs))
    return records, time.perf_counter() - t0


# --- decode floor ------------------------------------------------------------


def decode_eighth(path: str) -> tuple[int, int]:
    """Decode the file at about 1/8 scale; returns the decoded size.

    JPEG: DCT-domain ``draft`` to 1/8. HEIC/AVIF: the embedded thumbnail
    when there is one, else the full image. Other formats (PNG ...) have no
    reduced decode, so they are decoded in full.
    """
    from PIL import Image

    from pii_scan.decode import sniff_format

    with open(path, "rb") as fh:
        data = fh.read()
    fmt = sniff_format(data[:32])
    if fmt in ("HEIF", "AVIF"):
        import pillow_heif

        heif = pillow_heif.open_heif(io.BytesIO(data))
        primary = heif[0]
        thumbs = primary.info.get("thumbnails") or []
        pil = primary.get_thumbnail(0).to_pillow() if thumbs else primary.to_pillow()
        pil.load()
        return pil.size
    with Image.open(io.BytesIO(data)) as im:
        if fmt == "JPEG":
            w, h = im.size
            im.draft(im.mode, (max(1, w // 8), max(1, h // 8)))
        im.load()
        return im.size


def _floor_one(path: str) -> tuple[float, str | None]:
    t0 = time.perf_counter()
    try:
        decode_eighth(path)
        err = None
    except Exception as exc:
        err = f"{type(exc).__name__}: {exc}"
    return time.perf_counter() - t0, err


def run_decode_floor(paths: list[str], jobs: int) -> dict[str, float | int | None]:
    """Time the 1/8-scale decode of every path with ``jobs`` processes."""
    t0 = time.perf_counter()
    secs: list[float] = []
    errors = 0
    for s, err in parallel_map(_floor_one, paths, jobs):
        secs.append(s)
        errors += err is not None
    wall = time.perf_counter() - t0
    return {
        "images": len(paths),
        "errors": errors,
        "wall_seconds": wall,
        "images_per_second": len(paths) / wall if wall else None,
        "sum_seconds": sum(secs),
    }
