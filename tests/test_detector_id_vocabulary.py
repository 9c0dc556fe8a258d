"""id.vocabulary: ID-document words in OCR text, with FakeOcr and pinned layout signals."""

from __future__ import annotations

import numpy as np
import pytest

from pii_scan.detectors.id_vocabulary import IdCue, IdVocabularyDetector, find_id_cues, id_vocabulary_score
from pii_scan.models import BBox, Label
from pii_scan.signals import CardQuad, ScreenshotTraits, Signals
from pii_scan.testing import make_context

QUAD = CardQuad(((10, 10), (790, 10), (790, 490), (10, 490)), "id1", 1.586, 0.9, 0.9)


@pytest.fixture
def signals(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Pin the layout signals other modules compute, so only this detector is tested."""

    def set_(*, quad: bool = False, mrz: bool = False, screenshot: float = 0.0, density: float = 0.0) -> None:
        traits = ScreenshotTraits(screenshot, False, False, 1.6, None, 0.0, 0.0)
        monkeypatch.setattr(Signals, "card_quads", property(lambda self: (QUAD,) if quad else ()))
        monkeypatch.setattr(Signals, "mrz_bands", property(lambda self: (BBox(0, 400, 800, 60),) if mrz else ()))
        monkeypatch.setattr(Signals, "screenshot", property(lambda self: traits))
        monkeypatch.setattr(Signals, "text_density", property(lambda self: density))

    set_()
    return set_


def _score(lines: list[str]) -> float:
    """The detector's score, or -1 when its prefilter skips the image."""
    ctx = make_context(ocr_lines=lines)
    det = IdVocabularyDetector()
    if not det.prefilter(ctx):
        return -1.0
    return max((f.score for f in det.detect(ctx)), default=0.0)


POSITIVES = {
    "jp_driving_licence": ["氏名 山田 太郎 昭和61年5月1日生", "住所 東京都千代田区霞が関2-1-2",
                           "交付 令和01年05月07日 12345", "2029年(令和11年)06月01日まで有効", "免許の条件等 眼鏡等",
                           "運転免許証", "番号 第123456789012号", "東京都公安委員会"],
    "jp_licence_garbled": ["氏 名 山 田 太 郎", "運 転 兔 許 証", "公安委員会"],
    "my_number_card": ["個人番号カード", "氏名 番号 花子", "住所 東京都千代田区", "平成元年3月31日生 女",
                       "2025年3月31日まで有効"],
    "residence_card": ["在留カード RESIDENCE CARD", "氏名 NAME", "国籍・地域 NATIONALITY/REGION", "在留資格 留学",
                       "就労制限の有無 就労不可"],
    "health_insurance": ["国民健康保険被保険者証", "記号 123 番号 45", "氏名 山田 太郎", "生年月日 昭和50年1月1日",
                         "保険者番号 01234567"],
    "student_card": ["学生証", "学籍番号 A1234567", "氏名 佐藤 花子", "生年月日 2003年4月1日"],
    # the title lost (white on a dark band, a dim shot); the certification line read with a kanji wrong
    "student_card_certified": ["25C6454", "工学部情報工学科", "平成18年1月17日生", "2029年3月31日",
                               "よ記の者は本学の学生であることを証直する", "青葉学院大学長"],
    "student_card_certified_en": ["Student No. 23B0417", "Date of birth 2004-07-09",
                                  "This card certifies that the bearer is a student of this university."],
    # a UK photocard licence, its title's first letter lost: the EU model's numbered dates and the
    # DVLA number say licence
    "uk_licence_fields": ["RIVING LICENCE", "UNITED KINGDOM", "1. MORGAN", "2. SARAH MEREDITH",
                          "4a. 29.05.2025 4c. DVLA", "5. MORGA760258SM9BR 19", "4b. 28.05.2035"],
    # a staff card, upright: its company, its titles in two languages, the staff number
    "staff_card": ["ひかり物流株式会社", "社員証", "EMPLOYEE ID CARD", "鈴木 真由美", "社員番号 895378"],
    "passport_en": ["PASSPORT", "Type P Country code JPN Passport No. TZ1234567", "Surname YAMADA",
                    "Given names TARO", "Nationality JAPAN", "Date of birth 14 FEB 1990", "Date of expiry 30 SEP 2031"],
    "personalausweis": ["BUNDESREPUBLIK DEUTSCHLAND", "PERSONALAUSWEIS", "Name MUSTERMANN",
                        "Date of birth 12.08.1964", "Nationality DEUTSCH"],
    "us_driver_license": ["CALIFORNIA DRIVER LICENSE", "DL I1234568", "EXP 08/31/2029", "DOB 08/31/1977", "SEX F"],
    # The title missed (stylised or cut off): AAMVA coded fields still say licence.
    "us_licence_fields_only": ["K1652853", "pog 02/14/2001", "CLASS C SEXM HGT 5-10\" EYES GRN",
                               "RSTR NONE ISS 09/04/2022 DD 565311722258"],
    "eu_id_back": ["Address 91 KERKSTRAAT", "Height 176 cm", "Eye colour GREEN", "Authority STADT PARIS",
                   "Date of issue 04.11.2017"],
    "jp_licence_without_title": ["氏名 加藤 真由美", "住所 福岡県北九州市南町3丁目", "交付 令和6年1月13日",
                                 "番号 第258122271990号"],
    "residence_card_number": ["在留カード番号 AB12345678CD", "氏名 WEBER JENNIFER"],
    # Card backs: little text, but fields no other card prints.
    "residence_card_back": ["住居地記載欄", "届出年月日 住居地", "資格外活動許可欄", "在留期間更新等許可申請欄"],
    "licence_back": ["備考", "令和5年4月1日 新住所 千代田区霞が関1-1 東京都公安委員会", "臓器提供意思表示", "署名"],
    "health_insurance_family": ["被扶養者", "記号 12 番号 345", "保険者番号 06123456", "保険者所在地 東京都"],
    "eu_id_back_labels": ["Card access number 123456", "Place of issue BERLIN", "Gültig bis 01.02.2030"],
    "german_id_labels": ["Name / Surname MUSTERMANN", "Geburtstag / Date of birth 12.08.1983",
                         "Staatsangehörigkeit / Nationality DEUTSCH", "Geburtsort / Place of birth BERLIN"],
    # National cards in their own language only (accents as printed; matching strips them).
    "czech_id": ["ČESKÁ REPUBLIKA", "OBČANSKÝ PRŮKAZ", "Příjmení NOVÁKOVÁ", "Datum narození 01.02.1990"],
    "swedish_id": ["IDENTITETSKORT", "Efternamn SVENSSON", "Förnamn ANNA", "Födelsedatum 1990-02-01"],
    "portuguese_id": ["CARTÃO DE CIDADÃO", "Apelido(s) SILVA", "Data de nascimento 01 02 1990", "Nacionalidade PRT"],
    "polish_id_labels": ["Nazwisko KOWALSKA", "Imiona ANNA", "Data urodzenia 01.02.1990", "Obywatelstwo POLSKIE"],
    "eu_residence_permit": ["AUFENTHALTSTITEL", "RESIDENCE PERMIT", "Name SMITH", "Vornamen JOHN"],
    "juki_card": ["住民基本台帳カード", "氏名 山田 太郎", "昭和50年1月1日生"],
    "eu_driving_licence": ["FÜHRERSCHEIN", "BUNDESREPUBLIK DEUTSCHLAND", "PERMIS DE CONDUIRE", "1. MUSTERMANN", "2. ERIKA", "3. 12.08.1964"],
    "insurance_certificate": ["健康保険資格確認書", "記号 12 番号 3 枝番 00", "保険者番号 06123456"],
    # Home-country cards of foreign residents, with the fields their holders' photos show
    "canadian_licence": ["ONTARIO", "DRIVER'S LICENCE", "DL NO D1234-56789-01234", "DOB 1990/02/14", "EXP 2029/02/14"],
    "taiwanese_id": ["中華民國國民身分證", "姓名 陳小明", "出生年月日 民國79年2月14日", "性別 男", "統一編號 A123456789"],
    "vietnamese_id": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card",
                      "Họ và tên / Full name: NGUYỄN VĂN AN", "Ngày sinh / Date of birth: 01/02/1995"],
    "brazilian_id": ["REPÚBLICA FEDERATIVA DO BRASIL", "CARTEIRA DE IDENTIDADE", "NOME MARIA DA SILVA",
                     "DATA DE NASCIMENTO 01/02/1990"],
    "indonesian_id": ["PROVINSI JAWA BARAT", "KARTU TANDA PENDUDUK", "NIK 3201010101900001", "Nama SITI AMINAH",
                      "Tempat/Tgl Lahir BANDUNG, 01-01-1990", "Jenis Kelamin PEREMPUAN"],
}

