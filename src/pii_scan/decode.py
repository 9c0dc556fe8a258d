"""Open an image once: sniff its format, read EXIF, decode a small working copy.

The file's bytes are read a single time. The cheap stage works on a small
RGB copy (for JPEG, decoded at reduced DCT scale through ``draft``, which
costs a fraction of a full decode; for HEIC, the embedded thumbnail, about
1/50 of a full HEVC decode). A full-resolution array is decoded from the
same bytes only when a later stage asks for it (OCR of a region), and then
kept, so no file is ever decoded twice at the same scale.

JPEG is drafted at 1/4 scale for a 12 MP frame (1008 px, then resized to
``WORK_SIDE``), not 1/8 (504 px): 1/8 saves about 5 ms a photo but loses
cards that cover only 1-3 % of the frame (measured on the benchmark's
``small`` presentation).

numpy and OpenCV are imported where they are used, not with the module: a
process that only lists and sniffs files (the parent of a worker pool)
stays some 30 MB smaller.
"""

from __future__ import annotations

import io
import math
import os
import re
import stat
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageFile, UnidentifiedImageError

from pii_scan.errors import UnreadableImage

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "DecodedImage",
    "ExifInfo",
    "MAX_FILE_BYTES",
    "MAX_PIXELS",
    "WORK_SIDE",
    "decode",
    "full_gray",
    "sniff_format",
]

#: Long side, in pixels, of the working copy the cheap stage looks at.
WORK_SIDE = 640
#: Images declaring more pixels than this are refused as decompression bombs.
MAX_PIXELS = 120_000_000
#: Files larger than this are refused before they are read into memory.
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Smallest embedded HEIF thumbnail (long side, px) used as the working copy;
#: iPhones embed 320 px. Below this the image itself is decoded.
MIN_THUMBNAIL_SIDE = 240

_EXIF_IFD = 0x8769
_ORIENTATION = 0x0112
_MAKE, _MODEL, _SOFTWARE = 0x010F, 0x0110, 0x0131
_EXPOSURE_TAGS = (0x829A, 0x829D, 0x8827, 0x920A)  # ExposureTime, FNumber, ISO, FocalLength

# Orientation value -> the array view that undoes it (EXIF 2.32, 4.6.4); the
# same turns as PIL's FLIP_LEFT_RIGHT, ROTATE_180, FLIP_TOP_BOTTOM, TRANSPOSE,
# ROTATE_270, TRANSVERSE and ROTATE_90, without PIL's intermediate copies of
# a full-resolution image.
_UPRIGHT: dict[int, Any] = {
    2: lambda a: a[:, ::-1],
    3: lambda a: a[::-1, ::-1],
    4: lambda a: a[::-1],
    5: lambda a: a.swapaxes(0, 1),
    6: lambda a: a.swapaxes(0, 1)[:, ::-1],
    7: lambda a: a.swapaxes(0, 1)[::-1, ::-1],
    8: lambda a: a.swapaxes(0, 1)[::-1],
}

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "JPEG"),
    (b"\x89PNG\r\n\x1a\n", 0, "PNG"),
    (b"GIF87a", 0, "GIF"),
    (b"GIF89a", 0, "GIF"),
    (b"BM", 0, "BMP"),
    (b"II*\x00", 0, "TIFF"),
    (b"MM\x00*", 0, "TIFF"),
)
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}


def sniff_format(head: bytes) -> str | None:
    """The image format named by a file's first bytes, or None if not an image."""
    for magic, offset, name in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "AVIF" if head[8:12] == b"avif" else "HEIF"
    return None


@dataclass(frozen=True)
class ExifInfo:
    """The EXIF facts the detectors use; all optional."""

    make: str | None = None
    model: str | None = None
    software: str | None = None
    orientation: int = 1
    has_exposure: bool = False

    @property
    def is_camera(self) -> bool:
        """True when the file says a camera took it."""
        return bool(self.make or self.model) and self.has_exposure


