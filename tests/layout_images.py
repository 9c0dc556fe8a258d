"""Drawing helpers for the layout-signal tests: cards, scenes, screens, codes.

Everything is generated from numpy/PIL/cv2 drawing and the photographs
bundled with scikit-image; nothing is downloaded. All names and numbers
drawn are fake. Images are RGB uint8 arrays unless a function says
otherwise.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

ID1_MM = (85.60, 53.98)
PASSPORT_MM = (125.0, 88.0)

_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
)


@lru_cache(maxsize=32)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A sans font of ``size`` px (PIL's bundled font if no TTF is installed)."""
    for path in _FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


@lru_cache(maxsize=1)
def astronaut() -> np.ndarray:
    """A real portrait photograph bundled with scikit-image (512x512 RGB)."""
    from skimage import data

    return np.ascontiguousarray(data.astronaut())


@lru_cache(maxsize=1)
def portrait() -> np.ndarray:
    """A head-and-shoulders crop of the astronaut, as on an ID photo (3:4)."""
    return np.ascontiguousarray(astronaut()[20:260, 130:310])


# -- backgrounds ---------------------------------------------------------------


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def wood(w: int, h: int, seed: int = 0) -> np.ndarray:
    """Brown wood grain: warped stripes plus fine noise."""
    rng = _rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    warp = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 25) * 900
    grain = 0.5 + 0.5 * np.sin((y + warp + 0.05 * x) / (6 + 3 * rng.random()))
    fine = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 1.2)
    lum = 0.55 + 0.25 * grain + 0.05 * fine
    base = np.array([150, 100, 60], np.float32) / 150
    return np.clip(lum[..., None] * base * 190, 0, 255).astype(np.uint8)


def fabric(w: int, h: int, seed: int = 0) -> np.ndarray:
    """A woven fabric: crossing threads with a tint and noise."""
    rng = _rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    p = 4 + 2 * rng.random()
    weave = 0.5 + 0.25 * np.sin(2 * np.pi * x / p) * np.sign(np.sin(2 * np.pi * y / (2 * p))) + 0.25 * np.sin(
        2 * np.pi * y / p
    )
    lum = 0.6 + 0.25 * weave + 0.05 * rng.normal(0, 1, (h, w))
    tint = rng.uniform(0.4, 1.0, 3).astype(np.float32)
    return np.clip(lum[..., None] * tint * 230, 0, 255).astype(np.uint8)


def noise_bg(w: int, h: int, seed: int = 0) -> np.ndarray:
    """Blotchy mid-grey noise at several scales."""
    rng = _rng(seed)
    acc = np.zeros((h, w), np.float32)
    for sigma, amp in ((30, 60), (6, 25), (1, 12)):
        acc += cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), sigma) * amp * sigma**0.5 / 3
    lum = np.clip(110 + acc, 0, 255)
    return np.repeat(lum[..., None], 3, axis=2).astype(np.uint8)


def texture(w: int, h: int, name: str = "gravel", tint: tuple[int, int, int] = (200, 190, 170)) -> np.ndarray:
    """A real texture photograph from scikit-image (brick, grass, gravel), tiled and tinted."""
    from skimage import data

    tex = getattr(data, name)().astype(np.float32) / 255
    reps = (math.ceil(h / tex.shape[0]), math.ceil(w / tex.shape[1]))
    tiled = np.tile(tex, reps)[:h, :w]
    return np.clip(tiled[..., None] * np.array(tint, np.float32), 0, 255).astype(np.uint8)


