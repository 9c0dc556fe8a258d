"""OCR backends: TSV parsing, engine choice and checks (no Tesseract), then both real backends (ocr mark)."""

from __future__ import annotations

import os
import pickle
import stat
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

import pii_scan.ocr as ocr
from pii_scan.errors import OcrUnavailable
from pii_scan.models import BBox
from pii_scan.ocr.base import OcrEngine
from pii_scan.ocr.tesseract import PytesseractEngine, as_uint8_image, parse_tsv, tesseract_args
from pii_scan.ocr.tesserocr_backend import TesserocrEngine

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _tsv(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def test_parse_tsv_keeps_words_with_boxes_confidence_and_line_ids() -> None:
    tsv = _tsv(
        "1\t1\t0\t0\t0\t0\t0\t0\t640\t480\t-1\t",  # page row
        "4\t1\t1\t1\t1\t0\t10\t20\t200\t30\t-1\t",  # line row
        "5\t1\t1\t1\t1\t1\t10\t20\t40\t30\t96.5\t氏名",
        "5\t1\t1\t1\t1\t2\t60\t20\t40\t30\t-1\t",  # empty word with conf -1
        "5\t1\t1\t1\t1\t3\t110\t20\t40\t30\t91\t  ",  # blank text
        "5\t1\t2\t1\t3\t1\t10\t80\t90\t25\t88.25\tYAMADA",
        "5\t1\t2\t1\t3\t2\t110\t80\t30\t25\t-1\tghost",  # text but no confidence
    )
    words = parse_tsv(tsv)
    assert [(w.text, w.conf, w.bbox, w.line) for w in words] == [
        ("氏名", 96.5, BBox(10, 20, 40, 30), (1, 1, 1)),
        ("YAMADA", 88.25, BBox(10, 80, 90, 25), (2, 1, 3)),
    ]


def test_parse_tsv_tolerates_a_cut_last_cell_and_no_header() -> None:
    words = parse_tsv("5\t1\t1\t1\t1\t1\t0\t0\t5\t5\t90\tA\n5\t1\t1\t1\t1\t2\t6\t0\t5\t5\t90")
    assert [w.text for w in words] == ["A"]


@pytest.mark.parametrize(
    ("psm", "whitelist", "expected"),
    [
        (None, None, ""),
        (6, None, "--psm 6"),
        (7, "ABC<0123", "--psm 7 -c 'tessedit_char_whitelist=ABC<0123'"),
    ],
)
def test_tesseract_args(psm: int | None, whitelist: str | None, expected: str) -> None:
    assert tesseract_args(psm, whitelist) == expected


@pytest.mark.parametrize(
    ("shape", "dtype", "out_shape"),
    [((4, 5), np.uint8, (4, 5)), ((4, 5, 3), np.uint8, (4, 5, 3)), ((4, 5, 4), np.uint8, (4, 5, 3)),
     ((4, 5, 1), np.uint8, (4, 5)), ((4, 5), np.float64, (4, 5))],
)  # fmt: skip
def test_images_are_made_contiguous_uint8_gray_or_rgb(shape: tuple[int, ...], dtype: type, out_shape: tuple[int, ...]) -> None:
    src = np.full(shape, 300 if dtype is np.float64 else 255, dtype=dtype)[:, ::-1]  # a non-contiguous view
    arr = as_uint8_image(src)
    assert arr.shape == out_shape and arr.dtype == np.uint8 and arr.flags.c_contiguous and arr.max() == 255


def test_unsupported_image_shapes_are_refused() -> None:
    with pytest.raises(ValueError, match="shape"):
        as_uint8_image(np.zeros((4, 5, 2), np.uint8))


@pytest.mark.parametrize(
    ("name", "cls"),
    [("tesserocr", TesserocrEngine), ("tesseract", PytesseractEngine), ("pytesseract", PytesseractEngine),
     ("PyTesseract", PytesseractEngine)],
)  # fmt: skip
def test_get_engine_by_name(monkeypatch: pytest.MonkeyPatch, name: str, cls: type) -> None:
    monkeypatch.setattr(ocr, "_tesserocr_usable", lambda: True)
    engine = ocr.get_engine(name)
    assert isinstance(engine, cls) and isinstance(engine, OcrEngine)


@pytest.mark.parametrize(("usable", "cls"), [(True, TesserocrEngine), (False, PytesseractEngine)])
def test_auto_prefers_tesserocr_when_usable(monkeypatch: pytest.MonkeyPatch, usable: bool, cls: type) -> None:
    monkeypatch.setattr(ocr, "_tesserocr_usable", lambda: usable)
    assert isinstance(ocr.get_engine("auto"), cls)


def test_unknown_or_unusable_engines_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="unknown OCR engine"):
        ocr.get_engine("easyocr")
    monkeypatch.setattr(ocr, "_tesserocr_usable", lambda: False)
    with pytest.raises(OcrUnavailable, match="tesserocr"):
        ocr.get_engine("tesserocr")