def _register_heif() -> bool:
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


def _clean(value: Any) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("latin-1", "replace")
    if not isinstance(value, str):
        return None
    value = value.strip("\x00 ").strip()
    return value[:64] or None


def _read_exif(im: Image.Image) -> ExifInfo:
    try:
        with _quiet():
            exif = im.getexif()
            ifd = exif.get_ifd(_EXIF_IFD)
    except Exception:  # a hostile EXIF block must not sink the image
        return ExifInfo()
    orientation = exif.get(_ORIENTATION, 1)
    if not isinstance(orientation, int) or orientation not in range(1, 9):
        orientation = 1
    return ExifInfo(
        make=_clean(exif.get(_MAKE)),
        model=_clean(exif.get(_MODEL)),
        software=_clean(exif.get(_SOFTWARE)),
        orientation=orientation,
        has_exposure=any(t in ifd for t in _EXPOSURE_TAGS),
    )


def _to_rgb(im: Image.Image) -> np.ndarray:
    """An RGB uint8 array from any PIL mode (palette, 16-bit, alpha, CMYK)."""
    import numpy as np

    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(im, dtype=np.float64)
        top = float(arr.max()) or 1.0
        gray = np.clip(arr * (255.0 / max(top, 255.0)), 0, 255).astype(np.uint8)
        return np.repeat(gray[:, :, None], 3, axis=2)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
    if im.mode == "RGB":
        return np.asarray(im, dtype=np.uint8)  # one copy (convert() would add a second)
    return np.asarray(im.convert("RGB"), dtype=np.uint8)


