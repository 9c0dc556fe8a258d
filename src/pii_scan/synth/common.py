"""Shared helpers for the benchmark generator: fonts, fake people, dates, text drawing.

Every random choice takes a ``random.Random`` so that one seed gives one image.
All personal data made here is fake: names and places are drawn from short
lists of common words, numbers are random.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

__all__ = [
    "FONT_STYLES",
    "FontPool",
    "Person",
    "draw_barcode",
    "draw_signature",
    "draw_text",
    "fake_date",
    "fake_person",
    "font",
    "font_pool",
    "fit_font",
    "format_date",
    "guilloche",
    "qr_image",
    "random_digits",
    "rounded_card",
    "text_size",
    "wareki",
]

#: Styles a caller may ask for. "sans", "serif" and "mono" can draw Japanese
#: (mono is only guaranteed for Latin in the held-out pool); "latin_*" cannot.
FONT_STYLES: tuple[str, ...] = ("sans", "serif", "mono", "latin_sans", "latin_serif")

# Families per style, best first. The held-out pool names fonts the main pool
# never uses, so detectors tuned on the main set meet unseen glyph shapes.
_MAIN_FAMILIES: dict[str, tuple[str, ...]] = {
    "sans": ("Noto Sans CJK JP",),
    "serif": ("Noto Serif CJK JP",),
    "mono": ("DejaVu Sans Mono", "Noto Sans Mono CJK JP"),
    "latin_sans": ("DejaVu Sans", "Liberation Sans"),
    "latin_serif": ("Liberation Serif", "DejaVu Serif"),
}
_HELDOUT_FAMILIES: dict[str, tuple[str, ...]] = {
    # IPA and VL fonts (Debian fonts-ipafont-gothic, fonts-ipafont-mincho,
    # fonts-vlgothic) are other Japanese designs; where they are missing, the
    # Korean cut of Noto CJK still draws kanji with other stroke shapes.
    "sans": ("IPAPGothic", "VL PGothic", "IPAGothic", "Noto Sans CJK KR"),
    "serif": ("IPAPMincho", "IPAMincho", "Noto Serif CJK KR"),
    "mono": ("Liberation Mono", "Nimbus Mono PS", "Noto Sans Mono"),
    "latin_sans": ("Nimbus Sans", "URW Gothic", "DejaVu Sans Condensed"),
    "latin_serif": ("Nimbus Roman", "C059", "P052", "DejaVu Serif Condensed"),
}

# Used when fontconfig is unavailable: (family, bold) -> (path, ttc index).
_NOTO = "/usr/share/fonts/opentype/noto/"
_DEJAVU = "/usr/share/fonts/truetype/dejavu/"
_LIB = "/usr/share/fonts/truetype/liberation2/"
_KNOWN_PATHS: dict[tuple[str, bool], tuple[str, int]] = {
    ("Noto Sans CJK JP", False): (_NOTO + "NotoSansCJK-Regular.ttc", 0),
    ("Noto Sans CJK JP", True): (_NOTO + "NotoSansCJK-Bold.ttc", 0),
    ("Noto Sans CJK KR", False): (_NOTO + "NotoSansCJK-Regular.ttc", 1),
    ("Noto Sans CJK KR", True): (_NOTO + "NotoSansCJK-Bold.ttc", 1),
    ("Noto Sans CJK TC", False): (_NOTO + "NotoSansCJK-Regular.ttc", 3),
    ("Noto Sans CJK TC", True): (_NOTO + "NotoSansCJK-Bold.ttc", 3),
    ("Noto Sans Mono CJK JP", False): (_NOTO + "NotoSansCJK-Regular.ttc", 5),
    ("Noto Sans Mono CJK JP", True): (_NOTO + "NotoSansCJK-Bold.ttc", 5),
    ("Noto Serif CJK JP", False): (_NOTO + "NotoSerifCJK-Regular.ttc", 0),
    ("Noto Serif CJK JP", True): (_NOTO + "NotoSerifCJK-Bold.ttc", 0),
    ("Noto Serif CJK KR", False): (_NOTO + "NotoSerifCJK-Regular.ttc", 1),
    ("Noto Serif CJK KR", True): (_NOTO + "NotoSerifCJK-Bold.ttc", 1),
    ("Noto Serif CJK SC", False): (_NOTO + "NotoSerifCJK-Regular.ttc", 2),
    ("Noto Serif CJK SC", True): (_NOTO + "NotoSerifCJK-Bold.ttc", 2),
    ("IPAPGothic", False): ("/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf", 0),
    ("IPAGothic", False): ("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", 0),
    ("IPAPMincho", False): ("/usr/share/fonts/opentype/ipafont-mincho/ipamp.ttf", 0),
    ("IPAMincho", False): ("/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf", 0),
    ("VL PGothic", False): ("/usr/share/fonts/truetype/vlgothic/VL-PGothic-Regular.ttf", 0),
    ("DejaVu Sans", False): (_DEJAVU + "DejaVuSans.ttf", 0),
    ("DejaVu Sans", True): (_DEJAVU + "DejaVuSans-Bold.ttf", 0),
    ("DejaVu Sans Condensed", False): (_DEJAVU + "DejaVuSansCondensed.ttf", 0),
    ("DejaVu Sans Condensed", True): (_DEJAVU + "DejaVuSansCondensed-Bold.ttf", 0),
    ("DejaVu Serif", False): (_DEJAVU + "DejaVuSerif.ttf", 0),
    ("DejaVu Serif", True): (_DEJAVU + "DejaVuSerif-Bold.ttf", 0),
    ("DejaVu Serif Condensed", False): (_DEJAVU + "DejaVuSerifCondensed.ttf", 0),
    ("DejaVu Serif Condensed", True): (_DEJAVU + "DejaVuSerifCondensed-Bold.ttf", 0),
    ("DejaVu Sans Mono", False): (_DEJAVU + "DejaVuSansMono.ttf", 0),
    ("DejaVu Sans Mono", True): (_DEJAVU + "DejaVuSansMono-Bold.ttf", 0),
    ("Liberation Sans", False): (_LIB + "LiberationSans-Regular.ttf", 0),
    ("Liberation Sans", True): (_LIB + "LiberationSans-Bold.ttf", 0),
    ("Liberation Serif", False): (_LIB + "LiberationSerif-Regular.ttf", 0),
    ("Liberation Serif", True): (_LIB + "LiberationSerif-Bold.ttf", 0),
    ("Liberation Mono", False): (_LIB + "LiberationMono-Regular.ttf", 0),
    ("Liberation Mono", True): (_LIB + "LiberationMono-Bold.ttf", 0),
    ("Noto Sans Mono", False): ("/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf", 0),
    ("Noto Sans Mono", True): ("/usr/share/fonts/truetype/noto/NotoSansMono-Bold.ttf", 0),
}
_REGULAR_STYLES = ("regular", "book", "roman", "normal")


@functools.lru_cache(maxsize=1)
def _fontconfig_table() -> dict[tuple[str, bool], tuple[str, int]]:
    """(family, bold) -> (file, index) for every installed font fontconfig lists."""
    exe = shutil.which("fc-list")
    if exe is None:
        return {}
    try:
        out = subprocess.run(
            [exe, "--format", "%{file}|%{index}|%{family}|%{style}\n"],
            capture_output=True, text=True, timeout=20, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    table: dict[tuple[str, bool], tuple[str, int]] = {}
    for line in sorted(out.splitlines()):
        parts = line.split("|")
        if len(parts) != 4:
            continue
        path, index, families, styles = parts
        style_names = [s.strip().lower() for s in styles.split(",")]
        if any(s in _REGULAR_STYLES for s in style_names):
            bold = False
        elif "bold" in style_names:
            bold = True
        else:
            continue
        for fam in families.split(","):
            table.setdefault((fam.strip(), bold), (path, int(index or 0)))
    return table


def _locate(family: str, bold: bool) -> tuple[str, int] | None:
    """File and collection index of a family's regular or bold face, if installed."""
    for key in ((family, bold), (family, False)):
        hit = _KNOWN_PATHS.get(key)
        if hit and Path(hit[0]).is_file():
            return hit
        hit = _fontconfig_table().get(key)
        if hit and Path(hit[0]).is_file():
            return hit
    return None


