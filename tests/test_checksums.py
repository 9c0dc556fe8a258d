"""Check-digit schemes: ICAO 9303, Individual Number (マイナンバー), Luhn."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pii_scan.checksums import (
    icao_char_value,
    icao_check_digit,
    is_valid_icao,
    is_valid_insurer_number,
    is_valid_luhn,
    is_valid_my_number,
    luhn_check_digit,
    make_icao_field,
    make_insurer_number,
    make_luhn_number,
    make_my_number,
    my_number_check_digit,
)


def _ordinance_check_digit(payload: str) -> str:
    """MIC Ordinance No. 85 art. 5, written out independently: weights left to right."""
    weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]  # Q_n for n = 11 .. 1
    rem = sum(int(d) * w for d, w in zip(payload, weights)) % 11
    return "0" if rem <= 1 else str(11 - rem)


# -- ICAO 9303 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "digit"),
    [
        # Published ICAO Doc 9303 specimen fields (Part 4 TD3 / Part 5 TD1).
        ("L898902C3", "6"),
        ("740812", "2"),
        ("120415", "9"),
        ("ZE184226B<<<<<", "1"),
        ("D23145890", "7"),
        ("L898902C3674081221204159ZE184226B<<<<<1", "0"),  # the TD3 composite
        # Worked by hand: 5*7 + 2*3 + 0*1 = 41 -> 1; all fillers -> 0.
        ("520", "1"),
        ("<<<<<<<<<", "0"),
        ("", "0"),
    ],
)
def test_icao_check_digit_matches_known_values(data: str, digit: str) -> None:
    assert icao_check_digit(data) == digit
    assert is_valid_icao(data, digit)


@pytest.mark.parametrize(("ch", "value"), [("0", 0), ("9", 9), ("A", 10), ("Z", 35), ("<", 0)])
def test_icao_char_values(ch: str, value: int) -> None:
    assert icao_char_value(ch) == value


@pytest.mark.parametrize("ch", ["a", " ", "-", "«", "Ä"])
def test_icao_rejects_characters_outside_the_mrz_alphabet(ch: str) -> None:
    with pytest.raises(ValueError):
        icao_char_value(ch)
    assert not is_valid_icao("AB" + ch, "0")


@pytest.mark.parametrize(
    ("data", "check", "ok"),
    [
        ("L898902C3", "5", False),  # one digit off
        ("L898902C3", "7", False),
        ("L898920C3", "6", False),  # adjacent transposition (0 and 2, weights 3 and 1)
        ("7408122", "2", False),
        ("<<<<<<<<<<<<<<", "<", True),  # empty optional field: '<' allowed as its check
        ("ZE184226B<<<<<", "<", False),  # but not for a field with data
        ("740812", "22", False),
    ],
)
def test_icao_validity_near_misses(data: str, check: str, ok: bool) -> None:
    assert is_valid_icao(data, check) is ok


@given(st.text(alphabet="0123456789", min_size=1, max_size=15), st.data())
def test_icao_any_single_digit_change_breaks_the_check(data: str, draw: st.DataObject) -> None:
    digit = icao_check_digit(data)
    i = draw.draw(st.integers(0, len(data) - 1))
    new = draw.draw(st.sampled_from([d for d in "0123456789" if d != data[i]]))
    assert not is_valid_icao(data[:i] + new + data[i + 1 :], digit)


# -- Individual Number ----------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "123456789018",  # sum 212, 212 mod 11 = 3 -> 8
        "023456789013",
        "000000000000",  # remainder 0 -> 0
        "000000000060",  # 6 * Q1(=2) = 12, remainder 1 -> 0
        "000000000051",  # 5 * 2 = 10, remainder 10 -> 1
        "100000000005",  # 1 * Q11(=6) = 6 -> 11 - 6 = 5
    ],
)
def test_my_number_known_good_vectors(number: str) -> None:
    assert is_valid_my_number(number)
    assert my_number_check_digit(number[:11]) == _ordinance_check_digit(number[:11]) == number[11]


@pytest.mark.parametrize(
    "number",
    [
        "123456789012",  # wrong check digit
        "123456789019",  # one off
        "123456789081",  # last two transposed
        "213456789018",  # first two transposed
        "12345678901",  # 11 digits
        "1234567890180",  # 13 digits
        "1234 5678 9018",  # separators are the caller's job
        "１２３４５６７８９０１８",  # full-width digits are not ASCII
        "12345678901A",
    ],
)
def test_my_number_near_misses_fail(number: str) -> None:
    assert not is_valid_my_number(number)


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_my_number_agrees_with_the_ordinance_formula(payload: str) -> None:
    assert my_number_check_digit(payload) == _ordinance_check_digit(payload)


@given(st.text(alphabet="0123456789", min_size=11, max_size=11), st.integers(0, 10), st.integers(1, 9))
def test_my_number_single_digit_change_is_caught_unless_remainders_0_and_1_meet(payload: str, i: int, delta: int) -> None:
    number = payload + my_number_check_digit(payload)
    changed = payload[:i] + str((int(payload[i]) + delta) % 10) + payload[i + 1 :]
    weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    rems = {sum(int(d) * w for d, w in zip(p, weights)) % 11 for p in (payload, changed)}
    # The formula maps remainders 0 and 1 both to check digit 0: the one blind spot.
    assert is_valid_my_number(changed + number[11]) == (rems == {0, 1})


def test_make_my_number_generates_valid_numbers() -> None:
    rng = random.Random(7)
    numbers = [make_my_number(rng) for _ in range(200)]
    assert all(is_valid_my_number(n) and len(n) == 12 for n in numbers)
    assert len(set(numbers)) == 200


def test_my_number_check_digit_rejects_bad_payloads() -> None:
    with pytest.raises(ValueError):
        my_number_check_digit("1234567890")


# -- Luhn ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("79927398713", True),  # the classic worked example
        ("4111111111111111", True),
        ("5500000000000004", True),
        ("79927398710", False),
        ("4111111111111112", False),
        ("4111111111111121", False),  # adjacent transposition
        ("7", False),
        ("4111-1111-1111-1111", False),
    ],
)
def test_luhn_table(number: str, ok: bool) -> None:
    assert is_valid_luhn(number) is ok


@given(st.text(alphabet="0123456789", min_size=12, max_size=18), st.data())
def test_luhn_any_single_digit_change_breaks_the_check(payload: str, draw: st.DataObject) -> None:
    number = payload + luhn_check_digit(payload)
    i = draw.draw(st.integers(0, len(number) - 1))
    new = draw.draw(st.sampled_from([d for d in "0123456789" if d != number[i]]))
    assert not is_valid_luhn(number[:i] + new + number[i + 1 :])


def test_generators_make_valid_luhn_and_icao_fields() -> None:
    rng = random.Random(3)
    for _ in range(50):
        card = make_luhn_number(rng, 16, "4")
        assert card.startswith("4") and len(card) == 16 and is_valid_luhn(card)
        field = make_icao_field(rng, 9)
        assert is_valid_icao(field[:9], field[9])


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("01130012", True),  # 協会けんぽ Tokyo: scheme 01, prefecture 13, insurer 001, check 2
        ("33120015", True),  # the worked example of the MHLW rule (警察共済, Chiba)
        ("138008", True),  # national health insurance: no scheme number, 6 digits
        ("01130013", False),  # check digit off by one
        ("99130015", False),  # the check passes, but 99 is no scheme
        ("01480011", False),  # the check passes, but 48 is no prefecture
        ("0113001", False),  # 7 digits
        ("0113OO12", False),  # letters
    ],
)
def test_insurer_number_table(number: str, ok: bool) -> None:
    assert is_valid_insurer_number(number) is ok


def test_make_insurer_number_generates_valid_numbers_of_both_lengths() -> None:
    rng = random.Random(5)
    for national in (False, True):
        numbers = [make_insurer_number(rng, national=national) for _ in range(50)]
        assert all(is_valid_insurer_number(n) for n in numbers)
        assert {len(n) for n in numbers} == {6 if national else 8}
