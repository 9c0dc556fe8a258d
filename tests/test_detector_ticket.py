"""ticket.vocabulary: reservation screenshots from OCR words, with FakeOcr and a pinned screenshot score."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pii_scan.context import CARD_OCR_PSM, ImageContext
from pii_scan.decode import decode
from pii_scan.detectors.ticket import TicketCue, TicketDetector, find_ticket_cues, ticket_score
from pii_scan.models import BBox, Label
from pii_scan.signals import Barcode, CardQuad, ScreenshotTraits, Signals
from pii_scan.testing import FakeOcr, make_context


@pytest.fixture
def screenshot(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Pin the screenshot score (computed by another module)."""

    def set_(score: float) -> None:
        traits = ScreenshotTraits(score, False, True, 2.16, None, 0.0, 0.8)
        monkeypatch.setattr(Signals, "screenshot", property(lambda self: traits))

    set_(0.9)
    return set_


@pytest.fixture
def barcodes(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Pin the codes found in the image (computed by another module)."""

    def set_(*codes: Barcode) -> None:
        monkeypatch.setattr(Signals, "barcodes", property(lambda self: tuple(codes)))

    set_()
    return set_


def _score(lines: list[str]) -> float:
    """The detector's score, or -1 when its prefilter skips the image."""
    ctx = make_context(ocr_lines=lines, size=(390, 844))
    det = TicketDetector()
    if not det.prefilter(ctx):
        return -1.0
    return max((f.score for f in det.detect(ctx)), default=0.0)


POSITIVES = {
    # a cropped train ticket: only the seat (番 + seat letter, no 席) and the car class survive
    "cropped_train_seat": ["12:30", "19番E", "普通車指定", "大人1名小児"],
    "shinkansen_ja": ["9:41", "予約内容", "予約番号 E1234-5678", "2024年5月1日(水)", "のぞみ 21号",
                      "東京 → 新大阪", "10:00発 12:30着", "7号車 12番A席", "指定席 普通車"],
    "shinkansen_en": ["Reservation details", "Reservation No. E1234-5678", "NOZOMI 21", "Tokyo → Shin-Osaka",
                      "Dep 10:00  Arr 12:30", "Car 7 Seat 12A"],
    "airline_en": ["Boarding Pass", "YAMADA/TARO MR", "HND → CTS", "Flight NH 123", "Boarding 10:05",
                   "Gate 12", "Seat 23C", "Booking reference ABC12D"],
    "airline_ja": ["搭乗券", "便名 JL 123", "羽田 → 札幌(新千歳)", "搭乗口 15", "出発時刻 10:00", "座席 23C"],
    "highway_bus": ["高速バス 予約確認", "予約番号 123456789", "新宿 → 仙台", "23:00発 → 5:30着", "座席 12番"],
    "event": ["電子チケット", "公演日 2024年6月1日", "開場 17:00 開演 18:00", "会場 東京ドーム", "アリーナ 3列 15番"],
    "event_en": ["Ticket 1 of 2", "Name", "Taro Yamada", "Event", "Open source meetup", "Check-in status",
                 "Not Checked In", "Add to Calendar"],
    "flight_eticket_columns": ["Tickets", "NYC O >= O LDN", "1 May 08:00 AM 23", "Date Departure time Number",
                               "Passenger Passport", "0055 444 77147 B2SG28", "Number of E-ticket Booking code"],
    "label_above_value": ["Departure", "10:00", "Seat", "12A", "e-ticket"],
    "cinema_ja": ["座席指定券", "10月17日(木) 18:20 ~ 20:40", "入場時に係員へQRコードをご提示ください",
                  "座席 F-14", "劇場 名古屋劇場", "購入番号 14276494"],
    "cinema_en": ["Ticket", "Cinema Old Town", "Seat L-18", "Scan at the entrance to the screen"],
    "event_en_columns": ["My Tickets", "Doors 15:57", "Section Row Seat", "317 A 23", "Venue Kingsway Arena",
                         "Ticket holder Elizabeth Jansen", "Order no. 78-34887/OHV"],
    "event_ja_wrapped": ["マイチケット", "2026/04/07(火) 開場18:12 / 開演19:12", "入場時にこのQRコードを",
                         "スタッフにご提示ください", "受付番号 R498810675"],
    "bus_show_screen": ["乗車場所 大阪梅田", "降車場所 バスタ新宿", "乗車時に乗務員へこの画面をご提示ください",
                        "23:00発 → 5:30着"],
    "shinkansen_gate": ["QRコードを改札機にかざしてご乗車ください", "みずほ562号", "8月21日(金)", "10:00発", "12:30着"],
    "airline_passenger_name": ["そらみち航空", "HND → OKA", "TANAKA/MAKOTO MR", "Boarding 10:05"],
    # a boarding pass scrolled under a notification: its code and name gone, its check-in sequence left
    "boarding_sequence": ["Gate closes 20 minutes before departure", "Seq 286", "Terminal 5", "Bags 2"],
    # a Japanese train booking as ticket apps label it: train, departure time, passengers, ticket number
    "train_app_labels": ["列車名 のぞみ21号", "発車時刻 10:00", "乗車人数 大人1名", "チケット番号 A1234567"],
    # European rail e-tickets in their own languages
    "rail_de": ["Online-Ticket", "Köln Hbf → Berlin Hbf", "Abfahrt 10:00 Ankunft 14:25", "Wagen 7, Platz 45"],
    "rail_fr": ["Paris Gare de Lyon → Lyon Part-Dieu", "Départ 08:04", "Voiture 12 Place 34",
                "Référence du dossier QWERTY"],
    "rail_it": ["Biglietto elettronico", "Partenza 09:10 Arrivo 12:10", "Carrozza 5 Posto 12A"],
    "rail_es": ["Madrid → Barcelona", "Salida 10:00 Llegada 12:30", "Coche 4 Plaza 7A", "Localizador ABCD12"],
}

NEGATIVES = {
    # addresses and platforms put a digit or の after 番, never a seat letter
    "address_and_platform": ["東京都港区芝3丁目12番3号", "3番のりば 12:30発", "普通車"],
    "chat_reservation": ["佐藤さん", "明日の新幹線、予約しといたよ!", "ありがとう", "席どこ?", "10:24"],
    "chat_seat": ["Save me a seat!", "Sure, see you at 7", "Train leaves at 10:00", "ok"],
    "news": ["東海道新幹線 のぞみ 21号 運転見合わせ", "東京 → 新大阪間で10:00から12:30まで", "JR東海によると",
             "指定席の払い戻しに応じる"],
    "timetable_search": ["乗換案内", "出発 東京 到着 新大阪", "10:00発 → 12:30着", "のぞみ 21号 指定席 ¥14,720",
                         "1-3号車 自由席", "予約する"],
    "flight_search": ["What are you looking for?", "Airline Tickets Hotels", "Departure", "Arrival", "Find tickets",
                      "Upcoming Flights"],
    "settings": ["設定", "Wi-Fi", "Bluetooth", "通知", "プライバシー", "バッテリー"],
    "map": ["東京駅", "新大阪駅", "徒歩 5分", "ルート", "出発地", "目的地"],
    "receipt": ["領収書", "2024/05/01 10:00", "合計 ¥1,280", "お預り ¥2,000", "お釣り ¥720"],
    "business_card": ["株式会社サンプル", "山田 太郎", "TEL 03-1234-5678", "東京都新宿区1-2-3"],
    "menu": ["ランチメニュー", "11:00 - 14:00", "日替わり定食 900円", "ドリンク付き"],
    "shopping_order_ja": ["注文詳細", "注文番号 354-4629941-3073466", "配達予定 10:00 - 12:00",
                          "お届け先", "コンビニ受取 お問い合わせ番号", "1234-5678-9012"],
    "shopping_order_en": ["Order details", "Order number 063-9959646-7335", "Arriving today 14:00 - 16:00",
                          "Delivery address", "Track package"],
    "payment_code_ja": ["ペイスマ", "お店の人に見せてください", "3249 6666 5569 7304", "¥34,793"],
    "payment_code_en": ["PayNow", "Show this code to the cashier", "Balance $34.79"],
    "settings_screen_time": ["設定", "スクリーンタイム", "通知", "サウンドと触覚"],
    "news_gate": ["東海道新幹線 運転見合わせ", "改札付近は混雑", "10:00 から 12:30 まで", "のぞみ 21号"],
    "chat_seat_header": ["Dinner Seat Plan", "2 4", "ok see you"],
    "chat_confirmation": ["Yes, the confirmation number is in my email", "Flight lands at 18:20",
                          "I'll pick you up at arrivals"],
    "chat_seat_number": ["My seat is 12A", "on the 10:00 train"],
    "ticket_shop_page": ["Coldplay World Tour", "See tickets", "Doors 18:00", "Venue Tokyo Dome"],
    "flight_status": ["Flight status", "NH 123 On time", "Departure 10:40", "Terminal 2", "Gate 52"],
    "news_de": ["Bahnstreik: Züge fallen aus", "Abfahrt 10:00 von Gleis 3 entfällt", "Treffpunkt Potsdamer Platz 1"],
    "timetable_de": ["Verbindungen", "Köln Hbf → Berlin Hbf", "Abfahrt 10:00 Ankunft 14:25", "ICE 123",
                     "2. Klasse ab 29,90 €", "Wagen 7"],
}  # fmt: skip


@pytest.mark.parametrize("lines", POSITIVES.values(), ids=POSITIVES.keys())
def test_reservation_screenshots_score_above_half(screenshot, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert _score(lines) > 0.6


@pytest.mark.parametrize("lines", NEGATIVES.values(), ids=NEGATIVES.keys())
def test_non_ticket_screenshots_stay_below_half(screenshot, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert 0.0 <= _score(lines) < 0.5


@pytest.mark.parametrize(
    ("shot", "expected"),
    [
        (0.2, None),  # a photo (a photographed paper ticket): not looked at
        (0.45, "scaled"),  # an unsure screenshot: score scaled down
        (0.9, "full"),
    ],
)
def test_score_depends_on_being_a_screenshot(screenshot, shot: float, expected: str | None) -> None:  # type: ignore[no-untyped-def]
    lines = POSITIVES["shinkansen_ja"]
    screenshot(0.9)
    full = _score(lines)
    screenshot(shot)
    got = _score(lines)
    if expected is None:
        assert got == -1.0
    elif expected == "scaled":
        assert 0.0 < got < full
    else:
        assert got == full


@pytest.mark.parametrize(
    ("families", "low", "high"),
    [
        ({"travel", "time_pair", "service_number", "route", "seat_class"}, 0.0, 0.3),  # no anchor
        ({"booking"}, 0.25, 0.3),  # an anchor alone
        ({"booking", "code"}, 0.25, 0.3),  # a code is its label's family, not a second one
        ({"admission"}, 0.25, 0.3),
        ({"passenger", "barcode"}, 0.6, 0.7),  # a 2-D code is a second family, not an anchor
        ({"barcode", "time_pair", "order"}, 0.0, 0.25),
        ({"booking", "time_pair"}, 0.75, 0.85),
        ({"seat", "service_number"}, 0.7, 0.8),
        ({"booking", "code", "seat", "time_pair", "route"}, 0.95, 1.0),
    ],
)
def test_score_requires_an_anchor_and_two_families(families: set[str], low: float, high: float) -> None:
    weights = {"booking": 1.0, "code": 0.8, "seat": 0.8, "time_pair": 0.6, "service_number": 0.6, "route": 0.5,
               "travel": 0.4, "seat_class": 0.4, "admission": 0.8, "passenger": 0.8, "barcode": 0.3,
               "order": 0.3}  # fmt: skip
    assert low <= ticket_score([TicketCue(f, "keyword", f, weights[f], 0) for f in families]) <= high


def test_finding_has_cue_evidence_and_masked_reservation_number(screenshot) -> None:  # type: ignore[no-untyped-def]
    ctx = make_context(ocr_lines=POSITIVES["shinkansen_ja"], size=(390, 844))
    (f,) = TicketDetector().detect(ctx)
    assert (f.label, f.detector, f.supporting) == (Label.TICKET_SCREENSHOT, "ticket.vocabulary", False)
    kinds = {e.kind for e in f.evidence}
    assert {"keyword", "time_pair", "route", "service_number", "seat", "reservation_code"} <= kinds
    assert all(e.source == "ocr" and e.bbox is not None for e in f.evidence)
    (pii,) = f.pii
    assert (pii.kind, pii.value, pii.masked) == ("reservation_number", "E1234-5678", "*****-**78")
    shown = repr(f.to_dict())
    assert "E1234-5678" not in shown and "*****-**78" in shown


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        (["予約番号: E1234-5678"], "E1234-5678"),
        (["予約番号E1234"], "E1234"),
        (["Booking reference", "ABC12D"], "ABC12D"),  # value below its label
        (["0055 444 77147 B2SG28", "Number of E-ticket Booking code"], "B2SG28"),  # value above
        (["PNR: XKQZTR"], "XKQZTR"),  # six letters
        (["Confirmation number 1234567"], "1234567"),
        (["予約番号", "7728"], "7728"),  # a 4-digit airline booking number, alone as the value
        (["チケット番号 A1234567"], "A1234567"),
        (["Auftragsnummer", "QX7RTZ"], "QX7RTZ"),  # a European booking's own label
        (["Ticket no. NABKEYCN"], "NABKEYCN"),  # a longer letters-only code printed in capitals
        (["Ticket reference", "TKXWQRMA"], "TKXWQRMA"),
        (["チケットID", "A7Q21"], "A7Q21"),
        (["Ticket ID Guest", "4500 5382 2509 Hannah Doyle"], "450053822509"),  # grouped digits under a header
        (["チケットID", "3126 5259 2719 08:00以降"], "312652592719"),
        (["Reservierung - Auftrag G3KG38"], "G3KG38"),
    ],
)
def test_reservation_codes_are_read_next_to_their_label(lines: list[str], code: str) -> None:
    assert [c for c, _ in find_ticket_cues(lines).codes] == [code]


@pytest.mark.parametrize(
    "lines",
    [
        ["予約番号をご確認ください"],  # no code after the label
        ["Booking reference", "See your email"],
        ["予約番号", "10:00"],  # a time is no code
        ["Booking reference", "Confirmed"],  # a status word, not printed in capitals
        ["Ticket number", "MOBILETICKETING"],  # capitals, but longer than a code
        ["お問い合わせ番号", "1234"],  # a parcel-tracking label, not a reservation's
        ["予約番号", "123"],  # too short
        ["予約番号 2名 1234円"],  # numbers in a sentence
        ["Reservation", "ABC12D"],  # a generic word is no label
        ["TEL 090 1234 5678", "予約番号"],  # a grouped number above the label is not its value
        ["予約番号", "2025 10 26"],  # a date in groups: too few digits
        ["チケット番号", "03 1234 5678"],  # a phone number: its tail follows a group of two
    ],
)
def test_no_code_without_a_label_and_a_code_shaped_value(lines: list[str]) -> None:
    assert find_ticket_cues(lines).codes == ()


def test_departure_and_arrival_times_on_separate_lines_make_a_time_pair() -> None:
    cues = find_ticket_cues(["東京 10:00発", "新大阪 12:30着"]).cues
    assert "time_pair" in {c.family for c in cues}
    assert "time_pair" not in {c.family for c in find_ticket_cues(["東京 10:00発", "新大阪"]).cues}


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Show this code at the entrance"], "show_at_gate_en"),
        (["Show this ticket to the", "conductor"], "show_at_gate_en"),  # wrapped onto the next line
        (["入場時に係員へQRコ", "ードをご提示ください"], "show_at_gate_ja"),
        (["新幹線改札機のQR読取部にかざしてください"], "show_at_gate_ja"),
        (["札機のOR読取部にかざしてください"], "show_at_gate_ja"),  # 改 dropped, QR read as OR
        (["レジのOR読取部にかざしてください"], None),  # a till's reader is no gate
        (["入口でこの画面をご提示ください"], "show_at_gate_ja"),  # the entrance
        (["乗船時にQRコードをご提示ください"], "show_at_gate_ja"),  # boarding a ferry
        (["入場時にスマートフォンをかざしてください"], "show_at_gate_ja"),  # the phone held to the reader
        (["スマートフォンの画面が見づらい場合"], None),
        (["Show this code to the cashier"], None),  # a payment code
        (["お店の人にこの画面を見せてください"], None),
        (["改札付近は混雑しています"], None),  # a gate, nothing shown there
        (["Entrance"], None),
    ],
)
def test_instruction_to_show_the_screen_at_a_gate_is_an_admission_cue(lines: list[str], expected: str | None) -> None:
    names = [c.name for c in find_ticket_cues(lines).cues if c.family == "admission"]
    assert names == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("lines", "collect"),
    [
        (["指定席券売機の読取部にかざすと、", "きっぷを受け取れます"], True),
        (["(受取用QRコード)"], True),
        (["Collect your tickets from any ticket machine"], True),
        (["券売機で購入できます"], False),  # a machine, nothing fetched with this screen
        (["きっぷの受け取り方法"], False),  # a help page's heading
        (["Collect your order at the kiosk"], False),  # a food order, not tickets
        (["Ticket machines are out of order"], False),
    ],
)
def test_a_code_to_collect_booked_tickets_from_a_machine_is_an_admission_cue(lines: list[str], collect: bool) -> None:
    assert ("admission" in find_ticket_cues(lines).families) is collect


