"""Flat renderings of fake identity documents (label ``id_card``).

Every kind is drawn at a realistic resolution (ID-1 cards 1012x638, about
300 dpi; the passport data page 1250x880) with its usual fields, and varies
per instance: palette, security pattern, fonts, field offsets, portrait side
and crop, date styles. The held-out variant draws from palettes, patterns,
fonts and layout options the main variant never uses.

``render_card(kind, rng, heldout=...)`` returns an RGBA image (transparent
rounded corners) and a metadata dict with the planted values (``fields``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from pii_scan.checksums import icao_check_digit, make_my_number
from pii_scan.synth.common import (
    FontPool,
    Person,
    draw_barcode,
    draw_signature,
    draw_text,
    fake_date,
    fake_person,
    fit_font,
    font_pool,
    format_date,
    guilloche,
    qr_image,
    random_digits,
    rounded_card,
    wareki,
)
from pii_scan.synth.portraits import portrait

__all__ = ["CARD_KINDS", "mrz_td1", "mrz_td3", "render_card"]

ID1 = (1012, 638)
TD3_PAGE = (1250, 880)
_TODAY = dt.date(2025, 6, 1)  # fixed so that output never depends on the clock


# --------------------------------------------------------------------------- MRZ


def _mrz_name(surname: str, given: str, length: int) -> str:
    name = surname.replace(" ", "<").replace("-", "<") + "<<" + given.replace(" ", "<").replace("-", "<")
    return (name + "<" * length)[:length]


def _yymmdd(d: dt.date) -> str:
    return d.strftime("%y%m%d")


def mrz_td3(*, country: str, surname: str, given: str, number: str, nationality: str,
            birth: dt.date, sex: str, expiry: dt.date, personal: str = "", doc_type: str = "P<") -> tuple[str, str]:
    """The two 44-character lines of a passport (TD3) MRZ with valid check digits."""
    line1 = (doc_type + country + _mrz_name(surname, given, 39))[:44]
    num = (number + "<" * 9)[:9]
    pers = (personal + "<" * 14)[:14]
    pers_check = icao_check_digit(pers)
    body = (num + icao_check_digit(num) + nationality + _yymmdd(birth) + icao_check_digit(_yymmdd(birth))
            + sex + _yymmdd(expiry) + icao_check_digit(_yymmdd(expiry)) + pers + pers_check)
    composite = body[0:10] + body[13:20] + body[21:43]
    return line1, body + icao_check_digit(composite)


def mrz_td1(*, country: str, number: str, birth: dt.date, sex: str, expiry: dt.date, nationality: str,
            surname: str, given: str, optional1: str = "", optional2: str = "",
            doc_type: str = "ID") -> tuple[str, str, str]:
    """The three 30-character lines of an ID-card (TD1) MRZ with valid check digits."""
    num = (number + "<" * 9)[:9]
    line1 = doc_type + country + num + icao_check_digit(num) + (optional1 + "<" * 15)[:15]
    line2 = (_yymmdd(birth) + icao_check_digit(_yymmdd(birth)) + sex + _yymmdd(expiry)
             + icao_check_digit(_yymmdd(expiry)) + nationality + (optional2 + "<" * 11)[:11])
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    line2 += icao_check_digit(composite)
    return line1, line2, _mrz_name(surname, given, 30)


# --------------------------------------------------------------------------- canvas


@dataclass
class _Canvas:
    """A card being drawn: image, fonts, jitter and the values planted so far."""

    size: tuple[int, int]
    rng: random.Random
    heldout: bool
    base: tuple[int, int, int]
    ink: tuple[int, int, int] = (25, 25, 30)
    jitter: float = 6.0
    fields: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.pool: FontPool = font_pool(self.heldout, self.rng)
        self.img = Image.new("RGB", self.size, self.base)
        self.draw = ImageDraw.Draw(self.img)
        self.w, self.h = self.size
        self.dx = self.rng.uniform(-self.jitter, self.jitter)
        self.dy = self.rng.uniform(-self.jitter, self.jitter)
        self.label_style = self.rng.choice(("sans", "serif"))

    def j(self, v: float) -> float:
        """A coordinate with this card's shift plus a little per-field wobble."""
        return v + self.rng.uniform(-self.jitter / 3, self.jitter / 3)

    def font(self, size: float, style: str = "sans", bold: bool = False) -> ImageFont.FreeTypeFont:
        return self.pool.font(int(size), style=style, bold=bold)

    def text(self, x: float, y: float, s: str, size: float, *, style: str = "sans", bold: bool = False,
             fill: tuple[int, int, int] | None = None, max_w: float | None = None, anchor: str = "la",
             spacing: float = 0.0) -> float:
        if style in ("mono", "latin_sans", "latin_serif") and not _is_ascii(s):
            style = "sans"  # these families may lack Japanese glyphs
        fnt = self.font(size, style, bold)
        if max_w is not None:
            fnt = fit_font(s, int(max_w), int(size), self.pool, style=style, bold=bold)
        return draw_text(self.draw, (self.j(x + self.dx), self.j(y + self.dy)), s, fnt, fill or self.ink,
                         anchor=anchor, spacing=spacing, bold=bold and fnt.getname()[1].lower() != "bold")

    def label(self, x: float, y: float, s: str, size: float, fill: tuple[int, int, int] | None = None) -> float:
        return self.text(x, y, s, size, style=self.label_style, fill=fill or _muted(self.ink))

    def photo(self, x: float, y: float, w: int, h: int, *, grayscale: bool = False, ghost: bool = False) -> None:
        face = portrait(self.rng, (w, h), heldout=self.heldout, grayscale=grayscale or ghost)
        if ghost:
            face = Image.blend(Image.new("RGB", face.size, self.base), face, 0.35)
        self.img.paste(face, (int(x + self.dx), int(y + self.dy)))

    def pattern(self, colour: tuple[int, int, int], alpha: float = 0.3) -> None:
        kinds = ("rosette", "mesh") if self.heldout else ("waves", "waves", "rosette")
        guilloche(self.img, self.rng, colour, kind=self.rng.choice(kinds), alpha=alpha,
                  density=self.rng.randint(10, 18))
        self.draw = ImageDraw.Draw(self.img)

    def band(self, box: tuple[float, float, float, float], colour: tuple[int, int, int]) -> None:
        self.draw.rectangle(tuple(int(v) for v in box), fill=colour)  # type: ignore[arg-type]

    def finish(self, radius: int = 36) -> Image.Image:
        return rounded_card(self.img, radius)


