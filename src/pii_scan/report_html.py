"""A self-contained HTML report that a person opens in a browser.

One file, no network: CSS and JavaScript are inline, thumbnails are
``data:`` URIs and a Content-Security-Policy forbids loading anything else.
Each image is a card: a thumbnail with the evidence boxes drawn over it,
the label, the confidence, one-line reasons and the masked PII values.

Privacy: thumbnails are pixelated to ``PIXELS`` blocks on the long side
*before* they are written (the file itself never holds a readable card or
face); ``show_pii`` is the only way to get clear thumbnails and values.

Streaming: cards are written as results arrive, so memory stays flat.
Flagged and unreadable images go straight to the output; the others go to
a temporary file in a private directory and are appended, inside a
collapsed ``<details>``, when the report is closed. Document order is then
display order (find-in-page, screen readers, printing and a browser with
JavaScript off all see flagged images first). The counts, known only at
the end, are written last and shown at the top by CSS (flex ``order``).
Filters (``#label=id_card&q=name`` in the URL) are the only JavaScript.
"""

from __future__ import annotations

import base64
import html
import io
import os
import shutil
import weakref
from collections.abc import Mapping
from typing import IO, Any

from PIL import Image

from pii_scan.models import ImageResult, Label
from pii_scan.tempdirs import private_dir

__all__ = ["PIXELS", "HtmlReport", "card_html", "thumbnail_uri"]

#: Blocks on the long side of a pixelated thumbnail: enough to tell a card
#: or a screen from a landscape, far too few for any text or a face.
PIXELS = 20
#: Height of a thumbnail on the page, CSS px (it is as wide as the card allows).
THUMB_HEIGHT = 200
#: Evidence boxes drawn per image, at most.
MAX_BOXES = 12
#: Reasons listed per image, at most.
MAX_REASONS = 4