#: Photographed look-alikes: card- or page-shaped paper.
PHOTO_NEGATIVES = {
    "receipt": ["領収書", "株式会社サンプル商店", "住所 東京都新宿区1-2-3", "TEL 03-1234-5678", "合計 ¥1,280"],
    "business_card": ["株式会社サンプル", "営業部 山田 太郎", "住所 大阪府大阪市北区1-1", "TEL 06-0000-0000",
                      "taro@example.com"],
    "menu": ["本日のおすすめ", "ラーメン 800円", "餃子 400円", "生ビール 500円"],
    "payment_card": ["VISA", "1234 5678 9012 3456", "VALID THRU 12/28", "TARO YAMADA"],
    "card_receipt": ["VISA ****1234 EXP 12/25", "AUTH 123456", "CLASS 2 TICKET", "TOTAL $45.20"],
    "coupon": ["20% OFF ALL ITEMS", "EXP 12/31/2024", "ISS 1 PER CUSTOMER"],
    "size_chart": ["Height 170 cm", "Chest 92 cm", "Waist 78 cm", "Eyes free wash"],
    "academic_business_card": ["東京大学 大学院工学系研究科", "教授 山田 太郎", "The University of Tokyo",
                               "Faculty of Engineering", "住所 東京都文京区本郷7-3-1"],
    "payment_card_back": ["AUTHORIZED SIGNATURE", "NOT VALID UNLESS SIGNED", "CUSTOMER SERVICE 0120-000-000"],
    "numbered_form": ["Section 4a. 12.05.2025 received", "Item 4b) 3 copies", "Ref ABCDE 123456"],
    "invoice": ["請求書", "備考 振込手数料はご負担ください", "合計 ¥12,000"],
    "parcel_label": ["お届け先 山田 太郎 様", "住所 東京都新宿区1-2-3", "伝票番号 1234-5678-9012"],
}
#: Screenshots that talk about ID documents or ask for ID fields.
SCREEN_NEGATIVES = {
    "chat": ["パスポート忘れた!", "免許証持ってる?", "うん、あるよ", "10:24"],
    "news": ["高齢ドライバーの運転免許証の自主返納が増加", "警察庁によると昨年は過去最多"],
    "signup_form": ["会員登録", "氏名", "住所", "生年月日", "電話番号", "送信"],
    "id_instructions": ["本人確認書類をご用意ください", "運転免許証", "マイナンバーカード", "在留カード",
                        "氏名・住所・生年月日が確認できるもの"],
    "settings": ["Settings", "Change Password", "Wi-Fi", "Bluetooth", "Privacy"],
    "insurance_news": ["マイナ保険証への移行で", "資格確認書が送られてきます", "厚生労働省"],
    "museum_prices": ["入館料 一般 1,000円", "障害者手帳をお持ちの方は無料"],
    "student_discount": ["学生 1,500円", "入場時に学生であることを証明できるものをご提示ください"],
    "staff_notice": ["お知らせ", "入館時は社員証を必ず着用してください", "紛失した場合は総務部へ", "EMPLOYEE ENTRANCE"],
    "driving_school_ad": ["Führerschein in 4 Wochen!", "Jetzt anmelden", "Fahrschule Müller"],
}  # fmt: skip