def test_words_inside_the_gate_instruction_are_not_a_second_family() -> None:
    families = find_ticket_cues(["Show this code at the entrance"]).families
    assert families == {"admission"}
    assert {"admission", "event"} <= find_ticket_cues(["Show this code at the entrance", "Entrance B"]).families


@pytest.mark.parametrize(
    ("lines", "seat"),
    [
        (["座席 F-14"], True),
        (["Seat", "L-18"], True),
        (["スクリーン2 A-13 1枚"], True),
        (["Section Row Seat", "317 A 23"], True),  # values under a header row
        (["Coach Seat Platform", "3 66 5"], True),
        (["Coach Seat Class", "E 56 Standard"], True),  # one value per column, the seat's a number
        (["Wagen Platz Klasse", "13 33 2"], True),  # a German train's car, seat and class
        (["Potsdamer Platz", "12 45"], False),  # a square, not a header row of seat columns
        (["Coach Seat Class", "E Standard"], False),  # columns that do not line up
        (["Coach Seat Class", "E Window Standard"], False),  # the seat's column holds no number
        (["Seat", "10:00"], False),
        (["Section Row Seat", "Kingsway Arena"], False),
        (["Save me a seat!", "12 45"], False),  # a sentence is no header row
        (["スクリーンタイム 2"], False),
        (["スクリーン2", "M-16", "1枚"], True),  # the screen, then its seat on the next row
        (["SCREEN 4", "G-7"], True),
        (["スクリーン2", "10:30 - 12:45"], False),  # a showtime under the screen
        (["スクリーン2", "PG-12"], False),  # a film's rating, not a seat
        (["SCREEN 1", "R-15"], False),
        (["M-16"], False),  # a seat-like value with no screen above it
        (["のSEAT 12A席"], True),  # kana glued to both ends by a jpn+eng read
        (["PASSEAT 12"], False),
    ],
)
def test_seat_values_with_a_row_letter_or_under_a_header(lines: list[str], seat: bool) -> None:
    assert ("seat" in find_ticket_cues(lines).families) is seat


