"""Ticket screenshots shrunk to 320 px thumbnails: what still makes them tickets, and what must not.

A thumbnail's booking words are unreadable; a transport payload in its code,
or a gate-sized code plus a trip cue in its large type, still say ticket.
Neither a code nor a trip cue alone does, and the small-image rule never
applies to full-size screenshots (their booking words are readable).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import zxingcpp

from pii_scan.detectors.ticket import (
    NO_ANCHOR_CAP,
    SMALL_TRIP_CAP,
    TicketCue,
    TicketDetector,
    find_ticket_cues,
    ticket_score,
)
from pii_scan.models import BBox
from pii_scan.signals import Barcode, ScreenshotTraits, Signals
from pii_scan.signals.code_payload import payload_format, transport_payload
from pii_scan.signals.tall_text import row_pixels, tall_rows
from pii_scan.testing import make_context


def _bcbp(name: str = "TANAKA/MAKOTO", pnr: str = "XK7Q2B", route: str = "HNDCTS", flight: str = "0123") -> str:
    """One BCBP leg in the IATA mandatory-items layout (fake data)."""
    return f"M1{name:<20}E{pnr:<7}{route}NH {flight} 123Y012A0042 100"


PAYLOADS = {
    "bcbp_one_leg": (_bcbp(), "iata_bcbp"),
    "bcbp_flight_suffix": (_bcbp(flight="123A").replace("123A 123", "123A123"), "iata_bcbp"),
    "bcbp_no_eticket_flag": (_bcbp().replace("E" + "XK7Q2B", " XK7Q2B"), "iata_bcbp"),
    "uic_918_3": ("#UT010080000012" + "x" * 40, "uic_918_3"),
    # near misses: the same letters, not the layout
    "bcbp_truncated": (_bcbp()[:40], None),
    "bcbp_airport_digits": (_bcbp(route="HND1TS"), None),
    "m1_word": ("M1 GARAND RIFLE MANUAL", None),
    "url": ("https://example.com/ticket?id=123", None),
    "emv_payment": ("00020101021126580014A000000677010111", None),
    "uic_no_version": ("#UTX" + "0" * 40, None),
    "empty": ("", None),
    # a My Number card's back: its QR code holds the 12-digit Individual Number alone
    "individual_number": ("123456789018", "individual_number"),
    "individual_number_bad_check": ("123456789017", None),
    "individual_number_and_more": ("123456789018" + "1" * 8, None),
    "eleven_digits": ("12345678901", None),
}


@pytest.mark.parametrize(("text", "expected"), PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payload_format_accepts_known_layouts_only(text: str, expected: str | None) -> None:
    assert payload_format(text) == expected


def _code_image(payload: str, fmt: zxingcpp.BarcodeFormat, module: int, size: tuple[int, int]) -> np.ndarray:
    """A white screen (w, h) with the code drawn near the top centre."""
    sym = np.asarray(zxingcpp.create_barcode(payload, fmt).to_image(scale=module, add_quiet_zones=True))
    w, h = size
    img = np.full((h, w), 255, np.uint8)
    y, x = h // 8, (w - sym.shape[1]) // 2
    img[y : y + sym.shape[0], x : x + sym.shape[1]] = sym
    return img


CODE_IMAGES = {
    "aztec_bcbp_full_size": (_bcbp(), zxingcpp.BarcodeFormat.Aztec, 4, (390, 844), "iata_bcbp"),
    "qr_bcbp_full_size": (_bcbp(), zxingcpp.BarcodeFormat.QRCode, 4, (390, 844), "iata_bcbp"),
    "aztec_uic": ("#UT01" + "A" * 30, zxingcpp.BarcodeFormat.Aztec, 3, (390, 844), "uic_918_3"),
    "qr_url": ("https://example.com/pay/123", zxingcpp.BarcodeFormat.QRCode, 4, (390, 844), None),
    "qr_plain_booking": ("CIN1234567890123456", zxingcpp.BarcodeFormat.QRCode, 4, (390, 844), None),
}


@pytest.mark.parametrize(("payload", "fmt", "module", "size", "expected"), CODE_IMAGES.values(), ids=CODE_IMAGES.keys())
def test_transport_payload_reads_the_format_of_a_drawn_code(
    payload: str, fmt: zxingcpp.BarcodeFormat, module: int, size: tuple[int, int], expected: str | None
) -> None:
    assert transport_payload(_code_image(payload, fmt, module, size)) == expected


def test_transport_payload_reads_a_thumbnail_code_at_twice_the_size() -> None:
    img = _code_image(_bcbp(), zxingcpp.BarcodeFormat.Aztec, 6, (390, 844))
    thumb = cv2.resize(img, (148, 320), interpolation=cv2.INTER_AREA)  # modules ~2.3 px, soft
    assert transport_payload(thumb) == "iata_bcbp"


def _screen(rows: list[tuple[int, int]], size: tuple[int, int] = (148, 320), dark: bool = False) -> np.ndarray:
    """A flat screen with text-like bars: (y, letter height) per row, plus a code-sized block."""
    w, h = size
    bg, ink = (30, 230) if dark else (250, 20)
    img = np.full((h, w), bg, np.uint8)
    for y, th in rows:
        for x in range(10, w - 20, max(th, 5) + 2):  # letters as separate blobs
            img[y : y + th, x : x + max(th - 1, 3)] = ink
    img[60:110, 45:95] = ink  # a code: too tall to be a letter
    return img


TALL = {
    "title_among_body": ([(130, 9), (150, 5), (160, 5), (170, 5), (180, 5)], False, [130]),
    "two_titles": ([(130, 9), (150, 5), (160, 5), (200, 10), (220, 5)], False, [130, 200]),
    "body_only": ([(130, 5), (140, 5), (150, 5), (160, 5)], False, []),
    "dark_mode_title": ([(130, 9), (150, 5), (160, 5), (170, 5)], True, [130]),
}


@pytest.mark.parametrize(("rows", "dark", "tall_ys"), TALL.values(), ids=TALL.keys())
def test_tall_rows_keeps_large_type_and_drops_small_print_and_codes(
    rows: list[tuple[int, int]], dark: bool, tall_ys: list[int]
) -> None:
    found = tall_rows(_screen(rows, dark=dark))
    assert [y for _, y, _, _ in found] == tall_ys
    assert all(h < 40 for *_, h in found)  # never the code block


def test_row_pixels_is_dark_text_on_white_whatever_the_polarity() -> None:
    for dark in (False, True):
        img = _screen([(130, 9), (150, 5), (160, 5)], dark=dark)
        (box,) = tall_rows(img)
        pixels, to_gray = row_pixels(img, box)
        assert pixels.mean() > 127  # mostly white background
        assert pixels.min() == 0  # with black ink
        centre = to_gray @ np.array([pixels.shape[1] / 2, pixels.shape[0] / 2, 1.0])
        assert abs(centre[0] - (box[0] + box[2] / 2)) <= 1 and abs(centre[1] - (box[1] + box[3] / 2)) <= 1


def _cues(*families: str) -> list[TicketCue]:
    return [TicketCue(f, f, f, 0.6, 0) for f in families]


SCORES = {
    "service_number_and_code_on_thumbnail": (("service_number", "barcode", "travel"), True, SMALL_TRIP_CAP),
    "route_and_code_on_thumbnail": (("route", "barcode"), True, SMALL_TRIP_CAP),
    # a delivery window beside a pickup code reads the same as departure and arrival
    "time_pair_alone_and_code_on_thumbnail": (("time_pair", "barcode", "travel"), True, NO_ANCHOR_CAP),
    "same_on_full_size": (("service_number", "barcode", "travel"), False, NO_ANCHOR_CAP),
    "no_trip_cue_on_thumbnail": (("travel", "barcode", "ticket"), True, NO_ANCHOR_CAP),
    "event_words_on_thumbnail": (("event", "barcode"), True, NO_ANCHOR_CAP),
}


@pytest.mark.parametrize(("families", "small_code", "cap"), SCORES.values(), ids=SCORES.keys())
def test_small_code_lifts_the_no_anchor_cap_only_with_a_trip_cue(
    families: tuple[str, ...], small_code: bool, cap: float
) -> None:
    assert ticket_score(_cues(*families), small_code=small_code) == pytest.approx(cap)


def test_a_transport_payload_is_an_anchor_on_its_own() -> None:
    payload = [TicketCue("payload", "ticket_payload", "iata_bcbp", 0.9, -1)]
    assert ticket_score(payload) > 0.5
    assert ticket_score(payload + _cues("barcode")) > ticket_score(payload)


def test_flight_number_before_bin_is_a_service_number() -> None:
    assert "service_number" in find_ticket_cues(["SB592便"]).families
    assert "service_number" not in find_ticket_cues(["便利な使い方"]).families


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Pin the screenshot score and the codes (computed by other modules)."""

    def set_(score: float, *codes: Barcode) -> None:
        traits = ScreenshotTraits(score, False, False, 2.16, None, 0.0, 0.8)
        monkeypatch.setattr(Signals, "screenshot", property(lambda self: traits))
        monkeypatch.setattr(Signals, "barcodes", property(lambda self: tuple(codes)))

    return set_


