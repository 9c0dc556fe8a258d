"""What a wipe tool should do with each image, and a summary of a scan.

The library never deletes anything: ``recommend`` only says ``"delete"``,
``"review"`` or ``"keep"``, from the label and confidence, with thresholds
the caller chooses. Anything the scanner could not fully judge (a file it
could not read, a detector that failed) is ``"review"``, never ``"keep"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from pii_scan.classify import label_scores
from pii_scan.models import ImageResult
from pii_scan.report import Summary

__all__ = ["ACTIONS", "DELETE_AT", "REVIEW_AT", "Action", "ScanSummary", "recommend"]

Action = Literal["delete", "review", "keep"]
ACTIONS: tuple[Action, ...] = ("delete", "review", "keep")
#: Default confidence from which a flagged image is recommended for deletion.
DELETE_AT = 0.9
#: Default score from which an image is worth a look by a person.
REVIEW_AT = 0.5


def recommend(result: ImageResult, *, delete_at: float = DELETE_AT, review_at: float = REVIEW_AT) -> Action:
    """``"delete"``, ``"review"`` or ``"keep"`` for one result.

    A flagged image (ID card, ticket) is ``delete`` from ``delete_at``
    confidence and ``review`` below it. A photo is ``review`` when its best
    ID-card or ticket score still reaches ``review_at`` (set it below 0.5
    to see near misses) or a detector failed on it; otherwise ``keep``.
    Unreadable files are ``review``.
    """
    if not 0.0 <= review_at <= delete_at <= 1.0:
        raise ValueError(f"need 0 <= review_at <= delete_at <= 1, got {review_at} and {delete_at}")
    if result.label is None or result.error:
        return "review"
    if result.flagged:
        return "delete" if result.confidence >= delete_at else "review"
    if result.detector_errors:
        return "review"
    best = max(label_scores(result.findings).values(), default=0.0)
    return "review" if best >= review_at else "keep"


@dataclass
class ScanSummary(Summary):
    """Counts plus the files a wipe tool acts on, built one result at a time.

    >>> summary = ScanSummary(delete_at=0.9)
    >>> for r in iter_scan("DCIM/"):      # doctest: +SKIP
    ...     summary.add(r)
    >>> summary.to_delete                 # doctest: +SKIP
    """

    delete_at: float = DELETE_AT
    review_at: float = REVIEW_AT
    #: Paths of flagged images (ID cards, tickets), in arrival order.
    flagged_files: list[str] = field(default_factory=list)
    #: ``(path, error)`` for unreadable files and images where a detector failed.
    errors: list[tuple[str, str]] = field(default_factory=list)
    #: Paths per recommended action; ``keep`` is only counted.
    to_delete: list[str] = field(default_factory=list)
    to_review: list[str] = field(default_factory=list)
    kept: int = 0
    #: False when the scan ended early (cancelled or interrupted).
    complete: bool = True

    @classmethod
    def of(cls, results: Iterable[ImageResult], **thresholds: float) -> ScanSummary:
        """The summary of all these results."""
        summary = cls(**thresholds)  # type: ignore[arg-type]
        for r in results:
            summary.add(r)
        return summary

    def add(self, r: ImageResult) -> None:
        super().add(r)
        if r.flagged:
            self.flagged_files.append(r.path)
        if r.error:
            self.errors.append((r.path, r.error))
        errors = "; ".join(r.detector_errors)
        if errors:
            self.errors.append((r.path, errors))
        action = recommend(r, delete_at=self.delete_at, review_at=self.review_at)
        if action == "delete":
            self.to_delete.append(r.path)
        elif action == "review":
            self.to_review.append(r.path)
        else:
            self.kept += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "flagged_files": list(self.flagged_files),
            "errors": [{"path": p, "error": e} for p, e in self.errors],
            "actions": {"delete": list(self.to_delete), "review": list(self.to_review), "keep": self.kept},
            "thresholds": {"delete_at": self.delete_at, "review_at": self.review_at},
            "complete": self.complete,
        }