@pytest.mark.parametrize(
    ("line", "family"),
    [
        ("Boarding card", "booking"),
        ("Boarding group 3", "travel"),
        ("General admission", "event"),
        ("乗船日 2027年7月10日(土)", "travel"),  # a ferry's sailing
        ("22:20 出航", "travel"),
        ("日時指定 入館券", "ticket"),  # an admission ticket names a ticket, not a booking
    ],
)
def test_boarding_card_boarding_group_and_general_admission_are_ticket_words(line: str, family: str) -> None:
    assert find_ticket_cues([line]).families == {family}


@pytest.mark.parametrize(
    ("line", "seat"),
    [
        ("Wagen 7, Platz 45", True),
        ("Wagen 11 Plätze 45-46", True),
        ("Voiture 12 · Place 34", True),
        ("Carrozza 5 - Posto 12A", True),
        ("Coche 4 Plaza 7A", True),
        ("Rijtuig 3 Plaats 61", True),
        ("Sitzplatz 45", True),
        ("WAGEN7 PLATZ45", True),  # spaces lost by OCR
        ("Wagen 7 Platz 45席", True),  # a kana or kanji glued to the value does not join it
        ("Potsdamer Platz 1", False),  # a street: no car before the seat word
        ("12 place de la Concorde", False),
        ("Wagen 7", False),  # a car, no seat yet
    ],
)
def test_a_european_train_seat_is_its_car_and_seat_in_the_local_language(line: str, seat: bool) -> None:
    assert ("seat" in find_ticket_cues([line]).families) is seat


