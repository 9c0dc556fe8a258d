"""Generic reservation-screen layouts that any ticket (or look-alike) spec can be drawn in.

Main-set layouts: card, grouped, hero_code, pass. Held-out layouts: timeline, table, stub.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from pii_scan.synth.screens_ui import RGB, Canvas, Page, ScreenCtx, Theme, mix

__all__ = ["HELDOUT_LAYOUTS", "LAYOUTS", "MAIN_LAYOUTS", "TicketSpec", "render_spec"]


@dataclass
class TicketSpec:
    """The content of one reservation screen, independent of its layout."""

    lang: str  # "ja" or "en"
    title: str  # app bar title
    brand: str
    icon: str  # train, plane, bus, ticket
    accent: RGB
    headline: str  # train / flight / event name
    subline: str  # date line
    origin: tuple[str, str] | None = None  # (name, sub-line e.g. time)
    dest: tuple[str, str] | None = None
    duration: str = ""
    highlights: list[tuple[str, str]] = field(default_factory=list)  # big label/value boxes
    details: list[tuple[str, str]] = field(default_factory=list)  # key/value rows
    code: tuple[str, str] | None = None  # (format, payload)
    code_caption: str = ""
    notes: list[str] = field(default_factory=list)
    buttons: list[str] = field(default_factory=list)
    sections: tuple[str, str, str] = ("", "", "")  # headings: route, seat, details
    code_first: bool = False  # draw the code before the details where the layout allows


def _route(c: Canvas, spec: TicketSpec, x0: float, x1: float, y: float, pt: float = 26,
           fg: RGB | None = None, sub: RGB | None = None) -> int:
    """Origin and destination with an icon between; returns the next y."""
    if spec.origin is None or spec.dest is None:
        return round(y)
    t = c.theme
    fg = fg or t.text
    sub = sub or t.muted
    side = (x1 - x0) * 0.38
    c.text(x0, y, spec.origin[0], pt, fg, bold=True, max_w=side)
    c.text(x1, y, spec.dest[0], pt, fg, bold=True, anchor="ra", max_w=side)
    cy = y + c.p(pt * 0.62)
    mid = (x0 + x1) / 2
    span = (x1 - x0) * 0.09
    c.hline(mid - span * 1.4, mid - c.p(14), cy, mix(fg, t.surface, 0.6), dashed=True)
    c.hline(mid + c.p(14), mid + span * 1.4, cy, mix(fg, t.surface, 0.6), dashed=True)
    c.icon(spec.icon, mid, cy, c.p(20), t.accent if fg == t.text else fg)
    y2 = y + c.p(pt * 1.35)
    c.text(x0, y2, spec.origin[1], pt * 0.62, sub, max_w=side)
    c.text(x1, y2, spec.dest[1], pt * 0.62, sub, anchor="ra", max_w=side)
    if spec.duration:
        c.text(mid, y2, spec.duration, pt * 0.5, sub, anchor="ma")
    return round(y2 + c.p(pt * 1.1))


def _grid(c: Canvas, items: list[tuple[str, str]], x0: float, x1: float, y: float, cols: int = 3,
          pt: float = 19, fg: RGB | None = None, sub: RGB | None = None) -> int:
    """Label-above-value boxes in ``cols`` columns; returns the next y."""
    if not items:
        return round(y)
    t = c.theme
    colw = (x1 - x0) / cols
    for i, (label, value) in enumerate(items):
        r, k = divmod(i, cols)
        yy = y + r * c.p(pt * 2.6)
        if k == cols - 1 and cols > 1:
            x, anchor = x0 + colw * cols, "ra"
        elif k == 0:
            x, anchor = x0, "la"
        else:
            x, anchor = x0 + colw * k + colw / 2, "ma"
        c.text(x, yy, label, pt * 0.62, sub or t.muted, anchor=anchor, max_w=colw - c.p(6))
        c.text(x, yy + c.p(pt * 0.95), value, pt, fg or t.text, bold=True, anchor=anchor, max_w=colw - c.p(6))
    rows = (len(items) + cols - 1) // cols
    return round(y + rows * c.p(pt * 2.6))


def _rows(c: Canvas, items: list[tuple[str, str]], x0: float, x1: float, y: float, pt: float = 15,
          divider: bool = True) -> int:
    for i, (k, v) in enumerate(items):
        y = c.kv_row(x0, x1, y, k, v, pt=pt)
        if divider and i < len(items) - 1:
            c.hline(x0, x1, y, c.theme.divider)
    return round(y)


def _code(c: Canvas, spec: TicketSpec, cx: float, y: float, max_w: float, ctx: ScreenCtx) -> int:
    """The spec's code with its caption; returns the next y."""
    if spec.code is None:
        return round(y)
    fmt, data = spec.code
    share = {"qr": 0.62, "aztec": 0.6, "datamatrix": 0.55, "pdf417": 0.95, "code128": 0.95}[fmt]
    w = max_w * share * ctx.rng.uniform(0.85, 1.0)
    box = c.code(fmt, data, cx, y, w, max_h=c.p(260))
    y = box[3] + c.p(10)
    if spec.code_caption:
        y = c.wrap(cx - max_w / 2 + c.p(8), y, spec.code_caption, 12.5, max_w - c.p(16), c.theme.muted) + c.p(4)
    return round(y)


