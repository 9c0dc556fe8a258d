"""A folder that looks like a phone's camera roll (``DCIM``), for speed and realism checks.

Unlike the main set (balanced labels, mixed sources and formats), this is what a
repair shop actually scans: one phone's ``DCIM`` folder where ordinary photos are
the large majority.

* camera pictures from one iPhone model, at 12 MP (4032x3024 sensor pixels),
  named ``DCIM/100APPLE/IMG_0001.JPG`` (200 per folder), in shooting order;
* phone storage: the pixels stay in sensor (landscape) order and EXIF Orientation
  6 / 8 turns portrait shots upright, 3 marks an upside-down one;
* JPEG quality 85-95 with 4:2:0 chroma, camera EXIF (Make, Model,
  DateTimeOriginal, ExposureTime, FNumber, ISO ...) and a 160x120 IFD1 thumbnail;
* about 10 % of the camera pictures are HEIC as iPhones write them: a 512 px
  tile grid with a 320 px HEIF thumbnail item (the EXIF Orientation becomes an
  ``irot`` transform);
* about 5 % photographed ID cards and 5 % ticket screenshots; the screenshots,
  and a few that are not tickets, are PNG at the device's resolution in
  ``DCIM/Screenshots/Screenshot_YYYYMMDD-HHMMSS.png``;
* a few hard negatives: selfies, signs in a scene, photographed receipts,
  menus, business and payment cards, paper tickets.

Every file is rendered from its own seed, so a re-run writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import piexif
from PIL import Image

from pii_scan.synth.build import (
    MANIFEST_COLUMNS,
    PHOTO_DOCUMENTS,
    Rendered,
    item_seed,
    map_jobs,
    spread,
    with_progress,
    write_csv,
)
from pii_scan.synth.cards import CARD_KINDS, CARD_MM, render_card
from pii_scan.synth.documents import render_document
from pii_scan.synth.photos import PORTRAIT_SHARE, photo_pixels
from pii_scan.synth.present import camera_exif, finish_camera, orient_for_exif, present, upright_from_stored

__all__ = ["DCIM_COUNT", "DCIM_FRAME", "DcimItem", "build_dcim", "plan_dcim", "render_dcim_item"]

#: Default number of files: enough that at least 300 of them are camera JPEGs.
DCIM_COUNT = 400
#: Sensor size (landscape w, h) of the camera pictures.
DCIM_FRAME = (4032, 3024)
VARIANT = "dcim"

_CAMERAS = (("Apple", "iPhone 13"), ("Apple", "iPhone 14 Pro"), ("Apple", "iPhone 12 mini"))
#: Share of the files per kind; ordinary scenes fill the rest.
_SHARES = {"card": 0.05, "ticket": 0.05, "screen": 0.03, "selfie": 0.05, "text_scene": 0.03, "document": 0.04}
_HEIC_SHARE = 0.10
_PER_FOLDER = 200
_CARD_PRESENTATIONS = ("table", "table", "table", "small", "low_light")


@dataclass(frozen=True)
class DcimItem:
    """One planned file of the camera roll."""

    index: int
    file: str  # path relative to the output folder
    label: str  # id_card | ticket_screenshot | photo
    source: str  # card | document | screen | photo
    subtype: str
    presentation: str  # card / document presentation; "camera" or "screenshot" otherwise
    fmt: str  # jpeg | heic | png
    when: dt.datetime
    camera: tuple[str, str]
    seed: int


def _timeline(rng: random.Random, n: int) -> list[dt.datetime]:
    """``n`` increasing shooting times: bursts of seconds to minutes, then hours or days apart."""
    t = dt.datetime(2025, 9, 1, 8) + dt.timedelta(seconds=rng.randint(0, 30 * 86400))
    out = []
    for _ in range(n):
        t += dt.timedelta(seconds=rng.randint(5, 900) if rng.random() < 0.6 else rng.randint(3600, 3 * 86400))
        out.append(t)
    return out


def plan_dcim(count: int = DCIM_COUNT, seed: int = 0) -> list[DcimItem]:
    """The files of a camera roll of ``count`` files, in shooting order (a pure function of its arguments)."""
    from pii_scan.synth.screens import SCREEN_NEGATIVE_KINDS, TICKET_KINDS

    rng = random.Random(f"plan:{VARIANT}:{seed}")
    n = {k: round(count * share) for k, share in _SHARES.items()}
    n_scene = count - sum(n.values())
    rows: list[tuple[str, str, str, str]] = []
    rows += [("id_card", "card", k, p) for k, p in zip(spread(rng, CARD_KINDS, n["card"]),
                                                       spread(rng, _CARD_PRESENTATIONS, n["card"]))]
    rows += [("ticket_screenshot", "screen", k, "screenshot") for k in spread(rng, TICKET_KINDS, n["ticket"])]
    rows += [("photo", "screen", k, "screenshot") for k in spread(rng, SCREEN_NEGATIVE_KINDS, n["screen"])]
    rows += [("photo", "document", k, p) for k, p in zip(spread(rng, PHOTO_DOCUMENTS, n["document"]),
                                                         spread(rng, _CARD_PRESENTATIONS, n["document"]))]
    rows += [("photo", "photo", "selfie", "camera")] * n["selfie"]
    rows += [("photo", "photo", "text_scene", "camera")] * n["text_scene"]
    rows += [("photo", "photo", "scene", "camera")] * n_scene
    rng.shuffle(rows)
    heic: set[int] = set()
    for source in ("card", "document", "photo"):  # HEIC in every kind of camera picture
        shots = [i for i, r in enumerate(rows) if r[1] == source]
        heic.update(rng.sample(shots, round(len(shots) * _HEIC_SHARE)))
    camera = rng.choice(_CAMERAS)
    items: list[DcimItem] = []
    number = 0
    for i, ((label, source, subtype, pres), when) in enumerate(zip(rows, _timeline(rng, count))):
        if source == "screen":
            fmt, file = "png", f"DCIM/Screenshots/Screenshot_{when:%Y%m%d-%H%M%S}.png"
        else:
            number += 1
            fmt = "heic" if i in heic else "jpeg"
            folder = f"{100 + (number - 1) // _PER_FOLDER}APPLE"
            file = f"DCIM/{folder}/IMG_{number:04d}.{'HEIC' if fmt == 'heic' else 'JPG'}"
        items.append(DcimItem(i, file, label, source, subtype, pres, fmt, when, camera,
                              item_seed(seed, VARIANT, i)))
    return items


# --------------------------------------------------------------------------- rendering


def _grain(arr: np.ndarray, rng: random.Random) -> np.ndarray:
    """Per-pixel luma grain, the fine detail a phone's denoiser leaves in."""
    gen = np.random.default_rng(rng.getrandbits(63))
    sigma = rng.uniform(0.8, 2.0)
    noise = gen.standard_normal(arr.shape[:2], dtype=np.float32) * sigma
    return np.clip(arr + noise[..., None], 0, 255).astype(np.uint8)


