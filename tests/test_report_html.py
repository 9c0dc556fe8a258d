"""The HTML report: escaped, offline, pixelated unless asked, flagged first, filterable in a real browser."""

from __future__ import annotations

import base64
import dataclasses
import io
import os
import re
import shutil
import stat
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from conftest import image_bytes
from pii_scan import scan_image
from pii_scan.cli import main
from pii_scan.engine import make_thumbnail
from pii_scan.models import BBox, Evidence, Finding, ImageResult, Label, PiiValue
from pii_scan.report import Writer
from pii_scan.report_html import PIXELS, HtmlReport, card_html, thumbnail_uri

EVIL = "DCIM/<script>alert(1)</script><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">.jpg"


def _card_image(w: int = 960, h: int = 600) -> np.ndarray:
    """A white card with a big printed number and fine text: lots of high-frequency detail."""
    im = Image.new("RGB", (w, h), (250, 250, 245))
    d = ImageDraw.Draw(im)
    font = ImageFont.load_default(size=48)
    small = ImageFont.load_default(size=20)
    d.text((40, 40), "1234 5678 9012", fill=(0, 0, 0), font=font)
    for i in range(12):
        d.text((40, 140 + 36 * i), f"NAME YAMADA TARO {i:02d} 1-2-3 CHIYODA TOKYO", fill=(20, 20, 20), font=small)
    return np.asarray(im)


def _result(path: str, label: Label | None, *, thumb: np.ndarray | None = None, pii: bool = False) -> ImageResult:
    if label is None:
        return ImageResult.unreadable(path, f"{path}: empty file")
    findings: tuple[Finding, ...] = ()
    if label is not Label.PHOTO:
        ev = Evidence("card_quad", "layout", 0.9, BBox(100, 50, 200, 100))
        pv = (PiiValue("my_number", "********9012", "123456789012"),) if pii else ()
        findings = (Finding("id.card_layout", label, 0.9, "id1 <b>shape</b>", evidence=(ev,), pii=pv),)
    return ImageResult(
        path, label, 0.9, findings=findings, reasons=(f"{label.value}: because <b>bold</b>",),
        width=1000, height=500, thumbnail=make_thumbnail(thumb if thumb is not None else _card_image(), 240),
    )


def _decode_uri(uri: str) -> np.ndarray:
    data = base64.b64decode(uri.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(data)).convert("L"), dtype=np.float32)


def _detail(gray: np.ndarray) -> float:
    """High-frequency energy: mean absolute Laplacian."""
    return float(np.abs(cv2.Laplacian(gray, cv2.CV_32F)).mean())


@pytest.mark.parametrize("show_pii, readable", [(False, False), (True, True)], ids=["pixelated", "clear_with_show_pii"])
def test_thumbnail_keeps_fine_detail_only_with_show_pii(show_pii, readable):
    jpeg = make_thumbnail(_card_image(), 240)
    clear = np.asarray(Image.open(io.BytesIO(jpeg)).convert("L"), dtype=np.float32)
    shown = _decode_uri(thumbnail_uri(jpeg, show_pii=show_pii))
    # Compare at the clear thumbnail's size, upscaled smoothly (what any viewer could recover).
    up = cv2.resize(shown, clear.shape[::-1], interpolation=cv2.INTER_LINEAR)
    ratio = _detail(up) / _detail(clear)
    assert (ratio > 0.6) is readable, ratio
    assert (max(shown.shape) <= PIXELS) is (not readable)


def test_names_and_reasons_are_escaped():
    r = _result(EVIL, Label.ID_CARD)
    text = card_html(r)
    assert "<script>" not in text and "<img src=x" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


@pytest.mark.parametrize(
    ("location", "copy_of", "says"),
    [
        ("trashed", None, ["in the trash"]),
        ("thumbnail", "DCIM/Camera/IMG_1.jpg", ["thumbnail cache", "copy of IMG_1.jpg"]),
        (None, None, []),
    ],
)
def test_card_says_where_the_file_sits_and_what_it_copies(location, copy_of, says):
    r = dataclasses.replace(_result("DCIM/x.jpg", Label.ID_CARD), location=location, copy_of=copy_of)
    text = card_html(r)
    for phrase in says:
        assert phrase in text
    assert ('class="where"' in text) is bool(says)


def _report(results, *, show_pii=False) -> str:
    buf = io.StringIO()
    w = Writer(buf, "html", show_pii=show_pii)
    for r in results:
        w.add(r)
    w.close()
    return buf.getvalue()


