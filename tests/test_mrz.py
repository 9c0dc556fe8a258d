"""MRZ parsing: formats, check digits, OCR repair, and finding lines in OCR text."""

from __future__ import annotations

import pytest
from mrz_images import td1_lines, td3_lines

from pii_scan.mrz import clean_line, find_mrz, parse_mrz

# The ICAO Doc 9303 specimens (Part 4 TD3, Part 5 TD1, Part 6 TD2), as published.
ICAO_TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
ICAO_TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
ICAO_TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]

# Invented holders (fake data), check digits computed by our own function.
FAKE_TD3 = td3_lines(state="JPN", surname="YAMADA", given="TARO", number="TZ1234567", nationality="JPN",
                     birth="900214", sex="M", expiry="310930", personal="")  # fmt: skip
FAKE_TD1 = td1_lines(state="D<<", number="T22000129", birth="830812", sex="F", expiry="300131",
                     nationality="D<<", surname="MUSTERFRAU", given="ERIKA")  # fmt: skip


def test_our_generator_reproduces_the_published_icao_specimens() -> None:
    assert td3_lines() == ICAO_TD3
    assert td1_lines() == ICAO_TD1


@pytest.mark.parametrize(
    ("lines", "fmt", "n_checks"),
    [(ICAO_TD3, "TD3", 5), (ICAO_TD1, "TD1", 4), (ICAO_TD2, "TD2", 4), (FAKE_TD3, "TD3", 5), (FAKE_TD1, "TD1", 4)],
)
def test_specimens_parse_and_verify(lines: list[str], fmt: str, n_checks: int) -> None:
    r = parse_mrz(lines)
    assert r is not None
    assert (r.format, r.valid, r.valid_score, len(r.checks)) == (fmt, True, 1.0, n_checks)
    assert r.shaped


def test_fields_of_the_td3_specimen() -> None:
    r = parse_mrz(ICAO_TD3)
    assert r is not None
    f = r.fields
    assert (f["document_code"], f["issuing_state"], f["document_number"]) == ("P", "UTO", "L898902C3")
    assert (f["surname"], f["given_names"], f["birth_date"], f["sex"], f["expiry_date"]) == (
        "ERIKSSON", "ANNA MARIA", "740812", "F", "120415",
    )  # fmt: skip
    assert r.composite_valid is True


def test_empty_personal_number_may_have_a_filler_check_digit() -> None:
    line2 = FAKE_TD3[1][:42] + "<" + FAKE_TD3[1][43]
    r = parse_mrz([FAKE_TD3[0], line2])
    assert r is not None and r.checks["optional_data"]


def test_document_number_lookalike_is_repaired_only_when_the_rest_verifies() -> None:
    misread = FAKE_TD3[1][:3] + "Z" + FAKE_TD3[1][4:]  # TZ1234567 read as TZ1Z34567
    r = parse_mrz([FAKE_TD3[0], misread])
    assert r is not None and r.valid and r.fields["document_number"] == "TZ1234567"
    # the same misread with a wrong birth date stays unverified and unrepaired
    worse = misread[:15] + "9" + misread[16:]
    r = parse_mrz([FAKE_TD3[0], worse])
    assert r is not None and not r.valid and r.fields["document_number"] == "TZ1Z34567"


def test_name_line_that_lost_filler_characters_is_padded_back() -> None:
    # OCR often drops '<' from long filler runs; the name line has no check digit.
    r = parse_mrz([FAKE_TD3[0][:34], FAKE_TD3[1]])  # 10 fillers lost
    assert r is not None and r.valid and len(r.lines[0]) == 44
    assert (r.fields["surname"], r.fields["given_names"]) == ("YAMADA", "TARO")


def test_name_line_that_lost_most_of_its_filler_counts_only_beside_checking_data() -> None:
    """Tesseract reads a long filler run as a few '<': a passport's name line can come out half
    its length. It is padded back when the data line's check digits pass; beside a line of
    capitals and digits whose checks fail, such a fragment is no MRZ at all."""
    short = FAKE_TD3[0].rstrip("<") + "<<<<<<<"
    assert len(short) < 44 - 15
    r = parse_mrz([short, FAKE_TD3[1]])
    assert r is not None and r.valid and r.lines[0] == FAKE_TD3[0]
    cut = parse_mrz([short, FAKE_TD3[1][:42]])  # the data line's last two check digits cut off too
    assert cut is not None and not cut.valid and cut.shaped and cut.fields["birth_date"] == FAKE_TD3[1][13:19]
    assert parse_mrz([short, "PASSPORT NUMBER 123456789 ISSUED 2020 TOKYO JA"]) is None


def test_td1_first_line_that_lost_its_filler_run_is_padded_back() -> None:
    # a TD1 card's optional data is all filler: OCR keeps the line only through a few '<'
    short = FAKE_TD1[0].rstrip("<") + "<<<"
    assert len(short) < 28
    r = parse_mrz([short, FAKE_TD1[1], FAKE_TD1[2]])
    assert r is not None and r.valid and r.lines[0] == FAKE_TD1[0]