def _photo(item: DcimItem, rng: random.Random, frame: tuple[int, int]) -> tuple[Image.Image, bool]:
    portrait = rng.random() < PORTRAIT_SHARE[item.subtype]
    size = (frame[1], frame[0]) if portrait else frame
    arr, low = photo_pixels(item.subtype, rng, size)
    arr = finish_camera(arr, rng, noise=rng.uniform(7, 12) if low else rng.uniform(1.5, 5),
                        blur=rng.choice((0.0, 0.0, 0.0, 0.0, 0.7)))
    return Image.fromarray(_grain(arr, rng)), low


def _photographed(item: DcimItem, rng: random.Random, frame: tuple[int, int]) -> Image.Image:
    """A card or document photographed (upright pixels; the storage orientation is chosen later)."""
    if item.source == "card":
        flat, _ = render_card(item.subtype, rng)
        width_mm = CARD_MM[item.subtype][0]
    else:
        flat, meta = render_document(item.subtype, rng)
        width_mm = meta["size_mm"][0]
    pr = present(flat, rng, item.presentation, width_mm=width_mm, frame_size=frame)
    orientation = piexif.load(pr.exif)["0th"].get(piexif.ImageIFD.Orientation, 1) if pr.exif else 1
    return upright_from_stored(pr.image, orientation)


