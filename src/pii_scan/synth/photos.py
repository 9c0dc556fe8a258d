"""Ordinary camera photos (label ``photo``) built from real photographs shipped by packages.

Sources: scikit-image's bundled colour photographs (coffee, cat, motorcycle,
rocket, astronaut ...), matplotlib's Grace Hopper portrait and the nature
photographs of Debian's ``mate-backgrounds``. Main and held-out variants use
disjoint subsets of the scene photographs.

Kinds:

* ``scene``: a re-framed photograph (crop, flip, colour) at a camera size;
* ``text_scene``: a scene with a shop sign or poster standing in it, in
  perspective (incidental text that is not a document of a person);
* ``selfie``: a face close-up, mostly in portrait orientation.

Each returns a :class:`~pii_scan.synth.present.Presented` with camera EXIF,
sometimes stored rotated with a matching EXIF Orientation, like real phones.
"""

from __future__ import annotations

import functools
import importlib.util
import random
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageEnhance

from pii_scan.synth.documents import render_document
from pii_scan.synth.portraits import face_closeup, face_sources
from pii_scan.synth.present import (
    Presented,
    camera_exif,
    camera_size,
    composite,
    finish_camera,
    orient_for_exif,
    place_quad,
    relight,
)

__all__ = ["PHOTO_KINDS", "PORTRAIT_SHARE", "photo_pixels", "render_photo", "scene_sources"]

PHOTO_KINDS: tuple[str, ...] = ("scene", "text_scene", "selfie")

_MATE = Path("/usr/share/backgrounds/mate/nature")
_SCENES_MAIN = ("skimage:coffee.png", "skimage:chelsea.png", "skimage:motorcycle_left.png",
                "mate:Aqua.jpg", "mate:Blinds.jpg", "mate:Dune.jpg", "mate:FreshFlower.jpg", "mate:Garden.jpg",
                "mate:GreenMeadow.jpg", "mate:LadyBird.jpg")
_SCENES_HELDOUT = ("skimage:rocket.jpg", "skimage:hubble_deep_field.jpg", "skimage:motorcycle_right.png",
                   "mate:RainDrops.jpg", "mate:Storm.jpg", "mate:TwoWings.jpg", "mate:YellowFlower.jpg")


def _resolve(ref: str) -> str | None:
    where, name = ref.split(":", 1)
    if where == "mate":
        p = _MATE / name
        return str(p) if p.is_file() else None
    spec = importlib.util.find_spec("skimage")
    if spec is None or not spec.submodule_search_locations:
        return None
    p = Path(list(spec.submodule_search_locations)[0]) / "data" / name
    return str(p) if p.is_file() else None


@functools.lru_cache(maxsize=2)
def scene_sources(heldout: bool) -> tuple[str, ...]:
    """Paths of the scene photographs for a variant (people photos are shared by both)."""
    refs = _SCENES_HELDOUT if heldout else _SCENES_MAIN
    found = [p for p in (_resolve(r) for r in refs) if p]
    found += [s.path for s in face_sources()]
    return tuple(found)


@functools.lru_cache(maxsize=24)
def _load(path: str) -> Image.Image:
    return Image.open(path).convert("RGB")


def _reframe(img: Image.Image, rng: random.Random, size: tuple[int, int]) -> np.ndarray:
    """A random crop of ``img`` with the aspect of ``size``, resized to it, with colour jitter."""
    w, h = size
    aspect = w / h
    sw, sh = img.size
    cw = sw * rng.uniform(0.55, 1.0)
    ch = cw / aspect
    if ch > sh:
        ch = sh * rng.uniform(0.75, 1.0)
        cw = ch * aspect
    x0, y0 = rng.uniform(0, sw - cw), rng.uniform(0, sh - ch)
    crop = img.crop((int(x0), int(y0), int(x0 + cw), int(y0 + ch)))
    if rng.random() < 0.5:
        crop = crop.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    crop = ImageEnhance.Brightness(crop).enhance(rng.uniform(0.8, 1.15))
    crop = ImageEnhance.Color(crop).enhance(rng.uniform(0.8, 1.25))
    crop = ImageEnhance.Contrast(crop).enhance(rng.uniform(0.9, 1.15))
    return cv2.resize(np.asarray(crop), size, interpolation=cv2.INTER_CUBIC)


