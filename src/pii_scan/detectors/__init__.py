"""Detector discovery: built-ins and plugins load through one entry-point group."""

from __future__ import annotations

from importlib.metadata import entry_points

from pii_scan.detectors.base import BaseDetector, Detector
from pii_scan.errors import DetectorLoadError

__all__ = ["ENTRY_POINT_GROUP", "BaseDetector", "Detector", "load_detectors", "select_detectors"]

#: The entry-point group built-in and third-party detectors register under.
ENTRY_POINT_GROUP = "pii_scan.detectors"


def load_detectors() -> list[Detector]:
    """Instantiate every detector registered under ``pii_scan.detectors``, sorted by name."""
    found: list[Detector] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist.name if ep.dist else "?"
        try:
            obj = ep.load()
            det = obj() if isinstance(obj, type) else obj
        except Exception as exc:
            raise DetectorLoadError(f"{dist}[{ep.name}]: cannot load {ep.value}: {exc}") from exc
        if not isinstance(det, Detector):
            raise DetectorLoadError(f"{dist}[{ep.name}]: {ep.value} is not a pii_scan Detector")
        if det.name != ep.name:
            raise DetectorLoadError(f"{dist}[{ep.name}]: entry name differs from detector name {det.name!r}")
        found.append(det)
    names = [d.name for d in found]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise DetectorLoadError(f"detector names registered twice: {', '.join(dupes)}")
    return sorted(found, key=lambda d: d.name)


def _matches(name: str, pattern: str) -> bool:
    """A detector matches its full name or a dotted prefix (``id`` matches ``id.mrz``)."""
    return name == pattern or name.startswith(pattern + ".")


def select_detectors(
    detectors: list[Detector],
    *,
    enable: list[str] | None = None,
    disable: list[str] | None = None,
    explicit: bool = False,
) -> list[Detector]:
    """Keep detectors by name: ``enable`` (also turns on off-by-default ones), then drop ``disable``.

    With ``explicit`` (the caller handed these instances over), off-by-default
    detectors are kept too: choosing an instance is enabling it.
    """
    for pattern in (enable or []) + (disable or []):
        if not any(_matches(d.name, pattern) for d in detectors):
            known = ", ".join(d.name for d in detectors)
            raise DetectorLoadError(f"no detector named {pattern!r} (installed: {known})")
    if enable:
        kept = [d for d in detectors if any(_matches(d.name, p) for p in enable)]
    else:
        kept = [d for d in detectors if explicit or not d.off_by_default]
    return [d for d in kept if not any(_matches(d.name, p) for p in disable or [])]
