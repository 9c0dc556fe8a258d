"""Flat renderings of printed things that are NOT identity documents (hard negatives).

Receipts, menus, book pages, business cards (ID-1-like aspect), payment cards
(Luhn-valid fake numbers, no portrait), paper train/concert tickets, posters
and shop signs. They share fonts, patterns and sizes with the cards so that
only the content tells them apart. ``render_document(kind, rng, heldout=...)``
returns an RGBA image and ``{"kind", "size_mm", "fields"}``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from PIL import Image, ImageDraw

from pii_scan.checksums import make_luhn_number
from pii_scan.synth.common import (
    FontPool,
    draw_barcode,
    draw_text,
    fake_date,
    fake_person,
    fit_font,
    font_pool,
    guilloche,
    qr_image,
    random_digits,
    rounded_card,
    text_size,
)

__all__ = ["DOCUMENT_KINDS", "render_document", "sentence"]

_TODAY = dt.date(2025, 6, 1)

_WORDS = ("私たちは", "その日", "町の", "小さな", "駅から", "歩いて", "古い", "本屋", "窓の外", "静かに", "雨が",
          "降り始めた", "彼女は", "手紙を", "読みながら", "時間が", "過ぎて", "いくことに", "気づいた", "夏の",
          "終わりに", "海辺の", "家で", "祖母と", "話した", "ことを", "思い出す", "いつも", "明るい", "声で",
          "笑っていた", "遠くの", "山が", "青く", "見えた", "子どもたちが", "走って", "道の", "向こうに", "消えた")
_EN_WORDS = ("the", "morning", "light", "fell", "across", "old", "station", "where", "she", "waited", "for",
             "a", "letter", "that", "never", "came", "river", "quiet", "town", "window", "years", "later",
             "remembered", "small", "garden", "house", "by", "sea", "and", "of", "in", "walked", "home")


def sentence(rng: random.Random, *, english: bool = False, words: tuple[int, int] = (6, 14)) -> str:
    """A random sentence of common words (Japanese unless ``english``)."""
    n = rng.randint(*words)
    if english:
        s = " ".join(rng.choice(_EN_WORDS) for _ in range(n))
        return s[0].upper() + s[1:] + "."
    return "".join(rng.choice(_WORDS) for _ in range(n)) + rng.choice(("。", "。", "、", "。"))


def _wrap(text: str, fnt: Any, width: int) -> list[str]:
    lines, cur = [], ""
    tokens = text.split(" ") if " " in text else list(text)
    sep = " " if " " in text else ""
    for tok in tokens:
        cand = cur + (sep if cur else "") + tok
        if text_size(cand, fnt)[0] > width and cur:
            lines.append(cur)
            cur = tok
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


class _Page:
    def __init__(self, size: tuple[int, int], rng: random.Random, heldout: bool, colour: tuple[int, int, int]) -> None:
        self.rng, self.heldout = rng, heldout
        self.pool: FontPool = font_pool(heldout, rng)
        self.img = Image.new("RGB", size, colour)
        self.draw = ImageDraw.Draw(self.img)
        self.w, self.h = size
        self.fields: dict[str, Any] = {}

    def text(self, x: float, y: float, s: str, size: float, *, style: str = "sans", bold: bool = False,
             fill: tuple[int, int, int] = (25, 25, 25), anchor: str = "la", max_w: float | None = None) -> float:
        if style in ("mono", "latin_sans", "latin_serif") and not s.isascii():
            style = "sans"
        fnt = self.pool.font(int(size), style=style, bold=bold)
        if max_w is not None:
            fnt = fit_font(s, int(max_w), int(size), self.pool, style=style, bold=bold)
        return draw_text(self.draw, (x, y), s, fnt, fill, anchor=anchor,
                         bold=bold and fnt.getname()[1].lower() != "bold")


def _yen(v: int) -> str:
    return f"¥{v:,}"


_SHOPS = ("ファミリーストア 駅前店", "スーパーみどり 中央店", "ドラッグサクラ 本町店", "カフェ ソラ", "ベーカリー こむぎ",
          "ホームセンター ひかり", "コンビニエンス マルニ", "書店 ことのは")
_ITEMS = ("おにぎり 鮭", "緑茶 500ml", "食パン", "牛乳", "たまご 10個", "バナナ", "ボールペン", "ノート",
          "コーヒー", "サンドイッチ", "ヨーグルト", "歯ブラシ", "洗剤", "カップ麺", "チョコレート", "りんご")


def _receipt(rng: random.Random, heldout: bool) -> _Page:
    n = rng.randint(3, 9)
    page = _Page((576, 1000 + n * 56), rng, heldout, (250, 250, 246))
    shop = rng.choice(_SHOPS)
    addr = fake_person(rng).address
    style = rng.choice(("sans", "mono")) if not heldout else "serif"
    y = 40
    page.text(page.w / 2, y, shop, 38, bold=True, anchor="ma", max_w=520)
    y += 60
    page.text(page.w / 2, y, addr, 20, anchor="ma", max_w=540)
    y += 34
    tel = f"TEL 0{rng.randint(3, 99)}-{random_digits(rng, 4)}-{random_digits(rng, 4)}"
    page.text(page.w / 2, y, f"電話 {tel[4:]}" if rng.random() < 0.5 else tel, 22, anchor="ma")
    y += 50
    when = fake_date(rng, _TODAY - dt.timedelta(days=700), _TODAY)
    page.text(30, y, f"{when.year}年{when.month:02d}月{when.day:02d}日({'月火水木金土日'[when.weekday()]}) {rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}", 22, style=style)
    y += 34
    page.text(30, y, f"レジ{rng.randint(1, 6):02d}  責No.{random_digits(rng, 3)}", 22, style=style)
    y += 40
    page.draw.line((20, y, page.w - 20, y), fill=(60, 60, 60), width=2)
    y += 20
    total = 0
    for _ in range(n):
        price = rng.choice((98, 108, 128, 150, 198, 238, 298, 348, 398, 498, 980))
        qty = rng.choice((1, 1, 1, 2, 3))
        total += price * qty
        page.text(30, y, rng.choice(_ITEMS) + (f" x{qty}" if qty > 1 else ""), 24, style=style)
        page.text(page.w - 30, y, _yen(price * qty), 24, anchor="ra", style=style)
        y += 46
    tax = total * 8 // 100
    page.draw.line((20, y + 6, page.w - 20, y + 6), fill=(60, 60, 60), width=2)
    y += 24
    for lab, val, size in (("小計", total, 24), ("(8%対象 消費税)", tax, 22), ("合計", total + tax, 36)):
        page.text(30, y, lab, size, bold=lab == "合計", style=style)
        page.text(page.w - 30, y, _yen(val), size, anchor="ra", bold=lab == "合計", style=style)
        y += size + 20
    paid = ((total + tax) // 1000 + 1) * 1000
    page.text(30, y, "お預り", 24, style=style)
    page.text(page.w - 30, y, _yen(paid), 24, anchor="ra", style=style)
    page.text(30, y + 40, "お釣り", 24, style=style)
    page.text(page.w - 30, y + 40, _yen(paid - total - tax), 24, anchor="ra", style=style)
    y += 110
    page.text(page.w / 2, y, rng.choice(("ありがとうございました", "またのご来店をお待ちしております")), 22, anchor="ma")
    draw_barcode(page.draw, (90, y + 50, page.w - 90, y + 120), rng)
    page.fields.update(total=total + tax)
    return page


_DISHES = (("唐揚げ定食", 880), ("カレーライス", 750), ("天ぷらそば", 920), ("親子丼", 820), ("焼き魚定食", 980),
           ("ハンバーグ", 1100), ("サラダ", 450), ("味噌汁", 200), ("生ビール", 550), ("ウーロン茶", 300),
           ("オムライス", 850), ("餃子", 400), ("Pasta Bolognese", 1200), ("Margherita", 1300), ("Espresso", 400))


def _menu(rng: random.Random, heldout: bool) -> _Page:
    landscape = rng.random() < 0.3
    size = (1600, 1130) if landscape else (1130, 1600)
    bg = rng.choice(((250, 244, 230), (30, 30, 30), (244, 238, 220), (255, 255, 255)))
    page = _Page(size, rng, heldout, bg)
    ink = (240, 235, 220) if bg == (30, 30, 30) else (40, 30, 20)
    m = 50
    page.draw.rectangle((m / 2, m / 2, page.w - m / 2, page.h - m / 2), outline=ink, width=4)
    page.text(page.w / 2, 70, rng.choice(("お品書き", "MENU", "本日のおすすめ", "Lunch Menu", "メニュー")), 80,
              style=rng.choice(("serif", "sans", "latin_serif")), anchor="ma", fill=ink, bold=True)
    cols = 2 if landscape else 1
    y0, col_w = 220, (page.w - 2 * m) // cols
    dishes = rng.sample(_DISHES, rng.randint(8, 13))
    per_col = (len(dishes) + cols - 1) // cols
    for i, (dish, price) in enumerate(dishes):
        col, row = divmod(i, per_col)
        x = m + 30 + col * col_w
        y = y0 + row * 100
        page.text(x, y, dish, 44, fill=ink, style=rng.choice(("sans", "serif")))
        page.text(x + col_w - 80, y, f"{price}円" if rng.random() < 0.6 else _yen(price), 40, anchor="ra", fill=ink)
    page.text(page.w / 2, page.h - 100, "※価格はすべて税込です", 28, anchor="ma", fill=ink)
    return page


def _book_page(rng: random.Random, heldout: bool) -> _Page:
    page = _Page((1000, 1440), rng, heldout, rng.choice(((248, 244, 234), (252, 252, 248), (240, 232, 214))))
    english = rng.random() < 0.3
    style = rng.choice(("serif", "serif", "sans")) if not english else rng.choice(("latin_serif", "serif"))
    fnt = page.pool.font(rng.randint(28, 34), style=style)
    lh = int(fnt.size * rng.uniform(1.5, 1.8))
    page.text(page.w / 2, 60, rng.choice(("第三章  夏の終わり", "第一章", "Chapter 4", "二  海辺の町")), 24, anchor="ma",
              fill=(90, 90, 90), style=style)
    y, x0, width = 140, 100, 800
    while y < page.h - 160:
        para = "".join(sentence(rng, english=english) + (" " if english else "") for _ in range(rng.randint(2, 5)))
        for i, line in enumerate(_wrap(para.strip(), fnt, width - fnt.size)):
            if y >= page.h - 160:
                break
            draw_text(page.draw, (x0 + (fnt.size if i == 0 else 0), y), line, fnt, (30, 30, 30))
            y += lh
        y += lh // 3
    page.text(page.w / 2, page.h - 90, str(rng.randint(5, 380)), 26, anchor="ma", fill=(80, 80, 80))
    return page


_COMPANIES = (("株式会社ミライテック", "MIRAITECH Inc."), ("さくら不動産株式会社", "Sakura Realty Co., Ltd."),
              ("アオバ設計事務所", "Aoba Design Office"), ("株式会社ひかりフーズ", "Hikari Foods Corp."),
              ("北斗商事株式会社", "Hokuto Trading Co."))
_TITLES = ("営業部 課長", "代表取締役", "企画部 主任", "技術部 エンジニア", "総務部", "デザイナー")


def _business_card(rng: random.Random, heldout: bool) -> _Page:
    page = _Page((1075, 650), rng, heldout, rng.choice(((255, 255, 255), (250, 248, 242), (240, 244, 248))))
    p = fake_person(rng)
    comp, comp_en = rng.choice(_COMPANIES)
    accent = rng.choice(((200, 40, 40), (30, 90, 170), (20, 130, 90), (60, 60, 60)))
    logo_left = rng.random() < 0.6
    lx = 50 if logo_left else page.w - 130
    if rng.random() < 0.5:
        page.draw.ellipse((lx, 40, lx + 80, 120), fill=accent)
    else:
        page.draw.rectangle((lx, 40, lx + 80, 120), fill=accent)
    tx = 150 if logo_left else 50
    page.text(tx, 50, comp, 34, bold=True)
    page.text(tx, 96, comp_en, 20, style="latin_sans", fill=(100, 100, 100))
    page.text(100, 200, rng.choice(_TITLES), 26)
    page.text(100, 250, p.name, 64, bold=rng.random() < 0.5, style=rng.choice(("sans", "serif")))
    page.text(100, 340, p.romaji.title(), 24, style="latin_sans", fill=(90, 90, 90))
    y = 430
    page.text(100, y, f"〒{p.postcode} {fake_person(rng).address}", 22, max_w=900)
    tel = f"0{rng.randint(3, 99)}-{random_digits(rng, 4)}-{random_digits(rng, 4)}"
    page.text(100, y + 40, f"TEL {tel}   FAX {tel[:-1]}{rng.randint(0, 9)}", 22, style="latin_sans")
    page.text(100, y + 76, f"Mobile {p.phone}", 22, style="latin_sans")
    page.text(100, y + 112, f"{p.surname_romaji.lower()}@{comp_en.split()[0].lower().strip(',.')}.example.jp", 22,
              style="latin_sans")
    page.fields.update(name=p.name)
    return page


_BRANDS = ("NOVA", "ORBIT", "PLATINUM", "SAKURA CARD", "JCB-STYLE", "GOLD")


def _payment_card(rng: random.Random, heldout: bool) -> _Page:
    dark = rng.choice(((20, 40, 90), (30, 30, 35), (120, 20, 30), (20, 80, 70), (180, 150, 70), (200, 200, 205)))
    page = _Page((1012, 638), rng, heldout, dark)
    guilloche(page.img, rng, tuple(min(255, c + 60) for c in dark), kind=rng.choice(("waves", "rosette")), alpha=0.25)  # type: ignore[arg-type]
    page.draw = ImageDraw.Draw(page.img)
    light = sum(dark) > 450
    ink = (30, 30, 30) if light else (245, 245, 245)
    page.text(50, 40, rng.choice(("みなと銀行", "SORA BANK", "ひかりカード", "NORTH CREDIT")), 40, bold=True, fill=ink)
    chip = (90, 200, 230, 310)
    page.draw.rounded_rectangle(chip, radius=14, fill=(212, 178, 90), outline=(150, 120, 50), width=3)
    number = make_luhn_number(rng, 16, rng.choice(("4", "5", "35")))
    grouped = " ".join(number[i : i + 4] for i in range(0, 16, 4))
    fnt = fit_font(grouped, 880, 70, page.pool, style=rng.choice(("mono", "latin_sans")))
    for off, col in (((2, 2), (0, 0, 0)), ((0, 0), (235, 235, 225) if not light else (50, 50, 50))):
        draw_text(page.draw, (60 + off[0], 360 + off[1]), grouped, fnt, col)
    exp = f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}"
    page.text(420, 460, "VALID THRU", 16, style="latin_sans", fill=ink)
    page.text(540, 450, exp, 34, style="mono", fill=ink)
    p = fake_person(rng)
    page.text(60, 530, p.romaji, 36, style="latin_sans", fill=ink)
    page.text(760, 520, rng.choice(_BRANDS), 44, style="latin_sans", bold=True, fill=ink, max_w=220)
    page.fields.update(number=number)
    return page


_STATIONS = ("東京", "新大阪", "名古屋", "京都", "博多", "仙台", "新横浜", "広島", "金沢", "大宮")
_TRAINS = ("のぞみ", "ひかり", "こだま", "はやぶさ", "かがやき", "みずほ")


def _paper_ticket(rng: random.Random, heldout: bool) -> _Page:
    if rng.random() < 0.6:
        tint = rng.choice(((240, 226, 196), (214, 232, 214), (232, 222, 240)))
        page = _Page((1004, 680), rng, heldout, tint)
        guilloche(page.img, rng, tuple(max(0, c - 50) for c in tint), kind="mesh" if heldout else "waves", alpha=0.25)  # type: ignore[arg-type]
        page.draw = ImageDraw.Draw(page.img)
        a, b = rng.sample(_STATIONS, 2)
        d = fake_date(rng, _TODAY - dt.timedelta(days=300), _TODAY)
        page.text(40, 30, rng.choice(("乗車券・新幹線特急券", "乗車券", "新幹線特急券・グリーン券")), 40, bold=True)
        page.text(60, 120, f"{a}  →  {b}", 64, bold=True)
        page.text(60, 220, f"{d.month}月{d.day}日  ({_TRAINS[rng.randrange(6)]}{rng.randint(1, 300)}号)", 40)
        page.text(60, 290, f"{rng.randint(1, 16)}号車  {rng.randint(1, 20)}番{rng.choice('ABCDE')}席", 44)
        page.text(60, 370, f"{d.month}月{d.day}日から{rng.choice((1, 2, 4))}日間有効", 30)
        page.text(60, 430, f"¥{rng.randint(20, 300) * 100:,}", 44, bold=True)
        page.text(60, 520, f"{d.year}.{d.month}.{d.day} {a}駅MV{rng.randint(1, 40)}発行  {random_digits(rng, 5)}-{random_digits(rng, 2)}", 24)
        page.text(700, 600, "C制", 30)
        page.fields.update(route=f"{a}-{b}")
        return page
    page = _Page((1400, 560), rng, heldout, rng.choice(((255, 255, 255), (250, 246, 236))))
    accent = rng.choice(((200, 30, 90), (20, 60, 160), (240, 140, 0), (30, 30, 30)))
    page.draw.rectangle((0, 0, 1060, 90), fill=accent)
    page.text(40, 20, rng.choice(("LIVE TOUR 2025", "Summer Jazz Night", "交響楽団 定期演奏会", "ARENA SHOW")), 44,
              fill=(255, 255, 255), bold=True)
    page.draw.line((1070, 0, 1070, page.h), fill=(120, 120, 120), width=3)
    d = fake_date(rng, _TODAY - dt.timedelta(days=200), _TODAY + dt.timedelta(days=200))
    page.text(40, 130, f"{d.year}年{d.month}月{d.day}日  開場 {rng.randint(16, 18)}:00 / 開演 {rng.randint(17, 19)}:00", 34)
    page.text(40, 200, rng.choice(("東京ドーム", "大阪城ホール", "日本武道館", "横浜アリーナ", "市民文化会館 大ホール")), 40, bold=True)
    page.text(40, 280, f"{rng.choice(('アリーナ', '1階', '2階スタンド'))} {rng.choice('ABCDEF')}ブロック {rng.randint(1, 40)}列 {rng.randint(1, 60)}番", 40)
    page.text(40, 360, f"料金 ¥{rng.randint(50, 150) * 100:,} (税込)", 32)
    page.text(40, 440, f"整理番号 {random_digits(rng, 4)}  主催: サンプルプロモーション", 24)
    page.img.paste(qr_image(random_digits(rng, 16), 7), (1110, 140))
    page.fields.update(kind="concert")
    return page


_SIGNS = ("ラーメン 一番", "CAFE SORA", "ドラッグストア", "営業中", "やきとり", "BAKERY", "居酒屋 さくら", "本日休業",
          "駐車場", "TAXI", "不動産", "cleaning", "らーめん", "和菓子 松屋", "OPEN")


def _shop_sign(rng: random.Random, heldout: bool) -> _Page:
    bg = rng.choice(((200, 30, 30), (20, 40, 100), (250, 250, 245), (30, 30, 30), (240, 200, 40), (20, 110, 60)))
    text = rng.choice(_SIGNS)
    page = _Page((1600, 500), rng, heldout, bg)
    ink = (255, 255, 255) if sum(bg) < 400 else (20, 20, 20)
    page.draw.rectangle((12, 12, page.w - 12, page.h - 12), outline=ink, width=8)
    page.text(page.w / 2, page.h / 2, text, 240, anchor="mm", fill=ink, bold=True,
              style=rng.choice(("sans", "serif", "latin_sans")), max_w=1450)
    page.fields.update(text=text)
    return page


def _poster(rng: random.Random, heldout: bool) -> _Page:
    bg = rng.choice(((250, 230, 60), (30, 60, 140), (240, 240, 235), (220, 60, 60), (40, 40, 40)))
    page = _Page((1000, 1414), rng, heldout, bg)
    ink = (255, 255, 255) if sum(bg) < 400 else (20, 20, 20)
    for _ in range(rng.randint(2, 5)):
        c = tuple(rng.randint(0, 255) for _ in range(3))
        x, y, r = rng.randint(0, 1000), rng.randint(300, 1100), rng.randint(60, 260)
        page.draw.ellipse((x - r, y - r, x + r, y + r), fill=c)  # type: ignore[arg-type]
    title = rng.choice(("夏祭り", "古本市", "SALE 50% OFF", "写真展", "フリーマーケット", "花火大会", "JAZZ LIVE"))
    page.text(page.w / 2, 80, title, 150, anchor="ma", fill=ink, bold=True, max_w=900)
    d = fake_date(rng, _TODAY, _TODAY + dt.timedelta(days=120))
    page.text(page.w / 2, 1180, f"{d.month}月{d.day}日({'月火水木金土日'[d.weekday()]}) 10:00〜17:00", 54, anchor="ma", fill=ink)
    page.text(page.w / 2, 1270, rng.choice(("中央公園 特設会場", "市民ホール", "駅前広場", "入場無料")), 46, anchor="ma", fill=ink)
    page.fields.update(text=title)
    return page


_KINDS: dict[str, tuple[Callable[[random.Random, bool], _Page], tuple[float, float] | None]] = {
    "receipt": (_receipt, None),
    "menu": (_menu, None),
    "book_page": (_book_page, (148.0, 210.0)),
    "business_card": (_business_card, (91.0, 55.0)),
    "payment_card": (_payment_card, (85.6, 54.0)),
    "paper_ticket": (_paper_ticket, None),
    "shop_sign": (_shop_sign, None),
    "poster": (_poster, (420.0, 594.0)),
}
#: Every document kind ``render_document`` knows.
DOCUMENT_KINDS: tuple[str, ...] = tuple(_KINDS)


def render_document(kind: str, rng: random.Random, *, heldout: bool = False) -> tuple[Image.Image, dict[str, Any]]:
    """Draw one document of ``kind``: RGBA image and ``{"kind", "size_mm", "fields"}``."""
    try:
        make, mm = _KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown document kind {kind!r}") from None
    page = make(rng, heldout)
    if mm is None:  # receipts, menus and tickets: 300 dpi sized from the pixels
        mm = (page.w / 300 * 25.4 * (2.0 if kind == "menu" else 1.0), page.h / 300 * 25.4 * (2.0 if kind == "menu" else 1.0))
    radius = rng.randint(24, 36) if kind == "payment_card" else 0
    img = rounded_card(page.img, radius) if radius else page.img.convert("RGBA")
    return img, {"kind": kind, "size_mm": mm, "fields": dict(page.fields)}
