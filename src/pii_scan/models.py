"""Result data: labels, evidence, findings and per-image results.

Everything here is a frozen dataclass so results can cross process
boundaries and be compared in tests. ``to_dict`` gives JSON-safe data and
applies the masking policy: a raw PII value leaves the process only when
the caller asks for it with ``show_pii=True``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping

__all__ = ["SCHEMA_VERSION", "BBox", "Evidence", "Finding", "ImageResult", "Label", "PiiValue"]

#: Version of the output record and report envelope (docs/schema.json). A minor
#: bump adds optional fields; a major bump renames, removes or changes one.
SCHEMA_VERSION = "1.0"


class Label(str, Enum):
    """What an image is. Values are a public contract: never renamed."""

    ID_CARD = "id_card"
    TICKET_SCREENSHOT = "ticket_screenshot"
    PHOTO = "photo"

    def __str__(self) -> str:
        return self.value

    @property
    def flagged(self) -> bool:
        """True for the labels that mean residual PII."""
        return self is not Label.PHOTO


@dataclass(frozen=True)
class BBox:
    """Axis-aligned box in original-image pixels (after EXIF orientation)."""

    x: int
    y: int
    w: int
    h: int

    @classmethod
    def from_points(cls, xs: Any, ys: Any) -> BBox:
        """Smallest box holding all the given x and y coordinates."""
        x0, x1 = int(min(xs)), int(round(max(xs)))
        y0, y1 = int(min(ys)), int(round(max(ys)))
        return cls(x0, y0, max(0, x1 - x0), max(0, y1 - y0))

    def scaled(self, factor: float) -> BBox:
        """This box with every coordinate multiplied by ``factor``."""
        return BBox(
            int(round(self.x * factor)),
            int(round(self.y * factor)),
            int(round(self.w * factor)),
            int(round(self.h * factor)),
        )

    @property
    def area(self) -> int:
        return self.w * self.h

    def holds_centre_of(self, other: BBox) -> bool:
        """Whether the centre of ``other`` lies in this box (edges included)."""
        cx, cy = other.x + other.w / 2, other.y + other.h / 2
        return self.x <= cx <= self.x + self.w and self.y <= cy <= self.y + self.h

    def to_dict(self) -> dict[str, int]:
        return {"x": self.x, "y": self.y, "w": self.w, "h": self.h}


@dataclass(frozen=True)
class PiiValue:
    """A personal value the scanner read, e.g. an Individual Number.

    ``value`` holds the raw text and is left out of ``repr`` and of
    ``to_dict()`` unless ``show_pii`` is set, so logging a finding or a
    result never prints it by accident.
    """

    kind: str
    masked: str
    value: str = field(repr=False, compare=False, default="")

    def to_dict(self, *, show_pii: bool = False) -> dict[str, str]:
        out = {"kind": self.kind, "masked": self.masked}
        if show_pii:
            out["value"] = self.value
        return out


@dataclass(frozen=True)
class Evidence:
    """One observation behind a finding.

    ``kind`` names what was seen (``card_quad``, ``status_bar``, ``keyword``,
    ``mrz_line``, ``barcode`` ...), ``source`` where it came from
    (``layout``, ``ocr`` or ``exif``). ``value`` is a number or an already
    masked string; never a raw PII value.
    """

    kind: str
    source: str
    value: float | str | None = None
    bbox: BBox | None = None
    detail: Mapping[str, str | float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source": self.source,
            "value": self.value,
            "bbox": self.bbox.to_dict() if self.bbox else None,
            "detail": dict(self.detail),
        }


@dataclass(frozen=True)
class Finding:
    """A detector's vote for a label, with its evidence.

    ``score`` is in [0, 1]. ``verified`` means an offline check confirmed it
    (MRZ or Individual Number check digits) and makes the finding decisive.
    A ``supporting`` finding strengthens a label that some other, primary
    finding already votes for but can never decide a label alone (a QR code
    or screenshot traits do not make a ticket).
    """

    detector: str
    label: Label
    score: float
    explanation: str
    verified: bool = False
    supporting: bool = False
    evidence: tuple[Evidence, ...] = ()
    pii: tuple[PiiValue, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be in [0, 1], got {self.score!r}")

    @property
    def bbox(self) -> BBox | None:
        """The first evidence box, as the finding's location."""
        return next((e.bbox for e in self.evidence if e.bbox is not None), None)

    def to_dict(self, *, show_pii: bool = False) -> dict[str, Any]:
        return {
            "detector": self.detector,
            "label": self.label.value,
            "score": round(self.score, 4),
            "verified": self.verified,
            "supporting": self.supporting,
            "explanation": self.explanation,
            "bbox": self.bbox.to_dict() if self.bbox else None,
            "evidence": [e.to_dict() for e in self.evidence],
            "pii": [p.to_dict(show_pii=show_pii) for p in self.pii],
        }


