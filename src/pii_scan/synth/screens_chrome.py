"""Phone chrome for synthetic screenshots: devices, status bars, home indicators, notification banners."""

from __future__ import annotations

import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

from pii_scan.synth.common import FontPool
from pii_scan.synth.screens_ui import RGB, mix

__all__ = ["DEVICES", "Device", "draw_banner", "draw_bottom", "draw_status_bar", "pick_device", "status_height"]


@dataclass(frozen=True)
class Device:
    """A phone model's screenshot geometry. ``scale`` is pixels per pt/dp."""

    name: str
    w: int
    h: int
    platform: str  # "ios" (notch/island), "ios_legacy" (home button) or "android"
    scales: tuple[float, ...]
    status_pt: tuple[float, ...]


DEVICES: tuple[Device, ...] = (
    Device("iphone_1170x2532", 1170, 2532, "ios", (3.0,), (47.0,)),
    Device("iphone_1179x2556", 1179, 2556, "ios", (3.0,), (54.0,)),
    Device("iphone_1284x2778", 1284, 2778, "ios", (3.0,), (47.0,)),
    Device("iphone_1290x2796", 1290, 2796, "ios", (3.0,), (54.0,)),
    Device("iphone_750x1334", 750, 1334, "ios_legacy", (2.0,), (20.0,)),
    Device("android_1080x2400", 1080, 2400, "android", (2.625, 2.75, 3.0), (24.0, 28.0, 32.0)),
    Device("android_1080x2340", 1080, 2340, "android", (2.625, 2.75, 3.0), (24.0, 28.0, 30.0)),
    Device("android_1440x3200", 1440, 3200, "android", (3.5, 3.75, 4.0), (24.0, 28.0, 32.0)),
    Device("android_1080x1920", 1080, 1920, "android", (2.625, 3.0), (24.0, 25.0)),
    Device("android_720x1600", 720, 1600, "android", (1.75, 2.0), (24.0, 28.0)),
)


def pick_device(rng: random.Random) -> tuple[Device, float, int]:
    """A device, its UI scale (px per pt) and its status bar height in px."""
    dev = rng.choice(DEVICES)
    scale = rng.choice(dev.scales)
    return dev, scale, status_height(dev, scale, rng)


def status_height(dev: Device, scale: float, rng: random.Random) -> int:
    return round(rng.choice(dev.status_pt) * scale)


def _luma(c: RGB) -> float:
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


def _signal(d: ImageDraw.ImageDraw, x: float, base: float, h: float, fg: RGB, dim: RGB, level: int) -> float:
    """Four rising bars; returns the right edge."""
    bw = h * 0.2
    gap = h * 0.1
    for i in range(4):
        bh = h * (0.4 + 0.2 * i)
        d.rounded_rectangle((x, base - bh, x + bw, base), radius=bw * 0.3, fill=fg if i < level else dim)
        x += bw + gap
    return x - gap


def _wifi(d: ImageDraw.ImageDraw, cx: float, base: float, h: float, fg: RGB, bg: RGB) -> None:
    """Three nested wedges opening upward."""
    for k, r in enumerate((h * 1.05, h * 0.7, h * 0.36)):
        d.pieslice((cx - r, base - r, cx + r, base + r), 225, 315, fill=fg)
        if k < 2:
            r2 = r - h * 0.17
            d.pieslice((cx - r2, base - r2, cx + r2, base + r2), 225, 315, fill=bg)


