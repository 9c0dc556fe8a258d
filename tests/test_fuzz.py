"""Property-based fuzzing (hypothesis) of everything that reads untrusted input.

Image decoding and a whole ``Engine.scan_one`` get mutated, truncated and
random bytes built from small valid JPEG, PNG, WebP, GIF and HEIC seeds;
the MRZ parser, check digits, keyword and pattern matching, masking and
every installed detector get arbitrary text. The properties: never an
exception other than the documented one, never a hang (a generous
per-example deadline), and the invariants each function promises.

Bounded and deterministic for CI: a fixed ``max_examples`` per test,
``derandomize=True`` (the same examples on every run), no example
database. ``pytest tests/test_fuzz.py --hypothesis-show-statistics``
shows how many examples ran; ``PII_SCAN_FUZZ_SCALE`` multiplies them.
"""

from __future__ import annotations

import io
import os
import string
from datetime import timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from pii_scan.checksums import (
    icao_check_digit,
    is_valid_icao,
    is_valid_luhn,
    is_valid_my_number,
    luhn_check_digit,
    my_number_check_digit,
)
from pii_scan.decode import decode
from pii_scan.detectors import load_detectors
from pii_scan.engine import Engine, ScanOptions
from pii_scan.errors import UnreadableImage
from pii_scan.keywords import ID_KEYWORDS, ID_PATTERNS, TICKET_KEYWORDS, TICKET_PATTERNS
from pii_scan.masking import MASK, mask_mrz_line, mask_number, mask_text
from pii_scan.models import ImageResult
from pii_scan.mrz import MRZ_ALPHABET, clean_line, find_mrz, parse_mrz
from pii_scan.testing import make_context
from pii_scan.textmatch import find_keywords, find_patterns, fold, has_cjk, normalize

_BASE = settings(
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=10),  # a hang fails; a slow shared CI machine does not
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)



#: ``PII_SCAN_FUZZ_SCALE=10 pytest tests/test_fuzz.py`` runs ten times the examples, for a longer hunt.
SCALE = float(os.environ.get("PII_SCAN_FUZZ_SCALE", "1"))


def fuzz(examples: int) -> settings:
    """The shared settings with this many examples (times ``SCALE``)."""
    return settings(_BASE, max_examples=max(1, int(examples * SCALE)))


# ------------------------------------------------------------------ seeds and mutations


def _seed_image(mode: str = "RGB") -> Image.Image:
    h, w = 24, 32
    yy, xx = np.mgrid[0:h, 0:w]
    rgb = np.stack([xx * 8, yy * 10, (xx + yy) * 4], axis=2).astype(np.uint8)
    return Image.fromarray(rgb, "RGB").convert(mode)


def _encode(fmt: str, **save: object) -> bytes:
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    buf = io.BytesIO()
    _seed_image("P" if fmt == "GIF" else "RGB").save(buf, fmt, **save)
    return buf.getvalue()