_NAMES = {
    "id_card": "ID card · 身分証",
    "ticket_screenshot": "Ticket · チケット",
    "photo": "Photo · 写真",
    "unreadable": "Unreadable · 読めない",
}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def thumbnail_uri(jpeg: bytes, *, show_pii: bool) -> str:
    """The thumbnail as a ``data:`` URI: pixelated PNG, or the clear JPEG with ``show_pii``."""
    if show_pii:
        return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")
    with Image.open(io.BytesIO(jpeg)) as im:
        im = im.convert("RGB")
        w, h = im.size
        k = PIXELS / max(w, h)
        small = im.resize((max(1, round(w * k)), max(1, round(h * k))), Image.Resampling.BOX)
    buf = io.BytesIO()
    small.save(buf, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _key(r: ImageResult) -> str:
    return r.label.value if r.label is not None else "unreadable"


def _boxes(r: ImageResult) -> str:
    if not r.width or not r.height:
        return ""
    seen: set[tuple[int, int, int, int]] = set()
    out: list[str] = []
    for f in r.findings:
        for ev in f.evidence:
            b = ev.bbox
            if b is None or (b.x, b.y, b.w, b.h) in seen or len(out) >= MAX_BOXES:
                continue
            seen.add((b.x, b.y, b.w, b.h))
            x, y = 100 * b.x / r.width, 100 * b.y / r.height
            w, h = 100 * b.w / r.width, 100 * b.h / r.height
            cls = f"box lab-{f.label.value}{' sup' if f.supporting else ''}"
            out.append(
                f'<span class="{cls}" title="{_e(f.detector)}: {_e(ev.kind)}" '
                f'style="left:{x:.2f}%;top:{y:.2f}%;width:{w:.2f}%;height:{h:.2f}%"></span>'
            )
    return "".join(out)


_PLACES = {"trashed": "in the trash · ゴミ箱", "thumbnail": "thumbnail cache · サムネイル"}


def _where(r: ImageResult) -> str:
    """Where the file sits and what it is a copy of, for the wipe decision."""
    notes = [_PLACES[r.location]] if r.location in _PLACES else []
    if r.copy_of:
        notes.append(f"copy of {os.path.basename(r.copy_of)} · コピー")
    return f'<p class="where">{_e(" · ".join(notes))}</p>' if notes else ""


def card_html(r: ImageResult, *, show_pii: bool = False) -> str:
    """One image's card; every string from the result is escaped."""
    key = _key(r)
    w, h = (r.width, r.height) if r.width and r.height else (4, 3)
    size = f"aspect-ratio:{w} / {h};width:min(100%,{THUMB_HEIGHT * w / h:.0f}px)"
    if r.thumbnail:
        img = f'<img alt="" src="{thumbnail_uri(r.thumbnail, show_pii=show_pii)}"{"" if show_pii else " class=pix"}>'
    else:
        img = '<span class="noimg">no preview</span>'
    name = os.path.basename(r.path.rstrip("/\\")) or r.path
    if r.error:
        reasons = [r.error]
    else:
        reasons = [x for x in r.reasons if not x.startswith("no ID-card")][:MAX_REASONS]
    reasons += [f"detector error: {x}" for x in r.detector_errors]
    items = "".join(f"<li>{_e(x)}</li>" for x in reasons)
    pii = "".join(f"<li><b>{_e(p.kind)}</b> {_e(p.value if show_pii else p.masked)}</li>" for p in r.pii)
    conf = f"{r.confidence:.2f}" if r.label is not None else "–"
    return (
        f'<article class="card lab-{key}" data-label="{key}" data-name="{_e(r.path.lower())}">'
        f'<div class="frame"><div class="thumb" style="{size}">{img}{_boxes(r)}</div></div>'
        f'<div class="body"><p class="meta"><span class="badge lab-{key}">{_e(_NAMES[key])}</span>'
        f'<span class="conf" title="confidence">{conf}</span></p>'
        f'<p class="name" title="{_e(r.path)}">{_e(name)}</p>'
        f'<p class="path">{_e(r.path)}</p>'
        f"{_where(r)}"
        f'{f"<ul class=why>{items}</ul>" if items else ""}'
        f'{f"<ul class=pii>{pii}</ul>" if pii else ""}'
        "</div></article>\n"
    )


_CSS = """
:root{--id:#c62828;--ticket:#1565c0;--photo:#607d8b;--unreadable:#ef6c00;font-family:system-ui,"Noto Sans CJK JP",sans-serif}
*{box-sizing:border-box}body{margin:0;background:#f4f5f7;color:#1c1e21;display:flex;flex-direction:column}
header.top{order:-3;padding:12px 16px;background:#263238;color:#fff}header.top h1{margin:0;font-size:1.2rem}
header.top p{margin:4px 0 0;font-size:.85rem;opacity:.85}
#summary{order:-2;display:flex;flex-wrap:wrap;gap:8px;padding:12px 16px;background:#fff;border-bottom:1px solid #ddd}
#summary button{flex:1 1 120px;border:2px solid transparent;border-radius:8px;padding:8px;background:#eceff1;font:inherit;cursor:pointer;text-align:left}
#summary button[aria-pressed=true]{border-color:#263238;background:#fff}
#summary .n{display:block;font-size:1.6rem;font-weight:700}
#summary .lab-id_card .n{color:var(--id)}#summary .lab-ticket_screenshot .n{color:var(--ticket)}
#summary .lab-unreadable .n{color:var(--unreadable)}
nav.search{order:-1;padding:8px 16px;background:#fff;border-bottom:1px solid #ddd;display:flex;gap:8px;align-items:center}
nav.search input{flex:1;font:inherit;padding:8px;border:1px solid #bbb;border-radius:6px}
main{padding:12px 16px}h2{font-size:1rem;margin:8px 0}details>summary{cursor:pointer;font-weight:600;padding:8px 0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px}
.card{background:#fff;border-radius:8px;overflow:hidden;box-shadow:0 1px 3px rgba(0,0,0,.15);border-top:4px solid var(--photo)}
.card[hidden]{display:none}.card.lab-id_card{border-color:var(--id)}.card.lab-ticket_screenshot{border-color:var(--ticket)}
.card.lab-unreadable{border-color:var(--unreadable)}
.frame{background:#cfd8dc}.thumb{position:relative;margin:0 auto;background:#b0bec5}.thumb img{width:100%;height:100%;display:block}
.thumb img.pix{image-rendering:pixelated}.noimg{position:absolute;inset:0;display:grid;place-items:center;color:#555;font-size:.8rem}
.box{position:absolute;border:2px solid var(--photo);border-radius:2px}.box.lab-id_card{border-color:var(--id)}
.box.lab-ticket_screenshot{border-color:var(--ticket)}.box.sup{border-style:dashed;opacity:.8}
.body{padding:8px 10px}.body p{margin:0 0 4px}.meta{display:flex;justify-content:space-between;align-items:center}
.badge{color:#fff;background:var(--photo);border-radius:4px;padding:1px 6px;font-size:.8rem}
.badge.lab-id_card{background:var(--id)}.badge.lab-ticket_screenshot{background:var(--ticket)}.badge.lab-unreadable{background:var(--unreadable)}
.conf{font-weight:700}.name{font-weight:600;overflow-wrap:anywhere}.path{font-size:.7rem;color:#666;overflow-wrap:anywhere}.where{font-size:.75rem;color:#6a1b9a;font-weight:600;margin:2px 0}
ul{margin:4px 0 0;padding-left:16px;font-size:.78rem}.why li{overflow-wrap:anywhere}.pii{color:#b71c1c}
footer{order:1;padding:12px 16px;font-size:.75rem;color:#555}footer dt{font-weight:600}footer dd{margin:0 0 4px}
@media (max-width:480px){.grid{grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}#summary{gap:6px;padding:8px}#summary button{flex:1 1 30%;padding:4px 6px;font-size:.8rem}#summary .n{font-size:1.2rem}}
"""

_JS = """
(function(){
var cards=[].slice.call(document.querySelectorAll('article.card'));
var q=document.getElementById('q'),rest=document.getElementById('rest');
var buttons=[].slice.call(document.querySelectorAll('#summary button'));
function parse(){var h={};location.hash.replace(/^#/,'').split('&').forEach(function(kv){
 var i=kv.indexOf('=');if(i>0)try{h[decodeURIComponent(kv.slice(0,i))]=decodeURIComponent(kv.slice(i+1).replace(/\\+/g,' '));}catch(e){}});return h;}
function apply(){var h=parse(),lab=h.label||'all',term=(h.q||'').toLowerCase(),shown=0;
 if(q&&q.value.toLowerCase()!==term)q.value=h.q||'';
 cards.forEach(function(c){var ok=(lab==='all'||c.getAttribute('data-label')===lab)&&(!term||c.getAttribute('data-name').indexOf(term)>=0);
  c.hidden=!ok;if(ok)shown++;});
 buttons.forEach(function(b){b.setAttribute('aria-pressed',String(b.getAttribute('data-filter')===lab));});
 if(rest&&(lab==='photo'||term))rest.open=true;
 var first=document.getElementById('flagged');
 if(first)first.hidden=!first.querySelector('article.card:not([hidden])')&&!first.querySelector('p.empty');
 var s=document.getElementById('shown');if(s)s.textContent=String(shown);
 document.body.setAttribute('data-filter',lab);}
function go(lab,term){var parts=[];if(lab&&lab!=='all')parts.push('label='+encodeURIComponent(lab));
 if(term)parts.push('q='+encodeURIComponent(term));history.replaceState(null,'',parts.length?'#'+parts.join('&'):location.pathname+location.search);apply();}
buttons.forEach(function(b){b.addEventListener('click',function(){go(b.getAttribute('data-filter'),q?q.value:'');});});
if(q)q.addEventListener('input',function(){go(parse().label,q.value);});
window.addEventListener('hashchange',apply);apply();
})();
"""

_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


class HtmlReport:
    """Writes the report card by card; ``close`` adds the rest, counts and run info."""

    def __init__(self, out: IO[str], *, show_pii: bool = False, run: Mapping[str, Any] | None = None) -> None:
        self.out, self.show_pii = out, show_pii
        run = dict(run or {})
        self._dir = private_dir("html")  # mode 0700: may hold thumbnails; swept if we are killed
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._dir, True)
        fd = os.open(os.path.join(self._dir, "rest.html"), os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        self._rest = open(fd, "w+", encoding="utf-8", errors="backslashreplace")
        self._n_rest = self._n_first = 0
        self._closed = False
        scanner = run.get("scanner") or {}
        started = run.get("started", "")
        note = "clear thumbnails and PII values shown (--show-pii)" if show_pii else "thumbnails pixelated, PII values masked"
        out.write(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            '<meta name="referrer" content="no-referrer"><title>pii-scan report</title>'
            f"<style>{_CSS}</style></head>\n"
            f'<body data-show-pii="{int(show_pii)}">\n'
            f'<header class="top"><h1>pii-scan report</h1><p>{_e(scanner.get("name", "pii-scan"))} '
            f'{_e(scanner.get("version", ""))} · started {_e(started)} · {_e(note)}</p></header>\n'
            '<nav class="search"><input id="q" type="search" placeholder="Search file name · ファイル名で検索" '
            'aria-label="Search by file name"><span><output id="shown"></output> shown</span></nav>\n'
            '<main><section id="flagged"><h2>Flagged and unreadable · 要確認</h2><div class="grid">\n'
        )
        out.flush()

    def add(self, r: ImageResult) -> None:
        """Write one image's card: flagged and unreadable now, the others at close."""
        card = card_html(r, show_pii=self.show_pii)
        if r.flagged or r.label is None:
            self.out.write(card)
            self.out.flush()
            self._n_first += 1
        else:
            self._rest.write(card)
            self._n_rest += 1

    def close(self, envelope: Mapping[str, Any]) -> None:
        """Append the other images, the counts and the run info; remove the temporary file."""
        if self._closed:
            return
        self._closed = True
        try:
            out = self.out
            if not self._n_first:
                out.write('<p class="empty">Nothing flagged · 該当なし</p>')
            out.write(
                '</div></section>\n<details id="rest"><summary>Other images · その他 '
                f'({self._n_rest})</summary><div class="grid">\n'
            )
            self._rest.seek(0)
            shutil.copyfileobj(self._rest, out)
            out.write("</div></details></main>\n")
            out.write(self._summary(envelope))
            out.write(self._footer(envelope))
            out.write(f"<script>{_JS}</script>\n</body></html>\n")
            out.flush()
        finally:
            self._rest.close()
            self._cleanup()

    @staticmethod
    def _summary(envelope: Mapping[str, Any]) -> str:
        s = envelope.get("summary") or {}
        by_label = s.get("by_label") or {}
        counts = [("all", "All · すべて", s.get("images", 0))]
        counts += [(lab.value, _NAMES[lab.value], by_label.get(lab.value, 0)) for lab in Label]
        counts.append(("unreadable", _NAMES["unreadable"], s.get("unreadable", 0)))
        tiles = "".join(
            f'<button type="button" class="lab-{key}" data-filter="{key}" aria-pressed="{str(key == "all").lower()}">'
            f'<span class="n" data-count="{key}">{int(n)}</span>{_e(name)}</button>'
            for key, name, n in counts
        )
        partial = "" if envelope.get("complete", True) else '<p class="partial">Scan interrupted: results are partial.</p>'
        return f'<section id="summary" aria-label="Counts">{tiles}{partial}</section>\n'

    @staticmethod
    def _footer(envelope: Mapping[str, Any]) -> str:
        dets = ", ".join(f"{d.get('name')} v{d.get('version')}" for d in envelope.get("detectors") or [])
        opts = ", ".join(f"{k}={v}" for k, v in (envelope.get("options") or {}).items())
        rows = [
            ("Schema", envelope.get("schema_version", "")),
            ("Started / finished", f"{envelope.get('started', '')} / {envelope.get('finished', '')}"),
            ("Detectors", dets),
            ("Options", opts),
        ]
        items = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
        return f"<footer><dl>{items}</dl></footer>\n"