def _notes(c: Canvas, spec: TicketSpec, x0: float, x1: float, y: float) -> int:
    for note in spec.notes:
        y = c.wrap(x0, y, note, 12.5, x1 - x0, c.theme.muted) + c.p(6)
    return round(y)


def _buttons(c: Canvas, spec: TicketSpec, x0: float, x1: float, y: float) -> int:
    for i, label in enumerate(spec.buttons):
        c.button((x0, y, x1, y + c.p(48)), label, filled=i == 0)
        y += c.p(60)
    return round(y)


def _finish(c: Canvas, bottom: int, ctx: ScreenCtx, spec: TicketSpec, theme: Theme, layout: str,
            tinted: bool) -> Page:
    header = ctx.header(theme, spec.title, tinted=tinted, right=ctx.rng.choice(("dots", "share", None)))
    return Page(body=c.crop_used(bottom + c.p(24)), header=header, codes=list(c.codes),
                bar_color=theme.accent if tinted else theme.bg, content_bg=c.theme.bg, variation=layout)


# ----------------------------------------------------------------------------------------- main layouts


def layout_card(spec: TicketSpec, ctx: ScreenCtx) -> Page:
    """A boarding-card: coloured route header, perforation, field grid, rows and the code."""
    theme = ctx.theme(spec.accent)
    c = ctx.canvas(theme)
    t = theme
    m = c.p(16)
    x0, x1 = m, c.w - m
    ix0, ix1 = x0 + c.p(20), x1 - c.p(20)
    y = c.p(18)
    top = y
    card_bottom_guess = c.h - c.p(10)
    c.rrect((x0, top, x1, card_bottom_guess), c.p(18), fill=t.surface)
    head_h = c.p(150 if spec.origin else 96)
    c.d.rounded_rectangle((x0, top, x1, top + head_h), radius=c.p(18), fill=t.accent, corners=(True, True, False, False))
    y = top + c.p(16)
    c.text(ix0, y, spec.brand, 12.5, mix(t.on_accent, t.accent, 0.25), bold=True)
    c.text(ix1, y, spec.subline, 12.5, mix(t.on_accent, t.accent, 0.15), anchor="ra")
    y += c.p(26)
    c.text(ix0, y, spec.headline, 20, t.on_accent, bold=True, max_w=ix1 - ix0)
    y += c.p(36)
    if spec.origin:
        t_on = t.on_accent
        sub = mix(t_on, t.accent, 0.2)
        save = c.theme
        c.theme = Theme(save.dark, save.bg, t.accent, save.text, save.muted, save.divider, t_on, save.on_accent,
                        save.accent_soft)
        _route(c, spec, ix0, ix1, y, 24, t_on, sub)
        c.theme = save
    y = top + head_h
    if spec.code_first and spec.code:
        y += c.p(14)
        y = _code(c, spec, c.w / 2, y, x1 - x0 - c.p(40), ctx)
    # perforation
    y += c.p(14)
    r = c.p(11)
    c.circle(x0, y, r, fill=t.bg)
    c.circle(x1, y, r, fill=t.bg)
    c.hline(x0 + r + c.p(6), x1 - r - c.p(6), y, t.divider, dashed=True, width=max(1, c.p(1)))
    y += c.p(20)
    y = _grid(c, spec.highlights, ix0, ix1, y, cols=3 if len(spec.highlights) != 2 else 2)
    if spec.details:
        c.hline(ix0, ix1, y, t.divider)
        y = _rows(c, spec.details, ix0, ix1, y + c.p(4), divider=ctx.rng.random() < 0.5)
    if spec.code and not spec.code_first:
        c.hline(ix0, ix1, y + c.p(8), t.divider, dashed=True)
        y = _code(c, spec, c.w / 2, y + c.p(24), x1 - x0 - c.p(40), ctx)
    y += c.p(12)
    c.close_card(x0, x1, y, c.p(18), t.surface, t.bg)
    y += c.p(20)
    y = _buttons(c, spec, x0, x1, y)
    y = _notes(c, spec, x0 + c.p(4), x1 - c.p(4), y + c.p(6))
    return _finish(c, y, ctx, spec, theme, "card", tinted=ctx.rng.random() < 0.3)