MIX = [
    ("DCIM/a_photo.jpg", Label.PHOTO),
    ("DCIM/b_card.jpg", Label.ID_CARD),
    ("DCIM/c_photo.jpg", Label.PHOTO),
    ("DCIM/d_ticket.png", Label.TICKET_SCREENSHOT),
    ("DCIM/e_broken.jpg", None),
    ("DCIM/f_card.jpg", Label.ID_CARD),
]


def test_report_is_self_contained_with_no_external_urls():
    text = _report([_result(p, lab) for p, lab in MIX])
    refs = re.findall(r"""(?:src|href|action|url)\s*[=(]\s*["']?([^"' )>]*)""", text, flags=re.I)
    assert refs and all(ref.startswith("data:") for ref in refs), refs
    assert "http" not in " ".join(refs) and "<link" not in text
    assert 'name="viewport"' in text and "Content-Security-Policy" in text


def test_flagged_and_unreadable_cards_come_before_the_rest():
    text = _report([_result(p, lab) for p, lab in MIX])
    rest = text.index('<details id="rest"')
    for path, lab in MIX:
        at = text.index(f'data-name="{path.lower()}"')
        assert (at < rest) is (lab is not Label.PHOTO), path


def test_cards_stream_out_before_close_and_the_temp_file_is_removed():
    buf = io.StringIO()
    rep = HtmlReport(buf)
    rep.add(_result("DCIM/card.jpg", Label.ID_CARD))
    rep.add(_result("DCIM/photo.jpg", Label.PHOTO))
    assert "dcim/card.jpg" in buf.getvalue() and "dcim/photo.jpg" not in buf.getvalue()
    assert oct(stat.S_IMODE(os.stat(rep._dir).st_mode)) == oct(0o700)
    rep.close({"summary": {"images": 2, "by_label": {"id_card": 1, "photo": 1}}})
    assert "dcim/photo.jpg" in buf.getvalue() and not os.path.exists(rep._dir)


@pytest.mark.parametrize("show_pii", [False, True])
def test_pii_values_are_masked_unless_asked(show_pii):
    text = _report([_result("DCIM/card.jpg", Label.ID_CARD, pii=True)], show_pii=show_pii)
    assert ("123456789012" in text) is show_pii
    assert ("********9012" in text) is (not show_pii)
    assert ("data:image/jpeg" in text) is show_pii and ("data:image/png" in text) is (not show_pii)


@pytest.mark.parametrize(
    "box, w, h, style",
    [
        (BBox(100, 50, 200, 100), 1000, 500, "left:10.00%;top:10.00%;width:20.00%;height:20.00%"),
        (BBox(0, 0, 1000, 500), 1000, 500, "left:0.00%;top:0.00%;width:100.00%;height:100.00%"),
        (BBox(300, 300, 30, 60), 600, 1200, "left:50.00%;top:25.00%;width:5.00%;height:5.00%"),
    ],
)
def test_evidence_boxes_are_placed_in_percent_of_the_original_size(box, w, h, style):
    f = Finding("id.card_layout", Label.ID_CARD, 0.9, "card", evidence=(Evidence("card_quad", "layout", 1.0, box),))
    text = card_html(ImageResult("a.jpg", Label.ID_CARD, 0.9, findings=(f,), width=w, height=h))
    assert style in text


def test_an_image_without_boxes_or_size_draws_none():
    assert 'class="box' not in card_html(ImageResult("a.jpg", Label.PHOTO, 0.9))


@pytest.mark.parametrize("labels, says_nothing", [([Label.PHOTO, Label.PHOTO], True), ([Label.PHOTO, None], False)])
def test_a_report_without_flagged_images_says_so(labels, says_nothing):
    text = _report([_result(f"DCIM/{i}.jpg", lab) for i, lab in enumerate(labels)])
    assert ("Nothing flagged" in text) is says_nothing


def test_counts_are_written_from_the_summary():
    text = _report([_result(p, lab) for p, lab in MIX])
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', text))
    assert counts == {"all": "6", "id_card": "2", "ticket_screenshot": "1", "photo": "2", "unreadable": "1"}


