"""Ticket contents for the reservation-screenshot kinds (fictional brands, fake passengers)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from pii_scan.synth.common import Person, fake_date, fake_person, random_digits
from pii_scan.synth.screens_codes import bcbp, token
from pii_scan.synth.screens_layouts import TicketSpec
from pii_scan.synth.screens_ui import RGB, ScreenCtx

__all__ = ["TICKET_SPECS", "jp_date", "jp_time"]

_WD_JA = "月火水木金土日"
_WD_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MON_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _date(rng: random.Random) -> dt.date:
    return fake_date(rng, dt.date(2024, 1, 5), dt.date(2026, 12, 20))


def jp_date(d: dt.date, rng: random.Random) -> str:
    """A Japanese date in one of the usual app styles."""
    wd = _WD_JA[d.weekday()]
    return rng.choice((f"{d.year}年{d.month}月{d.day}日({wd})", f"{d.month}月{d.day}日({wd})",
                       f"{d.year}/{d.month:02d}/{d.day:02d}({wd})"))


def en_date(d: dt.date, rng: random.Random) -> str:
    wd = _WD_EN[d.weekday()]
    return rng.choice((f"{wd} {d.day} {_MON_EN[d.month - 1]} {d.year}", f"{wd}, {_MON_EN[d.month - 1]} {d.day}, {d.year}",
                       f"{d.day:02d} {_MON_EN[d.month - 1].upper()} {d.year}"))


def jp_time(minutes: int) -> str:
    return f"{(minutes // 60) % 24}:{minutes % 60:02d}"


def _hhmm(minutes: int) -> str:
    return f"{(minutes // 60) % 24:02d}:{minutes % 60:02d}"


def _dur_ja(m: int) -> str:
    return f"{m // 60}時間{m % 60:02d}分" if m >= 60 else f"{m}分"


def _dur_en(m: int) -> str:
    return f"{m // 60}h {m % 60:02d}m"


def _yen(v: int, rng: random.Random) -> str:
    return rng.choice((f"{v:,}円", f"¥{v:,}", f"{v:,} 円"))


def _card_tail(rng: random.Random) -> str:
    return f"****{random_digits(rng, 4)}"


def _accent(ctx: ScreenCtx, main: tuple[RGB, ...], held: tuple[RGB, ...]) -> RGB:
    base = ctx.pick(main, held)
    j = ctx.rng.randint(-12, 12)
    return (min(255, max(0, base[0] + j)), min(255, max(0, base[1] + j)), min(255, max(0, base[2] + j)))


# Held-out accents avoid the hues of the main set (teal/olive/maroon/brown vs blues/greens/reds/purple).
_HELD_ACCENTS: tuple[RGB, ...] = ((0, 128, 128), (128, 128, 0), (128, 0, 32), (120, 72, 40), (70, 90, 60),
                                  (180, 90, 140), (95, 95, 110))

# ------------------------------------------------------------------------------------ Japanese rail

# (station, minutes from the line's origin) for a Nozomi-like stopping pattern
_TOKAIDO = (("東京", 0), ("品川", 7), ("新横浜", 18), ("名古屋", 96), ("京都", 131), ("新大阪", 147),
            ("新神戸", 160), ("岡山", 192), ("広島", 227), ("小倉", 270), ("博多", 287))
_TOHOKU = {
    "はやぶさ": (("東京", 0), ("上野", 6), ("大宮", 25), ("仙台", 90), ("盛岡", 133), ("新青森", 190),
               ("新函館北斗", 240)),
    "やまびこ": (("東京", 0), ("上野", 6), ("大宮", 26), ("宇都宮", 50), ("郡山", 80), ("福島", 95), ("仙台", 120)),
    "こまち": (("東京", 0), ("大宮", 25), ("仙台", 90), ("盛岡", 133), ("角館", 180), ("秋田", 225)),
    "つばさ": (("東京", 0), ("大宮", 26), ("福島", 95), ("米沢", 130), ("山形", 165)),
    "とき": (("東京", 0), ("大宮", 26), ("高崎", 52), ("越後湯沢", 75), ("長岡", 100), ("新潟", 120)),
    "かがやき": (("東京", 0), ("上野", 6), ("大宮", 25), ("長野", 80), ("富山", 130), ("金沢", 153)),
    "はくたか": (("東京", 0), ("大宮", 26), ("高崎", 55), ("軽井沢", 70), ("長野", 95), ("富山", 165), ("金沢", 190)),
}
_LTD_EXPRESS = {
    "ひたち": (("品川", 0), ("東京", 9), ("上野", 16), ("水戸", 80), ("日立", 102), ("いわき", 135)),
    "あずさ": (("新宿", 0), ("立川", 25), ("八王子", 34), ("甲府", 90), ("上諏訪", 130), ("松本", 158)),
    "サンダーバード": (("大阪", 0), ("新大阪", 4), ("京都", 28), ("堅田", 45), ("敦賀", 80)),
    "しなの": (("名古屋", 0), ("千種", 8), ("中津川", 50), ("木曽福島", 90), ("松本", 125), ("長野", 175)),
    "踊り子": (("東京", 0), ("品川", 8), ("横浜", 26), ("小田原", 60), ("熱海", 80), ("伊東", 105), ("伊豆急下田", 165)),
    "はるか": (("関西空港", 0), ("天王寺", 33), ("新大阪", 50), ("京都", 75)),
    "成田エクスプレス": (("成田空港", 0), ("空港第2ビル", 3), ("東京", 55), ("品川", 65), ("渋谷", 75), ("新宿", 82)),
}


def _leg(rng: random.Random, line: tuple[tuple[str, int], ...]) -> tuple[str, str, int]:
    """Two stations in travel order (either direction) and the run time in minutes."""
    a, b = rng.sample(line, 2)
    return a[0], b[0], max(5, abs(b[1] - a[1]))


def _jp_name(p: Person, rng: random.Random) -> str:
    return rng.choice((f"{p.name} 様", p.name, f"{p.surname_kana} {p.given_kana} 様", f"{p.surname_romaji} {p.given_romaji}"))


def _rail_spec(ctx: ScreenCtx, *, train: str, no: int, line: tuple[tuple[str, int], ...], brands: tuple[str, ...],
               held_brands: tuple[str, ...], titles: tuple[str, ...], accents: tuple[RGB, ...], seat_cars: int,
               eticket: bool, gate: str = "新幹線改札機", express_fee: int = 0) -> TicketSpec:
    rng = ctx.rng
    a, b, run = _leg(rng, line)
    dep = rng.randint(6 * 60, 21 * 60)
    d = _date(rng)
    p = fake_person(rng)
    green = rng.random() < 0.2
    car = rng.randint(1, seat_cars)
    seat = f"{rng.randint(1, 20)}番{rng.choice('ABCDE' if not green else 'ABCD')}席"
    fare = round((run * 85 + 1200) * (1.4 if green else 1.0) / 10) * 10
    adults = rng.choice((1, 1, 1, 2))
    cls = "グリーン車" if green else rng.choice(("普通車指定席", "指定席", "普通車"))
    details = [
        (rng.choice(("予約番号", "お預かり番号", "申込番号")), rng.choice((random_digits(rng, 4),
                                                                  f"E{random_digits(rng, 4)}-{random_digits(rng, 4)}",
                                                                  token(rng, 2) + random_digits(rng, 6)))),
        (rng.choice(("お名前", "ご利用者", "会員名")), _jp_name(p, rng)),
        ("人数", f"大人{adults}名" + ("" if rng.random() < 0.7 else " 小児0名")),
    ]
    if express_fee:
        details.append(("特急料金", _yen(express_fee * adults, rng)))
    details.append((rng.choice(("料金", "お支払い金額", "合計金額")), _yen((fare + express_fee) * adults, rng)))
    if rng.random() < 0.6:
        details.append(("お支払い方法", f"クレジットカード {_card_tail(rng)}"))
    code = None
    caption = ""
    if eticket:
        details.append(("ご乗車方法", rng.choice(("交通系ICカード", "新幹線eチケット", "QRチケット"))))
        if rng.random() < 0.5:
            code = ("qr", f"JRE1{random_digits(rng, 12)}{token(rng, 8)}")
            caption = "指定席券売機の読取部にかざすと、きっぷを受け取れます（受取用QRコード）"
    elif rng.random() < 0.8:
        code = ("qr", f"EXQ{d:%Y%m%d}{no:04d}{car:02d}{random_digits(rng, 10)}")
        caption = rng.choice((f"{gate}のQR読取部にかざしてください", "QRコードを改札機にかざしてご乗車ください"))
    notes = rng.sample([
        "発車時刻を過ぎると予約の変更はできません。",
        "払戻しの際は手数料がかかる場合があります。",
        "乗車前に予約内容をご確認ください。",
        "車内では係員が本画面を確認することがあります。",
        "途中下車はできません。",
    ], k=rng.randint(1, 3))
    return TicketSpec(
        lang="ja", title=ctx.pick(titles, ("きっぷ詳細", "チケット表示", "ご購入済みのきっぷ")),
        brand=ctx.pick(brands, held_brands), icon="train",
        accent=_accent(ctx, accents, _HELD_ACCENTS),
        headline=f"{train} {no}号" if rng.random() < 0.7 else f"{train}{no}号",
        subline=jp_date(d, rng),
        origin=(a, rng.choice((f"{jp_time(dep)}発", jp_time(dep), f"{jp_time(dep)} 発"))),
        dest=(b, rng.choice((f"{jp_time(dep + run)}着", jp_time(dep + run), f"{jp_time(dep + run)} 着"))),
        duration=_dur_ja(run) if rng.random() < 0.6 else "",
        highlights=[("号車", f"{car}号車" if rng.random() < 0.5 else str(car)), ("座席", seat), ("設備", cls)],
        details=details, code=code, code_caption=caption, notes=notes,
        buttons=rng.sample(["予約を変更する", "払戻し", "乗車票を表示", "領収書"], k=rng.randint(0, 2)),
        sections=("乗車区間", "座席", "ご予約内容"), code_first=rng.random() < 0.3,
    )


def spec_shinkansen_ex(ctx: ScreenCtx) -> TicketSpec:
    rng = ctx.rng
    train = rng.choice(("のぞみ", "のぞみ", "ひかり", "こだま", "みずほ", "さくら"))
    no = {"のぞみ": rng.randint(1, 99), "ひかり": rng.randint(500, 660), "こだま": rng.randint(700, 790)}.get(
        train, rng.randint(540, 611))
    line = _TOKAIDO if train in ("のぞみ", "ひかり", "こだま") else _TOKAIDO[5:]
    return _rail_spec(ctx, train=train, no=no, line=line,
                      brands=("スマートレール EX", "EXライド", "新幹線ネット予約", "TOKAIDO LINK"),
                      held_brands=("のりものEX+", "レールゴー"),
                      titles=("予約詳細", "ご予約内容", "乗車票", "予約確認"),
                      accents=((0, 82, 164), (0, 115, 200), (25, 60, 120), (0, 150, 136)),
                      seat_cars=16, eticket=False)


def spec_jr_east(ctx: ScreenCtx) -> TicketSpec:
    rng = ctx.rng
    train = rng.choice(tuple(_TOHOKU))
    return _rail_spec(ctx, train=train, no=rng.randint(1, 80), line=_TOHOKU[train],
                      brands=("えきトラベル", "ひがしレールネット", "えきリンク予約"),
                      held_brands=("きっぷNAVI東", "ノースレール"),
                      titles=("購入内容の確認", "新幹線eチケット", "予約詳細", "ご購入内容"),
                      accents=((0, 140, 70), (34, 120, 60), (0, 100, 60), (60, 150, 50)),
                      seat_cars=17, eticket=True)


def spec_limited_express(ctx: ScreenCtx) -> TicketSpec:
    rng = ctx.rng
    train = rng.choice(tuple(_LTD_EXPRESS))
    fee = rng.randint(8, 30) * 100 + rng.choice((0, 30, 60, 90))
    spec = _rail_spec(ctx, train=f"特急{train}", no=rng.randint(1, 60), line=_LTD_EXPRESS[train],
                      brands=("チケットレス特急", "特急ネット予約", "e特急券"),
                      held_brands=("らくらく特急", "ライナーパス"),
                      titles=("特急券", "チケットレス特急券", "特急券・乗車券", "購入済みきっぷ"),
                      accents=((200, 40, 40), (230, 110, 0), (120, 40, 150), (0, 90, 170)),
                      seat_cars=12, eticket=False, gate="自動改札機", express_fee=fee)
    if rng.random() < 0.5:
        spec.notes.append("この特急券は指定の列車に限り有効です。乗車券は別にお求めください。")
    return spec


# ------------------------------------------------------------------------------------------ flights

_JP_AIRPORTS = (("羽田", "HND", "東京"), ("成田", "NRT", "東京"), ("伊丹", "ITM", "大阪"), ("関西", "KIX", "大阪"),
                ("新千歳", "CTS", "札幌"), ("福岡", "FUK", "福岡"), ("那覇", "OKA", "沖縄"), ("鹿児島", "KOJ", "鹿児島"),
                ("仙台", "SDJ", "仙台"), ("中部", "NGO", "名古屋"), ("広島", "HIJ", "広島"), ("熊本", "KMJ", "熊本"))
_WORLD_AIRPORTS = (("LHR", "London Heathrow"), ("JFK", "New York JFK"), ("CDG", "Paris CDG"), ("AMS", "Amsterdam"),
                   ("FRA", "Frankfurt"), ("SFO", "San Francisco"), ("SIN", "Singapore"), ("HND", "Tokyo Haneda"),
                   ("MAD", "Madrid"), ("DUB", "Dublin"), ("EDI", "Edinburgh"), ("MUC", "Munich"), ("LAX", "Los Angeles"),
                   ("YVR", "Vancouver"), ("SYD", "Sydney"), ("ICN", "Seoul Incheon"), ("CPH", "Copenhagen"))


def spec_domestic_flight(ctx: ScreenCtx) -> TicketSpec:
    rng = ctx.rng
    (a, ac, _), (b, bc, _) = rng.sample(_JP_AIRPORTS, 2)
    brand, code = ctx.pick((("そらみち航空", "SM"), ("あおぞらエア", "AZR"), ("スカイブリッジ航空", "SB")),
                           (("ひばりエアライン", "HB"), ("かもめ航空", "KM")))
    code = code[:2]
    no = rng.randint(11, 999)
    d = _date(rng)
    dep = rng.randint(6 * 60 + 30, 20 * 60 + 30)
    run = rng.randint(55, 170)
    p = fake_person(rng)
    seat = f"{rng.randint(1, 45)}{rng.choice('ABCHJK')}"
    board = dep - rng.choice((20, 25, 30))
    payload = bcbp(p.surname_romaji, p.given_romaji, token(rng, 6), ac, bc, code, no,
                   d.timetuple().tm_yday, "Y", seat, rng.randint(1, 300))
    return TicketSpec(
        lang="ja", title=ctx.pick(("搭乗券", "モバイル搭乗券", "搭乗用2次元バーコード"), ("搭乗案内", "eチケット搭乗券")),
        brand=brand, icon="plane", accent=_accent(ctx, ((0, 60, 140), (0, 110, 190), (200, 30, 60), (10, 40, 90)),
                                                  _HELD_ACCENTS),
        headline=f"{code}{no}便" if rng.random() < 0.5 else f"{code} {no}",
        subline=jp_date(d, rng),
        origin=(f"{a}" if rng.random() < 0.5 else ac, rng.choice((f"{jp_time(dep)} 発", f"{a} {jp_time(dep)}"))),
        dest=(f"{b}" if rng.random() < 0.5 else bc, rng.choice((f"{jp_time(dep + run)} 着", f"{b} {jp_time(dep + run)}"))),
        highlights=[("搭乗口", str(rng.randint(1, 70)) if rng.random() < 0.8 else "未定"), ("座席", seat),
                    ("搭乗開始", jp_time(board))],
        details=[
            ("搭乗者", rng.choice((f"{p.surname_romaji}/{p.given_romaji} {'MR' if p.sex == 'M' else 'MS'}", f"{p.name} 様"))),
            ("予約番号", random_digits(rng, rng.choice((4, 6)))),
            ("保安検査場通過期限", jp_time(board - 15)),
            ("クラス", rng.choice(("普通席", "プレミアムクラス", "クラスJ", "エコノミー"))),
            ("運賃種別", rng.choice(("バリュー3", "スーパー早割", "株主優待割引", "大人普通運賃"))),
        ],
        code=(rng.choice(("qr", "qr", "aztec")), payload),
        code_caption=rng.choice(("保安検査場・搭乗口でこの2次元バーコードをかざしてください", "搭乗口で画面をご提示ください")),
        notes=rng.sample(["出発時刻の20分前までに保安検査場をご通過ください。", "搭乗口は変更になる場合があります。",
                          "お手荷物の預け入れは出発の20分前までです。"], k=rng.randint(1, 2)),
        buttons=rng.sample(["座席を変更", "Walletに追加", "搭乗券を保存"], k=rng.randint(0, 2)),
        sections=("フライト", "搭乗案内", "ご予約内容"), code_first=rng.random() < 0.4,
    )


def spec_boarding_pass(ctx: ScreenCtx) -> TicketSpec:
    rng = ctx.rng
    (ac, an), (bc, bn) = rng.sample(_WORLD_AIRPORTS, 2)
    brand, code = ctx.pick((("Northwind Airways", "NW"), ("Blue Heron Air", "BH"), ("Aurora Atlantic", "AU"),
                            ("Meridian Sky", "MS")), (("Kestrel Airlines", "KS"), ("Polaris Air", "PX")))
    no = rng.randint(10, 2999)
    d = _date(rng)
    dep = rng.randint(6 * 60, 22 * 60 + 30)
    run = rng.randint(60, 720)
    p = fake_person(rng)
    sur, giv = (p.western_surname, p.western_given) if rng.random() < 0.7 else (p.surname_romaji, p.given_romaji)
    seat = f"{rng.randint(1, 58)}{rng.choice('ABCDEFHJK')}"
    pnr = token(rng, 6)
    board = dep - rng.choice((30, 40, 45))
    fmt = ctx.pick(("pdf417", "pdf417", "aztec", "qr"), ("pdf417", "aztec"))
    payload = bcbp(sur.replace(" ", ""), giv, pnr, ac, bc, code, no, d.timetuple().tm_yday,
                   rng.choice("YYYMWJ"), seat, rng.randint(1, 400))
    return TicketSpec(
        lang="en", title=ctx.pick(("Boarding pass", "Boarding Pass", "Your boarding pass", "Mobile boarding pass"),
                                  ("Boarding card", "Trip pass")),
        brand=brand, icon="plane",
        accent=_accent(ctx, ((12, 45, 110), (0, 102, 204), (190, 30, 45), (90, 40, 140), (20, 20, 20)), _HELD_ACCENTS),
        headline=f"{code} {no}", subline=en_date(d, rng),
        origin=(ac, rng.choice((an, f"{an} · {_hhmm(dep)}"))), dest=(bc, rng.choice((bn, f"{bn} · {_hhmm(dep + run)}"))),
        duration=_dur_en(run) if rng.random() < 0.5 else "",
        highlights=[("Gate", f"{rng.choice('ABCDEFG')}{rng.randint(1, 60)}"), ("Boarding", _hhmm(board)), ("Seat", seat),
                    ("Group", str(rng.randint(1, 6))), ("Flight", f"{code}{no}"), ("Departs", _hhmm(dep))],
        details=[
            ("Passenger", rng.choice((f"{sur}/{giv} {rng.choice(('MR', 'MS', 'MRS'))}", f"{giv.title()} {sur.title()}"))),
            ("Booking ref", pnr), ("Class", rng.choice(("Economy", "Premium Economy", "Business", "Economy Light"))),
            ("Seq", f"{rng.randint(1, 400):03d}"), ("Terminal", str(rng.randint(1, 5))),
            ("Frequent flyer", f"{code} {random_digits(rng, 9)}") if rng.random() < 0.4 else ("Bags", str(rng.randint(0, 2))),
        ],
        code=(fmt, payload), code_caption=rng.choice(("Gate closes 20 minutes before departure", "Scan at security and gate",
                                                      "")),
        notes=rng.sample(["Boarding times are subject to change. Check the departure screens.",
                          "Please have your passport ready at the gate.",
                          "Hand baggage: 1 bag up to 8 kg plus 1 small item."], k=rng.randint(0, 2)),
        buttons=rng.sample(["Add to Wallet", "Download PDF", "Trip details"], k=rng.randint(0, 2)),
        sections=("Date", "Flight", "Details"), code_first=rng.random() < 0.3,
    )


# ------------------------------------------------------------------------------------------ buses

_BUS_STOPS = (("バスタ新宿（南口）", 0), ("東京駅八重洲南口", 0), ("大阪梅田（高速BT）", 520), ("京都駅八条口", 470),
              ("名古屋駅（名鉄BC）", 330), ("仙台駅東口", 350), ("金沢駅西口", 470), ("新潟駅前", 320),
              ("横浜駅東口", 30), ("なんば（OCAT）", 530), ("広島バスセンター", 760), ("長野駅東口", 230))


def spec_highway_bus(ctx: ScreenCtx) -> TicketSpec:
    rng = ctx.rng
    (a, ma), (b, mb) = rng.sample(_BUS_STOPS, 2)
    run = max(60, abs(ma - mb))
    night = run > 300 and rng.random() < 0.7
    dep = rng.randint(22 * 60, 23 * 60 + 40) if night else rng.randint(7 * 60, 17 * 60)
    d = _date(rng)
    p = fake_person(rng)
    fare = round((run * 12 + 1500) / 100) * 100
    name = ctx.pick(("スターライナー", "さくらエクスプレス", "ドリームリンク", "ハイウェイライナー"), ("ほしぞら号", "ミッドナイトブルー"))
    code = ctx.rng.choice((("qr", f"BUS{random_digits(rng, 14)}"), ("code128", f"{random_digits(rng, 12)}"), None))
    return TicketSpec(
        lang="ja", title=ctx.pick(("乗車券", "eチケット", "予約詳細", "乗車票"), ("ご予約の確認", "スマホ乗車券")),
        brand=ctx.pick(("バスなび予約", "高速バスネット", "ハイウェイチケット"), ("バスもっと", "のりあいWeb")),
        icon="bus", accent=_accent(ctx, ((230, 90, 20), (0, 120, 200), (220, 0, 90), (40, 40, 140)), _HELD_ACCENTS),
        headline=f"{name} {rng.randint(1, 30)}号", subline=jp_date(d, rng),
        origin=(a, f"{jp_time(dep)}発"), dest=(b, f"{jp_time(dep + run)}着" + (" (翌日)" if night else "")),
        duration=_dur_ja(run),
        highlights=[("座席", f"{rng.randint(1, 12)}{rng.choice('ABCD')}"), ("人数", f"大人{rng.choice((1, 1, 2))}名"),
                    ("号車", f"{rng.randint(1, 3)}号車")],
        details=[("予約番号", f"{random_digits(rng, 4)}-{random_digits(rng, 4)}"), ("代表者", _jp_name(p, rng)),
                 ("乗車場所", a), ("降車場所", b), ("運賃", _yen(fare, rng)),
                 ("電話番号", p.phone if rng.random() < 0.5 else f"{p.phone[:3]}-****-{p.phone[-4:]}")],
        code=code, code_caption="乗車時に乗務員へこの画面をご提示ください" if code else "",
        notes=rng.sample(["発車時刻の10分前までに乗車場所へお越しください。", "この画面が乗車券となります。",
                          "座席はリクライニング可、トイレ付きの車両です。"], k=rng.randint(1, 2)),
        buttons=rng.sample(["予約をキャンセル", "乗車場所の地図", "乗車券を表示"], k=rng.randint(0, 2)),
        sections=("乗車区間", "座席", "予約内容"), code_first=rng.random() < 0.3,
    )


# ------------------------------------------------------------------------------------------ events

_ARTISTS = ("STELLAR BLOOM", "ミッドナイト・ソーダ", "青空カルテット", "NEON LAGOON", "月灯りオーケストラ", "The Paper Kites Club",
            "SUNNY PARADE", "ハルカゼ", "Velvet Harbor", "Echo Garden")
_VENUES_JA = ("横浜アリーナ", "日本武道館", "大阪城ホール", "さいたまスーパーアリーナ", "東京ドーム", "Zepp 羽田", "幕張メッセ",
              "マリンメッセ福岡", "名古屋ガイシホール", "有明アリーナ")
_VENUES_EN = ("Riverside Arena", "Harbour Hall", "Northgate Stadium", "The Lantern Theatre", "Kingsway Arena",
              "Parkside Amphitheatre", "Central Exhibition Hall")


def spec_event(ctx: ScreenCtx) -> TicketSpec:
    rng = ctx.rng
    d = _date(rng)
    p = fake_person(rng)
    artist = rng.choice(_ARTISTS)
    open_t = rng.randint(15 * 60, 18 * 60 + 30)
    code = ("qr", f"TKT-{token(rng, 4)}-{random_digits(rng, 10)}")
    if rng.random() < 0.5:
        tour = rng.choice(("LIVE TOUR 2025", "ARENA TOUR", "単独公演", "10th Anniversary LIVE", "ツアーファイナル"))
        block = rng.choice(("A", "B", "C")) + str(rng.randint(1, 12))
        return TicketSpec(
            lang="ja", title=ctx.pick(("電子チケット", "チケット", "入場用チケット", "マイチケット"), ("スマチケ", "入場QR")),
            brand=ctx.pick(("チケットプラス", "チケとる", "eチケ", "LIVEパス"), ("チケットポケット", "ぴたチケ")),
            icon="ticket", accent=_accent(ctx, ((230, 0, 120), (110, 50, 200), (0, 160, 200), (250, 120, 0)),
                                          _HELD_ACCENTS),
            headline=f"{artist} {tour}", subline=jp_date(d, rng) + f" 開場{jp_time(open_t)} / 開演{jp_time(open_t + 60)}",
            highlights=rng.choice(([("ブロック", block), ("列", f"{rng.randint(1, 40)}列"), ("番", f"{rng.randint(1, 60)}番")],
                                   [("座席", f"アリーナ{block}ブロック {rng.randint(1, 40)}列 {rng.randint(1, 60)}番")],
                                   [("整理番号", f"A{rng.randint(1, 1500)}"), ("入場", "スタンディング")])),
            details=[("会場", rng.choice(_VENUES_JA)), ("券種", rng.choice(("指定席", "S席", "スタンディング", "VIP席"))),
                     ("購入者", _jp_name(p, rng)), ("受付番号", f"{token(rng, 2)}{random_digits(rng, 8)}"),
                     ("枚数", f"{rng.choice((1, 2))}枚")],
            code=code, code_caption="入場時にこのQRコードをスタッフにご提示ください",
            notes=rng.sample(["スクリーンショットでの入場はできません。", "公演当日は本人確認を行う場合があります。",
                              "開演時間を過ぎると入場できない場合があります。"], k=rng.randint(1, 2)),
            buttons=rng.sample(["チケットを分配", "公演情報", "入場画面を表示"], k=rng.randint(0, 2)),
            sections=("", "座席", "チケット情報"), code_first=rng.random() < 0.5,
        )
    ctx.typo.latin = rng.random() < 0.6
    return TicketSpec(
        lang="en", title=ctx.pick(("My Tickets", "Your ticket", "E-ticket", "Tickets"), ("Mobile entry", "Event pass")),
        brand=ctx.pick(("TicketHub", "Gatekeep", "SeatSpot", "EventWave"), ("Turnstyle", "Doorline")),
        icon="ticket", accent=_accent(ctx, ((2, 108, 223), (230, 0, 110), (20, 20, 20), (120, 60, 220)), _HELD_ACCENTS),
        headline=f"{artist} — {rng.choice(('World Tour', 'Live', 'In Concert', 'Summer Nights'))}",
        subline=f"{en_date(d, rng)} · Doors {_hhmm(open_t)}",
        highlights=rng.choice(([("Section", str(rng.randint(101, 330))), ("Row", rng.choice("ABCDEFGHJKLMN")),
                                ("Seat", str(rng.randint(1, 40)))],
                               [("Entrance", rng.choice(("Gate A", "Gate C", "North"))), ("Admission", "General")])),
        details=[("Venue", rng.choice(_VENUES_EN)), ("Ticket holder", f"{p.western_given.title()} {p.western_surname.title()}"),
                 ("Order no.", f"{random_digits(rng, 2)}-{random_digits(rng, 5)}/{token(rng, 3)}"),
                 ("Ticket type", rng.choice(("Standard Admission", "Reserved Seating", "VIP Package")))],
        code=code, code_caption=rng.choice(("Show this code at the entrance", "Screen brightness up for faster entry", "")),
        notes=rng.sample(["No re-entry.", "Bags larger than A4 are not permitted.", "This ticket admits one."],
                         k=rng.randint(0, 2)),
        buttons=rng.sample(["Add to Wallet", "Transfer", "View event"], k=rng.randint(0, 2)),
        sections=("", "Seat", "Details"), code_first=rng.random() < 0.6,
    )


def spec_cinema(ctx: ScreenCtx) -> TicketSpec:
    rng = ctx.rng
    d = _date(rng)
    start = rng.randint(9 * 60, 22 * 60)
    p = fake_person(rng)
    seat = f"{rng.choice('ABCDEFGHJKLMN')}-{rng.randint(1, 24)}"
    if rng.random() < 0.6:
        film = rng.choice(("星降る町の約束", "名探偵ミナト 最後の事件", "海辺のシグナル", "ドラゴン・キッチン", "夏空リレー"))
        return TicketSpec(
            lang="ja", title=ctx.pick(("購入完了", "チケット", "座席指定券", "購入履歴"), ("入場用QR", "鑑賞チケット")),
            brand=ctx.pick(("シネマパレット", "ムービーステーション", "シネマリンク"), ("えいがのまど", "スクリーンワン")),
            icon="ticket", accent=_accent(ctx, ((200, 20, 40), (30, 30, 30), (240, 150, 0), (0, 90, 160)), _HELD_ACCENTS),
            headline=film, subline=jp_date(d, rng) + f" {jp_time(start)}〜{jp_time(start + rng.randint(95, 150))}",
            highlights=[("スクリーン", f"スクリーン{rng.randint(1, 12)}"), ("座席", seat), ("枚数", f"{rng.choice((1, 2))}枚")],
            details=[("劇場", rng.choice(("新宿", "梅田", "横浜みなとみらい", "名古屋", "池袋")) + "劇場"),
                     ("購入番号", random_digits(rng, 8)), ("券種", rng.choice(("一般", "大学生", "シニア", "レイトショー"))),
                     ("合計", _yen(rng.choice((1900, 2000, 1500, 3800, 1200)), rng)), ("会員名", _jp_name(p, rng))],
            code=("qr", f"CIN{random_digits(rng, 16)}"), code_caption="入場時に係員へQRコードをご提示ください",
            notes=["上映開始時刻を過ぎるとご入場いただけない場合があります。"] if rng.random() < 0.5 else [],
            buttons=rng.sample(["カレンダーに追加", "劇場の地図"], k=rng.randint(0, 1)),
            sections=("", "座席", "購入内容"), code_first=rng.random() < 0.5,
        )
    ctx.typo.latin = rng.random() < 0.6
    film = rng.choice(("The Last Lighthouse", "Paper Moon Over Brixton", "Quiet Orbit", "Midnight Bakery", "Glass Rivers"))
    return TicketSpec(
        lang="en", title=ctx.pick(("Your tickets", "Booking confirmed", "Ticket"), ("Entry pass", "Cinema ticket")),
        brand=ctx.pick(("Cinelux", "ReelHouse", "Picturedrome"), ("FrameOne", "Lumen Cinemas")),
        icon="ticket", accent=_accent(ctx, ((180, 0, 40), (20, 20, 60), (230, 120, 0)), _HELD_ACCENTS),
        headline=film, subline=f"{en_date(d, rng)} · {_hhmm(start)}",
        highlights=[("Screen", str(rng.randint(1, 14))), ("Seat", seat), ("Tickets", str(rng.choice((1, 2, 3))))],
        details=[("Cinema", rng.choice(("Leicester Square", "Canal Street", "Riverside", "Old Town"))),
                 ("Booking ref", token(rng, 8)), ("Total", f"£{rng.randint(8, 30)}.{rng.choice(('00', '50', '95'))}"),
                 ("Name", p.english_name)],
        code=("qr", f"RH{token(rng, 14)}"), code_caption="Scan at the entrance to the screen",
        buttons=rng.sample(["Add to calendar", "Directions"], k=rng.randint(0, 1)),
        sections=("", "Seat", "Booking"), code_first=rng.random() < 0.5,
    )


# -------------------------------------------------------------------------------------- UK/EU rail

_UK_ROUTES = (("London Euston", "Manchester Piccadilly", 128), ("London King's Cross", "Edinburgh", 262),
              ("London King's Cross", "York", 112), ("Birmingham New Street", "London Euston", 82),
              ("London Paddington", "Bristol Temple Meads", 98), ("London Paddington", "Cardiff Central", 118),
              ("Leeds", "London King's Cross", 134), ("Glasgow Central", "London Euston", 272))
_EU_ROUTES = (("Paris Gare de Lyon", "Lyon Part-Dieu", 117), ("Amsterdam Centraal", "Brussels-Midi", 112),
              ("Köln Hbf", "Berlin Hbf", 265), ("München Hbf", "Frankfurt (Main) Hbf", 200),
              ("Wien Hbf", "Salzburg Hbf", 150), ("Milano Centrale", "Roma Termini", 180))


def spec_eu_rail(ctx: ScreenCtx) -> TicketSpec:
    rng = ctx.rng
    uk = rng.random() < 0.6
    a, b, run = rng.choice(_UK_ROUTES if uk else _EU_ROUTES)
    if rng.random() < 0.5:
        a, b = b, a
    d = _date(rng)
    dep = rng.randint(5 * 60 + 30, 21 * 60)
    p = fake_person(rng)
    ref = token(rng, 8)
    ctx.typo.latin = rng.random() < 0.6
    if uk:
        price = f"£{rng.randint(12, 180)}.{rng.choice(('00', '10', '40', '60', '90'))}"
        headline = rng.choice(("Advance Single", "Off-Peak Return", "Anytime Day Single", "Super Off-Peak Single"))
    else:
        price = f"€{rng.randint(19, 160)},{rng.choice(('00', '90', '50'))}"
        headline = rng.choice(("Flex Fare · 2nd class", "Saver Fare · 1st class", "Standard Ticket", "Super Saver"))
    coach = rng.choice("ABCDEFGHJKLMU") if uk else str(rng.randint(1, 14))
    fmt = ctx.pick(("aztec", "aztec", "qr"), ("aztec", "qr"))
    if fmt == "qr":
        payload = f"#UT01{token(rng, 20)}{ref}"
    else:  # a UIC/RSP-like binary blob, base64-ish
        payload = "06" + token(rng, 62, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    details = [("Booking reference", ref), ("Passenger", p.english_name if rng.random() < 0.7 else p.romaji.title()),
               ("Price", price), ("Ticket number", f"{token(rng, 3)}{random_digits(rng, 7)}")]
    if uk and rng.random() < 0.4:
        details.append(("Railcard", rng.choice(("16-25 Railcard", "Two Together", "Senior Railcard"))))
    if not uk and rng.random() < 0.5:
        details.append(("Valid", "Only on the booked train"))
    return TicketSpec(
        lang="en", title=ctx.pick(("Your e-ticket", "Ticket", "My tickets", "Mobile ticket"), ("Journey ticket", "Travel pass")),
        brand=ctx.pick(("Trainly", "Railwise", "PlatformOne", "TrackTix"), ("Rail&Go", "Interline")),
        icon="train", accent=_accent(ctx, ((0, 160, 130), (0, 60, 120), (110, 40, 160), (220, 50, 50)), _HELD_ACCENTS),
        headline=headline, subline=en_date(d, rng),
        origin=(a, f"Dep {_hhmm(dep)}" if rng.random() < 0.6 else _hhmm(dep)),
        dest=(b, f"Arr {_hhmm(dep + run)}" if rng.random() < 0.6 else _hhmm(dep + run)),
        duration=_dur_en(run) if rng.random() < 0.5 else "",
        highlights=[("Coach", coach), ("Seat", f"{rng.randint(1, 88)}{rng.choice(('', '', 'A', 'F'))}"),
                    ("Platform", str(rng.randint(1, 19)) if rng.random() < 0.6 else "TBC")],
        details=details, code=(fmt, payload),
        code_caption=rng.choice(("Scan this barcode at the ticket gate", "Show this ticket to the conductor",
                                 "Valid only with the named passenger's photo ID", "")),
        notes=rng.sample(["Keep your phone charged: you must show this ticket for inspection.",
                          "Seat reservations are not guaranteed if the train is replaced.",
                          "Travel is only valid on the booked service."], k=rng.randint(0, 2)),
        buttons=rng.sample(["Add to Wallet", "Journey details", "Change journey"], k=rng.randint(0, 2)),
        sections=("Journey", "Seat", "Booking"), code_first=rng.random() < 0.6,
    )


TICKET_SPECS: dict[str, Callable[[ScreenCtx], TicketSpec]] = {
    "shinkansen_ex": spec_shinkansen_ex,
    "jr_east_eticket": spec_jr_east,
    "limited_express": spec_limited_express,
    "domestic_flight": spec_domestic_flight,
    "highway_bus": spec_highway_bus,
    "event_eticket": spec_event,
    "cinema_ticket": spec_cinema,
    "eu_rail_eticket": spec_eu_rail,
    "boarding_pass": spec_boarding_pass,
}
