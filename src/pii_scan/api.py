"""Public entry points: ``scan``, ``iter_scan`` and ``scan_image``.

All three share one ``Engine``. Folders are scanned by a pool of worker
processes (one per core by default), each keeping its own engine and OCR
backend warm; any ``concurrent.futures.Executor`` can be passed instead,
e.g. a Dask cluster's executor. Work is submitted in a bounded window so
memory stays flat however many files there are.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from PIL import Image

from pii_scan.copies import CopyGrouper, group_copies
from pii_scan.detectors import Detector
from pii_scan.discover import discover
from pii_scan.engine import Engine, ScanOptions, timed_out, trim_heap
from pii_scan.location import location_of, with_location
from pii_scan.models import ImageResult
from pii_scan.workers import WorkerPool, restart_clock

__all__ = ["iter_scan", "scan", "scan_image"]

PathLike = str | os.PathLike[str]
#: ``progress(done, total)``: called once with ``done=0`` and after every image.
Progress = Callable[[int, int | None], object]


class Cancel(Protocol):
    """Anything with ``is_set()``, e.g. a ``threading.Event``."""

    def is_set(self) -> bool: ...


_ENGINES: dict[bytes, Engine] = {}
#: A worker hands its heap's free pages back (``trim_heap``) after every this many
#: images. After each one it would hold some 7 MB less between images on the DCIM
#: set but spend about 5 % more CPU faulting the pages in again; now and then
#: keeps what an unusual image left behind from staying resident.
TRIM_EVERY = 16
_scanned = 0  # images scanned by this process through ``_scan_path``
_warmed = 0  # pid of the process whose engine ``_scan_path`` has warmed


def _engine_key(options: ScanOptions, detectors: Sequence[Detector] | None) -> bytes | None:
    """A cache key for these settings, or None when the detectors cannot be pickled.

    Detector classes defined in a function, or shipped by value by Dask
    from a user's script, fail plain pickle; cloudpickle (a Dask
    dependency) handles them when present.
    """
    try:
        return pickle.dumps((options, detectors))
    except Exception:
        pass
    try:
        import cloudpickle

        return bytes(cloudpickle.dumps((options, detectors)))
    except Exception:
        return None


def _engine_for(options: ScanOptions, detectors: Sequence[Detector] | None) -> Engine:
    """This process's engine for these settings (built once, then reused)."""
    key = _engine_key(options, detectors)
    engine = _ENGINES.get(key) if key is not None else None
    if engine is None:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        engine = Engine(options, detectors=list(detectors) if detectors is not None else None)
        if key is not None:
            _ENGINES.clear()
            _ENGINES[key] = engine
    return engine


def _scan_path(options: ScanOptions, detectors: Sequence[Detector] | None, path: str) -> ImageResult:
    """Worker entry point: scan one file (module level so it pickles).

    A worker's first task builds its engine and opens the OCR models
    (``Engine.warm``) before the image's clock starts.
    """
    global _scanned, _warmed
    engine = _engine_for(options, detectors)
    if _warmed != os.getpid():  # a forked worker inherits the parent's engine, not its OCR API
        _warmed = os.getpid()
        try:
            engine.warm()
        except Exception:  # raised again, and reported for the image, where the models are first used
            pass
    restart_clock()
    result = engine.scan_one(path)
    _close_other_ocr_apis(options.lang)
    _scanned += 1
    if _scanned % TRIM_EVERY == 0:  # the image's buffers are freed now
        trim_heap()
    return result


def _close_other_ocr_apis(lang: str) -> None:
    """End the kept-open Tesseract APIs of languages other than the scan's (see ``close_other_apis``)."""
    backend = sys.modules.get("pii_scan.ocr.tesserocr_backend")  # never imported: nothing is open
    if backend is not None:
        backend.close_other_apis(lang)