@pytest.mark.parametrize("fmt, thumb", [("html", True), ("json", False)])
def test_cli_asks_the_engine_for_thumbnails_only_for_html(tmp_path, capsys, fmt, thumb):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "red.png").write_bytes(image_bytes("PNG", size=(320, 200)))
    out = tmp_path / f"report.{fmt}"
    code = main([str(tmp_path / "in"), "--format", fmt, "-o", str(out), "--ocr", "none", "--jobs", "1", "--no-progress"])
    assert code == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert ("data:image/png;base64," in out.read_text(encoding="utf-8")) is thumb


@pytest.mark.parametrize("side", [0, 96])
def test_thumbnail_is_opt_in_and_never_serialised(side):
    r = scan_image(image_bytes("PNG", size=(400, 300)), name="x.png", ocr="none", thumbnail=side)
    if side:
        assert max(Image.open(io.BytesIO(r.thumbnail)).size) == side
    else:
        assert r.thumbnail is None
    assert "thumbnail" not in r.to_dict() and "thumbnail=" not in repr(r)


# ---- a real headless browser -------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("chromium is required in CI (scripts/install.sh test installs it)")
    pytest.skip("chromium not installed (apt-get install chromium); CI runs this test")


class _Cards(HTMLParser):
    """Collects each card's label and whether it is hidden, the count tiles and body attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[tuple[str, bool]] = []
        self.body: dict[str, str | None] = {}
        self.flagged_hidden: bool | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.cards.append((a.get("data-label") or "", "hidden" in a))
        elif tag == "body":
            self.body = a
        elif tag == "section" and a.get("id") == "flagged":
            self.flagged_hidden = "hidden" in a


def _browser(chromium: str, tmp_path: Path, url: str, *extra: str) -> str:
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           f"--user-data-dir={tmp_path / 'profile'}", *extra, url]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-500:]
    return proc.stdout


@pytest.fixture(scope="module")
def browser_report(tmp_path_factory):
    chromium = _chromium()
    tmp = tmp_path_factory.mktemp("html")
    rng = np.random.default_rng(1)
    results = [_result(p, lab, thumb=rng.integers(0, 255, (120, 160, 3), dtype=np.uint8)) for p, lab in MIX]
    results.append(_result(EVIL, Label.ID_CARD))
    path = tmp / "report.html"
    path.write_text(_report(results), encoding="utf-8")
    return chromium, tmp, path


@pytest.mark.browser
@pytest.mark.parametrize(
    "fragment, visible",
    [("", {"id_card": 3, "ticket_screenshot": 1, "photo": 2, "unreadable": 1}),
     ("#label=id_card", {"id_card": 3}),
     ("#label=photo", {"photo": 2}),
     ("#q=ticket", {"ticket_screenshot": 1}),
     ("#label=id_card&q=f_card", {"id_card": 1}),
     ("#label=ticket_screenshot&q=card", {}),
     ("#label=id_card&q=%E0%A4%A", {"id_card": 3})],
    ids=["all", "id_cards", "photos", "search", "label_and_search", "nothing_matches", "malformed_search_ignored"],
)
def test_browser_runs_the_filters_from_the_url(browser_report, fragment, visible):
    chromium, tmp, path = browser_report
    dom = _browser(chromium, tmp, path.as_uri() + fragment, "--dump-dom")
    parsed = _Cards()
    parsed.feed(dom)
    shown: dict[str, int] = {}
    for label, hidden in parsed.cards:
        if not hidden:
            shown[label] = shown.get(label, 0) + 1
    assert len(parsed.cards) == 7
    assert shown == visible
    assert parsed.body.get("data-filter") == (re.search(r"label=(\w+)", fragment) or ["", "all"])[1]  # the script ran
    assert "data-pwned" not in parsed.body  # the hostile file name stayed text
    assert re.search(r'<output id="shown">(\d+)</output>', dom)[1] == str(sum(visible.values()))
    assert parsed.flagged_hidden is (not set(visible) - {"photo"})  # no empty "flagged" heading


@pytest.mark.browser
@pytest.mark.parametrize("size", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_browser_screenshot_at_phone_and_desktop_size(browser_report, size):
    chromium, tmp, path = browser_report
    shot = tmp / f"shot_{size[0]}.png"
    _browser(chromium, tmp, path.as_uri(), f"--window-size={size[0]},{size[1]}", f"--screenshot={shot}")
    with Image.open(shot) as im:
        assert im.size == size
        # Not a blank page: the header bar and the cards put many colours on screen.
        assert len(im.convert("RGB").getcolors(maxcolors=1 << 16) or range(1 << 16)) > 50