SEEDS = {
    "jpeg": _encode("JPEG", quality=80),
    "png": _encode("PNG"),
    "webp": _encode("WEBP", quality=80),
    "gif": _encode("GIF"),
    "heic": _encode("HEIF", quality=50),
}


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` cut, with bytes flipped, overwritten, inserted or appended."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["cut", "flip", "overwrite", "insert", "append"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "cut":
            del data[pos:]
        elif op == "flip" and data:
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[pos : pos + len(chunk)] = chunk
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        else:
            data += draw(st.binary(max_size=64))
    return bytes(data)


def any_image_bytes() -> st.SearchStrategy[bytes]:
    """Mutated seeds of every format, seeds' headers followed by noise, and plain noise."""
    return st.one_of(
        *(mutated(s) for s in SEEDS.values()),
        st.builds(lambda s, tail: s[:32] + tail, st.sampled_from(list(SEEDS.values())), st.binary(max_size=256)),
        st.binary(max_size=256),
    )


def _check_decoded(d) -> None:  # type: ignore[no-untyped-def]
    assert d.width >= 1 and d.height >= 1
    assert d.small.dtype == np.uint8 and d.small.ndim == 3 and d.small.shape[2] == 3
    assert max(d.small.shape[:2]) <= max(d.width, d.height)


# ------------------------------------------------------------------ decoding


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_seed_images_decode(fmt):
    _check_decoded(decode(SEEDS[fmt], name=f"seed.{fmt}"))


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@fuzz(250)
@given(data=st.data())
def test_decode_of_mutated_image_is_an_image_or_unreadable(fmt, data):
    blob = data.draw(mutated(SEEDS[fmt]))
    try:
        d = decode(blob, name="fuzz")
    except UnreadableImage as exc:
        assert str(exc).startswith("fuzz: ") and "\n" not in str(exc)
    else:
        _check_decoded(d)


@fuzz(400)
@given(any_image_bytes())
def test_scan_one_of_any_bytes_is_a_result_never_an_exception(data):
    r = _ENGINE.scan_one(data, name="fuzz")
    assert isinstance(r, ImageResult)
    assert (r.label is None) == (r.error is not None)
    assert r.detector_errors == ()


_ENGINE = Engine(ScanOptions(ocr="none"))

# ------------------------------------------------------------------ MRZ and check digits

_MRZ_CHARS = MRZ_ALPHABET + "«<> .,-|kK0OIl1"
mrz_lines = st.lists(st.text(alphabet=_MRZ_CHARS, min_size=26, max_size=48), min_size=1, max_size=4)


@fuzz(400)
@given(mrz_lines)
def test_mrz_parser_never_fails_on_mrz_like_lines(lines):
    r = parse_mrz(lines)
    if r is not None:
        assert isinstance(r.valid, bool) and 0.0 <= r.valid_score <= 1.0
        assert all(set(line) <= set(MRZ_ALPHABET) for line in r.lines)
    found = find_mrz(lines + ["", "noise"])
    assert found is None or all(0 <= i < len(lines) + 2 for i in found.line_indices)


@fuzz(100)
@given(st.lists(st.text(max_size=60), max_size=6))
def test_mrz_search_never_fails_on_any_text(lines):
    assert all(set(clean_line(s)) <= set(MRZ_ALPHABET) for s in lines)
    find_mrz(lines)
    find_mrz("\n".join(lines))


@fuzz(100)
@given(st.text(alphabet=string.digits + string.ascii_uppercase + "<", min_size=1, max_size=30), st.data())
def test_icao_check_digit_round_trips_and_catches_one_wrong_digit(data, draw):
    check = icao_check_digit(data)
    assert check in string.digits and is_valid_icao(data, check)
    digits = [i for i, c in enumerate(data) if c.isdigit()]
    if digits:  # weights 7, 3, 1 are prime to 10: any one changed digit shows
        i = draw.draw(st.sampled_from(digits))
        other = draw.draw(st.sampled_from([d for d in string.digits if d != data[i]]))
        assert not is_valid_icao(data[:i] + other + data[i + 1 :], check)


@fuzz(100)
@given(st.text(alphabet=string.digits, min_size=2, max_size=19), st.data())
def test_luhn_round_trips_and_catches_one_wrong_digit(payload, draw):
    number = payload + luhn_check_digit(payload)
    assert is_valid_luhn(number)
    i = draw.draw(st.integers(0, len(number) - 1))
    other = draw.draw(st.sampled_from([d for d in string.digits if d != number[i]]))
    assert not is_valid_luhn(number[:i] + other + number[i + 1 :])


@fuzz(100)
@given(st.text(alphabet=string.digits, min_size=11, max_size=11))
def test_my_number_check_digit_round_trips(payload):
    assert is_valid_my_number(payload + my_number_check_digit(payload))


@fuzz(150)
@given(st.text(max_size=40), st.text(max_size=4))
def test_validators_answer_a_bool_for_any_text(text, check):
    for ok in (is_valid_luhn(text), is_valid_my_number(text), is_valid_icao(text, check)):
        assert isinstance(ok, bool)


# ------------------------------------------------------------------ keyword and pattern matching

ocr_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("運転免許証氏名住所生年月日有効期限番号予約座席号車発着新幹線ＡＢＣ０１２　・ー－"),
    ),
    max_size=50,
)
KEYWORDS = ID_KEYWORDS + TICKET_KEYWORDS
PATTERNS = ID_PATTERNS + TICKET_PATTERNS


@fuzz(400)
@given(st.lists(ocr_text, max_size=5))
def test_keyword_and_pattern_matching_never_fail(lines):
    for m in find_keywords(lines, KEYWORDS):
        assert 0 <= m.line < len(lines)
        assert 0 <= m.start <= m.end <= len(normalize(lines[m.line]))
    for p in find_patterns(lines, PATTERNS):
        assert 0 <= p.line < len(lines)


@fuzz(150)
@given(ocr_text)
def test_normalising_is_stable(text):
    once = normalize(text)
    assert normalize(once) == once
    assert len(fold(once)) == len(once)
    assert has_cjk(text) in (True, False)


latin_words = st.lists(st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=8), max_size=4)


@fuzz(100)
@given(latin_words, st.sampled_from([k for k in KEYWORDS if k.text.isascii()]), latin_words)
def test_a_keyword_between_other_words_is_found(before, keyword, after):
    line = " ".join([*before, keyword.text, *after])
    found = {m.keyword.text for m in find_keywords([line], KEYWORDS)}
    assert keyword.text in found or any(keyword.text in f for f in found)


# ------------------------------------------------------------------ masking


@fuzz(150)
@given(st.text(max_size=40))
def test_masked_number_keeps_shape_and_at_most_two_characters(s):
    m = mask_number(s)
    assert len(m) == len(s)
    assert [c for c in s if not c.isalnum()] == [c for c in m if c != MASK and not c.isalnum()] or MASK in s
    assert sum(c.isalnum() for c in m) <= 2


@fuzz(150)
@given(st.text(max_size=40))
def test_masked_text_shows_at_most_its_first_character(s):
    m = mask_text(s)
    assert len(m) == len(s)
    shown = [c for c in m if not c.isspace() and c != MASK]
    assert len(shown) <= 1 + s.count(MASK)


@fuzz(150)
@given(st.text(alphabet=MRZ_ALPHABET, max_size=44))
def test_masked_mrz_line_shows_only_the_document_head(line):
    m = mask_mrz_line(line)
    assert len(m) == len(line)
    assert sum(c.isalnum() for c in m[5:]) == 0


# ------------------------------------------------------------------ detectors on any OCR text

_DETECTORS = load_detectors()
_CARD = np.full((500, 800, 3), 250, np.uint8)
_CARD[60:440, 100:700] = (235, 230, 220)


@fuzz(200)
@given(st.lists(ocr_text, max_size=8))
def test_every_detector_copes_with_any_ocr_text(lines):
    ctx = make_context(_CARD, ocr_lines=lines)
    for det in _DETECTORS:
        for f in det.detect(ctx):
            assert 0.0 <= f.score <= 1.0
