"""Compare two benchmark reports: which images changed, and the metric deltas.

Both reports are the ``--json`` output of ``pii-scan bench``. Images are
matched by their ``file`` as listed in the labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pii_scan.evaluate_metrics import LABELS, Record

__all__ = ["LOWER_IS_BETTER", "compare_reports", "headline", "lower_is_better"]

#: Metrics where a smaller number is the improvement.
LOWER_IS_BETTER = frozenset(
    {
        "errors",
        "negatives_flagged_share",
        "p50_seconds",
        "p95_seconds",
        "mean_seconds",
        "cpu_seconds_per_image",
        "ocr_share",
        "ocr_share_negatives",
        "peak_rss_mb",
    }
)


def lower_is_better(metric: str) -> bool:
    """True for metrics where a decrease is the improvement (time, memory, false flags)."""
    return metric in LOWER_IS_BETTER or metric.startswith("flagged_share[")


def headline(report: Mapping[str, Any]) -> dict[str, float | None]:
    """The report's comparable numbers, flattened to ``name -> value``."""
    acc = report.get("accuracy", {})
    out: dict[str, float | None] = {
        "accuracy": acc.get("accuracy"),
        "macro_f1": acc.get("macro_f1"),
        "errors": acc.get("errors"),
    }
    for lab in LABELS:
        for key in ("precision", "recall", "f1"):
            out[f"{lab}.{key}"] = acc.get("per_label", {}).get(lab, {}).get(key)
    flag = acc.get("flagging", {})
    out["negatives_flagged_share"] = flag.get("negatives_flagged_share")
    out["positives_flagged_share"] = flag.get("positives_flagged_share")
    speed = report.get("speed", {})
    for key in ("images_per_second", "cpu_seconds_per_image", "p50_seconds", "p95_seconds", "ocr_share", "ocr_share_negatives"):
        out[key] = speed.get(key)
    mem = report.get("memory", {})
    if mem.get("peak_rss_mb") is not None:
        out["peak_rss_mb"] = mem["peak_rss_mb"]
    if report.get("baseline"):
        out["speed_ratio_vs_ocr_all"] = report["baseline"].get("speed_ratio")
    if report.get("decode_floor"):
        out["share_of_decode_floor"] = report["decode_floor"].get("scanner_share")
    for row in acc.get("subtypes_positive", []):
        out[f"recall[{row['label']}/{row['subtype']}]"] = row["recall"]
    for row in acc.get("subtypes_negative", []):
        out[f"flagged_share[photo/{row['subtype']}]"] = row["flagged_share"]
    return out


def _delta_rows(old: Mapping[str, float | None], new: Mapping[str, float | None]) -> list[dict[str, Any]]:
    rows = []
    for key in list(new) + [k for k in old if k not in new]:
        a, b = old.get(key), new.get(key)
        delta = b - a if a is not None and b is not None else None
        verdict = "same"
        if delta is None:
            verdict = "same" if a is None and b is None else "n/a"
        elif abs(delta) > 1e-9:
            better = delta < 0 if lower_is_better(key) else delta > 0
            verdict = "better" if better else "worse"
        rows.append({"metric": key, "old": a, "new": b, "delta": delta, "verdict": verdict})
    return rows


def _image_row(old: Record, new: Record) -> dict[str, Any]:
    return {
        "file": new.file,
        "truth": new.truth,
        "old": old.predicted,
        "new": new.predicted,
        "old_confidence": round(old.confidence, 4),
        "new_confidence": round(new.confidence, 4),
    }


def compare_reports(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """Image-by-image changes and metric deltas from ``old`` to ``new``.

    ``improved``: wrong before, right now; ``worse``: right before, wrong
    now; ``changed``: wrong both times but with a different prediction;
    ``relabelled``: the truth itself differs between the two runs.
    """
    old_recs = {r.file: r for r in (Record.from_dict(d) for d in old.get("images", []))}
    new_recs = {r.file: r for r in (Record.from_dict(d) for d in new.get("images", []))}
    out: dict[str, Any] = {"improved": [], "worse": [], "changed": [], "relabelled": []}
    common = [f for f in new_recs if f in old_recs]
    for f in sorted(common):
        a, b = old_recs[f], new_recs[f]
        if a.truth != b.truth:
            out["relabelled"].append({"file": f, "old_truth": a.truth, "new_truth": b.truth})
        elif not a.correct and b.correct:
            out["improved"].append(_image_row(a, b))
        elif a.correct and not b.correct:
            out["worse"].append(_image_row(a, b))
        elif a.predicted != b.predicted:
            out["changed"].append(_image_row(a, b))
    out["common"] = len(common)
    out["only_old"] = sorted(f for f in old_recs if f not in new_recs)
    out["only_new"] = sorted(f for f in new_recs if f not in old_recs)
    out["metrics"] = _delta_rows(headline(old), headline(new))
    return out
