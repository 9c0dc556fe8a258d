"""Benchmark inputs: which files to scan and what each one truly is.

Three ways to name a labelled set:

* a CSV manifest (columns ``file,label[,subtype,...]``; ``file`` is
  relative to the manifest's folder);
* a folder holding ``manifest.csv`` (or, failing that, ``labels.csv``);
* a folder of images plus ``--labels CSV``; ``file`` is then relative to
  that folder (or, if not found there, to the labels file's folder).

Truth ``other`` means ``photo``. Listed files that do not exist and images
in the folder that are not listed are skipped, each with a warning.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field

from pii_scan.discover import discover
from pii_scan.models import Label

__all__ = [
    "LabelsError",
    "Sample",
    "SampleSet",
    "load_samples",
    "normalise_truth",
    "read_labels",
    "read_variants",
    "spread",
]

#: Truth values accepted in a labels file, and the label each one means.
TRUTH_ALIASES: dict[str, str] = {
    "id_card": Label.ID_CARD.value,
    "ticket_screenshot": Label.TICKET_SCREENSHOT.value,
    "photo": Label.PHOTO.value,
    "other": Label.PHOTO.value,
}
_FILE_COLUMNS = ("file", "path", "filename")
_DEFAULT_NAMES = ("manifest.csv", "labels.csv")


class LabelsError(ValueError):
    """The labels or manifest cannot be used (the message says why)."""


@dataclass(frozen=True)
class Sample:
    """One labelled image: ``file`` as listed, ``path`` on disk."""

    file: str
    path: str
    truth: str
    subtype: str = ""
    variant: str = ""


@dataclass
class SampleSet:
    """The images to scan, with what was skipped and why."""

    samples: list[Sample]
    labels_path: str
    root: str
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)


def normalise_truth(value: str) -> str | None:
    """The label a truth value means (``other`` → ``photo``), None if unknown."""
    return TRUTH_ALIASES.get(value.strip().lower())


def read_labels(csv_path: str) -> list[tuple[str, str, str]]:
    """``(file, truth, subtype)`` rows of a labels CSV, truth normalised.

    Raises LabelsError for a missing ``file``/``label`` column, an unknown
    label, or a file listed twice with different labels.
    """
    try:
        fh = open(csv_path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise LabelsError(f"{csv_path}: cannot read ({exc.strerror or exc})") from None
    rows: list[tuple[str, str, str]] = []
    seen: dict[str, str] = {}
    with fh:
        reader = csv.DictReader(fh)
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        reader.fieldnames = fields
        file_col = next((c for c in _FILE_COLUMNS if c in fields), None)
        if file_col is None or "label" not in fields:
            raise LabelsError(f"{csv_path}: needs a header with 'file' and 'label' columns (found: {fields})")
        for lineno, row in enumerate(reader, start=2):
            name = (row.get(file_col) or "").strip()
            raw = (row.get("label") or "").strip()
            if not name and not raw:
                continue
            truth = normalise_truth(raw)
            if not name or truth is None:
                expected = ", ".join(TRUTH_ALIASES)
                raise LabelsError(f"{csv_path}:{lineno}: bad row (file {name!r}, label {raw!r}; labels: {expected})")
            key = os.path.normpath(name)
            if key in seen:
                if seen[key] != truth:
                    raise LabelsError(f"{csv_path}:{lineno}: {name} listed twice with different labels")
                continue
            seen[key] = truth
            rows.append((name, truth, (row.get("subtype") or "").strip()))
    return rows


def read_variants(csv_path: str) -> dict[str, str]:
    """File (normalised) → the manifest's ``variant`` column (``main``, ``thumb320`` ...); empty if none."""
    try:
        with open(csv_path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            fields = {f.strip().lower(): f for f in reader.fieldnames or []}
            file_col = next((fields[c] for c in _FILE_COLUMNS if c in fields), None)
            if file_col is None or "variant" not in fields:
                return {}
            return {
                os.path.normpath((row.get(file_col) or "").strip()): (row.get(fields["variant"]) or "").strip()
                for row in reader
            }
    except OSError:
        return {}


def _resolve_inputs(target: str, labels: str | None) -> tuple[str, str]:
    """(labels CSV, image root) for the command-line arguments."""
    if labels is not None:
        if not os.path.isdir(target):
            raise LabelsError(f"{target}: with --labels, the first argument must be the image folder")
        if not os.path.isfile(labels):
            raise LabelsError(f"{labels}: labels file not found")
        return labels, target
    if os.path.isdir(target):
        for name in _DEFAULT_NAMES:
            cand = os.path.join(target, name)
            if os.path.isfile(cand):
                return cand, target
        raise LabelsError(f"{target}: no manifest.csv or labels.csv inside; pass --labels CSV")
    if os.path.isfile(target):
        return target, os.path.dirname(target) or "."
    raise LabelsError(f"{target}: no such file or folder")


def _locate(name: str, roots: list[str]) -> str | None:
    for root in roots:
        path = os.path.normpath(os.path.join(root, name))
        if os.path.isfile(path):
            return path
    return None


def load_samples(target: str, labels: str | None = None) -> SampleSet:
    """The labelled images named by ``target`` (and ``labels``), in file order."""
    labels_path, root = _resolve_inputs(target, labels)
    roots = [root]
    labels_dir = os.path.dirname(labels_path) or "."
    if labels is not None and os.path.abspath(labels_dir) != os.path.abspath(root):
        roots.append(labels_dir)
    out = SampleSet(samples=[], labels_path=labels_path, root=root)
    variants = read_variants(labels_path)
    for name, truth, subtype in read_labels(labels_path):
        path = _locate(name, roots)
        if path is None:
            out.missing.append(name)
            continue
        variant = variants.get(os.path.normpath(name), "")
        out.samples.append(Sample(file=name, path=path, truth=truth, subtype=subtype, variant=variant))
    if not out.samples and not out.missing:
        raise LabelsError(f"{labels_path}: lists no images")
    listed = {os.path.abspath(s.path) for s in out.samples} | {os.path.abspath(labels_path)}
    for cand in discover(root, include_hidden=False):
        if cand.error is None and os.path.abspath(cand.path) not in listed:
            out.unlisted.append(os.path.relpath(cand.path, root))
    if out.missing:
        out.warnings.append(_summary(f"{len(out.missing)} listed file(s) not found, skipped", out.missing))
    if out.unlisted:
        out.warnings.append(_summary(f"{len(out.unlisted)} image(s) not in {labels_path}, skipped", out.unlisted))
    return out


def _summary(head: str, names: list[str], show: int = 5) -> str:
    more = f" (+{len(names) - show} more)" if len(names) > show else ""
    return f"{head}: {', '.join(names[:show])}{more}"


def _evenly(items: list[Sample], n: int) -> list[Sample]:
    if n <= 0:
        return []
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def spread(items: list[Sample], n: int | None) -> list[Sample]:
    """``n`` of ``items``, deterministic, every truth label kept in proportion.

    Manifests are usually grouped by label, so the first n would be one
    class only. Each label gets its proportional share (largest remainder,
    at least one while n allows), picked evenly spaced through that label's
    items; the result keeps the original order.
    """
    if n is None or n >= len(items):
        return list(items)
    if n <= 0:
        return []
    groups: dict[str, list[Sample]] = {}
    for s in items:
        groups.setdefault(s.truth, []).append(s)
    quota = {lab: n * len(g) / len(items) for lab, g in groups.items()}
    take = {lab: min(len(groups[lab]), int(q)) for lab, q in quota.items()}
    if n >= len(groups):
        take = {lab: max(1, t) for lab, t in take.items()}
    by_remainder = sorted(groups, key=lambda lab: (take[lab] - quota[lab], -len(groups[lab]), lab))
    i = 0
    while sum(take.values()) < n:
        lab = by_remainder[i % len(by_remainder)]
        if take[lab] < len(groups[lab]):
            take[lab] += 1
        i += 1
    while sum(take.values()) > n:  # only when the minimum of one per label overshot
        lab = max(take, key=lambda k: (take[k] - quota[k], take[k]))
        take[lab] -= 1
    chosen = {id(s) for lab, g in groups.items() for s in _evenly(g, take[lab])}
    return [s for s in items if id(s) in chosen]