def _options(kw: dict[str, Any]) -> ScanOptions:
    opts = kw.pop("options", None) or ScanOptions()
    fields = {k: (tuple(v) if isinstance(v, (list, tuple)) else v) for k, v in kw.items()}
    if fields:
        opts = ScanOptions(**{**opts.__dict__, **fields})
    return opts


def _candidates(
    paths: Sequence[PathLike], include_hidden: bool, hints: dict[str, str]
) -> Iterator[tuple[str, str | None]]:
    """(path, error) of every candidate; its location, when it has one, goes into ``hints``."""
    for p in paths:
        for cand in discover(p, include_hidden=include_hidden):
            if cand.location:
                hints[cand.path] = cand.location
            yield cand.path, cand.error


def _until(cands: Iterator[tuple[str, str | None]], cancel: Cancel) -> Iterator[tuple[str, str | None]]:
    for cand in cands:
        if cancel.is_set():
            return
        yield cand


def iter_scan(
    path: PathLike | Sequence[PathLike],
    *,
    detectors: Sequence[Detector] | None = None,
    jobs: int | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    copies: bool = True,
    **options: Any,
) -> Iterator[ImageResult]:
    """Yield one ImageResult per image file under ``path``, as each finishes.

    ``path`` is a file, a folder (walked recursively) or a list of them.
    ``detectors`` replaces the installed detectors with these instances.
    ``jobs`` is the number of worker processes (default: all cores; 1 scans
    in this process). ``executor`` runs the work instead (any
    ``concurrent.futures.Executor``); with it, ``jobs`` is how many tasks it
    runs at once. Other keywords are ``ScanOptions``
    fields (``lang``, ``ocr``, ``enable``, ``disable``, ``include_hidden``,
    ``work_side``, ``thumbnail``, ``timeout``).

    ``progress(done, total)`` is called with ``done=0`` before the first
    image and after each one; with it the file list is gathered first, so
    ``total`` is known. When ``cancel.is_set()`` (e.g. a
    ``threading.Event``) becomes true, no new image is started, work in
    flight is dropped and the iteration ends.

    ``timeout`` (seconds per image, default 60; 0 or None: none) is a hard
    limit only on our own process pool (``jobs`` > 1), where the parent kills
    a worker stuck past it. In this process (``jobs=1``) and on a caller's
    ``executor`` it is checked between detectors only: a detector stuck in
    native code is not interrupted there.

    Each result says where its file sits (``location``), and a copy of an
    earlier, confidently flagged image is marked ``copy_of`` it (a missed
    copy inherits the flag). Streaming has one limit: a copy that finishes
    before its original is not matched; ``scan`` matches in any order.
    ``copies=False`` turns copy matching off (the benchmark judges each image alone).
    """
    hints: dict[str, str] = {}
    grouper = CopyGrouper() if copies else None
    raw = _iter_raw(path, hints, detectors, jobs, executor, progress, cancel, options)
    try:
        for r in raw:
            r = with_location(r, hints.pop(r.path, None))
            yield grouper.add(r) if grouper is not None else r
    finally:
        raw.close()  # a cancelled or abandoned scan stops its pool now


