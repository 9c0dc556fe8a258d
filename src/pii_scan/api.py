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
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from PIL import Image

from pii_scan.detectors import Detector
from pii_scan.discover import discover
from pii_scan.engine import Engine, ScanOptions
from pii_scan.models import ImageResult

__all__ = ["iter_scan", "scan", "scan_image"]

PathLike = str | os.PathLike[str]

_ENGINES: dict[bytes, Engine] = {}


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


def _init_worker() -> None:
    """Worker process set-up: one thread per library, memory returned to the system.

    A pool already has one process per core; Tesseract's (OpenMP) and
    libheif's own threads on top only make the processes compete for the
    same cores. OpenCV's thread count is left alone: ``cv2.setNumThreads``
    in a forked child hangs once the parent has used OpenCV's thread pool
    (it waits for pool threads that fork did not copy).
    """
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        import pillow_heif

        pillow_heif.options.DECODE_THREADS = 1
    except (ImportError, AttributeError):
        pass
    from pii_scan.engine import limit_heap_growth

    limit_heap_growth()


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)


def _scan_path(options: ScanOptions, detectors: Sequence[Detector] | None, path: str) -> ImageResult:
    """Worker entry point: scan one file (module level so it pickles)."""
    return _engine_for(options, detectors).scan_one(path)


def _options(kw: dict[str, Any]) -> ScanOptions:
    opts = kw.pop("options", None) or ScanOptions()
    fields = {k: (tuple(v) if isinstance(v, (list, tuple)) else v) for k, v in kw.items()}
    if fields:
        opts = ScanOptions(**{**opts.__dict__, **fields})
    return opts


def _candidates(paths: Sequence[PathLike], include_hidden: bool) -> Iterator[tuple[str, str | None]]:
    for p in paths:
        for cand in discover(p, include_hidden=include_hidden):
            yield cand.path, cand.error


def iter_scan(
    path: PathLike | Sequence[PathLike],
    *,
    detectors: Sequence[Detector] | None = None,
    jobs: int | None = None,
    executor: Executor | None = None,
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
    ``work_side``).
    """
    opts = _options(dict(options))
    paths = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    cands = _candidates(paths, opts.include_hidden)
    dets = list(detectors) if detectors is not None else None
    # Build (and check) an engine here first: a missing Tesseract fails once, clearly.
    local = _engine_for(opts, dets)
    local.check()
    if executor is None and (jobs or os.cpu_count() or 1) <= 1:
        for p, err in cands:
            yield ImageResult.unreadable(p, err) if err else local.scan_one(p)
        return
    yield from _run_parallel(cands, opts, dets, jobs=jobs, executor=executor)


def _run_parallel(
    cands: Iterator[tuple[str, str | None]],
    opts: ScanOptions,
    dets: list[Detector] | None,
    *,
    jobs: int | None,
    executor: Executor | None,
) -> Iterator[ImageResult]:
    """Scan candidates on a pool in a bounded window, yielding results as they finish.

    With our own process pool, a worker that dies (a native decoder crash,
    the OOM killer) costs only the file that killed it: the pool is
    replaced, the files that were in flight are re-run one at a time to
    find the culprit, and the scan goes on.
    """
    own = executor is None
    workers = jobs or os.cpu_count() or 1
    pool: Executor = executor or _pool(workers)
    window = 4 * (jobs or getattr(pool, "_max_workers", None) or os.cpu_count() or 2)
    inflight: dict[Future[ImageResult], str] = {}
    suspects: deque[str] = deque()

    def renew(old: Executor) -> Executor:
        old.shutdown(wait=False, cancel_futures=True)
        return _pool(workers)

    try:
        exhausted = False
        while True:
            while suspects:  # re-run files from a crashed pool alone, to find the culprit
                p = suspects.popleft()
                try:
                    yield pool.submit(_scan_path, opts, dets, p).result()
                except BrokenProcessPool:
                    yield ImageResult.unreadable(p, f"{p}: the scanner's worker process died on this file (crash or out of memory)")
                    pool = renew(pool)
            while not exhausted and len(inflight) < window:
                nxt = next(cands, None)
                if nxt is None:
                    exhausted = True
                    break
                p, err = nxt
                if err:
                    yield ImageResult.unreadable(p, err)
                else:
                    inflight[pool.submit(_scan_path, opts, dets, p)] = p
            if not inflight:
                if exhausted:
                    break
                continue
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                p = inflight.pop(fut)
                try:
                    yield fut.result()
                except BrokenProcessPool:
                    if not own:
                        raise
                    suspects.append(p)
                    broken = True
            if broken:
                suspects.extend(inflight.values())
                inflight.clear()
                pool = renew(pool)
    finally:
        for fut in inflight:
            fut.cancel()
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


def scan(
    path: PathLike | Sequence[PathLike],
    *,
    detectors: Sequence[Detector] | None = None,
    jobs: int | None = None,
    executor: Executor | None = None,
    **options: Any,
) -> list[ImageResult]:
    """Scan a file or folder; results sorted by path. See ``iter_scan`` for the options."""
    results = list(iter_scan(path, detectors=detectors, jobs=jobs, executor=executor, **options))
    return sorted(results, key=lambda r: r.path)


def scan_image(
    source: PathLike | bytes | Image.Image,
    *,
    name: str | None = None,
    detectors: Sequence[Detector] | None = None,
    **options: Any,
) -> ImageResult:
    """Classify one image given as a path, the file's bytes, or a PIL image."""
    opts = _options(dict(options))
    src = os.fspath(source) if isinstance(source, os.PathLike) else source
    engine = _engine_for(opts, list(detectors) if detectors is not None else None)
    engine.check()
    return engine.scan_one(src, name=name)