@pytest.mark.parametrize(
    ("line", "family"),
    [
        ("ンShow this code at the entranceの", "admission"),
        ("のDoors 17:05", "event"),
        ("のSee 2 ticketsの", "booking"),
        ("便名 NH123便", "service_number"),
        ("のTicket 1 of 2", "booking"),
    ],
)
def test_a_ticket_structure_is_found_with_a_kana_glued_to_it(line: str, family: str) -> None:
    assert family in find_ticket_cues([line]).families


@pytest.mark.parametrize(
    ("line", "passenger"),
    [
        ("TANAKA/MAKOTO MR", True),
        ("OGAWA/YUI MS", True),
        ("SMITH / JOHN PAUL MR", True),
        ("ンTANAKA/MAKOTO MR様", True),  # kana glued to both ends by a jpn+eng read
        ("TANAKA/MAKOTO MRX", False),
        ("AND/OR MORE", False),
        ("Tanaka/Makoto Mr", False),  # airline systems print capitals
        ("TCP/IP", False),
    ],
)
def test_airline_passenger_name_is_an_anchor(line: str, passenger: bool) -> None:
    assert ("passenger" in find_ticket_cues([line]).families) is passenger


@pytest.mark.parametrize(
    ("code", "ticket"),
    [
        (Barcode("aztec", BBox(100, 900, 400, 400), decoded=True), True),
        (Barcode("pdf417", BBox(50, 900, 700, 200), decoded=True), True),
        (Barcode("qr", BBox(100, 900, 400, 400), decoded=False), False),  # maybe no code at all
        (Barcode("linear", BBox(50, 900, 700, 120), decoded=True), False),  # a shop barcode
        (None, False),
    ],
)
def test_boarding_pass_title_with_a_scannable_code_is_a_ticket(screenshot, barcodes, code, ticket: bool) -> None:  # type: ignore[no-untyped-def]
    if code is not None:
        barcodes(code)
    score = _score(["搭乗券", "ANA"])
    assert (score >= 0.6) is ticket
    assert score < 0.5 or ticket