def _battery(d: ImageDraw.ImageDraw, x: float, cy: float, h: float, fg: RGB, bg: RGB, level: float, *,
             vertical: bool = False, low: bool = False) -> float:
    """A battery glyph; returns the right edge."""
    fill = (235, 77, 61) if low else fg
    if vertical:
        w, hh = h * 0.55, h * 1.0
        d.rectangle((x + w * 0.3, cy - hh / 2 - h * 0.08, x + w * 0.7, cy - hh / 2), fill=fg)
        d.rounded_rectangle((x, cy - hh / 2, x + w, cy + hh / 2), radius=h * 0.08, outline=fg, width=max(1, round(h * 0.08)))
        top = cy + hh / 2 - hh * level
        d.rectangle((x, top, x + w, cy + hh / 2), fill=fill)
        return x + w
    w, hh = h * 1.9, h * 0.9
    lw = max(1, round(h * 0.08))
    d.rounded_rectangle((x, cy - hh / 2, x + w, cy + hh / 2), radius=hh * 0.3, outline=mix(fg, bg, 0.55), width=lw)
    inset = lw + max(1, round(h * 0.06))
    d.rounded_rectangle((x + inset, cy - hh / 2 + inset, x + inset + (w - 2 * inset) * level, cy + hh / 2 - inset),
                        radius=hh * 0.2, fill=fill)
    d.rounded_rectangle((x + w + h * 0.06, cy - hh * 0.18, x + w + h * 0.16, cy + hh * 0.18), radius=1,
                        fill=mix(fg, bg, 0.55))
    return x + w + h * 0.16


def draw_status_bar(img: Image.Image, dev: Device, scale: float, height: int, bg: RGB | None, pool: FontPool,
                    rng: random.Random, *, latin_font: bool = False) -> dict[str, object]:
    """Draw a status bar across the top ``height`` px of ``img`` (bg None = transparent)."""
    d = ImageDraw.Draw(img)
    w = img.width
    sample = bg if bg is not None else img.getpixel((w // 2, max(0, height - 2)))
    assert isinstance(sample, tuple)
    base_bg: RGB = (int(sample[0]), int(sample[1]), int(sample[2]))
    if bg is not None:
        d.rectangle((0, 0, w, height), fill=bg)
    fg: RGB = (255, 255, 255) if _luma(base_bg) < 140 else (0, 0, 0)
    dim = mix(fg, base_bg, 0.6)
    hour = rng.choice((rng.randint(0, 23), 9))
    minute = 41 if hour == 9 and rng.random() < 0.5 else rng.randint(0, 59)
    level = rng.uniform(0.12, 1.0)
    style = "latin_sans" if latin_font else "sans"
    info: dict[str, object] = {"clock": f"{hour}:{minute:02d}"}
    if dev.platform == "ios":
        clock = f"{hour}:{minute:02d}" if rng.random() < 0.85 else f"{hour % 12 or 12}:{minute:02d}"
        fnt = pool.font(round(16.5 * scale), style=style, bold=True)
        cy = height * 0.56
        d.text((w * rng.uniform(0.14, 0.17), cy), clock, font=fnt, fill=fg, anchor="mm")
        ih = 11.5 * scale
        x = w - 26 * scale - ih * 2.1
        _battery(d, x, cy, ih, fg, base_bg, level, low=level < 0.2)
        _wifi(d, x - ih * 1.3, cy + ih * 0.45, ih, fg, base_bg)
        _signal(d, x - ih * 3.9, cy + ih * 0.45, ih * 0.95, fg, dim, rng.randint(2, 4))
        info["clock"] = clock
    elif dev.platform == "ios_legacy":
        fnt = pool.font(round(12 * scale), style=style, bold=True)
        cy = height / 2
        d.text((w / 2, cy), f"{hour}:{minute:02d}", font=fnt, fill=fg, anchor="mm")
        x = 6 * scale
        r = 2.8 * scale
        for i in range(5):
            cx = x + r + i * (2 * r + 1.2 * scale)
            if i < rng.randint(3, 5):
                d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fg)
            else:
                d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=fg, width=max(1, round(scale * 0.6)))
        x = cx + r + 4 * scale
        net = pool.font(round(11 * scale), style=style)
        d.text((x, cy), rng.choice(("4G", "LTE", "5G")), font=net, fill=fg, anchor="lm")
        ih = 10 * scale
        bx = w - 6 * scale - ih * 2.1
        _battery(d, bx, cy, ih, fg, base_bg, level, low=level < 0.2)
        pct = f"{round(level * 100)}%"
        d.text((bx - 3 * scale, cy), pct, font=net, fill=fg, anchor="rm")
    else:
        fnt = pool.font(round(14 * scale), style=style)
        cy = height / 2
        x = rng.choice((12, 16, 20, 24)) * scale
        d.text((x, cy), f"{hour}:{minute:02d}", font=fnt, fill=fg, anchor="lm")
        x += d.textlength("00:00", font=fnt) + 6 * scale
        for _ in range(rng.choice((0, 0, 1, 2, 3))):  # notification icons
            s = 7 * scale
            shape = rng.random()
            if shape < 0.33:
                d.rounded_rectangle((x, cy - s, x + 2 * s, cy + s), radius=s * 0.4, fill=fg)
            elif shape < 0.66:
                d.ellipse((x, cy - s, x + 2 * s, cy + s), outline=fg, width=max(1, round(scale * 1.4)))
            else:
                d.polygon([(x, cy + s), (x + s, cy - s), (x + 2 * s, cy + s)], fill=fg)
            x += 2 * s + 5 * scale
        ih = 13 * scale
        xr = w - rng.choice((12, 16, 20)) * scale
        if rng.random() < 0.5:
            small = pool.font(round(13 * scale), style=style)
            pct = f"{round(level * 100)}%"
            d.text((xr, cy), pct, font=small, fill=fg, anchor="rm")
            xr -= d.textlength(pct, font=small) + 3 * scale
        xb = xr - ih * 0.55
        _battery(d, xb, cy, ih, fg, base_bg, level, vertical=True, low=level < 0.15)
        sx = xb - 4 * scale - ih
        d.polygon([(sx, cy + ih / 2), (sx + ih, cy + ih / 2), (sx + ih, cy - ih / 2)], fill=fg)
        _wifi(d, sx - 3 * scale - ih * 0.55, cy + ih * 0.5, ih * 0.95, fg, base_bg)
    return info


