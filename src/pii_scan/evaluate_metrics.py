"""Benchmark metrics: pure functions over per-image records.

A record says what an image truly is and what the scanner said
(``predicted`` is a label value or ``"error"``). Everything here is plain
arithmetic on lists of records, so it is tested on hand-made lists.
Undefined ratios (nothing to divide by) are ``None``, never 0 or NaN.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from pii_scan.models import ImageResult, Label

__all__ = [
    "COLUMNS",
    "ERROR",
    "LABELS",
    "ORDINARY_SUBTYPES",
    "POSITIVE",
    "Record",
    "accuracy",
    "confusion",
    "flag_rates",
    "label_scores",
    "macro_f1",
    "negative_subtypes",
    "percentile",
    "positive_subtypes",
    "ratio",
    "record_from_result",
    "speed_stats",
    "summarise",
    "variant_scores",
]

ERROR = "error"
LABELS: tuple[str, ...] = tuple(lab.value for lab in Label)
POSITIVE: tuple[str, ...] = tuple(lab.value for lab in Label if lab.flagged)
COLUMNS: tuple[str, ...] = LABELS + (ERROR,)
NEGATIVE = Label.PHOTO.value
#: Negative subtypes that are ordinary camera photos (not documents or screens): the
#: issue's "OCR runs on <= 5 % of ordinary photos" is measured on these.
ORDINARY_SUBTYPES: tuple[str, ...] = ("scene", "selfie", "text_scene")


@dataclass(frozen=True)
class Record:
    """One scanned image, as the benchmark sees it (no pixels, no findings)."""

    file: str
    truth: str
    predicted: str
    subtype: str = ""
    confidence: float = 0.0
    ocr_ran: bool = False
    seconds: float = 0.0
    error: str | None = None
    variant: str = ""
    #: Detectors that raised on this image (``ImageResult.detector_errors``): the image got a
    #: label, but without their say.
    detector_errors: tuple[str, ...] = ()

    @property
    def correct(self) -> bool:
        return self.predicted == self.truth

    @property
    def flagged(self) -> bool:
        """Predicted as either positive label."""
        return self.predicted in POSITIVE

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["confidence"] = round(self.confidence, 4)
        out["seconds"] = round(self.seconds, 4)
        out["detector_errors"] = list(self.detector_errors)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Record:
        return cls(
            file=str(data["file"]),
            truth=str(data["truth"]),
            predicted=str(data["predicted"]),
            subtype=str(data.get("subtype") or ""),
            confidence=float(data.get("confidence") or 0.0),
            ocr_ran=bool(data.get("ocr_ran")),
            seconds=float(data.get("seconds") or 0.0),
            error=data.get("error"),
            variant=str(data.get("variant") or ""),
            detector_errors=tuple(str(e) for e in data.get("detector_errors") or ()),
        )


def record_from_result(
    result: ImageResult, *, file: str, truth: str, subtype: str = "", variant: str = ""
) -> Record:
    """The benchmark record for one scanner result."""
    return Record(
        file=file,
        truth=truth,
        predicted=result.label.value if result.label is not None else ERROR,
        subtype=subtype,
        confidence=result.confidence,
        ocr_ran=result.ocr_ran,
        seconds=result.seconds,
        error=result.error,
        variant=variant,
        detector_errors=tuple(result.detector_errors),
    )


def ratio(num: float, den: float) -> float | None:
    """num / den, or None when den is 0."""
    return num / den if den else None


def confusion(records: Iterable[Record]) -> dict[str, dict[str, int]]:
    """Counts by truth (rows: LABELS) and prediction (columns: COLUMNS)."""
    matrix = {t: {p: 0 for p in COLUMNS} for t in LABELS}
    for r in records:
        row = matrix.setdefault(r.truth, {p: 0 for p in COLUMNS})
        row[r.predicted] = row.get(r.predicted, 0) + 1
    return matrix


def label_scores(matrix: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, Any]]:
    """Precision, recall, F1, support and predicted count per label.

    F1 is ``2TP / (2TP + FP + FN)``: 0 when the label was expected or
    predicted but never right, None only when it was neither.
    """
    out: dict[str, dict[str, Any]] = {}
    for lab in LABELS:
        tp = matrix.get(lab, {}).get(lab, 0)
        support = sum(matrix.get(lab, {}).values())
        predicted = sum(row.get(lab, 0) for row in matrix.values())
        fp, fn = predicted - tp, support - tp
        out[lab] = {
            "precision": ratio(tp, predicted),
            "recall": ratio(tp, support),
            "f1": ratio(2 * tp, 2 * tp + fp + fn),
            "support": support,
            "predicted": predicted,
        }
    return out


def accuracy(records: Sequence[Record]) -> float | None:
    """Share of records predicted exactly right (errors count as wrong)."""
    return ratio(sum(r.correct for r in records), len(records))


def macro_f1(scores: Mapping[str, Mapping[str, Any]]) -> float | None:
    """Mean F1 over the labels that have one."""
    vals = [s["f1"] for s in scores.values() if s["f1"] is not None]
    return sum(vals) / len(vals) if vals else None


def flag_rates(records: Sequence[Record]) -> dict[str, Any]:
    """Flagging as a yes/no question: how many negatives and positives got flagged."""
    neg = [r for r in records if r.truth == NEGATIVE]
    pos = [r for r in records if r.truth in POSITIVE]
    neg_flagged = sum(r.flagged for r in neg)
    pos_flagged = sum(r.flagged for r in pos)
    return {
        "negatives": len(neg),
        "negatives_flagged": neg_flagged,
        "negatives_flagged_share": ratio(neg_flagged, len(neg)),
        "positives": len(pos),
        "positives_flagged": pos_flagged,
        "positives_flagged_share": ratio(pos_flagged, len(pos)),
    }


def _subtype(r: Record) -> str:
    return r.subtype or "-"


def positive_subtypes(records: Iterable[Record]) -> list[dict[str, Any]]:
    """Recall per (truth label, subtype) over the positives, sorted by label then subtype."""
    groups: dict[tuple[str, str], list[Record]] = {}
    for r in records:
        if r.truth in POSITIVE:
            groups.setdefault((r.truth, _subtype(r)), []).append(r)
    rows = []
    for (lab, sub), rs in sorted(groups.items()):
        correct = sum(r.correct for r in rs)
        rows.append({"label": lab, "subtype": sub, "n": len(rs), "correct": correct, "recall": ratio(correct, len(rs))})
    return rows


def negative_subtypes(records: Iterable[Record]) -> list[dict[str, Any]]:
    """False positives per subtype over the negatives (total and by wrong label)."""
    groups: dict[str, list[Record]] = {}
    for r in records:
        if r.truth == NEGATIVE:
            groups.setdefault(_subtype(r), []).append(r)
    rows = []
    for sub, rs in sorted(groups.items()):
        row: dict[str, Any] = {"subtype": sub, "n": len(rs), "flagged": sum(r.flagged for r in rs)}
        for lab in POSITIVE:
            row[lab] = sum(r.predicted == lab for r in rs)
        row["flagged_share"] = ratio(row["flagged"], len(rs))
        rows.append(row)
    return rows


def variant_scores(records: Iterable[Record]) -> list[dict[str, Any]]:
    """Per manifest variant (``main``, ``thumb320`` ...): recall of each positive label and false flags.

    Empty when no record names a variant.
    """
    groups: dict[str, list[Record]] = {}
    for r in records:
        groups.setdefault(r.variant or "-", []).append(r)
    if set(groups) == {"-"}:
        return []
    rows = []
    for variant, rs in sorted(groups.items()):
        row: dict[str, Any] = {"variant": variant, "n": len(rs)}
        for lab in POSITIVE:
            pos = [r for r in rs if r.truth == lab]
            row[f"{lab}_n"] = len(pos)
            row[f"{lab}_recall"] = ratio(sum(r.correct for r in pos), len(pos))
        neg = [r for r in rs if r.truth == NEGATIVE]
        row["negatives"] = len(neg)
        row["negatives_flagged"] = sum(r.flagged for r in neg)
        rows.append(row)
    return rows


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear between closest ranks; None if empty."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def speed_stats(records: Sequence[Record], wall_seconds: float) -> dict[str, Any]:
    """Throughput (wall), per-image time percentiles and how often OCR ran."""
    secs = [r.seconds for r in records]
    neg = [r for r in records if r.truth == NEGATIVE]
    ordinary = [r for r in neg if r.subtype in ORDINARY_SUBTYPES]
    return {
        "images": len(records),
        "wall_seconds": wall_seconds,
        "images_per_second": ratio(len(records), wall_seconds),
        "p50_seconds": percentile(secs, 50),
        "p95_seconds": percentile(secs, 95),
        "mean_seconds": ratio(sum(secs), len(secs)),
        "sum_seconds": sum(secs),
        "ocr_share": ratio(sum(r.ocr_ran for r in records), len(records)),
        "ocr_share_negatives": ratio(sum(r.ocr_ran for r in neg), len(neg)),
        "ordinary_photos": len(ordinary),
        "ocr_share_ordinary": ratio(sum(r.ocr_ran for r in ordinary), len(ordinary)),
    }


def summarise(records: Sequence[Record]) -> dict[str, Any]:
    """Every accuracy figure for a list of records (speed aside)."""
    matrix = confusion(records)
    scores = label_scores(matrix)
    return {
        "images": len(records),
        "errors": sum(r.predicted == ERROR for r in records),
        "detector_errors": sum(bool(r.detector_errors) for r in records),
        "accuracy": accuracy(records),
        "macro_f1": macro_f1(scores),
        "confusion": matrix,
        "per_label": scores,
        "flagging": flag_rates(records),
        "subtypes_positive": positive_subtypes(records),
        "subtypes_negative": negative_subtypes(records),
        "variants": variant_scores(records),
    }
