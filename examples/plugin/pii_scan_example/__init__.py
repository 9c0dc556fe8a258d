"""An example third-party pii_scan detector.

Document-scanner apps write their name into the EXIF ``Software`` tag. An
image saved by one is more likely a scanned document, so this detector adds
*supporting* evidence for ``id_card``: it can strengthen an ID finding but
never decides a label on its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from pii_scan import BaseDetector, Evidence, Finding, Label
from pii_scan.context import ImageContext

SCANNER_APPS = ("camscanner", "adobe scan", "microsoft lens", "office lens", "genius scan", "scanbot")


class ScannerAppDetector(BaseDetector):
    """Supporting id_card evidence when EXIF says a scanner app saved the image."""

    name = "example.scanner_app"
    label = Label.ID_CARD
    version = "0.1.0"
    off_by_default = True

    def prefilter(self, ctx: ImageContext) -> bool:
        return ctx.image.exif.software is not None

    def detect(self, ctx: ImageContext) -> Iterable[Finding]:
        software = (ctx.image.exif.software or "").lower()
        app = next((a for a in SCANNER_APPS if a in software), None)
        if app:
            yield self.finding(
                0.3,
                f"saved by the document-scanner app {app!r}",
                Evidence("exif_software", "exif", app),
                supporting=True,
            )