_GATE_QR = Barcode("qr", BBox(45, 60, 55, 55), True)
_SMALL_QR = Barcode("qr", BBox(5, 280, 20, 20), True)
_TRIP = ["くさくら570号", "広島 新神戸"]  # all a thumbnail's OCR gets: the service number

DETECTOR = {
    "thumbnail_gate_code_and_service_number": ((148, 320), 0.79, (_GATE_QR,), _TRIP, SMALL_TRIP_CAP),
    "full_size_same_words_and_code": ((390, 844), 0.79, (_GATE_QR,), _TRIP, NO_ANCHOR_CAP),
    "thumbnail_without_code": ((148, 320), 0.79, (), _TRIP, NO_ANCHOR_CAP),
    "thumbnail_with_a_small_code": ((148, 320), 0.79, (_SMALL_QR,), _TRIP, NO_ANCHOR_CAP),
    "thumbnail_code_without_trip_cue": ((148, 320), 0.79, (_GATE_QR,), ["お支払い", "PayPay"], 0.0),
    "thumbnail_not_surely_rendered": ((148, 320), 0.45, (_GATE_QR,), _TRIP, NO_ANCHOR_CAP * 0.45 / 0.6),
}


@pytest.mark.parametrize(("size", "shot", "codes", "lines", "expected"), DETECTOR.values(), ids=DETECTOR.keys())
def test_detector_counts_code_and_trip_only_on_rendered_thumbnails(
    pinned, size: tuple[int, int], shot: float, codes: tuple[Barcode, ...], lines: list[str], expected: float
) -> None:  # type: ignore[no-untyped-def]
    pinned(shot, *codes)
    ctx = make_context(ocr_lines=lines, size=size)
    det = TicketDetector()
    assert det.prefilter(ctx)
    score = max((f.score for f in det.detect(ctx)), default=0.0)
    assert score == pytest.approx(expected, abs=1e-6)


