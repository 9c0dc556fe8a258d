"""Check-digit schemes used to verify numbers read from documents.

Pure functions, no I/O. Each ``*_check_digit`` computes the digit for a
payload; each ``is_valid_*`` verifies a complete number. The ``make_*``
generators build VALID fake numbers from a ``random.Random`` for tests and
for the synthetic image generator; nothing here knows a real person.

Sources of the formulas:

* ICAO Doc 9303 Part 3, 4.9: weights 7, 3, 1 repeating; digits count as
  themselves, ``A``..``Z`` as 10..35, the filler ``<`` as 0; the check digit
  is the weighted sum modulo 10.
* Individual Number (個人番号): 総務省令第八十五号 (MIC Ordinance No. 85 of
  2014), article 5. With P_n the n-th digit of the 11-digit payload counted
  from the right (n = 1..11) and Q_n = n + 1 for n <= 6, n - 5 for n >= 7,
  the check digit is 11 - (sum P_n * Q_n mod 11), or 0 when that remainder
  is 0 or 1.
* Luhn (ISO/IEC 7812-1 Annex B) for payment card numbers.
* Health insurer number (保険者番号; MHLW's 保険者番号設定要領): 8 digits,
  the scheme (法別番号), the prefecture (都道府県番号, 01-47), the insurer
  (保険者別番号, 3 digits) and a check digit; 6 digits for national health
  insurance, which has no scheme number. The check digit weighs the
  payload's digits 2 and 1 alternately from its last, adds the digits of
  two-digit products and is 10 minus the sum's last digit (0 when that is
  0): Luhn's scheme.
"""

from __future__ import annotations

import random

__all__ = [
    "icao_char_value",
    "icao_check_digit",
    "is_valid_icao",
    "is_valid_insurer_number",
    "is_valid_luhn",
    "is_valid_my_number",
    "luhn_check_digit",
    "make_icao_field",
    "make_insurer_number",
    "make_luhn_number",
    "make_my_number",
    "my_number_check_digit",
]

_ICAO_WEIGHTS = (7, 3, 1)


def icao_char_value(ch: str) -> int:
    """The ICAO 9303 value of one MRZ character: 0-9, A=10..Z=35, '<'=0."""
    if "0" <= ch <= "9":
        return ord(ch) - ord("0")
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise ValueError(f"not an MRZ character: {ch!r}")


def icao_check_digit(data: str) -> str:
    """The ICAO 9303 check digit ('0'..'9') of an MRZ field."""
    total = sum(icao_char_value(c) * _ICAO_WEIGHTS[i % 3] for i, c in enumerate(data))
    return str(total % 10)


def is_valid_icao(data: str, check: str) -> bool:
    """True when ``check`` is the ICAO check digit of ``data``.

    A filler ``<`` check digit is accepted only for an all-filler field
    (ICAO allows it for an empty optional / personal-number field).
    Characters outside the MRZ alphabet make the field invalid.
    """
    if len(check) != 1:
        return False
    try:
        digit = icao_check_digit(data)
    except ValueError:
        return False
    if check == "<":
        return set(data) <= {"<"}
    return check == digit


def my_number_check_digit(payload: str) -> str:
    """The check digit of an 11-digit Individual Number payload."""
    if len(payload) != 11 or not payload.isascii() or not payload.isdigit():
        raise ValueError("an Individual Number payload is 11 ASCII digits")
    total = 0
    for n, ch in enumerate(reversed(payload), start=1):
        q = n + 1 if n <= 6 else n - 5
        total += int(ch) * q
    rem = total % 11
    return "0" if rem <= 1 else str(11 - rem)


def is_valid_my_number(number: str) -> bool:
    """True for a 12-digit string whose last digit is its Individual Number check digit."""
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        return False
    return my_number_check_digit(number[:11]) == number[11]


def luhn_check_digit(payload: str) -> str:
    """The Luhn check digit to append to a digit string."""
    if not payload.isascii() or not payload.isdigit():
        raise ValueError("Luhn payload must be ASCII digits")
    total = 0
    # Counting from the right of the payload, the first digit is doubled.
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def is_valid_luhn(number: str) -> bool:
    """True for a digit string (at least 2 digits) that passes the Luhn check."""
    if len(number) < 2 or not number.isascii() or not number.isdigit():
        return False
    return luhn_check_digit(number[:-1]) == number[-1]


#: Scheme numbers (法別番号) that head an 8-digit insurer number: 協会けんぽ, 船員保険, 日雇特例,
#: 健保組合, 自衛官等, the mutual-aid associations (共済), 後期高齢者医療 and the retirees' schemes.
INSURER_SCHEMES = frozenset({"01", "02", "03", "04", "06", "07", "31", "32", "33", "34", "39", "63", "67", "72", "73", "74", "75"})


def is_valid_insurer_number(number: str) -> bool:
    """True for a health insurer number (保険者番号): 8 digits with a known scheme, or 6 (national
    health insurance); a prefecture 01-47; its check digit valid."""
    if len(number) not in (8, 6) or not number.isascii() or not number.isdigit():
        return False
    if len(number) == 8 and number[:2] not in INSURER_SCHEMES:
        return False
    prefecture = int(number[-6:-4])
    return 1 <= prefecture <= 47 and is_valid_luhn(number)


def make_insurer_number(rng: random.Random, *, national: bool = False) -> str:
    """A random valid insurer number: 8 digits (a random known scheme), or 6 with ``national``."""
    scheme = "" if national else rng.choice(sorted(INSURER_SCHEMES))
    payload = scheme + f"{rng.randint(1, 47):02d}" + _digits(rng, 3)
    return payload + luhn_check_digit(payload)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def make_my_number(rng: random.Random) -> str:
    """A random 12-digit string with a valid Individual Number check digit."""
    payload = _digits(rng, 11)
    return payload + my_number_check_digit(payload)


def make_luhn_number(rng: random.Random, length: int = 16, prefix: str = "4") -> str:
    """A random Luhn-valid number of ``length`` digits starting with ``prefix``."""
    if length < len(prefix) + 1:
        raise ValueError("length too short for the prefix")
    payload = prefix + _digits(rng, length - len(prefix) - 1)
    return payload + luhn_check_digit(payload)


def make_icao_field(rng: random.Random, length: int = 9, *, alphabet: str = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ") -> str:
    """A random MRZ field of ``length`` characters followed by its check digit."""
    data = "".join(rng.choice(alphabet) for _ in range(length))
    return data + icao_check_digit(data)
