"""Plan, render and save the labelled benchmark folder and its manifest.

The plan is a pure function of (count, seed, variant): which label, subtype
and presentation each file gets. Every file is rendered from its own seed
(derived from the master seed, the variant and its index), so the output is
the same bytes on every run and with any number of worker processes.

File names are neutral (``img_0001.jpg``) and the save format is drawn from a
distribution that every label shares (JPEG mostly, PNG, WebP, some HEIC), so
neither the name nor the type gives a label away.
"""

from __future__ import annotations

import csv
import hashlib
import io
import multiprocessing
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import piexif
from PIL import Image

from pii_scan.synth.cards import CARD_KINDS, CARD_MM, render_card
from pii_scan.synth.documents import render_document
from pii_scan.synth.photos import render_photo
from pii_scan.synth.present import PRESENTATIONS, Presented, present, upright_from_stored

__all__ = [
    "MANIFEST_COLUMNS", "Item", "Rendered", "build", "encode", "item_seed", "map_jobs", "plan", "plan_presentation", "plan_sample",
    "render_item", "spread", "with_progress", "write_csv",
]

T = TypeVar("T")
R = TypeVar("R")

MANIFEST_COLUMNS = ("file", "label", "subtype", "presentation", "variant", "seed")

#: Documents photographed as hard negatives (label ``photo``).
PHOTO_DOCUMENTS = ("receipt", "menu", "book_page", "business_card", "payment_card", "paper_ticket")
_PRESENTATION_WEIGHTS = {"scan": 0.2, "table": 0.35, "rotated_exif": 0.15, "small": 0.15, "low_light": 0.15}


@dataclass(frozen=True)
class Item:
    """One planned file."""

    index: int
    label: str  # id_card | ticket_screenshot | photo
    source: str  # card | document | screen | photo
    subtype: str
    presentation: str
    variant: str
    seed: int