SERVICE_NUMBERS = {
    "flight_before_bin": (["SB592便"], None, True),
    "flight_code": (["NH 123"], None, True),
    "amount_after_airline_letters": (["AS 045,283"], None, False),  # 残高 ¥45,283 misread
    "bin_in_a_word": (["便利な使い方"], None, False),
    "express_without_go_in_large_type": (["こんにちは", "特急はるか465"], 1, True),
    "express_without_go_in_small_print": (["特急はるか465"], None, False),
}


@pytest.mark.parametrize(("lines", "large_from", "expected"), SERVICE_NUMBERS.values(), ids=SERVICE_NUMBERS.keys())
def test_service_numbers_and_their_near_misses(lines: list[str], large_from: int | None, expected: bool) -> None:
    assert ("service_number" in find_ticket_cues(lines, large_type_from=large_from).families) is expected


LARGE_TYPE = {
    "station_names_without_arrow": (["仙台駅東口A金沢駅西口"], {"route"}),
    "ticket_title": (["くTickets"], {"ticket", "title"}),
    "event_title": (["入場チケット"], {"ticket", "event", "title"}),
    "body_word_only": (["お支払い方法"], set()),
}


@pytest.mark.parametrize(("lines", "families"), LARGE_TYPE.values(), ids=LARGE_TYPE.keys())
def test_large_type_rows_give_route_and_title_cues(lines: list[str], families: set[str]) -> None:
    assert find_ticket_cues(lines, large_type_from=0).families == families
    assert "title" not in find_ticket_cues(lines).families  # the same words in small print are no title


LOW_CONFIDENCE = {
    # letters and digits are what garbage looks like: a service number needs a confident read
    "service_number": (["くさくら570号"], NO_ANCHOR_CAP),
    # a station pair, or a ticket title, does not come from garbage
    "route": (["東京駅 → 新大阪駅"], SMALL_TRIP_CAP),
}