@pytest.mark.parametrize("engine", [PytesseractEngine(), TesserocrEngine(), PytesseractEngine("/opt/tesseract")])
def test_engines_pickle_as_configuration(engine: OcrEngine) -> None:
    copy = pickle.loads(pickle.dumps(engine))
    assert type(copy) is type(engine) and vars(copy) == vars(engine)


@pytest.mark.parametrize(
    ("installed", "lang", "missing"),
    [({"eng", "osd"}, "jpn+eng", "jpn"), (set(), "jpn+eng", "jpn, eng"), ({"jpn"}, "eng", "eng")],
)
def test_check_ocr_names_missing_languages_and_the_install_command(
    monkeypatch: pytest.MonkeyPatch, installed: set[str], lang: str, missing: str
) -> None:
    monkeypatch.setattr(ocr, "_installed_languages", lambda: installed)
    with pytest.raises(OcrUnavailable) as err:
        ocr.check_ocr(lang)
    assert f"missing: {missing} " in str(err.value)
    assert "apt-get install -y tesseract-ocr tesseract-ocr-jpn tesseract-ocr-eng" in str(err.value)


def test_check_ocr_without_tesseract_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "_installed_languages", lambda: None)
    monkeypatch.setattr(ocr, "_tesserocr_usable", lambda: False)
    with pytest.raises(OcrUnavailable, match="not installed.*apt-get install -y tesseract-ocr"):
        ocr.check_ocr("jpn+eng")


def test_check_ocr_passes_when_all_languages_are_there(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "_installed_languages", lambda: {"jpn", "eng", "osd"})
    ocr.check_ocr("jpn+eng")


# -- real Tesseract ------------------------------------------------------------

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
TEXTS = (("氏名 山田 太郎", (60, 50)), ("予約番号 E1234", (60, 150)), ("Reservation confirmed", (60, 250)))


def _render() -> tuple[np.ndarray, dict[str, BBox]]:
    """A white card-like image with Japanese and English lines, and each line's ink box."""
    if not Path(FONT).exists():
        pytest.skip("Noto Sans CJK JP is not installed")
    img = Image.new("RGB", (1000, 630), (250, 250, 245))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 44)
    boxes = {}
    for text, (x, y) in TEXTS:
        draw.text((x, y), text, font=font, fill=(20, 20, 20))
        x0, y0, x1, y1 = draw.textbbox((x, y), text, font=font)
        boxes[text] = BBox(x0, y0, x1 - x0, y1 - y0)
    return np.asarray(img), boxes


def _inside(inner: BBox, outer: BBox, slack: int = 12) -> bool:
    return (
        inner.x >= outer.x - slack
        and inner.y >= outer.y - slack
        and inner.x + inner.w <= outer.x + outer.w + slack
        and inner.y + inner.h <= outer.y + outer.h + slack
    )