@dataclass(frozen=True)
class ImageResult:
    """The outcome for one image.

    ``label`` is None exactly when ``error`` says why the file could not be
    read. ``detector_errors`` lists detectors that raised; the image is still
    classified from the others. ``location`` is where the file sits on the
    phone (``"trashed"``, ``"thumbnail"`` or None, see ``location.py``);
    ``copy_of`` the path of the flagged image this one is a copy of (see
    ``copies.py``); ``phash`` the perceptual hash copies are matched by
    (hex, not in ``to_dict``).
    """

    path: str
    label: Label | None
    confidence: float
    findings: tuple[Finding, ...] = ()
    reasons: tuple[str, ...] = ()
    error: str | None = None
    detector_errors: tuple[str, ...] = ()
    ocr_ran: bool = False
    width: int | None = None
    height: int | None = None
    format: str | None = None
    sha256: str | None = None
    seconds: float = 0.0
    timings: Mapping[str, float] = field(default_factory=dict)
    location: str | None = None
    copy_of: str | None = None
    phash: str | None = field(default=None, compare=False)
    #: Small clear JPEG of the image (``ScanOptions.thumbnail``), for reports; never in ``to_dict``.
    thumbnail: bytes | None = field(default=None, repr=False, compare=False)

    @classmethod
    def unreadable(cls, path: str, error: str, *, seconds: float = 0.0) -> ImageResult:
        """The result for a file that could not be read: no label, ``error`` says why."""
        return cls(path=path, label=None, confidence=0.0, error=error, seconds=seconds)

    @property
    def flagged(self) -> bool:
        """True when the image holds residual PII (an ID card or a ticket)."""
        return self.label is not None and self.label.flagged

    @property
    def pii(self) -> tuple[PiiValue, ...]:
        """Every PII value seen, across findings, without duplicates."""
        seen: dict[tuple[str, str], PiiValue] = {}
        for f in self.findings:
            for p in f.pii:
                seen.setdefault((p.kind, p.value or p.masked), p)
        return tuple(seen.values())

    def to_dict(self, *, show_pii: bool = False) -> dict[str, Any]:
        """JSON-safe data; PII values masked unless ``show_pii``."""
        return {
            "schema_version": SCHEMA_VERSION,
            "path": self.path,
            "label": self.label.value if self.label else None,
            "confidence": round(self.confidence, 4),
            "reasons": list(self.reasons),
            "findings": [f.to_dict(show_pii=show_pii) for f in self.findings],
            "pii": [p.to_dict(show_pii=show_pii) for p in self.pii],
            "error": self.error,
            "detector_errors": list(self.detector_errors),
            "ocr_ran": self.ocr_ran,
            "width": self.width,
            "height": self.height,
            "format": self.format,
            "sha256": self.sha256,
            "seconds": round(self.seconds, 4),
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "location": self.location,
            "copy_of": self.copy_of,
        }