@pytest.mark.parametrize(("lines", "expected"), LOW_CONFIDENCE.values(), ids=LOW_CONFIDENCE.keys())
def test_a_low_confidence_read_lifts_the_cap_only_with_a_specific_cue(
    pinned, lines: list[str], expected: float
) -> None:  # type: ignore[no-untyped-def]
    pinned(0.79, _GATE_QR)
    ctx = make_context(ocr_lines=lines, size=(148, 320))
    ctx._ocr_engine.conf = 50.0  # type: ignore[union-attr]  # garbage-level confidence
    (finding,) = TicketDetector().detect(ctx)
    assert finding.score == pytest.approx(expected)


def test_a_cinema_screen_number_in_large_type_is_a_title() -> None:
    assert "title" in find_ticket_cues(["海辺のシグナル", "スクリーン2 A-13"], large_type_from=0).families
    assert "title" not in find_ticket_cues(["スクリーンショットを保存"], large_type_from=0).families


DURATIONS = {
    "english_with_duration": ("Dep 07:53 3h 00m Arr 10:53", True),
    "japanese_with_duration": ("10:00 → 2時間30分 → 12:30", True),
    "a_time_and_an_amount": ("10:00 お支払い 2,300円", False),
    "one_time_and_a_duration": ("所要 3時間 出発 10:00", False),
}


@pytest.mark.parametrize(("line", "expected"), DURATIONS.values(), ids=DURATIONS.keys())
def test_departure_and_arrival_around_a_duration_are_a_time_pair(line: str, expected: bool) -> None:
    assert ("time_pair" in find_ticket_cues([line], large_type_from=0).families) is expected


def test_the_top_bar_title_is_read_whatever_its_height() -> None:
    # a 5 px screen name at the top, then body rows of the same height and one tall row
    img = _screen([(25, 5), (130, 10), (150, 5), (160, 5), (170, 5)])
    assert [y for _, y, _, _ in tall_rows(img)] == [25, 130]
    img = _screen([(130, 10), (150, 5), (160, 5), (170, 5), (180, 5)])  # no top bar text
    assert [y for _, y, _, _ in tall_rows(img)] == [130]


TITLES = {
    "boarding_pass_title_on_thumbnail": (["くYour boarding pass"], True, SMALL_TRIP_CAP),
    "same_title_at_full_size": (["くYour boarding pass"], False, 0.3),
    "order_completed_title": (["Order completed"], True, 0.3),
}


@pytest.mark.parametrize(("lines", "small", "cap"), TITLES.values(), ids=TITLES.keys())
def test_a_booking_word_as_a_thumbnail_title_lifts_the_one_family_cap(
    lines: list[str], small: bool, cap: float
) -> None:
    cues = find_ticket_cues(lines, large_type_from=0).cues
    assert ticket_score(cues, small_screen=small) == pytest.approx(cap)


@pytest.mark.parametrize(
    ("payload", "decoded", "ticket", "read_again"),
    [
        ("iata_bcbp", True, True, False),
        (None, True, False, False),
        ("individual_number", True, False, False),
        (None, False, False, True),
    ],
    ids=["transport_layout", "other_content", "identity_number", "not_decoded"],
)
def test_the_code_reads_transport_layout_decides_without_reading_the_code_again(
    pinned, payload: str | None, decoded: bool, ticket: bool, read_again: bool
) -> None:  # type: ignore[no-untyped-def]
    pinned(0.79, Barcode("aztec", BBox(100, 100, 190, 190), decoded, payload))
    ctx = make_context(ocr_lines=["Your trip"], size=(390, 844))
    findings = list(TicketDetector().detect(ctx))
    assert (max((f.score for f in findings), default=0.0) >= 0.5) is ticket
    # a decoded code's content is known: only when no code could be read is the image read again, enlarged
    assert ("ticket:payload" in ctx.timings) is read_again


LARGE_TYPE_ROUTES = {
    # OCR of a thumbnail's route row loses the arrow glyph or reads it as junk
    "arrow_read_as_kana": (["大宮に新潟"], True),
    "arrow_read_as_digit_and_stop": (["広島。9博多"], True),
    "arrow_read_as_letters": (["岡山F&F広島", "x"], True),
    "station_suffix_kept": (["6A大宮に新潟駅前"], True),
    "an_address": (["東京都新宿区西新宿"], False),
    "a_prefecture_and_its_city": (["新潟県長岡市"], False),
    "one_station_twice": (["東京東京"], False),
    "names_in_running_text": (["東京・大阪で雪"], False),
}