@pytest.mark.ocr
@pytest.mark.parametrize("name", ["pytesseract", "tesserocr"])
def test_backends_read_japanese_and_latin_with_boxes_on_the_text(name: str) -> None:
    image, boxes = _render()
    result = ocr.get_engine(name).recognize(image, lang="jpn+eng")
    assert result.engine == name
    lines = {line.text: line for line in result.lines}
    expected = {"氏名": "氏名 山田 太郎", "予約番号": "予約番号 E1234", "Reservation": "Reservation confirmed"}
    for word, source in expected.items():
        line = next((line for text, line in lines.items() if word in text), None)
        assert line is not None, f"{word!r} not read by {name}: {result.text!r}"
        assert _inside(line.bbox, boxes[source]), (word, line.bbox, boxes[source])
        assert all(_inside(w.bbox, boxes[source]) for w in line.words)
    assert all(w.conf >= 0 and w.text.strip() for w in result.words)


@pytest.mark.ocr
def test_both_backends_read_the_same_lines() -> None:
    image, _ = _render()
    gray = np.asarray(Image.fromarray(image).convert("L"))
    texts = [[line.text for line in ocr.get_engine(n).recognize(gray).lines] for n in ("pytesseract", "tesserocr")]
    assert texts[0] == texts[1]


@pytest.mark.ocr
def test_tesserocr_whitelist_applies_to_one_call_only() -> None:
    image, _ = _render()
    engine = TesserocrEngine()
    digits = engine.recognize(image, psm=6, whitelist="0123456789")
    assert digits.words and all(ch.isdigit() for w in digits.words for ch in w.text)
    assert "氏名" in engine.recognize(image, psm=6).text  # the kept-open API forgot the whitelist


@pytest.mark.ocr
def test_pytesseract_backend_uses_a_private_dir_and_leaves_no_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pytesseract import pytesseract as pt

    image, _ = _render()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen: list[tuple[int, str, str]] = []
    real = pt.run_tesseract

    def spy(src: str, out_base: str, *args: object, **kwargs: object) -> None:
        seen.append((stat.S_IMODE(os.stat(os.path.dirname(src)).st_mode), os.path.dirname(src), os.path.dirname(out_base)))
        real(src, out_base, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pt, "run_tesseract", spy)
    result = PytesseractEngine().recognize(image[:200])
    assert "氏名" in result.text
    ((mode, src_dir, out_dir),) = seen
    assert mode == 0o700 and src_dir == out_dir and src_dir.startswith(str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_pytesseract_backend_cleans_up_when_tesseract_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pytesseract import pytesseract as pt

    def fail(*args: object, **kwargs: object) -> None:
        raise pt.TesseractError(1, "boom")

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(pt, "run_tesseract", fail)
    with pytest.raises(pt.TesseractError):
        PytesseractEngine().recognize(np.zeros((20, 20, 3), np.uint8))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.ocr
def test_tesserocr_keeps_one_api_per_language_and_sets_the_mode_per_call() -> None:
    from pii_scan.ocr import tesserocr_backend as tb

    image, _ = _render()
    engine = TesserocrEngine()
    sparse_first = [engine.recognize(image, psm=psm).text for psm in (11, 3)]
    auto_first = [engine.recognize(image, psm=psm).text for psm in (3, 11)]
    assert sparse_first == auto_first[::-1]  # a mode does not leak into the next call
    mine = [key for key in tb._apis if key[0] == os.getpid()]
    assert [key[2] for key in mine].count("jpn+eng") == 1


@pytest.mark.ocr
def test_tesserocr_warm_opens_the_api_that_recognize_then_uses() -> None:
    from pii_scan.ocr import tesserocr_backend as tb

    tb.close_other_apis("none")  # start with no API open in this process
    engine = TesserocrEngine()
    engine.warm("eng")
    opened = [key for key in tb._apis if key[0] == os.getpid()]
    assert [key[2] for key in opened] == ["eng"]
    image, _ = _render()
    engine.recognize(image, lang="eng")
    assert [key for key in tb._apis if key[0] == os.getpid()] == opened  # the same API, not a second one