@pytest.mark.parametrize("lines", POSITIVES.values(), ids=POSITIVES.keys())
def test_id_documents_score_above_half(signals, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    signals(quad=True)
    assert _score(lines) > 0.7


@pytest.mark.parametrize("lines", PHOTO_NEGATIVES.values(), ids=PHOTO_NEGATIVES.keys())
def test_photographed_lookalikes_stay_below_half(signals, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    signals(quad=True)  # even on a card-shaped outline
    assert 0.0 <= _score(lines) < 0.5


@pytest.mark.parametrize("lines", SCREEN_NEGATIVES.values(), ids=SCREEN_NEGATIVES.keys())
def test_screenshots_about_ids_stay_below_half(signals, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    signals(screenshot=0.9)
    assert 0.0 <= _score(lines) < 0.5


@pytest.mark.parametrize(
    ("cues", "card_shape", "low", "high"),
    [
        ([("住所", "field", 0.2, "")], True, 0.0, 0.25),  # one weak word
        ([("運転免許証", "title", 1.0, "driving")], True, 0.3, 0.45),  # one strong word alone
        ([("在留カード", "title", 1.0, "residence")], False, 0.3, 0.45),
        ([("運転免許証", "title", 1.0, "driving"), ("公安委員会", "issuer", 0.8, "")], False, 0.8, 0.9),
        ([("SURNAME", "field", 0.6, ""), ("NATIONALITY", "field", 0.6, ""), ("DATE OF BIRTH", "field", 0.5, "")],
         True, 0.75, 0.85),  # three medium field labels on a card
        ([("SURNAME", "field", 0.6, ""), ("NATIONALITY", "field", 0.6, ""), ("DATE OF BIRTH", "field", 0.5, "")],
         False, 0.4, 0.45),  # the same on no card: a form
        ([("PASSPORT", "title", 0.6, "passport"), ("PASSEPORT", "title", 0.8, "passport")], False, 0.6, 0.65),
        ([("保険証", "title", 0.5, "insurance"), ("資格確認書", "title", 0.7, "insurance")], True, 0.4, 0.45),  # weak names
        ([("運転免許証", "title", 1.0, "driving"), ("在留カード", "title", 1.0, "residence"),
          ("生年月日", "field", 0.5, "")], True, 0.4, 0.45),  # documents of two kinds: a list
    ],
)  # fmt: skip
def test_score_grows_with_distinct_weights_within_guards(
    cues: list[tuple[str, str, float, str]], card_shape: bool, low: float, high: float
) -> None:
    score = id_vocabulary_score([IdCue(n, f, w, 0, kind=k) for n, f, w, k in cues], card_shape=card_shape)
    assert low <= score <= high


@pytest.mark.parametrize(
    ("signal", "runs"),
    [
        ({"quad": True}, True),
        ({"mrz": True}, True),
        ({"screenshot": 0.8}, True),  # a screenshot of a photo of a card
        ({"density": 0.15}, True),  # a text-dense document
        ({"screenshot": 0.3, "density": 0.01}, False),  # an ordinary photo
        ({}, False),
    ],
)
def test_prefilter_needs_a_cheap_document_signal(signals, signal: dict[str, object], runs: bool) -> None:  # type: ignore[no-untyped-def]
    signals(**signal)
    ctx = make_context(ocr_lines=["運転免許証"])
    assert IdVocabularyDetector().prefilter(ctx) is runs
    assert ctx._ocr_engine.calls == 0  # type: ignore[union-attr]  # the gate never runs OCR


def test_finding_carries_keyword_evidence_on_the_keyword_lines(signals) -> None:  # type: ignore[no-untyped-def]
    signals(quad=True)
    lines = ["氏名 山田 太郎", "住所 東京都千代田区", "運転免許証", "東京都公安委員会"]
    ctx = make_context(ocr_lines=lines, size=(800, 400))
    (f,) = IdVocabularyDetector().detect(ctx)
    assert (f.label, f.detector, f.supporting, f.verified) == (Label.ID_CARD, "id.vocabulary", False, False)
    by_value = {e.value: e for e in f.evidence}
    assert set(by_value) == {"氏名", "住所", "運転免許証", "公安委員会"}
    assert all(e.kind == "keyword" and e.source == "ocr" for e in f.evidence)
    ys = [by_value[k].bbox.y for k in ("氏名", "住所", "運転免許証", "公安委員会")]  # type: ignore[union-attr]
    assert ys == sorted(ys) and len(set(ys)) == 4  # each on its own line, in reading order
    assert "山田" not in repr(f.to_dict())  # keywords, never the values next to them
    assert "card-shaped" in f.explanation


def test_explanation_says_nothing_about_a_card_without_one(signals) -> None:  # type: ignore[no-untyped-def]
    signals(screenshot=0.9)
    (f,) = IdVocabularyDetector().detect(make_context(ocr_lines=["運転免許証", "東京都公安委員会", "氏名"]))
    assert "card-shaped" not in f.explanation and f.score > 0.5


@pytest.mark.parametrize("lines", [[], ["こんにちは", "Hello"], ["住所"]])
def test_no_or_too_weak_words_give_no_finding(signals, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    signals(quad=True)
    findings = list(IdVocabularyDetector().detect(make_context(ocr_lines=lines)))
    assert all(f.score < 0.25 for f in findings)
    assert (findings == []) is (lines != ["住所"])


#: Frames without a card outline (a page, a form): field labels alone stay below half.
FORM_NEGATIVES = {
    "resume": ["履歴書", "氏名 山田 太郎", "1990年4月1日生 (満34歳)", "住所 東京都新宿区西新宿1-1-1", "性別 男"],
    "visa_application": ["Surname", "Given names", "Date of birth", "Place of birth", "Nationality",
                         "Passport number", "Date of issue", "Date of expiry"],
    "spanish_form": ["Nombre", "Apellidos", "Fecha de nacimiento", "Domicilio", "Nacionalidad"],
}  # fmt: skip


@pytest.mark.parametrize("lines", FORM_NEGATIVES.values(), ids=FORM_NEGATIVES.keys())
def test_field_labels_on_a_page_without_card_outline_stay_below_half(signals, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    signals(density=0.15)
    assert 0.0 <= _score(lines) < 0.5


class _FieldsAtLeftOcr:
    """Reads three field-label lines in the left two thirds of whatever it is given, 5 % of its height each."""

    name = "fake"

    def recognize(self, image, *, lang="jpn+eng", psm=None, whitelist=None):  # type: ignore[no-untyped-def]
        from pii_scan.ocr.base import OcrResult, OcrWord

        h, w = image.shape[:2]
        rows = (("学籍番号", "A1234567"), ("氏名", "佐藤花子"), ("生年月日", "2003年4月1日"))
        words = [
            OcrWord(text, 95, BBox(int(w * (0.3 + 0.18 * j)), int(h * (0.2 + 0.15 * i)), int(w * 0.16), int(h * 0.05)), (1, 1, i))
            for i, row in enumerate(rows)
            for j, text in enumerate(row)
        ]
        return OcrResult.from_words(tuple(words))


@pytest.mark.parametrize(
    ("faces", "above_half"),
    [
        ((BBox(560, 100, 150, 150),), True),  # a portrait right of the fields: an ID's layout
        ((BBox(20, 400, 60, 60),), False),  # a small face far below them
        ((), False),  # no face: a form's field labels
    ],
)
def test_field_labels_beside_a_portrait_are_a_cards_layout_without_its_outline(  # type: ignore[no-untyped-def]
    signals, monkeypatch: pytest.MonkeyPatch, faces: tuple[BBox, ...], above_half: bool
) -> None:
    """A white card scanned on white paper gives no outline; its field labels beside its portrait
    still make it a card, where a sign-up form's labels alone do not."""
    from pii_scan.context import ImageContext
    from pii_scan.decode import decode
    from PIL import Image
    import numpy as np

    signals(density=0.15)
    monkeypatch.setattr(Signals, "faces", property(lambda self: faces))
    ctx = ImageContext(decode(Image.fromarray(np.full((500, 800, 3), 255, np.uint8))), ocr=_FieldsAtLeftOcr())
    (f,) = IdVocabularyDetector().detect(ctx)
    assert (f.score >= 0.5) is above_half
    assert ("beside a portrait" in f.explanation) is above_half


@pytest.mark.parametrize(
    ("line", "cue"),
    [
        ("CLASS C SEX M HGT 6'-01\" EYES BLU", "height_feet_inches"),
        ("CLASS C SEX M HGT 6'-01\" EYES BLU", "eye_colour_code"),
        ("EYES BLUア", "eye_colour_code"),  # OCR noise right after the code
        ("6のンEYE HAZ", "eye_colour_code"),  # ... and a kana glued before the label
        ("ンHGT 5-10", "height_feet_inches"),
        ("のDOB 01/02/1990", "labelled_birth_date"),
        ("ンREPUBLIQUE FRANCAISE", "state_name"),
        ("DOB 09/13/1971", "labelled_birth_date"),
        ("番号 第 012345678900 号", "licence_number_ja"),
        ("在留カード番号GN33679736WJ", "residence_card_number"),
        ("1973年9月24日生", "birth_date_ja"),
        ("REPUBLIQUE FRANCAISE", "state_name"),
        ("BUNDESREPUBLIK DEUTSCHLAND", "state_name"),
        ("REPUBBLICA TTAI Ane", "state_name"),  # the state's word read, the rest garbled
        ("UNITED KINGDOM OF GREAT BRITAIN", "state_name"),
        ("記号 195 番号 02 (枝番)05", "insurance_symbol_number"),
        ("記号：12-34 番号：5", "insurance_symbol_number"),
    ],
)
def test_card_structures_are_found(line: str, cue: str) -> None:
    assert cue in {c.name for c in find_id_cues([line])}


@pytest.mark.parametrize(
    ("line", "cue"),
    [
        ("EYES BLUE SKY HOTEL", "eye_colour_code"),  # a word, not a code
        ("HGT 12 FT", "height_feet_inches"),
        ("DOB 09/13", "labelled_birth_date"),
        ("第12345678号", "licence_number_ja"),  # 8 digits: an ordinary serial
        ("EJ123456789JP", "residence_card_number"),  # a postal tracking number (9 digits)
        ("1973年9月24日", "birth_date_ja"),  # a date, not "born on"
        ("REPUBLICAN PARTY", "state_name"),  # a word that starts like one
        ("THEYES BRN", "eye_colour_code"),  # a Latin letter before the label joins it to a word
        ("5DOB 01/02/1990", "labelled_birth_date"),
        ("THE KINGDOM", "state_name"),
        ("記号 195", "insurance_symbol_number"),  # the symbol without the number
        ("番号 02 記号 195", "insurance_symbol_number"),
    ],
)
def test_card_structure_near_misses_are_not_found(line: str, cue: str) -> None:
    assert cue not in {c.name for c in find_id_cues([line])}



@pytest.mark.parametrize(
    ("cue", "titled_card", "above_half"),
    [
        (("在留カード", "title", 1.0, "residence"), True, True),  # a photographed card that names itself
        (("PERSONALAUSWEIS", "title", 1.0, "national"), True, True),
        (("在留カード", "title", 1.0, "residence"), False, False),  # no sure card outline
        (("免許証", "title", 0.7, "driving"), True, False),  # a weak title (ads, instructions say it)
        (("保険者番号", "field", 0.8, ""), True, False),  # a field label is no title
    ],
)  # fmt: skip
def test_lone_strong_title_counts_only_on_a_photographed_card(
    cue: tuple[str, str, float, str], titled_card: bool, above_half: bool
) -> None:
    n, f, w, k = cue
    score = id_vocabulary_score([IdCue(n, f, w, 0, kind=k)], card_shape=True, titled_card=titled_card)
    assert (score >= 0.5) is above_half


@pytest.mark.parametrize(
    ("signal", "above_half"),
    [
        ({"quad": True}, True),  # a card photographed: its title is enough
        ({"quad": True, "screenshot": 0.9}, False),  # an app panel that names a document
        ({"mrz": True}, False),  # no card outline
    ],
)
def test_detector_lifts_a_lone_title_only_on_a_photographed_card(signals, signal: dict[str, object], above_half: bool) -> None:  # type: ignore[no-untyped-def]
    signals(**signal)
    assert (_score(["在留カード", "WEBER JENNIFER"]) >= 0.5) is above_half


@pytest.mark.parametrize(
    ("kind", "area", "score", "card"),
    [
        ("id1", 0.6, 0.5, True),
        ("passport", 0.03, 0.95, True),  # a card at a slant measured page-shaped, small in the frame
        ("passport", 0.5, 0.95, False),  # a page filling the frame: a form
        ("passport", 0.05, 0.45, False),  # an unsure outline
    ],
)
def test_field_labels_need_a_card_sized_outline(monkeypatch: pytest.MonkeyPatch, kind: str, area: float, score: float, card: bool) -> None:
    quad = CardQuad(((10, 10), (790, 10), (790, 490), (10, 490)), kind, 1.45, score, area)
    monkeypatch.setattr(Signals, "card_quads", property(lambda self: (quad,)))
    monkeypatch.setattr(Signals, "mrz_bands", property(lambda self: ()))
    monkeypatch.setattr(Signals, "screenshot", property(lambda self: ScreenshotTraits(0.0, False, False, 1.6, None, 0.0, 0.0)))
    assert (_score(["保険者番号 06123456", "記号 12 番号 345", "令和2年4月1日"]) >= 0.5) is card


def test_state_name_beside_a_card_title_lifts_it_on_a_card_outline(signals) -> None:  # type: ignore[no-untyped-def]
    signals(mrz=True)  # a card's MRZ band: a card shape, but no photographed outline for a lone title
    assert _score(["CARTA DI IDENTITA", "JOHN", "04 AUG 1997"]) < 0.5
    assert _score(["REPUBBLICA ITALIANA", "CARTA DI IDENTITA", "JOHN", "04 AUG 1997"]) > 0.6


def test_state_name_on_a_form_without_a_card_stays_below_half(signals) -> None:  # type: ignore[no-untyped-def]
    signals(screenshot=0.9)
    assert _score(["REPUBLIC OF KOREA", "Application form", "Surname", "Date of birth"]) < 0.5


@pytest.mark.parametrize(
    "title",
    [
        "IDENTITY CARD", "IDENTITEITSKAART", "被保険者証", "DOWÓD OSOBISTY", "HENKILÖKORTTI", "RIJBEWIJS", "PRAWO JAZDY",
        "中華民國國民身分證", "国民身分証", "CĂN CƯỚC CÔNG DÂN", "KARTU TANDA PENDUDUK", "PAMBANSANG PAGKAKAKILANLAN",
        "CARTEIRA NACIONAL DE HABILITAÇÃO", "外国人登録証明書",
    ],
)  # fmt: skip
def test_a_national_card_title_alone_counts_on_a_photographed_card(signals, title: str) -> None:  # type: ignore[no-untyped-def]
    signals(quad=True)
    assert _score([title, "JOHN"]) >= 0.5


def _with_crisp_read(monkeypatch: pytest.MonkeyPatch, kept: list[str], crisp: list[str]) -> tuple[object, list[int]]:
    """A context whose kept card read is ``kept`` and whose crisp read (``crisp_card_read``) is ``crisp``;
    and a list that counts the crisp reads asked for."""
    from pii_scan.context import ImageContext
    from pii_scan.testing import FakeOcr

    asked: list[int] = []
    crisp_read = FakeOcr(crisp).recognize(np.zeros((630, 1000), np.uint8))

    def crisp_card_read(self: ImageContext) -> object:
        asked.append(1)
        return crisp_read

    monkeypatch.setattr(ImageContext, "crisp_card_read", crisp_card_read)
    return make_context(ocr_lines=kept), asked


def test_an_undecided_card_is_judged_on_its_crisp_read_too(signals, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A small card's kept read of soft print is garbage; its crisp read names the card, and that read is the evidence."""
    signals(quad=True)
    ctx, asked = _with_crisp_read(monkeypatch, ["SR HE", "9 92732176 BS 53"], ["健康保険被保険者証", "記号 92732176 番号 53"])
    [f] = IdVocabularyDetector().detect(ctx)  # type: ignore[arg-type]
    assert f.score >= 0.5 and asked == [1]
    assert {e.value for e in f.evidence} >= {"被保険者証"}


def test_a_decided_card_asks_for_no_crisp_read_and_a_weaker_one_changes_nothing(signals, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    signals(quad=True)
    kept = ["個人番号カード", "氏名 番号 花子", "住所 東京都千代田区"]
    ctx, asked = _with_crisp_read(monkeypatch, kept, ["健康保険被保険者証"])
    [f] = IdVocabularyDetector().detect(ctx)  # type: ignore[arg-type]
    assert f.score >= 0.5 and asked == []  # decided: no read made
    ctx, asked = _with_crisp_read(monkeypatch, ["氏名 山田 太郎"], ["ー ー"])
    [f] = IdVocabularyDetector().detect(ctx)  # type: ignore[arg-type]
    assert asked == [1] and f.score < 0.5 and [e.value for e in f.evidence] == ["氏名"]
