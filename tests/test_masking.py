"""The masking policy: what a masked value may still reveal."""

from __future__ import annotations

import pytest

from pii_scan.masking import mask_mrz_line, mask_number, mask_text


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("123456789018", "**********18"),
        ("1234 5678 9018", "**** **** **18"),
        ("1234-5678-9018", "****-****-**18"),
        ("L898902C3", "*******C3"),  # letters of document numbers count as characters
        ("12", "12"),
        ("", ""),
    ],
)
def test_mask_number_keeps_only_the_last_two_and_separators(raw: str, masked: str) -> None:
    assert mask_number(raw) == masked


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("P<JPNYAMADA<<TARO<<<<<<<", "P<JPN******<<****<<<<<<<"),
        ("I<UTOD231458907<<<<<<<<<<<<<<<", "I<UTO**********<<<<<<<<<<<<<<<"),
        ("IDD<<T220001293<<<<<<<<<<<<<<<", "IDD<<**********<<<<<<<<<<<<<<<"),
        # Second lines start with the document number or a date: nothing kept.
        ("L898902C36UTO7408122F1204159ZE184226B<<<<<10", "*" * 37 + "<<<<<**"),
        ("7408122F1204159UTO<<<<<<<<<<<6", "******************<<<<<<<<<<<*"),
    ],
)
def test_mask_mrz_line_keeps_only_document_code_and_state(line: str, masked: str) -> None:
    assert mask_mrz_line(line) == masked
    assert len(mask_mrz_line(line)) == len(line)


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("YAMADA TARO", "Y***** ****"),
        ("山田 太郎", "山* **"),
        (" x", " x"),
        ("", ""),
    ],
)
def test_mask_text_keeps_the_first_character(raw: str, masked: str) -> None:
    assert mask_text(raw) == masked