def test_barcode_evidence_has_the_code_box(screenshot, barcodes) -> None:  # type: ignore[no-untyped-def]
    box = BBox(100, 900, 400, 400)
    barcodes(Barcode("aztec", box, decoded=True))
    (f,) = TicketDetector().detect(make_context(ocr_lines=["Boarding pass"], size=(390, 844)))
    (ev,) = [e for e in f.evidence if e.kind == "barcode"]
    assert (ev.source, ev.bbox, ev.value) == ("layout", box, "aztec")


def test_inquiry_and_order_numbers_are_no_reservation_labels() -> None:
    found = find_ticket_cues(["お問い合わせ番号 1234-5678-9012", "注文番号 354-4629941-3073466", "Order no. ABC12345"])
    assert found.codes == ()
    assert found.families == {"order"}


def test_reservation_label_without_a_code_is_only_a_generic_word() -> None:
    families = find_ticket_cues(["Your confirmation number is in your email"]).families
    assert families == {"ticket"}
    assert {"booking", "code"} <= find_ticket_cues(["Confirmation number ABC123"]).families


@pytest.mark.parametrize(
    ("line", "own"),
    [("See 1 ticket(s)", True), ("View 2 tickets", True), ("See tickets", False), ("Buy 2 tickets now", False)],
)
def test_a_count_of_own_tickets_is_a_booking_anchor(line: str, own: bool) -> None:
    assert ("booking" in find_ticket_cues([line]).families) is own


