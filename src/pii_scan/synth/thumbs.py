"""Thumbnail variant of a built set: what a gallery's thumbnail cache holds.

Gallery apps and Android's MediaStore keep small upright JPEG copies of
every picture (96-512 px on the long side, no EXIF). For each listed image
of a set (by default only the positives) this writes ``thumbs/<stem>.jpg``
with the long side at ``side`` px and a manifest whose ``variant`` column is
``thumb<side>``, so ``pii-scan bench`` reports their recall separately.
Thumbnails are named by their source's stem, so they can be matched to it.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from PIL import Image, ImageOps

from pii_scan.synth.build import MANIFEST_COLUMNS

__all__ = ["THUMB_SIDE", "build_thumbnails", "make_thumbnail"]

#: Long side of the thumbnails, in pixels (a gallery grid thumbnail).
THUMB_SIDE = 320
_QUALITY = 80


def make_thumbnail(path: str | os.PathLike[str], side: int = THUMB_SIDE) -> Image.Image:
    """An upright RGB copy of an image file with its long side at ``side`` px (never enlarged)."""
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:
        pass
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im).convert("RGB")
        im.thumbnail((side, side), Image.Resampling.LANCZOS)
        return im


def build_thumbnails(
    source: Path, outdir: Path, *, side: int = THUMB_SIDE, positives_only: bool = True
) -> list[dict[str, str]]:
    """Write thumbnails of the images listed in ``source``/manifest.csv to ``outdir/thumbs/``.

    Returns their manifest rows (``file`` relative to ``outdir``); the caller writes the manifest.
    """
    with open(source / "manifest.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if not r.get("variant", "").startswith("thumb")]
    (outdir / "thumbs").mkdir(parents=True, exist_ok=True)
    out: list[dict[str, str]] = []
    for row in rows:
        if positives_only and row["label"] == "photo":
            continue
        name = f"thumbs/{Path(row['file']).stem}.jpg"
        make_thumbnail(source / row["file"], side).save(outdir / name, "JPEG", quality=_QUALITY)
        out.append({**{c: row.get(c, "") for c in MANIFEST_COLUMNS}, "file": name, "variant": f"thumb{side}"})
    return out