@functools.lru_cache(maxsize=512)
def _load(family: str, size: int, bold: bool) -> ImageFont.FreeTypeFont:
    found = _locate(family, bold)
    if found is None:
        raise LookupError(f"font family not installed: {family}")
    path, index = found
    return ImageFont.truetype(path, size=size, index=index)


@dataclass(frozen=True)
class FontPool:
    """One font family per style; ``font()`` returns a cached face of it."""

    families: dict[str, str] = field(default_factory=dict)
    heldout: bool = False

    def font(self, size: int, *, style: str = "sans", bold: bool = False) -> ImageFont.FreeTypeFont:
        """A face of this pool's family for ``style`` (falls back to the main pool)."""
        return _load(self.family(style, bold=bold), max(4, int(size)), bold)

    def family(self, style: str, *, bold: bool = False) -> str:
        """The installed family this pool draws ``style`` with (after fallback)."""
        if style not in FONT_STYLES:
            raise ValueError(f"unknown font style {style!r}")
        candidates = [self.families.get(style, "")]
        candidates += list(_HELDOUT_FAMILIES[style] if self.heldout else _MAIN_FAMILIES[style])
        candidates += list(_MAIN_FAMILIES[style])
        for fam in candidates:
            if fam and _locate(fam, bold) is not None:
                return fam
        raise LookupError(f"no font installed for style {style!r}")

    def source(self, style: str, *, bold: bool = False) -> tuple[str, int]:
        """Font file and collection index used for ``style``."""
        found = _locate(self.family(style, bold=bold), bold)
        assert found is not None
        return found


