"""Fault-injecting test detectors (no OCR), importable by worker processes and CLI subprocesses.

Each one misbehaves only on files whose name contains ``victim`` (or on
every file when ``victim`` is empty), so a scan of a small folder shows
that one bad file costs only itself.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time

from pii_scan import BaseDetector, Label

__all__ = ["CLI_RUNNER", "Die", "Hang", "OcrHang", "Raise", "SpawnSleeper", "TempThenHang", "write_images"]


class _Victim(BaseDetector):
    label = Label.PHOTO

    def __init__(self, victim: str = "", seconds: float = 300.0) -> None:
        self.victim, self.seconds = victim, seconds

    def hits(self, ctx) -> bool:  # type: ignore[no-untyped-def]
        return self.victim in os.path.basename(str(ctx.image.source))


class Hang(_Victim):
    """Sleeps ``seconds`` on the victim: a stuck native call as far as the scan can tell."""

    name = "test.hang"

    def detect(self, ctx):  # type: ignore[no-untyped-def]
        if self.hits(ctx):
            time.sleep(self.seconds)
        return ()


class Die(_Victim):
    """The worker process dies hard on the victim, as on a native crash or the OOM killer."""

    name = "test.die"

    def detect(self, ctx):  # type: ignore[no-untyped-def]
        if self.hits(ctx) and multiprocessing.parent_process() is not None:
            os._exit(70)
        return ()


class OcrHang(_Victim):
    """Runs the real pytesseract backend on a large noisy page: seconds of work in a ``tesseract`` child."""

    name = "test.ocr_hang"

    def detect(self, ctx):  # type: ignore[no-untyped-def]
        if self.hits(ctx):
            import numpy as np

            from pii_scan.ocr.tesseract import PytesseractEngine

            page = np.random.default_rng(0).integers(0, 255, (3000, 3000), dtype=np.uint8)
            PytesseractEngine().recognize(page, lang="jpn+eng")
        return ()


class TempThenHang(_Victim):
    """Writes a file into a private temp dir (as the pytesseract backend does), then hangs."""

    name = "test.temp_hang"

    def detect(self, ctx):  # type: ignore[no-untyped-def]
        if self.hits(ctx):
            from pii_scan.tempdirs import private_dir

            with open(os.path.join(private_dir("ocr"), "in.bmp"), "wb") as fh:
                fh.write(b"pixels")
            time.sleep(self.seconds)
        return ()


class SpawnSleeper(_Victim):
    """Starts a child process (as the pytesseract backend starts ``tesseract``) and waits for it.

    The child's pid is appended to the file named by ``$FAULTKIT_PIDS``.
    """

    name = "test.spawn"

    def detect(self, ctx):  # type: ignore[no-untyped-def]
        if self.hits(ctx):
            import subprocess

            proc = subprocess.Popen([sys.executable, "-c", f"import time; time.sleep({self.seconds})"])
            with open(os.environ["FAULTKIT_PIDS"], "a") as fh:
                fh.write(f"{proc.pid}\n")
            proc.wait()
        return ()


class Raise(_Victim):
    """Raises an exception whose message quotes ``text`` (as a careless plugin might quote OCR text)."""

    name = "test.raise"

    def __init__(self, victim: str = "", text: str = "") -> None:
        super().__init__(victim)
        self.text = text

    def detect(self, ctx):  # type: ignore[no-untyped-def]
        if self.hits(ctx):
            raise ValueError(f"could not parse {self.text!r}")
        return ()


def write_images(folder: str, n: int, prefix: str = "img") -> list[str]:
    """``n`` small distinct JPEGs in ``folder``; their paths."""
    import numpy as np
    from PIL import Image

    os.makedirs(folder, exist_ok=True)
    paths = []
    for i in range(n):
        rng = np.random.default_rng(i)
        p = os.path.join(folder, f"{prefix}{i:02d}.jpg")
        Image.fromarray(rng.integers(0, 255, (48, 64, 3), dtype=np.uint8)).save(p, quality=80)
        paths.append(p)
    return paths


#: ``python -c CLI_RUNNER DETECTOR_EXPR ARGS...``: the real CLI with the installed detectors replaced by
#: ``eval(DETECTOR_EXPR)`` (a list built from this module), so the child and its workers run test detectors.
CLI_RUNNER = (
    "import sys, faultkit, pii_scan.engine as e\n"
    "dets = eval(sys.argv[1], vars(faultkit))\n"
    "e.load_detectors = lambda: list(dets)\n"
    "from pii_scan.cli import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)
