"""ticket.vocabulary: reservation screenshots from OCR words, with FakeOcr and a pinned screenshot score."""

from __future__ import annotations

import pytest

from pii_scan.detectors.ticket import TicketCue, TicketDetector, find_ticket_cues, ticket_score
from pii_scan.models import Label
from pii_scan.signals import ScreenshotTraits, Signals
from pii_scan.testing import make_context


@pytest.fixture
def screenshot(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Pin the screenshot score (computed by another module)."""

    def set_(score: float) -> None:
        traits = ScreenshotTraits(score, False, True, 2.16, None, 0.0, 0.8)
        monkeypatch.setattr(Signals, "screenshot", property(lambda self: traits))

    set_(0.9)
    return set_


def _score(lines: list[str]) -> float:
    """The detector's score, or -1 when its prefilter skips the image."""
    ctx = make_context(ocr_lines=lines, size=(390, 844))
    det = TicketDetector()
    if not det.prefilter(ctx):
        return -1.0
    return max((f.score for f in det.detect(ctx)), default=0.0)


POSITIVES = {
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
}

NEGATIVES = {
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
        ({"booking"}, 0.3, 0.45),  # an anchor alone
        ({"booking", "code"}, 0.3, 0.45),  # a code is its label's family, not a second one
        ({"booking", "time_pair"}, 0.75, 0.85),
        ({"seat", "service_number"}, 0.7, 0.8),
        ({"booking", "code", "seat", "time_pair", "route"}, 0.95, 1.0),
    ],
)
def test_score_requires_an_anchor_and_two_families(families: set[str], low: float, high: float) -> None:
    weights = {"booking": 1.0, "code": 0.8, "seat": 0.8, "time_pair": 0.6, "service_number": 0.6, "route": 0.5,
               "travel": 0.4, "seat_class": 0.4}  # fmt: skip
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
        ["お問い合わせ番号", "1234"],  # too short
        ["Reservation", "ABC12D"],  # a generic word is no label
    ],
)
def test_no_code_without_a_label_and_a_code_shaped_value(lines: list[str]) -> None:
    assert find_ticket_cues(lines).codes == ()


def test_departure_and_arrival_times_on_separate_lines_make_a_time_pair() -> None:
    cues = find_ticket_cues(["東京 10:00発", "新大阪 12:30着"]).cues
    assert "time_pair" in {c.family for c in cues}
    assert "time_pair" not in {c.family for c in find_ticket_cues(["東京 10:00発", "新大阪"]).cues}