def _installed(families: tuple[str, ...]) -> list[str]:
    return [f for f in families if _locate(f, False) is not None]


def font_pool(heldout: bool = False, rng: random.Random | None = None) -> FontPool:
    """A font pool from the main or the held-out set.

    Without ``rng`` the first installed family of every style is used; with
    ``rng`` one installed family per style is drawn, so successive images vary.
    """
    table = _HELDOUT_FAMILIES if heldout else _MAIN_FAMILIES
    chosen: dict[str, str] = {}
    for style in FONT_STYLES:
        options = _installed(table[style]) or _installed(_MAIN_FAMILIES[style])
        if options:
            chosen[style] = rng.choice(options) if rng is not None else options[0]
    return FontPool(families=chosen, heldout=heldout)


def font(size: int, *, style: str = "sans", bold: bool = False, heldout: bool = False) -> ImageFont.FreeTypeFont:
    """A cached face of the first installed family for ``style`` (main or held-out set)."""
    return font_pool(heldout).font(size, style=style, bold=bold)


def text_size(text: str, fnt: ImageFont.FreeTypeFont) -> tuple[int, int]:
    """Width and height of ``text`` drawn with ``fnt`` (ink box from the origin)."""
    left, top, right, bottom = fnt.getbbox(text)
    return int(right - min(left, 0)), int(bottom)


def fit_font(
    text: str, max_width: int, size: int, pool: FontPool, *, style: str = "sans", bold: bool = False
) -> ImageFont.FreeTypeFont:
    """The largest face of at most ``size`` px whose rendering of ``text`` fits ``max_width``."""
    fnt = pool.font(size, style=style, bold=bold)
    while size > 8 and text_size(text, fnt)[0] > max_width:
        size = int(size * 0.92)
        fnt = pool.font(size, style=style, bold=bold)
    return fnt


