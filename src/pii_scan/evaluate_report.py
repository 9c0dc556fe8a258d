"""The benchmark's fixed-width text report, built from the report dict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pii_scan.evaluate_metrics import COLUMNS, LABELS, ORDINARY_SUBTYPES, POSITIVE

__all__ = ["format_compare", "format_report", "num", "pct", "table"]

_SHORT = {"id_card": "id_card", "ticket_screenshot": "ticket", "photo": "photo", "error": "error"}


def num(x: float | None, digits: int = 3) -> str:
    """A number with fixed decimals, ``-`` when undefined."""
    return "-" if x is None else f"{x:.{digits}f}"


def pct(x: float | None, digits: int = 1) -> str:
    """A share as a percentage, ``-`` when undefined."""
    return "-" if x is None else f"{100 * x:.{digits}f} %"


def signed(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:+.{digits}f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, left: int = 1, indent: str = "  ") -> list[str]:
    """Rows as aligned columns: the first ``left`` columns left-aligned, the rest right-aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for r in cells:
        parts = [c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))]
        lines.append((indent + "  ".join(parts)).rstrip())
    return lines


def _confusion(matrix: Mapping[str, Mapping[str, int]]) -> list[str]:
    rows = []
    for t in LABELS:
        row = matrix.get(t, {})
        rows.append([_SHORT[t]] + [row.get(p, 0) for p in COLUMNS] + [sum(row.values())])
    totals = [sum(matrix.get(t, {}).get(p, 0) for t in LABELS) for p in COLUMNS]
    rows.append(["total"] + totals + [sum(totals)])
    return table(["truth \\ predicted"] + [_SHORT[c] for c in COLUMNS] + ["total"], rows)


def _scores(acc: Mapping[str, Any]) -> list[str]:
    rows = [
        [_SHORT[lab], num(s["precision"]), num(s["recall"]), num(s["f1"]), s["support"], s["predicted"]]
        for lab, s in acc["per_label"].items()
    ]
    lines = table(["label", "precision", "recall", "F1", "truth n", "predicted n"], rows)
    lines.append(f"  accuracy {num(acc['accuracy'])}   macro F1 {num(acc['macro_f1'])}   errors {acc['errors']}"
                 f"   detector errors {acc.get('detector_errors', 0)}")
    return lines


def _flagging(flag: Mapping[str, Any]) -> list[str]:
    return [
        f"  negatives (truth photo/other) flagged as id_card or ticket: "
        f"{flag['negatives_flagged']} / {flag['negatives']} = {pct(flag['negatives_flagged_share'])}",
        f"  positives flagged as either positive label (PII caught):   "
        f"{flag['positives_flagged']} / {flag['positives']} = {pct(flag['positives_flagged_share'])}",
    ]


def _subtypes(acc: Mapping[str, Any]) -> list[str]:
    lines = ["Recall by subtype (positives)"]
    pos = acc["subtypes_positive"]
    if pos:
        rows = [[_SHORT[r["label"]], r["subtype"], r["n"], r["correct"], num(r["recall"])] for r in pos]
        lines += table(["label", "subtype", "n", "correct", "recall"], rows, left=2)
    else:
        lines.append("  (no positives)")
    lines += ["", "False positives by subtype (negatives)"]
    neg = acc["subtypes_negative"]
    if neg:
        rows = [[r["subtype"], r["n"], r["flagged"]] + [r[lab] for lab in POSITIVE] + [pct(r["flagged_share"])] for r in neg]
        lines += table(["subtype", "n", "flagged"] + [f"as {_SHORT[lab]}" for lab in POSITIVE] + ["share"], rows)
    else:
        lines.append("  (no negatives)")
    return lines


def _variants(acc: Mapping[str, Any]) -> list[str]:
    rows = acc.get("variants") or []
    if not rows:
        return []
    head = ["variant", "n"] + [f"{_SHORT[lab]} recall" for lab in POSITIVE] + ["negatives flagged"]
    body = [
        [r["variant"], r["n"]]
        + [f"{num(r[f'{lab}_recall'])} of {r[f'{lab}_n']}" for lab in POSITIVE]
        + [f"{r['negatives_flagged']} / {r['negatives']}"]
        for r in rows
    ]
    return ["", "Recall by variant (manifest column 'variant', e.g. thumb320 = 320 px thumbnails)", *table(head, body)]


