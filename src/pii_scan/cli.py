"""Command line: ``pii-scan PATH ...``, ``pii-scan detectors``, ``pii-scan bench``.

Exit codes: 0 nothing flagged; 1 ID cards or ticket screenshots found;
2 usage error, missing OCR, or no image could be read; 130 stopped by
SIGINT (Ctrl-C), 143 stopped by SIGTERM (128 + the signal number). A
stopped scan kills its workers (and their Tesseract processes) at once and
still closes its report: JSON Lines and CSV records already written stay
whole, JSON and table reports cover the images finished so far.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

from pii_scan import __version__
from pii_scan.api import iter_scan
from pii_scan.detectors import load_detectors
from pii_scan.engine import ScanOptions
from pii_scan.errors import DetectorLoadError, OcrUnavailable
from pii_scan.report import FORMATS, Writer, open_report
from pii_scan.schema import run_info, with_detectors

__all__ = ["add_engine_options", "main", "names", "positive_int", "seconds"]

EXIT_CLEAN, EXIT_FLAGGED, EXIT_ERROR = 0, 1, 2
#: Long side (px) of the thumbnails an HTML report is given.
HTML_THUMBNAIL = 240


def names(values: list[str] | None) -> tuple[str, ...]:
    """Detector names from repeated, comma-separated ``--detectors``/``--disable`` values."""
    return tuple(n.strip() for v in values or [] for n in v.split(",") if n.strip())


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def seconds(text: str) -> float:
    """argparse type: a duration in seconds, 0 or more."""
    value = float(text)
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("must be a number of seconds, 0 or more")
    return value


class Stopped(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived: stop the scan (a KeyboardInterrupt, so every cleanup path runs)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn the first SIGINT or SIGTERM into ``Stopped``; ignore more of them while cleaning up.

    Only in the main thread (elsewhere signals cannot be caught); the
    previous handlers come back afterwards.
    """
    sigs = [signal.SIGINT] + ([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])

    def handler(signum: int, frame: object) -> None:
        for s in sigs:
            signal.signal(s, signal.SIG_IGN)
        raise Stopped(signum)

    old = {}
    try:
        for s in sigs:
            old[s] = signal.signal(s, handler)
    except ValueError:  # not the main thread
        pass
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def add_engine_options(p: argparse.ArgumentParser) -> None:
    """The options that set up the engine, shared by scan and bench."""
    p.add_argument("--jobs", "-j", type=positive_int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--lang", default="jpn+eng", help="Tesseract languages (default: jpn+eng)")
    p.add_argument(
        "--ocr", default="auto", choices=("auto", "tesserocr", "pytesseract", "none"), help="OCR backend"
    )
    p.add_argument("--detectors", action="append", metavar="NAMES", help="only these detectors (comma-separated)")
    p.add_argument("--disable", action="append", metavar="NAMES", help="turn these detectors off")
    p.add_argument("--no-progress", action="store_true", help="never show the progress bar")


def _scan_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pii-scan",
        description="Find photos of ID cards and ticket-reservation screenshots in image files and folders.",
        epilog="Other commands: 'pii-scan detectors' lists detectors; 'pii-scan bench --help' runs the benchmark.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="image files or folders (walked recursively)")
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE (mode 0600) instead of stdout")
    add_engine_options(p)
    p.add_argument(
        "--timeout",
        type=seconds,
        default=60.0,
        metavar="SECONDS",
        help="time limit per image (default 60; 0: none); a stuck worker is killed. "
        "With --jobs 1 it is only checked between detectors",
    )
    p.add_argument("--show-pii", action="store_true", help="print PII values unmasked (html: clear thumbnails too)")
    p.add_argument("--no-hidden", action="store_true", help="skip hidden files and folders")
    p.add_argument("--verbose", "-v", action="store_true", help="table: list every file, not only flagged ones")
    p.add_argument("--version", action="version", version=f"pii-scan {__version__}")
    return p


def _detectors_command(out: IO[str]) -> int:
    try:
        dets = load_detectors()
    except DetectorLoadError as exc:
        print(f"pii-scan: {exc}", file=sys.stderr)
        return EXIT_ERROR
    from importlib.metadata import entry_points

    pkg = {ep.name: (ep.dist.name if ep.dist else "?") for ep in entry_points(group="pii_scan.detectors")}
    out.write(f"{'NAME':<20} {'LABEL':<18} {'OCR':<4} {'DEFAULT':<8} {'VERSION':<8} PACKAGE\n")
    for d in dets:
        out.write(
            f"{d.name:<20} {d.label.value:<18} {'yes' if d.needs_ocr else 'no':<4} "
            f"{'off' if d.off_by_default else 'on':<8} {d.version:<8} {pkg.get(d.name, '?')}\n"
        )
    return EXIT_CLEAN


def _progress(enabled: bool) -> object | None:
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(unit="img", file=sys.stderr, dynamic_ncols=True, leave=False)


def _scan_command(argv: Sequence[str]) -> int:
    args = _scan_parser().parse_args(argv)
    opts = ScanOptions(
        lang=args.lang,
        ocr=args.ocr,
        enable=names(args.detectors),
        disable=names(args.disable),
        include_hidden=not args.no_hidden,
        timeout=args.timeout,
        thumbnail=HTML_THUMBNAIL if args.format == "html" else 0,
    )
    # the detector list is added when the scan is over: describing the detectors loads them into this
    # process, which a pool scan's parent otherwise never does (a missing one fails the scan itself)
    run = run_info(opts, show_pii=args.show_pii, describe=False)
    out: IO[str] = open_report(args.output) if args.output else sys.stdout
    writer = Writer(out, args.format, show_pii=args.show_pii, verbose=args.verbose, run=run)
    bar = _progress(not args.no_progress and sys.stderr.isatty())
    results = iter_scan(args.paths, jobs=args.jobs, options=opts)
    with stop_on_signals():
        try:
            for result in results:
                writer.add(result)
                if bar is not None:
                    bar.update(1)  # type: ignore[attr-defined]
                    bar.set_postfix(flagged=writer.summary.flagged, refresh=False)  # type: ignore[attr-defined]
        except (OcrUnavailable, DetectorLoadError) as exc:
            writer.complete = False
            print(f"pii-scan: {exc}", file=sys.stderr)
            return EXIT_ERROR
        except KeyboardInterrupt as exc:
            writer.complete = False
            signum = exc.signum if isinstance(exc, Stopped) else signal.SIGINT
            print(f"pii-scan: stopped by {signal.Signals(signum).name}", file=sys.stderr)
            return 128 + int(signum)
        finally:
            results.close()  # type: ignore[attr-defined]  # kills the workers if stopped early
            if bar is not None:
                bar.close()  # type: ignore[attr-defined]
            if args.format in ("json", "html"):  # the formats that print the envelope
                writer.run = with_detectors(writer.run, opts)
            writer.close()
            if out is not sys.stdout:
                out.close()
    s = writer.summary
    if args.output and args.format != "table":
        sys.stderr.write(writer.table([]).lstrip("\n"))
    if s.total == 0:
        print("pii-scan: no image files found", file=sys.stderr)
        return EXIT_ERROR
    if s.unreadable == s.total:
        print("pii-scan: no image could be read", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_FLAGGED if s.flagged else EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        # File names that are not UTF-8 must not crash the report: escape them.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if argv and argv[0] == "detectors":
        return _detectors_command(sys.stdout)
    if argv and argv[0] == "bench":
        from pii_scan.evaluate import main_bench

        return main_bench(argv[1:])
    if argv and argv[0] == "scan":
        argv = argv[1:]
    try:
        return _scan_command(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_ERROR
    except KeyboardInterrupt as exc:  # a signal outside the scan loop (start-up, closing)
        signum = exc.signum if isinstance(exc, Stopped) else signal.SIGINT
        print(f"pii-scan: stopped by {signal.Signals(signum).name}", file=sys.stderr)
        return 128 + int(signum)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as exc:  # never a traceback (it could quote image text)
        print(f"pii-scan: internal error: {type(exc).__name__}", file=sys.stderr)
        return EXIT_ERROR
