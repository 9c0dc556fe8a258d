"""Our process pool, with workers the parent can see and stop.

A ``ProcessPoolExecutor`` alone tells the parent only when a task was
submitted, not when a worker started it, and cannot stop a task that is
stuck in native code (Tesseract, a decoder). So each worker of a
``WorkerPool``:

* claims a slot in a shared array at start-up and writes
  ``(pid, task id, start time)`` there when it starts a file, clearing the
  task when it is done; the parent reads the slots to find a file that has
  run longer than the time limit and kills that worker (SIGKILL), which
  the pool-recovery code in ``api`` turns into a timeout error for that
  file;
* leads its own process group, so the kill takes any child it started
  (a ``tesseract`` program) along, and a terminal's Ctrl-C reaches only the
  parent, which then stops every worker itself;
* on Linux, dies with the parent (``PR_SET_PDEATHSIG``) should the parent be
  killed outright;
* keeps its temporary files in the pool's private run directory (0700),
  which the parent removes at the end whatever happened to the workers.

The slots are written without a lock (a worker killed while holding one
would stall the parent): a worker writes the start time before the task id
and clears the task id first, and the parent re-reads the task id to drop
a torn read. Clocks are ``time.monotonic_ns``, system-wide on Linux,
macOS and Windows.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from pii_scan.tempdirs import private_dir

__all__ = ["WorkerPool"]

T = TypeVar("T")

_FIELDS = 3  # pid, task id, start (monotonic ns)
_PR_SET_PDEATHSIG = 1

_slot: tuple[Any, int] | None = None  # in a worker: (shared array, first index of its slot)


def _die_with_parent(parent: int) -> None:
    """Linux: have the kernel kill this process when its parent dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _single_threaded() -> None:
    """One thread per library: a pool already has one process per core.

    Tesseract's (OpenMP) and libheif's own threads on top only make the
    processes compete for the same cores. OpenCV's thread count is left
    alone: ``cv2.setNumThreads`` in a forked child hangs once the parent has
    used OpenCV's thread pool (it waits for threads fork did not copy).
    """
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        import pillow_heif

        pillow_heif.options.DECODE_THREADS = 1
    except (ImportError, AttributeError):
        pass


def _init_worker(table: Any, lock: Any, parent: int, tmpdir: str) -> None:
    """Worker start-up: own process group, signals, private temp dir, threads, memory, a slot in the table."""
    global _slot
    from pii_scan.engine import limit_heap_growth

    _single_threaded()
    limit_heap_growth()  # give full-resolution decodes back to the system
    if hasattr(os, "setpgid"):
        try:
            os.setpgid(0, 0)
        except OSError:
            pass
    if os.getppid() == parent:  # forked by the scan itself (not by a fork server)
        _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    tempfile.tempdir = tmpdir
    with lock:
        for i in range(0, len(table), _FIELDS):
            if table[i] == 0:
                table[i] = os.getpid()
                _slot = (table, i)
                break


def _run_task(task: int, fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` in a worker, with its task id and start time in the worker's slot."""
    if _slot is None:
        return fn(*args)
    table, i = _slot
    table[i + 2] = time.monotonic_ns()
    table[i + 1] = task
    try:
        return fn(*args)
    finally:
        table[i + 1] = 0


def restart_clock() -> None:
    """Count this worker's current task from now: the engine it needed is built.

    A fresh worker builds its engine (detectors, entry points) on its first
    task; that start-up is not the image's fault and must not count against
    the time limit, least of all on a busy machine.
    """
    if _slot is not None:
        table, i = _slot
        table[i + 2] = time.monotonic_ns()


def _kill(pid: int) -> None:
    """SIGKILL a worker and, when it leads its own process group, its children too."""
    try:
        if hasattr(os, "killpg") and os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    except (ProcessLookupError, PermissionError):
        pass


class WorkerPool:
    """A ``ProcessPoolExecutor`` whose workers report which task they run since when.

    ``timeout`` (seconds; 0 or None: no limit) is how long one task may run
    in a worker before ``kill_overdue`` kills that worker.
    """

    def __init__(self, workers: int, timeout: float | None = None) -> None:
        ctx = multiprocessing.get_context()
        self.timeout = float(timeout or 0)
        self.tmpdir = private_dir("run")
        self._table = ctx.Array("q", _FIELDS * workers, lock=False)
        self._next = 0
        self.executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(self._table, ctx.Lock(), os.getpid(), self.tmpdir),
        )

    def submit(self, fn: Callable[..., T], *args: Any) -> tuple[Future[T], int]:
        """Submit ``fn(*args)``; returns its future and task id."""
        self._next += 1
        return self.executor.submit(_run_task, self._next, fn, *args), self._next

    def pids(self) -> list[int]:
        """The worker processes started so far."""
        return [int(p) for p in self._table[0::_FIELDS] if p]

    def running(self) -> list[tuple[int, int, float]]:
        """``(pid, task id, seconds running)`` for every worker busy with a task."""
        now = time.monotonic_ns()
        out = []
        for i in range(0, len(self._table), _FIELDS):
            pid, task, start = self._table[i : i + _FIELDS]
            if pid and task and self._table[i + 1] == task:
                out.append((int(pid), int(task), max(0.0, (now - start) / 1e9)))
        return out

    def kill_overdue(self) -> list[int]:
        """Kill every worker whose task has run past the time limit; returns those task ids."""
        if not self.timeout:
            return []
        late = [(pid, task) for pid, task, secs in self.running() if secs > self.timeout]
        for pid, _ in late:
            _kill(pid)
        return [task for _, task in late]

    def close(self, *, kill: bool = False, wait: bool = True) -> None:
        """Shut the pool down and remove the run directory.

        ``kill`` stops the workers now, mid-task; ``wait`` waits for them to exit.
        """
        try:
            if kill:
                for pid in self.pids():
                    _kill(pid)
            self.executor.shutdown(wait=wait, cancel_futures=True)
        finally:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