def _finish(arr: np.ndarray, rng: random.Random, heldout: bool, *, low: bool = False) -> Presented:
    arr = finish_camera(arr, rng, noise=rng.uniform(7, 12) if low else rng.uniform(1.5, 5),
                        blur=rng.choice((0.0, 0.0, 0.0, 0.8, 1.5)))
    upright = Image.fromarray(arr)
    orientation = rng.choices((1, 6, 8, 3), weights=(75, 15, 5, 5))[0]
    stored = orient_for_exif(upright, orientation)
    exif = camera_exif(rng, stored.size, orientation=orientation, heldout=heldout, low_light=low,
                       thumbnail=stored if rng.random() < 0.7 else None)
    return Presented(stored, exif, "camera" if orientation == 1 else "camera_rotated_exif", camera=True)


def _scene_pixels(rng: random.Random, heldout: bool, size: tuple[int, int]) -> tuple[np.ndarray, bool]:
    work = (size[0] // 2, size[1] // 2)
    arr = _reframe(_load(rng.choice(scene_sources(heldout))), rng, work)
    low = rng.random() < 0.12
    arr = np.clip(relight(arr.astype(np.float32), rng, low=low), 0, 255).astype(np.uint8)
    return cv2.resize(arr, size, interpolation=cv2.INTER_CUBIC), low


def _text_scene_pixels(rng: random.Random, heldout: bool, size: tuple[int, int]) -> tuple[np.ndarray, bool]:
    work = (size[0] // 2, size[1] // 2)
    bg = _reframe(_load(rng.choice(scene_sources(heldout))), rng, work)
    sign, _ = render_document(rng.choice(("shop_sign", "shop_sign", "poster")), rng, heldout=heldout)
    cover = rng.uniform(0.35, 0.8)
    f = cover * max(work) * 1.2 / max(sign.size)
    if f < 1:
        sign = sign.resize((int(sign.width * f), int(sign.height * f)), Image.Resampling.LANCZOS)
    quad = place_quad(rng, work, sign.size, cover, 10, rng.uniform(0.05, 0.3))
    arr = composite(bg, sign, quad, rng, shadow=rng.random() < 0.3, glare=rng.random() < 0.3)
    arr = np.clip(relight(arr, rng, low=False), 0, 255).astype(np.uint8)
    return cv2.resize(arr, size, interpolation=cv2.INTER_CUBIC), False


def _selfie_pixels(rng: random.Random, heldout: bool, size: tuple[int, int]) -> tuple[np.ndarray, bool]:
    face = face_closeup(rng, (size[0] // 2, size[1] // 2))
    return cv2.resize(np.asarray(face), size, interpolation=cv2.INTER_CUBIC), False


_PIXELS = {"scene": _scene_pixels, "text_scene": _text_scene_pixels, "selfie": _selfie_pixels}
#: Chance that a photo of each kind is taken in portrait orientation.
PORTRAIT_SHARE = {"scene": 0.4, "text_scene": 0.4, "selfie": 0.75}


def photo_pixels(kind: str, rng: random.Random, size: tuple[int, int], *,
                 heldout: bool = False) -> tuple[np.ndarray, bool]:
    """Upright, not yet camera-finished RGB pixels of a ``kind`` photo at ``size`` (w, h), and whether it is dim."""
    try:
        make = _PIXELS[kind]
    except KeyError:
        raise ValueError(f"unknown photo kind {kind!r}") from None
    return make(rng, heldout, size)


def render_photo(kind: str, rng: random.Random, *, heldout: bool = False) -> Presented:
    """A finished camera photo of ``kind`` (see :data:`PHOTO_KINDS`)."""
    if kind not in _PIXELS:
        raise ValueError(f"unknown photo kind {kind!r}")
    # Same size distribution for every kind, so size never tells a selfie apart.
    size = camera_size(rng, portrait=rng.random() < PORTRAIT_SHARE[kind])
    arr, low = photo_pixels(kind, rng, size, heldout=heldout)
    return _finish(arr, rng, heldout, low=low)