def draw_text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    fnt: ImageFont.FreeTypeFont,
    fill: tuple[int, ...] | str = (20, 20, 20),
    *,
    anchor: str = "la",
    spacing: float = 0.0,
    bold: bool = False,
) -> float:
    """Draw ``text``; returns the x just after it. ``spacing`` adds px between characters.

    ``bold`` thickens the strokes (for families without a bold cut).
    """
    stroke = max(1, fnt.size // 28) if bold else 0
    if spacing <= 0:
        draw.text(xy, text, font=fnt, fill=fill, anchor=anchor, stroke_width=stroke, stroke_fill=fill)
        return xy[0] + draw.textlength(text, font=fnt)
    x, y = xy
    for ch in text:
        draw.text((x, y), ch, font=fnt, fill=fill, anchor=anchor, stroke_width=stroke, stroke_fill=fill)
        x += draw.textlength(ch, font=fnt) + spacing
    return x


# --------------------------------------------------------------------------- fake people

# (kanji, kana, romaji)
_SURNAMES: tuple[tuple[str, str, str], ...] = (
    ("佐藤", "サトウ", "SATO"), ("鈴木", "スズキ", "SUZUKI"), ("高橋", "タカハシ", "TAKAHASHI"),
    ("田中", "タナカ", "TANAKA"), ("伊藤", "イトウ", "ITO"), ("渡辺", "ワタナベ", "WATANABE"),
    ("山本", "ヤマモト", "YAMAMOTO"), ("中村", "ナカムラ", "NAKAMURA"), ("小林", "コバヤシ", "KOBAYASHI"),
    ("加藤", "カトウ", "KATO"), ("吉田", "ヨシダ", "YOSHIDA"), ("山田", "ヤマダ", "YAMADA"),
    ("佐々木", "ササキ", "SASAKI"), ("山口", "ヤマグチ", "YAMAGUCHI"), ("松本", "マツモト", "MATSUMOTO"),
    ("井上", "イノウエ", "INOUE"), ("木村", "キムラ", "KIMURA"), ("林", "ハヤシ", "HAYASHI"),
    ("斎藤", "サイトウ", "SAITO"), ("清水", "シミズ", "SHIMIZU"), ("山崎", "ヤマザキ", "YAMAZAKI"),
    ("森", "モリ", "MORI"), ("池田", "イケダ", "IKEDA"), ("橋本", "ハシモト", "HASHIMOTO"),
    ("阿部", "アベ", "ABE"), ("石川", "イシカワ", "ISHIKAWA"), ("前田", "マエダ", "MAEDA"),
    ("藤田", "フジタ", "FUJITA"), ("小川", "オガワ", "OGAWA"), ("岡田", "オカダ", "OKADA"),
    ("後藤", "ゴトウ", "GOTO"), ("長谷川", "ハセガワ", "HASEGAWA"), ("村上", "ムラカミ", "MURAKAMI"),
    ("近藤", "コンドウ", "KONDO"), ("石井", "イシイ", "ISHII"), ("坂本", "サカモト", "SAKAMOTO"),
    ("遠藤", "エンドウ", "ENDO"), ("青木", "アオキ", "AOKI"), ("藤井", "フジイ", "FUJII"),
    ("西村", "ニシムラ", "NISHIMURA"), ("福田", "フクダ", "FUKUDA"), ("太田", "オオタ", "OTA"),
)
_GIVEN_M: tuple[tuple[str, str, str], ...] = (
    ("太郎", "タロウ", "TARO"), ("翔太", "ショウタ", "SHOTA"), ("大輔", "ダイスケ", "DAISUKE"),
    ("健太", "ケンタ", "KENTA"), ("拓也", "タクヤ", "TAKUYA"), ("直樹", "ナオキ", "NAOKI"),
    ("誠", "マコト", "MAKOTO"), ("浩二", "コウジ", "KOJI"), ("蓮", "レン", "REN"),
    ("悠真", "ユウマ", "YUMA"), ("大翔", "ヒロト", "HIROTO"), ("隆", "タカシ", "TAKASHI"),
    ("一郎", "イチロウ", "ICHIRO"), ("和也", "カズヤ", "KAZUYA"), ("亮", "リョウ", "RYO"),
    ("健一", "ケンイチ", "KENICHI"), ("修", "オサム", "OSAMU"), ("陽斗", "ハルト", "HARUTO"),
)
_GIVEN_F: tuple[tuple[str, str, str], ...] = (
    ("花子", "ハナコ", "HANAKO"), ("美咲", "ミサキ", "MISAKI"), ("陽子", "ヨウコ", "YOKO"),
    ("愛", "アイ", "AI"), ("由美", "ユミ", "YUMI"), ("さくら", "サクラ", "SAKURA"),
    ("恵子", "ケイコ", "KEIKO"), ("結衣", "ユイ", "YUI"), ("真由美", "マユミ", "MAYUMI"),
    ("彩", "アヤ", "AYA"), ("千尋", "チヒロ", "CHIHIRO"), ("美穂", "ミホ", "MIHO"),
    ("葵", "アオイ", "AOI"), ("直子", "ナオコ", "NAOKO"), ("明美", "アケミ", "AKEMI"),
    ("陽菜", "ヒナ", "HINA"), ("京子", "キョウコ", "KYOKO"), ("優子", "ユウコ", "YUKO"),
)
_WESTERN_GIVEN = (
    "JAMES", "MARY", "JOHN", "PATRICIA", "ROBERT", "JENNIFER", "MICHAEL", "LINDA", "DAVID",
    "ELIZABETH", "ANNA", "THOMAS", "SOPHIE", "LUCAS", "EMMA", "NOAH", "OLIVIA", "MARIE", "PAUL",
    "LAURA", "DANIEL", "CLARA", "MATEO", "ELENA", "JONAS", "LEA", "PETER", "MARTA",
)
_WESTERN_SURNAMES = (
    "SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "MILLER", "DAVIS", "GARCIA", "WILSON",
    "MARTIN", "MUELLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "DUBOIS", "BERNARD", "ROSSI", "RUSSO",
    "JANSEN", "DE VRIES", "NOWAK", "KOWALSKI", "SILVA", "FERREIRA", "ANDERSSON", "NIELSEN", "WEBER",
)
# (prefecture, romaji, ((city kanji, city romaji), ...)), (town, ...)
_PLACES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("東京都", "TOKYO", (("千代田区", "CHIYODA-KU"), ("新宿区", "SHINJUKU-KU"), ("世田谷区", "SETAGAYA-KU"),
                        ("練馬区", "NERIMA-KU"), ("八王子市", "HACHIOJI-SHI"), ("品川区", "SHINAGAWA-KU"))),
    ("大阪府", "OSAKA", (("大阪市北区", "OSAKA-SHI KITA-KU"), ("堺市", "SAKAI-SHI"), ("豊中市", "TOYONAKA-SHI"))),
    ("神奈川県", "KANAGAWA", (("横浜市中区", "YOKOHAMA-SHI NAKA-KU"), ("川崎市", "KAWASAKI-SHI"),
                            ("相模原市", "SAGAMIHARA-SHI"), ("藤沢市", "FUJISAWA-SHI"))),
    ("愛知県", "AICHI", (("名古屋市中区", "NAGOYA-SHI NAKA-KU"), ("豊田市", "TOYOTA-SHI"), ("岡崎市", "OKAZAKI-SHI"))),
    ("北海道", "HOKKAIDO", (("札幌市中央区", "SAPPORO-SHI CHUO-KU"), ("旭川市", "ASAHIKAWA-SHI"))),
    ("福岡県", "FUKUOKA", (("福岡市博多区", "FUKUOKA-SHI HAKATA-KU"), ("北九州市", "KITAKYUSHU-SHI"))),
    ("京都府", "KYOTO", (("京都市左京区", "KYOTO-SHI SAKYO-KU"), ("宇治市", "UJI-SHI"))),
    ("埼玉県", "SAITAMA", (("さいたま市浦和区", "SAITAMA-SHI URAWA-KU"), ("川越市", "KAWAGOE-SHI"))),
    ("千葉県", "CHIBA", (("千葉市中央区", "CHIBA-SHI CHUO-KU"), ("船橋市", "FUNABASHI-SHI"))),
    ("兵庫県", "HYOGO", (("神戸市中央区", "KOBE-SHI CHUO-KU"), ("姫路市", "HIMEJI-SHI"))),
    ("宮城県", "MIYAGI", (("仙台市青葉区", "SENDAI-SHI AOBA-KU"),)),
    ("広島県", "HIROSHIMA", (("広島市中区", "HIROSHIMA-SHI NAKA-KU"), ("福山市", "FUKUYAMA-SHI"))),
    ("静岡県", "SHIZUOKA", (("静岡市葵区", "SHIZUOKA-SHI AOI-KU"), ("浜松市", "HAMAMATSU-SHI"))),
)
_TOWNS = (
    ("本町", "HONCHO"), ("中央", "CHUO"), ("緑町", "MIDORICHO"), ("栄町", "SAKAEMACHI"),
    ("桜台", "SAKURADAI"), ("旭町", "ASAHIMACHI"), ("南町", "MINAMICHO"), ("東山", "HIGASHIYAMA"),
    ("若葉", "WAKABA"), ("青葉台", "AOBADAI"), ("松原", "MATSUBARA"), ("富士見", "FUJIMI"),
)
_BUILDINGS = ("コーポ", "ハイツ", "メゾン", "レジデンス", "グランド", "サニー")
_NATIONALITIES = (
    ("ベトナム", "VIET NAM", "VNM"), ("中国", "CHINA", "CHN"), ("フィリピン", "PHILIPPINES", "PHL"),
    ("ネパール", "NEPAL", "NPL"), ("ブラジル", "BRAZIL", "BRA"), ("韓国", "KOREA", "KOR"),
    ("インドネシア", "INDONESIA", "IDN"), ("米国", "U.S.A.", "USA"), ("英国", "UNITED KINGDOM", "GBR"),
)