def busy(w: int, h: int, seed: int = 0) -> np.ndarray:
    """Clutter: a real photo behind random coloured shapes and lines."""
    from skimage import data

    rng = _rng(seed)
    photo = cv2.resize(data.coffee(), (w, h), interpolation=cv2.INTER_LINEAR)
    img = photo.copy()
    for _ in range(25):
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        kind = rng.integers(0, 3)
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        s = int(rng.integers(h // 20, h // 5))
        if kind == 0:
            cv2.circle(img, (x, y), s, colour, -1, cv2.LINE_AA)
        elif kind == 1:
            cv2.line(img, (x, y), (int(rng.integers(0, w)), int(rng.integers(0, h))), colour, 3, cv2.LINE_AA)
        else:
            pts = rng.integers(-s, s, (3, 2)) + (x, y)
            cv2.fillPoly(img, [pts.astype(np.int32)], colour, cv2.LINE_AA)
    return cv2.addWeighted(photo, 0.4, img, 0.6, 0)


def plain(w: int, h: int, seed: int = 0) -> np.ndarray:
    """A plain table top: one colour with a soft light gradient and faint noise."""
    rng = _rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    lum = 0.75 + 0.2 * (x / w) - 0.1 * (y / h) + rng.normal(0, 0.01, (h, w))
    tint = np.array([0.45, 0.5, 0.55], np.float32)
    return np.clip(lum[..., None] * tint * 255, 0, 255).astype(np.uint8)


BACKGROUNDS = {"wood": wood, "fabric": fabric, "noise": noise_bg, "busy": busy, "plain": plain}


# -- documents -----------------------------------------------------------------


def _rounded_mask(w: int, h: int, r: int) -> np.ndarray:
    m = Image.new("L", (w, h), 0)
    ImageDraw.Draw(m).rounded_rectangle([0, 0, w - 1, h - 1], radius=r, fill=255)
    return np.asarray(m)


def id_card(
    width: int = 856,
    *,
    face: bool = True,
    face_side: str = "left",
    colour: tuple[int, int, int] = (236, 242, 248),
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """A fake ID-1 card (RGB) and its alpha mask: header, text lines, portrait."""
    h = int(round(width * ID1_MM[1] / ID1_MM[0]))
    im = Image.new("RGB", (width, h), colour)
    d = ImageDraw.Draw(im)
    s = width / 856
    d.rectangle([0, 0, width, int(70 * s)], fill=(120, 160, 200))
    d.text((int(30 * s), int(14 * s)), "DRIVER LICENSE  STATE OF NOWHERE", fill=(255, 255, 255), font=font(int(36 * s)))
    pw, ph = int(250 * s), int(320 * s)
    px = int(40 * s) if face_side == "left" else width - pw - int(40 * s)
    tx = px + pw + int(40 * s) if face_side == "left" else int(40 * s)
    if face:
        im.paste(Image.fromarray(portrait()).resize((pw, ph)), (px, int(110 * s)))
    lines = [
        "NAME  YAMADA TARO",
        "DOB  1990-01-01",
        "ADDR  1-2-3 CHIYODA TOKYO",
        "ISSUED 2024-04-01",
        "EXPIRES 2029-04-01",
        "No. 1234 5678 9012",
    ]
    y = int(110 * s)
    for i, line in enumerate(lines):
        d.text((tx, y), line, fill=(20, 20, 30), font=font(int((30 if i else 38) * s)))
        y += int(62 * s)
    d.rectangle([tx, int(480 * s), tx + int(380 * s), int(490 * s)], fill=(200, 90, 90))
    return np.asarray(im), _rounded_mask(width, h, int(32 * s))


def passport_page(width: int = 1250) -> tuple[np.ndarray, np.ndarray]:
    """A fake passport data page (125 x 88 mm) with a portrait and two MRZ-like lines."""
    h = int(round(width * PASSPORT_MM[1] / PASSPORT_MM[0]))
    im = Image.new("RGB", (width, h), (226, 232, 214))
    d = ImageDraw.Draw(im)
    s = width / 1250
    d.text((int(40 * s), int(30 * s)), "PASSPORT  UTOPIA", fill=(40, 60, 90), font=font(int(44 * s)))
    im.paste(Image.fromarray(portrait()).resize((int(330 * s), int(430 * s))), (int(40 * s), int(110 * s)))
    y = int(120 * s)
    for line in ("Surname  ERIKSSON", "Given names  ANNA MARIA", "Nationality  UTOPIAN", "Date of birth  12 AUG 74", "Sex  F"):
        d.text((int(420 * s), y), line, fill=(20, 20, 30), font=font(int(34 * s)))
        y += int(70 * s)
    mono = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", int(44 * s))
    d.text((int(40 * s), int(700 * s)), "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", fill=(0, 0, 0), font=mono)
    d.text((int(40 * s), int(770 * s)), "L898902C36UTO7408122F1204159ZE184226B<<<<<10", fill=(0, 0, 0), font=mono)
    return np.asarray(im), _rounded_mask(width, h, int(10 * s))


def insurance_card() -> np.ndarray:
    """A fake Japanese health-insurance card (856 x 540 px, no portrait), RGB: title and six fields in Noto Sans CJK."""
    card = Image.new("RGB", (856, 540), (246, 246, 242))
    d = ImageDraw.Draw(card)
    noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-{}.ttc"
    d.text((40, 30), "健康保険被保険者証", fill=(20, 20, 20), font=ImageFont.truetype(noto.format("Bold"), 44))
    for y, text, size in ((110, "記号 4521  番号 18", 30), (170, "氏名   山田 花子", 30), (230, "生年月日  昭和60年 4月 2日", 26),
                          (290, "資格取得年月日  令和2年 4月 1日", 26), (400, "保険者番号 06139998", 28),
                          (450, "保険者名称 サンプル健康保険組合", 26)):  # fmt: skip
        d.text((40, y), text, fill=(20, 20, 20), font=ImageFont.truetype(noto.format("Regular"), size))
    return np.asarray(card)


def text_sheet(width: int, height: int, *, lines_along_width: bool = True, colour=(250, 250, 246)) -> tuple[np.ndarray, np.ndarray]:
    """A sheet (A4, square, strip...) covered with text lines, and a full mask."""
    im = Image.new("RGB", (width, height), colour)
    d = ImageDraw.Draw(im)
    size = max(10, min(width, height) // 28)
    y = size * 2
    while y < height - size * 2:
        words = "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod"
        d.text((size * 2, y), words, fill=(30, 30, 30), font=font(size))
        y += int(size * 1.8)
    arr = np.asarray(im)
    if not lines_along_width:
        arr = np.ascontiguousarray(np.rot90(arr))
    return arr, np.full(arr.shape[:2], 255, np.uint8)


def a4_sheet(width: int = 700) -> tuple[np.ndarray, np.ndarray]:
    """A portrait A4 page of text (210 x 297 mm, aspect 1.414)."""
    return text_sheet(width, int(round(width * 297 / 210)))


def window(width: int = 900) -> tuple[np.ndarray, np.ndarray]:
    """A window 1.6:1 with a 4x2 grid of panes showing a sky gradient."""
    h = int(width / 1.6)
    y, x = np.mgrid[0:h, 0:width].astype(np.float32)
    sky = np.stack([150 + 60 * y / h, 190 + 40 * y / h, 250 - 10 * y / h], axis=2).astype(np.uint8)
    img = np.ascontiguousarray(sky)
    bar = max(6, width // 45)
    frame = (235, 235, 230)
    cv2.rectangle(img, (0, 0), (width - 1, h - 1), frame, bar * 2)
    for i in range(1, 4):
        cv2.rectangle(img, (i * width // 4 - bar // 2, 0), (i * width // 4 + bar // 2, h), frame, -1)
    cv2.rectangle(img, (0, h // 2 - bar // 2), (width, h // 2 + bar // 2), frame, -1)
    return img, np.full((h, width), 255, np.uint8)


# -- placing a document in a scene ---------------------------------------------


def place(
    background: np.ndarray,
    doc: np.ndarray,
    mask: np.ndarray,
    *,
    width_frac: float = 0.5,
    center: tuple[float, float] = (0.5, 0.5),
    roll: float = 0.0,
    pitch: float = 0.0,
    yaw: float = 0.0,
    focal: float = 0.8,
    shadow: bool = False,
    glare: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Project ``doc`` onto ``background`` through a pinhole camera.

    The document plane is turned by ``roll`` (in plane), ``pitch`` and
    ``yaw`` (tilt, degrees) and placed so that it spans about ``width_frac``
    of the frame width around ``center``. ``focal`` is the focal length as a
    fraction of the frame's long side. Returns the scene and the 4 projected
    corners (TL, TR, BR, BL of the document) in scene pixels.
    """
    H, W = background.shape[:2]
    dh, dw = doc.shape[:2]
    f = focal * max(W, H)
    a, b, c = (math.radians(v) for v in (pitch, yaw, roll))
    rx = np.array([[1, 0, 0], [0, math.cos(a), -math.sin(a)], [0, math.sin(a), math.cos(a)]])
    ry = np.array([[math.cos(b), 0, math.sin(b)], [0, 1, 0], [-math.sin(b), 0, math.cos(b)]])
    rz = np.array([[math.cos(c), -math.sin(c), 0], [math.sin(c), math.cos(c), 0], [0, 0, 1]])
    rot = rz @ ry @ rx
    plane = np.array([[-dw / 2, -dh / 2, 0], [dw / 2, -dh / 2, 0], [dw / 2, dh / 2, 0], [-dw / 2, dh / 2, 0]], float)
    z = f * dw / (width_frac * W)
    cx, cy = center[0] * W, center[1] * H
    # put the document centre on the ray through (cx, cy) at depth z
    t = np.array([(cx - W / 2) * z / f, (cy - H / 2) * z / f, z])
    cam = plane @ rot.T + t
    pts = np.stack([f * cam[:, 0] / cam[:, 2] + W / 2, f * cam[:, 1] / cam[:, 2] + H / 2], axis=1).astype(np.float32)
    src = np.array([[0, 0], [dw, 0], [dw, dh], [0, dh]], np.float32)
    hom = cv2.getPerspectiveTransform(src, pts)
    warped = cv2.warpPerspective(doc, hom, (W, H), flags=cv2.INTER_AREA if width_frac * W < dw else cv2.INTER_LINEAR)
    alpha = cv2.warpPerspective(mask, hom, (W, H), flags=cv2.INTER_LINEAR).astype(np.float32) / 255
    out = background.astype(np.float32)
    if shadow:  # a soft drop shadow under the document
        sh = cv2.GaussianBlur(cv2.warpPerspective(mask, hom, (W, H)), (0, 0), max(3, W / 150)).astype(np.float32) / 255
        sh = np.roll(sh, (int(H * 0.015), int(W * 0.015)), axis=(0, 1))
        out *= 1 - 0.45 * sh[..., None]
    out = out * (1 - alpha[..., None]) + warped.astype(np.float32) * alpha[..., None]
    if shadow:  # a hand/phone shadow darkening one side of the frame
        ramp = np.clip(np.linspace(-0.3, 1.0, W), 0, 1)[None, :] * np.ones((H, 1))
        out *= 1 - 0.35 * ramp[..., None]
    if glare:
        gx, gy = pts.mean(axis=0)
        yy, xx = np.mgrid[0:H, 0:W]
        blob = np.exp(-(((xx - gx - W * 0.05) / (W * 0.08)) ** 2 + ((yy - gy) / (H * 0.06)) ** 2))
        out += 120 * blob[..., None] * alpha[..., None]
    return np.clip(out, 0, 255).astype(np.uint8), pts


def card_scene(
    background: str = "wood",
    *,
    size: tuple[int, int] = (1280, 960),
    width_frac: float = 0.5,
    seed: int = 0,
    face: bool = True,
    **pose: float,
) -> tuple[np.ndarray, np.ndarray]:
    """An ID card photographed on a named background; returns (scene, corners)."""
    bg = BACKGROUNDS[background](size[0], size[1], seed)
    card, mask = id_card(face=face, seed=seed)
    return place(bg, card, mask, width_frac=width_frac, **pose)


def add_noise(img: np.ndarray, sigma: float, seed: int = 0) -> np.ndarray:
    """Gaussian sensor-like noise."""
    n = _rng(seed).normal(0, sigma, img.shape)
    return np.clip(img.astype(np.float32) + n, 0, 255).astype(np.uint8)


# -- photos and files ----------------------------------------------------------


def camera_photo(size: tuple[int, int] = (4032, 3024), sigma: float = 5.0, seed: int = 0) -> np.ndarray:
    """A real photo (astronaut) upscaled to a camera size with sensor noise."""
    src = astronaut()
    w, h = size
    crop = src[64:448] if w > h else src[:, 64:448]
    big = cv2.resize(crop, (w, h), interpolation=cv2.INTER_CUBIC)
    return add_noise(big, sigma, seed)


def encode(img: np.ndarray, fmt: str = "PNG", *, quality: int = 90, exif: bytes | None = None) -> bytes:
    """The bytes of ``img`` saved as PNG or JPEG (optionally with an EXIF block)."""
    buf = io.BytesIO()
    kw: dict = {"quality": quality} if fmt == "JPEG" else {}
    if exif is not None:
        kw["exif"] = exif
    Image.fromarray(img).save(buf, fmt, **kw)
    return buf.getvalue()


def camera_exif() -> bytes:
    """An EXIF block as a phone camera writes it: Make, Model, exposure."""
    import piexif

    return piexif.dump(
        {
            "0th": {piexif.ImageIFD.Make: b"Apple", piexif.ImageIFD.Model: b"iPhone 13"},
            "Exif": {
                piexif.ExifIFD.ExposureTime: (1, 120),
                piexif.ExifIFD.FNumber: (16, 10),
                piexif.ExifIFD.ISOSpeedRatings: 100,
            },
        }
    )


# -- screenshots ---------------------------------------------------------------


def _status_bar(d: ImageDraw.ImageDraw, w: int, bar_h: int, fg: tuple[int, int, int], clock_centre: bool) -> None:
    s = w / 1170
    clock = font(int(50 * s))
    tx = int(w / 2 - 55 * s) if clock_centre else int(110 * s)
    d.text((tx, int(bar_h * 0.3)), "9:41", fill=fg, font=clock)
    # signal bars, wifi wedge and battery on the right
    x0 = int(w - 300 * s)
    base = int(bar_h * 0.72)
    for i in range(4):
        d.rectangle([x0 + i * int(16 * s), base - int((12 + 8 * i) * s), x0 + i * int(16 * s) + int(10 * s), base], fill=fg)
    cx = int(w - 185 * s)
    d.pieslice([cx - int(26 * s), base - int(40 * s), cx + int(26 * s), base + int(12 * s)], 225, 315, fill=fg)
    bx = int(w - 130 * s)
    d.rounded_rectangle([bx, base - int(26 * s), bx + int(70 * s), base], radius=int(8 * s), outline=fg, width=max(1, int(3 * s)))
    d.rectangle([bx + int(6 * s), base - int(20 * s), bx + int(50 * s), base - int(6 * s)], fill=fg)


def app_screen(
    size: tuple[int, int] = (1170, 2532),
    *,
    dark: bool = False,
    status_bar: bool = True,
    clock_centre: bool = False,
    qr: bool = False,
) -> np.ndarray:
    """A fake phone app screen: status bar, coloured header, list rows, a button."""
    w, h = size
    s = w / 1170
    bg, fg, card = ((0, 0, 0), (235, 235, 240), (28, 28, 30)) if dark else ((242, 242, 247), (20, 20, 25), (255, 255, 255))
    im = Image.new("RGB", size, bg)
    d = ImageDraw.Draw(im)
    bar_h = int(141 * s)
    if status_bar:
        _status_bar(d, w, bar_h, fg, clock_centre)
    d.text((int(48 * s), bar_h + int(40 * s)), "My Trips", fill=fg, font=font(int(90 * s)))
    y = bar_h + int(200 * s)
    rows = ["Tokyo  ->  Shin-Osaka", "Nozomi 21  Car 7  Seat 12A", "Departs 09:30  Arrives 11:57", "Reservation E1234-5678"]
    for i in range(7):
        d.rounded_rectangle([int(40 * s), y, w - int(40 * s), y + int(230 * s)], radius=int(30 * s), fill=card)
        d.text((int(80 * s), y + int(40 * s)), rows[i % len(rows)], fill=fg, font=font(int(48 * s)))
        d.text((int(80 * s), y + int(130 * s)), "Passenger YAMADA TARO  Adult", fill=(130, 130, 140), font=font(int(40 * s)))
        y += int(270 * s)
        if y > h - int(500 * s):
            break
    d.rounded_rectangle([int(60 * s), h - int(300 * s), w - int(60 * s), h - int(170 * s)], radius=int(60 * s), fill=(10, 132, 255))
    d.text((int(w / 2 - 150 * s), h - int(270 * s)), "Show ticket", fill=(255, 255, 255), font=font(int(56 * s)))
    img = np.array(im)
    if qr:
        code = qr_code("E1234-5678 NOZOMI21 7-12A", module=max(2, int(12 * s)))
        q = code.shape[0]
        y0, x0 = bar_h + int(220 * s), (w - q) // 2
        img[y0 : y0 + q, x0 : x0 + q] = code[..., None]
    return img


# -- codes ---------------------------------------------------------------------


def qr_code(text: str, module: int = 8) -> np.ndarray:
    """A QR code (gray uint8, with quiet zone) made by zxing-cpp."""
    import zxingcpp

    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode)
    return np.ascontiguousarray(np.asarray(code.to_image(scale=module)))


def barcode(text: str, fmt: str, module: int = 3) -> np.ndarray:
    """Any zxing-cpp symbology by name (``PDF417``, ``Aztec``, ``DataMatrix``, ``Code128``)."""
    import zxingcpp

    code = zxingcpp.create_barcode(text, getattr(zxingcpp.BarcodeFormat, fmt))
    return np.ascontiguousarray(np.asarray(code.to_image(scale=module)))


def finder_patterns_only(module: int = 4, seed: int = 0) -> np.ndarray:
    """Three QR finder patterns with random modules between: looks like a QR, decodes as nothing."""
    rng = _rng(seed)
    n = 25
    grid = rng.random((n, n)) < 0.5
    for oy, ox in ((0, 0), (0, n - 7), (n - 7, 0)):
        grid[oy : oy + 7, ox : ox + 7] = False
        grid[oy : oy + 7, ox] = grid[oy : oy + 7, ox + 6] = True
        grid[oy, ox : ox + 7] = grid[oy + 6, ox : ox + 7] = True
        grid[oy + 2 : oy + 5, ox + 2 : ox + 5] = True
        # separators
        for yy in range(max(0, oy - 1), min(n, oy + 8)):
            for xx in range(max(0, ox - 1), min(n, ox + 8)):
                if not (oy <= yy < oy + 7 and ox <= xx < ox + 7):
                    grid[yy, xx] = False
    img = np.where(grid, 0, 255).astype(np.uint8)
    img = np.pad(img, 4, constant_values=255)
    return cv2.resize(img, None, fx=module, fy=module, interpolation=cv2.INTER_NEAREST)


def checkerboard(w: int = 640, h: int = 480, cell: int = 40) -> np.ndarray:
    """A black-and-white checkerboard (gray)."""
    y, x = np.mgrid[0:h, 0:w]
    return np.where(((x // cell) + (y // cell)) % 2 == 0, 0, 255).astype(np.uint8)


def on_canvas(patch: np.ndarray, size: tuple[int, int] = (800, 800), at: tuple[int, int] = (100, 100), fill: int = 255) -> np.ndarray:
    """A gray or RGB patch pasted on a plain RGB canvas."""
    w, h = size
    canvas = np.full((h, w, 3), fill, np.uint8)
    if patch.ndim == 2:
        patch = np.repeat(patch[..., None], 3, axis=2)
    ph, pw = patch.shape[:2]
    canvas[at[1] : at[1] + ph, at[0] : at[0] + pw] = patch
    return canvas