def _speed(speed: Mapping[str, Any], memory: Mapping[str, Any], jobs: int) -> list[str]:
    return [
        f"  {speed['images']} images in {num(speed['wall_seconds'], 2)} s wall = "
        f"{num(speed['images_per_second'], 2)} images/s ({jobs} process{'es' if jobs != 1 else ''})",
        f"  per image (scanner's own clock): p50 {num(speed['p50_seconds'])} s   "
        f"p95 {num(speed['p95_seconds'])} s   mean {num(speed['mean_seconds'])} s",
        f"  CPU (this process + workers): {num(speed.get('cpu_seconds'), 2)} s = "
        f"{num(speed.get('cpu_seconds_per_image'))} s per image",
        f"  OCR ran on {pct(speed['ocr_share'])} of images; on negatives {pct(speed['ocr_share_negatives'])}"
        + (
            f"; on ordinary photos {pct(speed['ocr_share_ordinary'])} ({speed['ordinary_photos']} {'/'.join(ORDINARY_SUBTYPES)})"
            if speed.get("ordinary_photos")
            else ""
        ),
        f"  peak RSS: this process {num(memory.get('self_mb'), 0)} MB, "
        f"largest worker {num(memory.get('children_mb'), 0)} MB"
        + (
            f"; all processes together {num(memory['all_processes_mb'], 0)} MB "
            f"({memory.get('all_processes_count')} process{'es' if memory.get('all_processes_count') != 1 else ''}, sampled)"
            if memory.get("all_processes_mb") is not None
            else ""
        )
        + (
            f"; proportional (PSS, shared pages split) {num(memory['all_processes_pss_mb'], 0)} MB"
            if memory.get("all_processes_pss_mb") is not None
            else ""
        ),
    ]


def _baseline(base: Mapping[str, Any]) -> list[str]:
    subset = base["subset"]
    n = base["speed"]["images"]
    head = (
        f"Baseline ocr-all: full-frame Tesseract ({base['lang']}, default psm, full resolution, file path) "
        f"+ keyword rules, {base['jobs']} process{'es' if base['jobs'] != 1 else ''}"
    )
    lines = [head]
    if subset:
        lines.append(f"  on {n} of {base['scanner_images']} images (evenly spaced subset, --baseline-limit)")
    sc, bl = base["scanner_accuracy"], base["accuracy"]
    rows: list[list[Any]] = [
        ["accuracy", num(sc["accuracy"]), num(bl["accuracy"])],
        ["macro F1", num(sc["macro_f1"]), num(bl["macro_f1"])],
    ]
    for lab in LABELS:
        for key in ("precision", "recall", "f1"):
            rows.append([f"{_SHORT[lab]} {key}", num(sc["per_label"][lab][key]), num(bl["per_label"][lab][key])])
    rows.append(
        [
            "negatives flagged",
            pct(sc["flagging"]["negatives_flagged_share"]),
            pct(bl["flagging"]["negatives_flagged_share"]),
        ]
    )
    rows.append(
        [
            "positives flagged",
            pct(sc["flagging"]["positives_flagged_share"]),
            pct(bl["flagging"]["positives_flagged_share"]),
        ]
    )
    rows.append(["mean s per image", num(base["scanner_mean_seconds"]), num(base["speed"]["mean_seconds"])])
    scope = "same images" if subset else "all images"
    lines += table([f"metric ({scope})", "scanner", "ocr-all"], rows)
    lines.append(
        f"  wall: scanner {num(base['scanner_images_per_second'], 2)} images/s on {base['scanner_images']} images, "
        f"ocr-all {num(base['speed']['images_per_second'], 2)} images/s on {n} images"
    )
    lines.append(f"  speed ratio scanner / ocr-all: {num(base['speed_ratio'], 1)}x  ({base['speed_ratio_basis']})")
    if base["errors"]:
        lines.append(f"  baseline errors: {base['errors']}")
    return lines