def _iter_raw(
    path: PathLike | Sequence[PathLike],
    hints: dict[str, str],
    detectors: Sequence[Detector] | None,
    jobs: int | None,
    executor: Executor | None,
    progress: Progress | None,
    cancel: Cancel | None,
    options: dict[str, Any],
) -> Iterator[ImageResult]:
    """``iter_scan`` before locations and copies; files' location hints go into ``hints``."""
    opts = _options(dict(options))
    paths = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    cands = _candidates(paths, opts.include_hidden, hints)
    dets = list(detectors) if detectors is not None else None
    workers = 0 if executor is not None else jobs or os.cpu_count() or 1
    pool: WorkerPool | None = None
    if workers > 1:
        # Our pool: the engine is built and checked in a worker. This process
        # never loads a detector, numpy or OpenCV (some 40 MB less for the scan).
        pool = _checked_pool(workers, opts, dets)
    else:
        # Build (and check) an engine here first: a missing Tesseract fails once, clearly.
        local = _engine_for(opts, dets)
        local.check()
    total: int | None = None
    try:
        if progress is not None:
            listed = list(cands)
            total, cands = len(listed), iter(listed)
            progress(0, total)
    except BaseException:  # the pool's workers must not outlive a failed listing
        if pool is not None:
            pool.close(kill=True)
        raise
    if cancel is not None:
        cands = _until(cands, cancel)
    if pool is not None:
        results = _run_pool(cands, opts, dets, workers, pool)
    elif executor is None:
        results = (ImageResult.unreadable(p, err) if err else local.scan_one(p) for p, err in cands)
    else:
        results = _run_parallel(cands, opts, dets, jobs=jobs, executor=executor)
    try:
        for done, r in enumerate(results, 1):
            if cancel is not None and cancel.is_set():
                return
            if progress is not None:
                progress(done, total)
            yield r
    finally:
        results.close()  # a cancelled or abandoned scan stops its pool now


def _check_engine(options: ScanOptions, detectors: Sequence[Detector] | None) -> None:
    """Worker task: build this process's engine and check it (raises OcrUnavailable, DetectorLoadError)."""
    _engine_for(options, detectors).check()


def _checked_pool(workers: int, opts: ScanOptions, dets: list[Detector] | None) -> WorkerPool:
    """A new ``WorkerPool`` whose first worker has built and checked the engine; raises what the check raised."""
    pool = WorkerPool(workers, opts.timeout)
    try:
        pool.submit(_check_engine, opts, dets)[0].result()
    except BaseException:
        pool.close(kill=True)
        raise
    return pool


def _run_parallel(
    cands: Iterator[tuple[str, str | None]],
    opts: ScanOptions,
    dets: list[Detector] | None,
    *,
    jobs: int | None,
    executor: Executor,
) -> Iterator[ImageResult]:
    """Scan candidates on a caller's executor in a bounded window, yielding results as they finish."""
    window = 4 * (jobs or getattr(executor, "_max_workers", None) or os.cpu_count() or 2)
    inflight: dict[Future[ImageResult], str] = {}
    try:
        exhausted = False
        while True:
            if not exhausted:
                paths, unreadable, exhausted = _take(cands, window - len(inflight))
                yield from unreadable
                for p in paths:
                    inflight[executor.submit(_scan_path, opts, dets, p)] = p
            if not inflight:
                break
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            for fut in done:
                del inflight[fut]
                yield fut.result()
    finally:
        for fut in inflight:
            fut.cancel()


def _take(cands: Iterator[tuple[str, str | None]], n: int) -> tuple[list[str], list[ImageResult], bool]:
    """Up to ``n`` paths to scan, the unreadable candidates met on the way, and whether ``cands`` ran out."""
    paths: list[str] = []
    unreadable: list[ImageResult] = []
    while len(paths) < n:
        nxt = next(cands, None)
        if nxt is None:
            return paths, unreadable, True
        path, error = nxt
        if error:
            unreadable.append(ImageResult.unreadable(path, error))
        else:
            paths.append(path)
    return paths, unreadable, False


def _died(path: str) -> ImageResult:
    return ImageResult.unreadable(path, f"{path}: the scanner's worker process died on this file (crash or out of memory)")


