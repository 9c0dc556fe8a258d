"""Where a file sits on a pulled phone: in a trash, in a thumbnail cache, or neither.

Path rules only (plus one size rule); see docs/phone-layout.md for the
conventions behind them:

* Android 11+ MediaStore trash renames a file in place to
  ``.trashed-<expiry epoch seconds>-<original name>`` (kept 30 days);
* gallery and file-manager trash folders: ``.Trash``, ``.trash``,
  ``.Trashes``, ``.Trash-<uid>``, ``.trashBin``, ``.RecycleBin``,
  ``.recycle``, ``$RECYCLE.BIN``, ``Recently Deleted`` ...;
* thumbnail caches: ``DCIM/.thumbnails`` (MediaStore, before Android 10),
  ``.thumbdata*`` blobs, ``Thumbnails`` / ``.thumbs`` folders, app
  ``cache`` folders;
* any readable image whose long side is at most ``THUMB_MAX_SIDE`` px is a
  thumbnail too (gallery caches hold 96-512 px copies).

Trash wins over thumbnail: a thumbnail inside a trash folder is "trashed".
"""

from __future__ import annotations

import dataclasses
import re

from pii_scan.models import ImageResult

__all__ = [
    "THUMBNAIL",
    "THUMB_MAX_SIDE",
    "TRASHED",
    "is_thumbdata",
    "is_thumbnail_dir",
    "location_of",
    "scan_order",
    "trashed_name",
    "with_location",
]

TRASHED = "trashed"
THUMBNAIL = "thumbnail"
#: Long side (px) up to which an image is taken for a thumbnail wherever it sits.
THUMB_MAX_SIDE = 512

#: Android MediaProvider's in-place trash name (case-insensitive prefix).
_TRASHED_FILE = re.compile(r"^\.trashed-(\d+)-(.+)$", re.IGNORECASE)
_TRASH_DIR = re.compile(
    r"^(?:\.?trash(?:es|bin|-\d+)?|\.?recycle(?:[ _.-]?bin)?|\$recycle\.bin|\.globaltrash|recently deleted)$",
    re.IGNORECASE,
)
_THUMB_DIR = re.compile(r"^(?:\.?thumbnails?|\.?thumbs|\.thumbcache|\.?cache|caches?)$", re.IGNORECASE)
#: Folders that hold only thumbnails (not general app caches): unknown files here are reported.
_THUMB_ONLY_DIR = re.compile(r"^(?:\.?thumbnails?|\.?thumbs|\.thumbcache)$", re.IGNORECASE)
_THUMBDATA = re.compile(r"^\.?thumbdata\d*", re.IGNORECASE)


def _parts(path: str) -> list[str]:
    return [p for p in re.split(r"[\\/]+", path) if p]


def trashed_name(name: str) -> str | None:
    """The original file name inside an Android ``.trashed-<expiry>-<name>``, or None."""
    m = _TRASHED_FILE.match(name)
    return m.group(2) if m else None


def is_thumbdata(name: str) -> bool:
    """True for an Android ``.thumbdata*`` thumbnail blob (many small JPEGs in one file)."""
    return bool(_THUMBDATA.match(name))


def is_thumbnail_dir(path: str) -> bool:
    """True when some folder of ``path`` holds only thumbnails (``.thumbnails``, ``Thumbnails``, ``.thumbs``)."""
    return any(_THUMB_ONLY_DIR.match(p) for p in _parts(path)[:-1])


def location_of(path: str, width: int | None = None, height: int | None = None) -> str | None:
    """``"trashed"``, ``"thumbnail"`` or None for a file's path (and pixel size, when known).

    Give the path below the scanned folder: the folders above it (a user's
    ``~/.cache``) say nothing about the phone.
    """
    parts = _parts(path)
    name, folders = (parts[-1], parts[:-1]) if parts else ("", [])
    if trashed_name(name) is not None or any(_TRASH_DIR.match(f) for f in folders):
        return TRASHED
    if is_thumbdata(name) or any(_THUMB_DIR.match(f) for f in folders):
        return THUMBNAIL
    if width and height and max(width, height) <= THUMB_MAX_SIDE:
        return THUMBNAIL
    return None


#: Folders where phones write originals: the camera roll and screenshots.
_ORIGINALS_DIR = re.compile(r"^(?:dcim|screenshots?|screen ?captures?)$", re.IGNORECASE)


def scan_order(path: str, location: str | None) -> int:
    """Rank for the scan order: 0 camera and screenshot folders, 1 elsewhere, 2 thumbnail caches.

    Originals first, then messenger and download copies, then cached
    thumbnails: a streaming scan then usually meets an original before its
    copies, which can inherit its flag (``copies.CopyGrouper``).
    """
    if location == THUMBNAIL:
        return 2
    return 0 if any(_ORIGINALS_DIR.match(p) for p in _parts(path)[:-1]) else 1


def with_location(r: ImageResult, hint: str | None = None) -> ImageResult:
    """``r`` with ``location`` filled in: ``hint`` (from the path, see ``discover``), else the size rule.

    Unchanged if ``r.location`` is already set.
    """
    if r.location is not None:
        return r
    loc = hint or location_of("", r.width, r.height)
    return dataclasses.replace(r, location=loc) if loc else r