def draw_bottom(img: Image.Image, dev: Device, scale: float, rng: random.Random) -> tuple[str, int]:
    """Home indicator or navigation bar; returns (kind, px it covers at the bottom)."""
    d = ImageDraw.Draw(img)
    w, h = img.size
    sample = img.getpixel((w // 2, h - 2))
    assert isinstance(sample, tuple)
    bg: RGB = (int(sample[0]), int(sample[1]), int(sample[2]))
    fg: RGB = (0, 0, 0) if _luma(bg) > 140 else (255, 255, 255)
    if dev.platform == "ios":
        pw, ph = 134 * scale, 5 * scale
        y1 = h - 8 * scale
        d.rounded_rectangle((w / 2 - pw / 2, y1 - ph, w / 2 + pw / 2, y1), radius=ph / 2, fill=fg)
        return "home_indicator", round(34 * scale)
    if dev.platform == "ios_legacy":
        return "none", 0
    style = rng.choice(("gesture", "gesture", "buttons")) if dev.h / dev.w > 1.9 else "buttons"
    if style == "gesture":
        pw, ph = 108 * scale, 4 * scale
        y1 = h - 8 * scale
        col = mix(fg, bg, 0.2)
        d.rounded_rectangle((w / 2 - pw / 2, y1 - ph, w / 2 + pw / 2, y1), radius=ph / 2, fill=col)
        return "gesture_bar", round(20 * scale)
    bar_h = round(48 * scale)
    nav_bg = rng.choice((bg, (0, 0, 0), mix(bg, fg, 0.04)))
    d.rectangle((0, h - bar_h, w, h), fill=nav_bg)
    nfg: RGB = (0, 0, 0) if _luma(nav_bg) > 140 else (255, 255, 255)
    nfg = mix(nfg, nav_bg, 0.25)
    cy = h - bar_h / 2
    s = 8 * scale
    lw = max(2, round(1.8 * scale))
    order = [0.25, 0.5, 0.75] if rng.random() < 0.7 else [0.75, 0.5, 0.25]
    bx, hx, rx = (w * k for k in order)
    d.polygon([(bx - s * 0.8, cy), (bx + s * 0.8, cy - s), (bx + s * 0.8, cy + s)], outline=nfg, width=lw)
    d.ellipse((hx - s, cy - s, hx + s, cy + s), outline=nfg, width=lw)
    d.rounded_rectangle((rx - s * 0.85, cy - s * 0.85, rx + s * 0.85, cy + s * 0.85), radius=s * 0.15, outline=nfg,
                        width=lw)
    return "nav_buttons", bar_h


_BANNERS_JA = (
    ("メッセージ", "お母さん", "今日は何時ごろ帰ってくる？"),
    ("TALKY", "田中", "写真送ったよ〜"),
    ("メール", "お知らせ", "ポイント有効期限のお知らせ"),
    ("カレンダー", "歯医者", "15:30 - 16:00"),
    ("天気", "雨の予報", "午後から雨が降る見込みです"),
    ("ニュース速報", "経済", "日経平均、午前の終値は…"),
    ("リマインダー", "牛乳を買う", "今日"),
)
_BANNERS_EN = (
    ("Messages", "Mom", "Are you coming for dinner?"),
    ("Mail", "Newsletter", "Your weekly digest is here"),
    ("Calendar", "Dentist", "3:30 PM - 4:00 PM"),
    ("Weather", "Rain expected", "Showers likely after 2 PM"),
    ("Chat", "Alex", "Sent a photo"),
    ("Bank", "Card payment", "A payment was made with your card"),
)


def draw_banner(img: Image.Image, dev: Device, scale: float, top: int, pool: FontPool, rng: random.Random,
                *, english: bool, latin: bool, dark: bool) -> tuple[int, int, int, int]:
    """An incoming-notification banner near the top; returns its box."""
    d = ImageDraw.Draw(img)
    w = img.width
    app, title, body = rng.choice(_BANNERS_EN if english else _BANNERS_JA)
    style = "latin_sans" if latin else "sans"
    m = (8 if dev.platform.startswith("ios") else 10) * scale
    h = 76 * scale
    y0 = top
    box = (m, y0, w - m, y0 + h)
    bg: RGB = (44, 44, 46) if dark else (rng.randint(238, 248),) * 3  # type: ignore[assignment]
    fg: RGB = (255, 255, 255) if dark else (10, 10, 10)
    sub = mix(fg, bg, 0.4)
    d.rounded_rectangle((box[0], box[1] + 2 * scale, box[2], box[3] + 2 * scale), radius=22 * scale,
                        fill=mix(bg, (0, 0, 0), 0.25))
    d.rounded_rectangle(box, radius=22 * scale, fill=bg)
    isz = 38 * scale
    ix, iy = box[0] + 14 * scale, y0 + (h - isz) / 2
    icol = rng.choice(((52, 199, 89), (0, 122, 255), (255, 149, 0), (88, 86, 214), (6, 199, 85)))
    d.rounded_rectangle((ix, iy, ix + isz, iy + isz), radius=isz * 0.23, fill=icol)
    tx = ix + isz + 10 * scale
    f_title = pool.font(round(15 * scale), style=style, bold=True)
    f_body = pool.font(round(15 * scale), style=style)
    f_small = pool.font(round(12.5 * scale), style=style)
    when = rng.choice(("now", "2m ago") if english else ("今", "2分前", "たった今"))
    if dev.platform == "android":  # app name and time on a small first line
        d.text((tx, y0 + 9 * scale), f"{app} · {when}", font=f_small, fill=sub)
        d.text((tx, y0 + 28 * scale), title, font=f_title, fill=fg)
        d.text((tx, y0 + 49 * scale), body, font=f_small, fill=fg)
    else:
        d.text((tx, y0 + 16 * scale), title, font=f_title, fill=fg)
        d.text((tx, y0 + 38 * scale), body, font=f_body, fill=fg)
        d.text((box[2] - 14 * scale, y0 + 16 * scale), when, font=f_small, fill=sub, anchor="ra")
    return tuple(round(v) for v in box)  # type: ignore[return-value]