def _run_pool(
    cands: Iterator[tuple[str, str | None]],
    opts: ScanOptions,
    dets: list[Detector] | None,
    workers: int,
    pool: WorkerPool,
) -> Iterator[ImageResult]:
    """Scan candidates on our own ``WorkerPool``: time limit, crash recovery, prompt stop.

    A file that runs past ``opts.timeout`` in a worker gets that worker
    killed and a timeout error; the files in flight beside it are run again
    on a fresh pool. A worker that dies by itself (a native decoder crash,
    the OOM killer) costs only the file that killed it: the files that were
    in flight are re-run one at a time to find the culprit. If the consumer
    stops early (Ctrl-C, SIGTERM, ``close()``), the workers are killed at
    once rather than waited for, and the run directory is removed.
    """
    window = 4 * workers
    poll = min(1.0, max(0.05, pool.timeout / 20)) if pool.timeout else None
    inflight: dict[Future[ImageResult], tuple[str, int]] = {}
    retry: deque[str] = deque()  # in flight beside a file that timed out: run again
    suspects: deque[str] = deque()  # in flight when a worker died unexplained: run again alone
    overdue: set[int] = set()

    def submit(p: str) -> None:
        fut, task = pool.submit(_scan_path, opts, dets, p)
        inflight[fut] = (p, task)

    try:
        exhausted = solo = False
        while True:
            if suspects or solo:
                if not inflight:
                    submit(suspects.popleft())
                    solo = True
            else:
                while retry and len(inflight) < window:
                    submit(retry.popleft())
                if not exhausted:
                    paths, unreadable, exhausted = _take(cands, window - len(inflight))
                    yield from unreadable
                    for p in paths:
                        submit(p)
            if not inflight:
                if exhausted and not retry and not suspects:
                    break
                continue
            done, _ = wait(inflight, timeout=poll, return_when=FIRST_COMPLETED)
            overdue.update(pool.kill_overdue())
            failed = []
            for fut in done:
                p, task = inflight.pop(fut)
                try:
                    res = fut.result()
                except BrokenProcessPool:
                    failed.append((p, task))
                    continue
                yield res
            if failed:  # the pool is broken: every other future fails too, at once
                wait(inflight, timeout=30)
                for fut, (p, task) in list(inflight.items()):
                    del inflight[fut]
                    if fut.done() and fut.exception() is None:
                        yield fut.result()
                    else:
                        failed.append((p, task))
                cause_known = any(task in overdue for _, task in failed)
                for p, task in failed:
                    if task in overdue:
                        yield timed_out(p, pool.timeout)
                    elif cause_known:
                        retry.append(p)
                    elif solo:
                        yield _died(p)
                    else:
                        suspects.append(p)
                pool.close(kill=True, wait=False)
                pool = WorkerPool(workers, opts.timeout)
                overdue.clear()
            if not inflight:
                solo = False
    finally:  # no fut.cancel() here: the pool cancels its own queue (a future cancelled
        # behind its back makes Python 3.11's broken-pool handler raise InvalidStateError)
        pool.close(kill=bool(inflight))


def scan(
    path: PathLike | Sequence[PathLike],
    *,
    detectors: Sequence[Detector] | None = None,
    jobs: int | None = None,
    executor: Executor | None = None,
    **options: Any,
) -> list[ImageResult]:
    """Scan a file or folder; results sorted by path. See ``iter_scan`` for the options.

    Copies are matched after the whole scan, so the original of a group is
    its largest confidently flagged member, whatever the order.
    """
    results = list(iter_scan(path, detectors=detectors, jobs=jobs, executor=executor, copies=False, **options))
    return sorted(group_copies(results), key=lambda r: r.path)


def scan_image(
    source: PathLike | bytes | Image.Image,
    *,
    name: str | None = None,
    detectors: Sequence[Detector] | None = None,
    **options: Any,
) -> ImageResult:
    """Classify one image given as a path, the file's bytes, or a PIL image.

    Runs in this process: ``timeout`` is only checked between detectors.
    """
    opts = _options(dict(options))
    src = os.fspath(source) if isinstance(source, os.PathLike) else source
    engine = _engine_for(opts, list(detectors) if detectors is not None else None)
    engine.check()
    result = engine.scan_one(src, name=name)
    where = name or (src if isinstance(src, str) else "")
    return with_location(result, location_of(os.path.basename(where)))