def _store_orientation(upright: Image.Image, rng: random.Random) -> int:
    """The EXIF Orientation a phone writes: sensor-order pixels, portrait shots tagged 6 (or 8)."""
    if upright.height > upright.width:
        return 6 if rng.random() < 0.85 else 8
    return 3 if rng.random() < 0.04 else 1


def _encode_camera(stored: Image.Image, rng: random.Random, item: DcimItem, orientation: int,
                   low: bool) -> bytes:
    buf = io.BytesIO()
    if item.fmt == "heic":
        import pillow_heif

        exif = camera_exif(rng, stored.size, orientation=orientation, low_light=low, camera=item.camera,
                           when=item.when)
        # Apple's layout: 512 px HEVC tiles and a 320 px thumbnail item; "ultrafast" keeps 12 MP at ~3 s.
        thumb = min(320, max(stored.size) // 2)
        pillow_heif.from_pillow(stored).save(buf, quality=rng.randint(50, 65), exif=exif, thumbnails=[thumb],
                                             tile_size=512, enc_params={"preset": "ultrafast"})
    else:
        exif = camera_exif(rng, stored.size, orientation=orientation, low_light=low, camera=item.camera,
                           when=item.when, thumbnail=stored)
        stored.save(buf, "JPEG", quality=rng.randint(85, 95), subsampling=2, exif=exif)  # 2 = 4:2:0
    return buf.getvalue()


def _screenshot(item: DcimItem) -> bytes:
    """A full-screen PNG at the device's resolution (redrawn if the generator cropped or shrank it)."""
    from pii_scan.synth.screens import render_screen

    for attempt in range(20):
        img, meta = render_screen(item.subtype, random.Random(f"{item.seed}:{attempt}"), heldout=False)
        if meta["crop"] is None and meta["downscale"] is None:
            break
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "PNG", compress_level=6)
    return buf.getvalue()


def render_dcim_item(item: DcimItem, *, frame: tuple[int, int] = DCIM_FRAME) -> Rendered:
    """Encode one planned file; ``frame`` is the sensor size (smaller only in tests)."""
    if item.source == "screen":
        return Rendered(_screenshot(item), "png", "screenshot")
    rng = random.Random(item.seed)
    if item.source == "photo":
        upright, low = _photo(item, rng, frame)
    else:
        upright, low = _photographed(item, rng, frame), item.presentation == "low_light"
    orientation = _store_orientation(upright, rng)
    stored = orient_for_exif(upright, orientation)
    presentation = item.presentation + ("_rotated_exif" if orientation != 1 else "")
    return Rendered(_encode_camera(stored, rng, item, orientation, low), item.fmt, presentation)


def _work(args: tuple[DcimItem, str, tuple[int, int]]) -> tuple[DcimItem, str]:
    item, outdir, frame = args
    rendered = render_dcim_item(item, frame=frame)
    path = Path(outdir) / item.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(rendered.data)
    return item, rendered.presentation


def build_dcim(outdir: Path, *, count: int = DCIM_COUNT, seed: int = 0, jobs: int = 2, progress: bool = True,
               frame: tuple[int, int] = DCIM_FRAME) -> list[dict[str, str]]:
    """Write the camera-roll folder and ``manifest.csv`` (``file`` relative to ``outdir``)."""
    outdir.mkdir(parents=True, exist_ok=True)
    items = plan_dcim(count, seed)
    done = map_jobs(_work, [(it, str(outdir), frame) for it in items], jobs)
    rows = [{"file": item.file, "label": item.label, "subtype": item.subtype, "presentation": presentation,
             "variant": VARIANT, "seed": str(item.seed)}
            for item, presentation in with_progress(done, len(items), progress)]
    rows.sort(key=lambda r: r["file"])
    write_csv(outdir / "manifest.csv", MANIFEST_COLUMNS, rows)
    return rows
