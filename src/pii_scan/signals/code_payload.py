"""What 2-D codes hold: IATA BCBP boarding passes, UIC rail tickets, Individual Numbers.

A QR code alone never makes a ticket (payment screens, chats and posters
carry them), but what a code *holds* can: airlines encode every boarding
pass, printed or mobile, in the IATA Bar Coded Boarding Pass layout
(Resolution 792: ``M`` + number of legs, 20-character passenger name,
e-ticket flag, booking reference, from/to airport codes, carrier, flight
number, Julian date, cabin, seat, check-in sequence, status), and
European railways put the UIC 918-3 static barcode header (``#UT`` plus a
two-digit version) in front of their Aztec tickets. Those layouts are
checked field by field, so that a random string does not pass.

The back of a My Number card (個人番号カード) prints its holder's
Individual Number as a QR code holding the 12 digits alone; a code whose
whole content is 12 digits passing the Individual Number check digit is
that (``IDENTITY_PAYLOADS``).

Only the name of the format found is returned: the content (a name and a
booking reference) is never kept here.
"""

from __future__ import annotations

import re

import cv2
import numpy as np

from pii_scan.checksums import is_valid_my_number

__all__ = ["IDENTITY_PAYLOADS", "TRANSPORT_PAYLOADS", "enlarged_payload", "payload_format", "transport_payload"]

#: Format names returned by ``payload_format``: tickets, and identity numbers.
TRANSPORT_PAYLOADS = ("iata_bcbp", "uic_918_3")
IDENTITY_PAYLOADS = ("individual_number",)

#: The 60 mandatory characters of one BCBP leg (fields in Resolution 792 order).
_BCBP = re.compile(
    r"M[1-4]"  # format code, number of legs encoded
    r"[A-Z0-9/ .,'\-]{20}"  # passenger name SURNAME/GIVEN, space-padded
    r"[E ]"  # electronic ticket indicator
    r"[A-Z0-9 ]{7}"  # operating carrier booking reference (PNR)
    r"[A-Z]{3}[A-Z]{3}"  # from and to airport codes
    r"[A-Z0-9]{2}[A-Z0-9 ]"  # operating carrier designator
    r"[0-9]{3,4}[A-Z ]?[A-Z ]?"  # flight number (4 digits, optional suffix)
    r"[0-9]{3}"  # date of flight (day of the year)
    r"[A-Z]"  # compartment code
    r"[0-9A-Z ]{4}"  # seat number
    r"[0-9 ]{4}[A-Z ]?"  # check-in sequence number
    r"[0-9A-Z]",  # passenger status
)
#: UIC 918-3 static barcode: "#UT" and a two-digit message version.
_UIC = re.compile(r"#UT\d\d")
#: The 2-D symbologies tickets use (zxing-cpp names).
_TWO_D = ("QRCode", "Aztec", "PDF417", "DataMatrix")
#: Codes on images this small (long side) are read again at twice the size.
_ENLARGE_BELOW = 700


def payload_format(text: str) -> str | None:
    """The format of a decoded payload (``TRANSPORT_PAYLOADS`` or ``IDENTITY_PAYLOADS``), or None."""
    head = text[:80].upper()
    if _BCBP.match(head):
        return "iata_bcbp"
    if _UIC.match(head):
        return "uic_918_3"
    if is_valid_my_number(text.strip()):
        return "individual_number"
    return None


def _formats(gray: np.ndarray) -> set[str]:
    try:
        import zxingcpp
    except ImportError:
        return set()
    wanted = [getattr(zxingcpp.BarcodeFormat, name) for name in _TWO_D]
    try:
        results = zxingcpp.read_barcodes(gray, formats=wanted, try_rotate=False, try_downscale=False)
    except TypeError:  # zxing-cpp < 3 takes an or-ed flag set only
        results = zxingcpp.read_barcodes(gray, try_rotate=False, try_downscale=False)
    found: set[str] = set()
    for r in results:
        fmt = payload_format(r.text) if r.valid else None
        if fmt in TRANSPORT_PAYLOADS:
            found.add(fmt)
    return found


def enlarged_payload(gray: np.ndarray) -> str | None:
    """The transport-ticket format of a 2-D code read at twice the size of a small grey image, or None.

    For when the plain read (``signals.codes``, which records it as
    ``Barcode.payload``) found none: on a thumbnail a code's modules are a
    pixel or less wide. Images of ``_ENLARGE_BELOW`` px or more are not read again.
    """
    if max(gray.shape[:2]) >= _ENLARGE_BELOW:
        return None
    found = _formats(cv2.resize(gray, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC))
    return min(found) if found else None


def transport_payload(gray: np.ndarray) -> str | None:
    """The transport-ticket format of any 2-D code in a grey image, or None (enlarged if small and none found)."""
    found = _formats(gray)
    return min(found) if found else enlarged_payload(gray)