@dataclass(frozen=True)
class Person:
    """A fake person with Japanese and Latin renderings of the same identity."""

    surname: str
    given: str
    surname_kana: str
    given_kana: str
    surname_romaji: str
    given_romaji: str
    sex: str  # "M" or "F"
    birth: dt.date
    prefecture: str
    address: str  # full Japanese address
    address_romaji: str
    postcode: str
    phone: str
    western_given: str
    western_surname: str
    nationality: tuple[str, str, str]  # (Japanese, English, ISO alpha-3) for foreign residents

    @property
    def name(self) -> str:
        """Kanji name with a full-width space: 山田 太郎."""
        return f"{self.surname}\u3000{self.given}"

    @property
    def kana(self) -> str:
        return f"{self.surname_kana}\u3000{self.given_kana}"

    @property
    def romaji(self) -> str:
        """SURNAME GIVEN, as on Japanese documents."""
        return f"{self.surname_romaji} {self.given_romaji}"

    @property
    def english_name(self) -> str:
        """Given Surname for Western-style documents."""
        return f"{self.western_given.title()} {self.western_surname.title()}"


def random_digits(rng: random.Random, n: int, *, first_nonzero: bool = False) -> str:
    """``n`` random decimal digits."""
    digits = [str(rng.randrange(10)) for _ in range(n)]
    if first_nonzero and n:
        digits[0] = str(rng.randrange(1, 10))
    return "".join(digits)