class DecodedImage:
    """One image, decoded once, with EXIF orientation applied.

    ``small`` is the RGB working copy (long side about ``WORK_SIDE``);
    ``scale`` converts its pixel coordinates into original ones;
    ``full()`` gives the original-resolution array, decoded on first use.
    ``from_thumbnail`` is True while ``small`` is an embedded thumbnail
    (coarser than ``WORK_SIDE``); ``sharpen()`` replaces it with a proper
    working copy cut from the full decode.
    """

    def __init__(
        self,
        *,
        source: str,
        fmt: str,
        size: tuple[int, int],
        small: np.ndarray,
        exif: ExifInfo,
        data: bytes | None,
        full: np.ndarray | None = None,
        pil: Image.Image | None = None,
        from_thumbnail: bool = False,
    ) -> None:
        self.source = source
        self.format = fmt
        self.size = size
        self.small = small
        self.exif = exif
        self.data = data
        self._full = full
        self._pil = pil
        self.from_thumbnail = from_thumbnail
        self._gray: np.ndarray | None = None
        #: A YCbCr or gray JPEG, which OpenCV decodes to the same pixels as Pillow.
        self._plain_jpeg = False
        #: (path, identity) of the file ``data`` was read from, to decode it again in place.
        self._file: tuple[str, tuple[int, ...]] | None = None

    @property
    def width(self) -> int:
        return self.size[0]

    @property
    def height(self) -> int:
        return self.size[1]

    @property
    def scale(self) -> float:
        """Original pixels per working-copy pixel."""
        return self.size[0] / self.small.shape[1]

    @property
    def full_decoded(self) -> bool:
        """True once the full-resolution array exists."""
        return self._full is not None

    @property
    def full_res_held(self) -> bool:
        """True while a full-resolution array, colour or gray (``gray_full``), is held."""
        return self._full is not None or self._gray is not None

    def full(self) -> np.ndarray:
        """The full-resolution RGB array (decoded now if not yet)."""
        if self._full is None and self.data is not None and self.format == "HEIF":
            self._full = _heif_pixels(self.data)
        if self._full is None and self.data is not None and self.format == "JPEG" and self._plain_jpeg:
            self._full = _jpeg_pixels(self.data, self.exif.orientation, self.size, self._file)
        if self._full is None:
            if self._pil is not None:
                im = self._pil
            else:
                assert self.data is not None
                im = _open(self.data, self.source, self.format)
                try:
                    with _quiet():
                        im.load()
                except Exception as exc:
                    raise _failure(self.source, self.format, self.data, exc) from None
            self._full = _orient(_to_rgb(im), self.exif.orientation)
        return self._full

    def gray_full(self) -> np.ndarray:
        """The full-resolution gray array (of the colour decode), kept once made.

        Made from ``full()``, so a view cut from it has the very pixels of
        the colour view turned gray. (A luma-only JPEG decode would cost a
        third of the memory but differs by a level or two at colour edges,
        enough to flip a marginal Tesseract read; not worth the risk.)
        Pair it with ``release_colour`` to hold 12 instead of 36 MB for 12 MP.

        A turned JPEG (EXIF orientation) whose colour array is not decoded
        yet is turned gray before it is turned upright: the same pixels
        (the conversion is per pixel), without an upright copy of the
        colour frame beside the decoded one (+48 instead of +84 MB at the
        peak for 12 MP).
        """
        import cv2

        if self._gray is None and self._full is None and self._turned_jpeg():
            w, h = self.size if self.exif.orientation < 5 else (self.size[1], self.size[0])
            stored = _jpeg_pixels(self.data, 1, (w, h), self._file)  # type: ignore[arg-type]
            if stored is not None:
                gray = cv2.cvtColor(stored, cv2.COLOR_RGB2GRAY)
                del stored
                self._gray = _orient(gray, self.exif.orientation)
        if self._gray is None:
            self._gray = cv2.cvtColor(self.full(), cv2.COLOR_RGB2GRAY)
        return self._gray

    def _turned_jpeg(self) -> bool:
        """A plain JPEG with an EXIF orientation other than upright."""
        return self.data is not None and self.format == "JPEG" and self._plain_jpeg and self.exif.orientation != 1

    def release_colour(self) -> bool:
        """Free the colour full decode if the file's bytes can give it again; True if freed.

        Called once its gray copy (``gray_full``) is all a scan still needs:
        the 36 MB of a 12 MP colour array are then not held through OCR.
        A later ``full()`` decodes again.
        """
        if self._full is None or self.data is None or self._pil is not None:
            return False
        self._full = None
        return True

    def sharpen(self, work_side: int = WORK_SIDE) -> None:
        """Replace a thumbnail working copy with one cut from the full decode (no-op otherwise)."""
        if not self.from_thumbnail:
            return
        self.small = _shrink(self.full(), work_side)
        self.from_thumbnail = False


def full_gray(image: DecodedImage) -> np.ndarray:
    """The image's full-resolution gray pixels, its colour decode released once they exist.

    For every reader that needs gray alone (card print cues, a card's
    portrait search, the OCR views): 12 instead of 36 MB held for 12 MP
    (``DecodedImage.gray_full``, ``release_colour``). A stand-in without a
    gray copy (a test double) is converted from ``full()``.
    """
    if not hasattr(image, "gray_full"):
        import cv2

        return cv2.cvtColor(image.full(), cv2.COLOR_RGB2GRAY)
    pixels = image.gray_full()
    image.release_colour()
    return pixels


#: Rows of a full-resolution array handed to Pillow at a time by ``_shrink``.
_SHRINK_ROWS = 256


