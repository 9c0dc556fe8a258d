"""A generated corpus of broken and odd image files, for robustness tests.

Every file is made in memory (Pillow, pillow-heif, hand-written headers with
valid CRCs) and written under a folder the test owns; nothing is downloaded
and nothing large is allocated (decompression bombs only *declare* a size).
Each ``Case`` says what a scan must make of its file: a readable ``photo``,
or an error whose words explain the problem.

Also holds two tiny detectors that need no OCR, importable by worker
processes and by a CLI subprocess.
"""

from __future__ import annotations

import io
import os
import socket
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from PIL import Image

from pii_scan import BaseDetector, Evidence, Label

__all__ = [
    "BAD",
    "Case",
    "DEEP_LEVELS",
    "GOOD",
    "SILENT",
    "RedIsTicket",
    "TouchPixels",
    "build",
    "corpus",
    "encode",
    "image",
]

DEEP_LEVELS = 200
#: Size of the sparse "huge" file: past decode.MAX_FILE_BYTES.
SPARSE_BYTES = 300 * 1024 * 1024

# Error vocabulary: a bad file's error must use one of these words.
EMPTY = ("empty",)
TRUNCATED = ("truncated", "incomplete", "ends early")
CORRUPT = ("corrupt", "damaged", "broken", "truncated", "invalid")
NOT_IMAGE = ("not an image",)
TOO_LARGE = ("too large", "exceeds")
NOT_FILE = ("not a regular file",)
LOOP = ("symlink loop",)
BROKEN_LINK = ("broken symlink",)


@dataclass(frozen=True)
class Case:
    """One entry of the corpus and what a scan must report for it.

    ``path`` is relative to the corpus root (a ``str``; a non-UTF-8 name is
    held with surrogate escapes, as ``os.fsdecode`` gives it). ``kind`` is
    ``file`` (write ``data``), ``symlink`` (pointing at ``target``), ``fifo``
    or ``socket``. ``readable`` cases must come back as ``photo`` with no
    error (and ``size``, when given); the others as ``label None`` with an
    error holding one of ``words``.
    """

    id: str
    path: str
    readable: bool
    data: bytes = b""
    kind: str = "file"
    target: str = ""
    words: tuple[str, ...] = ()
    size: tuple[int, int] | None = None  # (width, height) a readable case must report


# ---------------------------------------------------------------- images


def image(mode: str = "RGB", size: tuple[int, int] = (96, 64), seed: int = 0) -> Image.Image:
    """A small textured image in ``mode`` (gradient plus noise, so encoders have work)."""
    w, h = size
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w]
    base = (xx * 255 // max(1, w - 1) + yy * 128 // max(1, h - 1)) % 256
    rgb = np.stack([base, 255 - base, (base * 3) % 256], axis=2).astype(np.int16)
    rgb = np.clip(rgb + rng.integers(-20, 20, rgb.shape), 0, 255).astype(np.uint8)
    im = Image.fromarray(rgb, "RGB")
    if mode == "I;16":
        return Image.fromarray(base.astype(np.uint16) * 257)
    if mode == "RGBA":
        alpha = (xx * 255 // max(1, w - 1)).astype(np.uint8)
        return Image.fromarray(np.dstack([rgb, alpha]), "RGBA")
    if mode == "LA":
        return image("RGBA", size, seed).convert("LA")
    return im.convert(mode)


def encode(im: Image.Image, fmt: str, **save: object) -> bytes:
    """The bytes of ``im`` saved as ``fmt``."""
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    buf = io.BytesIO()
    im.save(buf, fmt, **save)
    return buf.getvalue()


def _frames(n: int, size: tuple[int, int] = (64, 48)) -> list[Image.Image]:
    return [image("RGB", size, seed=i) for i in range(n)]


def _animated(fmt: str) -> bytes:
    first, *rest = _frames(3)
    extra: dict[str, object] = {"lossless": True} if fmt == "WEBP" else {}
    return encode(first, fmt, save_all=True, append_images=rest, duration=100, loop=0, **extra)


def _truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: max(16, int(len(data) * keep))]


# ------------------------------------------------------- hand-made headers


def png_chunk(tag: bytes, body: bytes) -> bytes:
    """One PNG chunk with a correct CRC."""
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)


