"""Tesseract through tesserocr, with the API kept open per process.

Loading the jpn+eng models costs about 0.25 s; a kept-open
``PyTessBaseAPI`` makes every later call pay only for recognition
(MEASURED.md C1, C5). One API is opened per (tessdata, lang) and process,
on first use, and the page segmentation mode is set on it for each call
(each open jpn+eng API holds its own copy of the models, about 50 MB, so
one per mode would cost that much again per mode); the engine object itself stores only configuration,
so it pickles into worker processes, which open their own API. Pixels go
in through ``SetImageBytes`` (no file, no encoding). Words are read from
``GetTSVText``, the same table the command-line program writes, parsed by
the same code as the pytesseract backend, so both backends agree.

The tesserocr wheel bundles its own libtesseract whose default data path is
``./``, so the tessdata directory is found explicitly (``tessdata_dir``).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import threading
import time
from functools import lru_cache
from typing import Any

import numpy as np

from pii_scan.ocr.base import OcrResult
from pii_scan.ocr.tesseract import as_uint8_image, parse_tsv

__all__ = ["TesserocrEngine", "available_languages", "close_other_apis", "tessdata_dir"]

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

#: Where Debian and Ubuntu put the traineddata files, newest first.
KNOWN_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
_DEFAULT_PSM = 3  # Tesseract's own default: fully automatic page segmentation

_LIST_LANGS_DIR = re.compile(r'languages in "([^"]+)"')
_apis: dict[tuple[int, str, str], tuple[Any, threading.Lock]] = {}
_apis_lock = threading.Lock()


def _has_models(path: str) -> bool:
    return bool(glob.glob(os.path.join(path, "*.traineddata")))


@lru_cache(maxsize=1)
def tessdata_dir() -> str | None:
    """The tessdata directory: $TESSDATA_PREFIX, the binary's, or a known path."""
    candidates: list[str] = []
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        candidates += [prefix, os.path.join(prefix, "tessdata")]
    exe = shutil.which("tesseract")
    if exe:
        try:
            out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20)
            m = _LIST_LANGS_DIR.search(out.stdout + out.stderr)
            if m:
                candidates.append(m.group(1))
        except (OSError, subprocess.SubprocessError):
            pass
    candidates += KNOWN_TESSDATA_DIRS
    return next((os.path.normpath(c) for c in candidates if os.path.isdir(c) and _has_models(c)), None)


def available_languages(path: str | None = None) -> set[str]:
    """Language codes with a traineddata file in ``path`` (default: ``tessdata_dir()``)."""
    path = path or tessdata_dir()
    if not path:
        return set()
    return {os.path.basename(p)[: -len(".traineddata")] for p in glob.glob(os.path.join(path, "*.traineddata"))}


def _quiet_leptonica(module_file: str) -> None:
    """Stop the bundled Leptonica printing 'Error in boxClipToRectangle' and the like.

    Those messages are harmless (Tesseract probing empty boxes) but land on
    the user's terminal between progress updates. ``setMsgSeverity`` with
    L_SEVERITY_NONE (6) silences them; if the library cannot be found
    nothing changes.
    """
    import ctypes

    libs = glob.glob(os.path.join(os.path.dirname(os.path.dirname(module_file)), "tesserocr.libs", "libleptonica*"))
    for lib in libs:
        try:
            ctypes.CDLL(lib).setMsgSeverity(ctypes.c_int(6))
        except (OSError, AttributeError):
            continue


def _api(path: str, lang: str) -> tuple[Any, threading.Lock]:
    """This process's open API for the models (opened on first use)."""
    key = (os.getpid(), path, lang)  # a forked child must not reuse its parent's API
    with _apis_lock:
        entry = _apis.get(key)
        if entry is None:
            import tesserocr

            if not _apis:
                _quiet_leptonica(tesserocr.__file__)
            api = tesserocr.PyTessBaseAPI(path=path, lang=lang, psm=_DEFAULT_PSM)
            entry = _apis[key] = (api, threading.Lock())
        return entry


def close_other_apis(keep_lang: str) -> int:
    """End this process's open APIs for languages other than ``keep_lang``; returns how many.

    A scan reads in its main language (``jpn+eng``) on almost every OCR call;
    another language (``eng`` for a machine-readable zone) comes up on a few
    images. Its API holds its own models (about 9 MB for ``eng``), so it is
    ended after the image that needed it rather than kept for the rest of
    the scan; opening it again costs about 0.1 s. An entry is unregistered
    first and ended once no call holds it; a call that was waiting for it
    sees it gone and opens a new one.
    """
    pid = os.getpid()
    with _apis_lock:
        others = [key for key in _apis if key[0] == pid and key[2] != keep_lang]
        entries = [_apis.pop(key) for key in others]
    for api, lock in entries:
        with lock:
            api.End()
    return len(entries)


class TesserocrEngine:
    """OCR through a kept-open tesserocr API. ``tessdata`` overrides the data path."""

    name = "tesserocr"

    def __init__(self, tessdata: str | None = None) -> None:
        self.tessdata = tessdata

    def __repr__(self) -> str:
        return f"TesserocrEngine(tessdata={self.tessdata!r})"

    def warm(self, lang: str = "jpn+eng") -> None:
        """Open this process's API for ``lang`` now, so the first ``recognize`` does not load the models."""
        path = self.tessdata or tessdata_dir()
        if path:
            _api(path, lang)

    def recognize(
        self,
        image: np.ndarray,
        *,
        lang: str = "jpn+eng",
        psm: int | None = None,
        whitelist: str | None = None,
    ) -> OcrResult:
        t0 = time.perf_counter()
        path = self.tessdata or tessdata_dir()
        if not path:
            raise RuntimeError("no tessdata directory found (set TESSDATA_PREFIX)")
        arr = as_uint8_image(image)
        while True:
            entry = _api(path, lang)
            api, lock = entry
            with lock:
                if _apis.get((os.getpid(), path, lang)) is not entry:
                    continue  # ended by close_other_apis in another thread meanwhile: open it again
                api.SetPageSegMode(_DEFAULT_PSM if psm is None else int(psm))
                api.SetVariable("tessedit_char_whitelist", whitelist or "")
                h, w = arr.shape[:2]
                bpp = 1 if arr.ndim == 2 else 3
                api.SetImageBytes(arr.tobytes(), w, h, bpp, w * bpp)
                try:
                    tsv = api.GetTSVText(0)
                finally:
                    api.Clear()  # drop the page and its results; the models stay loaded
                break
        words = parse_tsv(tsv)
        return OcrResult.from_words(words, engine=self.name, seconds=time.perf_counter() - t0)