def item_seed(seed: int, variant: str, index: int) -> int:
    """The render seed of file ``index`` of a set: a hash of the master seed, the variant and the index."""
    digest = hashlib.sha256(f"pii_scan.synth:{variant}:{seed}:{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def spread(rng: random.Random, options: Iterable[str], n: int) -> list[str]:
    """``n`` values cycling through ``options`` (shuffled), so every option appears about equally."""
    opts = list(options)
    out: list[str] = []
    while len(out) < n:
        rng.shuffle(opts)
        out.extend(opts)
    return out[:n]


def _weighted(rng: random.Random, weights: dict[str, float], n: int) -> list[str]:
    out: list[str] = []
    for name, w in weights.items():
        out += [name] * round(w * n)
    while len(out) < n:
        out.append("table")
    rng.shuffle(out)
    return out[:n]


def _screens() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from pii_scan.synth.screens import SCREEN_NEGATIVE_KINDS, TICKET_KINDS

    return TICKET_KINDS, SCREEN_NEGATIVE_KINDS


def plan(count: int, seed: int, variant: str = "main") -> list[Item]:
    """The list of files to make: about 30 % id_card, 30 % ticket_screenshot, 40 % photo.

    Half of the photos are hard negatives: photographed documents, scenes with
    signs, selfies and screenshots that are not tickets.
    """
    if variant not in ("main", "heldout"):
        raise ValueError("variant must be 'main' or 'heldout'")
    rng = random.Random(f"plan:{variant}:{seed}")
    ticket_kinds, negative_screens = _screens()
    n_id = round(count * 0.30)
    n_ticket = round(count * 0.30)
    n_photo = count - n_id - n_ticket
    n_hard = n_photo // 2
    n_docs = round(n_hard * 0.45)
    n_text = round(n_hard * 0.15)
    n_selfie = round(n_hard * 0.15)
    n_screen_neg = n_hard - n_docs - n_text - n_selfie
    n_scene = n_photo - n_hard

    rows: list[tuple[str, str, str, str]] = []
    rows += [("id_card", "card", k, p) for k, p in zip(spread(rng, CARD_KINDS, n_id),
                                                       _weighted(rng, _PRESENTATION_WEIGHTS, n_id))]
    rows += [("ticket_screenshot", "screen", k, "screenshot") for k in spread(rng, ticket_kinds, n_ticket)]
    doc_kinds = spread(rng, PHOTO_DOCUMENTS, n_docs)
    doc_pres = _weighted(rng, _PRESENTATION_WEIGHTS, n_docs)
    rows += [("photo", "document", k, "table" if (k == "paper_ticket" and p == "scan") else p)
             for k, p in zip(doc_kinds, doc_pres)]
    rows += [("photo", "photo", "text_scene", "camera")] * n_text
    rows += [("photo", "photo", "selfie", "camera")] * n_selfie
    rows += [("photo", "photo", "scene", "camera")] * n_scene
    rows += [("photo", "screen", k, "screenshot") for k in spread(rng, negative_screens, n_screen_neg)]
    rng.shuffle(rows)
    return [Item(i, lab, src, sub, pres, variant, item_seed(seed, variant, i))
            for i, (lab, src, sub, pres) in enumerate(rows)]


def plan_presentation(count: int, seed: int, presentation: str, variant: str = "main") -> list[Item]:
    """A pool of one presentation (e.g. ``small``): three quarters ID cards (every kind equally), a
    quarter photographed documents (hard negatives), so that one kind of shot can be studied at a
    sample size the mixed set gives it only across several seeds. Variant ``busy``: main-variant items
    on the busy surfaces (``present.background``), a development pool for cards on patterned ground;
    variant ``steep``: main-variant items shot by a camera tilted 30-55 degrees (``present.place_steep``)."""
    if presentation not in PRESENTATIONS:
        raise ValueError(f"unknown presentation {presentation!r}")
    if variant not in ("main", "heldout", "busy", "steep"):
        raise ValueError("variant must be 'main', 'heldout', 'busy' or 'steep'")
    rng = random.Random(f"pool:{presentation}:{variant}:{seed}")
    n_id = round(count * 0.75)
    rows = [("id_card", "card", k, presentation) for k in spread(rng, CARD_KINDS, n_id)]
    rows += [("photo", "document", k, "table" if (k == "paper_ticket" and presentation == "scan") else presentation)
             for k in spread(rng, PHOTO_DOCUMENTS, count - n_id)]
    rng.shuffle(rows)
    return [Item(i, lab, src, sub, pres, variant, item_seed(seed, f"{variant}-{presentation}", i))
            for i, (lab, src, sub, pres) in enumerate(rows)]


def plan_sample(seed: int = 0, variant: str = "main") -> list[Item]:
    """About 24 files balanced across labels, card kinds, presentations and hard negatives."""
    ticket_kinds, negative_screens = _screens()
    rng = random.Random(f"sample:{variant}:{seed}")
    pres = list(PRESENTATIONS)
    rows: list[tuple[str, str, str, str]] = []
    cards = list(CARD_KINDS)
    rng.shuffle(cards)
    rows += [("id_card", "card", k, pres[i % len(pres)]) for i, k in enumerate(cards[:8])]
    rows += [("ticket_screenshot", "screen", k, "screenshot") for k in rng.sample(list(ticket_kinds), min(7, len(ticket_kinds)))]
    rows += [("photo", "document", "receipt", "table"), ("photo", "document", "business_card", "rotated_exif"),
             ("photo", "document", "payment_card", "small"), ("photo", "document", "paper_ticket", "low_light"),
             ("photo", "photo", "text_scene", "camera"), ("photo", "photo", "selfie", "camera"),
             ("photo", "photo", "scene", "camera")]
    rows += [("photo", "screen", k, "screenshot") for k in rng.sample(list(negative_screens), min(2, len(negative_screens)))]
    rng.shuffle(rows)
    return [Item(i, lab, src, sub, p, variant, item_seed(seed, f"sample-{variant}", i))
            for i, (lab, src, sub, p) in enumerate(rows)]


# --------------------------------------------------------------------------- rendering


@dataclass
class Rendered:
    """Encoded file bytes, the extension they were saved with and the presentation used."""

    data: bytes
    ext: str
    presentation: str = ""


def _camera_format(rng: random.Random) -> tuple[str, int]:
    r = rng.random()
    if r < 0.76:
        return "jpeg", rng.randint(80, 95)
    if r < 0.86:
        return "webp", rng.randint(78, 92)
    if r < 0.93:
        return "png", 0
    return "heic", rng.randint(50, 75)


def _scan_format(rng: random.Random) -> tuple[str, int]:
    r = rng.random()
    if r < 0.55:
        return "jpeg", rng.randint(80, 95)
    if r < 0.9:
        return "png", 0
    return "webp", rng.randint(80, 92)


def _screen_format(rng: random.Random, meta: dict) -> tuple[str, int]:
    suggested = str(meta.get("fmt", "png")).lower()
    quality = int(meta.get("quality") or 85)
    r = rng.random()
    if r < 0.8:
        return ("jpeg", quality) if suggested in ("jpeg", "jpg") else ("png", 0)
    if r < 0.9:
        return "webp", rng.randint(75, 90)
    if r < 0.97:
        return "jpeg", rng.randint(75, 92)
    return "heic", rng.randint(50, 75)


def _with_dimensions(exif: bytes, size: tuple[int, int]) -> bytes:
    data = piexif.load(exif)
    data["Exif"][piexif.ExifIFD.PixelXDimension] = size[0]
    data["Exif"][piexif.ExifIFD.PixelYDimension] = size[1]
    return piexif.dump(data)


def encode(image: Image.Image, fmt: str, quality: int, exif: bytes | None) -> Rendered:
    """Encode ``image`` as ``fmt`` (jpeg, png, webp, heic) with ``exif`` where the format carries it."""
    buf = io.BytesIO()
    image = image.convert("RGB")
    if fmt == "jpeg":
        kwargs = {"quality": quality, "subsampling": 2 if quality < 90 else 0}
        if exif:
            kwargs["exif"] = exif
        image.save(buf, "JPEG", **kwargs)
        return Rendered(buf.getvalue(), "jpg")
    if fmt == "png":
        kwargs2: dict = {"compress_level": 6}
        if exif:
            kwargs2["exif"] = exif
        image.save(buf, "PNG", **kwargs2)
        return Rendered(buf.getvalue(), "png")
    if fmt == "webp":
        kwargs3: dict = {"quality": quality, "method": 3}
        if exif:
            kwargs3["exif"] = exif
        image.save(buf, "WEBP", **kwargs3)
        return Rendered(buf.getvalue(), "webp")
    if fmt == "heic":
        import pillow_heif

        # x265's default preset takes ~15 s for 12 MP; "ultrafast" ~2 s, and both are deterministic.
        params = {"quality": quality, "enc_params": {"preset": "ultrafast"}}
        if exif:
            params["exif"] = exif
        pillow_heif.from_pillow(image).save(buf, **params)
        return Rendered(buf.getvalue(), "heic")
    raise ValueError(f"unknown format {fmt!r}")


def _render_pixels(item: Item, rng: random.Random) -> tuple[Presented, tuple[str, int]]:
    heldout = item.variant == "heldout"
    if item.source == "screen":
        from pii_scan.synth.screens import render_screen

        img, meta = render_screen(item.subtype, rng, heldout=heldout)
        return Presented(img, None, "screenshot", camera=False), _screen_format(rng, meta)
    if item.source == "photo":
        pr = render_photo(item.subtype, rng, heldout=heldout)
        return pr, _camera_format(rng)
    if item.source == "card":
        flat, meta = render_card(item.subtype, rng, heldout=heldout)
        width_mm = CARD_MM[item.subtype][0]
    else:
        flat, meta = render_document(item.subtype, rng, heldout=heldout)
        width_mm = meta["size_mm"][0]
    pr = present(flat, rng, item.presentation, heldout=heldout, width_mm=width_mm, busy=item.variant == "busy",
                 steep=item.variant == "steep")
    return pr, (_scan_format(rng) if not pr.camera else _camera_format(rng))


def render_item(item: Item, *, max_side: int | None = None, png_max_side: int | None = None) -> Rendered:
    """Render and encode one planned file (deterministic for the item's seed).

    ``max_side`` caps the long side of every picture, ``png_max_side`` that of
    camera pictures saved as PNG (both only for the small committed excerpt).
    """
    rng = random.Random(item.seed)
    pr, (fmt, quality) = _render_pixels(item, rng)
    image, exif = pr.image, pr.exif
    if fmt == "png" and pr.camera:
        # A camera photo saved as PNG is an exported / edited copy: usually smaller than the sensor.
        max_side = min(max_side or 10**6, png_max_side or 10**6, rng.choice((1280, 1600, 2048)))
    if max_side is not None and max(image.size) > max_side:
        f = max_side / max(image.size)
        image = image.resize((round(image.width * f), round(image.height * f)), Image.Resampling.LANCZOS)
        if exif:
            exif = _with_dimensions(exif, image.size)
        if fmt == "jpeg":
            quality = min(quality, 88)
    presentation = pr.presentation
    if exif and fmt in ("png", "webp") and rng.random() < 0.5:
        # Edited or shared copies often lose their EXIF; the exporting app bakes the rotation in.
        orientation = piexif.load(exif)["0th"].get(piexif.ImageIFD.Orientation, 1)
        image = upright_from_stored(image, orientation)
        exif = None
        presentation = {"rotated_exif": "table", "camera_rotated_exif": "camera"}.get(presentation, presentation)
    out = encode(image, fmt, quality, exif)
    out.presentation = presentation
    return out


def _work(args: tuple[Item, str, int | None]) -> tuple[Item, str, str]:
    item, outdir, max_side = args
    rendered = render_item(item, max_side=max_side, png_max_side=max_side and max_side * 5 // 8)
    name = f"img_{item.index + 1:04d}.{rendered.ext}"
    (Path(outdir) / name).write_bytes(rendered.data)
    return item, name, rendered.presentation


def map_jobs(fn: Callable[[T], R], tasks: list[T], jobs: int) -> Iterator[R]:
    """``fn`` over ``tasks`` in ``jobs`` forked worker processes (results in completion order)."""
    if jobs <= 1:
        yield from map(fn, tasks)
        return
    ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with (ctx or multiprocessing).Pool(jobs) as pool:
        yield from pool.imap_unordered(fn, tasks, chunksize=2)


def with_progress(done: Iterator[R], total: int, progress: bool) -> Iterable[R]:
    """``done`` wrapped in a tqdm progress bar when ``progress`` is set."""
    if not progress:
        return done
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return done
    return tqdm(done, total=total, unit="img")


def build(outdir: Path, *, count: int = 600, seed: int = 0, variant: str = "main", sample: bool = False,
          presentation: str | None = None, jobs: int = 2, progress: bool = True) -> list[dict[str, str]]:
    """Write the images and ``manifest.csv`` (or, with ``sample``, the committed excerpt and ``labels.csv``;
    with ``presentation``, a pool of cards and documents in that presentation, ``plan_presentation``)."""
    outdir.mkdir(parents=True, exist_ok=True)
    if sample:
        items = plan_sample(seed, variant)
    elif presentation:
        items = plan_presentation(count, seed, presentation, variant)
    else:
        items = plan(count, seed, variant)
    rows: list[dict[str, str]] = []
    max_side = 1600 if sample else None
    done = map_jobs(_work, [(it, str(outdir), max_side) for it in items], jobs)
    for item, name, presentation in with_progress(done, len(items), progress):
        rows.append({"file": name, "label": item.label, "subtype": item.subtype, "presentation": presentation,
                     "variant": item.variant, "seed": str(item.seed)})
    rows.sort(key=lambda r: r["file"])
    if sample:
        write_csv(outdir / "labels.csv", ("file", "label", "subtype"), rows)
    else:
        write_csv(outdir / "manifest.csv", MANIFEST_COLUMNS, rows)
    return rows


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    """Write ``rows`` with ``columns`` as a CSV file (LF line ends, UTF-8)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
