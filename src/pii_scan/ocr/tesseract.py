"""Tesseract through its command-line program (the pytesseract backend).

Every call starts a ``tesseract`` process, which loads the language models
again (about 0.3 s for jpn+eng); the tesserocr backend avoids that and is
preferred when installed. This one needs nothing but the binary.

Privacy: the pixels must reach the program as a file. The array is written
uncompressed (BMP, cheap to encode) into a private directory made for the
call (mode 0700), and the TSV output goes to the same directory, so neither
the image nor the text read from it is ever readable by other users; both
are deleted before ``recognize`` returns, also on error. A process killed
mid-call cannot delete its directory: the next one sweeps it
(``pii_scan.tempdirs``), and in our worker pool it lies inside the scan's
run directory, which the parent removes. pytesseract's own
``image_to_data`` would put the TSV output in the shared temp directory, so
its lower-level ``run_tesseract`` is called with an output path of ours.

The TSV parsing here is shared with the tesserocr backend, so both return
words the same way.
"""

from __future__ import annotations

import os
import shlex
import shutil
import time
from collections.abc import Mapping, Sequence

import numpy as np
from PIL import Image

from pii_scan.models import BBox
from pii_scan.ocr.base import OcrResult, OcrWord
from pii_scan.tempdirs import private_dir

__all__ = ["PytesseractEngine", "as_uint8_image", "parse_tsv", "to_pil", "words_from_columns"]

# OpenMP threads only slow Tesseract down here (MEASURED.md C2): parallelise
# across images with processes instead. setdefault keeps a caller's choice.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

_WORD_LEVEL = 5
_TSV_COLUMNS = (
    "level", "page_num", "block_num", "par_num", "line_num", "word_num",
    "left", "top", "width", "height", "conf", "text",
)  # fmt: skip


def as_uint8_image(image: np.ndarray) -> np.ndarray:
    """A C-contiguous uint8 gray (HxW) or RGB (HxWx3) array; alpha is dropped."""
    arr = np.asarray(image)
    if arr.dtype != np.uint8:
        arr = np.clip(arr, 0, 255).astype(np.uint8)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    elif arr.ndim == 3 and arr.shape[2] == 4:
        arr = arr[:, :, :3]
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] != 3):
        raise ValueError(f"expected an HxW or HxWx3 image, got shape {arr.shape}")
    return np.ascontiguousarray(arr)


def to_pil(image: np.ndarray) -> Image.Image:
    """An RGB or gray uint8 array as a PIL image."""
    arr = as_uint8_image(image)
    return Image.fromarray(arr, "L" if arr.ndim == 2 else "RGB")


def words_from_columns(cols: Mapping[str, Sequence[object]]) -> tuple[OcrWord, ...]:
    """OcrWords from Tesseract's TSV columns (word rows with text and a confidence only)."""
    out: list[OcrWord] = []
    for i, text in enumerate(cols.get("text", ())):
        text = str(text).strip()
        if not text or int(float(str(cols["level"][i]))) != _WORD_LEVEL:
            continue
        conf = float(str(cols["conf"][i]))
        if conf < 0:
            continue
        box = BBox(*(int(float(str(cols[k][i]))) for k in ("left", "top", "width", "height")))
        line = tuple(int(float(str(cols[k][i]))) for k in ("block_num", "par_num", "line_num"))
        out.append(OcrWord(text, conf, box, line))  # type: ignore[arg-type]
    return tuple(out)


def parse_tsv(tsv: str) -> tuple[OcrWord, ...]:
    """OcrWords from Tesseract TSV text, with or without its header row."""
    cols: dict[str, list[str]] = {c: [] for c in _TSV_COLUMNS}
    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) < len(_TSV_COLUMNS) - 1 or cells[0] == "level":
            continue
        cells += [""] * (len(_TSV_COLUMNS) - len(cells))  # an empty last text cell may be cut
        for name, cell in zip(_TSV_COLUMNS, cells):
            cols[name].append(cell)
    return words_from_columns(cols)


def tesseract_args(psm: int | None, whitelist: str | None) -> str:
    """Command-line options for a page-segmentation mode and an alphabet."""
    args = []
    if psm is not None:
        args.append(f"--psm {int(psm)}")
    if whitelist:
        args.append("-c " + shlex.quote(f"tessedit_char_whitelist={whitelist}"))
    return " ".join(args)


class PytesseractEngine:
    """OCR by running the ``tesseract`` program once per call.

    Holds only configuration, so it pickles into worker processes as is.
    ``cmd`` overrides the program path; ``timeout`` (seconds, 0 = none)
    bounds one call.
    """

    name = "pytesseract"

    def __init__(self, cmd: str | None = None, *, timeout: float = 0) -> None:
        self.cmd = cmd
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"PytesseractEngine(cmd={self.cmd!r})"

    def recognize(
        self,
        image: np.ndarray,
        *,
        lang: str = "jpn+eng",
        psm: int | None = None,
        whitelist: str | None = None,
    ) -> OcrResult:
        from pytesseract import pytesseract as pt

        if self.cmd:
            pt.tesseract_cmd = self.cmd
        t0 = time.perf_counter()
        pil = to_pil(image)
        workdir = private_dir("ocr")  # created 0700
        try:
            src = os.path.join(workdir, "in.bmp")
            out_base = os.path.join(workdir, "out")
            # dpi 0 writes no resolution, as a PNG without pHYs would: Tesseract
            # then estimates it from the text, the same as the tesserocr backend.
            pil.save(src, format="BMP", dpi=(0, 0))
            config = f"-c tessedit_create_tsv=1 {tesseract_args(psm, whitelist)}".strip()
            pt.run_tesseract(src, out_base, "tsv", lang, config, timeout=self.timeout)
            with open(out_base + ".tsv", encoding="utf-8") as f:
                words = parse_tsv(f.read())
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return OcrResult.from_words(words, engine=self.name, seconds=time.perf_counter() - t0)
