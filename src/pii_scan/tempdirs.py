"""Private temporary directories, and the sweep of ones a killed process left.

Every directory the scanner makes is created by ``tempfile.mkdtemp`` (mode
0700: no other user can list or read it) and named
``pii_scan_<kind>_<pid>_<random>``. A process that dies hard (SIGKILL, the
OOM killer) cannot remove its own; the next ``private_dir`` call of a later
process removes those of dead processes (same owner, name pattern, pid no
longer running). Worker processes of our own pool make theirs inside the
scan's run directory, which the parent removes when the scan ends however
the workers ended.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from functools import lru_cache

__all__ = ["private_dir", "sweep_stale"]

_NAME = re.compile(r"^pii_scan_[a-z]+_(\d+)_")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True


def sweep_stale(base: str | None = None) -> list[str]:
    """Remove our directories in ``base`` (default: the temp dir) whose process is gone; returns them."""
    base = base or tempfile.gettempdir()
    removed: list[str] = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return removed
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        m = _NAME.match(entry.name)
        if not m or int(m.group(1)) == os.getpid():
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not entry.is_dir(follow_symlinks=False) or (uid is not None and st.st_uid != uid):
                continue
        except OSError:
            continue
        if not _alive(int(m.group(1))):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.path)
    return removed


@lru_cache(maxsize=8)
def _swept(base: str, pid: int) -> bool:
    sweep_stale(base)
    return True


def private_dir(kind: str) -> str:
    """A new mode-0700 directory ``pii_scan_<kind>_<pid>_*`` in the temp dir (stale ones swept first)."""
    base = tempfile.gettempdir()
    _swept(base, os.getpid())  # once per process and temp dir
    return tempfile.mkdtemp(prefix=f"pii_scan_{kind}_{os.getpid()}_", dir=base)