def layout_grouped(spec: TicketSpec, ctx: ScreenCtx) -> Page:
    """iOS-settings-like grouped sections of key/value rows."""
    theme = ctx.theme(spec.accent)
    if not theme.dark and theme.bg == (255, 255, 255):
        theme = replace(theme, bg=(242, 242, 247))
    c = ctx.canvas(theme)
    t = theme
    m = c.p(16)
    x0, x1 = m, c.w - m
    ix0, ix1 = x0 + c.p(16), x1 - c.p(16)
    y = c.p(12)
    c.text(x0 + c.p(4), y, spec.headline, 26, bold=True, max_w=x1 - x0)
    y += c.p(40)
    c.text(x0 + c.p(4), y, spec.subline, 15, t.muted)
    y += c.p(34)

    def group(title: str, draw: Callable[[int], int]) -> None:
        nonlocal y
        if title:
            c.text(x0 + c.p(4), y, title, 13, t.muted)
            y += c.p(24)
        c.rrect((x0, y, x1, c.h + c.p(40)), c.p(12), fill=t.surface)
        end = draw(y + c.p(6)) + c.p(6)
        c.close_card(x0, x1, end, c.p(12), t.surface, t.bg)
        y = end + c.p(22)

    if spec.code and spec.code_first:
        group(spec.sections[2] and "", lambda yy: _code(c, spec, c.w / 2, yy + c.p(10), x1 - x0, ctx))
    if spec.origin and spec.dest:
        route = [(spec.origin[0], spec.origin[1]), (spec.dest[0], spec.dest[1])]
        group(spec.sections[0], lambda yy: _rows(c, route, ix0, ix1, yy, pt=17))
    if spec.highlights:
        group(spec.sections[1], lambda yy: _rows(c, spec.highlights, ix0, ix1, yy, pt=17))
    if spec.details:
        group(spec.sections[2], lambda yy: _rows(c, spec.details, ix0, ix1, yy))
    if spec.code and not spec.code_first:
        group("", lambda yy: _code(c, spec, c.w / 2, yy + c.p(10), x1 - x0, ctx))
    y = _buttons(c, spec, x0, x1, y)
    y = _notes(c, spec, x0 + c.p(4), x1 - c.p(4), y + c.p(4))
    return _finish(c, y, ctx, spec, theme, "grouped", tinted=ctx.rng.random() < 0.4)


