"""Real face photographs from files that installed packages ship (no download).

Sources: scikit-image's ``astronaut.png`` and matplotlib's ``grace_hopper.jpg``
(pip ``matplotlib`` or Debian ``python-matplotlib-data``). Each portrait is a
head-and-shoulders crop with its own jitter of crop, flip, tilt, colour,
brightness and (like an ID photo) an optional plain backdrop, so two cards
rarely carry the same pixels.
"""

from __future__ import annotations

import functools
import importlib.util
import random
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageEnhance, ImageOps

__all__ = ["FaceSource", "face_closeup", "face_sources", "portrait"]


@dataclass(frozen=True)
class FaceSource:
    """A photograph and the face box (x, y, w, h) found in it by a frontal-face detector."""

    name: str
    path: str
    face: tuple[int, int, int, int]


def _skimage_file(name: str) -> str | None:
    spec = importlib.util.find_spec("skimage")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / name
    return str(path) if path.is_file() else None


def _matplotlib_file(name: str) -> str | None:
    candidates = [Path("/usr/share/matplotlib/mpl-data/sample_data") / name]
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.submodule_search_locations:
        candidates.insert(0, Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "sample_data" / name)
    return next((str(p) for p in candidates if p.is_file()), None)


@functools.lru_cache(maxsize=1)
def face_sources() -> tuple[FaceSource, ...]:
    """The face photographs available on this machine (at least the astronaut)."""
    found = []
    astro = _skimage_file("astronaut.png")
    if astro:
        found.append(FaceSource("astronaut", astro, (177, 66, 95, 95)))
    hopper = _matplotlib_file("grace_hopper.jpg")
    if hopper:
        found.append(FaceSource("grace_hopper", hopper, (160, 110, 212, 212)))
    if not found:
        raise FileNotFoundError("no face photograph found: install scikit-image (and python-matplotlib-data)")
    return tuple(found)


@functools.lru_cache(maxsize=8)
def _load(path: str) -> Image.Image:
    return Image.open(path).convert("RGB")


_BACKDROPS_MAIN = ((236, 240, 246), (200, 222, 240), (250, 250, 250), (214, 218, 224))
_BACKDROPS_HELDOUT = ((226, 232, 212), (246, 228, 214), (190, 196, 206))


def _backdrop_mask(size: tuple[int, int], face: tuple[float, float, float, float]) -> np.ndarray:
    """Soft mask (1 = person) covering the head ellipse and the shoulders below it."""
    w, h = size
    fx, fy, fw, fh = face
    mask = np.zeros((h, w), np.uint8)
    cx, cy = int(fx + fw / 2), int(fy + fh * 0.42)
    cv2.ellipse(mask, (cx, cy), (int(fw * 0.62), int(fh * 0.78)), 0, 0, 360, 255, -1)
    neck_y = int(fy + fh * 0.95)
    shoulder_y = int(fy + fh * 1.35)
    pts = np.array([[cx - fw * 0.35, neck_y], [cx + fw * 0.35, neck_y], [cx + fw * 1.3, shoulder_y],
                    [w + 10, h + 10], [-10, h + 10], [cx - fw * 1.3, shoulder_y]], np.int32)
    cv2.fillPoly(mask, [pts], 255)
    k = max(3, int(fw * 0.12)) | 1
    return cv2.GaussianBlur(mask, (k, k), 0).astype(np.float32)[..., None] / 255.0


def _jitter_colour(img: Image.Image, rng: random.Random, strength: float) -> Image.Image:
    img = ImageEnhance.Brightness(img).enhance(1 + rng.uniform(-0.15, 0.15) * strength)
    img = ImageEnhance.Contrast(img).enhance(1 + rng.uniform(-0.15, 0.2) * strength)
    img = ImageEnhance.Color(img).enhance(1 + rng.uniform(-0.35, 0.2) * strength)
    arr = np.asarray(img).astype(np.float32)
    tint = np.array([rng.uniform(-8, 8) for _ in range(3)], np.float32) * strength
    return Image.fromarray(np.clip(arr + tint, 0, 255).astype(np.uint8))


