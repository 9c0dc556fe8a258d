"""Turn results into text: table, JSON Lines, JSON, CSV and HTML.

The masking policy is applied here through ``to_dict(show_pii=...)``:
nothing in a report carries a raw PII value unless the caller asked.
JSON is the envelope of ``docs/schema.json`` (run info, summary, results);
JSON Lines is one result record per line and nothing else; CSV is one row
per image with the columns ``CSV_FIELDS``; HTML is ``report_html``.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from pii_scan.models import SCHEMA_VERSION, ImageResult, Label

__all__ = ["FORMATS", "Summary", "Writer", "open_report"]

FORMATS = ("table", "jsonl", "json", "csv", "html")
CSV_FIELDS = ("path", "label", "confidence", "ocr_ran", "error", "reason", "pii", "location", "copy_of", "schema_version")
#: Table marker for where a file sits.
_WHERE = {"trashed": "trash", "thumbnail": "thumb"}


@dataclass
class Summary:
    """Counts over a scan, built incrementally."""

    labels: Counter[str] = field(default_factory=Counter)
    unreadable: int = 0
    detector_errors: int = 0
    ocr_ran: int = 0
    seconds: float = 0.0
    #: Files by location ("trashed", "thumbnail"), and flagged files by location.
    locations: Counter[str] = field(default_factory=Counter)
    flagged_locations: Counter[str] = field(default_factory=Counter)
    #: Flagged files that are copies of another flagged file.
    copies: int = 0

    def add(self, r: ImageResult) -> None:
        if r.label is None:
            self.unreadable += 1
        else:
            self.labels[r.label.value] += 1
        self.detector_errors += bool(r.detector_errors)
        self.ocr_ran += r.ocr_ran
        self.seconds += r.seconds
        if r.location:
            self.locations[r.location] += 1
            if r.flagged:
                self.flagged_locations[r.location] += 1
        self.copies += bool(r.flagged and r.copy_of)

    @property
    def total(self) -> int:
        return sum(self.labels.values()) + self.unreadable

    @property
    def flagged(self) -> int:
        return self.labels[Label.ID_CARD.value] + self.labels[Label.TICKET_SCREENSHOT.value]

    def to_dict(self) -> dict[str, Any]:
        return {
            "images": self.total,
            "by_label": {lab.value: self.labels[lab.value] for lab in Label},
            "flagged": self.flagged,
            "unreadable": self.unreadable,
            "with_detector_errors": self.detector_errors,
            "ocr_ran": self.ocr_ran,
            "in_trash": self.locations["trashed"],
            "thumbnails": self.locations["thumbnail"],
            "flagged_in_trash": self.flagged_locations["trashed"],
            "flagged_thumbnails": self.flagged_locations["thumbnail"],
            "flagged_copies": self.copies,
        }

    def where_line(self) -> str:
        """'N in trash, M thumbnails' over all files, and the same over the flagged ones."""
        loc, fl = self.locations, self.flagged_locations
        line = f"{loc['trashed']} in trash, {loc['thumbnail']} thumbnails"
        if self.flagged:
            line += (
                f"; of the {self.flagged} flagged: {fl['trashed']} in trash, {fl['thumbnail']} thumbnails, "
                f"{self.copies} copies of another flagged file"
            )
        return line


def open_report(path: str) -> IO[str]:
    """Open a report file for writing, created with mode 0600 (it may list PII)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o600)
    # File names that are not UTF-8 come through as surrogates: write them as \udcXX escapes.
    return open(fd, "w", encoding="utf-8", errors="backslashreplace", newline="")


def _top_reason(r: ImageResult) -> str:
    if r.error:
        return r.error
    return r.reasons[0] if r.reasons else ""


def _pii_text(r: ImageResult, show_pii: bool) -> str:
    return "; ".join(f"{p.kind}={p.value if show_pii else p.masked}" for p in r.pii)


def _fit(text: str, width: int, *, keep_end: bool = False) -> str:
    text = text.replace("\n", " ").replace("\r", " ")
    if len(text) <= width:
        return text
    return "…" + text[-(width - 1) :] if keep_end else text[: width - 1] + "…"