def fake_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A uniform random date in [start, end]."""
    span = (end - start).days
    return start + dt.timedelta(days=rng.randint(0, max(0, span)))


_ERAS = ((dt.date(2019, 5, 1), "令和", "R"), (dt.date(1989, 1, 8), "平成", "H"), (dt.date(1926, 12, 25), "昭和", "S"))


def wareki(d: dt.date, *, short: bool = False) -> str:
    """Japanese era date: 平成3年 4月 5日 (or H03.04.05 when ``short``)."""
    for start, name, letter in _ERAS:
        if d >= start:
            year = d.year - start.year + 1
            if short:
                return f"{letter}{year:02d}.{d.month:02d}.{d.day:02d}"
            y = "元" if year == 1 else str(year)
            return f"{name}{y}年{d.month:2d}月{d.day:2d}日"
    return d.isoformat()


_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def format_date(d: dt.date, style: str) -> str:
    """A date in one of several printed styles: iso, ymd_jp, slash, dmy, dmy_mon, us, wareki."""
    if style == "iso":
        return d.isoformat()
    if style == "ymd_jp":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if style == "dmy":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "dmy_mon":
        return f"{d.day:02d} {_MONTHS[d.month - 1]} {d.year}"
    if style == "us":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "wareki":
        return wareki(d)
    raise ValueError(f"unknown date style {style!r}")


def fake_person(rng: random.Random, *, sex: str | None = None) -> Person:
    """A random fake person; every field is drawn from ``rng``."""
    sex = sex or rng.choice("MF")
    sur = rng.choice(_SURNAMES)
    giv = rng.choice(_GIVEN_M if sex == "M" else _GIVEN_F)
    pref, pref_r, cities = rng.choice(_PLACES)
    city, city_r = rng.choice(cities)
    town, town_r = rng.choice(_TOWNS)
    chome, ban, go = rng.randint(1, 9), rng.randint(1, 30), rng.randint(1, 25)
    address = f"{pref}{city}{town}{chome}丁目{ban}番{go}号"
    if rng.random() < 0.4:
        address += f" {rng.choice(_BUILDINGS)}{town}{rng.randint(1, 9)}0{rng.randint(1, 9)}"
    address_r = f"{chome}-{ban}-{go} {town_r}, {city_r}, {pref_r}"
    birth = fake_date(rng, dt.date(1950, 1, 1), dt.date(2006, 12, 31))
    phone = rng.choice(("090", "080", "070")) + "-" + random_digits(rng, 4) + "-" + random_digits(rng, 4)
    return Person(
        surname=sur[0], given=giv[0], surname_kana=sur[1], given_kana=giv[1],
        surname_romaji=sur[2], given_romaji=giv[2], sex=sex, birth=birth, prefecture=pref,
        address=address, address_romaji=address_r,
        postcode=f"{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}", phone=phone,
        western_given=rng.choice(_WESTERN_GIVEN), western_surname=rng.choice(_WESTERN_SURNAMES),
        nationality=rng.choice(_NATIONALITIES),
    )


# --------------------------------------------------------------------------- drawing bits


def qr_image(text: str, module_px: int = 6, *, border: int = 2) -> Image.Image:
    """A black-on-white QR code of ``text`` (OpenCV's encoder), ``module_px`` pixels per module."""
    matrix = cv2.QRCodeEncoder.create().encode(text)
    matrix = cv2.copyMakeBorder(matrix, border, border, border, border, cv2.BORDER_CONSTANT, value=255)
    big = cv2.resize(matrix, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)
    return Image.fromarray(big).convert("RGB")


def draw_barcode(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], rng: random.Random,
                 fill: tuple[int, int, int] = (15, 15, 15)) -> None:
    """Random 1-D bars (a Code-39/ITF look) filling ``box``; not a decodable code."""
    x0, y0, x1, y1 = box
    unit = max(1, (x1 - x0) // 160)
    x = x0 + 6 * unit
    while x < x1 - 8 * unit:
        bar = unit * rng.choice((1, 1, 2, 3))
        draw.rectangle((x, y0, x + bar - 1, y1), fill=fill)
        x += bar + unit * rng.choice((1, 1, 2, 3))


def draw_signature(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], rng: random.Random,
                   fill: tuple[int, int, int] = (25, 30, 70), width: int = 3) -> None:
    """A scribbled handwriting-like stroke inside ``box``."""
    x0, y0, x1, y1 = box
    pts = []
    n = rng.randint(18, 34)
    for i in range(n):
        t = i / (n - 1)
        x = x0 + t * (x1 - x0) + rng.uniform(-0.04, 0.04) * (x1 - x0)
        y = (y0 + y1) / 2 + rng.uniform(-0.45, 0.45) * (y1 - y0) * (1 if i % 2 else -1) * rng.random()
        pts.append((x, y))
    draw.line(pts, fill=fill, width=width, joint="curve")


