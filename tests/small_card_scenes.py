"""Procedural scenes with a small, perhaps dim card in them: NOT the benchmark generator's images.

Backgrounds are made from noise, sines and random shapes (no photographs,
no fonts), so a card finder tuned on the benchmark's tables, fabrics and
woods meets surfaces it has never seen. The card is a simple synthetic
ID-1 card: a pale rounded rectangle with a header band, rows of
random characters in a Hershey stroke font and a face-like blob, pasted in perspective at 60-120 px
wide in the 640 px working copy (i.e. a few % of the frame). ``plain_card_scene`` lays it on a
plain, light, low-contrast surface instead, where the hard stretch of the whole shot makes its
noise the strongest texture.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

__all__ = ["BACKGROUNDS", "HARD_BACKGROUNDS", "PALETTES", "background", "card_face", "card_scene", "on_card", "plain_card_scene", "scene"]

#: Full-resolution frame (5x the 640 x 480 working copy; an 8 MP camera).
FULL = (3200, 2400)
BACKGROUNDS = ("noise", "wood", "fabric", "gradient", "clutter", "stone")
#: Busier, high-frequency surfaces whose grain is as fine as a small card's print:
#: gravel (dense blobs of many greys), brick (offset blocks with mortar lines), a
#: cutting mat (a regular grid of thin lines), marble (smooth veins on a light stone) and a
#: checked cloth (blank squares of three tones, the lightest about as light as a card).
HARD_BACKGROUNDS = ("gravel", "brick", "grid", "marble", "checked")
#: Card grounds other than pale (ground RGB, ink RGB): tinted cards (health-insurance,
#: residence and some national cards are pink, green, blue-grey or yellow) and a dark
#: card with light print. ``None`` is the default pale ground with dark print.
PALETTES: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]] | None] = {
    "pale": None,
    "pink": ((232, 178, 196), (40, 30, 40)),
    "green": ((128, 192, 144), (20, 40, 25)),
    "bluegrey": ((150, 172, 198), (25, 30, 45)),
    "yellow": ((236, 212, 110), (45, 35, 20)),
    "navy": ((28, 40, 92), (228, 228, 232)),
}


def _smooth_noise(rng: np.random.Generator, w: int, h: int, cell: int) -> np.ndarray:
    """Value noise in [0, 1] with features ``cell`` pixels wide."""
    small = rng.random((max(2, h // cell + 2), max(2, w // cell + 2))).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC).clip(0, 1)


def _rotated(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``img`` turned by a random angle about its centre (drawn oversized, so no corner is empty)."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), float(rng.uniform(0, 180)), 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)


def _gravel(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """Dense pebbles of many greys, 10-40 px (2-8 px in the working copy), on dark gaps.

    Drawn at half size and enlarged (drawing tens of thousands of pebbles at
    full size is slow), then given a fine grain.
    """
    hw, hh = w // 2, h // 2
    img = np.full((hh, hw, 3), rng.uniform(20, 60), np.float32)
    tint = rng.uniform(0.85, 1.15, 3)
    n = int(2.2 * hw * hh / 11.0**2)
    xs, ys = rng.integers(0, hw, n), rng.integers(0, hh, n)
    ax, ay = rng.integers(3, 11, n), rng.integers(3, 11, n)
    angs, greys = rng.uniform(0, 180, n), rng.uniform(50, 235, n)
    jitter = rng.uniform(0.9, 1.1, (n, 3))
    for x, y, a, b, ang, g, j in zip(xs, ys, ax, ay, angs, greys, jitter):
        colour = tuple(float(v) for v in np.clip(g * tint * j, 0, 255))
        cv2.ellipse(img, (int(x), int(y)), (int(a), int(b)), float(ang), 0, 360, colour, -1, cv2.LINE_AA)
    img = cv2.resize(img, (w, h), interpolation=cv2.INTER_CUBIC)
    return img + 12 * (_smooth_noise(rng, w, h, 3)[..., None] - 0.5)


def _brick(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """Offset rows of bricks of varied tone with mortar lines, turned at random."""
    side = int(math.hypot(w, h)) + 2
    bw, bh = int(rng.uniform(110, 300)), 0
    bh = int(bw / rng.uniform(2.2, 3.6))
    mortar = int(rng.uniform(6, 16))
    base = rng.uniform(70, 190, 3)
    img = np.full((side, side, 3), rng.uniform(140, 220), np.float32)  # mortar
    for row, y in enumerate(range(0, side, bh + mortar)):
        off = (bw + mortar) // 2 if row % 2 else 0
        for x in range(-off, side, bw + mortar):
            colour = tuple(float(v) for v in np.clip(base * rng.uniform(0.7, 1.3) * rng.uniform(0.92, 1.08, 3), 0, 255))
            cv2.rectangle(img, (x, y), (x + bw, y + bh), colour, -1)
    img += 30 * (_smooth_noise(rng, side, side, 5)[..., None] - 0.5)
    img = _rotated(img, rng)
    y0, x0 = (side - h) // 2, (side - w) // 2
    return img[y0 : y0 + h, x0 : x0 + w]


def _grid(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A cutting mat: a flat colour under a regular grid of thin lines, every fifth one heavier, turned."""
    side = int(math.hypot(w, h)) + 2
    colour = rng.uniform(30, 170, 3)
    line = np.clip(colour + rng.choice([-1, 1]) * rng.uniform(50, 90), 0, 255)
    img = np.empty((side, side, 3), np.float32)
    img[:] = colour
    step = int(rng.uniform(30, 100))
    for i, p in enumerate(range(0, side, step)):
        t = 6 if i % 5 == 0 else 3
        c = tuple(float(v) for v in line)
        cv2.line(img, (p, 0), (p, side), c, t)
        cv2.line(img, (0, p), (side, p), c, t)
    img = _rotated(img, rng)
    y0, x0 = (side - h) // 2, (side - w) // 2
    return img[y0 : y0 + h, x0 : x0 + w]