@pytest.mark.parametrize(("lines", "route"), LARGE_TYPE_ROUTES.values(), ids=LARGE_TYPE_ROUTES.keys())
def test_two_known_stations_in_large_type_are_a_route(lines: list[str], route: bool) -> None:
    assert ("route" in find_ticket_cues(lines, large_type_from=0).families) is route
    assert "route" not in find_ticket_cues(lines).families  # small print keeps needing an arrow


NAMED_SERVICES = {
    "go_read_as_8": ("はやぶさ378", True),
    "bus_go_read_as_8": ("ドリームリンク148", True),
    "hiragana_and_katakana_name": ("さくらエクスプレス198", True),
    "points_with_yen": ("ポイント1000円", False),
    "ticket_count": ("マイチケット2枚", False),
    "points_with_thousands": ("ポイント 1,000", False),
}


@pytest.mark.parametrize(("line", "expected"), NAMED_SERVICES.values(), ids=NAMED_SERVICES.keys())
def test_a_named_service_in_large_type_keeps_its_number_without_go(line: str, expected: bool) -> None:
    assert ("service_number" in find_ticket_cues([line], large_type_from=0).families) is expected


def test_a_rail_fare_name_is_a_ticket_title_in_large_type() -> None:
    assert {"ticket", "title"} <= find_ticket_cues(["Advance Single"], large_type_from=0).families
    assert "title" not in find_ticket_cues(["Advance Single"]).families


FIRST_READ_TITLES = {
    # a blank thumbnail has no tall rows: only the first read's lines can be its large type
    "confident_title_on_thumbnail": ((148, 320), 90.0, SMALL_TRIP_CAP),
    "garbage_level_title_on_thumbnail": ((148, 320), 50.0, NO_ANCHOR_CAP),
    "confident_title_at_full_size": ((390, 844), 90.0, NO_ANCHOR_CAP),
}


@pytest.mark.parametrize(("size", "conf", "expected"), FIRST_READ_TITLES.values(), ids=FIRST_READ_TITLES.keys())
def test_a_thumbnails_confident_first_read_counts_as_its_large_type(
    pinned, size: tuple[int, int], conf: float, expected: float
) -> None:  # type: ignore[no-untyped-def]
    pinned(0.79, _GATE_QR)
    ctx = make_context(ocr_lines=["Your tickets"], size=size)
    ctx._ocr_engine.conf = conf  # type: ignore[union-attr]
    (finding,) = TicketDetector().detect(ctx)
    assert finding.score == pytest.approx(expected)


PARTY = {
    "service_and_passenger_count_on_thumbnail": ((148, 320), ["ハイウェイライナー25号", "6A 大人1名"], SMALL_TRIP_CAP),
    "route_and_adults_on_thumbnail": ((148, 320), ["大宮に新潟", "2 Adults"], SMALL_TRIP_CAP),
    "adults_with_a_kana_glued_on_thumbnail": ((148, 320), ["大宮に新潟", "ン2 Adultsの"], SMALL_TRIP_CAP),
    "adults_inside_a_latin_word_on_thumbnail": ((148, 320), ["大宮に新潟", "A2 Adultsx"], NO_ANCHOR_CAP),
    "service_alone_on_thumbnail": ((148, 320), ["ハイウェイライナー25号"], NO_ANCHOR_CAP),
    "passenger_count_alone_on_thumbnail": ((148, 320), ["大人2名", "お支払い"], NO_ANCHOR_CAP),
    "same_lines_at_full_size": ((390, 844), ["ハイウェイライナー25号", "6A 大人1名"], NO_ANCHOR_CAP),
}


@pytest.mark.parametrize(("size", "lines", "expected"), PARTY.values(), ids=PARTY.keys())
def test_a_trip_with_a_passenger_count_lifts_a_codeless_thumbnails_cap(
    pinned, size: tuple[int, int], lines: list[str], expected: float
) -> None:  # type: ignore[no-untyped-def]
    pinned(0.79)
    ctx = make_context(ocr_lines=lines, size=size)
    (finding,) = TicketDetector().detect(ctx)
    assert finding.score == pytest.approx(expected)