def portrait(
    rng: random.Random,
    size: tuple[int, int],
    *,
    heldout: bool = False,
    backdrop: bool | None = None,
    grayscale: bool = False,
) -> Image.Image:
    """A head-and-shoulders ID-style photo of ``size`` (w, h), drawn from a real photograph."""
    src = rng.choice(face_sources())
    img = _load(src.path)
    fx, fy, fw, fh = src.face
    out_w, out_h = size
    crop_h = fh * rng.uniform(1.9, 2.6)
    crop_w = crop_h * out_w / out_h
    cx = fx + fw / 2 + rng.uniform(-0.08, 0.08) * fw
    top = fy - fh * rng.uniform(0.28, 0.5)
    box = (cx - crop_w / 2, top, cx + crop_w / 2, top + crop_h)
    angle = rng.uniform(-4, 4)
    rotated = img.rotate(angle, resample=Image.Resampling.BICUBIC, center=(fx + fw / 2, fy + fh / 2),
                         fillcolor=(128, 128, 128))
    # Pad so that crops running off the photo repeat its edge instead of showing black.
    pad = int(max(crop_w, crop_h))
    padded = cv2.copyMakeBorder(np.asarray(rotated), pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    x0, y0 = int(box[0]) + pad, int(box[1]) + pad
    crop = padded[y0 : y0 + int(crop_h), x0 : x0 + int(crop_w)]
    scale = out_h / crop.shape[0]
    crop = cv2.resize(crop, (out_w, out_h), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    face_in_crop = ((fx + pad - x0) * scale, (fy + pad - y0) * scale, fw * scale, fh * scale)

    use_backdrop = rng.random() < 0.65 if backdrop is None else backdrop
    if use_backdrop:
        colour = rng.choice(_BACKDROPS_HELDOUT if heldout else _BACKDROPS_MAIN)
        mask = _backdrop_mask((out_w, out_h), face_in_crop)
        shade = np.linspace(1.0, rng.uniform(0.86, 1.0), out_h, dtype=np.float32)[:, None, None]
        bg = np.asarray(colour, np.float32)[None, None, :] * shade
        crop = (crop.astype(np.float32) * mask + bg * (1 - mask)).clip(0, 255).astype(np.uint8)
    out = Image.fromarray(crop)
    if rng.random() < 0.5:
        out = ImageOps.mirror(out)
    out = _jitter_colour(out, rng, 1.6 if heldout else 1.0)
    if grayscale:
        out = ImageOps.grayscale(out).convert("RGB")
    return out


def face_closeup(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """A selfie-like framing: the face large, off-centre, with some of the scene around it."""
    src = rng.choice(face_sources())
    img = _load(src.path)
    fx, fy, fw, fh = src.face
    out_w, out_h = size
    crop_w = min(img.width, fw * rng.uniform(1.6, 3.2))
    crop_h = crop_w * out_h / out_w
    if crop_h > img.height:
        crop_h = img.height
        crop_w = crop_h * out_w / out_h
    cx = fx + fw / 2 + rng.uniform(-0.25, 0.25) * crop_w
    cy = fy + fh / 2 + rng.uniform(-0.1, 0.25) * crop_h
    x0 = min(max(0.0, cx - crop_w / 2), img.width - crop_w)
    y0 = min(max(0.0, cy - crop_h / 2), img.height - crop_h)
    crop = img.crop((int(x0), int(y0), int(x0 + crop_w), int(y0 + crop_h)))
    crop = crop.rotate(rng.uniform(-8, 8), resample=Image.Resampling.BICUBIC, expand=False)
    m = 0.08  # trim the corners the tilt left empty
    crop = crop.crop((int(crop.width * m), int(crop.height * m), int(crop.width * (1 - m)), int(crop.height * (1 - m))))
    crop = crop.resize(size, Image.Resampling.BICUBIC)
    if rng.random() < 0.7:  # front cameras mirror the preview
        crop = ImageOps.mirror(crop)
    return _jitter_colour(crop, rng, 1.0)