def png_declaring(width: int, height: int, *, bad_crc: bool = False) -> bytes:
    """A PNG whose IHDR declares ``width`` x ``height`` RGB, with one tiny IDAT."""
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    if bad_crc:
        ihdr = ihdr[:-4] + bytes(b ^ 0xFF for b in ihdr[-4:])
    idat = png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + png_chunk(b"IEND", b"")


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small valid JPEG with its SOF0 frame size patched to ``width`` x ``height``."""
    data = bytearray(encode(image(), "JPEG", quality=80))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def gif_declaring(width: int, height: int) -> bytes:
    """A small valid GIF whose logical screen is patched to ``width`` x ``height``."""
    data = bytearray(encode(image("P"), "GIF"))
    data[6:10] = struct.pack("<HH", width, height)
    return bytes(data)


def _tiff_ifd(entries: Iterable[tuple[int, int, int, bytes]], next_ifd: int = 0) -> bytes:
    """A little-endian TIFF header plus one IFD at offset 8; values are 4-byte fields."""
    rows = sorted(entries)
    out = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(rows))
    for tag, typ, count, value in rows:
        out += struct.pack("<HHI", tag, typ, count) + value.ljust(4, b"\x00")
    return out + struct.pack("<I", next_ifd)


def _short(v: int) -> bytes:
    return struct.pack("<H", v)


def _long(v: int) -> bytes:
    return struct.pack("<I", v)


def camera_exif() -> bytes:
    """A well-formed EXIF block (TIFF bytes) with Make, Model and an exposure time."""
    exif = Image.Exif()
    exif[0x010F] = "FakeCam"
    exif[0x0110] = "Model 1"
    exif[0x0112] = 1
    exif.get_ifd(0x8769)[0x829A] = 1 / 60
    return exif.tobytes()[6:]  # drop the "Exif\0\0" prefix


def jpeg_with_app1(payload: bytes, *, declared: int | None = None) -> bytes:
    """A valid small JPEG with an APP1 ``Exif`` segment holding ``payload`` (TIFF bytes).

    ``declared`` overrides the segment's length field (to make it overrun).
    """
    body = b"Exif\x00\x00" + payload
    length = declared if declared is not None else len(body) + 2
    jpeg = encode(image(), "JPEG", quality=80)
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", length) + body + jpeg[2:]


# ----------------------------------------------------------------- corpus


def _ok(id: str, path: str, data: bytes, size: tuple[int, int] | None = (96, 64)) -> Case:
    return Case(id, path, True, data, size=size)


def _good() -> list[Case]:
    jpeg = encode(image(), "JPEG", quality=85)
    png = encode(image(), "PNG")
    e = jpeg_with_app1
    anim = (64, 48)
    return [
        _ok("good_jpeg", "good.jpg", jpeg),
        _ok("good_png", "good.png", png),
        _ok("good_next_to_bad_files", "bad/zz_neighbour.jpg", jpeg),
        _ok("good_next_to_links", "links/neighbour.png", png),
        _ok("good_next_to_fifo_and_socket", "special/neighbour.webp", encode(image(), "WEBP", quality=80)),
        _ok("one_pixel_png", "odd/one_pixel.png", encode(image(size=(1, 1)), "PNG"), (1, 1)),
        _ok("one_pixel_jpeg", "odd/one_pixel.jpg", encode(image(size=(1, 1)), "JPEG"), (1, 1)),
        _ok("one_pixel_gif", "odd/one_pixel.gif", encode(image("P", size=(1, 1)), "GIF"), (1, 1)),
        _ok("thin_wide", "odd/thin_wide.png", encode(image(size=(4000, 1)), "PNG"), (4000, 1)),
        _ok("thin_tall", "odd/thin_tall.jpg", encode(image(size=(2, 3000)), "JPEG"), (2, 3000)),
        _ok("gray16_png", "odd/gray16.png", encode(image("I;16"), "PNG")),
        _ok("palette_png", "odd/palette.png", encode(image("P"), "PNG")),
        _ok("palette_transparent", "odd/palette_t.png", encode(image("P"), "PNG", transparency=0)),
        _ok("bilevel_png", "odd/bilevel.png", encode(image("1"), "PNG")),
        _ok("gray_jpeg", "odd/gray.jpg", encode(image("L"), "JPEG")),
        _ok("cmyk_jpeg", "odd/cmyk.jpg", encode(image("CMYK"), "JPEG")),
        _ok("progressive_jpeg", "odd/progressive.jpg", encode(image(), "JPEG", progressive=True)),
        _ok("rgba_png", "odd/rgba.png", encode(image("RGBA"), "PNG")),
        _ok("la_png", "odd/la.png", encode(image("LA"), "PNG")),
        _ok("rgba_webp", "odd/rgba.webp", encode(image("RGBA"), "WEBP")),
        _ok("rgba_tiff", "odd/rgba.tif", encode(image("RGBA"), "TIFF")),
        _ok("bmp", "odd/plain.bmp", encode(image(), "BMP")),
        _ok("heic", "odd/plain.heic", encode(image(), "HEIF", quality=80)),
        _ok("animated_gif", "odd/animated.gif", _animated("GIF"), anim),
        _ok("animated_webp", "odd/animated.webp", _animated("WEBP"), anim),
        _ok("animated_png", "odd/animated.png", _animated("PNG"), anim),
        _ok("mpo_two_frames", "odd/stereo.jpg", _animated("MPO"), anim),
        _ok("jpeg_named_png", "odd/really_a_jpeg.png", jpeg),
        _ok("png_without_suffix", "odd/IMG_0001", png),
        _ok("jpeg_trailing_garbage", "odd/trailing.jpg", jpeg + bytes(range(256)) * 8),
        _ok("png_trailing_garbage", "odd/trailing.png", png + b"GARBAGE" * 100),
        # EXIF that lies: the image must still be read and a bogus orientation ignored.
        _ok("exif_orientation_9", "exif/orient9.jpg", e(_tiff_ifd([(0x0112, 3, 1, _short(9))]))),
        _ok("exif_orientation_65535", "exif/orient65535.jpg", e(_tiff_ifd([(0x0112, 3, 1, _short(65535))]))),
        _ok("exif_orientation_text", "exif/orient_text.jpg", e(_tiff_ifd([(0x0112, 2, 2, b"6\x00")]))),
        _ok(  # a Make tag claiming 2 GB far past the end, next to a valid rotate-90 tag
            "exif_tag_oversized",
            "exif/make_huge.jpg",
            e(_tiff_ifd([(0x010F, 2, 0x7FFFFFFF, _long(0xFFFFFF00)), (0x0112, 3, 1, _short(6))])),
            None,
        ),
        _ok("exif_tag_unknown_type", "exif/bad_type.jpg", e(_tiff_ifd([(0x0110, 99, 4, b"abcd")]))),
        _ok("exif_ifd_loop", "exif/ifd_loop.jpg", e(_tiff_ifd([(0x8769, 4, 1, _long(8))], next_ifd=8))),
        _ok("exif_ifd_out_of_range", "exif/ifd_far.jpg", e(_tiff_ifd([(0x8769, 4, 1, _long(0xFFFFFFF0))]))),
        _ok("exif_block_truncated", "exif/cut.jpg", e(camera_exif()[:21])),
        _ok("exif_not_tiff", "exif/not_tiff.jpg", e(b"this is not a TIFF header at all")),
        _ok(
            "exif_binary_make",
            "exif/binary_make.jpg",
            e(_tiff_ifd([(0x010F, 7, 3000, _long(26))]) + bytes(range(256)) * 12),
        ),
        _ok("png_garbled_exif_chunk", "exif/garbled.png", png[:33] + png_chunk(b"eXIf", b"MM\x00*garbage") + png[33:]),
        # Names that break naive code.
        _ok("name_with_spaces", "names/a photo  with spaces .jpg", jpeg),
        _ok("name_with_newline", "names/new\nline.jpg", jpeg),
        _ok("name_not_utf8", os.fsdecode(b"names/bad\xff\xfename.jpg"), jpeg),
        _ok("name_japanese", "names/写真 免許証のコピー.jpg", jpeg),
        _ok("name_leading_dash", "names/-rf.jpg", jpeg),
        _ok("name_max_length", "names/" + "x" * 251 + ".jpg", jpeg),
        Case("symlink_to_image", "names/link_to_good.jpg", True, kind="symlink", target="../good.jpg", size=(96, 64)),
        _ok("folder_named_like_image", "names/folder.jpg/inner.png", png),
        _ok("deep_tree", "/".join(["d"] * DEEP_LEVELS) + "/deep.jpg", jpeg),
    ]


def _bad() -> list[Case]:
    jpeg = encode(image(size=(320, 240)), "JPEG", quality=90)
    png = encode(image(size=(320, 240)), "PNG")
    webp = encode(image(size=(320, 240)), "WEBP", quality=80)
    heic = encode(image(size=(320, 240)), "HEIF", quality=80)
    return [
        Case("empty_file", "bad/empty.jpg", False, b"", words=EMPTY),
        Case("truncated_jpeg", "bad/truncated.jpg", False, _truncated(jpeg), words=TRUNCATED),
        Case("truncated_png", "bad/truncated.png", False, _truncated(png), words=TRUNCATED),
        Case("truncated_webp", "bad/truncated.webp", False, _truncated(webp), words=TRUNCATED),
        Case("truncated_heic", "bad/truncated.heic", False, _truncated(heic), words=TRUNCATED),
        Case("header_only_jpeg", "bad/header_only.jpg", False, jpeg[:200], words=TRUNCATED),
        Case("header_only_png", "bad/header_only.png", False, png[:40], words=TRUNCATED),
        Case("text_named_jpeg", "bad/notes.jpg", False, b"Shopping list: milk, eggs\n" * 4, words=NOT_IMAGE),
        Case("jpeg_magic_then_noise", "bad/noise.jpg", False, b"\xff\xd8\xff" + bytes(range(256)) * 4, words=CORRUPT),
        Case("png_bad_header_crc", "bad/bad_crc.png", False, png_declaring(64, 48, bad_crc=True), words=CORRUPT),
        Case("png_zero_width", "bad/zero_width.png", False, png_declaring(0, 48), words=CORRUPT),
        Case("heif_brand_then_noise", "bad/noise.heic", False, heic[:32] + bytes(range(256)) * 4, words=CORRUPT),
        Case(  # APP1 length says 60000 bytes: the segment runs past the end of the file
            "exif_segment_overruns_file",
            "bad/exif_overrun.jpg",
            False,
            jpeg_with_app1(camera_exif(), declared=60000),
            words=CORRUPT,
        ),
        Case("bomb_png", "bad/bomb.png", False, png_declaring(100_000, 100_000), words=TOO_LARGE),
        Case("bomb_jpeg", "bad/bomb.jpg", False, jpeg_declaring(65_000, 65_000), words=TOO_LARGE),
        Case("bomb_gif", "bad/bomb.gif", False, gif_declaring(65_535, 65_535), words=TOO_LARGE),
        Case("sparse_huge_file", "bad/huge.jpg", False, jpeg[:4096], kind="sparse", words=TOO_LARGE),
        Case("symlink_loop_dir", "links/loop", False, kind="symlink", target=".", words=LOOP),
        Case("symlink_to_itself", "links/self.jpg", False, kind="symlink", target="self.jpg", words=LOOP),
        Case("dangling_symlink", "links/dangling.jpg", False, kind="symlink", target="missing.jpg", words=BROKEN_LINK),
        Case("symlink_to_device", "links/zero.jpg", False, kind="symlink", target="/dev/zero", words=NOT_FILE),
        Case("fifo_named_jpeg", "special/pipe.jpg", False, kind="fifo", words=NOT_FILE),
        Case("socket_named_png", "special/sock.png", False, kind="socket", words=NOT_FILE),
    ]


#: Entries that exist in the tree but must produce no result at all (not image-like).
SILENT = (
    Case("fifo_plain", "special/pipe", False, kind="fifo"),
    Case("socket_plain", "special/sock", False, kind="socket"),
    Case("symlink_to_urandom", "special/urandom", False, kind="symlink", target="/dev/urandom"),
    Case("text_file", "special/readme.txt", False, b"not an image\n"),
    Case("empty_plain", "special/empty", False, b""),
)

GOOD: tuple[Case, ...] = tuple(_good())
BAD: tuple[Case, ...] = tuple(_bad())


def corpus() -> tuple[Case, ...]:
    """Every case that must yield exactly one result."""
    return GOOD + BAD


def _make(root: str, case: Case) -> None:
    path = os.path.join(root, case.path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if case.kind == "file":
        with open(path, "wb") as fh:
            fh.write(case.data)
    elif case.kind == "sparse":  # a hole past the size limit: costs no disk space
        with open(path, "wb") as fh:
            fh.write(case.data)
            fh.truncate(SPARSE_BYTES)
    elif case.kind == "symlink":
        os.symlink(case.target, path)
    elif case.kind == "fifo":
        os.mkfifo(path)
    elif case.kind == "socket":
        # AF_UNIX paths are limited to ~108 bytes: bind by a relative name.
        cwd = os.getcwd()
        os.chdir(os.path.dirname(path))
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.bind(os.path.basename(path))  # the socket file outlives the socket
        finally:
            os.chdir(cwd)
    else:  # pragma: no cover - a typo in the table
        raise ValueError(case.kind)


def build(root: str | os.PathLike[str], cases: Iterable[Case] | None = None, *, silent: bool = True) -> list[Case]:
    """Write ``cases`` (default: the whole corpus) under ``root``; returns them."""
    chosen = list(corpus() if cases is None else cases)
    for case in chosen + (list(SILENT) if silent else []):
        _make(os.fspath(root), case)
    return chosen


# -------------------------------------------------------------- detectors


class TouchPixels(BaseDetector):
    """Test detector: reads the working copy and the full-resolution array, finds nothing."""

    name = "test.touch"
    label = Label.PHOTO

    def detect(self, ctx):  # type: ignore[no-untyped-def]
        small, full = ctx.image.small, ctx.image.full()
        assert small.ndim == 3 and small.shape[2] == 3 and small.dtype == np.uint8
        assert full.ndim == 3 and full.shape[:2] == (ctx.image.height, ctx.image.width)
        return ()


class RedIsTicket(BaseDetector):
    """Test detector: a mostly red image 'is' a ticket screenshot."""

    name = "test.red"
    label = Label.TICKET_SCREENSHOT

    def detect(self, ctx):  # type: ignore[no-untyped-def]
        px = ctx.image.small.reshape(-1, 3).mean(axis=0)
        if px[0] > 150 and px[1] < 80:
            yield self.finding(0.9, "red", Evidence("colour", "layout", float(px[0])))