def _shrink(full: np.ndarray, work_side: int) -> np.ndarray:
    """The working copy of a full-resolution array (long side at most ``work_side``).

    The very pixels of Pillow's ``thumbnail(BILINEAR, reducing_gap=2.0)``,
    without its copy of the whole array: Pillow holds 4 bytes a pixel (48 MB
    for a 12 MP RGB frame, on top of the frame). Its first step, an integer
    ``reduce``, maps each block of rows to one output row, so it is done a
    band of rows (a multiple of the block height) at a time; its second, a
    bilinear resize of the reduced image over the same box, is small.
    """
    import numpy as np

    h, w = full.shape[:2]
    size = _thumbnail_size(w, h, work_side)
    fx, fy = (int(w / size[0] / 2.0) or 1, int(h / size[1] / 2.0) or 1) if size else (1, 1)
    if size is None or (fx == 1 and fy == 1):
        small_im = Image.fromarray(full)
        small_im.thumbnail((work_side, work_side), Image.Resampling.BILINEAR, reducing_gap=2.0)
        return np.asarray(small_im)
    band = fy * max(1, _SHRINK_ROWS // fy)
    parts = [np.asarray(Image.fromarray(full[y : y + band]).reduce((fx, fy))) for y in range(0, h, band)]
    reduced = Image.fromarray(np.concatenate(parts))
    return np.asarray(reduced.resize(size, Image.Resampling.BILINEAR, box=(0, 0, w / fx, h / fy)))


def _thumbnail_size(w: int, h: int, side: int) -> tuple[int, int] | None:
    """The size Pillow's ``thumbnail((side, side))`` gives a w x h image; None if it leaves it alone."""
    if side >= w and side >= h:
        return None
    aspect = w / h

    def nearest(number: float, key: Any) -> int:
        return max(min(math.floor(number), math.ceil(number), key=key), 1)

    if side / side >= aspect:
        return nearest(side * aspect, lambda n: abs(aspect - n / side)), side
    return side, nearest(side / aspect, lambda n: 0 if n == 0 else abs(aspect - side / n))


def _area_shrink(arr: np.ndarray, work_side: int) -> np.ndarray:
    """``arr`` (a DCT-scaled JPEG draft, within 2x of ``work_side``) shrunk by pixel-area averaging.

    Within a third of a gray level of Pillow's antialiased ``thumbnail`` at
    this ratio, at less than half its cost (2.8 against 6.1 ms for
    1008 -> 640 px). Large reductions (a full PNG) keep Pillow's
    ``thumbnail``: there the two differ enough to move borderline signals.
    """
    import cv2

    h, w = arr.shape[:2]
    f = work_side / max(h, w)
    if f >= 1:
        return arr
    size = (max(1, round(w * f)), max(1, round(h * f)))
    return cv2.resize(arr, size, interpolation=cv2.INTER_AREA)


def _heif_thumbnail(data: bytes, work_side: int) -> tuple[tuple[int, int], np.ndarray] | None:
    """(size, RGB thumbnail) of a HEIF file's primary image, or None without a usable thumbnail.

    libheif applies the ``irot``/``imir`` transforms to the image and its
    thumbnail alike, so both come out upright and ``size`` is the displayed
    size (the EXIF Orientation tag of a HEIF file is informational and must
    not be applied again).
    """
    import pillow_heif

    try:
        heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
        primary = heif[heif.primary_index]
        sizes = [int(t) for t in primary.info.get("thumbnails") or []]
        usable = [i for i, side in enumerate(sizes) if side >= MIN_THUMBNAIL_SIDE]
        if not usable:
            return None
        best = max(usable, key=lambda i: sizes[i])
        thumb = primary.get_thumbnail(best).to_pillow()
    except Exception:  # a damaged thumbnail: the full decode decides
        return None
    if max(thumb.size) > work_side * 1.5:
        thumb.thumbnail((work_side, work_side), Image.Resampling.BILINEAR, reducing_gap=2.0)
    return primary.size, _to_rgb(thumb)


def _jpeg_pixels(
    data: bytes, orientation: int, size: tuple[int, int], file: tuple[str, tuple[int, ...]] | None = None
) -> np.ndarray | None:
    """The upright RGB pixels of a plain (YCbCr or gray) JPEG through OpenCV, or None.

    Against Pillow's ``load`` plus ``np.asarray``: about half the time and
    less than half the memory for a 12 MP photo, since Pillow holds 4 bytes
    a pixel and the array is a second copy. Both use libjpeg-turbo with the
    same upsampling. ``file`` (path and ``_file_identity``) lets OpenCV decode
    straight into our array (``_jpeg_in_place``): ``imdecode`` decodes into
    a buffer of its own that the binding then copies (+70 against +35 MB at
    the peak). None when OpenCV cannot decode it or sees another size:
    Pillow's path then decides.
    """
    import cv2
    import numpy as np

    rgb_flag = getattr(cv2, "IMREAD_COLOR_RGB", None)  # OpenCV >= 4.10 decodes straight to RGB
    flags = (cv2.IMREAD_COLOR if rgb_flag is None else rgb_flag) | cv2.IMREAD_IGNORE_ORIENTATION
    stored = size if orientation < 5 else (size[1], size[0])  # (w, h) as the file stores it
    arr = _jpeg_in_place(file, len(data), stored, flags)
    if arr is None:
        try:
            arr = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
        except cv2.error:
            return None
    if arr is None or arr.ndim != 3 or arr.shape[2] != 3:
        return None
    if rgb_flag is None:
        _bgr_to_rgb_inplace(arr)
    arr = _orient(arr, orientation)
    return arr if (arr.shape[1], arr.shape[0]) == size else None


def _file_identity(path: str) -> tuple[int, ...] | None:
    """(device, inode, size, mtime) of a regular file, or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _utf8(path: str) -> bool:
    """True when ``path`` is valid UTF-8 text: OpenCV's ``imread`` crashes on a file name
    that is not (one Python decoded with surrogate escapes)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in path


def _jpeg_in_place(
    file: tuple[str, tuple[int, ...]] | None, nbytes: int, stored: tuple[int, int], flags: int
) -> np.ndarray | None:
    """The file decoded by ``cv2.imread`` into an array allocated here, or None.

    Only when ``file`` still is the very file the bytes were read from
    (same device, inode, size and modification time, and ``nbytes`` long):
    otherwise the caller decodes the bytes it holds. Needs OpenCV >= 4.10
    (``imread`` with ``dst``).
    """
    import cv2
    import numpy as np

    if file is None:
        return None
    path, identity = file
    if identity[2] != nbytes or _file_identity(path) != identity:
        return None
    w, h = stored
    out = np.empty((h, w, 3), np.uint8)
    try:
        got = cv2.imread(path, out, flags)
    except (cv2.error, TypeError, ValueError):  # TypeError: an OpenCV without imread(..., dst)
        return None
    return out if got is out else None


#: Rows swapped per step by ``_bgr_to_rgb_inplace``.
_SWAP_ROWS = 256


def _bgr_to_rgb_inplace(arr: np.ndarray) -> None:
    """Turn a BGR array into RGB in place, a band of rows at a time.

    ``cvtColor`` with ``dst`` aliasing ``src`` copies the whole source
    first (a second 36 MB for a 12 MP photo at the worker's peak); band by
    band that copy is a few MB.
    """
    import cv2

    for y in range(0, arr.shape[0], _SWAP_ROWS):
        band = arr[y : y + _SWAP_ROWS]
        cv2.cvtColor(band, cv2.COLOR_BGR2RGB, dst=band)


def _heif_pixels(data: bytes) -> np.ndarray | None:
    """The upright RGB pixels of a HEIF file's primary image straight from libheif, or None.

    Half the peak memory of decoding through Pillow (no intermediate
    Pillow image: +58 against +123 MB for a 12 MP picture). None for
    images that are not plain 8-bit RGB (alpha): Pillow's path handles them.
    """
    import numpy as np

    import pillow_heif

    try:
        heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
        primary = heif[heif.primary_index]
        if primary.mode != "RGB":
            return None
        with _quiet():
            return np.ascontiguousarray(np.asarray(primary), dtype=np.uint8)
    except Exception:  # let Pillow's path decode it or say why it cannot
        return None


def _orient(arr: np.ndarray, orientation: int) -> np.ndarray:
    """``arr`` turned upright for an EXIF orientation, with a single copy (views, then one contiguous copy)."""
    import numpy as np

    view = _UPRIGHT.get(orientation)
    return arr if view is None else np.ascontiguousarray(view(arr))


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence Pillow's warnings while decoding: they are not errors here.

    "Corrupt EXIF data" means the EXIF is ignored; DecompressionBombWarning
    fires above Pillow's own ~89 MP mark, while our limit is MAX_PIXELS,
    checked right after opening.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _open(data: bytes, source: str, fmt: str) -> Image.Image:
    with _quiet():
        try:
            return Image.open(io.BytesIO(data))
        except Exception as exc:
            raise _failure(source, fmt, data, exc) from None


_TRUNCATION_WORDS = ("truncat", "end of file", "not enough data")


def _ends_early(data: bytes, fmt: str) -> bool:
    """True when the format's own framing says bytes are missing at the end."""
    if fmt == "JPEG":
        return b"\xff\xd9" not in data[2:]  # no End Of Image marker anywhere
    if fmt == "PNG":
        return b"IEND" not in data
    if fmt == "WEBP" and len(data) >= 8:
        return int.from_bytes(data[4:8], "little") + 8 > len(data)  # RIFF size field
    if fmt == "BMP" and len(data) >= 6:
        return int.from_bytes(data[2:6], "little") > len(data)  # file size field
    return False


def _plain(text: str) -> str:
    """A decoder's message cut to one tidy line without object or bytes reprs."""
    line = " ".join(text.split())
    line = re.sub(r"<[^<>]*>|\bb'[^']*'|\bb\"[^\"]*\"", "", line)
    line = re.sub(r"\s+([,.;:)])", r"\1", line).strip(" .:;,")
    return line[:100] if line and "\\x" not in line else ""


def _failure(source: str, fmt: str, data: bytes, exc: BaseException) -> UnreadableImage:
    """An UnreadableImage that says in plain words why ``data`` did not decode."""
    if isinstance(exc, MemoryError):
        return UnreadableImage(f"{source}: out of memory while decoding this {fmt} image")
    if isinstance(exc, Image.DecompressionBombError):
        return UnreadableImage(
            f"{source}: refused, image is too large (it declares more than {MAX_PIXELS} pixels;"
            " possible decompression bomb)"
        )
    detail = _plain(str(exc))
    if isinstance(exc, EOFError) or _ends_early(data, fmt) or any(w in detail.lower() for w in _TRUNCATION_WORDS):
        return UnreadableImage(f"{source}: truncated {fmt} file (the image data ends early)")
    if isinstance(exc, UnidentifiedImageError):
        return UnreadableImage(f"{source}: damaged {fmt} file (it starts like a {fmt} but its header cannot be read)")
    why = f": {detail}" if detail and not detail.lower().startswith("cannot identify") else ""
    return UnreadableImage(f"{source}: damaged {fmt} file (the decoder rejected the image data{why})")


def read_file(path: str) -> bytes:
    """Read a regular file's bytes, read-only, refusing devices, FIFOs and huge files."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise UnreadableImage(f"{path}: cannot open ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableImage(f"{path}: not a regular file")
        if st.st_size == 0:
            raise UnreadableImage(f"{path}: empty file (0 bytes)")
        if st.st_size > MAX_FILE_BYTES:
            raise UnreadableImage(f"{path}: file too large ({st.st_size} bytes)")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_FILE_BYTES:  # grew while being read
                raise UnreadableImage(f"{path}: file too large (over {MAX_FILE_BYTES} bytes)")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableImage(f"{path}: cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _small_copy(im: Image.Image, fmt: str, work_side: int) -> np.ndarray:
    if fmt == "JPEG" and im.mode in ("RGB", "L", "CMYK", "YCbCr"):
        # DCT-scaled decode: draft picks the largest 1/2^k reduction that still
        # covers the requested size, so a 12 MP JPEG decodes at 1/8 cost.
        w, h = im.size
        f = work_side / max(w, h)
        if f < 1:
            im.draft(im.mode, (max(1, int(w * f)), max(1, int(h * f))))
    im.load()
    if getattr(im, "n_frames", 1) > 1:
        im.seek(0)
    if max(im.size) <= work_side * 1.5:
        return _to_rgb(im)
    if fmt == "JPEG":
        return _area_shrink(_to_rgb(im), work_side)
    im = im.copy()
    im.thumbnail((work_side, work_side), Image.Resampling.BILINEAR, reducing_gap=2.0)
    return _to_rgb(im)


def decode(source: str | bytes | Image.Image, *, name: str | None = None, work_side: int = WORK_SIDE) -> DecodedImage:
    """Decode a path, the bytes of a file, or a PIL image.

    Raises ``UnreadableImage`` with a one-line reason for anything that is
    not a decodable image (empty, truncated, not an image, too large).
    """
    import numpy as np

    if isinstance(source, Image.Image):
        label = name or "<image>"
        exif = _read_exif(source)
        full = _orient(_to_rgb(source), exif.orientation)
        small_im = Image.fromarray(full)
        small_im.thumbnail((work_side, work_side), Image.Resampling.BILINEAR)
        return DecodedImage(
            source=label,
            fmt=source.format or "PIL",
            size=(full.shape[1], full.shape[0]),
            small=np.asarray(small_im),
            exif=exif,
            data=None,
            full=full,
        )
    identity: tuple[int, ...] | None = None
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, label = bytes(source), name or "<bytes>"
    else:
        label = name or str(source)
        data = read_file(str(source))
        identity = _file_identity(str(source))
    if not data:
        raise UnreadableImage(f"{label}: empty file (0 bytes)")
    fmt = sniff_format(data[:32])
    if fmt is None:
        raise UnreadableImage(f"{label}: not an image (unrecognised file signature)")
    if fmt in ("HEIF", "AVIF") and not _register_heif():
        raise UnreadableImage(f"{label}: {fmt} needs pillow-heif (pip install pillow-heif)")
    with _quiet():
        im = _open(data, label, fmt)
        try:
            w, h = im.size
            if w * h > MAX_PIXELS:
                raise UnreadableImage(
                    f"{label}: refused, image is too large ({w}x{h} exceeds the {MAX_PIXELS} pixel limit)"
                )
            if w < 1 or h < 1:
                raise UnreadableImage(f"{label}: image has no pixels")
            exif = _read_exif(im)
            mode = im.mode
            full: np.ndarray | None = None
            thumb = _heif_thumbnail(data, work_side) if fmt == "HEIF" else None
            if thumb is not None and (thumb[0] != (w, h) or exif.orientation != 1):
                thumb = None  # not the picture Pillow sees: decode the image itself
            if thumb is not None:
                small = thumb[1]
            elif fmt == "JPEG":
                small = _small_copy(im, fmt, work_side)
            else:
                # Formats without reduced decoding: decode once at full size, keep it.
                full = _heif_pixels(data) if fmt == "HEIF" else None
                if full is None or full.shape[:2] != (h, w):
                    im.load()
                    full = _orient(_to_rgb(im), exif.orientation)
                small = _shrink(full, work_side)
        except UnreadableImage:
            raise
        except Exception as exc:
            raise _failure(label, fmt, data, exc) from None
        finally:
            im.close()
    if full is None:
        small = _orient(small, exif.orientation)
    if exif.orientation in (5, 6, 7, 8):
        w, h = h, w
    decoded = DecodedImage(
        source=label, fmt=fmt, size=(w, h), small=small, exif=exif, data=data, full=full, from_thumbnail=thumb is not None
    )
    decoded._plain_jpeg = fmt == "JPEG" and mode in ("RGB", "L")
    if decoded._plain_jpeg and identity is not None and identity[2] == len(data) and _utf8(str(source)):
        decoded._file = (str(source), identity)
    return decoded


ImageFile.LOAD_TRUNCATED_IMAGES = False
