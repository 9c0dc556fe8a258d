"""Non-ticket app screens (hard negatives): chat, settings, map, home screen, news, route search,
shopping order, photo gallery and a payment-code screen."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

from pii_scan.synth.common import fake_date, fake_person, random_digits
from pii_scan.synth.screens_codes import token
from pii_scan.synth.screens_tickets import en_date, jp_date, jp_time
from pii_scan.synth.screens_ui import RGB, Canvas, Page, ScreenCtx, mix

__all__ = ["NEGATIVE_BUILDERS"]

_HELD = ((0, 128, 128), (128, 128, 0), (128, 0, 32), (120, 72, 40), (95, 95, 110))
_VIVID = ((255, 59, 48), (255, 149, 0), (255, 204, 0), (52, 199, 89), (0, 199, 190), (0, 122, 255),
          (88, 86, 214), (175, 82, 222), (255, 45, 85), (142, 142, 147), (6, 199, 85), (30, 30, 30))


def _en(ctx: ScreenCtx, p: float = 0.4) -> bool:
    """Decide the UI language; English screens may use a Latin-only family."""
    en = ctx.rng.random() < p
    if en:
        ctx.typo.latin = ctx.rng.random() < 0.6
        ctx.lang = "en"
    return en


def _finish(c: Canvas, bottom: int, variation: str, **kw: object) -> Page:
    page = Page(body=c.crop_used(bottom), content_bg=c.img.getpixel((0, max(0, bottom - 1))), variation=variation)  # type: ignore[arg-type]
    for k, v in kw.items():
        setattr(page, k, v)
    page.codes = list(c.codes)
    return page


def _photo(rng: random.Random, w: int, h: int) -> Image.Image:
    """A cheap photo-like thumbnail: sky/ground gradient with blurred blobs."""
    top = tuple(rng.randint(40, 230) for _ in range(3))
    bot = tuple(rng.randint(20, 200) for _ in range(3))
    sw, sh = max(4, w // 8), max(4, h // 8)
    img = Image.new("RGB", (sw, sh))
    d = ImageDraw.Draw(img)
    horizon = rng.uniform(0.3, 0.8) * sh
    for y in range(sh):
        t = y / sh
        c = mix(top, bot, t) if y < horizon else mix(bot, (bot[0] // 2, bot[1] // 2, bot[2] // 2), t)  # type: ignore[arg-type]
        d.line((0, y, sw, y), fill=c)
    for _ in range(rng.randint(2, 6)):
        x, y, r = rng.uniform(0, sw), rng.uniform(0, sh), rng.uniform(sw * 0.05, sw * 0.35)
        d.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randint(0, 255) for _ in range(3)))
    img = img.filter(ImageFilter.GaussianBlur(max(1, sw / 30)))
    return img.resize((w, h), Image.Resampling.BILINEAR)


# ------------------------------------------------------------------------------------------ chat

_CHAT_JA = [
    ("L", "明日の新幹線、何時だっけ？"), ("R", "10:00東京発ののぞみだよ"), ("R", "8号車の12AとBね"),
    ("L", "了解！駅で待ち合わせしよう"), ("L", "予約ありがとう！"), ("R", "ホテルも予約しておいた"),
    ("L", "お土産なに買う？"), ("R", "改札前に9:40でどう？"), ("L", "OK"), ("R", "雨らしいから傘持ってきて"),
    ("L", "今日の夜ご飯どうする？"), ("R", "カレーにしよう"), ("L", "了解です"), ("R", "今から帰るね"),
    ("L", "写真ありがとう！"), ("R", "週末の予定空いてる？"), ("L", "土曜なら大丈夫"), ("R", "じゃあ映画行こう"),
    ("L", "チケットは当日買えばいいかな"), ("R", "席取っておくね"), ("L", "遅れそう、10分くらい"), ("R", "大丈夫だよ〜"),
]
_CHAT_EN = [
    ("L", "What time is the train tomorrow?"), ("R", "10:00 from King's Cross"), ("R", "See you at 9:40 by the gates"),
    ("L", "Perfect, I'll bring coffee"), ("L", "Did you book the hotel?"), ("R", "Yes, confirmation is in my email"),
    ("L", "Running 5 min late sorry!"), ("R", "No worries"), ("L", "Dinner tonight?"), ("R", "Sure, 7pm?"),
    ("L", "Sent you the photos"), ("R", "Thanks!! They look great"), ("L", "Flight lands at 18:20"),
    ("R", "I'll pick you up at arrivals"), ("L", "Concert was amazing"), ("R", "We should go again next year"),
]


def build_chat(ctx: ScreenCtx) -> Page:
    rng = ctx.rng
    en = _en(ctx, 0.35)
    accent = ctx.pick(((6, 199, 85), (0, 132, 255), (37, 211, 102)), _HELD)
    theme = ctx.theme(accent)
    bg_choices: tuple[RGB, ...] = ((137, 168, 209), (160, 185, 215), (255, 255, 255), (236, 229, 221))
    held_bg: tuple[RGB, ...] = ((200, 190, 170), (210, 225, 200))
    chat_bg: RGB = (20, 20, 24) if ctx.dark else ctx.pick(bg_choices, held_bg)
    c = ctx.canvas(theme, h=round(ctx.h * 1.4), bg=chat_bg)
    right_bg = accent if ctx.heldout or rng.random() < 0.4 else (133, 224, 113)
    right_fg: RGB = (255, 255, 255) if sum(right_bg) < 450 else (20, 20, 20)
    left_bg: RGB = (44, 44, 46) if ctx.dark else (255, 255, 255) if chat_bg != (255, 255, 255) else (233, 233, 235)
    msgs = list(_CHAT_EN if en else _CHAT_JA)
    start = rng.randrange(len(msgs))
    msgs = msgs[start:] + msgs[:start]
    y = c.p(14)
    day = fake_date(rng, dt.date(2024, 1, 1), dt.date(2026, 12, 1))
    label = en_date(day, rng) if en else jp_date(day, rng)
    lw = c.tw(label, 12) + c.p(20)
    c.rrect((c.w / 2 - lw / 2, y, c.w / 2 + lw / 2, y + c.p(24)), c.p(12), fill=mix(chat_bg, (0, 0, 0), 0.15))
    c.text(c.w / 2, y + c.p(12), label, 12, (255, 255, 255), anchor="mm")
    y += c.p(40)
    t = rng.randint(8 * 60, 21 * 60)
    avatar = rng.choice(_VIVID)
    pt = rng.choice((15, 16, 16.5))
    i = 0
    while y < c.h - c.p(120):
        side, text = msgs[i % len(msgs)]
        i += 1
        t += rng.randint(0, 9)
        stamp = f"{'午前' if t < 720 else '午後'}{(t // 60 - 1) % 12 + 1}:{t % 60:02d}" if not en and rng.random() < 0.5 \
            else jp_time(t)
        if rng.random() < 0.08:  # a photo message
            pw, ph = c.p(180), c.p(rng.choice((135, 240)))
            x = c.w - c.p(16) - pw if side == "R" else c.p(60)
            ph_img = _photo(rng, pw, ph)
            mask = Image.new("L", (pw, ph), 0)
            ImageDraw.Draw(mask).rounded_rectangle((0, 0, pw, ph), radius=c.p(14), fill=255)
            c.img.paste(ph_img, (x, y), mask)
            y += ph + c.p(12)
            continue
        fnt_w = c.tw(text, pt)
        maxw = c.w * 0.62
        bw = min(fnt_w, maxw) + c.p(26)
        lines = 1 if fnt_w <= maxw else math.ceil(fnt_w / maxw)
        bh = c.p(pt * 1.45) * lines + c.p(18)
        if side == "R":
            x1 = c.w - c.p(14)
            x0 = x1 - bw
            c.rrect((x0, y, x1, y + bh), c.p(18), fill=right_bg)
            c.wrap(x0 + c.p(13), y + c.p(8), text, pt, maxw, right_fg)
            small = mix((255, 255, 255), chat_bg, 0.2) if chat_bg[0] < 200 or ctx.dark else (120, 120, 120)
            c.text(x0 - c.p(6), y + bh, stamp, 10.5, small, anchor="rd")
            if not en and rng.random() < 0.7:
                c.text(x0 - c.p(6), y + bh - c.p(15), "既読", 10.5, small, anchor="rd")
        else:
            c.circle(c.p(32), y + c.p(18), c.p(18), fill=avatar)
            x0 = c.p(60)
            c.rrect((x0, y, x0 + bw, y + bh), c.p(18), fill=left_bg)
            c.wrap(x0 + c.p(13), y + c.p(8), text, pt, maxw, (235, 235, 235) if ctx.dark else (20, 20, 20))
            small = mix((255, 255, 255), chat_bg, 0.2) if chat_bg[0] < 200 or ctx.dark else (120, 120, 120)
            c.text(x0 + bw + c.p(6), y + bh, stamp, 10.5, small, anchor="ld")
        y += bh + c.p(rng.choice((8, 12, 16)))
    name_p = fake_person(rng)
    title = name_p.english_name if en else rng.choice((name_p.name, name_p.given, f"{name_p.surname}さん", "家族グループ(4)"))
    header = ctx.header(theme, title, tinted=ctx.heldout and rng.random() < 0.5, right="menu", center=rng.random() < 0.5)
    # input bar
    f = Canvas(ctx.w, c.p(56), theme, ctx.typo, theme.surface if not ctx.dark else (30, 30, 32))
    f.text(f.p(22), f.p(28), "+", 26, theme.muted, anchor="mm")
    f.rrect((f.p(48), f.p(10), f.w - f.p(60), f.p(46)), f.p(18), fill=mix(f.img.getpixel((1, 1)), (128, 128, 128), 0.15))  # type: ignore[arg-type]
    f.text(f.p(62), f.p(28), "Aa" if en else "メッセージを入力", 15, theme.muted, anchor="lm")
    f.circle(f.w - f.p(30), f.p(28), f.p(10), outline=theme.muted, width=f.p(2))
    page = Page(body=c.crop_used(y), header=header, footer=f.img, content_bg=chat_bg, variation="chat")
    page.bar_color = header.getpixel((1, 1))  # type: ignore[assignment]
    return page


# ------------------------------------------------------------------------------------- settings

_SETTINGS_JA = [("機内モード", "toggle"), ("Wi-Fi", "HOME-5G"), ("Bluetooth", "オン"), ("モバイル通信", ""),
                ("インターネット共有", "オフ"), None, ("通知", ""), ("サウンドと触覚", ""), ("集中モード", ""),
                ("スクリーンタイム", ""), None, ("一般", ""), ("コントロールセンター", ""), ("画面表示と明るさ", ""),
                ("ホーム画面", ""), ("アクセシビリティ", ""), ("壁紙", ""), ("バッテリー", ""), ("プライバシー", "")]
_SETTINGS_EN = [("Airplane Mode", "toggle"), ("Wi-Fi", "Home_Net"), ("Bluetooth", "On"), ("Mobile Data", ""),
                ("Personal Hotspot", "Off"), None, ("Notifications", ""), ("Sounds & Haptics", ""), ("Focus", ""),
                ("Screen Time", ""), None, ("General", ""), ("Control Centre", ""), ("Display & Brightness", ""),
                ("Home Screen", ""), ("Accessibility", ""), ("Wallpaper", ""), ("Battery", ""), ("Privacy", "")]


def build_settings(ctx: ScreenCtx) -> Page:
    rng = ctx.rng
    en = _en(ctx, 0.4)
    theme = ctx.theme(ctx.pick(((0, 122, 255), (26, 115, 232)), _HELD))
    grouped = ctx.pick((True, True, False), (False,))
    bg = theme.bg if not grouped or theme.dark else (242, 242, 247)
    c = ctx.canvas(theme, bg=bg)
    t = theme
    m = c.p(16) if grouped else 0
    y = c.p(8)
    c.text(c.p(18), y, "Settings" if en else "設定", 32, bold=True)
    y += c.p(52)
    c.rrect((c.p(16), y, c.w - c.p(16), y + c.p(38)), c.p(10), fill=mix(bg, (128, 128, 128), 0.18))
    c.icon("search", c.p(34), y + c.p(19), c.p(16), t.muted)
    c.text(c.p(50), y + c.p(19), "Search" if en else "検索", 16, t.muted, anchor="lm")
    y += c.p(58)
    p = fake_person(rng)
    c.rrect((m, y, c.w - m, y + c.p(80)), c.p(12) if grouped else 0, fill=t.surface)
    c.circle(m + c.p(44), y + c.p(40), c.p(28), fill=rng.choice(_VIVID))
    c.text(m + c.p(44), y + c.p(40), (p.western_given[0] + p.western_surname[0]) if en else p.surname[0], 20,
           (255, 255, 255), anchor="mm", bold=True)
    c.text(m + c.p(84), y + c.p(24), p.english_name if en else p.name, 19)
    c.text(m + c.p(84), y + c.p(50), "Account, Cloud, Media & Purchases" if en else "アカウント、クラウド、メディアと購入",
           12.5, t.muted, max_w=c.w - m - c.p(130))
    c.chevron(c.w - m - c.p(24), y + c.p(40), c.p(12), t.muted, "right")
    y += c.p(104)
    rows = _SETTINGS_EN if en else _SETTINGS_JA
    rh = c.p(46)
    group_start = y
    for item in rows:
        if item is None:
            y += c.p(30)
            group_start = y
            continue
        label, value = item
        c.d.rectangle((m, y, c.w - m, y + rh), fill=t.surface)
        if grouped and y == group_start:
            c.rrect((m, y, c.w - m, y + rh), c.p(12), fill=t.surface)
            c.d.rectangle((m, y + rh / 2, c.w - m, y + rh), fill=t.surface)
        ix = m + c.p(16)
        c.rrect((ix, y + c.p(8), ix + c.p(30), y + c.p(38)), c.p(7), fill=rng.choice(_VIVID))
        c.text(ix + c.p(44), y + rh / 2, label, 16.5, anchor="lm")
        if value == "toggle":
            on = rng.random() < 0.3
            tx = c.w - m - c.p(66)
            c.rrect((tx, y + c.p(8), tx + c.p(51), y + c.p(38)), c.p(15), fill=(52, 199, 89) if on else t.divider)
            c.circle(tx + (c.p(36) if on else c.p(15)), y + c.p(23), c.p(13), fill=(255, 255, 255))
        else:
            c.chevron(c.w - m - c.p(24), y + rh / 2, c.p(11), t.muted, "right")
            if value:
                c.text(c.w - m - c.p(36), y + rh / 2, value, 16, t.muted, anchor="rm")
        c.hline(ix + c.p(44), c.w - m, y + rh - 1, t.divider)
        y += rh
    return _finish(c, y + c.p(30), "settings_grouped" if grouped else "settings_plain",
                   bar_color=bg)


# ------------------------------------------------------------------------------------------- map

_MAP_JA = ("東京駅", "有楽町駅", "新橋駅", "神田駅", "大手町駅", "日本橋駅", "銀座駅", "京橋駅", "二重橋前駅", "秋葉原駅",
           "新宿駅", "代々木駅", "渋谷駅", "原宿駅", "梅田駅", "なんば駅", "京都駅", "名古屋駅")
_MAP_EN = ("King's Cross", "Euston", "St Pancras", "Angel", "Farringdon", "Holborn", "Russell Square", "Old Street",
           "Liverpool Street", "Bank", "Moorgate", "Barbican", "Warren Street", "Oxford Circus")


def build_map(ctx: ScreenCtx) -> Page:
    rng = ctx.rng
    en = _en(ctx, 0.35)
    theme = ctx.theme(ctx.pick(((26, 115, 232), (0, 122, 255)), _HELD))
    land: RGB = (36, 40, 48) if ctx.dark else ctx.pick(((242, 239, 233), (245, 243, 240), (232, 234, 237)),
                                                     ((238, 232, 214), (228, 236, 228)))
    c = ctx.canvas(theme, h=ctx.h, bg=land)
    d = c.d
    road: RGB = (70, 76, 88) if ctx.dark else (255, 255, 255)
    major: RGB = (110, 100, 70) if ctx.dark else (252, 214, 112)
    for _ in range(rng.randint(2, 4)):  # parks
        x, y = rng.uniform(0, c.w), rng.uniform(0, c.h)
        pw, ph = rng.uniform(0.1, 0.35) * c.w, rng.uniform(0.05, 0.2) * c.h
        d.rounded_rectangle((x, y, x + pw, y + ph), radius=c.p(8), fill=(42, 70, 50) if ctx.dark else (200, 230, 190))
    if rng.random() < 0.6:  # river
        pts = [(-50, rng.uniform(0, c.h))]
        for k in range(1, 7):
            pts.append((c.w * k / 5, pts[-1][1] + rng.uniform(-0.12, 0.12) * c.h))
        d.line(pts, fill=(40, 60, 90) if ctx.dark else (170, 210, 240), width=c.p(rng.randint(18, 40)), joint="curve")
    base = rng.uniform(-0.5, 0.5)  # street grid: two near-perpendicular families of roads
    L = max(c.w, c.h) * 1.5
    for fam in (0.0, math.pi / 2):
        ang = base + fam
        nx, ny = -math.sin(ang), math.cos(ang)
        off = -L / 2
        while off < L / 2:
            off += c.p(rng.uniform(45, 110))
            a = ang + rng.uniform(-0.04, 0.04)
            cx, cy = c.w / 2 + nx * off, c.h / 2 + ny * off
            dx, dy = math.cos(a) * L, math.sin(a) * L
            big = rng.random() < 0.15
            d.line((cx - dx, cy - dy, cx + dx, cy + dy), fill=major if big else road, width=c.p(9 if big else 4))
    rail: RGB = (120, 120, 130) if ctx.dark else (140, 140, 150)
    names = rng.sample(_MAP_EN if en else _MAP_JA, 5)
    pts = [(rng.uniform(0.05, 0.95) * c.w, (k + 0.5) / 5 * c.h * 0.8 + c.h * 0.12) for k in range(5)]
    d.line(pts, fill=rail, width=c.p(4))
    for (x, y), name in zip(pts, names):
        c.rrect((x - c.p(9), y - c.p(9), x + c.p(9), y + c.p(9)), c.p(3), fill=(255, 255, 255), outline=rail, width=c.p(2))
        c.text(x + c.p(14), y, name, 13, (230, 230, 230) if ctx.dark else (40, 40, 50), anchor="lm", bold=True)
    for _ in range(rng.randint(3, 7)):  # POI labels
        x, y = rng.uniform(0.05, 0.8) * c.w, rng.uniform(0.15, 0.85) * c.h
        col = rng.choice(((234, 67, 53), (66, 133, 244), (15, 157, 88), (244, 160, 0)))
        c.circle(x, y, c.p(7), fill=col)
        label = rng.choice(("カフェ", "コンビニ", "郵便局", "公園", "ホテル", "図書館", "病院", "ラーメン")) if not en else \
            rng.choice(("Cafe", "Pharmacy", "Post Office", "Park", "Hotel", "Library", "Museum", "Pizza"))
        c.text(x + c.p(11), y, label, 12, col, anchor="lm")
    pin_x, pin_y = pts[2]
    c.icon("pin", pin_x, pin_y - c.p(22), c.p(34), (234, 67, 53))
    # search bar
    sb = (c.p(14), ctx.status_h + c.p(8), c.w - c.p(14), ctx.status_h + c.p(58))
    c.rrect((sb[0], sb[1] + c.p(2), sb[2], sb[3] + c.p(2)), c.p(25), fill=mix(land, (0, 0, 0), 0.15))
    c.rrect(sb, c.p(25), fill=theme.surface)
    c.icon("search", sb[0] + c.p(26), (sb[1] + sb[3]) / 2, c.p(18), theme.muted)
    c.text(sb[0] + c.p(48), (sb[1] + sb[3]) / 2, "Search here" if en else "ここで検索", 16, theme.muted, anchor="lm")
    c.circle(sb[2] - c.p(26), (sb[1] + sb[3]) / 2, c.p(15), fill=rng.choice(_VIVID))
    # bottom sheet
    if rng.random() < 0.7:
        top = round(c.h * rng.uniform(0.62, 0.74))
        c.rrect((0, top, c.w, c.h + c.p(30)), c.p(20), fill=theme.surface)
        c.rrect((c.w / 2 - c.p(18), top + c.p(8), c.w / 2 + c.p(18), top + c.p(13)), c.p(3), fill=theme.divider)
        c.text(c.p(18), top + c.p(28), names[2], 22, bold=True)
        sub = ("Station · Rail" if en else "駅 · 鉄道駅") + (f" · {rng.randint(30, 49) / 10} ({rng.randint(20, 3000)})" if rng.random() < 0.5 else "")
        c.text(c.p(18), top + c.p(64), sub, 14, theme.muted)
        bx = c.p(18)
        for lab in (("Directions", "Start", "Save") if en else ("経路", "出発", "保存")):
            bw = c.tw(lab, 14) + c.p(40)
            c.rrect((bx, top + c.p(98), bx + bw, top + c.p(134)), c.p(18), fill=theme.accent if bx == c.p(18) else None,
                    outline=theme.accent, width=c.p(1))
            c.text(bx + bw / 2, top + c.p(116), lab, 14, theme.on_accent if bx == c.p(18) else theme.accent, anchor="mm")
            bx += bw + c.p(10)
    return _finish(c, c.h, "map", bar_color=None, full_bleed=True)


# ------------------------------------------------------------------------------------ home screen

_APPS_JA = ("カメラ", "写真", "設定", "時計", "天気", "マップ", "メモ", "カレンダー", "ミュージック", "電卓", "ファイル", "メール",
            "ヘルスケア", "ウォレット", "翻訳", "ボイスメモ", "ニュース", "ポッドキャスト", "ブック", "リマインダー", "株価", "連絡先",
            "TALKY", "ショッピング", "のりかえ", "家計簿", "レシピ", "ゲーム")
_APPS_EN = ("Camera", "Photos", "Settings", "Clock", "Weather", "Maps", "Notes", "Calendar", "Music", "Calculator",
            "Files", "Mail", "Health", "Wallet", "Translate", "Podcasts", "Books", "Reminders", "Stocks", "Contacts",
            "Chatter", "Shop", "Transit", "Budget", "Recipes", "Games", "Fitness", "Radio")


def build_home(ctx: ScreenCtx) -> Page:
    rng = ctx.rng
    en = _en(ctx, 0.4)
    theme = ctx.theme((0, 122, 255))
    wall = _photo(rng, ctx.w, ctx.h).filter(ImageFilter.GaussianBlur(ctx.w / 60))
    if ctx.dark:
        wall = Image.blend(wall, Image.new("RGB", wall.size, (0, 0, 0)), 0.45)
    c = ctx.canvas(theme, h=ctx.h)
    c.img.paste(wall)
    cols = ctx.pick((4, 4, 5), (5, 4))
    names = list(_APPS_EN if en else _APPS_JA)
    rng.shuffle(names)
    top = ctx.status_h + c.p(rng.choice((20, 30)))
    if rng.random() < 0.5:  # widget
        wh = c.p(160)
        c.rrect((c.p(24), top, c.w - c.p(24), top + wh), c.p(22), fill=mix(wall.getpixel((c.w // 2, top)), (255, 255, 255), 0.35))  # type: ignore[arg-type]
        city, sky = (rng.choice(("Tokyo", "London", "Leeds")), rng.choice(("Sunny", "Cloudy", "Rain"))) if en else \
            (rng.choice(("東京", "大阪", "札幌", "福岡")), rng.choice(("晴れ", "くもり", "雨")))
        c.text(c.p(44), top + c.p(20), city, 17, (255, 255, 255), bold=True)
        c.text(c.p(44), top + c.p(46), f"{rng.randint(-3, 34)}°", 46, (255, 255, 255))
        c.text(c.p(44), top + c.p(120), sky, 14, (255, 255, 255))
        top += wh + c.p(24)
    cell = (c.w - c.p(28)) / cols
    isz = min(c.p(62), cell * 0.72)
    label_col: RGB = (255, 255, 255)
    rows = int((c.h * 0.78 - top) // c.p(92))
    k = 0
    for r in range(rows):
        for col in range(cols):
            cx = c.p(14) + cell * (col + 0.5)
            y = top + r * c.p(92)
            color = rng.choice(_VIVID)
            c.rrect((cx - isz / 2, y, cx + isz / 2, y + isz), isz * 0.23, fill=color)
            glyph = rng.choice(("circle", "letter", "square"))
            if glyph == "circle":
                c.circle(cx, y + isz / 2, isz * 0.25, fill=(255, 255, 255))
            elif glyph == "square":
                c.rrect((cx - isz * 0.22, y + isz * 0.28, cx + isz * 0.22, y + isz * 0.72), isz * 0.06, outline=(255, 255, 255),
                        width=c.p(2.5))
            else:
                c.text(cx, y + isz / 2, names[k % len(names)][0], 26, (255, 255, 255), anchor="mm", bold=True)
            c.text(cx, y + isz + c.p(14), names[k % len(names)], 11.5, label_col, anchor="mm", max_w=cell - c.p(4))
            k += 1
    # page dots and dock
    dock_top = c.h - c.p(112)
    c.text(c.w / 2, dock_top - c.p(28), "Search" if en else "検索", 12, (255, 255, 255), anchor="mm")
    dock_bg = mix(wall.getpixel((c.w // 2, dock_top)), (255, 255, 255), 0.3)  # type: ignore[arg-type]
    c.rrect((c.p(12), dock_top, c.w - c.p(12), c.h - c.p(22)), c.p(30), fill=dock_bg)
    for i in range(4):
        cx = c.p(12) + (c.w - c.p(24)) * (i + 0.5) / 4
        c.rrect((cx - isz / 2, dock_top + c.p(14), cx + isz / 2, dock_top + c.p(14) + isz), isz * 0.23, fill=rng.choice(_VIVID))
    return _finish(c, c.h, f"home_{cols}col", bar_color=None, full_bleed=True)


# ------------------------------------------------------------------------------------------ news

_NEWS_JA = (
    "関東地方は週末にかけて広い範囲で雨となる見込みで、気象庁は交通機関への影響に注意を呼びかけている。",
    "東海道新幹線は架線の点検のため、一部の列車に最大で30分程度の遅れが出た。現在は平常通り運転している。",
    "市は来年度から公共施設の利用予約をオンラインに一本化する方針を明らかにした。",
    "大型連休を前に、空港や主要駅では混雑が予想されている。各社は時間に余裕を持った行動を呼びかけている。",
    "新しい商業施設が駅前に開業し、初日は多くの買い物客でにぎわった。",
    "専門家は、旅行需要の回復にともないホテルの予約が前年を上回っていると分析している。",
    "地元の高校生が開発したアプリが全国コンテストで最優秀賞を受賞した。",
)
_NEWS_EN = (
    "Rail operators have warned passengers to expect delays this weekend as engineering works continue on the main line.",
    "The city council approved plans for a new riverside park, with construction expected to begin next spring.",
    "Airports reported record passenger numbers over the holiday period, with queues at security peaking on Friday.",
    "A local bakery has won a national award for its sourdough, drawing visitors from across the region.",
    "Forecasters predict a mild week ahead, with showers clearing by Thursday afternoon.",
    "The festival returns next month with more than 40 acts across four stages, organisers said.",
)
_HEADLINES_JA = ("新幹線、午後から平常運転に", "週末は広い範囲で雨 交通に影響も", "駅前に新商業施設が開業", "連休の混雑ピークは3日か",
                 "高校生開発のアプリが最優秀賞")
_HEADLINES_EN = ("Weekend rail works: what you need to know", "Record numbers pass through airports",
                 "Riverside park plans approved", "Festival line-up announced", "Mild week ahead as showers clear")


def build_news(ctx: ScreenCtx) -> Page:
    rng = ctx.rng
    en = _en(ctx, 0.4)
    theme = ctx.theme(ctx.pick(((200, 20, 30), (0, 70, 140), (20, 20, 20)), _HELD))
    c = ctx.canvas(theme, bg=theme.surface)
    t = theme
    m = c.p(18)
    y = c.p(8)
    outlet = ctx.pick(("The Morning Ledger", "Daily Courier", "City Wire") if en else ("デイリーニュース", "みんなの新聞", "ニュースNOW"),
                      ("The Evening Post", "Harbor Times") if en else ("まちかど通信", "ひびきニュース"))
    c.text(m, y, outlet, 22, t.accent, bold=True, style="latin_serif" if en and rng.random() < 0.5 else None)
    y += c.p(40)
    tabs = ("Top", "UK", "World", "Business", "Travel", "Sport") if en else ("トップ", "国内", "経済", "国際", "旅行", "スポーツ")
    x = m
    for i, tab in enumerate(tabs):
        c.text(x, y, tab, 14, t.accent if i == 0 else t.muted, bold=i == 0)
        x += c.tw(tab, 14, i == 0) + c.p(20)
    y += c.p(30)
    c.hline(0, c.w, y, t.divider)
    y += c.p(18)
    y = c.wrap(m, y, rng.choice(_HEADLINES_EN if en else _HEADLINES_JA), 24, c.w - 2 * m, bold=True, line_gap=1.35)
    y += c.p(12)
    d = fake_date(rng, dt.date(2024, 1, 1), dt.date(2026, 12, 1))
    c.text(m, y, (en_date(d, rng) if en else jp_date(d, rng)) + f"  {jp_time(rng.randint(360, 1380))}", 13, t.muted)
    y += c.p(30)
    ph = round((c.w - 2 * m) * 0.6)
    c.img.paste(_photo(rng, c.w - 2 * m, ph), (m, y))
    y += ph + c.p(20)
    paras = list(_NEWS_EN if en else _NEWS_JA)
    rng.shuffle(paras)
    for para in paras:
        y = c.wrap(m, y, para, 16.5, c.w - 2 * m, line_gap=1.65) + c.p(14)
    header = ctx.header(theme, outlet if rng.random() < 0.3 else "", tinted=False, right="share", back=True)
    return _finish(c, y, "news", header=header, bar_color=theme.bg)


# ------------------------------------------------------------------------------ route search

_ROUTE_JA = (("東京", "新大阪", 147, "のぞみ"), ("東京", "仙台", 90, "はやぶさ"), ("新宿", "松本", 158, "特急あずさ"),
             ("品川", "名古屋", 89, "のぞみ"), ("上野", "金沢", 150, "かがやき"), ("博多", "広島", 62, "のぞみ"),
             ("渋谷", "横浜", 30, "東急東横線"), ("大宮", "新潟", 95, "とき"))
_ROUTE_EN = (("London Euston", "Manchester Piccadilly", 128, "Avanti"), ("London King's Cross", "York", 112, "LNER"),
             ("Paris Gare de Lyon", "Lyon Part-Dieu", 117, "TGV"), ("Amsterdam Centraal", "Utrecht Centraal", 27, "IC"))


def build_route_search(ctx: ScreenCtx) -> Page:
    rng = ctx.rng
    en = _en(ctx, 0.35)
    theme = ctx.theme(ctx.pick(((0, 120, 215), (0, 150, 100), (230, 90, 0)), _HELD))
    c = ctx.canvas(theme)
    t = theme
    m = c.p(16)
    a, b, run, train = rng.choice(_ROUTE_EN if en else _ROUTE_JA)
    if rng.random() < 0.4:
        a, b = b, a
    y = c.p(14)
    c.rrect((m, y, c.w - m, y + c.p(128)), c.p(14), fill=t.surface)
    for i, (lab, val) in enumerate((("From", a), ("To", b)) if en else (("出発", a), ("到着", b))):
        yy = y + c.p(14) + i * c.p(56)
        c.circle(m + c.p(24), yy + c.p(20), c.p(6), fill=t.accent if i == 0 else None, outline=t.accent, width=c.p(2))
        c.text(m + c.p(44), yy + c.p(4), lab, 11.5, t.muted)
        c.text(m + c.p(44), yy + c.p(20), val, 18, bold=True, max_w=c.w - 2 * m - c.p(100))
        if i == 0:
            c.hline(m + c.p(44), c.w - m - c.p(60), yy + c.p(50), t.divider)
    sx, sy = c.w - m - c.p(30), y + c.p(64)  # swap arrows
    for dx, up in ((-c.p(5), True), (c.p(5), False)):
        tip, tail = (sy - c.p(11), sy + c.p(11)) if up else (sy + c.p(11), sy - c.p(11))
        c.d.line((sx + dx, tail, sx + dx, tip), fill=t.accent, width=c.p(2))
        k = c.p(4) if up else -c.p(4)
        c.d.line((sx + dx - c.p(4), tip + k, sx + dx, tip, sx + dx + c.p(4), tip + k), fill=t.accent, width=c.p(2))
    y += c.p(142)
    d = fake_date(rng, dt.date(2024, 1, 1), dt.date(2026, 12, 1))
    dep = rng.randint(6 * 60, 20 * 60)
    when = (f"{en_date(d, rng)}  {jp_time(dep)}  Depart" if en else f"{jp_date(d, rng)}  {jp_time(dep)} 出発")
    c.rrect((m, y, c.w - m, y + c.p(48)), c.p(12), fill=t.surface)
    c.text(m + c.p(16), y + c.p(24), when, 15, anchor="lm", max_w=c.w - 2 * m - c.p(30))
    y += c.p(60)
    chips = ("Fastest", "Cheapest", "Fewest changes") if en else ("早い", "安い", "楽", "IC優先")
    x = m
    for i, ch in enumerate(chips):
        cw = c.tw(ch, 13) + c.p(28)
        c.rrect((x, y, x + cw, y + c.p(32)), c.p(16), fill=t.accent_soft if i == 0 else t.surface, outline=t.divider)
        c.text(x + cw / 2, y + c.p(16), ch, 13, t.accent if i == 0 else t.text, anchor="mm")
        x += cw + c.p(8)
    y += c.p(48)
    c.button((m, y, c.w - m, y + c.p(48)), "Search" if en else "検索")
    y += c.p(66)
    variation = "form"
    if rng.random() < 0.65:
        variation = "results"
        for k in range(rng.randint(3, 5)):
            dd = dep + k * rng.choice((10, 15, 20, 30)) + rng.randint(0, 9)
            r2 = run + rng.randint(-5, 20)
            fare = round((r2 * 85 + 1200) / 10) * 10
            c.rrect((m, y, c.w - m, y + c.p(104)), c.p(12), fill=t.surface)
            c.text(m + c.p(16), y + c.p(14), f"{jp_time(dd)} → {jp_time(dd + r2)}", 20, bold=True)
            dur = f"{r2 // 60}h {r2 % 60:02d}m" if en else f"{r2 // 60}時間{r2 % 60}分"
            c.text(c.w - m - c.p(16), y + c.p(18), dur, 14, t.muted, anchor="ra")
            price = f"£{fare // 150}.{fare % 100:02d}" if en else f"{fare:,}円"
            chg = rng.choice((0, 0, 1))
            c.text(m + c.p(16), y + c.p(50), (f"{train}  ·  {chg} changes" if en else f"{train}{rng.randint(1, 99)}号  乗換{chg}回"),
                   14, t.muted, max_w=c.w - 2 * m - c.p(120))
            c.text(c.w - m - c.p(16), y + c.p(50), price, 16, bold=True, anchor="ra")
            if k == 0:
                tag = "Fastest" if en else "早"
                c.rrect((m + c.p(16), y + c.p(76), m + c.p(16) + c.tw(tag, 11) + c.p(14), y + c.p(96)), c.p(4), fill=t.accent)
                c.text(m + c.p(23), y + c.p(86), tag, 11, t.on_accent, anchor="lm")
            y += c.p(116)
    header = ctx.header(theme, ("Journey planner" if en else rng.choice(("乗換案内", "経路検索", "時刻表"))), tinted=rng.random() < 0.5,
                        back=False, right=None)
    return _finish(c, y, f"route_{variation}", header=header, bar_color=header.getpixel((1, 1)))


# ------------------------------------------------------------------------------------ shopping

_ITEMS_JA = ("ワイヤレスイヤホン", "モバイルバッテリー 10000mAh", "ステンレスボトル 500ml", "USB-C ケーブル 1m", "文庫本セット",
             "コーヒー豆 200g", "スマホケース", "ハンドクリーム", "折りたたみ傘", "Tシャツ Mサイズ")
_ITEMS_EN = ("Wireless earbuds", "Power bank 10000mAh", "Steel water bottle", "USB-C cable (1 m)", "Paperback bundle",
             "Coffee beans 250g", "Phone case", "Hand cream", "Compact umbrella", "T-shirt (M)")


def build_shopping(ctx: ScreenCtx) -> Page:
    rng = ctx.rng
    en = _en(ctx, 0.35)
    theme = ctx.theme(ctx.pick(((255, 153, 0), (230, 0, 18), (0, 110, 200), (30, 30, 30)), _HELD))
    c = ctx.canvas(theme)
    t = theme
    m = c.p(16)
    p = fake_person(rng)
    y = c.p(16)
    c.text(m, y, "Order details" if en else "注文内容の確認", 22, bold=True)
    y += c.p(40)
    d = fake_date(rng, dt.date(2024, 1, 1), dt.date(2026, 12, 1))
    order_no = f"{random_digits(rng, 3)}-{random_digits(rng, 7)}-{random_digits(rng, 7)}"
    for k, v in ((("Order placed", en_date(d, rng)), ("Order number", order_no)) if en else
                 (("注文日", jp_date(d, rng)), ("注文番号", order_no))):
        y = c.kv_row(m, c.w - m, y, k, v, pt=14, gap=6)
    y += c.p(10)
    # delivery progress
    steps = ("Ordered", "Shipped", "Out for delivery", "Delivered") if en else ("注文確定", "発送済み", "配達中", "配達完了")
    done = rng.randint(1, 4)
    seg = (c.w - 2 * m - c.p(90)) / 3
    for i, s in enumerate(steps):
        x = m + c.p(45) + i * seg
        col = t.accent if i < done else t.divider
        if i < 3:
            c.d.line((x, y + c.p(10), x + seg, y + c.p(10)), fill=t.accent if i + 1 < done else t.divider, width=c.p(3))
        c.circle(x, y + c.p(10), c.p(8), fill=col)
        c.text(x, y + c.p(26), s, 11, t.muted, anchor="ma")
    y += c.p(58)
    items = rng.sample(_ITEMS_EN if en else _ITEMS_JA, rng.randint(1, 3))
    total = 0
    for it in items:
        price = rng.randint(5, 120) * 100 - rng.choice((0, 20, 2))
        qty = rng.choice((1, 1, 2))
        total += price * qty
        c.rrect((m, y, c.w - m, y + c.p(96)), c.p(10), fill=t.surface)
        thumb = _photo(rng, c.p(72), c.p(72))
        c.img.paste(thumb, (m + c.p(12), y + c.p(12)))
        c.text(m + c.p(96), y + c.p(16), it, 15, max_w=c.w - 2 * m - c.p(110))
        c.text(m + c.p(96), y + c.p(44), (f"Qty: {qty}" if en else f"数量: {qty}"), 13, t.muted)
        c.text(m + c.p(96), y + c.p(66), (f"£{price / 100:.2f}" if en else f"¥{price:,}"), 15, bold=True)
        y += c.p(106)
    ship = rng.choice((0, 350, 500))
    y += c.p(6)
    rows = ((("Subtotal", f"£{total / 100:.2f}"), ("Delivery", f"£{ship / 100:.2f}"), ("Order total", f"£{(total + ship) / 100:.2f}"))
            if en else (("小計", f"¥{total:,}"), ("配送料", f"¥{ship:,}"), ("ご請求額", f"¥{total + ship:,}")))
    for k, v in rows:
        y = c.kv_row(m, c.w - m, y, k, v, pt=15, gap=6)
    y += c.p(16)
    c.text(m, y, "Delivery address" if en else "お届け先", 14, t.muted)
    y += c.p(26)
    if en:
        lines = [p.english_name, f"{rng.randint(1, 220)} {rng.choice(('High Street', 'Station Road', 'Church Lane'))}",
                 rng.choice(("Leeds LS1 4AB", "Bristol BS1 5TR", "London N1 9GU"))]
    else:
        lines = [f"{p.name} 様", f"〒{p.postcode}", p.address]
    for line in lines:
        y = c.wrap(m, y, line, 15, c.w - 2 * m)
    y += c.p(16)
    c.text(m, y, "Payment" if en else "お支払い方法", 14, t.muted)
    y += c.p(26)
    c.text(m, y, ("Visa ending 4242" if en else "クレジットカード (末尾 " + random_digits(rng, 4) + ")"), 15)
    y += c.p(40)
    if rng.random() < 0.25:  # convenience-store pickup code
        c.text(m, y, "Pickup code" if en else "コンビニ受取 お問い合わせ番号", 14, t.muted)
        y += c.p(28)
        box = c.code("code128", random_digits(rng, 12), c.w / 2, y, c.w - 2 * m - c.p(40), max_h=c.p(70), min_module=3)
        y = box[3] + c.p(16)
    c.button((m, y, c.w - m, y + c.p(46)), "Track package" if en else "配送状況を確認")
    y += c.p(70)
    header = ctx.header(theme, "Your orders" if en else rng.choice(("注文履歴", "注文詳細")), tinted=rng.random() < 0.4)
    return _finish(c, y, "shopping_order", header=header, bar_color=header.getpixel((1, 1)))


# ------------------------------------------------------------------------------------ gallery


def build_gallery(ctx: ScreenCtx) -> Page:
    rng = ctx.rng
    en = _en(ctx, 0.4)
    theme = ctx.theme(ctx.pick(((0, 122, 255), (26, 115, 232)), _HELD))
    c = ctx.canvas(theme, h=round(ctx.h * 1.3), bg=theme.bg)
    cols = ctx.pick((3, 4, 4, 5), (3, 2))
    gap = max(2, c.p(1.5))
    cell = (c.w - gap * (cols - 1)) // cols
    y = c.p(8)
    c.text(c.p(16), y, rng.choice(("Recents", "Library", "Photos")) if en else rng.choice(("最近の項目", "ライブラリ", "写真")), 28,
           bold=True)
    y += c.p(48)
    for r in range(int((c.h - y) // (cell + gap))):
        for k in range(cols):
            x = k * (cell + gap)
            c.img.paste(_photo(rng, cell, cell), (x, y))
            if rng.random() < 0.08:
                c.text(x + cell - c.p(6), y + cell - c.p(6), f"0:{rng.randint(3, 59):02d}", 11, (255, 255, 255), anchor="rd",
                       bold=True)
        y += cell + gap
    f = Canvas(ctx.w, c.p(56), theme, ctx.typo, theme.surface)
    labels = ["Library", "For You", "Albums", "Search"] if en else ["ライブラリ", "For You", "アルバム", "検索"]
    f.tab_bar(labels, ["gear", "user", "home", "search"], 0, y=0)
    return _finish(c, y, f"gallery_{cols}col", footer=f.img, bar_color=None)


# ------------------------------------------------------------------------------ payment code


def build_payment(ctx: ScreenCtx) -> Page:
    rng = ctx.rng
    en = _en(ctx, 0.3)
    accent = ctx.pick(((230, 0, 40), (0, 90, 200), (255, 120, 0), (0, 170, 110)), _HELD)
    theme = ctx.theme(accent)
    c = ctx.canvas(theme, bg=theme.accent if rng.random() < 0.6 else theme.bg)
    t = theme
    m = c.p(16)
    y = c.p(16)
    c.rrect((m, y, c.w - m, c.h - c.p(10)), c.p(16), fill=t.surface)
    brand = ctx.pick(("PayRun", "ペイスマ", "コードペイ", "WalletGo"), ("ぽちペイ", "TapCoin"))
    c.text(c.w / 2, y + c.p(20), brand, 18, t.accent, bold=True, anchor="ma")
    y += c.p(60)
    c.text(c.w / 2, y, "Show this to the cashier" if en else "お店の人に見せてください", 14, t.muted, anchor="ma")
    y += c.p(30)
    digits = random_digits(rng, 16, first_nonzero=True)
    box = c.code("code128", digits, c.w / 2, y, c.w - 2 * m - c.p(40), max_h=c.p(80), min_module=3, tile=False)
    y = box[3] + c.p(4)
    c.text(c.w / 2, y, " ".join(digits[i:i + 4] for i in range(0, 16, 4)), 14, anchor="ma")
    y += c.p(30)
    c.code("qr", f"https://pay.example/{token(rng, 24)}", c.w / 2, y, c.p(200), tile=False)
    y = c.codes[-1].box[3] + c.p(8)
    c.text(c.w / 2, y, f"{rng.randint(1, 4)}:{rng.randint(0, 59):02d}" + (" left" if en else " 後に更新"), 13, t.muted, anchor="ma")
    y += c.p(36)
    c.hline(m + c.p(16), c.w - m - c.p(16), y, t.divider)
    y += c.p(12)
    bal = rng.randint(0, 50000)
    y = c.kv_row(m + c.p(16), c.w - m - c.p(16), y, "Balance" if en else "残高", f"¥{bal:,}", pt=17)
    y = c.kv_row(m + c.p(16), c.w - m - c.p(16), y, "Points" if en else "ポイント", f"{rng.randint(0, 9999):,} pt", pt=15)
    y += c.p(10)
    half = (c.w - 2 * m - c.p(48)) / 2
    for i, lab in enumerate(("Top up", "Send") if en else ("チャージ", "送る")):
        x0 = m + c.p(16) + i * (half + c.p(16))
        c.button((x0, y, x0 + half, y + c.p(44)), lab, filled=i == 0, pt=15)
    y += c.p(64)
    c.d.rectangle((0, y, c.w, c.h), fill=c.img.getpixel((2, 2)))  # type: ignore[arg-type]
    f = Canvas(ctx.w, c.p(56), theme, ctx.typo, theme.surface)
    f.tab_bar(["Home", "Pay", "Scan", "Account"] if en else ["ホーム", "支払う", "スキャン", "アカウント"],
              ["home", "ticket", "search", "user"], 1, y=0)
    return _finish(c, y + c.p(20), "payment_code", footer=f.img, bar_color=c.img.getpixel((2, 2)))


NEGATIVE_BUILDERS: dict[str, Callable[[ScreenCtx], Page]] = {
    "chat": build_chat,
    "settings": build_settings,
    "map": build_map,
    "home_screen": build_home,
    "news": build_news,
    "route_search": build_route_search,
    "shopping_order": build_shopping,
    "photo_gallery": build_gallery,
    "payment_code": build_payment,
}
