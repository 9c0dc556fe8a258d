"""``python -m pii_scan.synth OUTDIR [--seed N] [--count N] [--variant main|heldout|busy|steep]
[--sample | --dcim | --presentation NAME] [--thumbnails | --thumbnails-of SET]``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from pii_scan.synth.build import build
from pii_scan.synth.present import PRESENTATIONS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pii_scan.synth",
                                     description="Write the deterministic labelled benchmark image set.")
    parser.add_argument("outdir", type=Path, help="folder to write the images and manifest.csv into")
    parser.add_argument("--seed", type=int, default=0, help="master seed (default 0)")
    parser.add_argument("--count", type=int, default=None,
                        help="number of images (default 600; 400 with --dcim)")
    parser.add_argument("--variant", choices=("main", "heldout", "busy", "steep"), default="main",
                        help="heldout uses fonts, backgrounds, layouts and sources the main set does not; "
                             "busy (with --presentation) lays main-variant items on patterned surfaces; "
                             "steep (with --presentation) shoots them with a camera tilted 30-55 degrees")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--sample", action="store_true",
                      help="write the small committed excerpt (about 24 files and labels.csv) instead")
    mode.add_argument("--dcim", action="store_true",
                      help="write a phone camera roll instead: DCIM/100APPLE/IMG_0001.JPG ..., mostly 12 MP photos")
    mode.add_argument("--presentation", choices=PRESENTATIONS, metavar="NAME",
                      help="write a pool of one presentation instead (%(choices)s): 3/4 ID cards, 1/4 documents")
    parser.add_argument("--thumbnails", action="store_true",
                        help="also write a thumbnail of every positive to OUTDIR/thumbs/ (variant thumb320)")
    mode.add_argument("--thumbnails-of", type=Path, metavar="SET",
                      help="write only the thumbnails of an already built SET (its manifest.csv) to OUTDIR")
    parser.add_argument("--thumb-side", type=int, default=320, metavar="PX",
                        help="long side of the thumbnails (default 320; variant thumb<PX>)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    if args.count is not None and args.count < 1:
        parser.error("--count must be positive")
    if args.thumbnails and (args.sample or args.dcim or args.thumbnails_of or args.presentation):
        parser.error("--thumbnails goes with a labelled set only")
    if args.dcim and args.variant != "main":
        parser.error("--dcim has no held-out variant")
    if args.variant in ("busy", "steep") and not args.presentation:
        parser.error(f"--variant {args.variant} goes with --presentation only")
    start = time.monotonic()
    progress = not args.quiet and sys.stderr.isatty()
    if args.thumbnails_of:
        from pii_scan.synth.build import MANIFEST_COLUMNS, write_csv
        from pii_scan.synth.thumbs import build_thumbnails

        rows = build_thumbnails(args.thumbnails_of, args.outdir, side=args.thumb_side)
        write_csv(args.outdir / "manifest.csv", MANIFEST_COLUMNS, rows)
    elif args.dcim:
        from pii_scan.synth.dcim import DCIM_COUNT, build_dcim

        rows = build_dcim(args.outdir, count=args.count or DCIM_COUNT, seed=args.seed, jobs=max(1, args.jobs),
                          progress=progress)
    else:
        rows = build(args.outdir, count=args.count or 600, seed=args.seed, variant=args.variant,
                     sample=args.sample, presentation=args.presentation, jobs=max(1, args.jobs), progress=progress)
        if args.thumbnails:
            from pii_scan.synth.build import MANIFEST_COLUMNS, write_csv
            from pii_scan.synth.thumbs import build_thumbnails

            rows += build_thumbnails(args.outdir, args.outdir, side=args.thumb_side)
            write_csv(args.outdir / "manifest.csv", MANIFEST_COLUMNS, rows)
    listing = "labels.csv" if args.sample else "manifest.csv"
    print(f"wrote {len(rows)} images and {listing} to {args.outdir} in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