@pytest.mark.parametrize(
    ("line", "own"),
    [("購入済みきっぷ", True), ("く購入済みチケット", True), ("きっぷを購入する", False), ("購入履歴", False)],
)
def test_purchased_tickets_as_a_title_are_a_booking_anchor(line: str, own: bool) -> None:
    assert ("booking" in find_ticket_cues([line]).families) is own


class _Reads:
    """OCR that reads the screen as ``first``, as sparse text (psm 11) as ``sparse``, and the ink view as ``ink``."""

    def __init__(self, first: list[str], sparse: list[str], ink: list[str]) -> None:
        self.first, self.sparse, self.ink = FakeOcr(first), FakeOcr(sparse), FakeOcr(ink)
        self.calls = 0

    def recognize(self, image, **kw):  # type: ignore[no-untyped-def]
        self.calls += 1
        if image.ndim == 2 and set(map(int, np.unique(image))) <= {0, 255}:
            return self.ink.recognize(image, **kw)
        return (self.sparse if kw.get("psm") == CARD_OCR_PSM else self.first).recognize(image, **kw)


@pytest.mark.parametrize(
    ("first", "sparse", "ink", "reads", "ticket"),
    [
        # the seat panel dropped by page layout analysis, read as sparse text: no ink read needed
        (["さくら611号", "11:05発", "11:40着"], ["さくら611号", "11:05発 11:40着", "10号車 11番A席", "普通車指定席"], [],
         2, True),
        # grey labels lost in both, found when every panel is binarised on its own
        (["My tickets", "Dep 11:08 14:28", "3 66 5"], ["My tickets", "Dep 11:08 14:28"],
         ["Coach Seat Platform", "3 66 5", "Booking reference 6WAUZUFV"], 3, True),
        (["設定", "Wi-Fi"], ["予約番号 E1234-5678"], ["予約番号 E1234-5678", "10:00発 12:30着"], 1, False),  # nothing ticket-like
        (["予約内容", "予約番号 E1234-5678", "10:00発 12:30着", "7号車 12番A席"], [], [], 1, True),  # decided: one read
    ],
)
def test_undecided_screens_are_read_again_as_sparse_text_then_panel_by_panel(  # type: ignore[no-untyped-def]
    screenshot, first: list[str], sparse: list[str], ink: list[str], reads: int, ticket: bool
) -> None:
    ocr = _Reads(first, sparse, ink)
    img = Image.fromarray(np.full((844, 390, 3), 240, np.uint8))
    img.paste((30, 30, 30), (40, 100, 350, 130))
    ctx = ImageContext(decode(img), ocr=ocr)
    found = list(TicketDetector().detect(ctx))
    assert ocr.calls == reads
    assert (bool(found) and found[0].score >= 0.6) is ticket


