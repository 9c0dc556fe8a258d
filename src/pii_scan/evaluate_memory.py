"""Peak memory of a whole scan: this process and every process it started, summed.

``ru_maxrss`` gives one process's own peak (and the largest finished
child's), not what the machine holds at once. ``RssSampler`` reads the
resident set of this process and all its descendants (the worker pool)
from ``/proc`` every ``interval`` seconds in a background thread and keeps
the largest sum. Pages shared between forked workers count once per
process, so the sum errs on the high side, as the target "RSS of all
processes" asks. Where ``/proc`` is missing (macOS, Windows) it reports None.

The same samples also sum each process's proportional set size (PSS, from
``smaps_rollup``: a page shared by n processes counts 1/n in each), which is
what the tree really holds; Linux 4.14+ only, else None.
"""

from __future__ import annotations

import os
import threading
from types import TracebackType

__all__ = ["RssSampler", "descendants", "pss_mb", "rss_mb"]

_PAGE_MB = (os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096) / 2**20


def rss_mb(pid: int) -> float | None:
    """Resident memory of ``pid`` in MB, or None when it cannot be read (gone, no /proc)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE_MB
    except (OSError, ValueError, IndexError):
        return None


def pss_mb(pid: int) -> float | None:
    """Proportional set size of ``pid`` in MB, or None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (forked by any of its threads)."""
    out: list[int] = []
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as fh:
                out += [int(p) for p in fh.read().split()]
        except (OSError, ValueError):
            continue
    return out


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` in the process tree."""
    found: list[int] = []
    todo = _children(pid)
    while todo:
        p = todo.pop()
        if p not in found:
            found.append(p)
            todo += _children(p)
    return found


class RssSampler:
    """Context manager: the largest summed RSS of this process tree while the block runs.

    ``peak_sum_mb`` (all processes at one moment) and ``peak_processes``
    (how many there were then) are set on exit, and ``peak_pss_mb``, the
    largest summed PSS (None where unreadable); ``samples`` counts the reads.
    """

    def __init__(self, interval: float = 0.05, pid: int | None = None) -> None:
        self.interval = interval
        self.pid = pid or os.getpid()
        self.peak_sum_mb: float | None = None
        self.peak_processes = 0
        self.peak_pss_mb: float | None = None
        self.samples = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sample(self) -> None:
        """Take one reading now."""
        pids = [self.pid, *descendants(self.pid)]
        sizes = [s for s in (rss_mb(p) for p in pids) if s is not None]
        if not sizes:
            return
        self.samples += 1
        total = sum(sizes)
        if self.peak_sum_mb is None or total > self.peak_sum_mb:
            self.peak_sum_mb, self.peak_processes = total, len(sizes)
        shares = [pss_mb(p) for p in pids]
        if all(s is not None for s in shares):
            pss = sum(s for s in shares if s is not None)
            if self.peak_pss_mb is None or pss > self.peak_pss_mb:
                self.peak_pss_mb = pss

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> RssSampler:
        self.sample()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.sample()
