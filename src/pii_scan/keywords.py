"""Keyword data for the OCR vocabulary detectors, in one place.

A ``Keyword`` is a word as printed, a ``weight`` (how much the word alone
says, 0..1: specific words high, words that also appear on receipts,
business cards, forms or chats low) and a ``family``: the kind of cue it is.
Detectors count families, not words, so ten words of one kind cannot stand
in for two independent cues. Words are matched by ``pii_scan.textmatch``
after normalisation (NFKC, upper case, no spaces between CJK characters), so
case and full-width forms do not matter here.

``StructurePattern`` is a regular expression over one normalised OCR line
(upper-cased Latin, half-width digits, arrows folded to ``→``, wave dashes
to ``~``) for layout-independent structures: time pairs, routes, service
numbers, seats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "BUSINESS_CARD_PATTERNS",
    "CONTACT_FAMILIES",
    "ID_KEYWORDS",
    "ID_PATTERNS",
    "PAYMENT_CARD_PATTERNS",
    "IATA_STOPWORDS",
    "JP_STATIONS",
    "RESERVATION_CODE",
    "RESERVATION_LABELS",
    "TICKET_ADMISSION_PATTERNS",
    "TICKET_ANCHOR_FAMILIES",
    "TICKET_KEYWORDS",
    "TICKET_PATTERNS",
    "Keyword",
    "StructurePattern",
    "latin_words",
]


@dataclass(frozen=True)
class Keyword:
    """A word to look for in OCR text, how telling it is, and its cue family."""

    text: str
    weight: float
    family: str
    #: For document titles: which document it names ("" for generic names).
    kind: str = ""


@dataclass(frozen=True)
class StructurePattern:
    """A regex over one normalised OCR line that marks a structural cue."""

    name: str
    regex: re.Pattern[str]
    family: str
    weight: float
    #: Run on the line with its letter case kept (airport and airline codes
    #: are printed in capitals; upper-casing would turn "the - and" into one).
    cased: bool = False


def _kw(family: str, weight: float, *texts: str, kind: str = "") -> tuple[Keyword, ...]:
    return tuple(Keyword(t, weight, family, kind) for t in texts)


def _title(kind: str, weight: float, *texts: str) -> tuple[Keyword, ...]:
    return _kw("title", weight, *texts, kind=kind)


# ---------------------------------------------------------------------------
# Identity documents
# ---------------------------------------------------------------------------
# Families: "title" names a document; its ``kind`` says which one. A card
# names one document (in one or two languages); a page naming documents of
# several kinds (運転免許証, マイナンバーカード, 在留カード...) is a list of
# accepted IDs on an instructions page, and the id.vocabulary detector keeps
# it below 0.5. "field" is a field label printed on cards (field labels
# alone also make a sign-up form); "issuer" names the issuing authority;
# "structure" (ID_PATTERNS) is a card-only way of printing a value.

#: Document names printed on the document itself and rarely elsewhere.
_ID_TITLES_STRONG = (
    _title("driving", 1.0, "運転免許証", "DRIVER LICENSE", "DRIVER'S LICENSE", "DRIVERS LICENSE", "DRIVING LICENCE")
    + _title("mynumber", 1.0, "個人番号カード")
    + _title("residence", 1.0, "在留カード", "特別永住者証明書", "PERMANENT RESIDENT CARD")
    + _title("residence", 0.9, "RESIDENCE CARD")
    + _title("national", 1.0, "PERSONALAUSWEIS")
    + _title("national", 0.9, "CARTE D'IDENTITE", "DOCUMENTO NACIONAL DE IDENTIDAD", "CARTA D'IDENTITA")
    + _title("national", 0.9, "IDENTITEITSKAART")
    # The national card's name in the issuing state's own language (accents are stripped
    # before matching); Latin-script states only: Tesseract reads eng and jpn here.
    + _title("national", 0.9, "IDENTITETSKORT", "HENKILOKORTTI", "OBCANSKY PRUKAZ", "OBCIANSKY PREUKAZ")
    + _title("national", 0.9, "DOWOD OSOBISTY", "OSOBNA ISKAZNICA", "OSEBNA IZKAZNICA", "CARTAO DE CIDADAO")
    + _title("national", 0.9, "CARTE DE IDENTITATE", "SZEMELYAZONOSITO IGAZOLVANY", "ASMENS TAPATYBES KORTELE")
    + _title("national", 0.9, "PERSONAS APLIECIBA", "ISIKUTUNNISTUS", "CEDULA DE IDENTIDAD")
    + _title("residence", 0.9, "RESIDENCE PERMIT", "AUFENTHALTSTITEL", "TITRE DE SEJOUR", "PERMESSO DI SOGGIORNO")
    + _title("passport", 0.9, "PASSPORT CARD")
    # the EU driving licence's title in its issuing state's language
    + _title("driving", 0.9, "PERMIS DE CONDUIRE", "FUHRERSCHEIN", "PATENTE DI GUIDA", "RIJBEWIJS")
    + _title("driving", 0.9, "PERMISO DE CONDUCCION", "CARTA DE CONDUCAO", "PRAWO JAZDY", "KORKORT")
    + _title("driving", 0.9, "AJOKORTTI", "RIDICSKY PRUKAZ", "VODICSKY PREUKAZ", "VOZACKA DOZVOLA")
    # the Basic Resident Register card; the licence returned in old age
    + _title("juki", 1.0, "住民基本台帳カード")
    + _title("driving", 1.0, "運転経歴証明書")
    + _title("insurance", 0.9, "被保険者証")
    + _title("visa", 0.9, "IMMIGRANT VISA")
    # Passports print the word in several languages; the non-English forms
    # hardly occur on travel sites, the English one does (e-tickets ask for it).
    + _title("passport", 0.8, "旅券", "PASSEPORT", "PASAPORTE", "PASSAPORTO", "REISEPASS", "PASZPORT")
    + _title("passport", 0.8, "TRAVEL DOCUMENT")
    + _title("student", 0.8, "学生証", "生徒証", "STUDENTENAUSWEIS", "CARTE D'ETUDIANT")
    # a staff card's English title; the bare 社員証 is weak: notices ask staff to wear it
    + _title("employee", 0.8, "EMPLOYEE ID CARD", "STAFF ID CARD", "EMPLOYEE IDENTIFICATION CARD")
    # generic: student and national cards alike; as strong as a national title on a card outline
    + _title("", 0.9, "IDENTITY CARD", "IDENTIFICATION CARD")
    + _title("", 0.8, "身分証明書")
    # National cards of large groups of foreign residents in Japan (Vietnam, the Philippines,
    # Brazil, Indonesia, Taiwan), as their holders photograph them for remittance and sign-up
    # checks; accents are stripped before matching. (China's simplified 居民身份证 is left out:
    # the jpn model reads its simplified characters as other kanji.)
    + _title("national", 0.9, "國民身分證", "国民身分証")
    + _title("national", 0.9, "CAN CUOC CONG DAN", "CARTEIRA DE IDENTIDADE", "CARTEIRA NACIONAL DE IDENTIDADE")
    + _title("national", 0.9, "KARTU TANDA PENDUDUK", "PAMBANSANG PAGKAKAKILANLAN")
    + _title("driving", 0.9, "CARTEIRA NACIONAL DE HABILITACAO")
    # the alien registration card that the residence card replaced in 2012
    + _title("residence", 1.0, "外国人登録証明書")
)
#: Document names that also appear in ads, instructions and forms, so weaker.
_ID_TITLES_WEAK = (
    _title("driving", 0.7, "免許証")
    + _title("insurance", 0.7, "健康保険証")
    + _title("insurance", 0.5, "保険証")
    + _title("student", 0.7, "STUDENT ID")
    + _title("student", 0.5, "STUDENT CARD")
    + _title("national", 0.7, "NATIONAL ID")
    + _title("passport", 0.6, "PASSPORT")
    + _title("mynumber", 0.6, "マイナンバーカード", "通知カード")
    + _title("employee", 0.6, "社員証", "職員証")
    # a mutual-aid association's insurance card; co-ops print it on membership cards too
    + _title("insurance", 0.6, "組合員証")
    # the insurance card's successor from December 2024, and the EU health card: news and
    # health-service pages name them as often
    + _title("insurance", 0.7, "資格確認書", "HEALTH INSURANCE CARD")
    # disability booklets: an ID, but admission boards name them for their discounts
    + _title("disability", 0.7, "障害者手帳", "療育手帳", "保健福祉手帳")
    + _title("", 0.6, "ID CARD")
)
#: Japanese card field labels; 住所/氏名 also sit on forms, receipts and business cards.
_ID_FIELDS_JA = (
    _kw("field", 0.9, "在留資格", "就労制限", "在留期間", "資格取得年月日")
    + _kw("field", 0.8, "保険者番号", "免許の条件", "学籍番号", "保険者名称")
    # a staff card's number; payroll and HR pages print it too
    + _kw("field", 0.5, "社員番号", "職員番号")
    # a student card's certification line (上記の者は本学の学生であることを証明する); "本学の" keeps
    # out the student-discount notes of event pages (学生であることを証明できるもの)
    + _kw("field", 0.7, "本学の学生であることを証明")
    + _kw("field", 0.6, "本籍", "被保険者", "眼鏡等", "電子証明書", "国籍")
    + _kw("field", 0.5, "生年月日", "個人番号")
    + _kw("field", 0.3, "日本国", "性別")  # 日本国: also 日本国内 ("domestic")
    + _kw("field", 0.4, "マイナンバー", "交付")  # マイナンバー: also in tax/payroll ads
    + _kw("field", 0.35, "氏名")  # every form and sign-up page has it
    + _kw("field", 0.3, "有効期限")  # also on payment cards and coupons
    + _kw("field", 0.2, "住所", "見本", "優良")  # 住所: receipts, business cards; 見本: specimen stamp
    + _kw("field", 0.15, "記号")
    # Card backs: the residence card's address and permission boxes, the
    # licence's and My Number card's organ-donation box, the health-insurance
    # card's insurer and employer lines.
    + _kw("field", 0.9, "住居地記載欄", "資格外活動許可", "在留期間更新")
    + _kw("field", 0.7, "臓器提供", "保険者所在地", "事業所名称")
    + _kw("field", 0.6, "住居地", "被扶養者")
    + _kw("field", 0.3, "追記", "備考")  # 備考 ("remarks") also on forms and receipts
    # insurance cards: the insured's branch number, the household head of a national-insurance
    # card, the issue date (forms and certificates print these too)
    + _kw("field", 0.4, "枝番", "交付年月日")
    + _kw("field", 0.3, "世帯主")
)
#: Machine-readable-document field labels (ICAO 9303 English/French pairs, US/EU cards).
_ID_FIELDS_LATIN = (
    _kw("field", 0.7, "GIVEN NAMES", "PLACE OF BIRTH", "HOLDER'S SIGNATURE", "DATE DE NAISSANCE")
    + _kw("field", 0.7, "LIEU DE NAISSANCE", "PRENOMS")
    + _kw("field", 0.6, "SURNAME", "NATIONALITY", "DATE OF EXPIRY", "PASSPORT NO", "PASSPORT NUMBER")
    + _kw("field", 0.6, "NATIONALITE", "ISSUING AUTHORITY", "DATE OF ISSUE")
    + _kw("field", 0.5, "DATE OF BIRTH", "GIVEN NAME", "PERSONAL NO", "ENDORSEMENTS", "STUDENT NUMBER")
    + _kw("field", 0.4, "DOCUMENT NO", "COUNTRY CODE", "VALID UNTIL")
    + _kw("field", 0.3, "DOB", "EXPIRY", "SPECIMEN", "AUTHORITY", "DONOR")
    + _kw("field", 0.2, "SEX", "EXPIRES", "RESTRICTIONS")
    # National ID cards and passports in their own languages (often beside English).
    + _kw("field", 0.6, "GEBURTSORT", "GEBURTSTAG", "STAATSANGEHORIGKEIT", "ANSCHRIFT")
    + _kw("field", 0.6, "LUGAR DE NACIMIENTO", "FECHA DE NACIMIENTO", "APELLIDOS", "NACIONALIDAD")
    + _kw("field", 0.6, "LUOGO DI NASCITA", "DATA DI NASCITA", "COGNOME", "CITTADINANZA")
    + _kw("field", 0.6, "DATE DE DELIVRANCE", "NATIONALITEIT", "GEBOORTEDATUM", "NAZWISKO")
    + _kw("field", 0.3, "DOMICILIO", "WOHNORT", "NOMBRE", "SEXO", "SESSO")
    # ... and in more EU languages (German, Dutch, Spanish, Portuguese, Polish, Swedish,
    # Finnish, Czech, Romanian, Hungarian), accents stripped
    + _kw("field", 0.6, "VORNAMEN", "GEBURTSNAME", "VOORNAMEN", "GEBOORTEPLAATS", "PRIMER APELLIDO")
    + _kw("field", 0.6, "SEGUNDO APELLIDO", "DATA DE NASCIMENTO", "NACIONALIDADE", "IMIONA", "DATA URODZENIA")
    + _kw("field", 0.6, "OBYWATELSTWO", "MIEJSCE URODZENIA", "EFTERNAMN", "FORNAMN", "FODELSEDATUM")
    + _kw("field", 0.6, "MEDBORGARSKAP", "SUKUNIMI", "ETUNIMET", "KANSALAISUUS", "SYNTYMAAIKA", "PRIJMENI")
    + _kw("field", 0.6, "DATUM NAROZENI", "STATNI OBCANSTVI", "MISTO NAROZENI", "CETATENIE", "SZULETESI IDO")
    + _kw("field", 0.6, "ALLAMPOLGARSAG", "CSALADI NEV")
    + _kw("field", 0.5, "PRENUME", "DOCUMENTNUMMER")
    # the Indonesian resident card's (KTP) labels
    + _kw("field", 0.7, "TEMPAT/TGL LAHIR", "KEWARGANEGARAAN")
    + _kw("field", 0.5, "JENIS KELAMIN", "BERLAKU HINGGA")
    # ID-card backs (German/EU style) and AAMVA (US/Canada) licence labels.
    + _kw("field", 0.7, "AUGENFARBE", "COLOUR OF EYES", "COLOR OF EYES")
    + _kw("field", 0.5, "EYE COLOUR", "EYE COLOR", "STUDENT NO", "EMPLOYEE NO", "STAFF NO")
    # a student card's certification line ("... certifies that the bearer is a student of this university")
    + _kw("field", 0.6, "STUDENT OF THIS UNIVERSITY")
    + _kw("field", 0.3, "HGT", "WGT", "RSTR")
    + _kw("field", 0.2, "EYES", "HEIGHT", "ISS")
    # More ICAO / EU card labels (English, French, German).
    + _kw("field", 0.7, "CARD ACCESS NUMBER", "PLACE OF ISSUE", "DATE D'EXPIRATION", "GEBURTSDATUM")
    + _kw("field", 0.6, "GULTIG BIS", "AUSSTELLUNGSDATUM", "DOCUMENT NUMBER")
    + _kw("field", 0.3, "SEXE", "SIGNATURE")
)
#: Issuers printed on Japanese cards (公安委員会 issues every driving licence).
_ID_ISSUERS = _kw("issuer", 0.8, "公安委員会", "出入国在留管理庁") + _kw(
    "issuer", 0.4, "MINISTRY OF FOREIGN AFFAIRS", "外務大臣"
)

ID_KEYWORDS: tuple[Keyword, ...] = (
    _ID_TITLES_STRONG + _ID_TITLES_WEAK + _ID_FIELDS_JA + _ID_FIELDS_LATIN + _ID_ISSUERS
)

#: A Japanese era name, also with one of its two characters misread
#: (茹和 for 昭和): any kanji before 和 or after 平 still names an era when a
#: "N年M月D日" date follows.
_ERA_NAME = r"(?:昭和|平成|令和|大正|[\u4e00-\u9fff]和|平[\u4e00-\u9fff])"
_ERA = r"(?:" + _ERA_NAME + r"|S|H|R)"
_ERA_YMD = r"\s*(?:\d{1,2}|元)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
#: Where a Latin word starts and ends in a pattern. Not ``\b``: Tesseract reading Japanese and
#: English at once glues stray kana to Latin print ("ンEYE HAZ", "12A席"), and a kana is a word
#: character to ``\b``. Keywords stand as words the same way (``pii_scan.textmatch``).
_WB, _WE = r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])"


def latin_words(words: str) -> str:
    """A regex of Latin ``words`` (alternatives) standing as a word (``_WB``, ``_WE``)."""
    return _WB + f"(?:{words})" + _WE


#: Card structures that need no keyword: Japanese cards print the birth date as
#: "<era> N年M月D日生" and the validity as "...まで有効" — both rare outside cards.
ID_PATTERNS: tuple[StructurePattern, ...] = (
    StructurePattern(
        "era_birth_date",
        re.compile(_ERA + _ERA_YMD + r"\s*生"),
        "structure",
        0.8,
    ),
    # Any 和暦 (era-year) date: cards print issue and expiry dates so; so do
    # some forms and notices, hence a field-strength cue, not a structure.
    StructurePattern(
        "era_date",
        re.compile(_ERA_NAME + _ERA_YMD + r"(?!\s*生)"),  # "...日生" is era_birth_date
        "field",
        0.3,
    ),
    # The issuing state's name heads European ID cards and passports (REPUBLIQUE FRANCAISE,
    # BUNDESREPUBLIK DEUTSCHLAND). Forms and news print state names too: a field-strength cue.
    StructurePattern(
        "state_name",
        re.compile(
            latin_words(
                r"REPUBLI(?:C|QUE|EK|KA|CA|K)|REPUBBLICA|REPÚBLICA|BUNDESREPUBLIK|KONINKRIJK|KINGDOM OF|ROYAUME"
                r"|REINO DE|K[OÖ]NIGREICH|RZECZPOSPOLITA"
            )
        ),
        "field",
        0.4,
    ),
    StructurePattern("valid_until", re.compile(r"\d{1,2}\s*日\s*まで\s*有\s*効"), "structure", 0.6),
    # A Western-year birth date with the same "...日生" ("born on"): cards print
    # it, but so do resumes, so it counts as a field label, not a structure.
    StructurePattern(
        "birth_date_ja", re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*生"), "field", 0.5
    ),
    # A health-insurance card's holder as its insurer files them: 記号 1234 番号 56, on one line.
    # Claim forms ask for them too: a field-strength cue, which needs a card outline.
    StructurePattern(
        "insurance_symbol_number", re.compile(r"記号\s*:?\s*[0-9A-Z-]{1,10}\s*番号\s*:?\s*\d{1,10}"), "field", 0.6
    ),
    # Japanese driving licence number as printed: 第 123456789012 号.
    StructurePattern("licence_number_ja", re.compile(r"第\s*\d{12}\s*号"), "structure", 0.6),
    # Residence card number: 2 letters, 8 digits, 2 letters (AB12345678CD).
    StructurePattern(
        "residence_card_number", re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{8}[A-Z]{2}(?![A-Z0-9])"), "structure", 0.5
    ),
    # AAMVA (US/Canada) cards print coded values after short labels:
    # HGT 5'-10", EYES BRN, SEX F; codes from the AAMVA DL/ID standard.
    StructurePattern(
        "height_feet_inches", re.compile(_WB + r"HGT\s*[:.]?\s*[3-7]\s*'?\s*-?\s*(?:0?\d|1[01])\s*\"?"), "structure", 0.6
    ),
    StructurePattern(
        "eye_colour_code",
        re.compile(_WB + r"EYES?\s*[:.]?\s*(?:BRN|BLU|GRN|HAZ|BLK|GRY|HZL|MUL|MAR|PNK|DIC)(?![A-Z])"),
        "structure",
        0.6,
    ),
    # The EU model driving licence (UK's too) numbers its fields: 4a. issue and 4b. expiry dates.
    StructurePattern(
        "eu_licence_date", re.compile(r"(?<![0-9A-Za-z])4\s*[AB]\s*[.)]\s*\d{2}[./-]\d{2}[./-](?:19|20)\d\d(?!\d)"), "structure", 0.7
    ),
    # A UK licence number: 5 letters of the surname (9-padded), 6 birth digits, 2 initials, a digit, 2 letters.
    StructurePattern(
        "uk_licence_number", re.compile(r"(?<![A-Z0-9])[A-Z][A-Z9]{4}\d{6}[A-Z9]{2}\d[A-Z]{2}(?![A-Z0-9])"), "structure", 0.6
    ),
    StructurePattern(
        "labelled_birth_date",
        re.compile(_WB + r"DOB\s*[:.]?\s*\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d(?!\d)"),
        "structure",
        0.5,
    ),
)

# ---------------------------------------------------------------------------
# Tickets and reservations
# ---------------------------------------------------------------------------
# Families, and whether a ticket can rest on them (an "anchor"):
#   booking  (anchor)  words that name a booking record or a ticket as such
#   seat     (anchor)  an assigned seat (a pattern with a seat value)
#   code     (anchor)  a reservation code printed after its label
#   admission (anchor) "show this code at the gate": the screen itself is the ticket
#   passenger (anchor) an airline-style passenger name, SURNAME/GIVEN MR
#   order              order/receipt/inquiry numbers: shops and parcels print them too
#   travel             departure/arrival/boarding words, service names
#   time_pair, route, service_number   structure on the line
#   seat_class         seat classes and seat words without a value
#   ticket             generic words (チケット, Ticket, 予約, Reservation)
#   event              venue and admission words
# Only anchors say "this is somebody's booking"; the rest is shared with
# timetables, search forms, news and chats (see the ticket detector). A
# keyword's weight is its family's strength when it is the best cue found.

#: Families a ticket score can rest on.
TICKET_ANCHOR_FAMILIES = frozenset({"booking", "seat", "code", "admission", "passenger"})

#: Labels printed right before a reservation code; also booking anchors.
RESERVATION_LABELS: tuple[Keyword, ...] = _kw(
    "booking",
    1.0,
    "予約番号",
    "予約確認番号",
    "確認番号",
    "整理番号",  # concert/event admission order number
    "BOOKING REFERENCE",
    "BOOKING REF",
    "BOOKING CODE",
    "BOOKING NUMBER",
    "BOOKING NO",
    "BOOKING ID",
    "RESERVATION NUMBER",
    "RESERVATION CODE",
    "RESERVATION NO",
    "CONFIRMATION NUMBER",
    "CONFIRMATION CODE",
    "CONFIRMATION NO",
    "RECORD LOCATOR",
    "PNR",
    "TICKET NUMBER",
    "TICKET NO",
    "TICKET REFERENCE",
    "E-TICKET NUMBER",
    "チケット番号",
    "チケットID",
    # European rail and air bookings in their own languages (accents are stripped before matching)
    "BUCHUNGSNUMMER",
    "AUFTRAGSNUMMER",
    "AUFTRAG",
    "REFERENCE DE RESERVATION",
    "NUMERO DE RESERVATION",
    "REFERENCE DU DOSSIER",
    "CODICE PRENOTAZIONE",
    "CODICE DI PRENOTAZIONE",
    "CODIGO DE RESERVA",
    "LOCALIZADOR",
    "BOEKINGSNUMMER",
    "RESERVERINGSNUMMER",
)

#: Words naming a booking or a ticket as a document (not just the idea of one).
_TICKET_BOOKING = (
    _kw("booking", 0.9, "予約確認", "予約内容", "予約詳細", "予約完了", "搭乗券", "ボーディングパス")
    + _kw("booking", 0.9, "電子チケット", "QRチケット", "デジタルチケット", "モバイルチケット", "Eチケット")
    + _kw("booking", 0.9, "BOARDING PASS", "BOARDING CARD", "E-TICKET", "ETICKET", "ADMIT ONE", "MOBILE TICKET")
    + _kw("booking", 0.8, "CHECK-IN STATUS", "ORDER COMPLETED", "BOOKING CONFIRMED", "予約済")
    # "Purchased tickets": the user's own bought tickets (a shop's page says 購入する, "buy")
    + _kw("booking", 0.8, "購入済みきっぷ", "購入済きっぷ", "購入済みチケット", "購入済チケット")
    # The holder of a ticket and the ticket shown at the gate name the document itself.
    + _kw("booking", 0.8, "TICKET HOLDER", "乗車票", "搭乗用")
    # the same documents named in German, French, Italian, Spanish and Dutch
    + _kw("booking", 0.9, "ONLINE-TICKET", "HANDY-TICKET", "HANDYTICKET", "BORDKARTE", "E-BILLET")
    + _kw("booking", 0.9, "BILLET ELECTRONIQUE", "CARTE D'EMBARQUEMENT", "BIGLIETTO ELETTRONICO", "CARTA D'IMBARCO")
    + _kw("booking", 0.9, "BILLETE ELECTRONICO", "TARJETA DE EMBARQUE", "INSTAPKAART")
)
#: Order, receipt and inquiry numbers: on tickets and on shop orders and parcel
#: tracking alike (お問い合わせ番号 is the parcel tracking label), so no anchor.
_TICKET_ORDER = _kw(
    "order", 0.3, "購入番号", "受付番号", "申込番号", "注文番号", "お問い合わせ番号", "問合せ番号",
    "ORDER NUMBER", "ORDER NO", "ORDER ID",
)  # fmt: skip
#: Trip words: timetables and search forms have them too, so never enough alone.
_TICKET_TRAVEL = (
    _kw("travel", 0.5, "乗車日", "搭乗口", "搭乗時刻", "便名", "出発時刻", "到着時刻", "乗車駅", "降車駅")
    + _kw("travel", 0.5, "DEPARTURE TIME", "BOARDING TIME", "DEPARTURE", "ARRIVAL", "PASSENGER")
    + _kw("travel", 0.4, "出発", "到着", "発車", "乗車", "新幹線", "高速バス", "夜行バス", "番線", "のりば")
    + _kw("travel", 0.4, "DEPART", "ARRIVE", "FLIGHT", "PLATFORM", "TERMINAL")
    + _kw("travel", 0.4, "GATE", "BOARDING", "TRAIN", "検票口", "车次")
    + _kw("travel", 0.5, "乗車区間", "乗車場所", "降車場所", "搭乗開始", "搭乗者", "保安検査")
    # the train, flight and date of a booking as ticket apps label them
    + _kw("travel", 0.5, "列車名", "発車時刻", "搭乗日", "搭乗便", "乗車人数")
    + _kw("travel", 0.4, "出発日", "利用日")
    + _kw("travel", 0.4, "特急")
    # ferries: the sailing, boarding and landing
    + _kw("travel", 0.5, "乗船日", "乗船手続", "乗船場所", "乗船口")
    + _kw("travel", 0.4, "乗船", "下船", "出航", "出港", "入港", "SAILING")
    + _kw("travel", 0.5, "BOARDING GROUP", "BOARDING ZONE")
    # Named Shinkansen and limited-express services: on tickets and in news alike.
    + _kw("travel", 0.4, "のぞみ", "ひかり", "こだま", "はやぶさ", "はやて", "やまびこ", "なすの")
    + _kw("travel", 0.4, "つばさ", "こまち", "かがやき", "はくたか", "みずほ", "さくら", "つばめ")
    + _kw("travel", 0.4, "あさま", "たにがわ", "つるぎ", "かもめ")
    # departure, arrival, platform and traveller in German, French, Italian, Spanish and Dutch
    + _kw("travel", 0.4, "ABFAHRT", "ANKUNFT", "GLEIS", "ARRIVEE", "PARTENZA", "ARRIVO", "BINARIO")
    + _kw("travel", 0.4, "SALIDA", "LLEGADA", "VERTREK", "AANKOMST")
    + _kw("travel", 0.5, "REISENDE", "FAHRGAST", "VOYAGEUR", "PASSAGER", "PASSEGGERO", "VIAJERO", "PASAJERO")
    + _kw("travel", 0.5, "REIZIGER")
)
#: Seat classes and seat words without a seat value.
_TICKET_SEAT_CLASS = _kw(
    "seat_class", 0.4, "指定席", "自由席", "グリーン車", "グランクラス", "普通車", "座席", "二等座", "一等座", "商务座"
) + _kw(
    "seat_class", 0.3, "SEAT", "COACH", "CARRIAGE", "ROW", "ECONOMY", "BUSINESS CLASS", "FIRST CLASS",
    "PREMIUM ECONOMY", "WINDOW", "AISLE", "窓側", "通路側",
    # European rail: class, car and seat words without their values
    "KLASSE", "CLASSE", "WAGEN", "VOITURE", "CARROZZA", "SITZPLATZ", "PLATZ", "ASIENTO", "ZITPLAATS",
)  # fmt: skip
#: Generic ticket/booking words: a chat or a shop page says these too.
_TICKET_GENERIC = _kw(
    "ticket", 0.3, "チケット", "乗車券", "特急券", "指定券", "きっぷ", "切符", "予約", "発券",
    "乗船券", "入場券", "入館券", "入園券", "観覧券",
    "TICKET", "RESERVATION", "BOOKING", "CONFIRMATION", "券種", "枚数", "TICKET TYPE",
    "FAHRKARTE", "FAHRSCHEIN", "BIGLIETTO", "BILLETE", "RESERVIERUNG", "PRENOTAZIONE",
)  # fmt: skip
#: Fare products printed as a rail ticket's title (UK and European rail).
_TICKET_FARES = _kw(
    "ticket", 0.3, "ADVANCE SINGLE", "ADVANCE RETURN", "OFF-PEAK SINGLE", "OFF-PEAK RETURN", "OFF-PEAK DAY RETURN",
    "SUPER OFF-PEAK", "ANYTIME SINGLE", "ANYTIME RETURN", "ANYTIME DAY RETURN", "SEASON TICKET", "FLEXPREIS",
    "SPARPREIS", "SUPER SPARPREIS",
)  # fmt: skip
#: A travel app's "my trips" page lists bookings, but the same words sit in
#: its tab bar on every screen, so they are no anchor.
_TICKET_MY_TRIPS = _kw("ticket", 0.4, "MY TRIPS", "MY BOOKINGS", "MY TICKETS", "予約一覧", "我的行程", "我的订单")
#: Event admission words.
_TICKET_EVENT = _kw(
    "event", 0.3, "公演日", "開場", "開演", "会場", "入場", "入場口", "VENUE", "DOORS OPEN", "ENTRANCE",
    "公演名", "開催日", "入場ゲート",
    "ADD TO CALENDAR", "STARTS AT", "CHECKED IN", "ADMISSION", "GENERAL ADMISSION",
    # cinemas
    "上映", "劇場", "映画館", "シネマ", "CINEMA", "SHOWTIME", "SCREENING",
)  # fmt: skip

TICKET_KEYWORDS: tuple[Keyword, ...] = (
    RESERVATION_LABELS
    + _TICKET_BOOKING
    + _TICKET_TRAVEL
    + _TICKET_SEAT_CLASS
    + _TICKET_GENERIC
    + _TICKET_FARES
    + _TICKET_MY_TRIPS
    + _TICKET_EVENT
    + _TICKET_ORDER
)

# Structure patterns. Lines are normalised first (see module docstring).
_TIME = r"(?<![\d:])(?:[01]?\d|2[0-9])[:](?:[0-5]\d)(?![\d:])"
_CJK_NAME = r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff々]"
_SHINKANSEN = "のぞみ|ひかり|こだま|はやぶさ|はやて|やまびこ|なすの|つばさ|こまち|かがやき|はくたか|みずほ|さくら|つばめ|あさま|たにがわ|つるぎ|かもめ"
#: Airline designators of carriers common in Japan and worldwide. A two-letter
#: code plus digits is too common in text to accept every pair.
_AIRLINES = (
    "NH|JL|BC|MM|GK|JW|7G|6J|HD|NU|IJ|FW|UA|AA|DL|BA|AF|LH|KL|CX|SQ|KE|OZ|CI|BR|TG|QF|EK|QR|TK|AC|CA|MU|CZ|"
    "VN|PR|5J|VJ|7C|TW|LJ|ZE|HX|UO|AK|D7|TR|JQ|NZ|EY|LX|OS|AY|IB|AZ|SK|HA|AS|B6|WN|F9|NK"
)

#: Stations and airports that Japanese rail, bus and flight bookings name as
#: their ends: every Shinkansen station, the main limited-express and
#: highway-bus termini, and the domestic airports (as tickets print them).
#: A thumbnail's route row loses its arrow glyph to OCR ("大宮に新潟"), so
#: two known names on one row stand in for it.
JP_STATIONS: frozenset[str] = frozenset(
    """
    東京 品川 新横浜 小田原 熱海 三島 新富士 静岡 掛川 浜松 豊橋 三河安城 名古屋 岐阜羽島 米原 京都
    新大阪 新神戸 西明石 姫路 相生 岡山 新倉敷 福山 新尾道 三原 東広島 広島 新岩国 徳山 新山口 厚狭
    新下関 小倉 博多 新鳥栖 久留米 筑後船小屋 新大牟田 新玉名 熊本 新八代 新水俣 出水 川内 鹿児島中央
    武雄温泉 嬉野温泉 新大村 諫早 長崎 上野 大宮 小山 宇都宮 那須塩原 新白河 郡山 福島 白石蔵王 仙台
    古川 くりこま高原 一ノ関 水沢江刺 北上 新花巻 盛岡 いわて沼宮内 二戸 八戸 七戸十和田 新青森
    奥津軽いまべつ 木古内 新函館北斗 米沢 高畠 赤湯 かみのやま温泉 山形 天童 さくらんぼ東根 村山
    大石田 新庄 雫石 田沢湖 角館 大曲 秋田 熊谷 本庄早稲田 高崎 上毛高原 越後湯沢 浦佐 長岡 燕三条
    新潟 安中榛名 軽井沢 佐久平 上田 長野 飯山 上越妙高 糸魚川 黒部宇奈月温泉 富山 新高岡 金沢 小松
    加賀温泉 芦原温泉 福井 越前たけふ 敦賀 新宿 渋谷 池袋 横浜 千葉 大阪 梅田 難波 三ノ宮 天王寺 奈良
    和歌山 白浜 松本 甲府 河口湖 伊東 伊豆急下田 修善寺 日光 鬼怒川温泉 水戸 いわき 高山 富士 札幌
    函館 旭川 釧路 帯広 松山 高松 徳島 高知 松江 出雲市 鳥取 米子 宮崎 大分 別府 佐賀 那覇 成田空港
    羽田空港 関西空港 中部国際空港 羽田 成田 伊丹 関西 中部 新千歳 福岡 石垣 宮古 青森 バスタ新宿
    """.split()
)

#: Three-letter upper-case words that are not airport codes.
IATA_STOPWORDS = frozenset(
    "THE AND FOR YOU ARE NOT ALL NEW OUT OFF ONE TWO TEN GMT UTC JST IST PST EST CET USD JPY EUR GBP "
    "AM PM MON TUE WED THU FRI SAT SUN JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC ADD NOW "
    "YES VIA APP MIN MAX TAX FEE".split()
)

#: "Nr.", "No.", "N°" or ":" between a European car or seat word and its number; a seat number.
_EU_NO = r"\s*(?:NR\.?|NO\.?|N°|:)?\s*"
_EU_SEAT = _EU_NO + r"\d{1,3}[A-K]?" + _WE

TICKET_PATTERNS: tuple[StructurePattern, ...] = (
    # 10:00 → 12:30, 10:00発 12:30着, 10:00 - 12:30, "08:15 “ 15:40" (OCR noise between).
    StructurePattern(
        "time_pair",
        re.compile(_TIME + r"\s*(?:発|DEP\.?)?[^\d]{1,8}?" + _TIME),
        "time_pair",
        0.6,
    ),
    # 東京 → 新大阪, 東京~新大阪 (wave dash), 東京ー>新大阪
    StructurePattern(
        "station_pair",
        re.compile(
            rf"({_CJK_NAME}{{2,10}})\s*(?:→|->|-+>|=>|ー>|~|⇒)\s*({_CJK_NAME}{{2,10}})"
        ),
        "route",
        0.5,
    ),
    # Tokyo → Shin-Osaka (a real arrow only: a dash joins too many word pairs)
    StructurePattern(
        "city_pair",
        re.compile(_WB + r"([A-Z][A-Za-z.'\-]{2,20})\s*(?:→|->|=>)\s*([A-Z][A-Za-z.'\-]{2,20})" + _WE),
        "route",
        0.5,
        cased=True,
    ),
    # HND → CTS, NRT - LAX, "NYC O >= O LDN" (an arrow glyph read as junk);
    # the separator must hold an arrow-like character; codes checked against IATA_STOPWORDS.
    StructurePattern(
        "airport_pair",
        re.compile(
            _WB + r"([A-Z]{3})" + _WE + r"((?:[^A-Za-z0-9]|" + latin_words("[Oo0]") + r"){1,10}?)" + _WB + r"([A-Z]{3})" + _WE
        ),
        "route",
        0.5,
        cased=True,
    ),
    # のぞみ 21号, あずさ5号, サンダーバード 8号 (not 7号車, 3号線, 2号機, 101号室, 1号館)
    StructurePattern(
        "train_number",
        re.compile(
            rf"(?:{_SHINKANSEN}|[\u30a1-\u30fa\u30fc]{{3,10}}|[\u3041-\u3096]{{3,6}})\s*(\d{{1,4}})\s*号(?![車線機室館])"
        ),
        "service_number",
        0.6,
    ),
    # NH 123, JL123, Flight NH 123, 便名 NH123
    StructurePattern(
        "flight_number",
        re.compile(rf"(?<![A-Za-z0-9])(?:{_AIRLINES})\s?(?!(?:19|20)\d\d(?![A-Za-z0-9]))\d{{2,4}}(?![\d:])"),
        "service_number",
        0.6,
        cased=True,
    ),
    StructurePattern(
        "labelled_flight",
        re.compile(r"(?:FLIGHT|FLT|便名)\s*(?:NO\.?|#|:)?\s*[A-Z0-9]{2}\s?\d{1,4}" + _WE),
        "service_number",
        0.6,
    ),
    # 7号車 12A, 7号車 12番A席, 12番A席, 12A席
    StructurePattern(
        "car_seat",
        re.compile(r"\d{1,2}\s*号車\s*\d{1,3}\s*(?:番\s*)?[A-E](?![A-Z])\s*(?:席)?"),
        "seat",
        0.8,
    ),
    # 12番A席, 12A席, 座席 23C, 座席番号: 12番; and 12番A without 席, as train seats are
    # often shown ("番" then a seat letter: addresses and platforms put a digit or の after 番)
    StructurePattern(
        "seat_ja",
        re.compile(
            r"\d{1,3}\s*番\s*[A-E]\s*席|\d{1,2}\s*番\s*[A-E](?![A-Z0-9])|\d{1,3}[A-E]\s*席|座席\s*(?:番号)?\s*:?\s*(?:\d{1,3}\s?[A-K]|\d{1,3}\s*番)(?![A-Z0-9])"
        ),
        "seat",
        0.8,
    ),
    # A Chinese rail seat: 15车厢05F号 (car 15, seat 05F), and a seat number read whole before its
    # class when OCR (without a Chinese model) loses 车厢: "05C号二等座". A timetable shows the
    # classes and fares, never a seat number.
    StructurePattern(
        "seat_zh",
        re.compile(
            r"\d{1,2}\s*(?:车厢|車廂|车|車)\s*\d{1,3}\s*[A-F]\s*号|\d{1,3}\s*[A-F]\s*号\s*(?:[一二]等座|商务座|特等座)"
        ),
        "seat",
        0.8,
    ),
    # Event seat: 3列 15番, A列 12番
    StructurePattern("row_number_ja", re.compile(r"[A-Z0-9]{1,3}\s*列\s*\d{1,3}\s*番"), "seat", 0.8),
    # Seat 23C, Seat: 12A, Seat No. 7, Car 7 Seat 12A, Row 12 Seat C
    StructurePattern(
        "seat_en",
        re.compile(_WB + r"SEAT\s*(?:NO\.?|NUMBER|#|:)?\s*(?:\d{1,3}\s?[A-K]|[A-K]\s?\d{1,3}|\d{1,3})" + _WE),
        "seat",
        0.8,
    ),
    # A European train seat as its car and seat: Wagen 7, Platz 45 / Voiture 12 Place 34 /
    # Carrozza 5 Posto 12A / Coche 4 Plaza 7A / Rijtuig 3 Plaats 61; and a German or Spanish
    # seat label with its number. A street (Potsdamer Platz 1) has no car before it.
    StructurePattern(
        "seat_eu",
        re.compile(
            _WB + "(?:WAGEN|VOITURE|CARROZZA|COCHE|RIJTUIG)" + _EU_NO + r"\d{1,3}[A-Z]?\W{0,3}"
            + "(?:SITZPLATZ|PLATZE?|PLACES?|POST[OI]|PLAZAS?|ASIENTOS?|ZITPLAATS|PLAATS)" + _EU_SEAT
            + "|" + _WB + "(?:SITZPLATZ|ASIENTO)" + _EU_SEAT
        ),
        "seat",
        0.8,
    ),
    # 7号車 alone, Car 7, Coach 7, Row 12: a place on a train or a row, no seat yet
    StructurePattern(
        "car_or_row",
        re.compile(
            r"\d{1,2}\s*号車"
            r"|" + _WB + r"(?:CAR|COACH|CARRIAGE|ROW|WAGEN|VOITURE|CARROZZA|COCHE|RIJTUIG)\s*(?:NO\.?|#|:)?\s*\d{1,3}" + _WE
        ),
        "seat_class",
        0.3,
    ),
    StructurePattern("ticket_n_of_m", re.compile(_WB + r"TICKET\s+\d{1,2}\s+OF\s+\d{1,2}" + _WE), "booking", 0.9),
    # Cinema and stadium seats: 座席 F-14, Seat L-18, スクリーン2 A-13 (screen, then row-seat)
    StructurePattern(
        "seat_row_dash",
        re.compile(
            r"(?:座席|SEAT|(?:スクリーン|SCREEN|シアター|THEATER|THEATRE)\s*\d{1,2})\s*(?:NO\.?|番号|#|:)?\s*"
            r"[A-Z]{1,2}\s?-\s?\d{1,3}(?![\d:])"
        ),
        "seat",
        0.8,
    ),
    # スクリーン 4, Screen 8, Theater 3: the auditorium of a cinema ("スクリーンタイム" has no number)
    StructurePattern(
        "screen_number", re.compile(r"(?:スクリーン|SCREEN|シアター|THEATER|THEATRE)\s*\d{1,2}(?![\d:])"), "event", 0.4
    ),
    # Doors 17:05, Doors open: 18:00, 開場 18:00
    StructurePattern(
        "doors_time", re.compile(r"(?:" + latin_words("DOORS?") + r"(?:\s*OPEN)?|開場)\s*[:-]?\s*" + _TIME), "event", 0.5
    ),
    # TANAKA/MAKOTO MR: the passenger name as airline systems print it (PNR/BCBP form)
    StructurePattern(
        "passenger_name",
        re.compile(_WB + r"[A-Z]{2,}\s?/\s?[A-Z]{2,}(?:\s[A-Z]{2,})?\s+" + latin_words("MR|MS|MRS|MISS|MSTR")),
        "passenger",
        0.8,
        cased=True,
    ),
    # "See 1 ticket(s)", "View 2 tickets": a list of the user's own tickets ("See tickets"
    # without a count is a ticket shop's buy button)
    StructurePattern("own_tickets", re.compile(_WB + r"(?:SEE|VIEW|SHOW)\s+\d{1,2}\s+TICKETS?" + _WE), "booking", 0.8),
    # Boarding-pass check-in sequence number: SEQ 012, Seq. No. 286. Given to one passenger at
    # check-in, as a seat is: an anchor (a flight's status page or a timetable has none)
    StructurePattern("boarding_sequence", re.compile(_WB + r"SEQ(?:UENCE)?\.?\s*(?:NO\.?)?\s*\d{1,4}" + _WE), "seat", 0.7),
)

# OCR drops the 改 of 改札機 and reads QR as OR ("札機のOR読取部にかざしてください")
_GATE_JA = "(?:入場|入園|入館|入口|乗車|乗船|搭乗|改札|札機|ゲート)"
_CODE_JA = "(?:[QO]R|二次元|2次元|バーコード|コード|画面|チケット|乗車券|本券|スマートフォン|スマホ)"
_SHOW_JA = "(?:提示|かざ|見せ|読み?取)"
_GATE_EN = latin_words("ENTRANCE|ENTRY|GATE|DOORS?|TURNSTILE|BARRIER|CONDUCTOR|INSPECTOR|USHER|BOARDING")
_SHOW_EN = latin_words("SHOW|SCAN|PRESENT")
_MACHINE_JA = "(?:券売機|発券機|受取機)"
_TICKETS_JA = "(?:きっぷ|切符|乗車券|特急券|チケット)"
#: "Show this code at the entrance", "入場時にQRコードをご提示ください",
#: "QRコードを改札機にかざして": the screen is what is shown at a gate, so it is
#: the ticket. A payment code is shown too, but to a cashier, not at a gate.
#: Matched on a line joined with the next one (narrow screens wrap these).
TICKET_ADMISSION_PATTERNS: tuple[StructurePattern, ...] = (
    StructurePattern(
        "show_at_gate_ja",
        re.compile(
            f"{_GATE_JA}[^。]{{0,20}}?{_CODE_JA}[^。]{{0,20}}?{_SHOW_JA}"
            f"|{_CODE_JA}[^。]{{0,20}}?{_GATE_JA}[^。]{{0,20}}?{_SHOW_JA}"
        ),
        "admission",
        0.8,
    ),
    StructurePattern(
        "show_at_gate_en",
        re.compile(f"{_SHOW_EN}[^.]{{0,40}}?{_GATE_EN}|{_GATE_EN}[^.]{{0,30}}?{_SHOW_EN}"),
        "admission",
        0.8,
    ),
    # "指定席券売機の読取部にかざすと、きっぷを受け取れます", "受取用QRコード", "Collect your tickets
    # from the ticket machine": this screen's code fetches the user's booked tickets from a machine
    StructurePattern(
        "collect_at_machine_ja",
        re.compile(
            f"{_MACHINE_JA}[^。]{{0,20}}?{_SHOW_JA}[^。]{{0,20}}?{_TICKETS_JA}を?受け?取"
            "|受け?取り?用の?(?:QR|二次元|2次元)コード"
        ),
        "admission",
        0.8,
    ),
    StructurePattern(
        "collect_at_machine_en",
        re.compile(
            latin_words("COLLECT|PICK UP") + r"[^.]{0,30}?" + latin_words("TICKETS?") + r"[^.]{0,30}?" + _WB + "(?:MACHINE|KIOSK)"
            + "|" + latin_words("TICKET (?:MACHINE|KIOSK)S?") + r"[^.]{0,40}?" + latin_words("COLLECT|PICK UP")
        ),
        "admission",
        0.8,
    ),
)

#: A reservation code after its label: letters and digits, 5 to 17 long.
RESERVATION_CODE = re.compile(r"(?<![A-Z0-9])[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){4,16}(?![A-Z0-9])")


# ---------------------------------------------------------------------------
# Business cards (counter-evidence: what a card with a photo is when not an ID)
# ---------------------------------------------------------------------------
# Families: "phone" (a labelled phone or fax number), "email", "web" and
# "company" (a legal form), "job_title". IDs print none of the contact ones;
# an employer's name (a health-insurance card) or a title can appear on them.
_PHONE_LABEL = r"(?:" + latin_words("TEL(?:EPHONE)?|FAX|PHONE|MOBILE|MOB|CELL") + r"|電話|携帯|直通)"
BUSINESS_CARD_PATTERNS: tuple[StructurePattern, ...] = (
    StructurePattern("labelled_phone", re.compile(_PHONE_LABEL + r"\s*[.:：]?\s*\+?\(?\d[\d\s().-]{6,}\d"), "phone", 0.45),
    StructurePattern("email", re.compile(r"[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}"), "email", 0.45),
    StructurePattern("web_address", re.compile(_WB + r"(?:WWW\.[A-Z0-9-]+\.[A-Z]{2,}|HTTPS?://[A-Z0-9-]+\.[A-Z])"), "web", 0.45),
    StructurePattern(
        "company_form",
        re.compile(
            r"株式会社|有限会社|合同会社|[(（]株[)）]|"
            + latin_words(r"CO\.?,?\s*LTD|CORP(?:ORATION)?|LLC|GMBH")
            + "|" + _WB + r"INC\.?(?![A-Z])"
        ),
        "company",
        0.45,
    ),
    StructurePattern(
        "job_title",
        re.compile(
            r"代表取締役|取締役|部長|課長|係長|主任|室長|支店長|社長|"
            + latin_words("MANAGER|DIRECTOR|ENGINEER|DESIGNER|CONSULTANT|PRESIDENT|CEO|CTO|COO|SALES|ARCHITECT")
        ),
        "job_title",
        0.45,
    ),
)
#: The families a business card has and an identity document does not.
CONTACT_FAMILIES = frozenset({"phone", "email", "web"})

# ---------------------------------------------------------------------------
# Payment cards (counter-evidence: what a card with a chip or hologram is when not an ID)
# ---------------------------------------------------------------------------
# Families: "network" (the card network's wordmark: what every payment card prints and no
# identity document does), "validity" (the month/year validity's label), "card_kind".
PAYMENT_CARD_PATTERNS: tuple[StructurePattern, ...] = (
    StructurePattern(
        "card_network",
        re.compile(
            latin_words(r"VISA|MASTERCARD|MASTER\s?CARD|JCB|AMERICAN\s?EXPRESS|AMEX|DINERS\s?CLUB|UNIONPAY|MAESTRO")
            + r"|銀聯"
        ),
        "network",
        0.7,
    ),
    StructurePattern("valid_thru", re.compile(latin_words(r"VALID\s?THRU|GOOD\s?THRU|VALID\s?FROM|MONTH\s?/\s?YEAR")), "validity", 0.3),
    StructurePattern(
        "card_kind",
        re.compile(latin_words(r"DEBIT|CREDIT\s?CARD|PREPAID") + r"|クレジットカード|デビットカード|プリペイドカード"),
        "card_kind",
        0.3,
    ),
)
