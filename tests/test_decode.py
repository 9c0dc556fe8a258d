import io
import os

import numpy as np
import pytest
from PIL import Image, ImageFilter

from conftest import image_bytes
from pii_scan.decode import decode, full_gray, sniff_format
from pii_scan.errors import UnreadableImage


@pytest.mark.parametrize(
    "fmt, name",
    [("JPEG", "JPEG"), ("PNG", "PNG"), ("WEBP", "WEBP"), ("GIF", "GIF"), ("BMP", "BMP"), ("TIFF", "TIFF")],
)
def test_sniff_format_by_magic_bytes(fmt, name):
    assert sniff_format(image_bytes(fmt)[:32]) == name


def test_sniff_heif_brand():
    assert sniff_format(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00") == "HEIF"


@pytest.mark.parametrize("data", [b"", b"hello world, not an image", b"\xff\xd8\xff" + b"\x00" * 20])
def test_bad_bytes_raise_unreadable_with_a_reason(data):
    with pytest.raises(UnreadableImage) as exc:
        decode(data, name="bad.jpg")
    assert str(exc.value).startswith("bad.jpg: ")


def test_truncated_png_is_unreadable():
    data = image_bytes("PNG", size=(300, 200))
    with pytest.raises(UnreadableImage):
        decode(data[: len(data) // 2], name="t.png")


def test_jpeg_working_copy_is_small_and_scale_maps_back():
    big = np.random.default_rng(1).integers(0, 255, (1500, 2000, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(big).save(buf, "JPEG", quality=80)
    img = decode(buf.getvalue())
    assert img.size == (2000, 1500)
    assert max(img.small.shape[:2]) <= 960
    assert img.scale == pytest.approx(2000 / img.small.shape[1])
    assert not img.full_decoded
    assert img.full().shape == (1500, 2000, 3)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_exif_orientation_is_applied(fmt):
    # A landscape 40x20 image, tagged "rotate 90 CW to display" (6), must come out 20x40.
    im = Image.new("RGB", (40, 20), (0, 0, 0))
    im.paste((255, 255, 255), (0, 0, 10, 20))  # white strip on the left
    exif = Image.Exif()
    exif[0x0112] = 6
    buf = io.BytesIO()
    im.save(buf, fmt, exif=exif)
    img = decode(buf.getvalue())
    assert img.size == (20, 40)
    full = img.full()
    assert full.shape[:2] == (40, 20)
    assert full[:5, :, 0].mean() > 200  # the strip is now on top
    assert img.small.shape[:2] == (40, 20)


def test_bogus_orientation_value_is_ignored():
    exif = Image.Exif()
    exif[0x0112] = 77
    buf = io.BytesIO()
    Image.new("RGB", (40, 20)).save(buf, "JPEG", exif=exif)
    assert decode(buf.getvalue()).size == (40, 20)


def test_camera_exif_is_read():
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS"
    exif.get_ifd(0x8769)[0x829A] = 0.01
    buf = io.BytesIO()
    Image.new("RGB", (40, 20)).save(buf, "JPEG", exif=exif)
    info = decode(buf.getvalue()).exif
    assert info.make == "Canon" and info.is_camera


@pytest.mark.parametrize("mode", ["P", "RGBA", "LA", "L", "I;16", "CMYK", "1"])
def test_any_pixel_mode_becomes_rgb(mode):
    im = Image.new("RGB", (30, 20), (10, 200, 30)).convert(mode) if mode != "I;16" else Image.new("I;16", (30, 20), 40000)
    buf = io.BytesIO()
    im.save(buf, "TIFF" if mode in ("CMYK", "I;16") else "PNG")
    img = decode(buf.getvalue())
    assert img.small.dtype == np.uint8 and img.small.shape == (20, 30, 3)


def test_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr("pii_scan.decode.MAX_PIXELS", 100)
    with pytest.raises(UnreadableImage, match="pixel limit"):
        decode(image_bytes("PNG", size=(20, 20)))


def test_pil_image_source_is_accepted_without_bytes():
    img = decode(Image.new("RGB", (50, 30)))
    assert img.size == (50, 30) and img.data is None and img.full().shape == (30, 50, 3)


def _heic(thumbnail: int | None, orientation: int = 1, size: tuple[int, int] = (800, 400)) -> bytes:
    """A HEIC with a white strip along the left edge as stored, tagged ``orientation``, and a thumbnail of that long side."""
    pillow_heif = pytest.importorskip("pillow_heif")
    im = Image.new("RGB", size, (40, 40, 40))
    im.paste((255, 255, 255), (0, 0, size[0] // 8, size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Apple"
    buf = io.BytesIO()
    pillow_heif.from_pillow(im).save(
        buf, quality=60, exif=exif.tobytes(), thumbnails=[thumbnail] if thumbnail else [], enc_params={"preset": "ultrafast"}
    )
    return buf.getvalue()


@pytest.mark.parametrize(
    "thumbnail, from_thumbnail",
    [(320, True), (None, False), (120, False)],  # too small a thumbnail: the image itself is decoded
)
def test_heic_working_copy_comes_from_a_usable_embedded_thumbnail(thumbnail, from_thumbnail):
    img = decode(_heic(thumbnail), name="x.heic")
    assert img.format == "HEIF" and img.size == (800, 400)
    assert img.from_thumbnail is from_thumbnail
    assert img.full_decoded is not from_thumbnail
    if from_thumbnail:
        assert img.small.shape[:2] == (160, 320)
        assert img.scale == pytest.approx(2.5)
    assert img.full().shape == (400, 800, 3)


@pytest.mark.parametrize("thumbnail", [320, None])
@pytest.mark.parametrize("orientation, strip_at", [(1, "left"), (6, "top"), (8, "bottom"), (3, "right")])
def test_heic_orientation_is_applied_once_to_thumbnail_and_image(thumbnail, orientation, strip_at):
    img = decode(_heic(thumbnail, orientation))
    assert img.exif.make == "Apple"
    turned = orientation in (6, 8)
    assert img.size == ((400, 800) if turned else (800, 400))
    for arr in (img.small, img.full()):
        h, w = arr.shape[:2]
        assert (h > w) is turned
        edge = {"left": arr[:, : w // 20], "right": arr[:, -(w // 20) :], "top": arr[: h // 20], "bottom": arr[-(h // 20) :]}
        assert edge[strip_at].mean() > 200
        assert min(e.mean() for k, e in edge.items() if k != strip_at) < 100


def test_sharpen_replaces_a_thumbnail_with_a_working_size_copy():
    img = decode(_heic(320, size=(1600, 800)))
    img.sharpen(640)
    assert not img.from_thumbnail and img.full_decoded
    assert img.small.shape[:2] == (320, 640)
    assert img.scale == pytest.approx(2.5)
    small = img.small
    img.sharpen(640)  # no-op once sharp
    assert img.small is small


def test_sharpen_leaves_a_jpeg_working_copy_alone():
    img = decode(image_bytes("JPEG", size=(1200, 900)))
    small = img.small
    img.sharpen()
    assert img.small is small and not img.full_decoded


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("channels", [3, 0])
def test_orientation_turns_match_pillows_transpose(orientation, channels):
    from pii_scan.decode import _orient

    shape = (5, 7, channels) if channels else (5, 7)
    arr = np.arange(int(np.prod(shape)), dtype=np.uint8).reshape(shape)
    ops = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE", 6: "ROTATE_270", 7: "TRANSVERSE", 8: "ROTATE_90"}
    want = arr if orientation == 1 else np.asarray(Image.fromarray(arr).transpose(getattr(Image.Transpose, ops[orientation])))
    got = _orient(arr, orientation)
    assert got.flags.c_contiguous
    np.testing.assert_array_equal(got, want)


def _jpeg_with_orientation(pixels: np.ndarray, orientation: int, mode: str = "RGB") -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    Image.fromarray(pixels).convert(mode).save(buf, "JPEG", quality=90, exif=exif.tobytes())
    return buf.getvalue()


@pytest.mark.parametrize("mode, plain", [("RGB", True), ("L", True), ("CMYK", False)])
@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_full_jpeg_decode_matches_pillow_and_orientation(orientation: int, mode: str, plain: bool) -> None:
    from pii_scan.decode import _orient, _to_rgb

    rng = np.random.default_rng(orientation)
    pixels = rng.integers(0, 255, (300, 420, 3), dtype=np.uint8)
    pixels[:, :60] = (250, 10, 10)  # a red edge shows any channel swap and turn
    data = _jpeg_with_orientation(pixels, orientation, mode)
    img = decode(data, name="o.jpg")
    assert img._plain_jpeg is plain  # OpenCV decodes plain JPEGs; Pillow the others
    with Image.open(io.BytesIO(data)) as im:
        expected = _orient(_to_rgb(im), orientation)
    full = img.full()
    assert full.dtype == np.uint8 and full.shape == expected.shape == (img.height, img.width, 3)
    assert np.abs(full.astype(int) - expected).max() <= 1


def test_jpeg_working_copy_shrinks_like_pillows_thumbnail() -> None:
    y, x = np.mgrid[0:1512, 0:2016]
    pixels = np.stack([x % 255, y % 255, (x + y) % 255], axis=-1).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels).filter(ImageFilter.GaussianBlur(2)).save(buf, "JPEG", quality=95)
    img = decode(buf.getvalue())
    assert img.small.shape[:2] == (480, 640)
    with Image.open(io.BytesIO(buf.getvalue())) as ref:  # what the working copy was made with before
        ref.draft("RGB", (640, 480))
        ref.thumbnail((640, 640), Image.Resampling.BILINEAR, reducing_gap=2.0)
        assert np.abs(img.small.astype(int) - np.asarray(ref)).mean() < 1.0


@pytest.mark.parametrize("mode", ["RGB", "L", "CMYK"])
@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_gray_full_is_the_colour_decode_in_gray_and_outlives_its_release(orientation: int, mode: str) -> None:
    import cv2

    rng = np.random.default_rng(orientation)
    pixels = rng.integers(0, 255, (300, 420, 3), dtype=np.uint8)
    pixels[:, :60] = (250, 10, 10)  # an edge shows any turn
    data = _jpeg_with_orientation(pixels, orientation, mode)
    img = decode(data, name="g.jpg")
    expected = cv2.cvtColor(img.full(), cv2.COLOR_RGB2GRAY)
    gray = img.gray_full()
    assert gray.shape == (img.height, img.width) and np.array_equal(gray, expected)
    assert img.release_colour() and not img.full_decoded
    assert img.gray_full() is gray  # kept without the colour array
    assert np.array_equal(cv2.cvtColor(img.full(), cv2.COLOR_RGB2GRAY), expected)  # decoded again, the same


@pytest.mark.parametrize(("source", "colour_kept"), [("bytes", False), ("pil", True)])
def test_full_gray_leaves_only_the_gray_copy_held_when_the_colour_can_be_decoded_again(
    source: str, colour_kept: bool
) -> None:
    import cv2

    pixels = np.random.default_rng(3).integers(0, 255, (300, 420, 3), dtype=np.uint8)
    pil = Image.fromarray(pixels)
    buf = io.BytesIO()
    pil.save(buf, "JPEG", quality=90)
    img = decode(buf.getvalue(), name="c.jpg") if source == "bytes" else decode(pil)
    expected = cv2.cvtColor(img.full(), cv2.COLOR_RGB2GRAY)
    gray = full_gray(img)
    assert np.array_equal(gray, expected)
    assert img.full_res_held and img.full_decoded is colour_kept  # 12 instead of 36 MB for 12 MP


def test_colour_of_an_image_without_bytes_is_never_released() -> None:
    img = decode(Image.new("RGB", (64, 48), (200, 30, 30)))
    img.gray_full()
    assert not img.release_colour() and img.full_decoded


@pytest.mark.parametrize("mode", ["RGB", "L"])
@pytest.mark.parametrize("orientation", [1, 6])
def test_full_decode_of_a_file_reads_it_in_place_with_the_pixels_of_its_bytes(tmp_path, orientation: int, mode: str) -> None:
    rng = np.random.default_rng(orientation)
    pixels = rng.integers(0, 255, (300, 420, 3), dtype=np.uint8)
    path = tmp_path / "p.jpg"
    path.write_bytes(_jpeg_with_orientation(pixels, orientation, mode))
    from_file, from_bytes = decode(str(path)), decode(path.read_bytes(), name="p.jpg")
    assert from_file._file is not None and from_bytes._file is None  # bytes alone cannot be re-read
    assert np.array_equal(from_file.full(), from_bytes.full())


@pytest.mark.parametrize(
    "change, in_place",
    [(None, True), ("rewritten", False), ("removed", False)],
)
def test_a_file_changed_after_reading_is_decoded_from_the_bytes_read(tmp_path, monkeypatch, change, in_place) -> None:
    import pii_scan.decode as dec

    first = np.full((120, 160, 3), 40, np.uint8)
    path = tmp_path / "c.jpg"
    path.write_bytes(_jpeg_with_orientation(first, 1, "RGB"))
    img = decode(str(path))
    if change == "rewritten":  # other pixels, another size on disk and a later time
        path.write_bytes(_jpeg_with_orientation(np.full((120, 160, 3), 220, np.uint8), 1, "RGB") + b"\0" * 64)
    elif change == "removed":
        path.unlink()
    calls = []
    real = dec._jpeg_in_place
    monkeypatch.setattr(dec, "_jpeg_in_place", lambda *a: calls.append(r := real(*a)) or r)
    full = img.full()
    assert (calls[0] is not None) is in_place
    assert abs(int(full.mean()) - 40) <= 2  # the pixels of the bytes that were read


@pytest.mark.parametrize(
    "shape",
    [(3024, 4032), (2532, 1170), (1001, 1000), (641, 2000), (1300, 700), (700, 650), (500, 400)],
    ids=lambda s: f"{s[0]}x{s[1]}",
)
def test_working_copy_of_a_full_array_is_pillows_thumbnail_to_the_pixel(shape) -> None:
    from pii_scan.decode import _shrink

    full = np.random.default_rng(shape[0]).integers(0, 255, (*shape, 3), dtype=np.uint8)
    ref = Image.fromarray(full)
    ref.thumbnail((640, 640), Image.Resampling.BILINEAR, reducing_gap=2.0)
    assert np.array_equal(_shrink(full, 640), np.asarray(ref))


@pytest.mark.parametrize(
    ("raw_name", "in_place"),
    [(b"plain.jpg", True), ("写真 免許証.jpg".encode(), True), (b"bad\xff\xfename.jpg", False)],
    ids=["ascii", "japanese", "not-utf8"],
)
def test_a_file_name_opencv_cannot_take_is_decoded_from_the_bytes(tmp_path, raw_name, in_place) -> None:
    pixels = np.random.default_rng(3).integers(0, 255, (90, 120, 3), dtype=np.uint8)
    data = _jpeg_with_orientation(pixels, 1, "RGB")
    path = os.path.join(os.fsencode(tmp_path), raw_name)
    with open(path, "wb") as fh:
        fh.write(data)
    img = decode(os.fsdecode(path))
    assert (img._file is not None) is in_place
    assert np.array_equal(img.full(), decode(data, name="x.jpg").full())


@pytest.mark.parametrize("source", ["file", "bytes"])
@pytest.mark.parametrize("orientation", [1, 2, 3, 6, 8])
def test_gray_full_asked_first_is_the_upright_colour_decode_in_gray(tmp_path, orientation: int, source: str) -> None:
    import cv2

    pixels = np.random.default_rng(orientation).integers(0, 255, (300, 420, 3), dtype=np.uint8)
    pixels[:, :60] = (250, 10, 10)  # an edge shows any turn
    data = _jpeg_with_orientation(pixels, orientation, "RGB")
    path = tmp_path / "t.jpg"
    path.write_bytes(data)
    img = decode(str(path)) if source == "file" else decode(data, name="t.jpg")
    gray = img.gray_full()  # before any colour decode
    expected = cv2.cvtColor(decode(data, name="ref.jpg").full(), cv2.COLOR_RGB2GRAY)
    assert gray.shape == (img.height, img.width) and np.array_equal(gray, expected)
    assert img.full_decoded is (orientation == 1)  # a turned frame was never held in colour