def layout_hero_code(spec: TicketSpec, ctx: ScreenCtx) -> Page:
    """The code first and large, then stacked label/value fields (event-app style)."""
    theme = ctx.theme(spec.accent)
    c = ctx.canvas(theme, bg=theme.accent if ctx.rng.random() < 0.35 else theme.bg)
    t = theme
    m = c.p(rng_margin := ctx.rng.choice((12, 16, 20)))
    del rng_margin
    x0, x1 = m, c.w - m
    ix0, ix1 = x0 + c.p(22), x1 - c.p(22)
    top = c.p(12)
    c.rrect((x0, top, x1, c.h - c.p(8)), c.p(8), fill=t.surface)
    y = top + c.p(30)
    if spec.code:
        y = _code(c, spec, c.w / 2, y, x1 - x0 - c.p(30), ctx) + c.p(8)
    label = {"ja": "チケット 1 / 1", "en": "Ticket 1 of 1"}[spec.lang]
    lw = c.tw(label, 14) + c.p(24)
    c.hline(ix0, ix1, y + c.p(18), t.divider, width=c.p(1.2))
    c.rrect((c.w / 2 - lw / 2, y, c.w / 2 + lw / 2, y + c.p(36)), c.p(8), fill=t.surface, outline=t.divider,
            width=c.p(1))
    c.text(c.w / 2, y + c.p(18), label, 14, anchor="mm")
    y += c.p(56)
    c.text(ix0, y, spec.headline, 24, bold=True, max_w=ix1 - ix0)
    y += c.p(38)
    c.text(ix0, y, spec.subline, 15, t.muted, max_w=ix1 - ix0)
    y += c.p(34)
    if spec.origin and spec.dest:
        y = _route(c, spec, ix0, ix1, y, 22)
    y = _grid(c, spec.highlights, ix0, ix1, y, cols=min(3, max(1, len(spec.highlights))), pt=18)
    for k, v in spec.details:
        y = c.label_value(ix0, y, k, v, pt=16, max_w=ix1 - ix0, bold=False)
    y += c.p(10)
    c.close_card(x0, x1, y, c.p(8), t.surface, c.img.getpixel((1, 1)))  # type: ignore[arg-type]
    y += c.p(20)
    y = _buttons(c, spec, x0, x1, y)
    y = _notes(c, spec, x0, x1, y)
    return _finish(c, y, ctx, spec, theme, "hero_code", tinted=True)


def layout_pass(spec: TicketSpec, ctx: ScreenCtx) -> Page:
    """A wallet pass: a coloured card with big fields and the code on a white panel."""
    theme = ctx.theme(spec.accent)
    c = ctx.canvas(theme)
    t = theme
    m = c.p(14)
    x0, x1 = m, c.w - m
    ix0, ix1 = x0 + c.p(18), x1 - c.p(18)
    top = c.p(14)
    pass_bg = spec.accent if not t.dark else mix(spec.accent, (0, 0, 0), 0.25)
    on = (255, 255, 255) if sum(pass_bg) < 450 else (20, 20, 20)
    sub = mix(on, pass_bg, 0.3)
    c.rrect((x0, top, x1, c.h - c.p(8)), c.p(14), fill=pass_bg)
    y = top + c.p(16)
    c.icon(spec.icon, ix0 + c.p(12), y + c.p(12), c.p(22), on)
    c.text(ix0 + c.p(32), y + c.p(12), spec.brand, 16, on, bold=True, anchor="lm", max_w=(ix1 - ix0) * 0.5)
    if spec.highlights:
        k, v = spec.highlights[0]
        c.text(ix1, y - c.p(2), k.upper() if spec.lang == "en" else k, 10, sub, anchor="ra")
        c.text(ix1, y + c.p(14), v, 20, on, bold=True, anchor="ra")
    y += c.p(56)
    if spec.origin and spec.dest:
        save = c.theme
        c.theme = Theme(save.dark, pass_bg, pass_bg, on, sub, sub, on, save.on_accent, save.accent_soft)
        y = _route(c, spec, ix0, ix1, y, 34, on, sub)
        c.theme = save
    else:
        c.text(ix0, y, spec.headline, 24, on, bold=True, max_w=ix1 - ix0)
        y += c.p(44)
    y = _grid(c, [(spec.sections[0] or ("DATE" if spec.lang == "en" else "日付"), spec.subline)]
              + spec.highlights[1:3], ix0, ix1, y, cols=3, pt=16, fg=on, sub=sub)
    y = _grid(c, spec.highlights[3:6] + spec.details[:3], ix0, ix1, y, cols=3, pt=16, fg=on, sub=sub)
    if spec.code:
        y += c.p(6)
        fmt, _ = spec.code
        panel_w = (x1 - x0) * (0.62 if fmt in ("qr", "aztec", "datamatrix") else 0.92)
        box = c.code(fmt, spec.code[1], c.w / 2, y, panel_w - c.p(20), max_h=c.p(220))
        y = box[3] + c.p(6)
        if spec.code_caption:
            c.text(c.w / 2, y, spec.code_caption, 12, sub, anchor="ma", max_w=x1 - x0 - c.p(20))
            y += c.p(24)
    y += c.p(14)
    c.close_card(x0, x1, y, c.p(14), pass_bg, t.bg)
    y += c.p(18)
    if spec.details[3:]:
        c.rrect((x0, y, x1, y + c.p(len(spec.details[3:]) * 38 + 16)), c.p(12), fill=t.surface)
        y = _rows(c, spec.details[3:], ix0, ix1, y + c.p(8)) + c.p(24)
    y = _buttons(c, spec, x0, x1, y)
    y = _notes(c, spec, x0, x1, y)
    return _finish(c, y, ctx, spec, theme, "pass", tinted=False)