class Writer:
    """Writes results in one format as they arrive, then a closing part."""

    def __init__(
        self,
        out: IO[str],
        fmt: str,
        *,
        show_pii: bool = False,
        verbose: bool = False,
        run: dict[str, Any] | None = None,
    ) -> None:
        """``run`` is the envelope's opening part (``schema.run_info``); JSON and HTML print it."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        self.out, self.fmt, self.show_pii, self.verbose = out, fmt, show_pii, verbose
        self.run = dict(run) if run is not None else {"schema_version": SCHEMA_VERSION}
        #: False when the scan was cancelled or interrupted before the end.
        self.complete = True
        self.summary = Summary()
        self._rows: list[ImageResult] = []
        self._csv: Any = None
        self._html: Any = None
        if fmt == "csv":
            self._csv = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
            self._csv.writeheader()
        elif fmt == "html":
            from pii_scan.report_html import HtmlReport

            self._html = HtmlReport(out, show_pii=show_pii, run=self.run)

    def envelope(self) -> dict[str, Any]:
        """Run info, finish time and summary: the JSON report without its results."""
        from pii_scan.schema import now_iso

        return {**self.run, "finished": now_iso(), "complete": self.complete, "summary": self.summary.to_dict()}

    def add(self, r: ImageResult) -> None:
        self.summary.add(r)
        if self._html is not None:
            self._html.add(r)
        elif self.fmt == "jsonl":
            self.out.write(json.dumps(r.to_dict(show_pii=self.show_pii), ensure_ascii=False) + "\n")
            self.out.flush()
        elif self.fmt == "csv":
            self._csv.writerow(
                {
                    "path": r.path,
                    "label": r.label.value if r.label else "",
                    "confidence": f"{r.confidence:.3f}",
                    "ocr_ran": int(r.ocr_ran),
                    "error": r.error or "",
                    "reason": "" if r.error else _top_reason(r),
                    "pii": _pii_text(r, self.show_pii),
                    "location": r.location or "",
                    "copy_of": r.copy_of or "",
                    "schema_version": SCHEMA_VERSION,
                }
            )
            self.out.flush()
        elif self.fmt == "json" or self.verbose or r.flagged or r.label is None or r.detector_errors:
            self._rows.append(r)  # only what the closing part prints

    def close(self) -> None:
        if self._html is not None:
            self._html.close(self.envelope())
        elif self.fmt == "json":
            doc = {
                **self.envelope(),
                "results": [r.to_dict(show_pii=self.show_pii) for r in sorted(self._rows, key=lambda r: r.path)],
            }
            json.dump(doc, self.out, ensure_ascii=False, indent=2)
            self.out.write("\n")
        elif self.fmt == "table":
            self.out.write(self.table(self._rows))
        self.out.flush()

    def table(self, rows: Iterable[ImageResult]) -> str:
        """The human-readable summary table."""
        buf = io.StringIO()
        # A copy is listed right under its original (group key = the original's path).
        rows = sorted(
            rows, key=lambda r: (r.label is None, not r.flagged, r.copy_of or r.path, r.copy_of is not None, r.path)
        )
        if rows:
            buf.write(f"{'LABEL':<20} {'CONF':>5}  {'WHERE':<5}  {'FILE':<44} WHY\n")
        for r in rows:
            lab = r.label.value if r.label else "UNREADABLE"
            if r.copy_of:
                lab = f"└ {lab}"
            why = _top_reason(r)
            pii = "" if r.copy_of else _pii_text(r, self.show_pii)  # a copy's PII is its original's
            if r.copy_of and not why.startswith("copy of"):
                why = f"copy of {r.copy_of}"
            if pii:
                why = f"{why} [{pii}]"
            if r.detector_errors:
                why = f"{why} (detector errors: {len(r.detector_errors)})"
            where = _WHERE.get(r.location or "", "")
            buf.write(
                f"{lab:<20} {r.confidence:>5.2f}  {where:<5}  {_fit(r.path, 44, keep_end=True):<44} {_fit(why, 110)}\n"
            )
        s = self.summary
        buf.write(
            f"\n{s.total} images: {s.labels['id_card']} id_card, {s.labels['ticket_screenshot']} ticket_screenshot, "
            f"{s.labels['photo']} photo, {s.unreadable} unreadable; OCR ran on {s.ocr_ran}\n"
            f"{s.where_line()}\n"
        )
        if not self.verbose and s.labels["photo"]:
            buf.write("(photos not listed; use --verbose to list every file)\n")
        return buf.getvalue()