def test_td1_first_line_cut_before_its_check_digit_is_not_padded() -> None:
    assert parse_mrz([FAKE_TD1[0][:13] + "<<", FAKE_TD1[1], FAKE_TD1[2]]) is None


def test_t_read_for_a_seven_in_a_date_is_repaired() -> None:
    # OCR-B 7 and T differ by a stroke that grain and blur take away
    line = ICAO_TD3[1]
    misread = line[:13] + line[13:19].replace("7", "T") + line[19:]  # birth date 740812
    assert misread[13] == "T"
    r = parse_mrz([ICAO_TD3[0], misread])
    assert r is not None and r.valid and r.fields["birth_date"] == "740812"


def test_grainy_read_whose_date_checks_pass_is_mrz_shaped() -> None:
    # half the digits read as look-alike letters, a lost check: the repaired dates still check
    lines = ["IDITANH4GHDXTNA<<<G 4", "TSO8O55M3112283TTA<<<<<<<<<<Q", "JONES<<ELIZABETH<<<<<<<<<<<F"]
    r = parse_mrz([lines[0], lines[1], lines[2]])
    assert r is not None and not r.valid
    assert r.checks["birth_date"] and r.checks["expiry_date"]
    assert r.shape < 0.8 and r.shaped


def test_a_look_alike_read_whose_checks_fail_is_not_mrz_shaped() -> None:
    lines = ["IDITANH4GHDXTNA<<<G 4", "TSO8O56M3112284TTA<<<<<<<<<<Q", "JONES<<ELIZABETH<<<<<<<<<<<F"]
    r = parse_mrz(lines)
    assert r is not None and r.valid_score == 0 and not r.shaped


def test_visa_has_no_composite_check() -> None:
    visa = ["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"]
    r = parse_mrz(visa)
    assert r is not None and r.is_visa
    assert r.composite_valid is None
    assert set(r.checks) == {"document_number", "birth_date", "expiry_date"}


def test_td1_long_document_number_continues_in_optional_data() -> None:
    # 12-character number: first 9 in the field, '<' at the check position, rest + check digit after.
    from pii_scan.checksums import icao_check_digit

    number = "D23145890123"
    line1 = ("I<UTO" + number[:9] + "<" + number[9:] + icao_check_digit(number) + "<" * 30)[:30]
    head = "7408122F1204159UTO"
    opt2 = "<" * 11
    line2 = head + opt2 + icao_check_digit(line1[5:30] + head[0:7] + head[8:15] + opt2)
    r = parse_mrz([line1, line2, "ERIKSSON<<ANNA<<<<<<<<<<<<<<<<"])
    assert r is not None and r.valid
    assert r.fields["document_number"] == number


