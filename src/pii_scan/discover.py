"""Find the image files under a path, by content, read-only.

A file is a candidate when its first bytes are an image signature, or when
its name says it is an image (so a broken ``.jpg`` gets a clear error
rather than being skipped silently). Symlinks are followed with loop
detection; FIFOs, sockets and devices are never opened. Hidden files and
folders are included by default: trash folders and thumbnail caches are
where residual images hide. In a thumbnail cache nothing is skipped
silently: a file there that is not an image (an Android ``.thumbdata*``
blob of concatenated thumbnails, an unknown format) is listed with an
"unsupported" error so the report says it was seen and not read.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from pii_scan.decode import sniff_format
from pii_scan.location import is_thumbdata, is_thumbnail_dir, location_of, scan_order

__all__ = ["IMAGE_SUFFIXES", "Candidate", "discover"]

#: File name endings that claim to be an image.
IMAGE_SUFFIXES = frozenset(
    ".jpg .jpeg .jpe .jfif .png .webp .gif .bmp .dib .tif .tiff .heic .heif .hif .avif".split()
)


@dataclass(frozen=True)
class Candidate:
    """A path to scan, or a path that could not be visited and why.

    ``location`` is where the path sits on the phone, from its path below
    the scanned folder (``location.location_of``): "trashed", "thumbnail" or None.
    """

    path: str
    error: str | None = None
    location: str | None = None


def _head(path: str) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return b""
    try:
        return os.read(fd, 32)
    except OSError:
        return b""
    finally:
        os.close(fd)


def _display(path: str) -> str:
    return os.fsdecode(path) if isinstance(path, bytes) else path


def _visit_file(path: str, st: os.stat_result, rel: str) -> Candidate | None:
    claims_image = os.path.splitext(path)[1].lower() in IMAGE_SUFFIXES
    loc = location_of(rel)
    if not stat.S_ISREG(st.st_mode):
        return Candidate(path, f"{path}: not a regular file", loc) if claims_image else None
    if claims_image:
        return Candidate(path, location=loc)
    if st.st_size >= 8 and sniff_format(_head(path)) is not None:
        return Candidate(path, location=loc)
    return _unsupported(path, st, rel, loc)


#: Empty marker files a media cache holds (Android's "do not index this folder").
_MARKERS = frozenset({".nomedia"})


def _unsupported(path: str, st: os.stat_result, rel: str, loc: str | None) -> Candidate | None:
    """An error candidate for a non-image file in a thumbnail cache, else None (skipped)."""
    name = os.path.basename(path)
    if st.st_size == 0 or name.lower() in _MARKERS:
        return None
    if is_thumbdata(name):
        return Candidate(
            path,
            f"{path}: unsupported: Android thumbnail cache blob ({st.st_size} bytes of small JPEG copies of "
            "gallery images); not scanned, delete it with the .thumbnails folder",
            loc,
        )
    if is_thumbnail_dir(rel):
        msg = f"{path}: unsupported: not an image format the scanner reads (in a thumbnail cache)"
        return Candidate(path, msg, loc)
    return None


def _listing(path: str) -> Iterator[os.DirEntry[str]] | Candidate:
    """A folder's entries in name order, or an error candidate if it cannot be listed."""
    try:
        with os.scandir(path) as it:
            return iter(sorted(it, key=lambda e: e.name))
    except OSError as exc:
        return Candidate(path, f"{path}: cannot list folder ({exc.strerror or exc})")


def _walk(root: str, seen: set[tuple[int, int]], include_hidden: bool) -> Iterator[Candidate]:
    """Depth-first, in name order, with an explicit stack (any depth, no recursion limit)."""
    first = _listing(root)
    if isinstance(first, Candidate):
        yield first
        return
    stack = [first]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if not include_hidden and entry.name.startswith("."):
            continue
        full = entry.path
        try:
            st = os.stat(full)  # follows symlinks
        except OSError as exc:
            if entry.is_symlink():
                reason = "symlink loop" if exc.errno == errno.ELOOP else "broken symlink"
                yield Candidate(full, f"{full}: {reason}")
            else:
                yield Candidate(full, f"{full}: cannot access ({exc.strerror or exc})")
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen:
                yield Candidate(full, f"{full}: symlink loop (folder already visited)")
                continue
            seen.add(key)
            sub = _listing(full)
            if isinstance(sub, Candidate):
                yield sub
            else:
                stack.append(sub)
        else:
            cand = _visit_file(full, st, os.path.relpath(full, root))
            if cand is not None:
                yield cand


def discover(path: str | os.PathLike[str], *, include_hidden: bool = True) -> Iterator[Candidate]:
    """Yield candidates under ``path``: camera and screenshot folders first, thumbnail caches last,
    each group in sorted path order.

    A file given directly is always a candidate. A missing path yields one
    candidate with an error.
    """
    root = os.fspath(path)
    try:
        st = os.stat(root)
    except OSError as exc:
        yield Candidate(root, f"{root}: {exc.strerror or 'cannot access'}")
        return
    if not stat.S_ISDIR(st.st_mode):
        if stat.S_ISREG(st.st_mode):
            yield Candidate(root, location=location_of(os.path.basename(root)))
        else:
            yield Candidate(root, f"{root}: not a regular file")
        return
    found = list(_walk(root, {(st.st_dev, st.st_ino)}, include_hidden))
    # Originals (camera roll, screenshots) first, thumbnail caches last: a streaming
    # scan then meets an original before its copies (``location.scan_order``).
    found.sort(key=lambda c: (scan_order(os.path.relpath(c.path, root), c.location), c.path))
    yield from found
