"""The detector interface every built-in and third-party detector follows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from pii_scan.models import Evidence, Finding, Label, PiiValue

if TYPE_CHECKING:
    from pii_scan.context import ImageContext

__all__ = ["BaseDetector", "Detector"]


@runtime_checkable
class Detector(Protocol):
    """Looks at one image and returns findings.

    ``name`` is stable and dotted (``"id.mrz"``): a public contract used to
    enable and disable detectors. ``prefilter`` is the cheap gate: it may
    read ``ctx.signals`` but never OCR. ``detect`` returns no findings for
    "no match" and never raises for that; an exception is recorded as an
    error on the image and the other detectors still run.
    """

    name: str
    label: Label
    version: str
    needs_ocr: bool
    off_by_default: bool

    def prefilter(self, ctx: ImageContext) -> bool: ...

    def detect(self, ctx: ImageContext) -> Iterable[Finding]: ...


class BaseDetector:
    """Defaults for the ``Detector`` protocol and a ``finding`` helper."""

    name: ClassVar[str] = ""
    label: ClassVar[Label] = Label.PHOTO
    version: ClassVar[str] = "1"
    needs_ocr: ClassVar[bool] = False
    off_by_default: ClassVar[bool] = False

    def prefilter(self, ctx: ImageContext) -> bool:
        """Run ``detect`` on every image unless overridden."""
        return True

    def detect(self, ctx: ImageContext) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def finding(
        self,
        score: float,
        explanation: str,
        *evidence: Evidence,
        label: Label | None = None,
        verified: bool = False,
        supporting: bool = False,
        pii: Iterable[PiiValue] = (),
    ) -> Finding:
        """A Finding from this detector, score clipped to [0, 1]."""
        return Finding(
            detector=self.name,
            label=label or self.label,
            score=min(1.0, max(0.0, float(score))),
            explanation=explanation,
            verified=verified,
            supporting=supporting,
            evidence=tuple(evidence),
            pii=tuple(pii),
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"
