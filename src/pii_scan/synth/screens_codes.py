"""Real, decodable barcodes (QR, PDF417, Aztec, Data Matrix, Code 128) via zxing-cpp."""

from __future__ import annotations

import functools
import random
import string

import numpy as np
import zxingcpp
from PIL import Image

__all__ = ["CODE_FORMATS", "bcbp", "render_code", "token"]

CODE_FORMATS: dict[str, zxingcpp.BarcodeFormat] = {
    "qr": zxingcpp.BarcodeFormat.QRCode,
    "pdf417": zxingcpp.BarcodeFormat.PDF417,
    "aztec": zxingcpp.BarcodeFormat.Aztec,
    "datamatrix": zxingcpp.BarcodeFormat.DataMatrix,
    "code128": zxingcpp.BarcodeFormat.Code128,
}


@functools.lru_cache(maxsize=64)
def _modules(fmt: str, data: str) -> np.ndarray:
    """The symbol at one pixel per module, with its quiet zone (uint8, 0 = ink)."""
    # Note: zxing-cpp's writer picks the smallest Data Matrix, often a rectangular one.
    bc = zxingcpp.create_barcode(data, CODE_FORMATS[fmt])
    return np.asarray(bc.to_image(scale=1, add_quiet_zones=True)).copy()


def render_code(fmt: str, data: str, max_w: float, max_h: float | None = None, *, min_module: int = 4) -> Image.Image:
    """``data`` encoded as ``fmt``, scaled by a whole number of pixels per module to fit the box.

    Never goes below ``min_module`` px per module (so the code stays decodable
    after a messenger's JPEG re-save), even if that overflows the box.
    """
    base = _modules(fmt, data)
    h, w = base.shape
    scale = int(max_w // w)
    if max_h is not None:
        scale = min(scale, int(max_h // h))
    scale = max(min_module, scale)
    if fmt == "code128":  # linear: stretch bars vertically to a usual aspect
        img = np.kron(base, np.ones((1, scale), np.uint8))
        bars = img[h // 2 : h // 2 + 1]
        height = round(min(max_h or 1e9, img.shape[1] * 0.22))
        img = np.repeat(bars, max(height, 10), axis=0)
        return Image.fromarray(img, "L")
    return Image.fromarray(np.kron(base, np.ones((scale, scale), np.uint8)), "L")


def token(rng: random.Random, n: int, alphabet: str = string.ascii_uppercase + string.digits) -> str:
    """``n`` random characters (booking references and the like)."""
    return "".join(rng.choice(alphabet) for _ in range(n))


def bcbp(surname: str, given: str, pnr: str, dep: str, arr: str, carrier: str, flight: int,
         julian: int, cabin: str, seat: str, seq: int) -> str:
    """A boarding-pass payload in the IATA BCBP 'M1' mandatory-items layout (fake data)."""
    name = f"{surname}/{given}"[:20].ljust(20)
    return (f"M1{name}E{pnr:<7}{dep}{arr}{carrier:<3}{flight:04d} {julian:03d}{cabin}"
            f"{seat.zfill(4)}{seq:04d} 100")