def _marble(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A light stone with smooth dark veins (a turbulent sine, sharpened)."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = rng.uniform(0, math.pi)
    u = xx * math.cos(ang) + yy * math.sin(ang)
    turb = 2.0 * _smooth_noise(rng, w, h, 400) + 1.0 * _smooth_noise(rng, w, h, 120) + 0.4 * _smooth_noise(rng, w, h, 30)
    vein = np.abs(np.sin(u / rng.uniform(150, 400) + 4.0 * turb)) ** rng.uniform(0.15, 0.35)
    v = (rng.uniform(190, 235) - rng.uniform(60, 140) * (1 - vein)).astype(np.float32)
    v += 10 * (_smooth_noise(rng, w, h, 8) - 0.5)
    return v[..., None] * rng.uniform(0.9, 1.05, 3).astype(np.float32)[None, None, :]


def _checked(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A checked cloth: a light weave crossed by bands of one colour, so that squares of three tones
    (light, the colour at half strength, the colour) alternate; squares 35-70 px in the working copy, turned."""
    side = int(math.hypot(w, h)) + 2
    light = rng.uniform(215, 240) * rng.uniform(0.97, 1.0, 3)
    colour = rng.uniform(30, 170, 3)
    step = int(rng.uniform(35, 70) * w / 640.0)
    band = ((np.arange(side) // step) % 2).astype(np.float32)
    strength = 0.5 * (band[None, :] + band[:, None])
    img = light[None, None, :] * (1 - strength[..., None]) + colour[None, None, :] * strength[..., None]
    img += 8 * (_smooth_noise(rng, side, side, 6)[..., None] - 0.5)
    img = _rotated(img.astype(np.float32), rng)
    y0, x0 = (side - h) // 2, (side - w) // 2
    return img[y0 : y0 + h, x0 : x0 + w]


def background(kind: str, rng: np.random.Generator, size: tuple[int, int] = FULL) -> np.ndarray:
    """An RGB uint8 surface of ``kind`` (one of ``BACKGROUNDS`` or ``HARD_BACKGROUNDS``)."""
    w, h = size
    hard = {"gravel": _gravel, "brick": _brick, "grid": _grid, "marble": _marble, "checked": _checked}
    if kind in hard:
        return np.clip(hard[kind](rng, w, h), 0, 255).astype(np.uint8)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = rng.uniform(40, 200, 3).astype(np.float32)
    if kind == "noise":
        t = 0.6 * _smooth_noise(rng, w, h, 40) + 0.4 * _smooth_noise(rng, w, h, 6)
        v = (t - 0.5) * rng.uniform(60, 120)
    elif kind == "wood":
        ang = rng.uniform(0, math.pi)
        u = xx * math.cos(ang) + yy * math.sin(ang)
        warp = 60 * _smooth_noise(rng, w, h, 300)
        v = 35 * np.sin((u + warp) / rng.uniform(6, 18)) + 20 * (_smooth_noise(rng, w, h, 12) - 0.5)
    elif kind == "fabric":
        p = rng.uniform(8, 20)
        v = 30 * np.sign(np.sin(xx / p)) * np.sign(np.sin(yy / p)) + 25 * (rng.random((h, w), dtype=np.float32) - 0.5)
    elif kind == "gradient":
        v = (xx / w - 0.5) * rng.uniform(-120, 120) + (yy / h - 0.5) * rng.uniform(-120, 120)
    elif kind == "stone":
        v = 80 * (_smooth_noise(rng, w, h, 25) - 0.5) + 40 * (_smooth_noise(rng, w, h, 4) - 0.5)
    elif kind == "clutter":
        v = np.zeros((h, w), np.float32)
    else:
        raise ValueError(kind)
    img = np.clip(base[None, None, :] + v[..., None] * rng.uniform(0.7, 1.3, 3).astype(np.float32), 0, 255)
    img = img.astype(np.uint8)
    if kind == "clutter":
        for _ in range(rng.integers(25, 45)):
            colour = tuple(int(c) for c in rng.integers(0, 256, 3))
            cx, cy = int(rng.integers(0, w)), int(rng.integers(0, h))
            a, b = int(rng.integers(60, 500)), int(rng.integers(60, 500))
            if rng.random() < 0.5:
                box = ((cx, cy), (a, b), float(rng.uniform(0, 180)))
                cv2.fillPoly(img, [cv2.boxPoints(box).astype(np.int32)], colour)
            else:
                cv2.ellipse(img, (cx, cy), (a // 2, b // 2), float(rng.uniform(0, 180)), 0, 360, colour, -1)
    return img


def card_face(rng: np.random.Generator, width: int = 856, palette: str = "pale") -> np.ndarray:
    """A flat synthetic ID-1 card (RGBA, alpha = rounded-rectangle outline).

    ``palette`` (a key of ``PALETTES``) sets the ground and ink colours; a
    tinted card may carry lighter field boxes behind its print, as many do.
    """
    h = int(round(width / 1.586))
    card = np.zeros((h, width, 4), np.uint8)
    pale = rng.integers(205, 250, 3)
    colours = PALETTES[palette]
    card[..., :3] = pale if colours is None else np.clip(np.array(colours[0]) + rng.integers(-12, 13, 3), 0, 255)
    r = width // 24
    alpha = np.zeros((h, width), np.uint8)
    cv2.rectangle(alpha, (r, 0), (width - 1 - r, h - 1), 255, -1)
    cv2.rectangle(alpha, (0, r), (width - 1, h - 1 - r), 255, -1)
    for cx, cy in ((r, r), (width - 1 - r, r), (r, h - 1 - r), (width - 1 - r, h - 1 - r)):
        cv2.circle(alpha, (cx, cy), r, 255, -1)
    card[..., 3] = alpha
    band = tuple(int(c) for c in rng.integers(60, 200, 3))
    cv2.rectangle(card, (0, 0), (width, h // 7), (*band, 255), -1)
    # portrait: skin ellipse, hair, shoulders
    px, py, pw, ph = int(0.06 * width), int(0.24 * h), int(0.26 * width), int(0.62 * h)
    cv2.rectangle(card, (px, py), (px + pw, py + ph), (180, 190, 200, 255), -1)
    cv2.ellipse(card, (px + pw // 2, py + ph // 2), (pw // 3, ph // 3), 0, 0, 360, (200, 160, 130, 255), -1)
    cv2.ellipse(card, (px + pw // 2, py + ph // 4), (pw // 3, ph // 7), 0, 180, 360, (40, 30, 25, 255), -1)
    # text rows: random capitals and digits in a Hershey stroke font (not the benchmark's fonts)
    ink = (int(rng.integers(10, 60)),) * 3 + (255,)
    x0 = px + pw + int(0.05 * width)
    if colours is not None:
        ink = (*colours[1], 255)
        if rng.random() < 0.5:  # lighter field boxes behind the print rows
            for i in range(3):
                y = int(0.24 * h) + i * int(0.22 * h)
                cv2.rectangle(card, (x0 - 8, y), (width - int(0.05 * width), y + int(0.15 * h)), (242, 242, 240, 255), -1)
    alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    scale = 0.045 * h / 22.0  # Hershey simplex capitals are ~22 px tall at scale 1
    for i in range(6):
        y = int(0.30 * h) + i * int(0.11 * h)
        n = int(rng.integers(8, 16))
        text = "".join(alphabet[j] for j in rng.integers(0, len(alphabet), n))
        if i % 2:
            text = text[:4] + " " + text[4:]
        cv2.putText(card, text, (x0, y), cv2.FONT_HERSHEY_SIMPLEX, scale, ink, max(1, int(round(2.2 * scale))), cv2.LINE_AA)
    return card


def scene(
    kind: str, seed: int, *, card: bool = True, dim: bool = False, width: float | None = None, palette: str = "pale"
) -> np.ndarray:
    """The image of ``card_scene``."""
    return card_scene(kind, seed, card=card, dim=dim, width=width, palette=palette)[0]


def _matched(rng: np.random.Generator, w: int, h: int, ground: tuple[int, int, int]) -> np.ndarray:
    """A mottled surface as light as ``ground`` (the same gray) but of another hue: only colour tells them apart."""
    g = np.array(ground, np.float32)
    lum = float(g @ np.array([0.299, 0.587, 0.114], np.float32))
    other = np.roll(g, int(rng.integers(1, 3)))  # the channels swapped: another hue
    other *= lum / max(1.0, float(other @ np.array([0.299, 0.587, 0.114], np.float32)))
    v = 40 * (_smooth_noise(rng, w, h, 30) - 0.5) + 16 * (_smooth_noise(rng, w, h, 4) - 0.5)
    return np.clip(other[None, None, :] + v[..., None], 0, 255)


def card_scene(
    kind: str,
    seed: int,
    *,
    card: bool = True,
    dim: bool = False,
    width: float | None = None,
    palette: str = "pale",
) -> tuple[np.ndarray, np.ndarray | None]:
    """A full-resolution RGB scene of background ``kind``, and its card's corners (full-res) or None.

    The card is ``width`` px wide in the 640 px copy (random in 60-120 if None),
    its ground and print coloured by ``palette`` (``PALETTES``). Kind
    ``"matched"`` is a surface as light as the card's ground in another hue.

    The card is placed at random, rotated, seen in perspective, with a soft
    shadow; ``dim`` darkens and lowers the contrast of the whole shot and
    adds sensor noise, as in a dim room. Everything is blurred a little.
    """
    rng = np.random.default_rng(seed)
    W, H = FULL
    if kind == "matched":  # a surface of the card ground's gray in another hue
        colours = PALETTES[palette]
        img = _matched(rng, W, H, colours[0] if colours is not None else (228, 228, 228))
    else:
        img = background(kind, rng).astype(np.float32)
    corners = None
    if card:
        face = card_face(rng, palette=palette)
        ch, cw = face.shape[:2]
        k = W / 640.0
        wpx = (width if width is not None else rng.uniform(60, 120)) * k
        hpx = wpx / 1.586
        cx, cy = rng.uniform(0.2 * W, 0.8 * W), rng.uniform(0.2 * H, 0.8 * H)
        ang = rng.uniform(0, 2 * math.pi)
        dst = []
        for u, v in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
            x, y = u * wpx / 2, v * hpx / 2
            dst.append((cx + x * math.cos(ang) - y * math.sin(ang), cy + x * math.sin(ang) + y * math.cos(ang)))
        dst_pts = np.array(dst, np.float32)
        # perspective: pull one side's corners together (a card lying on a table, seen at a slant)
        squeeze = rng.uniform(0.0, 0.12)
        mid = dst_pts[[2, 3]].mean(axis=0)
        dst_pts[[2, 3]] = mid + (dst_pts[[2, 3]] - mid) * (1 - squeeze)
        src = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32)
        m = cv2.getPerspectiveTransform(src, dst_pts)
        corners = dst_pts
        warped = cv2.warpPerspective(face, m, (W, H), flags=cv2.INTER_AREA)
        a = warped[..., 3:].astype(np.float32) / 255.0
        shadow = cv2.GaussianBlur(np.roll(a, (int(0.03 * hpx), int(0.03 * hpx)), axis=(0, 1)), (0, 0), 0.08 * hpx + 1)
        img *= 1 - 0.35 * shadow[..., None] if shadow.ndim == 2 else 1 - 0.35 * shadow
        img = img * (1 - a) + warped[..., :3].astype(np.float32) * a
    if dim:
        img = img * rng.uniform(0.18, 0.35) + rng.uniform(3, 12)
        img += rng.normal(0, rng.uniform(2.5, 5.0), img.shape).astype(np.float32)
    else:
        img += rng.normal(0, 2.0, img.shape).astype(np.float32)
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.6, 1.4))
    return np.clip(img, 0, 255).astype(np.uint8), corners


def on_card(quads, corners: np.ndarray) -> list:
    """The quads (``CardQuad``) centred on the card with ``corners`` (within 15 % of its long side)."""
    cx, cy = corners.mean(axis=0)
    tol = 0.15 * float(np.linalg.norm(corners[1] - corners[0]))
    return [q for q in quads if abs(q.bbox.x + q.bbox.w / 2 - cx) < tol and abs(q.bbox.y + q.bbox.h / 2 - cy) < tol]


def plain_card_scene(seed: int, width: float = 75.0, *, card: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """A small pale card on a plain light surface (a desk, a wall): the scene and the card's corners (full-res).

    Without ``card`` the surface is left bare (the corners are still drawn, so the scene is otherwise the same).
    The surface is a little lighter or darker across the frame and mottled
    by a few gray levels, with sensor noise; the card, ``width`` px wide in
    the 640 px copy, is barely lighter than it. The whole shot has so little
    contrast that the working copy is stretched hard, and its noise with it.
    """
    rng = np.random.default_rng(seed)
    W, H = FULL
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    base = np.array([214, 208, 182], np.float32) * rng.uniform(0.95, 1.03)
    cx0, cy0 = rng.uniform(0.3, 0.7) * W, rng.uniform(0.3, 0.7) * H
    shade = 1.0 - 0.48 * (((xx - cx0) / W) ** 2 + ((yy - cy0) / H) ** 2)
    img = base[None, None, :] * shade[..., None]
    img += (cv2.resize(rng.random((24, 32)).astype(np.float32), (W, H), interpolation=cv2.INTER_CUBIC) - 0.5)[..., None] * 10
    face = card_face(rng)
    ch, cw = face.shape[:2]
    wpx = width * W / 640.0
    hpx = wpx / 1.586
    cx, cy, ang = rng.uniform(0.25 * W, 0.75 * W), rng.uniform(0.25 * H, 0.75 * H), rng.uniform(0, 2 * math.pi)
    dst = np.array(
        [(cx + u * wpx / 2 * math.cos(ang) - v * hpx / 2 * math.sin(ang), cy + u * wpx / 2 * math.sin(ang) + v * hpx / 2 * math.cos(ang))
         for u, v in ((-1, -1), (1, -1), (1, 1), (-1, 1))],
        np.float32,
    )  # fmt: skip
    m = cv2.getPerspectiveTransform(np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32), dst)
    warped = cv2.warpPerspective(face, m, (W, H), flags=cv2.INTER_AREA)
    a = warped[..., 3:].astype(np.float32) / 255.0 * card
    img = img * (1 - a) + warped[..., :3].astype(np.float32) * a
    img += rng.normal(0, 2.0, img.shape).astype(np.float32)
    img = cv2.GaussianBlur(img, (0, 0), 1.0)
    return np.clip(img, 0, 255).astype(np.uint8), dst