def rounded_card(img: Image.Image, radius: int) -> Image.Image:
    """RGBA copy of ``img`` with transparent rounded corners."""
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, img.width - 1, img.height - 1), radius=radius, fill=255)
    out = img.convert("RGBA")
    out.putalpha(mask)
    return out


def guilloche(img: Image.Image, rng: random.Random, colour: tuple[int, int, int], *,
              kind: str = "waves", alpha: float = 0.35, density: int = 14) -> None:
    """Draw a fine security-print pattern of thin curves over ``img`` in place.

    ``kind``: "waves" (interleaved sine bands), "rosette" (epitrochoid around a
    centre) or "mesh" (two crossing sine families).
    """
    w, h = img.size
    arr = np.asarray(img.convert("RGB")).copy()
    layer = np.zeros((h, w), np.uint8)
    lw = max(1, w // 700)
    if kind in ("waves", "mesh"):
        xs = np.linspace(0, w, max(64, w // 4))
        amp, period = h * rng.uniform(0.03, 0.09), w / rng.uniform(1.5, 4.5)
        for k in range(density * 2):
            y0 = k * h / (density * 2) + rng.uniform(-2, 2)
            phase = k * rng.uniform(0.25, 0.6)
            ys = y0 + amp * np.sin(2 * np.pi * xs / period + phase) + amp * 0.3 * np.sin(2 * np.pi * xs / (period / 3.1))
            cv2.polylines(layer, [np.stack([xs, ys], 1).astype(np.int32)], False, 255, lw, cv2.LINE_AA)
        if kind == "mesh":
            ys2 = np.linspace(0, h, max(64, h // 4))
            for k in range(density * 2):
                x0 = k * w / (density * 2)
                xs2 = x0 + amp * np.sin(2 * np.pi * ys2 / (period * 0.6) + k * 0.4)
                cv2.polylines(layer, [np.stack([xs2, ys2], 1).astype(np.int32)], False, 255, lw, cv2.LINE_AA)
    else:
        cx, cy = w * rng.uniform(0.3, 0.7), h * rng.uniform(0.3, 0.7)
        big, small, d = min(w, h) * 0.42, min(w, h) * rng.uniform(0.05, 0.12), min(w, h) * rng.uniform(0.1, 0.25)
        t = np.linspace(0, 2 * np.pi * 12, 6000)
        for k in range(density):
            s = 1 - k * 0.045
            x = cx + s * ((big + small) * np.cos(t) - d * np.cos((big + small) / small * t))
            y = cy + s * ((big + small) * np.sin(t) - d * np.sin((big + small) / small * t))
            cv2.polylines(layer, [np.stack([x, y], 1).astype(np.int32)], False, 255, lw, cv2.LINE_AA)
    a = layer.astype(np.float32)[..., None] / 255.0 * alpha
    out = arr.astype(np.float32) * (1 - a) + np.asarray(colour, np.float32) * a
    img.paste(Image.fromarray(out.clip(0, 255).astype(np.uint8)))
