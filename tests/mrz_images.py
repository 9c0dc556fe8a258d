"""Synthetic images and fake MRZ text for the MRZ tests (all data invented).

``td3_lines`` / ``td1_lines`` build MRZ text with correct check digits from
made-up fields; the ``render_*`` functions draw pages for the band finder
and the OCR integration test, plus near-miss negatives.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pii_scan.checksums import icao_check_digit

MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _font(path: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(path, size) if Path(path).exists() else ImageFont.load_default()


def _pad(s: str, n: int) -> str:
    return (s + "<" * n)[:n]


def td3_lines(
    *,
    code: str = "P<",
    state: str = "UTO",
    surname: str = "ERIKSSON",
    given: str = "ANNA<MARIA",
    number: str = "L898902C3",
    nationality: str = "UTO",
    birth: str = "740812",
    sex: str = "F",
    expiry: str = "120415",
    personal: str = "ZE184226B",
) -> list[str]:
    """The two lines of a passport MRZ with every check digit computed."""
    line1 = _pad(code + state + surname + "<<" + given, 44)
    num = _pad(number, 9)
    pers = _pad(personal, 14)
    pers_cd = icao_check_digit(pers) if personal else "<"
    body = num + icao_check_digit(num) + nationality + birth + icao_check_digit(birth) + sex
    body += expiry + icao_check_digit(expiry) + pers + pers_cd
    composite = icao_check_digit(body[0:10] + body[13:20] + body[21:43])
    return [line1, body + composite]


def td1_lines(
    *,
    code: str = "I<",
    state: str = "UTO",
    number: str = "D23145890",
    optional1: str = "",
    birth: str = "740812",
    sex: str = "F",
    expiry: str = "120415",
    nationality: str = "UTO",
    optional2: str = "",
    surname: str = "ERIKSSON",
    given: str = "ANNA<MARIA",
) -> list[str]:
    """The three lines of an ID-card MRZ with every check digit computed."""
    num = _pad(number, 9)
    line1 = _pad(code + state + num + icao_check_digit(num) + optional1, 30)
    head = birth + icao_check_digit(birth) + sex + expiry + icao_check_digit(expiry) + nationality
    opt2 = _pad(optional2, 11)
    composite = icao_check_digit(line1[5:30] + head[0:7] + head[8:15] + opt2)
    return [line1, head + opt2 + composite, _pad(surname + "<<" + given, 30)]


def render_page(mrz: list[str], *, width: int = 1400, char_px: int = 30, seed: int = 0) -> np.ndarray:
    """A passport-like data page: header, a photo box, field text, the MRZ at the bottom."""
    rng = random.Random(seed)
    n = len(mrz[0])
    font = _font(MONO, char_px)
    cw = font.getbbox("M")[2]
    mrz_w = cw * n
    width = max(width, mrz_w + 80)
    height = int(width * 0.70)
    img = Image.new("RGB", (width, height), (236, 232, 220))
    d = ImageDraw.Draw(img)
    small = _font(SANS, max(14, char_px * 2 // 3))
    d.text((40, 30), "PASSPORT  PASSEPORT  UTOPIA", fill=(40, 40, 90), font=_font(SANS, char_px))
    d.rectangle([40, 100, 40 + width // 4, 100 + int(width * 0.3)], fill=(150, 140, 130))
    x0 = 80 + width // 4
    for i, label in enumerate(["Surname", "Given names", "Nationality", "Date of birth", "Date of expiry"]):
        y = 110 + i * int(char_px * 2.2)
        d.text((x0, y), f"{label}: {''.join(rng.choice('ABCDEFGHIKLMNOPRSTU') for _ in range(8))}", fill=(30, 30, 30), font=small)
    pitch = int(char_px * 1.6)
    y = height - 40 - pitch * len(mrz)
    for line in mrz:
        d.text((40, y), line, fill=(15, 15, 15), font=font)
        y += pitch
    return np.asarray(img)


def render_paragraph(*, width: int = 1400, lines: int = 8, char_px: int = 28) -> np.ndarray:
    """A block of justified-looking upper-case text: near-miss negative for MRZ bands."""
    rng = random.Random(1)
    img = Image.new("RGB", (width, int(width * 0.7)), (250, 250, 248))
    d = ImageDraw.Draw(img)
    font = _font(MONO, char_px)
    for i in range(lines):
        words = " ".join("".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVWY") for _ in range(rng.randint(2, 9))) for _ in range(9))
        d.text((40, 60 + i * int(char_px * 1.6)), words[:44], fill=(20, 20, 20), font=font)
    return np.asarray(img)


def render_barcode(*, width: int = 1400) -> np.ndarray:
    """A 1-D barcode with a caption: near-miss negative."""
    rng = random.Random(2)
    img = np.full((int(width * 0.6), width, 3), 255, np.uint8)
    x = 100
    while x < width - 100:
        bar = rng.choice([3, 6, 9])
        if rng.random() < 0.5:
            img[200:500, x : x + bar] = 0
        x += bar
    return img


def render_stripes(*, width: int = 1400, period: int = 24, vertical: bool = False) -> np.ndarray:
    """A striped surface (shirt, blinds): near-miss negative."""
    h = int(width * 0.7)
    yy, xx = np.mgrid[0:h, 0:width]
    coord = xx if vertical else yy
    band = ((coord // (period // 2)) % 2 == 0).astype(np.uint8)
    gray = np.where(band == 1, 40, 210).astype(np.uint8)
    return np.repeat(gray[:, :, None], 3, axis=2)