@pytest.mark.parametrize(("rows", "reads", "ticket"), [(14, 2, True), (4, 1, False)])
def test_a_screen_read_missing_most_of_its_rows_is_read_again(  # type: ignore[no-untyped-def]
    screenshot, rows: int, reads: int, ticket: bool
) -> None:
    """Page layout kept a date and a payment line of a cropped booking panel: no cue, but rows unread."""
    first = ["2025/03/29(土)", "クレジットカード****7749"]
    sparse = ["号車 座席", "8 16番B席", "予約番号", "8406", "大人1名", "特急料金 1,200円"]
    ocr = _Reads(first, sparse, [])
    img = Image.fromarray(np.full((844, 390, 3), 240, np.uint8))
    for k in range(rows):  # rows of print, 22 px high
        img.paste((30, 30, 30), (40, 40 + 55 * k, 300, 62 + 55 * k))
    ctx = ImageContext(decode(img), ocr=ocr)
    found = list(TicketDetector().detect(ctx))
    assert ocr.calls == reads
    assert (bool(found) and found[0].score >= 0.5) is ticket


class _ByShape:
    """OCR that reads a landscape crop (a card-shaped panel) as ``panel`` and anything else as ``screen``."""

    def __init__(self, panel: list[str], screen: list[str]) -> None:
        self.panel, self.screen = FakeOcr(panel), FakeOcr(screen)

    def recognize(self, image, **kw):  # type: ignore[no-untyped-def]
        h, w = image.shape[:2]
        return (self.panel if w > h else self.screen).recognize(image, **kw)


