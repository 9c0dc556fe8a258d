"""scan / iter_scan on a caller's executor: thread and process pools, and a Dask cluster.

The detector here needs no OCR. Dask workers are separate (spawned)
processes; they unpickle it by reference to this module, which they can
import because they inherit the test process's ``sys.path``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from pii_scan import BaseDetector, Evidence, ImageResult, Label, iter_scan, scan


class RedIsTicket(BaseDetector):
    """Test detector: a mostly red image 'is' a ticket screenshot."""

    name = "test.red"
    label = Label.TICKET_SCREENSHOT

    def detect(self, ctx):
        r, g, _ = ctx.image.small.reshape(-1, 3).mean(axis=0)
        if r > 150 and g < 80:
            yield self.finding(0.9, "mostly red", Evidence("colour", "layout", round(float(r), 1)))


DETECTORS = [RedIsTicket()]
OPTS: dict[str, Any] = {"detectors": DETECTORS, "ocr": "none"}


def _write_images(folder: Path) -> Path:
    """Solid and noise images in a tree, plus one file that claims to be a JPEG but is not."""
    rng = np.random.default_rng(7)
    (folder / "sub").mkdir()
    Image.new("RGB", (64, 48), (220, 10, 10)).save(folder / "red.png")
    Image.new("RGB", (48, 64), (10, 10, 220)).save(folder / "blue.jpg", quality=90)
    Image.new("RGB", (40, 40), (230, 30, 20)).save(folder / "sub" / "red.webp")
    Image.fromarray(rng.integers(0, 255, (60, 80, 3), dtype=np.uint8)).save(folder / "sub" / "noise.png")
    (folder / "sub" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    return folder


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_images(tmp_path_factory.mktemp("images"))


def _summary(results: list[ImageResult]) -> list[tuple[Any, ...]]:
    """What must not depend on where an image was scanned (timings excluded)."""
    return [
        (
            r.path,
            r.label,
            round(r.confidence, 6),
            r.error is None,
            tuple((f.detector, f.label, f.score, f.evidence) for f in r.findings),
            r.width,
            r.height,
            r.sha256,
        )
        for r in results
    ]


@pytest.fixture(scope="module")
def local(images: Path) -> list[tuple[Any, ...]]:
    return _summary(scan(images, jobs=1, **OPTS))


def test_local_reference_scan_has_labels_and_one_error(local):
    by_name = {os.path.basename(s[0]): s for s in local}
    assert sorted(by_name) == ["blue.jpg", "broken.jpg", "noise.png", "red.png", "red.webp"]
    assert by_name["red.png"][1] is Label.TICKET_SCREENSHOT
    assert by_name["red.webp"][1] is Label.TICKET_SCREENSHOT
    assert by_name["blue.jpg"][1] is Label.PHOTO
    assert by_name["noise.png"][1] is Label.PHOTO
    assert by_name["broken.jpg"][1] is None and by_name["broken.jpg"][3] is False


def _usable(pool: Executor) -> bool:
    return pool.submit(int, "7").result(timeout=60) == 7


@pytest.mark.parametrize("make_pool", [ThreadPoolExecutor, ProcessPoolExecutor], ids=["threads", "processes"])
def test_caller_executor_gives_the_local_results_and_stays_open(images, local, make_pool):
    with make_pool(max_workers=2) as pool:
        assert _summary(scan(images, executor=pool, **OPTS)) == local
        assert _usable(pool)


@pytest.mark.parametrize("make_pool", [ThreadPoolExecutor, ProcessPoolExecutor], ids=["threads", "processes"])
def test_stopping_iter_scan_early_leaves_the_callers_executor_open(images, make_pool):
    with make_pool(max_workers=2) as pool:
        stream = iter_scan(images, executor=pool, **OPTS)
        first = next(stream)
        stream.close()
        assert first.path.startswith(str(images))
        assert _usable(pool)


class CountingExecutor(Executor):
    """Runs calls on one thread and counts submissions; ``sized`` says whether it tells its width."""

    def __init__(self, *, sized: bool) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1)
        if sized:
            self._max_workers = 1  # what concurrent.futures pools expose
        self.submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


@pytest.mark.parametrize(
    ("sized", "jobs"),
    [(True, None), (False, 1)],
    ids=["pool-width", "jobs-for-an-executor-like-dask's"],
)
def test_iter_scan_submits_in_a_bounded_window_not_the_whole_folder(tmp_path, monkeypatch, sized, jobs):
    monkeypatch.setattr(os, "cpu_count", lambda: 32)  # the window must come from the executor, not this machine
    for i in range(40):
        Image.new("RGB", (16, 16), (i * 6, 0, 0)).save(tmp_path / f"{i:02d}.png")
    pool = CountingExecutor(sized=sized)
    try:
        stream = iter_scan(tmp_path, executor=pool, jobs=jobs, **OPTS)
        next(stream)
        submitted_before_first_result = pool.submitted
        rest = list(stream)
    finally:
        pool.shutdown()
    assert submitted_before_first_result <= 8  # a few per worker, not all 40
    assert 1 + len(rest) == pool.submitted == 40


def _detector_defined_in_a_function() -> BaseDetector:
    """Like a detector written in a notebook or script: not importable by workers."""

    class LocalRed(RedIsTicket):
        name = "local.red"

    return LocalRed()


# api._engine_for keys its engine cache with plain pickle, which cannot name
# such a class (nor one Dask ships by value); remove with the _engine_key fix.


@pytest.mark.parametrize("make_pool", [None, ThreadPoolExecutor], ids=["in-process", "threads"])
def test_a_detector_defined_in_a_function_scans(images, local, make_pool):
    opts = {**OPTS, "detectors": [_detector_defined_in_a_function()]}
    if make_pool is None:
        results = scan(images, jobs=1, **opts)
    else:
        with make_pool(max_workers=2) as pool:
            results = scan(images, executor=pool, **opts)
    assert [(s[0], s[1]) for s in _summary(results)] == [(s[0], s[1]) for s in local]


# --- Dask distributed ------------------------------------------------------


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def test_dask_cluster_gives_the_local_results(images, local, dask_client):
    pool = dask_client.get_executor()
    results = scan(images, executor=pool, jobs=2, **OPTS)
    assert _summary(results) == local
    assert _usable(pool)


def test_dask_bad_file_is_an_error_result_and_the_rest_succeed(images, dask_client):
    results = {os.path.basename(r.path): r for r in iter_scan(images, executor=dask_client.get_executor(), **OPTS)}
    assert len(results) == 5
    assert results["broken.jpg"].label is None and results["broken.jpg"].error
    assert all(r.error is None and r.label is not None for n, r in results.items() if n != "broken.jpg")


class WhereAmI(BaseDetector):
    """Test detector: reports the id of the process that scanned the image."""

    name = "test.pid"
    label = Label.PHOTO

    def detect(self, ctx):
        yield self.finding(0.1, "scanned here", Evidence("pid", "layout", os.getpid()), supporting=True)


def test_dask_work_runs_in_the_cluster_workers_not_the_caller(images, dask_client):
    workers = set(dask_client.run(os.getpid).values())
    results = scan(images, executor=dask_client.get_executor(), detectors=[WhereAmI()], ocr="none")
    scanned_in = {f.evidence[0].value for r in results for f in r.findings}
    assert len(workers) == 2 and os.getpid() not in workers
    assert scanned_in and scanned_in <= workers


def test_dask_runs_a_detector_the_workers_cannot_import(images, local, dask_client):
    opts = {**OPTS, "detectors": [_detector_defined_in_a_function()]}
    results = scan(images, executor=dask_client.get_executor(pure=False), **opts)
    assert [(s[0], s[1]) for s in _summary(results)] == [(s[0], s[1]) for s in local]
