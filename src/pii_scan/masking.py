"""The masking policy, in one place.

Evidence and reports show PII only through these functions, so what a
masked value reveals is decided here and nowhere else:

* numbers (and document numbers) keep their last 2 characters and their
  separators (``**** **** **12``);
* MRZ lines keep the document code and issuing state of a first line
  (``P<JPN``) and the filler ``<``; every other letter or digit becomes ``*``;
* other text keeps its first character (``Y****``).
"""

from __future__ import annotations

import re

__all__ = ["MASK", "mask_mrz_line", "mask_number", "mask_text"]

MASK = "*"

#: Digits a masked number keeps at its end.
KEEP_DIGITS = 2

# Document code (letter + letter or filler) then a 3-letter state (fillers allowed: 'D<<').
_MRZ_HEAD = re.compile(r"^[ACIPV][A-Z<][A-Z<]{3}")


def mask_number(s: str) -> str:
    """Letters and digits masked except the last ``KEEP_DIGITS``; separators kept.

    Letters count like digits so a document number such as ``L898902C3``
    leaks nothing but its tail (``*******C3``).
    """
    n_digits = sum(c.isalnum() for c in s)
    keep_from = n_digits - KEEP_DIGITS
    out, seen = [], 0
    for c in s:
        if c.isalnum():
            out.append(c if seen >= keep_from else MASK)
            seen += 1
        else:
            out.append(c)
    return "".join(out)


def mask_mrz_line(line: str) -> str:
    """An MRZ line with only the document code and issuing state of a first line readable."""
    m = _MRZ_HEAD.match(line)
    head = m.group() if m else ""
    rest = line[len(head) :]
    return head + "".join(MASK if c.isalnum() else c for c in rest)


def mask_text(s: str) -> str:
    """The first visible character, then every other non-space character masked."""
    out, first = [], True
    for c in s:
        if c.isspace():
            out.append(c)
        elif first:
            out.append(c)
            first = False
        else:
            out.append(MASK)
    return "".join(out)
