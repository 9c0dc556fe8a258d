"""``python -m pii_scan.synth OUTDIR [--seed N] [--count 600] [--variant main|heldout] [--sample]``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from pii_scan.synth.build import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pii_scan.synth",
                                     description="Write the deterministic labelled benchmark image set.")
    parser.add_argument("outdir", type=Path, help="folder to write the images and manifest.csv into")
    parser.add_argument("--seed", type=int, default=0, help="master seed (default 0)")
    parser.add_argument("--count", type=int, default=600, help="number of images (default 600)")
    parser.add_argument("--variant", choices=("main", "heldout"), default="main",
                        help="heldout uses fonts, backgrounds, layouts and sources the main set does not")
    parser.add_argument("--sample", action="store_true",
                        help="write the small committed excerpt (about 24 files and labels.csv) instead")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be positive")
    start = time.monotonic()
    rows = build(args.outdir, count=args.count, seed=args.seed, variant=args.variant, sample=args.sample,
                 jobs=max(1, args.jobs), progress=not args.quiet and sys.stderr.isatty())
    listing = "labels.csv" if args.sample else "manifest.csv"
    print(f"wrote {len(rows)} images and {listing} to {args.outdir} in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
