"""OCR text normalisation, fuzzy keyword search and structure patterns."""

from __future__ import annotations

import pytest

from pii_scan.keywords import ID_KEYWORDS, ID_PATTERNS, TICKET_KEYWORDS, TICKET_PATTERNS, Keyword
from pii_scan.textmatch import KeywordMatcher, distinct, find_keywords, find_patterns, fold, max_edits, normalize


def _kw(*texts: str) -> list[Keyword]:
    return [Keyword(t, 0.5, "test") for t in texts]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＰＡＳＳＰＯＲＴ　Ｎｏ．１２３", "PASSPORT NO.123"),  # full-width Latin, digits, space
        ("運 転 免 許 証", "運転免許証"),  # Tesseract's one-word-per-CJK-character spacing
        ("氏名 山田 太郎", "氏名山田太郎"),
        ("Name  YAMADA   Taro", "NAME YAMADA TARO"),  # Latin words keep one space, upper-cased
        ("予約番号 E1234", "予約番号 E1234"),  # CJK then Latin keeps its space
        ("Carte d’identité", "CARTE D'IDENTITE"),  # curly quote, accents
        ("CĂN CƯỚC CÔNG DÂN", "CAN CUOC CONG DAN"),  # Vietnamese: two marks on one letter (U+1Exx)
        ("Đặng Thị Hà", "DANG THI HA"),  # the stroked D has no decomposition
        ("マイナンバ一カード", "マイナンバーカード"),  # kanji 一 read for the long-vowel mark
        ("ﾏｲﾅﾝﾊﾞｰ", "マイナンバー"),  # half-width katakana
        ("東京 ⇒ 新大阪", "東京 → 新大阪"),  # arrows folded to one form
        ("10:00〜12:30", "10:00~12:30"),
        ("10：00 — 12：30", "10:00 - 12:30"),
    ],
)
def test_normalize_produces_one_canonical_form(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_can_keep_letter_case() -> None:
    assert normalize("Ｈｎｄ → Cts", upper=False) == "Hnd → Cts"


def test_fold_equates_ocr_confusable_latin_characters_without_changing_length() -> None:
    assert fold("B00KING") == fold("BOOKING")
    assert fold("DR1VER'S L1CENSE") == fold("DRIVER'S LICENSE")
    assert len(fold("SEAT 12A")) == len("SEAT 12A")


@pytest.mark.parametrize(
    ("keyword", "allowed"),
    [
        ("SEX", (0, False)),
        ("GATE", (0, False)),  # four letters: exact only
        ("TRAIN", (1, False)),
        ("PASSPORT", (1, False)),  # two edits would make PASSWORD a passport
        ("BOARDING PASS", (2, False)),
        ("氏名", (0, True)),
        ("免許証", (0, True)),
        ("運転免許証", (1, True)),
        ("予約番号", (1, True)),
    ],
)
def test_edit_tolerance_grows_with_keyword_length(keyword: str, allowed: tuple[int, bool]) -> None:
    assert max_edits(normalize(keyword)) == allowed


@pytest.mark.parametrize(
    ("line", "keyword", "distance"),
    [
        ("運転兔許証", "運転免許証", 1),  # one wrong kanji
        ("B00KING REFERENCE: ABC123", "BOOKING REFERENCE", 0),  # zeros folded to O
        ("Boarding pas", "BOARDING PASS", 1),
        ("BOARDINGPASS", "BOARDING PASS", 1),  # OCR lost the space
        ("Dr1ver's Licence", "DRIVER'S LICENSE", 1),
        ("TEXAS ORIVER LICENSE", "DRIVER LICENSE", 0),  # D read as O
        ("OOB 01/02/1990", "DOB", 0),
        ("ＰＡＳＳＰＯＲＴ", "PASSPORT", 0),
        ("予 約 番 号 : E1234-5678", "予約番号", 0),
        ("予納番号 E1234", "予約番号", 1),
        ("Find tickets", "TICKET", 0),  # plural S
        ("Seat12A", "SEAT", 0),  # digits may touch a word
        ("DEPARTUR", "DEPARTURE", 1),
        ("国民健康保険彼保険者証", "被保険者証", 1),  # a long keyword's first kanji misread
    ],
)
def test_garbled_keywords_are_found(line: str, keyword: str, distance: int) -> None:
    (m,) = [m for m in find_keywords(["something else", line], _kw(keyword))]
    assert (m.line, m.keyword.text, m.distance) == (1, keyword, distance)


@pytest.mark.parametrize(
    ("line", "keyword"),
    [
        ("Change Password", "PASSPORT"),  # two substitutions on an 8-letter word
        ("What are you looking for?", "BOOKING"),  # first letter differs
        ("turn on the light", "FLIGHT"),
        ("DATE", "GATE"),  # short words: exact only
        ("SEATTLE", "SEAT"),  # inside a longer word
        ("TICKETING", "TICKET"),
        ("CARD", "CAR"),
        ("管理番号 12345", "整理番号"),  # first character differs
        ("紙チケット", "Eチケット"),  # a long keyword starting with a letter: its first character must be read
        ("ゲリーン車", "グリーン車"),  # ... or with kana
        ("の保険者証", "被保険者証"),  # a kanji misread only as another kanji
        ("年月日", "生年月日"),  # a dropped kanji is not tolerated
        ("免許", "免許証"),  # short CJK keywords: exact only
        ("運転免許", "運転免許証"),
    ],
)
def test_near_misses_are_not_matched(line: str, keyword: str) -> None:
    assert find_keywords([line], _kw(keyword)) == []


def test_match_reports_line_index_matched_text_keyword_and_weight() -> None:
    kw = Keyword("予約番号", 1.0, "booking")
    (m,) = KeywordMatcher([kw]).find(["のぞみ 21号", "予約番号 E1234"])
    assert (m.line, m.text, m.keyword, m.weight, m.start, m.end) == (1, "予約番号", kw, 1.0, 0, 4)


@pytest.mark.parametrize(
    ("line", "keywords", "kept"),
    [
        ("運転免許証", ("免許証", "運転免許証"), ["運転免許証"]),  # a keyword inside a longer one
        ("BOOKING REFERENCE", ("BOOKING", "BOOKING REFERENCE"), ["BOOKING REFERENCE"]),
        ("PASSPORT", ("PASSPORT", "PASAPORTE"), ["PASSPORT"]),  # exact beats a fuzzy look-alike
        ("Boarding pas", ("BOARDING", "BOARDING PASS"), ["BOARDING PASS"]),
        ("氏名 住所", ("氏名", "住所"), ["氏名", "住所"]),
    ],
)
def test_overlapping_matches_are_reduced(line: str, keywords: tuple[str, ...], kept: list[str]) -> None:
    assert [m.keyword.text for m in find_keywords([line], _kw(*keywords))] == kept


@pytest.mark.parametrize(
    ("line", "keyword", "found"),
    [
        ("ae 00082", "DOB", False),  # digits folded to O O B: a number
        ("ISS 155 2022", "ISS", True),
        ("No. 155", "ISS", False),
        ("0OB 01/02/1990", "DOB", True),  # mostly letters
        ("B00KING REF", "BOOKING", True),
    ],
)
def test_digit_runs_are_not_read_as_words(line: str, keyword: str, found: bool) -> None:
    assert bool(find_keywords([line], _kw(keyword))) is found


def test_distinct_keeps_the_first_match_of_each_keyword() -> None:
    matches = find_keywords(["氏名", "住所", "氏名"], _kw("氏名", "住所"))
    assert [(m.keyword.text, m.line) for m in distinct(matches)] == [("氏名", 0), ("住所", 1)]


def test_real_keyword_lists_ignore_ordinary_settings_text() -> None:
    lines = ["Settings", "Change Password", "Wi-Fi", "Bluetooth", "Notifications", "Privacy"]
    assert find_keywords(lines, ID_KEYWORDS) == []


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("10:00 → 12:30", "time_pair"),
        ("10:00発 12:30着", "time_pair"),
        ("08:15 “ 15:40", "time_pair"),  # OCR noise for an arrow
        ("東京 → 新大阪", "station_pair"),
        ("東京〜新大阪", "station_pair"),
        ("HND → CTS", "airport_pair"),
        ("NYC O >= O LDN", "airport_pair"),  # an arrow glyph read as junk
        ("Tokyo → Shin-Osaka", "city_pair"),
        ("HND → CTS行き", "airport_pair"),  # kana glued to the Latin print by a jpn+eng read
        ("ンHND → CTS", "airport_pair"),
        ("Tokyo → Osaka行", "city_pair"),
        ("のぞみ 21号", "train_number"),
        ("サンダーバード8号", "train_number"),
        ("NH 123", "flight_number"),
        ("Flight: JL123", "labelled_flight"),
        ("7号車 12A", "car_seat"),
        ("7号車 12番A席", "car_seat"),
        ("12番A席", "seat_ja"),
        ("座席 23C", "seat_ja"),
        ("座席番号: 12番", "seat_ja"),
        ("Seat 23C", "seat_en"),
        ("Car 7 Seat 12A", "seat_en"),
        ("Row 12", "car_or_row"),
        ("3列 15番", "row_number_ja"),
        ("15车厢05F号 二等座", "seat_zh"),
        ("05车12F号", "seat_zh"),
        ("14年肥05C号二等座", "seat_zh"),  # 车厢 lost by a read without a Chinese model
        ("Ticket 1 of 2", "ticket_n_of_m"),
    ],
)
def test_ticket_structures_are_recognised(line: str, name: str) -> None:
    assert name in {m.pattern.name for m in find_patterns([line], TICKET_PATTERNS)}


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("10:00", "time_pair"),
        ("2024/05/01 10:00", "time_pair"),
        ("Thu, Mar 19, 07:00 am - Sun, Mar 22, 03:30 pm", "time_pair"),  # dates between
        ("国道1号線", "train_number"),
        ("101号室", "train_number"),
        ("7号車", "car_seat"),  # a car without a seat
        ("座席 2024年", "seat_ja"),
        ("the - and", "airport_pair"),
        ("Car - Bus", "airport_pair"),  # lower case is no airport code
        ("as 123 people", "flight_number"),
        ("NH 2024", "flight_number"),  # a year
        ("NH 2024年", "flight_number"),  # ... with its kanji glued on
        ("XHND → CTS", "airport_pair"),  # a Latin letter before the code joins it to a word
        ("save me a seat a bit later", "seat_en"),
        ("二等座 有 ¥515.0", "seat_zh"),  # a timetable's class and fare, no seat
        ("5号車 12A", "seat_zh"),  # a Japanese car and seat: car_seat's
        ("3B号室", "seat_zh"),
    ],
)
def test_lookalike_text_is_not_a_ticket_structure(line: str, name: str) -> None:
    assert name not in {m.pattern.name for m in find_patterns([line], TICKET_PATTERNS)}


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("昭和61年5月1日生", True),
        ("平成 元年 3月 31日生", True),
        ("令和01年05月07日まで有効", True),
        ("2024年5月1日", False),
        ("昭和61年5月1日", False),  # an era date, not "born on": a field-strength cue only
        ("茹和59年8月23日生", True),  # 昭 misread
    ],
)
def test_card_date_structures(line: str, found: bool) -> None:
    assert any(m.pattern.family == "structure" for m in find_patterns([line], ID_PATTERNS)) is found


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("交付 令和01年05月07日 12345", True),
        ("資格取得年月日 平成29年 3月20日", True),
        ("昭和61年5月1日生", False),  # the birth-date structure, not counted twice
        ("2024年5月1日", False),
        ("平和3丁目5番", False),
    ],
)
def test_era_dates_are_a_field_cue(line: str, found: bool) -> None:
    assert ("era_date" in {m.pattern.name for m in find_patterns([line], ID_PATTERNS)}) is found


def test_ticket_keyword_families_cover_booking_and_travel_words() -> None:
    families = {m.keyword.family for m in find_keywords(["予約番号", "出発", "指定席"], TICKET_KEYWORDS)}
    assert families == {"booking", "travel", "seat_class"}