def _is_ascii(s: str) -> bool:
    return all(ord(c) < 128 for c in s)


def _muted(ink: tuple[int, int, int]) -> tuple[int, int, int]:
    return tuple(min(255, int(c * 0.5 + 90)) for c in ink)  # type: ignore[return-value]


def _pastel(rng: random.Random, heldout: bool) -> tuple[int, int, int]:
    main = ((246, 240, 232), (236, 244, 238), (240, 242, 250), (250, 238, 240), (244, 246, 236))
    held = ((232, 240, 248), (252, 246, 222), (238, 232, 246), (226, 240, 236))
    r, g, b = rng.choice(held if heldout else main)
    d = rng.randint(-6, 6)
    return (r + d, g + d, b + d)


def _date_in(rng: random.Random, years_back: float, years_fwd: float) -> dt.date:
    return fake_date(rng, _TODAY - dt.timedelta(days=int(365 * years_back)),
                     _TODAY + dt.timedelta(days=int(365 * years_fwd)))


def _seal(c: _Canvas, x: float, y: float, size: int, chars: str) -> None:
    red = (200, 40, 40)
    c.draw.rectangle((x, y, x + size, y + size), outline=red, width=max(2, size // 16))
    half = size // 2
    fnt = c.font(size * 0.36, "serif", True)
    for i, ch in enumerate(chars[:4]):
        cx = x + size - (i // 2 + 0.5) * half
        cy = y + (i % 2 + 0.5) * half
        c.draw.text((cx, cy), ch, font=fnt, fill=red, anchor="mm")


# --------------------------------------------------------------------------- kinds


def _jp_driver_licence(rng: random.Random, heldout: bool) -> _Canvas:
    c = _Canvas(ID1, rng, heldout, _pastel(rng, heldout))
    p = fake_person(rng)
    c.pattern(rng.choice(((170, 200, 170), (200, 170, 190), (160, 180, 210))), 0.22)
    colour_name, band_colour = rng.choice((("green", (70, 160, 90)), ("blue", (60, 110, 190)), ("gold", (200, 160, 50))))
    number = random_digits(rng, 12, first_nonzero=True)
    issue = _date_in(rng, 4, 0)
    expiry = dt.date(issue.year + rng.choice((3, 5)), p.birth.month, min(p.birth.day, 28)) + dt.timedelta(days=30)
    photo_right = not heldout or rng.random() < 0.3
    px = 700 if photo_right else 40
    tx = 40 if photo_right else 330
    c.photo(px, 150, 270, 340)
    s = rng.uniform(0.95, 1.08)
    y = 38
    c.label(tx, y + 4, "氏名", 26 * s)
    c.text(tx + 80, y - 4, p.name, 40 * s, bold=True)
    birth = wareki(p.birth) + "生" if rng.random() < 0.8 else format_date(p.birth, "ymd_jp") + "生"
    c.text(tx + 395 if photo_right else tx + 330, y + 4, birth, 24 * s, max_w=260)
    y += 70
    c.label(tx, y, "住所", 26 * s)
    c.text(tx + 80, y - 2, p.address, 28 * s, max_w=(px - 20 - tx - 80) if photo_right else 960 - tx - 80)
    y += 58
    c.label(tx, y, "交付", 26 * s)
    c.text(tx + 80, y - 2, f"{wareki(issue)}  {random_digits(rng, 5)}", 26 * s)
    y += 56
    c.band((tx - 10 + c.dx, y - 6 + c.dy, (px - 20) if photo_right else 985, y + 52 + c.dy), band_colour)
    c.text(tx + 10, y, f"{wareki(expiry)}まで有効", 34 * s, bold=True, fill=(255, 255, 255))
    y += 76
    c.label(tx, y, "免許の条件等", 22 * s)
    c.text(tx + 170, y - 4, rng.choice(("眼鏡等", "", "中型車は中型車(8t)に限る", "AT車に限る")), 26 * s)
    y += 62
    c.text(tx, y, "番号", 26 * s)
    c.text(tx + 80, y - 8, f"第 {number} 号", 40 * s, style=rng.choice(("sans", "mono")), bold=True)
    y += 66
    grid = ("二・小・原", "他", "二種")
    for i, g in enumerate(grid):
        c.label(tx + i * 150, y, g, 20 * s)
        c.text(tx + i * 150, y + 26, wareki(_date_in(rng, 20, -5), short=True), 18 * s)
    y2 = 570
    kinds = ("大型", "中型", "準中型", "普通", "大特", "大自二", "普自二", "小特", "原付")
    for i, k in enumerate(kinds):
        c.draw.rectangle((40 + i * 64, y2 - 4, 40 + i * 64 + 62, y2 + 34), outline=(90, 90, 90), width=1)
        if rng.random() < 0.35 or k == "普通":
            c.text(44 + i * 64, y2 + 2, k, 18)
    c.text(720 if photo_right else 640, 505, "運転免許証", 44 * s, bold=True, style=rng.choice(("sans", "serif")))
    auth = f"{p.prefecture}公安委員会"
    c.text(680 if photo_right else 620, 570, auth, 24)
    _seal(c, 935 if photo_right else 900, 540, 60, "公安委員")
    c.fields.update(number=number, name=p.name, birth=p.birth.isoformat(), band=colour_name)
    return c


def _mynumber_front(rng: random.Random, heldout: bool) -> _Canvas:
    c = _Canvas(ID1, rng, heldout, (250, 247, 248) if not heldout else (246, 250, 250))
    p = fake_person(rng)
    c.pattern((235, 170, 190) if not heldout else (150, 200, 210), 0.25)
    c.text(40, 28, "個人番号カード", 34, bold=True)
    c.text(340, 38, "Individual Number Card", 20, style="latin_sans", fill=(120, 120, 130))
    y = 110
    c.label(40, y, "氏名", 24)
    c.text(130, y - 8, p.name, 42, bold=True)
    y += 78
    c.label(40, y, "住所", 24)
    c.text(130, y - 2, p.address, 28, max_w=520)
    y += 100
    style = rng.choice(("wareki", "ymd_jp"))
    c.text(40, y, f"{format_date(p.birth, style)}生", 26)
    c.text(400, y, "性別  " + ("男" if p.sex == "M" else "女"), 26)
    expiry = _date_in(rng, -1, 9)
    y += 56
    c.band((30 + c.dx, y - 6 + c.dy, 650, y + 44 + c.dy), (255, 255, 255))
    c.text(40, y, f"{expiry.year}年{expiry.month:2d}月{expiry.day:2d}日まで有効", 28, fill=(30, 30, 30))
    c.text(40, y + 62, f"電子証明書の有効期限 {expiry.year}年{expiry.month}月{expiry.day}日", 20, fill=(90, 90, 90))
    c.photo(690, 110, 270, 340)
    c.text(700, 470, rng.choice(("千代田区長", "横浜市長", "大阪市長", "札幌市長", "福岡市長")), 24)
    c.text(40, 560, "臓器提供意思  1. 2. 3.", 18, fill=(120, 120, 120))
    c.fields.update(name=p.name, birth=p.birth.isoformat())
    return c


def _mynumber_back(rng: random.Random, heldout: bool) -> _Canvas:
    c = _Canvas(ID1, rng, heldout, (252, 250, 250) if not heldout else (244, 248, 252))
    p = fake_person(rng)
    c.pattern((230, 180, 200) if not heldout else (160, 190, 220), 0.18)
    number = make_my_number(rng)
    grouped = " ".join(number[i : i + 4] for i in range(0, 12, 4))
    c.label(40, 40, "個人番号", 28)
    c.text(210, 22, grouped, 64, style=rng.choice(("sans", "mono", "latin_sans")), bold=True)
    y = 150
    c.label(40, y, "氏名", 24)
    c.text(130, y - 6, p.name, 36)
    c.label(40, y + 70, "生年月日", 24)
    c.text(180, y + 66, format_date(p.birth, rng.choice(("wareki", "ymd_jp"))) + "生", 28)
    chip = (70, 330, 230, 450) if not heldout else (760, 120, 920, 240)
    c.draw.rounded_rectangle(chip, radius=14, fill=(212, 178, 90), outline=(150, 120, 50), width=3)
    for k in range(1, 4):
        c.draw.line((chip[0] + k * 40, chip[1], chip[0] + k * 40, chip[3]), fill=(150, 120, 50), width=2)
    qr = qr_image(number, 6)  # the real card's QR code holds the 12 digits alone
    random_digits(rng, 20)  # what the code once held after them: later draws, and so the set, stay as they were
    c.img.paste(qr, (760, 330) if not heldout else (80, 330))
    c.text(300, 560, rng.choice(("地方公共団体情報システム機構", "J-LIS")), 20, fill=(110, 110, 120))
    c.fields.update(number=number, grouped=grouped, name=p.name)
    return c


_VISAS = ("留学", "技術・人文知識・国際業務", "永住者", "家族滞在", "特定技能1号", "技能実習")


def _residence_card(rng: random.Random, heldout: bool) -> _Canvas:
    c = _Canvas(ID1, rng, heldout, (236, 242, 250) if not heldout else (246, 242, 234))
    p = fake_person(rng)
    c.pattern((120, 160, 220) if not heldout else (200, 160, 110), 0.3)
    number = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2)) + random_digits(rng, 8) + \
        "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
    c.text(40, 24, "在留カード", 36, bold=True)
    c.text(640, 30, f"番号 {number}", 28, style=rng.choice(("latin_sans", "mono")))
    y = 92
    c.label(40, y, "氏名", 22)
    name = f"{p.western_surname} {p.western_given}"
    c.text(120, y - 8, name, 40, style="latin_sans", bold=True)
    y += 64
    c.label(40, y, "生年月日", 22)
    c.text(150, y - 4, f"{p.birth.year}年{p.birth.month:02d}月{p.birth.day:02d}日", 26)
    c.label(420, y, "性別", 22)
    c.text(480, y - 4, "男 M." if p.sex == "M" else "女 F.", 26)
    c.label(560, y - 20, "国籍・地域", 20)
    c.text(560, y + 6, p.nationality[1], 24, style="latin_sans", max_w=130)
    y += 60
    c.label(40, y, "住居地", 22)
    c.text(140, y - 4, p.address, 26, max_w=520)
    y += 60
    c.band((30 + c.dx, y - 6 + c.dy, 660, y + 46 + c.dy), (250, 250, 250))
    c.label(40, y + 8, "在留資格", 22)
    c.text(150, y, rng.choice(_VISAS), 30, bold=True)
    y += 62
    c.text(40, y, "就労制限の有無  " + rng.choice(("就労不可", "在留資格に基づく就労活動のみ可", "就労制限なし")), 22, max_w=620)
    y += 44
    expiry = _date_in(rng, -0.5, 4)
    c.label(40, y, "在留期間(満了日)", 22)
    c.text(250, y - 4, f"{rng.choice((1, 3, 5))}年 ({expiry.year}年{expiry.month:02d}月{expiry.day:02d}日)", 24)
    y += 48
    c.label(40, y, "許可の種類", 20)
    c.text(160, y - 2, rng.choice(("在留期間更新許可", "上陸許可", "在留資格変更許可")), 22)
    issue = _date_in(rng, 3, 0)
    c.text(40, y + 42, f"このカードは{expiry.year}年{expiry.month:02d}月{expiry.day:02d}日まで有効です。", 24, bold=True)
    c.photo(700, 110, 260, 330)
    c.text(700, 470, f"交付年月日 {issue.year}年{issue.month:02d}月{issue.day:02d}日", 18)
    c.text(720, 540, "法務大臣", 26)
    _seal(c, 860, 520, 70, "法務大臣")
    c.fields.update(number=number, name=name)
    return c


def _health_insurance(rng: random.Random, heldout: bool) -> _Canvas:
    tint = rng.choice(((250, 226, 232), (222, 236, 250), (250, 236, 210), (226, 244, 226)) if not heldout
                      else ((236, 226, 250), (250, 250, 214)))
    c = _Canvas(ID1, rng, heldout, tint)
    p = fake_person(rng)
    if rng.random() < 0.5:
        c.pattern(tuple(max(0, v - 40) for v in tint), 0.2)  # type: ignore[arg-type]
    title = rng.choice(("健康保険被保険者証", "国民健康保険被保険者証", "全国健康保険協会 健康保険被保険者証"))
    c.text(40, 26, title, 34, bold=True, max_w=760)
    c.text(820, 30, rng.choice(("本人(被保険者)", "家族(被扶養者)")), 22)
    y = 100
    c.text(40, y, f"記号  {random_digits(rng, rng.choice((3, 4, 8)))}   番号  {random_digits(rng, rng.choice((2, 3, 6)))}   (枝番) {rng.randint(0, 9):02d}", 28)
    y += 60
    c.label(40, y, "氏名", 24)
    c.text(160, y - 8, p.name, 40, bold=True)
    y += 66
    c.label(40, y, "生年月日", 24)
    c.text(160, y - 2, format_date(p.birth, rng.choice(("wareki", "ymd_jp"))), 28)
    c.label(560, y, "性別", 24)
    c.text(640, y - 2, "男" if p.sex == "M" else "女", 28)
    y += 56
    c.label(40, y, "資格取得年月日", 22)
    c.text(240, y - 2, format_date(_date_in(rng, 10, 0), "wareki"), 26)
    y += 52
    c.label(40, y, "事業所名称", 22)
    c.text(200, y - 2, rng.choice(("株式会社サンプル商事", "東和電機株式会社", "みどり物産株式会社", "青葉システム株式会社")), 26)
    y += 70
    insurer = random_digits(rng, 8, first_nonzero=True)
    c.text(40, y, f"保険者番号  {insurer}", 28)
    y += 50
    c.text(40, y, "保険者名称  " + rng.choice(("全国健康保険協会 東京支部", "サンプル健康保険組合", f"{p.prefecture}後期高齢者医療広域連合")), 24, max_w=900)
    c.text(40, y + 44, "保険者所在地  " + fake_person(rng).address, 20, max_w=900)
    c.fields.update(name=p.name, insurer=insurer)
    return c


def _jp_passport(rng: random.Random, heldout: bool) -> _Canvas:
    c = _Canvas(TD3_PAGE, rng, heldout, (244, 236, 240) if not heldout else (236, 244, 240))
    p = fake_person(rng)
    c.pattern((200, 150, 180) if not heldout else (130, 180, 160), 0.28)
    number = rng.choice(("TK", "TR", "TS", "TZ", "MU", "MZ")) + random_digits(rng, 7)
    issue = _date_in(rng, 9, 0)
    expiry = dt.date(issue.year + rng.choice((5, 10)), issue.month, min(issue.day, 28))
    c.text(40, 30, "日本国  JAPAN", 30, bold=True, style="serif")
    c.text(520, 30, "旅券  PASSPORT", 30, style="serif")
    photo_x = 50 if not heldout else 900
    c.photo(photo_x, 130, 300, 390)
    tx = 400 if not heldout else 60
    rows = (
        (("型/Type", "P"), ("発行国/Issuing country", "JPN"), ("旅券番号/Passport No.", number)),
        (("姓/Surname", p.surname_romaji),),
        (("名/Given name", p.given_romaji),),
        (("国籍/Nationality", "JAPAN"), ("生年月日/Date of birth", format_date(p.birth, "dmy_mon"))),
        (("性別/Sex", p.sex), ("本籍/Registered Domicile", p.address_romaji.split(", ")[-1])),
        (("発行年月日/Date of issue", format_date(issue, "dmy_mon")),),
        (("有効期間満了日/Date of expiry", format_date(expiry, "dmy_mon")),),
        (("発行官庁/Authority", "MINISTRY OF FOREIGN AFFAIRS"),),
    )
    y = 110
    for row in rows:
        x = tx
        for lab, val in row:
            c.label(x, y, lab, 18)
            c.text(x, y + 22, val, 28, style=rng.choice(("latin_sans", "sans")))
            x += 260
        y += 66
    c.label(tx, y, "所持人自署/Signature of bearer", 16)
    draw_signature(c.draw, (tx + 30, y + 20, tx + 340, y + 70), rng)
    line1, line2 = mrz_td3(country="JPN", surname=p.surname_romaji, given=p.given_romaji, number=number,
                           nationality="JPN", birth=p.birth, sex=p.sex, expiry=expiry)
    c.band((0, 700, c.w, c.h), (250, 248, 246))
    mrz_font = fit_font(line1, int(c.w * rng.uniform(0.88, 0.93)), 60, c.pool, style="mono")
    c.draw.text((int(c.w * 0.04 + c.dx), 730 + c.dy), line1, font=mrz_font, fill=(20, 20, 20))
    c.draw.text((int(c.w * 0.04 + c.dx), 800 + c.dy), line2, font=mrz_font, fill=(20, 20, 20))
    c.fields.update(number=number, mrz=(line1, line2))
    return c


_US_STATES = (("CALIFORNIA", "CA", "SACRAMENTO"), ("TEXAS", "TX", "AUSTIN"), ("NEW YORK STATE", "NY", "ALBANY"),
              ("OREGON", "OR", "SALEM"), ("FLORIDA", "FL", "ORLANDO"), ("WASHINGTON", "WA", "OLYMPIA"))


def _us_driver_licence(rng: random.Random, heldout: bool) -> _Canvas:
    c = _Canvas(ID1, rng, heldout, _pastel(rng, heldout))
    p = fake_person(rng)
    state, code, city = rng.choice(_US_STATES)
    c.pattern(rng.choice(((200, 180, 140), (150, 180, 210), (190, 160, 200))), 0.3)
    header = rng.choice(((30, 60, 120), (120, 30, 40), (30, 90, 60)))
    c.band((0, 0, c.w, 90), header)
    c.text(40, 14, state, 48, style="latin_serif", bold=True, fill=(255, 255, 255))
    c.text(640, 30, "DRIVER LICENSE", 34, style="latin_sans", bold=True, fill=(255, 230, 160))
    c.photo(40, 120, 260, 330)
    x = 330
    dl = rng.choice("ABDFGJKMS") + random_digits(rng, 7)
    dob = p.birth
    expiry = dt.date(_TODAY.year + rng.randint(1, 6), dob.month, min(dob.day, 28))
    rows = (("DL", dl, 36), ("EXP", format_date(expiry, "us"), 30), ("LN", p.western_surname, 34),
            ("FN", p.western_given, 34),
            ("", f"{rng.randint(100, 9999)} {rng.choice(('MAIN', 'OAK', 'PINE', 'CEDAR', 'ELM'))} {rng.choice(('ST', 'AVE', 'BLVD', 'RD'))}", 26),
            ("", f"{city}, {code} {random_digits(rng, 5)}", 26), ("DOB", format_date(dob, "us"), 32))
    y = 110
    for lab, val, size in rows:
        if lab:
            c.text(x, y + 6, lab, 20, style="latin_sans", fill=(170, 30, 30))
        c.text(x + 70, y, val, size, style="latin_sans", bold=lab in ("DL", "LN", "FN"))
        y += size + 18
    c.text(x, y + 4, f"CLASS C   SEX {p.sex}   HGT {rng.randint(5, 6)}'-{rng.randint(0, 11):02d}\"   EYES {rng.choice(('BRN', 'BLU', 'GRN', 'HAZ'))}", 22, style="latin_sans")
    c.text(x, y + 40, f"RSTR NONE   ISS {format_date(_date_in(rng, 4, 0), 'us')}   DD {random_digits(rng, 12)}", 20, style="latin_sans")
    c.photo(830, 380, 120, 150, ghost=True)
    draw_signature(c.draw, (60, 500, 320, 590), rng)
    c.fields.update(number=dl, name=f"{p.western_given} {p.western_surname}")
    return c


_EU = (("BUNDESREPUBLIK DEUTSCHLAND", "D", "PERSONALAUSWEIS / IDENTITY CARD"),
       ("REPUBLIQUE FRANCAISE", "FRA", "CARTE NATIONALE D'IDENTITE / IDENTITY CARD"),
       ("REPUBBLICA ITALIANA", "ITA", "CARTA DI IDENTITA / IDENTITY CARD"),
       ("KONINKRIJK DER NEDERLANDEN", "NLD", "IDENTITEITSKAART / IDENTITY CARD"),
       ("REINO DE ESPANA", "ESP", "DOCUMENTO NACIONAL DE IDENTIDAD"),
       ("RZECZPOSPOLITA POLSKA", "POL", "DOWOD OSOBISTY / IDENTITY CARD"))


def _eu_common(rng: random.Random, heldout: bool) -> tuple[_Canvas, Person, tuple[str, str, str], str, dt.date]:
    c = _Canvas(ID1, rng, heldout, _pastel(rng, heldout))
    c.pattern(rng.choice(((160, 190, 220), (220, 180, 160), (170, 210, 180))), 0.3)
    p = fake_person(rng)
    country = rng.choice(_EU)
    number = "".join(rng.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(9))
    expiry = _date_in(rng, -1, 9)
    return c, p, country, number, expiry


def _eu_id_front(rng: random.Random, heldout: bool) -> _Canvas:
    c, p, (state, _code, title), number, expiry = _eu_common(rng, heldout)
    c.text(40, 22, state, 32, style="latin_serif", bold=True, max_w=700)
    c.text(40, 64, title, 22, style="latin_sans", max_w=700)
    c.text(760, 30, number, 34, style=rng.choice(("mono", "latin_sans")), fill=(170, 30, 30))
    left = rng.random() < (0.8 if not heldout else 0.2)
    c.photo(40 if left else 700, 130, 260, 330)
    x = 330 if left else 40
    dstyle = rng.choice(("dmy", "dmy_mon"))
    rows = (("Surname / Nom", p.western_surname), ("Given names / Prénoms", p.western_given),
            ("Date of birth", format_date(p.birth, dstyle)), ("Nationality", p.nationality[2] if heldout else "EU"),
            ("Place of birth", rng.choice(("BERLIN", "LYON", "MILANO", "UTRECHT", "SEVILLA", "KRAKOW"))),
            ("Date of expiry", format_date(expiry, dstyle)))
    y = 125
    for lab, val in rows:
        c.label(x, y, lab, 18)
        c.text(x, y + 22, val, 30, style="latin_sans", bold=lab.startswith(("Surname", "Given")))
        y += 66
    c.text(x + 360, 125 + 66 * 2, f"Sex  {p.sex}", 24, style="latin_sans")
    c.text(x, 560, f"CAN {random_digits(rng, 6)}", 22, style="mono")
    draw_signature(c.draw, (x + 300, 520, x + 600, 600), rng)
    c.fields.update(number=number, name=f"{p.western_given} {p.western_surname}")
    return c


def _eu_id_back(rng: random.Random, heldout: bool) -> _Canvas:
    c, p, (state, code, _title), number, expiry = _eu_common(rng, heldout)
    y = 30
    for lab, val in (("Address", f"{rng.randint(1, 99)} {rng.choice(('HAUPTSTRASSE', 'RUE DE LA PAIX', 'VIA ROMA', 'KERKSTRAAT'))}"),
                     ("Height", f"{rng.randint(155, 195)} cm"), ("Eye colour", rng.choice(("BROWN", "BLUE", "GREEN"))),
                     ("Authority", f"STADT {rng.choice(('KOELN', 'PARIS', 'ROMA', 'DEN HAAG'))}"),
                     ("Date of issue", format_date(_date_in(rng, 8, 0), "dmy"))):
        c.label(40, y, lab, 18)
        c.text(240, y - 4, val, 26, style="latin_sans")
        y += 54
    chip = (780, 40, 940, 160)
    c.draw.rounded_rectangle(chip, radius=14, fill=(212, 178, 90), outline=(150, 120, 50), width=3)
    lines = mrz_td1(country=code.ljust(3, "<"), number=number, birth=p.birth, sex=p.sex, expiry=expiry,
                    nationality=code.ljust(3, "<"), surname=p.western_surname, given=p.western_given,
                    doc_type=rng.choice(("ID", "I<")))
    c.band((0, 390, c.w, c.h), (250, 250, 248))
    fnt = fit_font(lines[0], int(c.w * rng.uniform(0.86, 0.92)), 64, c.pool, style="mono")
    for i, line in enumerate(lines):
        c.draw.text((int(c.w * 0.05 + c.dx), 410 + i * 72 + c.dy), line, font=fnt, fill=(20, 20, 20))
    c.fields.update(number=number, mrz=lines)
    return c


_UNIVERSITIES = (("東都大学", "TOTO UNIVERSITY"), ("北斗工業大学", "HOKUTO INSTITUTE OF TECHNOLOGY"),
                 ("桜ヶ丘女子大学", "SAKURAGAOKA WOMEN'S UNIVERSITY"), ("湖南学院大学", "KONAN GAKUIN UNIVERSITY"),
                 ("みなと芸術大学", "MINATO UNIVERSITY OF ARTS"))
_FACULTIES = ("文学部", "法学部", "経済学部", "理工学部", "医学部", "情報学部", "教育学部")


def _student_id(rng: random.Random, heldout: bool) -> _Canvas:
    header = rng.choice(((20, 60, 130), (110, 20, 50), (20, 100, 80), (60, 60, 60)) if not heldout
                        else ((200, 90, 20), (80, 40, 120)))
    c = _Canvas(ID1, rng, heldout, (252, 252, 250))
    p = fake_person(rng, sex=None)
    uni, uni_en = rng.choice(_UNIVERSITIES)
    c.band((0, 0, c.w, 110), header)
    c.text(40, 14, uni, 40, bold=True, fill=(255, 255, 255), style=rng.choice(("serif", "sans")))
    c.text(40, 68, uni_en, 20, fill=(230, 230, 230), style="latin_sans", max_w=600)
    c.text(700, 30, "学生証", 40, fill=(255, 255, 255), bold=True)
    c.text(700, 78, "STUDENT ID CARD", 18, fill=(230, 230, 230), style="latin_sans")
    left = rng.random() < (0.5 if not heldout else 0.0)
    c.photo(40 if left else 720, 140, 240, 300)
    x = 320 if left else 40
    sid = f"{rng.randint(18, 25)}{rng.choice('ABCDEFGHJK')}{random_digits(rng, 5)}"
    y = 140
    for lab, val, size in (("学籍番号 Student No.", sid, 36), ("氏名 Name", p.name, 38),
                           ("", p.romaji, 24), ("学部 Faculty", rng.choice(_FACULTIES), 28),
                           ("生年月日 Date of Birth", format_date(p.birth, rng.choice(("ymd_jp", "slash"))), 26)):
        if lab:
            c.label(x, y, lab, 18)
            y += 24
        c.text(x, y, val, size, style="latin_sans" if _is_ascii(val) else "sans", bold=size >= 36)
        y += size + 16
    exp = _date_in(rng, -0.5, 4)
    c.text(x, 560, f"有効期限 {exp.year}年{exp.month}月{exp.day}日", 22)
    draw_barcode(c.draw, (640, 500, 980, 590), rng)
    c.fields.update(number=sid, name=p.name)
    return c


_KINDS: dict[str, Callable[[random.Random, bool], _Canvas]] = {
    "jp_driver_licence": _jp_driver_licence,
    "mynumber_front": _mynumber_front,
    "mynumber_back": _mynumber_back,
    "residence_card": _residence_card,
    "health_insurance": _health_insurance,
    "jp_passport": _jp_passport,
    "us_driver_licence": _us_driver_licence,
    "eu_id_front": _eu_id_front,
    "eu_id_back": _eu_id_back,
    "student_id": _student_id,
}
#: Every card kind ``render_card`` knows.
CARD_KINDS: tuple[str, ...] = tuple(_KINDS)
#: Physical size in millimetres (for choosing how large a card is in a photo).
CARD_MM = {k: ((125.0, 88.0) if k == "jp_passport" else (85.6, 54.0)) for k in CARD_KINDS}


def render_card(kind: str, rng: random.Random, *, heldout: bool = False) -> tuple[Image.Image, dict[str, Any]]:
    """Draw one card of ``kind``: RGBA image and ``{"kind", "size_mm", "fields"}``."""
    try:
        make = _KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown card kind {kind!r}") from None
    canvas = make(rng, heldout)
    radius = 10 if kind == "jp_passport" else rng.randint(28, 40)
    return canvas.finish(radius), {"kind": kind, "size_mm": CARD_MM[kind], "fields": dict(canvas.fields)}