def _floor(floor: Mapping[str, Any]) -> list[str]:
    return [
        "Decode floor (1/8-scale decode: JPEG draft, HEIC thumbnail, PNG full decode)",
        f"  {floor['images']} images in {num(floor['wall_seconds'], 2)} s = {num(floor['images_per_second'], 2)} images/s"
        f" ({floor['jobs']} process{'es' if floor['jobs'] != 1 else ''}; {floor['errors']} unreadable)",
        f"  scanner throughput = {pct(floor['scanner_share'])} of the decode floor "
        f"(ratio {num(floor['scanner_share'], 3)})",
    ]


def format_compare(cmp: Mapping[str, Any], old_name: str, *, show: int = 50) -> list[str]:
    """The ``--compare`` section: image changes, then metric deltas."""
    lines = [
        f"Compared with {old_name}: {cmp['common']} images in both"
        f" ({len(cmp['only_old'])} only in old, {len(cmp['only_new'])} only in new)"
    ]
    for key, title in (
        ("improved", "Improved (wrong before, right now)"),
        ("worse", "Got worse (right before, wrong now)"),
        ("changed", "Changed prediction, still wrong"),
    ):
        items = cmp[key]
        lines.append(f"  {title}: {len(items)}")
        rows = [[r["file"], _SHORT.get(r["truth"], r["truth"]), _SHORT.get(r["old"], r["old"]), _SHORT.get(r["new"], r["new"])] for r in items[:show]]
        if rows:
            lines += table(["file", "truth", "old", "new"], rows, left=4, indent="    ")
        if len(items) > show:
            lines.append(f"    ... {len(items) - show} more (see --json)")
    if cmp["relabelled"]:
        lines.append(f"  Truth label differs between the runs: {len(cmp['relabelled'])} (not compared)")
    changed = [m for m in cmp["metrics"] if m["verdict"] != "same"]
    lines.append("")
    lines.append("Metric deltas (new - old)" + ("" if changed else ": no change"))
    rows = []
    for m in changed:
        digits = 2 if m["metric"] in ("images_per_second", "peak_rss_mb") else 3
        rows.append([m["metric"], num(m["old"], digits), num(m["new"], digits), signed(m["delta"], digits), m["verdict"]])
    if rows:
        lines += table(["metric", "old", "new", "delta", ""], rows)
    return lines


def format_report(report: Mapping[str, Any]) -> str:
    """The whole text report."""
    acc, inp = report["accuracy"], report["input"]
    lines = [
        f"pii-scan bench: {inp['labels']}",
        f"  {acc['images']} images scanned"
        + (f" (--limit {inp['limit']} of {inp['listed']})" if inp["limit"] is not None else "")
        + f"; skipped: {inp['missing']} listed but missing, {inp['unlisted']} not in the labels",
        f"  options: jobs {report['options']['jobs']}, ocr {report['options']['ocr']}, lang {report['options']['lang']}",
        "",
        "Confusion matrix (rows = truth, columns = predicted)",
        *_confusion(acc["confusion"]),
        "",
        "Per label",
        *_scores(acc),
        "",
        "Flagging (either positive label = flagged)",
        *_flagging(acc["flagging"]),
        "",
        *_subtypes(acc),
        *_variants(acc),
        "",
        "Speed",
        *_speed(report["speed"], report["memory"], report["options"]["jobs"]),
    ]
    if report.get("baseline"):
        lines += ["", *_baseline(report["baseline"])]
    if report.get("decode_floor"):
        lines += ["", *_floor(report["decode_floor"])]
    errs = [r for r in report["images"] if r["predicted"] == "error"]
    if errs:
        lines += ["", f"Unreadable images: {len(errs)}"]
        lines += [f"  {r['file']}: {r['error']}" for r in errs[:10]]
        if len(errs) > 10:
            lines.append(f"  ... {len(errs) - 10} more")
    raised = [r for r in report["images"] if r.get("detector_errors")]
    if raised:
        # a detector that raises is skipped and the image still gets a label: a bug the figures alone hide
        lines += ["", f"Detector errors (the image was labelled without that detector): {len(raised)} images"]
        lines += [f"  {r['file']}: {'; '.join(r['detector_errors'])}" for r in raised[:10]]
        if len(raised) > 10:
            lines.append(f"  ... {len(raised) - 10} more")
    if report.get("compare"):
        lines += ["", *format_compare(report["compare"], report["compare"]["old_file"])]
    return "\n".join(lines) + "\n"