@pytest.mark.parametrize(
    "garbled",
    [
        # spaces, lower case, « for <<, O/0 and I/1 in digit fields
        ["P<UTOERIKSSON«ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "l898902c36 UTO 74O8122F12O4I59ZE184226B<<<<<1O"],
        # K for < inside filler runs, a filler run one too long and one too short
        ["P<UTOERIKSSON<<ANNA<MARIA<<<<<K<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<<10"],
        ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<10"],
        # Japanese OCR reads < as く; a stray mark at the end of line 2
        ["P<UTOERIKSSONくくANNAくMARIAくくくくくくくくくくくくくくくくくくくく", "L898902C36UTO7408122F1204159ZE184226Bくくくくく10."],
        # first letter of the document code read as T
        ["T<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"],
    ],
)
def test_ocr_garbled_specimens_still_verify(garbled: list[str]) -> None:
    r = parse_mrz(garbled)
    assert r is not None and r.valid, r


@pytest.mark.parametrize(
    ("lines", "failing"),
    [
        # a real misread digit in a date: birth date and composite fail
        (["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408132F1204159ZE184226B<<<<<10"], {"birth_date", "composite"}),
        # wrong expiry check digit
        (["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204158ZE184226B<<<<<10"], {"expiry_date", "composite"}),
        # two document-number characters swapped (not look-alikes)
        (["I<UTOD231458970<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"], {"document_number", "composite"}),
    ],
)
def test_misreads_that_must_not_verify(lines: list[str], failing: set[str]) -> None:
    r = parse_mrz(lines)
    assert r is not None and not r.valid
    assert {k for k, ok in r.checks.items() if not ok} == failing
    assert r.shaped and 0 < r.valid_score < 1


@pytest.mark.parametrize(
    "lines",
    [
        # all fillers: every check digit of '<<<' is 0, but there is no document in it
        ["P<" + "<" * 42, "<" * 9 + "0" + "<" * 3 + "000000" + "0" + "<" + "000000" + "0" + "<" * 14 + "00"],
        # upper-case prose of MRZ length
        ["UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN", "PASSPORT NUMBER 123456789 ISSUED 2020 TOKYO JA"],
    ],
)
def test_non_documents_never_validate(lines: list[str]) -> None:
    r = parse_mrz(lines)
    assert r is None or not r.valid


def test_prose_is_not_mrz_shaped() -> None:
    r = parse_mrz(["UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN", "PASSPORT NUMBER 123456789 ISSUED 2020 TOKYO JA"])
    assert r is None or not r.shaped


@pytest.mark.parametrize(("n_lines", "expected"), [(1, None), (4, None)])
def test_wrong_line_count_or_length_gives_none(n_lines: int, expected: None) -> None:
    assert parse_mrz(ICAO_TD3[:1] * n_lines) is expected
    assert parse_mrz(["P<UTO" + "<" * 30, "L898902C3"]) is None


def test_find_mrz_in_multiline_ocr_text() -> None:
    text = "\n".join(
        ["PASSPORT  旅券", "Surname / 姓  YAMADA", "Date of birth 14 FEB 1990", *FAKE_TD3, "〒100-0001"]
    )
    r = find_mrz(text)
    assert r is not None and r.valid and r.format == "TD3"
    assert r.line_indices == (3, 4)


def test_find_mrz_skips_one_stray_line_between_mrz_lines() -> None:
    r = find_mrz([ICAO_TD1[0], "..", ICAO_TD1[1], ICAO_TD1[2]])
    assert r is not None and r.valid and r.format == "TD1"
    assert r.line_indices == (0, 2, 3)


def test_find_mrz_reads_an_askew_cards_lines_through_the_short_lines_between() -> None:
    """A card lying askew: page segmentation puts the short lines beside each long MRZ line between them."""
    lines = [ICAO_TD1[0], "tS Sir", "1 awt", ICAO_TD1[1], "» |", "Schweiz - Suisse", "人に220", ICAO_TD1[2]]
    r = find_mrz(lines)
    assert r is not None and r.valid and r.format == "TD1"
    assert r.line_indices == (0, 3, 7)
    assert find_mrz([ICAO_TD1[1], *["..."] * 4, ICAO_TD1[2]]) is None


def test_find_mrz_pairs_a_passports_lines_with_each_other_not_with_a_neighbours() -> None:
    """A TD3 name line has no check digit, so it would verify beside any valid data line."""
    r = find_mrz([ICAO_TD3[0], "some text", *FAKE_TD3, ICAO_TD3[1]])
    assert r is not None and r.valid and r.fields["surname"] == "YAMADA" and r.line_indices == (2, 3)


def test_find_mrz_prefers_the_valid_block() -> None:
    broken = [ICAO_TD3[0], ICAO_TD3[1][:20] + "9" + ICAO_TD3[1][21:]]
    r = find_mrz(broken + ["some text"] + FAKE_TD3)
    assert r is not None and r.valid and r.fields["surname"] == "YAMADA"


def test_find_mrz_returns_none_for_ordinary_text() -> None:
    assert find_mrz(["運転免許証", "氏名 山田 太郎", "2030年01月01日まで有効"]) is None


def test_td1_read_without_its_first_line_counts_when_both_date_checks_pass() -> None:
    """A card's first MRZ line cut off by the frame, a band or glare: the data and name lines,
    whose birth and expiry check digits both pass, are an MRZ-shaped finding, never a verified one."""
    for lines in (ICAO_TD1[1:], FAKE_TD1[1:], [FAKE_TD1[1][:-1], FAKE_TD1[2][:22]]):
        r = parse_mrz(lines)
        assert r is not None and r.format == "TD1-lower", lines
        assert (r.shaped, r.valid, dict(r.checks)) == (True, False, {"birth_date": True, "expiry_date": True})
    whole = parse_mrz(ICAO_TD1[1:])
    assert whole is not None and (whole.fields["surname"], whole.fields["birth_date"]) == ("ERIKSSON", "740812")


@pytest.mark.parametrize(
    "data",
    [
        ICAO_TD1[1][:6] + "3" + ICAO_TD1[1][7:],  # birth date check digit misread
        ICAO_TD1[1][:14] + "8" + ICAO_TD1[1][15:],  # expiry check digit misread
        "0000000M0000000UTO<<<<<<<<<<<0",  # checks pass, but 00/00 is no date
        "V" + ICAO_TD1[1][1:],  # a first digit read as V (as a visa's first line starts): no date, and no crash
    ],
)
def test_td1_data_and_name_lines_need_both_checks_and_real_dates(data: str) -> None:
    assert parse_mrz([data, ICAO_TD1[2]]) is None


def test_find_mrz_takes_a_td1_whose_first_line_is_garbled_by_its_lower_lines() -> None:
    r = find_mrz(["RE IRIRFEA <<<", ICAO_TD1[1], ICAO_TD1[2]])
    assert r is not None and r.format == "TD1-lower" and r.line_indices == (1, 2)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("p<jpn yamada«taro", "P<JPNYAMADA<<TARO"),
        ("ANNA<K<<<K", "ANNA<<<<<<"),
        ("KARL<<KLAUS", "KARL<<KLAUS"),  # a K that starts a name stays
        ("ＡＢ１２", "AB12"),
        ("A.B-C'D", "ABCD"),
    ],
)
def test_clean_line(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean
