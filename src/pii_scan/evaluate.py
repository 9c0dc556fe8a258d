"""``pii-scan bench``: the benchmark every change is judged by.

Scans a labelled image set with the real scanner (``iter_scan`` over the
listed files, streaming) and reports the confusion matrix, per-label
precision/recall/F1, how many negatives get flagged, recall and false
positives per subtype, throughput, per-image time percentiles, how often
OCR ran and peak memory. Optional: a naive OCR-everything baseline and the
1/8-scale decode floor timed in the same run, a JSON dump with per-image
records, and a comparison with an earlier JSON dump.

The pieces live in ``evaluate_data`` (inputs), ``evaluate_metrics``
(arithmetic), ``evaluate_baseline`` (reference runs), ``evaluate_compare``
and ``evaluate_report`` (text output).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from typing import IO, Any

from pii_scan import __version__
from pii_scan.api import iter_scan
from pii_scan.cli import add_engine_options, names, positive_int
from pii_scan.detectors import Detector
from pii_scan.errors import DetectorLoadError, OcrUnavailable
from pii_scan.evaluate_compare import compare_reports
from pii_scan.evaluate_data import LabelsError, Sample, SampleSet, load_samples, spread
from pii_scan.evaluate_memory import RssSampler
from pii_scan.evaluate_metrics import Record, record_from_result, speed_stats, summarise
from pii_scan.evaluate_report import format_report

__all__ = ["build_parser", "cpu_seconds", "main_bench", "peak_rss_mb", "run_bench", "scan_records"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
JSON_VERSION = 1


class UsageError(Exception):
    """Bad arguments or inputs: reported in one line, exit code 2."""




def build_parser() -> argparse.ArgumentParser:
    """The ``pii-scan bench`` argument parser."""
    p = argparse.ArgumentParser(
        prog="pii-scan bench",
        description=(
            "Benchmark the scanner on a labelled image set: accuracy per label and subtype, "
            "false positives on negatives, speed, OCR use and memory; and the images a detector raised on."
        ),
        epilog=(
            "DIR_OR_MANIFEST is a manifest CSV (columns file,label[,subtype,...], files relative to it), "
            "a folder holding manifest.csv or labels.csv, or an image folder with --labels CSV. "
            "Truth label 'other' counts as photo."
        ),
    )
    p.add_argument("target", metavar="DIR_OR_MANIFEST", help="labelled set (see below)")
    p.add_argument("--labels", metavar="CSV", help="labels file (file,label[,subtype]); files relative to DIR")
    p.add_argument("--json", metavar="FILE", help="also write every figure and per-image records as JSON")
    p.add_argument("--compare", metavar="OLD.json", help="show what changed since an earlier --json run")
    p.add_argument(
        "--baseline",
        choices=("ocr-all",),
        help="also time the naive scanner: full-frame Tesseract on every image + keyword rules",
    )
    p.add_argument(
        "--baseline-limit",
        type=positive_int,
        metavar="N",
        help="run the baseline on N evenly spaced images only (it takes 1-2 s per image)",
    )
    p.add_argument("--decode-floor", action="store_true", help="also time a 1/8-scale decode of every file")
    p.add_argument("--limit", type=positive_int, metavar="N", help="scan only N evenly spaced images of the set")
    add_engine_options(p)
    return p


def peak_rss_mb() -> dict[str, float | None]:
    """Peak resident memory of this process and of its largest finished child, in MB."""
    self_mb = children_mb = None
    try:
        import resource

        unit = 1.0 if sys.platform == "darwin" else 1024.0  # ru_maxrss: bytes on macOS, KiB on Linux
        self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit / 2**20
        children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * unit / 2**20
    except ImportError:  # Windows: psutil knows the peak working set
        try:
            import psutil

            self_mb = getattr(psutil.Process().memory_info(), "peak_wset", 0) / 2**20 or None
        except ImportError:
            pass
    peak = max((v for v in (self_mb, children_mb) if v), default=None)
    return {"self_mb": self_mb, "children_mb": children_mb or None, "peak_rss_mb": peak}


def cpu_seconds() -> float | None:
    """User + system CPU seconds of this process and its finished children (None if unknown).

    Workers are counted once the pool has shut down, so take it around a whole run.
    """
    try:
        import resource
    except ImportError:
        return None
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        ru = resource.getrusage(who)
        total += ru.ru_utime + ru.ru_stime
    return total


def _progress(enabled: bool, total: int) -> Any:
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="img", file=sys.stderr, dynamic_ncols=True, leave=False)


def scan_records(
    samples: Sequence[Sample],
    *,
    jobs: int,
    detectors: Sequence[Detector] | None = None,
    progress: bool = False,
    **options: Any,
) -> tuple[list[Record], float]:
    """Scan the samples' files with ``iter_scan``: (records in file order, wall seconds).

    Only the small per-image records are kept; results are dropped as they arrive.
    """
    by_path = {s.path: s for s in samples}
    records: dict[str, Record] = {}
    bar = _progress(progress, len(samples))
    t0 = time.perf_counter()
    try:
        # copies=False: each image is judged alone, never by a copy's flag.
        for res in iter_scan([s.path for s in samples], detectors=detectors, jobs=jobs, copies=False, **options):
            sample = by_path.get(res.path)
            if sample is None:  # not one of ours (cannot happen for plain file paths)
                continue
            records[sample.path] = record_from_result(
                res, file=sample.file, truth=sample.truth, subtype=sample.subtype, variant=sample.variant
            )
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    wall = time.perf_counter() - t0
    return [records[s.path] for s in samples if s.path in records], wall


def _baseline_section(
    samples: list[Sample], records: list[Record], scan_speed: dict[str, Any], args: argparse.Namespace, jobs: int
) -> dict[str, Any]:
    from pii_scan.evaluate_baseline import run_ocr_all

    subset = spread(samples, args.baseline_limit)
    is_subset = len(subset) < len(samples)
    base_records, wall = run_ocr_all(subset, jobs, lang=args.lang)
    base_speed = speed_stats(base_records, wall)
    chosen = {s.file for s in subset}
    scanner_same = [r for r in records if r.file in chosen]
    scanner_same_speed = speed_stats(scanner_same, scan_speed["wall_seconds"])
    if is_subset:
        ratio = base_speed["sum_seconds"] / scanner_same_speed["sum_seconds"] if scanner_same_speed["sum_seconds"] else None
        basis = (
            f"per-image throughput on the same {len(subset)} images: "
            "sum of baseline seconds / sum of scanner seconds, both with the same process count"
        )
    else:
        sips, bips = scan_speed["images_per_second"], base_speed["images_per_second"]
        ratio = sips / bips if sips and bips else None
        basis = "wall-clock images/s on all images, both with the same process count"
    return {
        "name": "ocr-all",
        "lang": args.lang,
        "jobs": jobs,
        "subset": is_subset,
        "scanner_images": len(records),
        "errors": sum(r.predicted == "error" for r in base_records),
        "accuracy": summarise(base_records),
        "speed": base_speed,
        "scanner_accuracy": summarise(scanner_same),
        "scanner_mean_seconds": scanner_same_speed["mean_seconds"],
        "scanner_images_per_second": scan_speed["images_per_second"],
        "speed_ratio": ratio,
        "speed_ratio_basis": basis,
        "images": [r.to_dict() for r in base_records],
    }


def _floor_section(samples: list[Sample], scan_speed: dict[str, Any], jobs: int) -> dict[str, Any]:
    from pii_scan.evaluate_baseline import run_decode_floor

    floor = run_decode_floor([s.path for s in samples], jobs)
    sips, fips = scan_speed["images_per_second"], floor["images_per_second"]
    return {**floor, "jobs": jobs, "scanner_share": sips / fips if sips and fips else None}


def _load_old(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            old = json.load(fh)
    except (OSError, ValueError) as exc:
        raise UsageError(f"--compare {path}: cannot read ({exc})") from None
    if not isinstance(old, dict) or not isinstance(old.get("images"), list):
        raise UsageError(f"--compare {path}: not a 'pii-scan bench --json' file")
    return old


def _check_args(args: argparse.Namespace) -> None:
    if args.baseline_limit is not None and not args.baseline:
        raise UsageError("--baseline-limit needs --baseline ocr-all")
    if args.baseline and shutil.which("tesseract") is None:
        raise UsageError("--baseline ocr-all needs the tesseract program (apt-get install tesseract-ocr)")
    if args.json:
        parent = os.path.dirname(os.path.abspath(args.json))
        if not os.path.isdir(parent):
            raise UsageError(f"--json {args.json}: folder {parent} does not exist")


def run_bench(
    args: argparse.Namespace, *, detectors: Sequence[Detector] | None = None, warn: IO[str] | None = None
) -> dict[str, Any]:
    """Run the benchmark described by parsed ``args``; returns the report dict.

    Raises UsageError for bad inputs; OcrUnavailable/DetectorLoadError from the scanner.
    """
    warn = warn or sys.stderr
    _check_args(args)
    old = _load_old(args.compare) if args.compare else None
    try:
        sset: SampleSet = load_samples(args.target, args.labels)
    except LabelsError as exc:
        raise UsageError(str(exc)) from None
    for w in sset.warnings:
        print(f"pii-scan bench: warning: {w}", file=warn)
    samples = spread(sset.samples, args.limit)
    if not samples:
        raise UsageError(f"{sset.labels_path}: none of the listed images exist")
    jobs = args.jobs or os.cpu_count() or 1
    cpu0 = cpu_seconds()
    with RssSampler() as rss:  # all processes at once: the figure the memory target is about
        records, wall = scan_records(
            samples,
            jobs=jobs,
            detectors=detectors,
            progress=not args.no_progress and warn.isatty(),
            lang=args.lang,
            ocr=args.ocr,
            enable=names(args.detectors),
            disable=names(args.disable),
        )
    memory = peak_rss_mb()  # before the reference runs, so it is the scanner's
    memory["all_processes_mb"] = rss.peak_sum_mb
    memory["all_processes_count"] = rss.peak_processes
    memory["all_processes_pss_mb"] = rss.peak_pss_mb
    speed = speed_stats(records, wall)
    cpu = cpu_seconds() - cpu0 if cpu0 is not None else None
    speed["cpu_seconds"] = cpu
    speed["cpu_seconds_per_image"] = cpu / len(records) if cpu is not None and records else None
    report: dict[str, Any] = {
        "version": JSON_VERSION,
        "tool": f"pii-scan {__version__} bench",
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "input": {
            "target": args.target,
            "labels": sset.labels_path,
            "listed": len(sset.samples) + len(sset.missing),
            "limit": args.limit,
            "missing": len(sset.missing),
            "unlisted": len(sset.unlisted),
            "warnings": sset.warnings,
        },
        "options": {
            "jobs": jobs,
            "ocr": args.ocr,
            "lang": args.lang,
            "detectors": list(names(args.detectors)),
            "disable": list(names(args.disable)),
        },
        "accuracy": summarise(records),
        "speed": speed,
        "memory": memory,
    }
    if args.baseline:
        n = len(spread(samples, args.baseline_limit))
        print(f"pii-scan bench: timing the ocr-all baseline on {n} images (about 1-2 s each per process)", file=warn)
        report["baseline"] = _baseline_section(samples, records, speed, args, jobs)
    if args.decode_floor:
        print(f"pii-scan bench: timing the decode floor on {len(samples)} images", file=warn)
        report["decode_floor"] = _floor_section(samples, speed, jobs)
    report["images"] = [r.to_dict() for r in records]
    if old is not None:
        report["compare"] = {**compare_reports(old, report), "old_file": args.compare}
    return report


def main_bench(
    argv: list[str] | None = None,
    *,
    detectors: Sequence[Detector] | None = None,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> int:
    """``pii-scan bench`` entry point; returns the exit code (0 ok, 2 usage error).

    ``detectors`` replaces the installed detectors (for tests and experiments).
    """
    out, err = out or sys.stdout, err or sys.stderr
    try:
        args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # --help (0) or an argparse usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        report = run_bench(args, detectors=detectors, warn=err)
    except UsageError as exc:
        print(f"pii-scan bench: {exc}", file=err)
        return EXIT_USAGE
    except (OcrUnavailable, DetectorLoadError) as exc:
        print(f"pii-scan bench: {exc}", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("pii-scan bench: interrupted", file=err)
        return 130
    out.write(format_report(report))
    if args.json:
        try:
            with open(args.json, "w", encoding="utf-8") as fh:
                json.dump(report, fh, indent=1, ensure_ascii=False)
                fh.write("\n")
        except OSError as exc:
            print(f"pii-scan bench: cannot write {args.json}: {exc.strerror or exc}", file=err)
            return EXIT_FAILED
        print(f"pii-scan bench: wrote {args.json}", file=err)
    return EXIT_OK
