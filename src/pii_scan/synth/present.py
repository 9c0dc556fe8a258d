"""How a flat card or document ends up in a phone's photo folder.

Presentations:

* ``scan``: flat, on a scanner bed, nearly straight, no camera EXIF;
* ``table``: photographed on a table / fabric / wood background with perspective,
  rotation, shadow, optional glare and blur, sensor noise, camera EXIF;
* ``rotated_exif``: as ``table`` but the pixels are stored rotated and the EXIF
  Orientation tag says how to turn them upright (as phones do);
* ``small``: the item covers only a small part of the frame;
* ``low_light``: dim, warm, noisy.

Photos are composed at a 4:3 camera size, landscape or portrait, with camera
EXIF (Make, Model, ExposureTime, FNumber, ISO, DateTime ...). The held-out
variant uses backgrounds (marble, cutting mat, gravel, brick) and camera
models that the main variant never uses. The busy-surface pool variant lays
main-variant items on patterned surfaces neither uses (terrazzo, carpet,
gingham, newsprint, close-up nature photos), for development only. The steep
pool variant photographs main-variant items with a pinhole camera tilted 30-55
degrees from straight above (``place_steep``): a card shot at a low angle,
foreshortened as a lens does it, which ``place_quad``'s keystone is not.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import io
import random
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import piexif
from PIL import Image, ImageDraw

from pii_scan.synth.common import font

__all__ = [
    "CAMERA_SIZES",
    "PRESENTATIONS",
    "Presented",
    "add_noise",
    "background",
    "camera_exif",
    "camera_size",
    "composite",
    "finish_camera",
    "orient_for_exif",
    "place_quad",
    "present",
    "relight",
    "upright_from_stored",
]

PRESENTATIONS: tuple[str, ...] = ("scan", "table", "rotated_exif", "small", "low_light")

#: Landscape (w, h) sizes of phone cameras, 4:3. Portrait shots swap them.
CAMERA_SIZES: tuple[tuple[int, int], ...] = (
    (4032, 3024), (4032, 3024), (4000, 3000), (3264, 2448), (2016, 1512), (1600, 1200), (2560, 1920),
)

_CAMERAS_MAIN = (("Apple", "iPhone 13"), ("Apple", "iPhone 12 mini"), ("Apple", "iPhone 14 Pro"),
                 ("Google", "Pixel 7a"), ("SHARP", "SH-M24"), ("Sony", "SO-51C"), ("samsung", "SM-S911B"))
_CAMERAS_HELDOUT = (("Xiaomi", "Redmi Note 11"), ("OPPO", "CPH2385"), ("FCNT", "F-52B"), ("motorola", "moto g53j 5G"))

# EXIF Orientation -> PIL transpose that turns the upright image into the stored pixels
# (the inverse of what a viewer applies to display them).
_STORE_TRANSPOSE = {
    3: Image.Transpose.ROTATE_180,
    6: Image.Transpose.ROTATE_90,
    8: Image.Transpose.ROTATE_270,
}


@dataclass
class Presented:
    """A finished picture: pixels as stored, EXIF bytes (or None) and how it was made."""

    image: Image.Image
    exif: bytes | None
    presentation: str
    camera: bool


# --------------------------------------------------------------------------- camera bits


def camera_size(rng: random.Random, *, portrait: bool) -> tuple[int, int]:
    """A 4:3 camera frame size; portrait swaps width and height."""
    w, h = rng.choice(CAMERA_SIZES)
    return (h, w) if portrait else (w, h)


def camera_exif(rng: random.Random, size: tuple[int, int], *, orientation: int = 1, heldout: bool = False,
                low_light: bool = False, thumbnail: Image.Image | None = None,
                camera: tuple[str, str] | None = None, when: dt.datetime | None = None) -> bytes:
    """Phone-camera EXIF for a stored image of ``size`` (w, h).

    ``camera`` (make, model) and ``when`` are drawn from ``rng`` unless given.
    """
    make, model = camera or rng.choice(_CAMERAS_HELDOUT if heldout else _CAMERAS_MAIN)
    if when is None:
        when = dt.datetime(2023, 1, 1) + dt.timedelta(seconds=rng.randint(0, 2 * 365 * 86400))
    stamp = when.strftime("%Y:%m:%d %H:%M:%S").encode()
    denom = rng.choice((15, 30, 60)) if low_light else rng.choice((60, 120, 250, 500, 1000, 2000))
    iso = rng.choice((800, 1250, 1600, 2500)) if low_light else rng.choice((25, 32, 50, 64, 100, 125, 200, 400))
    fnum = rng.choice(((15, 10), (16, 10), (17, 10), (18, 10), (19, 10), (22, 10)))
    zeroth = {
        piexif.ImageIFD.Make: make.encode(),
        piexif.ImageIFD.Model: model.encode(),
        piexif.ImageIFD.Orientation: orientation,
        piexif.ImageIFD.XResolution: (72, 1),
        piexif.ImageIFD.YResolution: (72, 1),
        piexif.ImageIFD.ResolutionUnit: 2,
        piexif.ImageIFD.Software: rng.choice((b"17.5.1", b"16.6", b"U1UE1A", b"HDR+ 1.0")),
        piexif.ImageIFD.DateTime: stamp,
    }
    exif_ifd = {
        piexif.ExifIFD.ExposureTime: (1, denom),
        piexif.ExifIFD.FNumber: fnum,
        piexif.ExifIFD.ISOSpeedRatings: iso,
        piexif.ExifIFD.DateTimeOriginal: stamp,
        piexif.ExifIFD.DateTimeDigitized: stamp,
        piexif.ExifIFD.FocalLength: (rng.choice((26, 42, 47, 55, 60)), 10),
        piexif.ExifIFD.PixelXDimension: size[0],
        piexif.ExifIFD.PixelYDimension: size[1],
        piexif.ExifIFD.ColorSpace: 1,
        piexif.ExifIFD.LensMake: make.encode(),
    }
    data: dict = {"0th": zeroth, "Exif": exif_ifd, "GPS": {}, "1st": {}, "thumbnail": None}
    if thumbnail is not None:
        thumb = thumbnail.convert("RGB").copy()
        thumb.thumbnail((160, 160))
        buf = io.BytesIO()
        thumb.save(buf, "JPEG", quality=75)
        data["thumbnail"] = buf.getvalue()
        data["1st"] = {piexif.ImageIFD.Compression: 6, piexif.ImageIFD.XResolution: (72, 1),
                       piexif.ImageIFD.YResolution: (72, 1), piexif.ImageIFD.ResolutionUnit: 2}
    return piexif.dump(data)


def orient_for_exif(upright: Image.Image, orientation: int) -> Image.Image:
    """The stored pixels that a viewer honouring ``orientation`` shows as ``upright``."""
    op = _STORE_TRANSPOSE.get(orientation)
    return upright.transpose(op) if op is not None else upright


def upright_from_stored(stored: Image.Image, orientation: int) -> Image.Image:
    """What a viewer honouring ``orientation`` shows: the inverse of :func:`orient_for_exif`."""
    op = _STORE_TRANSPOSE.get(orientation)
    if op is None:
        return stored
    inverse = {Image.Transpose.ROTATE_90: Image.Transpose.ROTATE_270,
               Image.Transpose.ROTATE_270: Image.Transpose.ROTATE_90}.get(op, op)
    return stored.transpose(inverse)


def _np_rng(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.getrandbits(63))


def _smooth_field(gen: np.random.Generator, size: tuple[int, int], cells: int, lo: float, hi: float) -> np.ndarray:
    """A low-frequency random field in [lo, hi] of ``size`` (w, h), float32 (h, w)."""
    w, h = size
    gw = max(2, cells)
    gh = max(2, int(cells * h / w))
    small = gen.random((gh, gw)).astype(np.float32)
    field = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    return lo + (hi - lo) * np.clip(field, 0, 1)


def add_noise(arr: np.ndarray, gen: np.random.Generator, sigma: float) -> np.ndarray:
    """Sensor-like noise: correlated luma noise plus a little chroma noise, uint8 out."""
    h, w = arr.shape[:2]
    luma = gen.standard_normal((h // 2 + 1, w // 2 + 1), dtype=np.float32)
    luma = cv2.resize(luma, (w, h), interpolation=cv2.INTER_LINEAR)[..., None] * sigma
    chroma = cv2.resize(gen.standard_normal((h // 4 + 1, w // 4 + 1, 3), dtype=np.float32), (w, h),
                        interpolation=cv2.INTER_LINEAR) * (sigma * 0.4)
    return np.clip(arr.astype(np.float32) + luma + chroma, 0, 255).astype(np.uint8)


def finish_camera(arr: np.ndarray, rng: random.Random, *, noise: float, blur: float = 0.0,
                  sharpen: bool = True) -> np.ndarray:
    """Camera pipeline look: optional blur, noise, mild unsharp masking."""
    gen = _np_rng(rng)
    if blur > 0.3:
        arr = cv2.GaussianBlur(arr, (0, 0), blur)
    arr = add_noise(arr, gen, noise)
    if sharpen:
        soft = cv2.GaussianBlur(arr, (0, 0), 1.2)
        arr = cv2.addWeighted(arr, 1.35, soft, -0.35, 0)
    return arr


# --------------------------------------------------------------------------- backgrounds


def _skimage_path(name: str) -> str | None:
    spec = importlib.util.find_spec("skimage")
    if spec is None or not spec.submodule_search_locations:
        return None
    p = Path(list(spec.submodule_search_locations)[0]) / "data" / name
    return str(p) if p.is_file() else None


_MATE = Path("/usr/share/backgrounds/mate/nature")


@functools.lru_cache(maxsize=16)
def _photo(path: str) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))


def _surface_photos(heldout: bool, busy: bool = False) -> list[str]:
    """Real photographs of surfaces usable as a table (main), held-out or busy-pool backdrop."""
    if busy:
        names = [str(_MATE / n) if (_MATE / n).is_file() else None for n in _BUSY_PHOTOS]
    elif heldout:
        names = [_skimage_path(n) for n in ("gravel.png", "brick.png", "grass.png")]
    else:
        names = [str(_MATE / "Wood.jpg") if (_MATE / "Wood.jpg").is_file() else None, _skimage_path("coffee.png")]
    return [n for n in names if n]


def _wood(gen: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    base = np.array(gen.choice([[150, 105, 65], [185, 140, 95], [110, 70, 45], [200, 170, 130], [90, 60, 40]]), np.float32)
    warp = _smooth_field(gen, size, 6, -40, 40)
    y = np.arange(h, dtype=np.float32)[:, None]
    freq = gen.uniform(0.03, 0.09)
    grain = np.sin((y + warp) * freq) * 0.5 + 0.5
    fine = _smooth_field(gen, (w, h), max(8, w // 6), 0.85, 1.1)
    shade = (0.78 + 0.22 * grain) * fine
    img = base[None, None, :] * shade[..., None]
    if gen.random() < 0.5:  # planks
        step = int(h / gen.integers(3, 7))
        img[::step, :, :] *= 0.55
    return img


def _fabric(gen: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    base = np.array(gen.choice([[60, 70, 110], [140, 40, 50], [70, 110, 80], [190, 185, 175], [45, 45, 50]]), np.float32)
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    period = gen.uniform(1.5, 3.0)
    weave = 0.9 + 0.1 * np.sign(np.sin(x * np.pi / period)) * np.sign(np.sin(y * np.pi / period))
    folds = _smooth_field(gen, size, 4, 0.75, 1.1)
    return base[None, None, :] * (weave * folds)[..., None]


def _desk(gen: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    base = np.array(gen.choice([[235, 235, 230], [200, 200, 205], [120, 125, 130], [230, 220, 200], [40, 40, 45]]), np.float32)
    return base[None, None, :] * _smooth_field(gen, size, 3, 0.85, 1.05)[..., None]


def _marble(gen: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    turb = _smooth_field(gen, size, 5, 0, 12) + _smooth_field(gen, size, 17, 0, 3)
    x = np.arange(w, dtype=np.float32)[None, :] / w * gen.uniform(4, 9)
    veins = np.abs(np.sin((x + turb) * np.pi)) ** 0.25
    base = np.array(gen.choice([[235, 232, 228], [60, 60, 64], [220, 210, 200]]), np.float32)
    return base[None, None, :] * (0.72 + 0.28 * veins)[..., None]


def _cutting_mat(gen: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    base = np.array(gen.choice([[40, 110, 80], [30, 60, 110], [50, 50, 55]]), np.float32)
    img = np.ones((h, w, 3), np.float32) * base
    step = max(6, int(w / gen.uniform(14, 30)))
    img[::step, :, :] = base * 1.6
    img[:, ::step, :] = base * 1.6
    return img * _smooth_field(gen, size, 3, 0.9, 1.05)[..., None]


#: Close-up nature photos (Debian's mate-backgrounds) the busy pool uses as surfaces.
_BUSY_PHOTOS = ("Dune.jpg", "RainDrops.jpg", "Blinds.jpg", "Storm.jpg")


def _terrazzo(gen: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    base = np.array(gen.choice([[225, 220, 210], [180, 175, 170], [90, 90, 95]]), np.float32)
    img = np.ones((h, w, 3), np.float32) * base
    chips = np.array([[40, 40, 40], [200, 90, 60], [250, 250, 245], [120, 130, 90], [60, 80, 140]], np.float32)
    for _ in range(w * h // 60):
        x, y, r = int(gen.integers(0, w)), int(gen.integers(0, h)), int(gen.integers(1, 4))
        cv2.circle(img, (x, y), r, chips[int(gen.integers(0, len(chips)))].tolist(), -1)
    return img


def _carpet(gen: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    base = np.array(gen.choice([[120, 40, 40], [60, 60, 90], [150, 140, 120], [70, 90, 70]]), np.float32)
    pile = 0.8 + 0.2 * np.clip(gen.standard_normal((h, w)).astype(np.float32), -2, 2)
    return base[None, None, :] * (pile * _smooth_field(gen, size, 4, 0.85, 1.1))[..., None]


def _gingham(gen: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    ink = np.array(gen.choice([[200, 40, 40], [40, 60, 150], [40, 120, 60]]), np.float32)
    paper = np.array([235, 235, 230], np.float32)
    step = max(4, int(w / gen.uniform(8, 20)))
    yy, xx = np.mgrid[:h, :w]
    share = (((xx // step) % 2) * 0.5 + ((yy // step) % 2) * 0.5).astype(np.float32)[..., None]
    return paper * (1 - share) + ink * share


_NEWS_WORDS = ("the of market city council said year new report people water school local week two police "
               "game station train weather prices budget").split()


def _newsprint(gen: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    page = Image.new("RGB", size, tuple(int(v) for v in gen.choice([[235, 230, 215], [220, 218, 210]])))
    draw = ImageDraw.Draw(page)
    fs = max(6, int(w / gen.uniform(60, 110)))
    fnt = font(fs, style="latin_serif")
    cols = int(gen.integers(2, 5))
    col_w = w // cols
    for c in range(cols):
        y = int(gen.integers(0, fs * 3))
        while y < h:
            draw.text((c * col_w + 4, y), " ".join(gen.choice(_NEWS_WORDS) for _ in range(12)), fill=(30, 30, 30), font=fnt)
            y += int(fs * 1.35)
        draw.line([(c * col_w, 0), (c * col_w, h)], fill=(90, 90, 90), width=1)
    return np.asarray(page).astype(np.float32)


def background(rng: random.Random, size: tuple[int, int], *, heldout: bool = False,
               busy: bool = False) -> tuple[np.ndarray, str]:
    """A table-like background of ``size`` (w, h) as uint8 RGB, and its kind name."""
    gen = _np_rng(rng)
    photos = _surface_photos(heldout, busy)
    if busy:
        kinds = ["terrazzo", "carpet", "gingham", "newsprint", "photo", "photo"]
    else:
        kinds = ["marble", "cutting_mat", "photo", "photo"] if heldout else ["wood", "fabric", "desk", "photo"]
    if not photos:
        kinds = [k for k in kinds if k != "photo"]
    kind = rng.choice(kinds)
    w, h = size
    small = (max(64, w // 4), max(48, h // 4))
    if kind == "photo":
        src = _photo(rng.choice(photos))
        sh, sw = src.shape[:2]
        scale = rng.uniform(0.5, 1.0)
        cw, ch = int(sw * scale), int(sw * scale * h / w)
        if ch > sh:
            ch, cw = sh, int(sh * w / h)
        x0, y0 = rng.randint(0, sw - cw), rng.randint(0, sh - ch)
        crop = src[y0 : y0 + ch, x0 : x0 + cw]
        if rng.random() < 0.5:
            crop = crop[:, ::-1]
        tint = np.array([rng.uniform(0.85, 1.15) for _ in range(3)], np.float32)
        img = cv2.resize(crop, size, interpolation=cv2.INTER_CUBIC).astype(np.float32) * tint
        return np.clip(img, 0, 255).astype(np.uint8), "photo"
    if kind == "newsprint":  # print drawn at full size: scaled up, it would blur into grey bands
        return np.clip(_newsprint(gen, size), 0, 255).astype(np.uint8), kind
    maker = {"wood": _wood, "fabric": _fabric, "desk": _desk, "marble": _marble, "cutting_mat": _cutting_mat,
             "terrazzo": _terrazzo, "carpet": _carpet, "gingham": _gingham}[kind]
    tex = maker(gen, small)
    img = cv2.resize(np.clip(tex, 0, 255).astype(np.uint8), size, interpolation=cv2.INTER_CUBIC)
    return img, kind


# --------------------------------------------------------------------------- composition


def place_quad(rng: random.Random, frame: tuple[int, int], item: tuple[int, int], cover: float,
               angle_range: float, tilt: float) -> np.ndarray:
    """Corners (tl, tr, br, bl) of the item in the frame: scaled, rotated, in perspective."""
    fw, fh = frame
    iw, ih = item
    # cover = fraction of the frame's shorter side that the item's longer side spans
    scale = cover * min(fw, fh) / max(iw, ih) * (fw / min(fw, fh)) ** 0.5
    w, h = iw * scale, ih * scale
    ang = np.deg2rad(rng.uniform(-angle_range, angle_range))
    rect = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]], np.float32)
    rot = np.array([[np.cos(ang), -np.sin(ang)], [np.sin(ang), np.cos(ang)]], np.float32)
    pts = rect @ rot.T
    # keystone: one edge shorter than the opposite one, plus corner wobble
    k = rng.uniform(0, tilt)
    edge = rng.randrange(4)
    a, b = edge, (edge + 1) % 4
    mid = (pts[a] + pts[b]) / 2
    pts[a] = mid + (pts[a] - mid) * (1 - k)
    pts[b] = mid + (pts[b] - mid) * (1 - k)
    pts += np.array([[rng.uniform(-1, 1) * tilt * 0.3 * w, rng.uniform(-1, 1) * tilt * 0.3 * h] for _ in range(4)],
                    np.float32)
    span = pts.max(0) - pts.min(0)
    if span[0] > fw * 0.96 or span[1] > fh * 0.96:  # shrink to fit the frame
        pts *= min(fw * 0.96 / span[0], fh * 0.96 / span[1])
        span = pts.max(0) - pts.min(0)
    lo = -pts.min(0)
    cx = rng.uniform(lo[0], fw - (pts.max(0)[0]))
    cy = rng.uniform(lo[1], fh - (pts.max(0)[1]))
    return (pts + np.array([cx, cy], np.float32)).astype(np.float32)


#: Tilt (degrees from looking straight down) of the steep pool's camera, and its focal length as a
#: share of the frame's long side (a phone's main camera).
STEEP_TILT, STEEP_FOCAL = (30.0, 55.0), 0.75


def place_steep(rng: random.Random, frame: tuple[int, int], item: tuple[int, int], cover: float,
                angle_range: float) -> np.ndarray:
    """Corners (tl, tr, br, bl) of the item lying on a table, turned up to ``angle_range`` degrees on
    it and photographed by a pinhole camera tilted ``STEEP_TILT`` degrees about a random axis.

    Its long side spans about what ``place_quad`` gives it (``cover``) at its centre. The camera
    backs off until the item fits the frame; failing that, ``place_quad`` places it.
    """
    fw, fh = frame
    iw, ih = item
    focal = STEEP_FOCAL * max(fw, fh)
    target = cover * min(fw, fh) * (fw / min(fw, fh)) ** 0.5
    turn = np.deg2rad(rng.uniform(-angle_range, angle_range))
    tilt = np.deg2rad(rng.uniform(*STEEP_TILT))
    axis = rng.uniform(0, 2 * np.pi)
    corners = np.array([[-iw / 2, -ih / 2], [iw / 2, -ih / 2], [iw / 2, ih / 2], [-iw / 2, ih / 2]])
    corners = corners @ np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]]).T
    spin = np.array([[np.cos(axis), -np.sin(axis), 0], [np.sin(axis), np.cos(axis), 0], [0, 0, 1]])
    lean = np.array([[1, 0, 0], [0, np.cos(tilt), -np.sin(tilt)], [0, np.sin(tilt), np.cos(tilt)]])
    plane = np.hstack([corners, np.zeros((4, 1))]) @ (spin @ lean @ spin.T).T
    depth = focal * max(iw, ih) / target
    for attempt in range(200):
        if attempt and attempt % 20 == 0:
            depth *= 1.1  # back off: the item does not fit where it is put
        u0, v0 = rng.uniform(0.15, 0.85) * fw, rng.uniform(0.15, 0.85) * fh
        cam = plane + np.array([(u0 - fw / 2) * depth / focal, (v0 - fh / 2) * depth / focal, depth])
        if (cam[:, 2] <= 0.1 * depth).any():
            continue
        pts = np.stack([focal * cam[:, 0] / cam[:, 2] + fw / 2, focal * cam[:, 1] / cam[:, 2] + fh / 2], axis=1)
        if (pts.min(axis=0) >= (0.01 * fw, 0.01 * fh)).all() and (pts.max(axis=0) <= (0.99 * fw, 0.99 * fh)).all():
            return pts.astype(np.float32)
    return place_quad(rng, frame, item, cover, angle_range, 0.0)


def composite(bg: np.ndarray, item: Image.Image, quad: np.ndarray, rng: random.Random, *,
               shadow: bool, glare: bool) -> np.ndarray:
    h, w = bg.shape[:2]
    rgba = np.asarray(item.convert("RGBA"))
    ih, iw = rgba.shape[:2]
    src = np.array([[0, 0], [iw, 0], [iw, ih], [0, ih]], np.float32)
    m = cv2.getPerspectiveTransform(src, quad)
    x0, y0 = np.floor(quad.min(0)).astype(int)
    x1, y1 = np.ceil(quad.max(0)).astype(int)
    pad = int(0.08 * max(x1 - x0, y1 - y0)) + 4
    bx0, by0, bx1, by1 = max(0, x0 - pad), max(0, y0 - pad), min(w, x1 + pad), min(h, y1 + pad)
    shift = np.array([[1, 0, -bx0], [0, 1, -by0], [0, 0, 1]], np.float64)
    warped = cv2.warpPerspective(rgba, shift @ m, (bx1 - bx0, by1 - by0), flags=cv2.INTER_AREA
                                 if (x1 - x0) < iw else cv2.INTER_LINEAR, borderValue=(0, 0, 0, 0))
    alpha = warped[..., 3:4].astype(np.float32) / 255.0
    out = bg.astype(np.float32)
    region = out[by0:by1, bx0:bx1]
    if shadow:
        sw = max(3, int(0.03 * (x1 - x0))) | 1
        off = (int(rng.uniform(-0.02, 0.03) * (x1 - x0)), int(rng.uniform(0.0, 0.04) * (y1 - y0)))
        sh = cv2.GaussianBlur(np.roll(alpha[..., 0], off, axis=(0, 1)), (sw * 2 + 1, sw * 2 + 1), 0)[..., None]
        region *= 1 - sh * rng.uniform(0.3, 0.6)
    fg = warped[..., :3].astype(np.float32)
    if glare:
        gh, gw = fg.shape[:2]
        cx, cy = rng.uniform(0.2, 0.8) * gw, rng.uniform(0.2, 0.8) * gh
        yy, xx = np.ogrid[:gh, :gw]
        r = rng.uniform(0.08, 0.25) * max(gw, gh)
        blob = np.exp(-(((xx - cx) / (r * rng.uniform(1, 2.5))) ** 2 + ((yy - cy) / r) ** 2)).astype(np.float32)
        fg = fg + blob[..., None] * rng.uniform(90, 200)
    region[:] = region * (1 - alpha) + np.clip(fg, 0, 255) * alpha
    return out


def relight(arr: np.ndarray, rng: random.Random, *, low: bool) -> np.ndarray:
    h, w = arr.shape[:2]
    gen = _np_rng(rng)
    light = _smooth_field(gen, (max(8, w // 16), max(6, h // 16)), 2, 0.7 if not low else 0.5, 1.08)
    light = cv2.resize(light, (w, h), interpolation=cv2.INTER_LINEAR)
    yy, xx = np.ogrid[:h, :w]
    vignette = 1 - rng.uniform(0.05, 0.3) * (((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2) / 2
    gain = light * vignette.astype(np.float32)
    if low:
        gain *= rng.uniform(0.22, 0.45)
        warm = np.array([1.08, 0.98, 0.82], np.float32)
    else:
        warm = np.array([rng.uniform(0.95, 1.06), 1.0, rng.uniform(0.92, 1.05)], np.float32)
    return arr * gain[..., None] * warm


def _scan(item: Image.Image, rng: random.Random, heldout: bool, width_mm: float | None) -> Presented:
    """A flatbed scan: the item on a white bed, almost straight, at a scanner resolution."""
    if rng.random() < 0.35 and width_mm is not None and width_mm < 180:
        # a whole A4 page (150 to 300 dpi) with the item near a corner
        page_w = rng.choice((1240, 1654, 2480))
        size = (page_w, int(page_w * 297 / 210))
        f = page_w * width_mm / 210 / item.width
        pos = (int(rng.uniform(0.04, 0.1) * size[0]), int(rng.uniform(0.03, 0.08) * size[1]))
    else:
        f = rng.choice((0.6, 0.8, 1.0, 1.0, 1.4, 2.0))
        iw, ih = item.width * f, item.height * f
        mx, my = int(iw * rng.uniform(0.02, 0.12)), int(ih * rng.uniform(0.02, 0.12))
        size = (int(iw) + 2 * mx + 8, int(ih) + 2 * my + 8)
        pos = (mx, my)
    it = item.resize((max(8, int(item.width * f)), max(8, int(item.height * f))), Image.Resampling.LANCZOS)
    bed = (rng.randint(236, 255),) * 3 if not heldout else (rng.randint(210, 235), rng.randint(215, 235), rng.randint(220, 240))
    canvas = Image.new("RGB", size, bed)
    it = it.rotate(rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC, expand=True)
    canvas.paste(it, pos, it)
    arr = add_noise(np.asarray(canvas), _np_rng(rng), rng.uniform(0.5, 2.0))
    return Presented(Image.fromarray(arr), None, "scan", camera=False)


def present(item: Image.Image, rng: random.Random, presentation: str, *, heldout: bool = False,
            width_mm: float | None = None, frame_size: tuple[int, int] | None = None,
            busy: bool = False, steep: bool = False) -> Presented:
    """Put a flat RGBA ``item`` into a scan or a camera photo according to ``presentation``.

    ``width_mm`` (the item's physical width) sizes it on a scanned A4 page. ``frame_size``
    (landscape w, h) fixes the camera frame instead of drawing one of :data:`CAMERA_SIZES`.
    ``busy``: a camera photo's surface is one of the busy pool's patterns. ``steep``: the camera is
    tilted 30-55 degrees (``place_steep``).
    """
    if presentation not in PRESENTATIONS:
        raise ValueError(f"unknown presentation {presentation!r}")
    if presentation == "scan":
        return _scan(item, rng, heldout, width_mm)
    tall = item.height > item.width * 1.2
    portrait = rng.random() < (0.8 if tall else 0.35)
    if frame_size is None:
        frame = camera_size(rng, portrait=portrait)
    else:
        frame = (frame_size[1], frame_size[0]) if portrait else frame_size
    # Compose at a working scale, then scale up to the camera size: cheap and still sharp enough.
    work_scale = 0.5 if max(frame) > 2600 else 1.0
    work = (int(frame[0] * work_scale), int(frame[1] * work_scale))
    bg, _ = background(rng, work, heldout=heldout, busy=busy)
    small = presentation == "small"
    cover = rng.uniform(0.14, 0.3) if small else rng.uniform(0.5, 0.92)
    item_scaled = item
    target_long = cover * max(work)
    if max(item.size) > target_long * 1.5:
        f = target_long * 1.2 / max(item.size)
        item_scaled = item.resize((max(8, int(item.width * f)), max(8, int(item.height * f))), Image.Resampling.LANCZOS)
    angle_range, keystone = 180 if small else rng.choice((4, 12, 25)), rng.uniform(0.02, 0.18)
    if steep:
        quad = place_steep(rng, work, item_scaled.size, cover, angle_range)
    else:
        quad = place_quad(rng, work, item_scaled.size, cover, angle_range, keystone)
    arr = composite(bg, item_scaled, quad, rng, shadow=rng.random() < 0.7, glare=rng.random() < 0.35)
    low = presentation == "low_light"
    arr = np.clip(relight(arr, rng, low=low), 0, 255).astype(np.uint8)
    if work != frame:
        arr = cv2.resize(arr, frame, interpolation=cv2.INTER_CUBIC)
    blur = rng.choice((0.0, 0.0, 0.0, 0.8, 1.5, 2.5))
    if rng.random() < 0.1:  # hand shake
        k = rng.randint(5, 13)
        kern = np.zeros((k, k), np.float32)
        kern[k // 2, :] = 1.0 / k
        kern = cv2.warpAffine(kern, cv2.getRotationMatrix2D((k / 2, k / 2), rng.uniform(0, 180), 1), (k, k))
        arr = cv2.filter2D(arr, -1, kern / max(kern.sum(), 1e-6))
    arr = finish_camera(arr, rng, noise=rng.uniform(7, 14) if low else rng.uniform(1.5, 5), blur=blur)
    upright = Image.fromarray(arr)
    orientation = 1
    if presentation == "rotated_exif":
        orientation = rng.choice((6, 6, 8, 3))
    stored = orient_for_exif(upright, orientation)
    exif = camera_exif(rng, stored.size, orientation=orientation, heldout=heldout, low_light=low,
                       thumbnail=stored if rng.random() < 0.7 else None)
    return Presented(stored, exif, presentation, camera=True)