# ------------------------------------------------------------------------------------- held-out layouts


def layout_timeline(spec: TicketSpec, ctx: ScreenCtx) -> Page:
    """A vertical journey timeline, then a two-column field table."""
    theme = ctx.theme(spec.accent)
    c = ctx.canvas(theme)
    t = theme
    m = c.p(18)
    x0, x1 = m, c.w - m
    band = c.p(96)
    c.d.rectangle((0, 0, c.w, band), fill=t.accent_soft)
    c.text(x0, c.p(18), spec.headline, 22, bold=True, max_w=x1 - x0)
    c.text(x0, c.p(56), spec.subline, 14, t.muted)
    y = band + c.p(22)
    if spec.code and spec.code_first:
        y = _code(c, spec, c.w / 2, y, x1 - x0, ctx) + c.p(10)
    if spec.origin and spec.dest:
        lx = x0 + c.p(12)
        for i, (name, sub) in enumerate((spec.origin, spec.dest)):
            c.circle(lx, y + c.p(14), c.p(8), fill=t.accent if i == 0 else t.surface, outline=t.accent, width=c.p(3))
            c.text(lx + c.p(26), y, name, 22, bold=True, max_w=x1 - lx - c.p(30))
            c.text(lx + c.p(26), y + c.p(32), sub, 14, t.muted)
            if i == 0:
                c.d.line((lx, y + c.p(24), lx, y + c.p(98)), fill=t.accent, width=c.p(3))
                if spec.duration:
                    c.text(lx + c.p(26), y + c.p(62), spec.duration, 12, t.muted)
            y += c.p(96)
    y += c.p(6)
    items = spec.highlights + spec.details
    colw = (x1 - x0) / 2
    for i, (k, v) in enumerate(items):
        r, col = divmod(i, 2)
        xx = x0 + col * colw
        yy = y + r * c.p(64)
        c.rrect((xx + c.p(2), yy, xx + colw - c.p(2), yy + c.p(60)), c.p(4), outline=t.divider, width=c.p(1))
        c.text(xx + c.p(12), yy + c.p(8), k, 11.5, t.muted, max_w=colw - c.p(20))
        c.text(xx + c.p(12), yy + c.p(28), v, 16, bold=True, max_w=colw - c.p(20))
    y += ((len(items) + 1) // 2) * c.p(64) + c.p(16)
    if spec.code and not spec.code_first:
        y = _code(c, spec, c.w / 2, y, x1 - x0, ctx)
    y = _buttons(c, spec, x0, x1, y + c.p(6))
    y = _notes(c, spec, x0, x1, y)
    return _finish(c, y, ctx, spec, theme, "timeline", tinted=ctx.rng.random() < 0.5)


def layout_table(spec: TicketSpec, ctx: ScreenCtx) -> Page:
    """A bordered table with a shaded label column, as on official confirmation pages."""
    theme = ctx.theme(spec.accent)
    c = ctx.canvas(theme, bg=theme.surface)
    t = theme
    m = c.p(12)
    x0, x1 = m, c.w - m
    y = c.p(16)
    c.text(c.w / 2, y, spec.headline, 20, bold=True, anchor="ma", max_w=x1 - x0)
    y += c.p(34)
    c.text(c.w / 2, y, spec.subline, 14, t.muted, anchor="ma")
    y += c.p(32)
    if spec.code and spec.code_first:
        y = _code(c, spec, c.w / 2, y, x1 - x0, ctx) + c.p(10)
    rows: list[tuple[str, str]] = []
    if spec.origin and spec.dest:
        rows += [(spec.sections[0] or "From", f"{spec.origin[0]}  {spec.origin[1]}"),
                 ("→", f"{spec.dest[0]}  {spec.dest[1]}")]
    rows += spec.highlights + spec.details
    lab_w = (x1 - x0) * 0.34
    rh = c.p(46)
    line = mix(t.divider, t.text, 0.2)
    for k, v in rows:
        c.d.rectangle((x0, y, x0 + lab_w, y + rh), fill=t.accent_soft, outline=line, width=c.p(1))
        c.d.rectangle((x0 + lab_w, y, x1, y + rh), fill=t.surface, outline=line, width=c.p(1))
        c.text(x0 + c.p(8), y + rh / 2, k, 13, anchor="lm", max_w=lab_w - c.p(12))
        c.text(x0 + lab_w + c.p(10), y + rh / 2, v, 15, anchor="lm", max_w=x1 - x0 - lab_w - c.p(16))
        y += rh - c.p(1)
    y += c.p(20)
    if spec.code and not spec.code_first:
        y = _code(c, spec, c.w / 2, y, x1 - x0, ctx)
    if spec.notes:
        box_top = y
        y = _notes(c, spec, x0 + c.p(12), x1 - c.p(12), y + c.p(12))
        c.rrect((x0, box_top, x1, y + c.p(6)), c.p(4), outline=t.accent, width=c.p(1))
        y += c.p(20)
    y = _buttons(c, spec, x0, x1, y)
    return _finish(c, y, ctx, spec, theme, "table", tinted=True)


def layout_stub(spec: TicketSpec, ctx: ScreenCtx) -> Page:
    """A card with a thick accent stripe, labelled FROM/TO rows and the code beside the headline."""
    theme = ctx.theme(spec.accent)
    c = ctx.canvas(theme)
    t = theme
    m = c.p(14)
    x0, x1 = m, c.w - m
    stripe = c.p(12)
    top = c.p(14)
    c.rrect((x0, top, x1, c.h - c.p(8)), c.p(6), fill=t.surface)
    c.d.rectangle((x0, top, x0 + stripe, c.h - c.p(8)), fill=t.accent)
    ix0, ix1 = x0 + stripe + c.p(16), x1 - c.p(16)
    y = top + c.p(16)
    c.text(ix0, y, spec.brand, 12, t.accent, bold=True)
    y += c.p(24)
    c.text(ix0, y, spec.headline, 21, bold=True, max_w=ix1 - ix0)
    y += c.p(34)
    c.text(ix0, y, spec.subline, 14, t.muted)
    y += c.p(34)
    if spec.code:
        y = _code(c, spec, (ix0 + ix1) / 2, y, ix1 - ix0, ctx) + c.p(8)
    lab = ("FROM", "TO") if spec.lang == "en" else ("出発", "到着")
    if spec.origin and spec.dest:
        for (name, sub), lb in zip((spec.origin, spec.dest), lab):
            c.text(ix0, y, lb, 11, t.muted)
            c.text(ix0 + c.p(56), y - c.p(4), name, 19, bold=True, max_w=(ix1 - ix0) * 0.5)
            c.text(ix1, y - c.p(2), sub, 16, anchor="ra")
            y += c.p(40)
        c.hline(ix0, ix1, y, t.divider, dashed=True)
        y += c.p(14)
    y = _grid(c, spec.highlights, ix0, ix1, y, cols=2, pt=17)
    y = _rows(c, spec.details, ix0, ix1, y, pt=14, divider=False)
    y += c.p(16)
    c.close_card(x0, x1, y, c.p(6), t.surface, t.bg)
    c.d.rectangle((x0, y - c.p(6), x0 + stripe, y), fill=t.accent)
    y += c.p(20)
    y = _buttons(c, spec, x0, x1, y)
    y = _notes(c, spec, x0, x1, y)
    return _finish(c, y, ctx, spec, theme, "stub", tinted=ctx.rng.random() < 0.5)


LAYOUTS: dict[str, Callable[[TicketSpec, ScreenCtx], Page]] = {
    "card": layout_card,
    "grouped": layout_grouped,
    "hero_code": layout_hero_code,
    "pass": layout_pass,
    "timeline": layout_timeline,
    "table": layout_table,
    "stub": layout_stub,
}
MAIN_LAYOUTS: tuple[str, ...] = ("card", "grouped", "hero_code", "pass")
HELDOUT_LAYOUTS: tuple[str, ...] = ("timeline", "table", "stub")


def render_spec(spec: TicketSpec, ctx: ScreenCtx, main: tuple[str, ...] = MAIN_LAYOUTS,
                held: tuple[str, ...] = HELDOUT_LAYOUTS) -> Page:
    """Draw ``spec`` in a layout drawn from the main or held-out list."""
    ctx.lang = spec.lang
    name = ctx.pick(main, held)
    return LAYOUTS[name](spec, ctx)
