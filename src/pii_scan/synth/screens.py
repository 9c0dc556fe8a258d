"""Synthetic phone screenshots: ticket reservations (positives) and other app screens (hard negatives).

``render_screen(kind, rng, heldout=...)`` draws one app page, puts it in a phone frame (status bar,
home indicator or navigation bar, sometimes a notification banner), may scroll it, crop it or mark it
for a messenger-style JPEG re-save, and returns the image with metadata. Tickets and non-tickets share
every presentation choice, so nothing but the content tells them apart.
"""

from __future__ import annotations

import random
from PIL import Image

from pii_scan.synth.common import font_pool
from pii_scan.synth.screens_chrome import draw_banner, draw_bottom, draw_status_bar, pick_device
from pii_scan.synth.screens_layouts import render_spec
from pii_scan.synth.screens_other import NEGATIVE_BUILDERS
from pii_scan.synth.screens_tickets import TICKET_SPECS
from pii_scan.synth.screens_ui import CodeBox, Page, ScreenCtx, Typo

__all__ = ["SCREEN_NEGATIVE_KINDS", "TICKET_KINDS", "render_screen"]

TICKET_KINDS: tuple[str, ...] = tuple(TICKET_SPECS)
SCREEN_NEGATIVE_KINDS: tuple[str, ...] = tuple(NEGATIVE_BUILDERS)


def _build_page(kind: str, ctx: ScreenCtx) -> Page:
    if kind in TICKET_SPECS:
        return render_spec(TICKET_SPECS[kind](ctx), ctx)
    if kind in NEGATIVE_BUILDERS:
        return NEGATIVE_BUILDERS[kind](ctx)
    raise ValueError(f"unknown screen kind {kind!r}")


def _scroll(page: Page, view_h: int, rng: random.Random) -> tuple[int, str]:
    """Body scroll offset and its name.

    Pages with a code are mostly scrolled so the code shows (people screenshot the
    code to show it), sometimes left at the top, sometimes cut through the code.
    """
    max_off = max(0, page.body.height - view_h)
    r = rng.random()
    if page.codes:
        y0, y1 = page.codes[0].box[1], page.codes[0].box[3]
        if r < 0.58:
            if y1 + 8 <= view_h:
                return 0, "top"
            lo, hi = y1 - view_h + 8, y0 - 8
            return max(0, min(max_off, round(rng.uniform(lo, max(lo, hi))))), "to_code"
        if r < 0.75:
            return 0, "top"
        if r < 0.87 and y1 > 0:
            if y0 > view_h * 0.5:  # code low on the page: the top part shows, the code is cut at the bottom
                return max(0, round(y0 + (y1 - y0) * rng.uniform(0.3, 0.7)) - view_h), "code_cut"
            return round(y0 + (y1 - y0) * rng.uniform(0.3, 0.7)), "code_cut"
    elif r < 0.7 or max_off == 0:
        return 0, "top"
    return round(max_off * rng.uniform(0.25, 1.0)), "scrolled"


def _visible_codes(codes: list[CodeBox], off: int, top: int, bottom: int) -> list[CodeBox]:
    """Codes fully inside the body viewport, in screen coordinates."""
    out = []
    for cb in codes:
        x0, y0, x1, y1 = cb.box
        sy0, sy1 = y0 - off + top, y1 - off + top
        if sy0 >= top and sy1 <= bottom:
            out.append(CodeBox(cb.fmt, (x0, sy0, x1, sy1)))
    return out


