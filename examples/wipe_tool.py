"""A minimal wipe tool built on pii_scan: scan a pulled folder, ask, then delete.

    python examples/wipe_tool.py PULLED_DCIM_FOLDER [--delete-at 0.9] [--review-at 0.5]

It lists the images it would delete (ID cards and ticket screenshots the
scanner is sure of) and those a person should look at, then asks
"Delete N files? [y/N]" on stdin. Only an explicit "y" deletes, and only
the listed files; pii_scan itself never deletes anything. Ctrl-C during
the scan stops it cleanly and deletes nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading

from pii_scan import ScanSummary, iter_scan


def _progress(done: int, total: int | None) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\rscanned {done}/{total if total is not None else '?'}")
        sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--delete-at", type=float, default=0.9, help="confidence from which to offer deletion")
    ap.add_argument("--review-at", type=float, default=0.5, help="score from which to ask for a look")
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args(argv)

    cancel = threading.Event()  # a GUI would set this from its Cancel button
    summary = ScanSummary(delete_at=args.delete_at, review_at=args.review_at)
    try:
        for result in iter_scan(args.folder, jobs=args.jobs, progress=_progress, cancel=cancel):
            summary.add(result)
    except KeyboardInterrupt:
        cancel.set()
        print("\nscan cancelled: nothing deleted", file=sys.stderr)
        return 130
    if sys.stderr.isatty():
        sys.stderr.write("\n")

    print(f"{summary.total} images: {summary.flagged} flagged, {len(summary.errors)} with errors")
    for path in summary.to_review:
        print(f"REVIEW  {path}")
    for path in summary.to_delete:
        print(f"DELETE  {path}")
    if not summary.to_delete:
        print("Nothing to delete.")
        return 0
    sys.stdout.write(f"Delete {len(summary.to_delete)} files? [y/N] ")
    sys.stdout.flush()
    if sys.stdin.readline().strip().lower() not in ("y", "yes"):
        print("Nothing deleted.")
        return 0
    for path in summary.to_delete:
        os.remove(path)
        print(f"deleted {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
