"""Small and dim cards: outlines the frame-wide search misses, confirmed by the card's own print.

The frame-wide search (``card.py``) segments a 480 px copy and weighs a
quad by its share of the frame, so a card a few % of the frame on an
unfamiliar textured surface, or in a dim room, is often never outlined,
or outlined but outweighed. This module adds candidates that do not depend
on what the background looks like:

* the working copy is divided by a heavily blurred copy of itself
  (illumination normalisation: shading, vignetting and a dim exposure
  go, local contrast stays), then
* edges are found at a threshold set by the image's own gradient
  distribution (a fixed high percentile, so a flat or a busy surface
  each get theirs; on a plain surface, where that percentile is the
  noise's, at one above the noise as well), closed into shapes and
  filled; the locally normalised brightness is split at a few levels
  above and below 1 (a card lighter or darker than what is around it),
  on a half-size copy (and, for light regions in the thorough search, at
  full size); and it is split
  again after a grain-wide opening, so that on gravel, brick, a cutting
  mat or veined stone a light (or dark) card is not merged with the
  pebbles and lines touching it;
* the brightness flattened against the frame's broad shading only is
  split too, at its lightest few % and after a median has wiped out
  small chips (``_tone_outlines``): on checks, tiles or terrazzo as
  coarse as the local blur, a pale card is the lightest thing there;
* in the thorough search, quads are put together from straight segments
  (``line_quads``), given slots of their own: on a checked cloth or a
  printed page no region is the card's alone, but its sides are still
  straight edges that end at its corners;
* given the working copy in colour, regions whose hue sets them apart
  are outlined too, and a weak gray outline is snapped and supported on
  the colour contrast between the card and its surroundings
  (``colour_card``): a tinted card can be as light as what it lies on.

An outline whose inside is blank (a tile, a check of a cloth) takes no
snapping slot: nothing could confirm it. An outline with a side along
the frame's border is a region the frame cuts off, and dropped; one corner may lie at the border (a whole card at
the frame's edge). An outline is snapped onto the card's edges; when
snapping spoils its shape the outline as found is kept, or its sides are
moved further in, off a shadow it took in; a pale body without its band
(a band the colour of the surface) is grown back to a whole card.

A candidate is judged by evidence about the card itself, never by
background statistics: its rectified aspect (ID-1 or passport page, read
with a slant's tolerance: a far card's keystone cannot undo one), how
much of its outline is a one-signed edge, a cheap look at its inside in
the working copy (a dominant ground, of whatever tone, with rows of print
along the long side), and then text lines along its long side, read on sharper pixels (a
larger decode) when the working copy is too coarse. Only a sure card
shape with that look (or with print that already reads as lines, or an
even ground whose rows a code or a portrait breaks) is given the sharper
look, and only clear print (on that look, glyphs a blur has merged
into bars count too), or a portrait, confirms it. A
less sure ID-1 shape with that look, but not unmistakably, is given it to
look for a clear portrait at its side, which alone confirms it.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from pii_scan.signals import card as _card
from pii_scan.signals.line_quads import line_quads, still_held

__all__ = ["shaped_candidates", "small_card_candidates", "small_outlines"]

#: Area range (share of the working copy) of the cards looked for here: a
#: 55 px wide card in a 640 px frame up to the size the frame-wide search
#: already weighs fully.
_MIN_FRAC, _MAX_FRAC = 0.005, 0.06
#: Gradient percentile that counts as an edge in the normalised image.
_EDGE_PCT = 90.0
#: A plain surface's gradients are mostly noise, and an edge threshold at their 90th percentile
#: finds grain everywhere, which fills a card's outline in with its surroundings. When the 99th
#: percentile's ``_TAIL_SHARE`` is at least ``_TAIL_CLEAR`` times that threshold (a few real edges
#: on a plain surface), edges are also found at that share, or at ``_NOISE_MULT`` times the median
#: gradient if higher (Canny's low threshold is half of it; noise seldom reaches four times its median).
_TAIL_SHARE, _TAIL_CLEAR, _NOISE_MULT = 0.4, 1.5, 8.0
#: Levels of local brightness (image over its blur) that split a card from its surroundings.
_LEVELS = (0.9, 1.1)
#: Broad flattening (``_tone_outlines``): the blur's cell as a share of the frame's side (1/48, then
#: blurred over 1.5 cells), the lightest shares of the frame split off, the median's width (a
#: terrazzo's chips: a few working-copy pixels) and the levels its flattened image is split at.
_BROAD, _LIGHTEST, _CHIPS, _BROAD_LEVELS = 48, (0.01, 0.02, 0.04, 0.08), 9, (1.05, 1.1, 1.2)
#: Size (working-copy pixels) of the opening that wipes out a surface's grain before the level split.
_GRAIN = 5
#: How near (share of the long side) two corners of an outline may come to one border of the frame:
#: a region the frame cuts off has a side along it. One corner may come closer (a whole card
#: lying with a corner at the frame's edge). About 4 px of 640: a whole card lying a few pixels in
#: from the edge has its own edge there, which its edge support then measures (at 0.02, 13 px, a
#: card on a leaf 5-10 px from the frame's side was never outlined).
_MARGIN = 0.006
#: Least aspect fit and edge support of a candidate worth a look at its print.
_MIN_FIT, _MIN_EDGE = 0.6, 0.65
#: How many times the frame-wide search's aspect tolerance a small card's shape is read with. A
#: card a few % of the frame lies far from the lens, where the view is nearly parallel: its
#: keystone is too slight to give its tilt away, and a slant of 25-35 degrees shortens it along
#: the slant by a tenth or more (an ID-1 card then reads 1.3 or 1.75). Its print decides.
_SLANT = 1.5
#: Aspect fit x edge support from which a candidate is a sure enough card shape to have its print
#: read (on a sharper decode if need be); from ``_MIN_SHAPE`` (a small card whose corners are a
#: pixel or two off) only when its inside clearly looks printed (``_CLEAR_ROWS``, ``_CLEAR_SPREAD``):
#: there a printed label or sign is as well shaped, and the sharper look costs a full decode.
_MIN_SHAPE, _SURE_SHAPE = 0.65, 0.8
#: A shape from ``_LOOSE_SHAPE`` counts when its inside looks printed and its print already reads
#: as clear lines along its long side in the working copy (text cue from ``_LOOSE_TEXT``): a card
#: whose coloured band runs into a ground of the same tone is outlined a few pixels off on that side.
#: Of 4320 images (nine sets and the DCIM folder), only such a card has such a shape (small pool 0126).
_LOOSE_SHAPE, _LOOSE_TEXT = 0.55, 0.9
#: Least ratio of row-to-row over along-row brightness steps inside a candidate (print in rows
#: along the long side: cards 1.5-3; gravel, stone, floors about 1), and the least row-to-row step
#: (gray levels per pixel) that can be print at all.
_MIN_ROWS, _MIN_ROW_STEP = 1.4, 3.0
#: Mean step (gray levels per pixel, the larger of across and along the rows) below which a
#: quad's inside is blank (checks of a gingham cloth: 0.4-1.3; cards confirmed in the seed-21
#: small pool: 3.0 and up).
_BLANK_STEP = 1.5
#: Most a candidate's median may lie from its ground (``_ground_spread``), as a share of its 10-90 %
#: range (cards: 0-0.37, mostly their ground with a minority of print; faces, foliage, shelves: 0.3-0.8).
_MAX_SPREAD = 0.4
#: The dominant tone of a card's inside counts as its ground when at least this share of the
#: inside lies within ``_GROUND_TOL`` of it (gray levels, or a share of the 5-95 % range if
#: more) (cards: 0.35-0.8; card-free shapes with rows of detail: 0.1-0.37, a flat low-contrast
#: patch more); the tone histogram is smoothed over ``_GROUND_SMOOTH`` levels to find it.
_GROUND_SHARE, _GROUND_TOL, _GROUND_SMOOTH = 0.4, (6.0, 0.1), 3.0
#: Rows and spread a less sure card shape needs (cards missed at 0.65-0.8: rows 1.6-2.7, spread
#: 0.05-0.2; card-free DCIM photos' shapes there: spread 0.29 and up).
_CLEAR_ROWS, _CLEAR_SPREAD = 1.6, 0.2
#: Rows and spread of a card shape whose inside is an even ground with a weaker rows cue: a code,
#: a barcode or a portrait on a pale card breaks its rows (cards missed so: rows 1.04-1.37, spread
#: 0.01-0.13). A sure shape may be of any ground tone; a less sure one must be paler and have
#: more rows (``_LESS_SURE_EVEN``: light end only). Card-free shapes so even are rare: 12 of the
#: 1680 non-ID images of four benchmark sets at rows 1.2 and spread 0.1, 2 more of the 1440 of six
#: sets at 1.0 and 0.15; none of the DCIM folder's photos.
_EVEN_ROWS, _EVEN_SPREAD = 1.0, 0.15
_LESS_SURE_EVEN = (1.2, 0.05)
#: Text cue (0-1) a small candidate needs: clear lines of print along its long side.
_MIN_TEXT = 0.5
#: Text cue credited to a card whose print the sharper look cannot resolve but which shows an
#: ID portrait. It got there as a sure card shape with a card's inside (a dominant ground with rows
#: of print, ``_has_print``): a face found in the blur of a tiny patch of a shelf or foliage has
#: neither. (Requiring a line or two of print besides lost cards whose 4-6 px print blurs away.)
_PORTRAIT_TEXT = 0.6
#: Text cue credited to a sure card shape (or one with a card's inside) whose sharper look decodes a
#: 2-D code: print too faint or too big for the lines cue (a My Number back upside down, its QR code,
#: chip and number) is still a printed card's. The code confirms the card's outline only; what it
#: holds is left to the ID detectors.
_CODE_TEXT = 0.6
#: Least share of vertical to horizontal edge a line of print on the sharper look must have
#: (``text.line_blobs``; 0.6 elsewhere, where it tells glyphs from stripes). A card out of focus
#: blurs its glyphs into bars whose long edges dominate (0.35-0.55 on clear MRZ lines); a shape
#: that got this far already looks like a card's ground with rows of print.
_BLURRED_GLYPHS = 0.3
#: Share of the frame-wide edge threshold a small candidate's outline is held to.
_EDGE_SHARE = 0.5
#: Least gray range (1-99 %) of a card's inside that may be print, and the most it is stretched by.
_MIN_RANGE, _MAX_GAIN = 24.0, 3.0
#: How far (share of the short side) a side may move onto the card's own edge, off a shadow.
_WIDE_SNAP = 0.2
#: How many outlines (best rough shape first) are snapped to edges and scored (``_PLAIN_SNAPS``
#: when not ``thorough``).
_SNAPS, _PLAIN_SNAPS = 10, 8
#: How many near-same outlines of one shape (found by different segmentations) take snapping slots.
_PER_SHAPE = 2
#: How many outlines of dark regions or found by hue alone (``colour_card``) are snapped and scored besides.
_EXTRA_SNAPS = 4
#: How many outlines split off the broadly flattened brightness (``_tone_outlines``) and quads put
#: together from straight segments (``line_quads``) are snapped and scored besides.
_TONE_SNAPS, _LINE_SNAPS = 4, 4
#: Least ratio of opposite sides of a card body whose aspect as it appears may be grown from
#: (``_body_aspects``): a far card's keystone is slight (seed-21 small pool 0118: 0.84).
_SLIGHT_KEYSTONE = 0.75
#: How many candidates get the print check (each may cost a sharper warp).
_CHECKS = 2


def _normalised(gray: np.ndarray) -> np.ndarray:
    """``gray`` over its heavy blur (float, ~1 on average): illumination removed, local contrast kept."""
    h, w = gray.shape
    k = 8
    low = cv2.resize(gray, (max(1, w // k), max(1, h // k)), interpolation=cv2.INTER_AREA).astype(np.float32)
    low = cv2.GaussianBlur(low, (0, 0), 2.0)
    low = cv2.resize(low, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.GaussianBlur(gray.astype(np.float32), (3, 3), 0) / (low + 4.0)


def _levelled(flat: np.ndarray) -> np.ndarray:
    """A flattened card with its gray range stretched (at most ``_MAX_GAIN``) and its grain smoothed.

    A dim shot's print has a few tens of gray levels; the text cue wants it
    as strong as a lit one's. A patch with too little contrast to hold print
    (texture, a plain surface) is left as it is: stretched, noise would read
    as text.
    """
    h, w = flat.shape
    inner = flat[h // 8 : h - h // 8, w // 12 : w - w // 12]
    lo, hi = (float(v) for v in np.percentile(inner, (1, 99)))
    if hi - lo >= 128 or hi - lo < _MIN_RANGE:
        return flat
    gain = min(_MAX_GAIN, 200.0 / (hi - lo))
    out = np.clip((flat.astype(np.float32) - lo) * gain + 28.0, 0, 255).astype(np.uint8)
    grain = float(cv2.absdiff(out, cv2.medianBlur(out, 3)).mean())
    return out if grain < _card._GRAINY else cv2.GaussianBlur(out, (0, 0), min(1.5, grain / 8))


def small_outlines(gray: np.ndarray, *, grain: bool = True) -> list[np.ndarray]:
    """Contours (working-copy pixels) of shapes that stand out locally, whatever the background.

    Brightness levels are split on a half-size copy (a 60 px card is 30 px
    there, still a clear shape) to keep the cost to a few ms; corners are
    refined on the working copy afterwards. ``grain`` adds the light regions
    split after the grain is filtered away (``_grain_outlines``) and split at
    full size (a light card's rim is a pixel or two wide where its print
    comes close to the edge).
    """
    plain, dark = _outline_sets(gray, grain=grain)
    return plain + dark


def _outline_sets(gray: np.ndarray, *, grain: bool = True) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``small_outlines`` in two sets: the light-card ones, and the dark regions split after the grain
    is filtered away (a dark card with light print: rarer, so given slots of its own)."""
    h, w = gray.shape
    n = _normalised(gray)
    half = cv2.resize(n, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
    u8 = _u8(n)
    plain = _edge_outlines(u8) + [c * 2 for c in _level_outlines(half)]
    if grain:
        # at half size a light card's rim, a pixel or two wide where print comes close to its edge,
        # is opened away and the card breaks up: light regions are split at full size as well
        plain += _level_outlines(n, levels=(max(_LEVELS),)) + _grain_outlines(u8)
    return plain, _grain_outlines(255 - u8, level=255 - _u8(min(_LEVELS))) if grain else []


def _tone_outlines(gray: np.ndarray) -> list[np.ndarray]:
    """Light regions against the frame's broad shading only: the lightest few % of the frame, and
    what stands out once a median has wiped out the surface's small chips.

    The local normalisation (``_normalised``) blurs over a few tens of pixels:
    on a surface whose pattern is as coarse (checks, tiles, chips of stone),
    it lifts the pattern's light parts as much as a card. Flattened over an
    eighth of the frame instead (``_BROAD``), a pale card is often simply the
    lightest thing there (``_LIGHTEST`` shares of the frame); on terrazzo, a
    median as wide as its chips (``_CHIPS``) leaves the card's even ground
    standing out from the ground's mean tone (``_BROAD_LEVELS``).
    """
    h, w = gray.shape
    k5 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))

    def broad(g: np.ndarray) -> np.ndarray:
        low = cv2.resize(g, (max(1, w // _BROAD), max(1, h // _BROAD)), interpolation=cv2.INTER_AREA).astype(np.float32)
        low = cv2.resize(cv2.GaussianBlur(low, (0, 0), 1.5), (w, h), interpolation=cv2.INTER_LINEAR)
        return g.astype(np.float32) / (low + 4.0)

    masks = []
    n = cv2.GaussianBlur(broad(gray), (3, 3), 0)
    for share in _LIGHTEST:
        m = (n > np.percentile(n, 100 * (1 - share))).astype(np.uint8) * 255
        masks.append(cv2.morphologyEx(cv2.morphologyEx(m, cv2.MORPH_CLOSE, k5), cv2.MORPH_OPEN, k5))
    n = broad(cv2.medianBlur(gray, _CHIPS))
    masks += [cv2.morphologyEx((n > level).astype(np.uint8) * 255, cv2.MORPH_OPEN, k5) for level in _BROAD_LEVELS]
    return [c for m in masks for c in cv2.findContours(_card._fill_holes(m), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]]


def _u8(n: np.ndarray | float) -> np.ndarray | int:
    """Normalised brightness mapped to gray levels: +-0.32 of the local brightness over the range."""
    if isinstance(n, float):
        return int(round((n - 1.0) * 400 + 128))
    return np.clip((n - 1.0) * 400 + 128, 0, 255).astype(np.uint8)


def _edge_outlines(u8: np.ndarray) -> list[np.ndarray]:
    """Closed shapes of the edges of the normalised image (``_u8``), at a threshold set by its own gradients."""
    k3 = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    k5 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    found: list[np.ndarray] = []
    sub = np.ascontiguousarray(u8[::2, ::2])  # the gradient distribution, from a quarter of the pixels
    mag = np.abs(cv2.Sobel(sub, cv2.CV_16S, 1, 0, ksize=3)) + np.abs(cv2.Sobel(sub, cv2.CV_16S, 0, 1, ksize=3))
    p50, p90, p99 = (float(v) * 0.5 for v in np.percentile(mag, (50.0, _EDGE_PCT, 99.0)))  # half-size steps: twice the per-pixel gradient
    his = [p90]
    if _TAIL_SHARE * p99 > _TAIL_CLEAR * p90:
        his.append(max(_TAIL_SHARE * p99, _NOISE_MULT * p50))
    for hi in his:
        if hi > 0:
            edges = cv2.dilate(cv2.Canny(u8, 0.5 * hi, hi), k3)
            solid = cv2.morphologyEx(_card._fill_holes(edges), cv2.MORPH_OPEN, k5)
            found += cv2.findContours(solid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]
    return found


def _level_outlines(n: np.ndarray, levels: tuple[float, ...] = _LEVELS) -> list[np.ndarray]:
    """Regions lighter or darker than their surroundings (normalised brightness split at ``levels``)."""
    kc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
    found: list[np.ndarray] = []
    for level in levels:
        mask = ((n > level) if level > 1 else (n < level)).astype(np.uint8) * 255
        mask = cv2.morphologyEx(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kc), cv2.MORPH_OPEN, kc)
        found += cv2.findContours(_card._fill_holes(mask), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]
    return found


def _grain_outlines(u8: np.ndarray, level: int | None = None) -> list[np.ndarray]:
    """Light regions wider than the surface's grain: the level split after the grain is filtered away.

    On gravel, brick, a cutting mat or veined stone, a level split of the raw
    brightness follows the grain: a card merges with the pebbles and lines
    touching it. A morphological opening wipes out every light thing
    narrower than its element (pebbles, mortar, grid lines, the light side
    of veins), while a card, far wider, keeps its outline; the card's own
    print is closed away first. ``u8`` is the normalised brightness as
    ``_edge_outlines`` maps it, split at ``level`` (default: the upper of
    ``_LEVELS``); a dark card (light print on navy) is split so from the
    inverted brightness.
    """
    kc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
    ko = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (_GRAIN, _GRAIN))
    f = cv2.morphologyEx(cv2.morphologyEx(u8, cv2.MORPH_CLOSE, kc), cv2.MORPH_OPEN, ko)
    mask = cv2.threshold(f, _u8(max(_LEVELS)) if level is None else level, 255, cv2.THRESH_BINARY)[1]
    return list(cv2.findContours(_card._fill_holes(mask), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0])


def _reading(q: np.ndarray, center: tuple[float, float], long_side: float, tol: float, slant: bool) -> tuple[float, str, float]:
    """(aspect, kind, fit) of the quad's best document reading (``card._quad_aspect``); with ``slant``,
    its fit judged with a slant's tolerance (``_SLANT``), the reading still chosen without it when
    one fits there (a slant's tolerance makes the main camera's reading of a shape outrank a better
    other reading: an ID-1 read at 1.72 took a passport page's place at 1.46, and its print
    flattened at 1.72 no longer read as lines)."""
    if not slant:
        return _card._quad_aspect(q, center, long_side, tol)
    return _card._quad_aspect(q, center, long_side, _SLANT * tol, choose_tol=tol)


def _scored(
    q: np.ndarray, views: _card._Views, center: tuple[float, float], long_side: float, tol: float, thr: float,
    frame_area: float, slant: bool = False,
) -> _card._Candidate:
    """A candidate for quad ``q`` with its aspect fit (``_reading``), edge support and shape score filled in."""
    c = _card._Candidate(q, is_frame=False, frac=_card._area(q) / frame_area)
    c.edge = _card._edge_support(q, views.gx, views.gy, thr)
    c.aspect, c.kind, c.fit = _reading(q, center, long_side, tol, slant)
    c.pre = c.fit * (0.25 + 0.75 * c.edge)
    return c


def _passes(c: _card._Candidate) -> bool:
    """Whether a scored candidate is shaped and outlined well enough to be looked at further."""
    return c.fit >= _MIN_FIT and c.edge >= _MIN_EDGE


def _wide_snap(q: np.ndarray, gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """The quad with each side moved, as a whole, onto the strongest one-signed edge within a fifth of its short side.

    An outline that took in the card's soft shadow, or a strip of the
    surface, lies a few pixels off the card on that side; the card's own
    edge (crisp, and against its shadow the strongest step around) is
    found further in than ``card._snap`` looks.
    """
    sides = np.linalg.norm(np.roll(q, -1, axis=0) - q, axis=1)
    r = max(2, int(_WIDE_SNAP * float(sides.min())))
    steps = np.arange(-r, r + 1, dtype=np.float64)
    shifts = np.broadcast_to(np.stack([steps, steps], axis=-1), (4, len(steps), 2))
    return _card.moved_sides(q, _card.strongest_moves(q, gx, gy, shifts))


def _one_side_spared(sides: list[float]) -> float:
    """Edge support (``card._edge_support``'s blend of mean and weakest side) with all four sides, or
    with the weakest left out at the cost ``card._edge_support`` puts on a missing side, whichever is higher."""
    def blend(v: list[float]) -> float:
        return (0.5 * float(np.mean(v)) + 0.5 * min(v)) * math.sqrt(len(v) / 4)

    return max(blend(sides), blend(sorted(sides)[1:]))


def _body_aspects(q: np.ndarray, center: tuple[float, float], long_side: float) -> tuple[float, ...]:
    """A card body's aspect through the main camera's focal length; and, when that cannot be grown to a
    card and the body's keystone is slight (opposite sides within ``_SLIGHT_KEYSTONE``), as it appears.

    A far, small card's keystone is too slight to read a tilt from, and the focal-length reading can
    stretch it past any band's growth (1.93 read 2.56). Only then: where both can be grown, the one
    grown as it appears can outscore the right one by a hair and lose the card's band (seed 11 0412).
    A strong keystone is no far card's: grown as it appears, a trapezoid on a portrait photograph's
    face became a 'card'.
    """
    rectified = _card.rectified_aspect(q, center, long_side)
    if _card._growable(rectified):
        return (rectified,)
    sides = np.linalg.norm(np.roll(q, -1, axis=0) - q, axis=1)
    slight = all(min(sides[i], sides[i + 2]) >= _SLIGHT_KEYSTONE * max(sides[i], sides[i + 2]) for i in (0, 1))
    return (rectified, _card._apparent_aspect(q)) if slight else (rectified,)


def _grown(
    q: np.ndarray, views: _card._Views, center: tuple[float, float], long_side: float, tol: float, thr: float,
    frame_area: float, slant: bool = False,
) -> _card._Candidate | None:
    """The best whole card a too-long outline is part of (its pale body without a coloured band), or None.

    Many cards carry a coloured band along a long side; on a surface of the
    band's tone, the outline found is the body alone, too long for its
    height. It is grown, in its own plane, to each document aspect
    (``card._extensions``); the side it grows to may have no edge (a dark
    band on a dark surface), so one side may go without support, at a cost.
    """
    gh, gw = views.gray.shape
    best = None
    grown = [e for a in _body_aspects(q, center, long_side) for e in _card._extensions(q, center, long_side, gw, gh, aspect=a)]
    for e in grown:
        c = _card._Candidate(e, is_frame=False, frac=_card._area(e) / frame_area)
        c.aspect, c.kind, c.fit = _reading(e, center, long_side, tol, slant)
        c.edge = _one_side_spared(_card.side_support(e, views.gx, views.gy, thr))
        c.pre = c.fit * (0.25 + 0.75 * c.edge)
        if best is None or c.pre > best.pre:
            best = c
    return best


def _colour_scored(
    q: np.ndarray, rgb: np.ndarray, center: tuple[float, float], long_side: float, tol: float, thr: float,
    frame_area: float, slant: bool = False,
) -> _card._Candidate | None:
    """The quad snapped and scored on the colour channel where it differs most from its surroundings, or None.

    A tinted card as light as its surface has no gray edge to snap to or
    be supported by; projected onto the colour difference between its rims
    (``colour_card.surround_gradients``) its sides are as clear as a pale
    card's on a dark table.
    """
    from pii_scan.signals.colour_card import surround_gradients

    grads = surround_gradients(rgb, q)
    if grads is None:
        return None
    gx, gy, off = grads
    snapped = _card.order_corners(_card._snap(q - off, gx, gy) + off)
    c = _card._Candidate(snapped, is_frame=False, frac=_card._area(snapped) / frame_area)
    c.edge = _card._edge_support(snapped - off, gx, gy, thr)
    c.aspect, c.kind, c.fit = _reading(snapped, center, long_side, tol, slant)
    c.pre = c.fit * (0.25 + 0.75 * c.edge)
    return c


def shaped_candidates(views: _card._Views, *, thorough: bool = True, rgb: np.ndarray | None = None) -> list[_card._Candidate]:
    """Small quads of a document's shape with a one-signed outline, best shaped first (no print check yet).

    ``thorough`` adds the grain-filtered outlines, the snap alternatives and
    band growing. Without it (a thumbnail's shape-only hint, which has no
    print check to weed out the extra shapes they bring) only the plain
    outlines, snapped, are scored. ``rgb`` (the working copy in colour)
    adds outlines of regions set apart by their hue and, for a shape whose
    gray outline is weak, snapping and edge support on its colour contrast
    (``colour_card``).
    """
    gray = views.gray
    gh, gw = gray.shape
    frame_area = float(gh * gw)
    diag = math.hypot(gw, gh)
    center, long_side = (gw / 2, gh / 2), float(max(gw, gh))
    margin = _MARGIN * max(gw, gh)
    # a small card's edge is short and, in a dim or textured shot, weak next to the
    # texture's: one sign all along each side, and the print, tell it from texture
    edge_thr = max(_card._EDGE_MIN, _EDGE_SHARE * views.edge_thr)
    cands: list[_card._Candidate] = []
    seen: list[np.ndarray] = []
    shaped: list[tuple[float, float, np.ndarray]] = []
    plain, dark = _outline_sets(gray, grain=thorough)
    outlines = [(c, "") for c in plain] + [(c, "extra") for c in dark]
    if rgb is not None:
        from pii_scan.signals.colour_card import chroma_outlines

        outlines += [(c, "extra") for c in chroma_outlines(rgb, grain=thorough)]
    if thorough:
        outlines += [(c, "tone") for c in _tone_outlines(gray)]
        outlines += [(q.reshape(-1, 1, 2).astype(np.float32), "lines") for q in line_quads(gray, _MIN_FRAC, _MAX_FRAC)]
    for c, extra in outlines:
        if len(c) < 4:
            continue
        _, _, bw, bh = cv2.boundingRect(c)
        if bw * bh > 2.5 * _MAX_FRAC * frame_area:
            continue
        if bw * bh < _MIN_FRAC * frame_area:
            continue
        q = _card._quad_of(c, _MIN_FRAC * frame_area)
        if q is None:
            continue
        frac = _card._area(q) / frame_area
        if frac > _MAX_FRAC or not _card._angles_ok(q) or any(_card._on_border(q, gw, gh, margin)):
            continue
        q = _card.order_corners(q)
        if any(_card._same(q, p, diag, 0.002) for p in seen):  # near-same outlines may snap differently
            continue
        seen.append(q)
        tol = _card._TOL_QUAD + 3.0 / max(1.0, float(np.linalg.norm(q[1] - q[2])))
        rough = _card._quad_aspect(q, center, long_side, 1.6 * tol)[2]
        if thorough:
            # a shape read as a slanted card is let in, ranked after every outline that fits without
            # the slant (a shape-only hint, with no print check to follow, keeps the frame-wide tolerance)
            slanted = rough < 0.3 and _card._quad_aspect(q, center, long_side, 1.6 * _SLANT * tol)[2] >= 0.3
            if slanted or any(_card._growable(a) for a in _body_aspects(q, center, long_side)):
                rough = max(rough, 0.3)
        if rough >= 0.3 and not (thorough and _blank(gray, q)):
            shaped.append((rough, tol, q, extra))
    # snapping and edge support cost most: only the best-shaped outlines get them
    # (at most two outlines of one shape, found by different segmentations, take slots;
    # the dark and hue outlines take at most ``_EXTRA_SNAPS`` slots of their own, so that
    # they never crowd a light card out)
    shaped.sort(key=lambda t: -t[0])
    picked: list[tuple[float, float, np.ndarray, bool]] = []
    for t in shaped:
        if not thorough:
            picked = [u for u in shaped if not u[3]][:_PLAIN_SNAPS]
            break
        if t[3] or len(picked) >= _SNAPS or sum(_card._same(t[2], p[2], diag, 0.01) for p in picked) >= _PER_SHAPE:
            continue
        picked.append(t)
    for group, slots in (("extra", _EXTRA_SNAPS), ("tone", _TONE_SNAPS), ("lines", _LINE_SNAPS)):
        taken = 0
        for t in shaped:
            if thorough and t[3] == group and taken < slots and sum(_card._same(t[2], p[2], diag, 0.01) for p in picked) < _PER_SHAPE:
                picked.append(t)
                taken += 1
    for _, tol, q, group in picked:
        # snapping may pull a side of a small card onto a stronger line of the
        # surface next to it (mortar, a grid line, a shadow): the outline as
        # found is kept when it is the better card
        best = snapped = _scored(
            _card.order_corners(_card._snap(q, views.gx, views.gy)), views, center, long_side, tol, edge_thr, frame_area, thorough
        )
        if thorough and best.fit * best.edge < _SURE_SHAPE:
            for qq in (q, _card._snap(_wide_snap(best.q, views.gx, views.gy), views.gx, views.gy)):
                c = _scored(_card.order_corners(qq), views, center, long_side, tol, edge_thr, frame_area, thorough)
                if c.pre > best.pre + 0.05 or (c.pre > best.pre and _passes(c) and not _passes(best)):
                    best = c
        if rgb is not None and best.edge < _MIN_EDGE and best.fit >= _MIN_FIT:  # only the gray edge is missing
            c = _colour_scored(_card.order_corners(q), rgb, center, long_side, tol, edge_thr, frame_area, thorough)
            if c is not None and c.pre > best.pre + 0.05:
                best = c
        cand = best
        # a well-outlined body too long for a card (read without the slant) is grown to one (whether
        # or not a looser outline of it passes): a card's pale body without its band
        bases = ((best, snapped) if snapped is not best else (best,)) if thorough else ()
        for base in bases:
            if _card._quad_aspect(base.q, center, long_side, tol)[2] < _MIN_FIT and base.edge >= _card._EXTEND_EDGE:
                grown = _grown(base.q, views, center, long_side, tol, edge_thr, frame_area, thorough)
                if grown is not None and (grown.pre > cand.pre or not _passes(cand)):
                    cand = grown
        if not _passes(cand):
            continue
        cands.append((cand, group))
    # an outline from the broad split or from segments must still be a region of its own once
    # snapped: a part of a longer sheet (cut off where its shading or its print ends) is not
    fresh = [c for c, group in cands if group in ("tone", "lines")]
    held = {id(c) for c, ok in zip(fresh, still_held(gray, [c.q for c in fresh])) if ok}
    cands = [(c, group == "lines") for c, group in cands if group not in ("tone", "lines") or id(c) in held]
    for c in fresh:
        c.fresh = True
    cands.sort(key=lambda t: -t[0].pre)  # of near-same quads, the best shaped one is kept
    distinct: list[tuple[_card._Candidate, bool]] = []
    for cand, from_lines in cands:
        if not any(_card._same(cand.q, d.q, diag, 0.015) for d, _ in distinct):
            distinct.append((cand, from_lines))
    # a quad from segments comes after every outline of a region: inside a card, its band's or
    # portrait's edges pair up with its sides into card-shaped parts of it, as well shaped
    return [c for c, _ in sorted(distinct, key=lambda t: t[1])]


def _blank(gray: np.ndarray, q: np.ndarray) -> bool:
    """True when the inside of a quad has hardly a step either way (``_BLANK_STEP``): a tile, a
    check of a cloth, a brick's face. No later cue could confirm it, so it takes no snapping slot."""
    _, across, along = _inside_steps(gray, q, 1.5)
    return max(across, along) < _BLANK_STEP


def _inside_steps(gray: np.ndarray, q: np.ndarray, aspect: float) -> tuple[np.ndarray, float, float]:
    """The inside of a quad flattened at its own size (margins cut off), and its mean brightness step
    from row to row and along the rows (each smeared over 5 px the other way)."""
    long_px = max(float(np.linalg.norm(q[1] - q[0])), float(np.linalg.norm(q[2] - q[3])))
    w = max(16, int(round(long_px)))
    h = max(8, int(round(w / max(aspect, 1.0))))
    dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    flat = cv2.warpPerspective(gray, cv2.getPerspectiveTransform(q.astype(np.float32), dst), (w, h), flags=cv2.INTER_LINEAR)
    inner = flat[h // 8 : h - h // 8, w // 12 : w - w // 12].astype(np.float32)
    across = float(np.abs(np.diff(cv2.blur(inner, (5, 1)), axis=0)).mean())
    along = float(np.abs(np.diff(cv2.blur(inner, (1, 5)), axis=1)).mean())
    return inner, across, along


def _print_cues(gray: np.ndarray, q: np.ndarray, aspect: float, *, any_ground: bool = True) -> tuple[float, float]:
    """(rows, spread) of the inside of a quad, flattened at its own size in the working copy.

    ``rows``: how much more the inside varies across its long side than
    along it (0 if it is flat). A card's print is rows of smudges along the
    long side, too small to read there, yet the brightness changes far more
    from row to row than along a row: smeared along the rows, the vertical
    steps stay; smeared across, the horizontal ones go. Gravel, stone or a
    patch of floor vary as much one way as the other.

    ``spread``: how far the median lies from the card's ground, as a share
    of the 10-90 % range (``_ground_spread``). A card is mostly its own
    ground, with print as a minority: its median is at its ground. A face,
    foliage or a shelf of things is spread evenly over its range.
    ``any_ground``: the ground may be the dominant tone at any level, not
    only the light end.
    """
    inner, across, along = _inside_steps(gray, q, aspect)
    spread = _ground_spread(inner, any_ground=any_ground)
    if across < _MIN_ROW_STEP:
        return 0.0, spread
    return across / (along + 1e-3), spread


def _ground_spread(inner: np.ndarray, *, any_ground: bool = True) -> float:
    """How far the median of a card's inside lies from its ground, as a share of its 10-90 % range.

    The ground is the light end (a pale card: the median's distance from the
    90th percentile), or the inside's dominant tone, whatever its level,
    when ``any_ground`` and that tone covers ``_GROUND_SHARE`` of the inside: a tinted
    card's ground lies between its print and its lighter portrait or field
    boxes, a dark card's below its light print. The distance to the
    dominant tone is the median absolute one (a card's inside is mostly its
    ground: near 0; a face or foliage spread over its range: a quarter or more).
    """
    p5, p10, p50, p90, p95 = (float(v) for v in np.percentile(inner, (5, 10, 50, 90, 95)))
    span = max(1.0, p90 - p10)
    light = (p90 - p50) / span
    if not any_ground:
        return light
    hist = np.bincount(np.clip(inner, 0, 255).astype(np.intp).ravel(), minlength=256).astype(np.float32)
    mode = float(np.argmax(cv2.GaussianBlur(hist.reshape(1, -1), (0, 0), _GROUND_SMOOTH).ravel()))
    near = np.abs(inner - mode) <= max(_GROUND_TOL[0], _GROUND_TOL[1] * (p95 - p5))
    if float(near.mean()) < _GROUND_SHARE:
        return light
    return min(light, float(np.median(np.abs(inner - mode))) / span)


def _has_print(gray: np.ndarray, q: np.ndarray, aspect: float, *, clear: bool = False) -> bool:
    """True when the inside of a quad looks like a card's ground with rows of print (``_print_cues``);
    ``clear``: unmistakably so (``_CLEAR_ROWS``, ``_CLEAR_SPREAD``), a pale ground with a minority of
    dark print (a less sure shape: a label or a sign of a mid tone is as well shaped as a tinted card)."""
    rows, spread = _print_cues(gray, q, aspect, any_ground=not clear)
    if clear:
        return rows >= _CLEAR_ROWS and spread <= _CLEAR_SPREAD
    return rows >= _MIN_ROWS and spread <= _MAX_SPREAD


def _even_ground(gray: np.ndarray, q: np.ndarray, aspect: float, *, sure: bool) -> bool:
    """True when the inside of a quad is a card's even ground with some rows of print, though
    fewer than ``_has_print`` wants (``_EVEN_ROWS``, ``_EVEN_SPREAD``): a QR code, a barcode or
    a portrait breaks a card's rows cue, and a pale card keeps its even ground. A less sure
    shape's ground must be at the light end and more even still."""
    rows, spread = _print_cues(gray, q, aspect, any_ground=sure)
    least_rows, most_spread = (_EVEN_ROWS, _EVEN_SPREAD) if sure else _LESS_SURE_EVEN
    return rows >= least_rows and spread <= most_spread


def _portrait_in(flat: np.ndarray, *, clear: bool = False) -> bool:
    """True when a flattened card shows a face of an ID portrait's size (a fifth to two thirds of its
    height) in its left or right third, where an ID's portrait is.

    Short label-and-value lines, small or out of focus, may not all read as
    text lines even on sharper pixels; the portrait beside the few that do
    completes the evidence of a card. A face in the middle is a photo
    print's subject, or one the cascade makes of a QR code's three finder
    patterns (a ticket's stub). ``clear``: the face must also be one the
    cascade sees clearly (a dim, grainy crop makes faint faces of grain).
    """
    from pii_scan.signals.faces import CLEAR_NEIGHBOURS, CROP_NEIGHBOURS, find_faces_in

    h, w = flat.shape[:2]
    return any(
        0.2 * h <= f.box.h <= 0.67 * h and abs(f.box.x + f.box.w / 2 - w / 2) >= w / 6
        for f in find_faces_in(flat, min_frac=0.2, neighbours=CLEAR_NEIGHBOURS if clear else CROP_NEIGHBOURS)
    )


def _code_in(flat: np.ndarray) -> bool:
    """True when a flattened card holds a 2-D code that decodes (a located but undecoded one may be texture)."""
    from pii_scan.signals.codes import find_barcodes

    return any(b.decoded and b.kind != "linear" for b in find_barcodes(flat, scale=1.0))


def small_card_candidates(
    views: _card._Views, sharper: _card.Sharper | None = None, rgb: np.ndarray | None = None
) -> list[_card._Candidate]:
    """Small card-shaped quads (working-copy corners) whose print confirms them, best first.

    Only a sure card shape that looks like a pale card with rows of print
    in the working copy (``_has_print``) or whose print already reads as
    lines there, or a less sure one that clearly looks printed, or either on
    an even ground with fewer rows (``_even_ground``), is read for
    its text; a sharper look (a larger decode) is given to the best
    ``_CHECKS`` of them whose print is too small there. Clear print
    confirms a card; so does a portrait on it, or a 2-D code that decodes
    there (``_code_in``). A less sure ID-1 shape whose
    inside looks like a card's, but not unmistakably, is confirmed only by
    a clear portrait at its side (``_portrait_in``). ``rgb``: the working
    copy in colour, for tinted cards (``shaped_candidates``).
    """
    out = []
    looks = 0
    for cand in shaped_candidates(views, rgb=rgb):
        shape = cand.fit * cand.edge
        if shape < _LOOSE_SHAPE:
            continue
        # a less sure shape is read only when its inside is clearly a printed card's; a sure one
        # also when some of its print already reads as lines (a QR code and a chip break the rows cue)
        sure = shape >= _SURE_SHAPE
        looks_printed = _has_print(views.gray, cand.q, cand.aspect, clear=not sure) or _even_ground(
            views.gray, cand.q, cand.aspect, sure=sure
        )
        if shape < _MIN_SHAPE and not (
            looks_printed and _card._text_along(views.text_gray, cand.q, cand.aspect) >= _LOOSE_TEXT
        ):
            continue  # loosely shaped: only a printed inside whose lines already read clearly
        # a less sure shape with a card's inside, but not unmistakably (a portrait's dark hair
        # spreads a small card's tones as a patch of a printed page's text does): only its
        # portrait, seen on sharper pixels, can confirm it
        portrait_only = (
            not (looks_printed or sure)
            and sharper is not None
            and cand.kind == "id1"
            and _has_print(views.gray, cand.q, cand.aspect)
        )
        if not (looks_printed or sure or portrait_only):
            continue
        cand.text = 0.0 if portrait_only else _card._text_along(views.text_gray, cand.q, cand.aspect)
        if not (looks_printed or portrait_only) and cand.text < _card._SOME_PRINT:
            continue
        if cand.text < _MIN_TEXT and sharper is not None and looks < _CHECKS:
            looks += 1
            w = _card._INSIDE_W[1]
            flat = _levelled(sharper(cand.q, w, max(8, int(round(w / max(cand.aspect, 1.0))))))
            if not portrait_only:
                cand.text = max(cand.text, _card._text_in(flat, min_vertical=_BLURRED_GLYPHS))
            # a face alone does not confirm an outline from the pattern-surface sources: their
            # shapes include patches of a close-up face (a cheek under glasses, seed 13 0318)
            if cand.text < _MIN_TEXT and not cand.fresh and _portrait_in(flat, clear=portrait_only):
                cand.text = _PORTRAIT_TEXT
            if cand.text < _MIN_TEXT and not portrait_only and _code_in(flat):
                cand.text = _CODE_TEXT
        if cand.text >= _MIN_TEXT:
            cand.score = cand.pre * (0.2 + 0.8 * cand.text)
            if cand.score >= _card._MIN_SCORE:
                out.append(cand)
    return out