def render_screen(kind: str, rng: random.Random, *, heldout: bool) -> tuple[Image.Image, dict]:
    """One finished screenshot of ``kind`` (RGB) and its metadata."""
    dev, scale, status_h = pick_device(rng)
    w, h = dev.w, dev.h
    dark = rng.random() < 0.3
    pool = font_pool(heldout, rng)
    typo = Typo(pool, scale)
    bottom_guess = round(34 * scale) if dev.platform == "ios" else round(40 * scale) if dev.platform == "android" else 0
    ctx = ScreenCtx(w, h, h - status_h - bottom_guess, rng, heldout, dark, typo, status_h)
    page = _build_page(kind, ctx)

    screen = Image.new("RGB", (w, h), page.content_bg or (page.body.getpixel((0, page.body.height - 1))))
    top = status_h
    if page.header is not None:
        screen.paste(page.header, (0, top))
        top += page.header.height
    bottom = h
    if page.footer is not None:
        bottom -= page.footer.height
    view_h = bottom - top
    if page.full_bleed:
        top, view_h = 0, h
        off, scroll = 0, "fixed"
    else:
        off, scroll = _scroll(page, view_h, rng)
    screen.paste(page.body.crop((0, off, w, min(page.body.height, off + view_h))), (0, top))
    if page.footer is not None:
        screen.paste(page.footer, (0, bottom))
    bottom_kind, bottom_px = draw_bottom(screen, dev, scale, rng)
    clock = draw_status_bar(screen, dev, scale, status_h, page.bar_color, pool, rng, latin_font=typo.latin)
    codes = _visible_codes(page.codes, off, top, min(bottom, h - bottom_px))

    banner = None
    if rng.random() < 0.12:
        btop = round(status_h * rng.uniform(0.2, 0.9)) if dev.platform == "ios" else status_h + round(6 * scale)
        banner = draw_banner(screen, dev, scale, btop, pool, rng, english=ctx.lang == "en", latin=typo.latin,
                             dark=dark)
        codes = [cb for cb in codes if cb.box[1] > banner[3]]

    crop = None
    r = rng.random()
    if r < 0.08:  # status bar cut off
        crop = (0, status_h + rng.randint(0, round(8 * scale)), w, h)
    elif r < 0.16:  # a rectangular selection
        cw, ch = round(w * rng.uniform(0.6, 1.0)), round(h * rng.uniform(0.35, 0.8))
        x0, y0 = rng.randint(0, w - cw), rng.randint(0, h - ch)
        crop = (x0, y0, x0 + cw, y0 + ch)
    if crop is not None:
        screen = screen.crop(crop)
        cx0, cy0, cx1, cy1 = crop
        codes = [CodeBox(cb.fmt, (cb.box[0] - cx0, cb.box[1] - cy0, cb.box[2] - cx0, cb.box[3] - cy0)) for cb in codes
                 if cb.box[0] >= cx0 and cb.box[1] >= cy0 and cb.box[2] <= cx1 and cb.box[3] <= cy1]

    fmt, quality, downscale = "png", None, 1.0
    if rng.random() < 0.3:  # shared through a messenger and saved back
        fmt, quality = "jpeg", rng.randint(60, 85)
        if rng.random() < 0.5:
            long_side = rng.choice((1280, 1600, 1920, 2048))
            downscale = min(1.0, long_side / max(screen.size))
            if downscale < 1.0:
                size = (round(screen.width * downscale), round(screen.height * downscale))
                screen = screen.resize(size, Image.Resampling.LANCZOS)
                codes = [CodeBox(cb.fmt, tuple(round(v * downscale) for v in cb.box)) for cb in codes]  # type: ignore[misc]

    meta: dict[str, object] = {
        "device": dev.name, "device_size": (w, h), "platform": dev.platform, "scale": scale,
        "mode": "dark" if dark else "light", "fmt": fmt, "quality": quality,
        "variation": page.variation, "kind": kind, "scroll": scroll, "bottom": bottom_kind,
        "banner": banner is not None, "crop": crop, "downscale": round(downscale, 4) if downscale < 1.0 else None,
        "size": screen.size, "clock": clock["clock"], "lang": ctx.lang,
        "font": pool.family("latin_sans" if typo.latin else "sans"),
        "codes": [{"fmt": cb.fmt, "box": cb.box} for cb in codes],
        "code_formats": sorted({cb.fmt for cb in page.codes}),
        "code_visible": bool(codes),
    }
    meta.update(page.extra)
    return screen, meta

