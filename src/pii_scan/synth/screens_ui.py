"""Drawing toolkit for synthetic phone screens: themes, typography, a canvas with app widgets.

Page builders draw in pixels but think in device-independent units: ``Canvas.p(16)``
is 16 pt/dp at the device's scale, so one layout fits every resolution.
"""

from __future__ import annotations

import colorsys
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pii_scan.synth.common import FontPool
from pii_scan.synth.screens_codes import render_code

RGB = tuple[int, int, int]
T = TypeVar("T")

__all__ = ["RGB", "Canvas", "CodeBox", "Page", "Theme", "Typo", "make_theme", "mix", "shade"]


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Linear blend of two colours, ``t`` = 0 gives ``a``."""
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def shade(c: RGB, lightness: float, saturation: float | None = None) -> RGB:
    """``c`` with its HLS lightness (and optionally saturation) replaced."""
    h, _l, s = colorsys.rgb_to_hls(*(v / 255 for v in c))
    r, g, b = colorsys.hls_to_rgb(h, lightness, s if saturation is None else saturation)
    return (round(r * 255), round(g * 255), round(b * 255))


def _luma(c: RGB) -> float:
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


@dataclass(frozen=True)
class Theme:
    """Colours of one app screen in one mode."""

    dark: bool
    bg: RGB
    surface: RGB
    text: RGB
    muted: RGB
    divider: RGB
    accent: RGB
    on_accent: RGB
    accent_soft: RGB

    @property
    def mode(self) -> str:
        return "dark" if self.dark else "light"


_LIGHT_BGS: tuple[RGB, ...] = ((242, 242, 247), (255, 255, 255), (246, 246, 246), (239, 241, 244), (250, 248, 245))
_DARK_BGS: tuple[RGB, ...] = ((0, 0, 0), (18, 18, 18), (28, 28, 30), (22, 24, 28))
# held-out themes: tinted paper-like and blue-black backgrounds the main set never uses
_HELD_LIGHT_BGS: tuple[RGB, ...] = ((245, 241, 232), (236, 243, 247), (243, 246, 238), (248, 240, 242))
_HELD_DARK_BGS: tuple[RGB, ...] = ((14, 20, 34), (30, 24, 22), (20, 28, 24))


def make_theme(accent: RGB, dark: bool, rng: random.Random, *, heldout: bool = False) -> Theme:
    """A light or dark theme around a brand ``accent`` colour."""
    if dark:
        bg = rng.choice(_HELD_DARK_BGS if heldout else _DARK_BGS)
        surface = mix(bg, (255, 255, 255), rng.uniform(0.07, 0.14))
        text = rng.choice(((255, 255, 255), (236, 236, 238), (228, 230, 235)))
        muted = (rng.randint(140, 165),) * 3
        divider = mix(surface, (255, 255, 255), 0.12)
        acc = accent if _luma(accent) > 90 else shade(accent, 0.62)
    else:
        bg = rng.choice(_HELD_LIGHT_BGS if heldout else _LIGHT_BGS)
        surface = (255, 255, 255) if bg != (255, 255, 255) else rng.choice(((255, 255, 255), (248, 248, 250)))
        text = rng.choice(((17, 17, 17), (28, 28, 30), (33, 37, 41), (20, 24, 40)))
        muted = (rng.randint(105, 135),) * 3
        divider = (rng.randint(218, 232),) * 3
        acc = accent
    on_accent = (255, 255, 255) if _luma(acc) < 170 else (20, 20, 20)
    soft = mix(surface, acc, 0.14 if not dark else 0.25)
    return Theme(dark, bg, surface, text, muted, divider, acc, on_accent, soft)


@dataclass
class Typo:
    """Fonts of one screen: a font pool, the device scale and the UI script."""

    pool: FontPool
    u: float
    latin: bool = False  # True: UI text set in a Latin-only family

    def f(self, pt: float, bold: bool = False, *, style: str | None = None) -> ImageFont.FreeTypeFont:
        """A face ``pt`` device units tall."""
        st = style or ("latin_sans" if self.latin else "sans")
        return self.pool.font(max(6, round(pt * self.u)), style=st, bold=bold)


@dataclass(frozen=True)
class CodeBox:
    """Where a 2-D or linear code was drawn (page pixels)."""

    fmt: str
    box: tuple[int, int, int, int]


@dataclass
class Page:
    """A rendered app screen, before the phone chrome is added.

    ``header`` stays fixed at the top, ``body`` scrolls, ``footer`` (a tab bar or
    input bar) stays at the bottom. ``codes`` are in body coordinates.
    """

    body: Image.Image
    header: Image.Image | None = None
    footer: Image.Image | None = None
    codes: list[CodeBox] = field(default_factory=list)
    bar_color: RGB | None = None  # status bar background when the app tints it
    content_bg: RGB | None = None  # colour to pad the body with
    variation: str = ""
    full_bleed: bool = False  # body fills the whole screen behind the status bar, never scrolls
    extra: dict[str, object] = field(default_factory=dict)


class Canvas:
    """A drawing surface with unit scaling and common app widgets."""

    def __init__(self, w: int, h: int, theme: Theme, typo: Typo, bg: RGB | None = None) -> None:
        self.w, self.h = w, h
        self.theme, self.typo = theme, typo
        self.img = Image.new("RGB", (w, h), bg or theme.bg)
        self.d = ImageDraw.Draw(self.img)
        self.codes: list[CodeBox] = []

    # -- units and text -------------------------------------------------------------------------
    def p(self, v: float) -> int:
        """Device units to pixels."""
        return round(v * self.typo.u)

    def f(self, pt: float, bold: bool = False, *, style: str | None = None) -> ImageFont.FreeTypeFont:
        return self.typo.f(pt, bold, style=style)

    def tw(self, s: str, pt: float, bold: bool = False, *, style: str | None = None) -> int:
        """Advance width of ``s`` in pixels."""
        return round(self.d.textlength(s, font=self.f(pt, bold, style=style)))

    def text(
        self, x: float, y: float, s: str, pt: float, fill: RGB | None = None, *,
        bold: bool = False, anchor: str = "la", style: str | None = None, max_w: float | None = None,
    ) -> int:
        """Draw ``s``; shrinks to ``max_w`` pixels if given. Returns the drawn width."""
        fnt = self.f(pt, bold, style=style)
        width = self.d.textlength(s, font=fnt)
        while max_w is not None and width > max_w and pt > 6:
            pt *= 0.92
            fnt = self.f(pt, bold, style=style)
            width = self.d.textlength(s, font=fnt)
        self.d.text((x, y), s, font=fnt, fill=fill or self.theme.text, anchor=anchor)
        return round(width)

    def wrap(self, x: float, y: float, s: str, pt: float, max_w: float, fill: RGB | None = None, *,
             bold: bool = False, line_gap: float = 1.45, max_lines: int = 99) -> int:
        """Draw ``s`` wrapped to ``max_w`` (by words, or by characters for CJK). Returns the new y."""
        fnt = self.f(pt, bold)
        lines: list[str] = []
        cur = ""
        cjk = any(ord(ch) >= 0x2E80 for ch in s)  # CJK wraps between any two characters
        tokens = list(s) if cjk else s.split(" ")
        sep = "" if cjk else " "
        for tok in tokens:
            cand = f"{cur}{sep}{tok}" if cur else tok
            if self.d.textlength(cand, font=fnt) <= max_w or not cur:
                cur = cand
            else:
                lines.append(cur)
                cur = tok
        if cur:
            lines.append(cur)
        step = self.p(pt * line_gap)
        for line in lines[:max_lines]:
            self.d.text((x, y), line, font=fnt, fill=fill or self.theme.text)
            y += step
        return y

    # -- shapes ---------------------------------------------------------------------------------
    def rrect(self, box: tuple[float, float, float, float], r: float, fill: RGB | None = None,
              outline: RGB | None = None, width: int = 1) -> None:
        """Rounded rectangle, ``r`` in pixels."""
        x0, y0, x1, y1 = box
        self.d.rounded_rectangle((x0, y0, x1, y1), radius=max(0, round(r)), fill=fill, outline=outline, width=width)

    def hline(self, x0: float, x1: float, y: float, color: RGB | None = None, width: int | None = None,
              dashed: bool = False) -> None:
        w = width or max(1, self.p(0.5))
        col = color or self.theme.divider
        if not dashed:
            self.d.line((x0, y, x1, y), fill=col, width=w)
            return
        step = self.p(6)
        x = x0
        while x < x1:
            self.d.line((x, y, min(x + step * 0.55, x1), y), fill=col, width=w)
            x += step

    def circle(self, cx: float, cy: float, r: float, fill: RGB | None = None, outline: RGB | None = None,
               width: int = 1) -> None:
        self.d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill, outline=outline, width=width)

    # -- widgets --------------------------------------------------------------------------------
    def code(self, fmt: str, data: str, cx: float, y: float, max_w: float, *, max_h: float | None = None,
             ink: RGB = (0, 0, 0), tile: bool = True, min_module: int = 4) -> tuple[int, int, int, int]:
        """Draw a barcode centred at ``cx`` from ``y`` on a white tile; returns its tile box."""
        img = render_code(fmt, data, max_w, max_h, min_module=min_module)
        arr = np.asarray(img)
        rgb = np.where(arr[..., None] < 128, np.array(ink, np.uint8), np.uint8(255)).astype(np.uint8)
        cimg = Image.fromarray(rgb, "RGB")
        pad = self.p(6) if tile else 0
        x0 = round(cx - cimg.width / 2)
        box = (x0 - pad, round(y), x0 + cimg.width + pad, round(y) + cimg.height + 2 * pad)
        if tile:
            self.rrect(box, self.p(10), fill=(255, 255, 255))
        self.img.paste(cimg, (x0, round(y) + pad))
        self.codes.append(CodeBox(fmt, box))
        return box

    def chevron(self, x: float, cy: float, size: float, color: RGB, direction: str = "left", width: int = 0) -> None:
        """A '<' or '>' glyph drawn as two strokes."""
        w = width or max(2, round(size / 5))
        s = size / 2
        if direction == "left":
            pts = [(x + s, cy - s), (x, cy), (x + s, cy + s)]
        elif direction == "right":
            pts = [(x, cy - s), (x + s, cy), (x, cy + s)]
        else:  # down
            pts = [(x - s, cy - s / 2), (x, cy + s / 2), (x + s, cy - s / 2)]
        self.d.line(pts, fill=color, width=w, joint="curve")

    def arrow_right(self, x0: float, x1: float, cy: float, color: RGB) -> None:
        w = max(2, self.p(1.5))
        self.d.line((x0, cy, x1, cy), fill=color, width=w)
        h = self.p(5)
        self.d.polygon([(x1 + h * 0.3, cy), (x1 - h, cy - h * 0.8), (x1 - h, cy + h * 0.8)], fill=color)

    def icon(self, kind: str, cx: float, cy: float, size: float, color: RGB) -> None:
        """Simple line/solid icons: menu, dots, search, plane, train, bus, share, bell, home, ticket, user."""
        s = size / 2
        w = max(2, round(size / 11))
        d = self.d
        if kind == "menu":
            for k in (-0.6, 0, 0.6):
                d.line((cx - s, cy + k * s, cx + s, cy + k * s), fill=color, width=w)
        elif kind == "dots":
            for k in (-0.7, 0, 0.7):
                self.circle(cx, cy + k * s, w * 0.9, fill=color)
        elif kind == "search":
            r = s * 0.62
            d.ellipse((cx - s, cy - s, cx - s + 2 * r, cy - s + 2 * r), outline=color, width=w)
            d.line((cx - s + 1.7 * r, cy - s + 1.7 * r, cx + s, cy + s), fill=color, width=w)
        elif kind == "plane":
            d.polygon([(cx + s, cy), (cx - s * 0.6, cy - s * 0.18), (cx - s * 0.6, cy + s * 0.18)], fill=color)
            d.polygon([(cx + s * 0.1, cy), (cx - s * 0.35, cy - s), (cx - s * 0.55, cy - s),
                       (cx - s * 0.3, cy), (cx - s * 0.55, cy + s), (cx - s * 0.35, cy + s)], fill=color)
            d.polygon([(cx - s * 0.6, cy), (cx - s * 0.9, cy - s * 0.45), (cx - s, cy - s * 0.45),
                       (cx - s * 0.85, cy), (cx - s, cy + s * 0.45), (cx - s * 0.9, cy + s * 0.45)], fill=color)
        elif kind in ("train", "bus"):
            top = cy - s
            self.rrect((cx - s * 0.75, top, cx + s * 0.75, cy + s * 0.7), s * (0.5 if kind == "train" else 0.2),
                       fill=color)
            bg = self.theme.surface
            self.rrect((cx - s * 0.5, top + s * 0.35, cx + s * 0.5, cy), s * 0.12, fill=bg)
            for k in (-0.4, 0.4):
                self.circle(cx + k * s, cy + s * 0.38, s * 0.12, fill=bg)
            d.line((cx - s * 0.5, cy + s * 0.7, cx - s * 0.8, cy + s), fill=color, width=w)
            d.line((cx + s * 0.5, cy + s * 0.7, cx + s * 0.8, cy + s), fill=color, width=w)
        elif kind == "share":
            d.line((cx, cy - s, cx, cy + s * 0.3), fill=color, width=w)
            d.line((cx - s * 0.4, cy - s * 0.6, cx, cy - s, cx + s * 0.4, cy - s * 0.6), fill=color, width=w)
            d.line((cx - s * 0.7, cy - s * 0.2, cx - s * 0.7, cy + s, cx + s * 0.7, cy + s, cx + s * 0.7, cy - s * 0.2),
                   fill=color, width=w)
        elif kind == "bell":
            d.chord((cx - s * 0.7, cy - s, cx + s * 0.7, cy + s * 0.8), 180, 360, fill=color)
            d.rectangle((cx - s * 0.7, cy - s * 0.1, cx + s * 0.7, cy + s * 0.55), fill=color)
            d.rectangle((cx - s * 0.9, cy + s * 0.5, cx + s * 0.9, cy + s * 0.68), fill=color)
            self.circle(cx, cy + s * 0.85, s * 0.18, fill=color)
        elif kind == "home":
            d.polygon([(cx, cy - s), (cx + s, cy - s * 0.05), (cx - s, cy - s * 0.05)], outline=color, width=w)
            d.rectangle((cx - s * 0.7, cy - s * 0.05, cx + s * 0.7, cy + s * 0.9), outline=color, width=w)
        elif kind == "ticket":
            self.rrect((cx - s, cy - s * 0.6, cx + s, cy + s * 0.6), s * 0.15, fill=color)
            bg = self.theme.surface
            self.circle(cx - s, cy, s * 0.25, fill=bg)
            self.circle(cx + s, cy, s * 0.25, fill=bg)
        elif kind == "user":
            d.ellipse((cx - s * 0.4, cy - s, cx + s * 0.4, cy - s * 0.2), outline=color, width=w)
            d.arc((cx - s * 0.85, cy - s * 0.05, cx + s * 0.85, cy + s * 1.6), 180, 360, fill=color, width=w)
        elif kind == "gear":
            self.circle(cx, cy, s * 0.75, outline=color, width=w * 2)
            self.circle(cx, cy, s * 0.25, fill=color)
        elif kind == "pin":
            self.circle(cx, cy - s * 0.35, s * 0.6, fill=color)
            d.polygon([(cx - s * 0.52, cy - s * 0.1), (cx + s * 0.52, cy - s * 0.1), (cx, cy + s)], fill=color)
            self.circle(cx, cy - s * 0.35, s * 0.22, fill=(255, 255, 255))
        elif kind == "close":
            d.line((cx - s * 0.7, cy - s * 0.7, cx + s * 0.7, cy + s * 0.7), fill=color, width=w)
            d.line((cx - s * 0.7, cy + s * 0.7, cx + s * 0.7, cy - s * 0.7), fill=color, width=w)
        else:
            self.circle(cx, cy, s * 0.6, outline=color, width=w)

    def app_bar(self, title: str, *, y: int = 0, tinted: bool = False, back: bool = True,
                right: str | None = "dots", center: bool = True, height: float = 52, pt: float = 17) -> int:
        """Draw a navigation bar; returns its bottom y."""
        t = self.theme
        h = self.p(height)
        bg = t.accent if tinted else t.bg
        fg = t.on_accent if tinted else t.text
        self.d.rectangle((0, y, self.w, y + h), fill=bg)
        cy = y + h / 2
        x_title = self.p(16)
        if back:
            self.chevron(self.p(18), cy, self.p(14), fg if tinted else t.accent, "left", self.p(2))
            x_title = self.p(52)
        if center:
            self.text(self.w / 2, cy, title, pt, fg, bold=True, anchor="mm", max_w=self.w - self.p(110))
        else:
            self.text(x_title, cy, title, pt + 2, fg, bold=True, anchor="lm", max_w=self.w - self.p(110))
        if right:
            self.icon(right, self.w - self.p(26), cy, self.p(20), fg if tinted else t.accent)
        if not tinted:
            self.hline(0, self.w, y + h - 1, t.divider)
        return y + h

    def kv_row(self, x0: float, x1: float, y: float, key: str, value: str, *, pt: float = 15,
               bold_value: bool = True, gap: float = 14, value_color: RGB | None = None) -> int:
        """Key on the left, value right-aligned; returns the next y."""
        t = self.theme
        h = self.p(pt * 1.5 + gap)
        cy = y + h / 2
        kw = self.text(x0, cy, key, pt - 1, t.muted, anchor="lm")
        self.text(x1, cy, value, pt, value_color or t.text, bold=bold_value, anchor="rm", max_w=x1 - x0 - kw - self.p(12))
        return round(y + h)

    def label_value(self, x: float, y: float, label: str, value: str, *, pt: float = 16, max_w: float | None = None,
                    bold: bool = True, anchor_right: bool = False) -> int:
        """Small muted label above a larger value; returns the next y."""
        t = self.theme
        a1, a2 = ("ra", "ra") if anchor_right else ("la", "la")
        self.text(x, y, label, pt * 0.78, t.muted, anchor=a1, max_w=max_w)
        y2 = y + self.p(pt * 0.78 * 1.45)
        self.text(x, y2, value, pt, t.text, bold=bold, anchor=a2, max_w=max_w)
        return round(y2 + self.p(pt * 1.5))

    def button(self, box: tuple[float, float, float, float], label: str, *, filled: bool = True, pt: float = 16) -> None:
        t = self.theme
        r = (box[3] - box[1]) / 2 if filled else self.p(10)
        if filled:
            self.rrect(box, r, fill=t.accent)
        else:
            self.rrect(box, r, outline=t.accent, width=max(2, self.p(1.2)))
        self.text((box[0] + box[2]) / 2, (box[1] + box[3]) / 2, label, pt, t.on_accent if filled else t.accent,
                  bold=True, anchor="mm")

    def tab_bar(self, labels: list[str], icons: list[str], active: int, *, y: int, height: float = 56) -> int:
        """Bottom tab bar with icons and labels; returns its bottom y."""
        t = self.theme
        h = self.p(height)
        bg = t.surface if not t.dark else mix(t.bg, (255, 255, 255), 0.06)
        self.d.rectangle((0, y, self.w, y + h), fill=bg)
        self.hline(0, self.w, y, t.divider)
        n = len(labels)
        for i, (lab, ic) in enumerate(zip(labels, icons)):
            cx = self.w * (i + 0.5) / n
            col = t.accent if i == active else t.muted
            self.icon(ic, cx, y + h * 0.36, self.p(20), col)
            self.text(cx, y + h * 0.8, lab, 10, col, anchor="mm")
        return y + h

    def close_card(self, x0: float, x1: float, y: float, r: float, card: RGB, bg: RGB, to: float | None = None) -> None:
        """End a card drawn taller than needed at ``y``: clear below it and round its bottom corners."""
        self.d.rectangle((x0 - 1, y, x1 + 1, to if to is not None else self.h), fill=bg)
        r = round(r)
        self.d.rectangle((x0, y - r, x0 + r, y), fill=bg)
        self.d.rectangle((x1 - r, y - r, x1, y), fill=bg)
        self.d.pieslice((x0, y - 2 * r, x0 + 2 * r, y), 90, 180, fill=card)
        self.d.pieslice((x1 - 2 * r, y - 2 * r, x1, y), 0, 90, fill=card)

    def crop_used(self, bottom: int) -> Image.Image:
        """The canvas cut to ``bottom`` pixels tall."""
        return self.img.crop((0, 0, self.w, max(1, min(self.h, bottom))))


@dataclass
class ScreenCtx:
    """What a page builder knows: device size, randomness, held-out split, mode and fonts."""

    w: int
    h: int
    view_h: int  # body pixels visible between the chrome
    rng: random.Random
    heldout: bool
    dark: bool
    typo: Typo
    status_h: int = 0  # status bar height in px (full-bleed pages draw below it)
    lang: str = "ja"  # UI language the page chose ("ja" or "en")

    def pick(self, main: Sequence[T], held: Sequence[T]) -> T:
        """One option from the main or the held-out list."""
        return self.rng.choice(held if self.heldout else main)

    def theme(self, accent: RGB) -> Theme:
        return make_theme(accent, self.dark, self.rng, heldout=self.heldout)

    def canvas(self, theme: Theme, h: int | None = None, bg: RGB | None = None) -> Canvas:
        return Canvas(self.w, h or round(self.h * 2.2), theme, self.typo, bg)

    def header(self, theme: Theme, title: str, *, tinted: bool, back: bool = True, right: str | None = "dots",
               center: bool | None = None) -> Image.Image:
        """A fixed app bar as its own image."""
        c = Canvas(self.w, round(52 * self.typo.u), theme, self.typo, theme.accent if tinted else theme.bg)
        ctr = self.rng.random() < 0.6 if center is None else center
        c.app_bar(title, tinted=tinted, back=back, right=right, center=ctr)
        return c.img