@pytest.mark.parametrize("card_score", [0.9, 0.3])
def test_a_card_shaped_panel_does_not_hide_the_rest_of_the_screen(  # type: ignore[no-untyped-def]
    screenshot, monkeypatch: pytest.MonkeyPatch, card_score: float
) -> None:
    quad = CardQuad(((40.0, 200.0), (350.0, 200.0), (350.0, 394.0), (40.0, 394.0)), "id1", 1.6, card_score, 0.2)
    monkeypatch.setattr(Signals, "card_quads", property(lambda self: (quad,)))
    ocr = _ByShape(["Super Saver"], POSITIVES["shinkansen_ja"])
    ctx = ImageContext(decode(Image.fromarray(np.full((844, 390, 3), 240, np.uint8))), ocr=ocr)
    (f,) = TicketDetector().detect(ctx)
    assert f.score > 0.9


@pytest.mark.parametrize(("shot", "reads"), [(0.9, 3), (0.45, 1)])
def test_only_sure_screenshots_are_read_again(screenshot, shot: float, reads: int) -> None:  # type: ignore[no-untyped-def]
    screenshot(shot)
    ocr = _Reads(["My tickets", "Dep 11:08 14:28"], ["My tickets"], ["Coach Seat Platform", "3 66 5"])
    ctx = ImageContext(decode(Image.fromarray(np.full((844, 390, 3), 240, np.uint8))), ocr=ocr)
    list(TicketDetector().detect(ctx))
    assert ocr.calls == reads


@pytest.mark.parametrize(
    ("line", "left", "right", "restored"),
    [
        ("ket holder", True, False, "TICKET HOLDER"),
        ("der no. 4306", True, False, "ORDER NO. 4306"),
        ("ooking reference", True, False, "BOOKING REFERENCE"),
        ("Your boarding pa", False, True, "YOUR BOARDING PASS"),
        # a whole word lost, or too little of the keyword left: nothing to restore
        ("holder", True, False, "HOLDER"),
        ("cket", True, False, "CKET"),
        # not at the cut side
        ("ket holder", False, True, "KET HOLDER"),
        ("Your boarding pa", True, False, "YOUR BOARDING PA"),
        # the part left must end where a word ends
        ("ket holders", True, False, "KET HOLDERS"),
    ],
)
def test_a_keyword_cut_at_a_cropped_screens_side_is_restored(line: str, left: bool, right: bool, restored: str) -> None:
    from pii_scan.detectors.ticket import restore_cut_words

    assert restore_cut_words(line, left=left, right=right) == restored


def test_a_screenshot_cropped_through_its_labels_still_reads_as_a_ticket(screenshot) -> None:  # type: ignore[no-untyped-def]
    # the left third of an event ticket's label column cut away (every line touches the side)
    cropped = ["ate C   General", "ntral Exhibition Hall", "ket holder", "arie Kowalski", "ket type", "eserved Seating"]
    assert _score(cropped) >= 0.5
    whole = ["Gate C   General", "Central Exhibition Hall", "Ticket holder", "Marie Kowalski", "Ticket type"]
    assert _score(whole) >= 0.5
