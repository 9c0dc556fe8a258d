"""The bench's memory figure: all processes of a scan summed, sampled while it runs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from pii_scan.evaluate_memory import RssSampler, descendants, pss_mb, rss_mb

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

_HOLD = "import sys, time; block = bytearray({mb} * 2**20); block[::4096] = b'x' * len(block[::4096]); print('ready', flush=True); time.sleep(30)"


@contextmanager
def _child(mb: int) -> Iterator[subprocess.Popen[str]]:
    """A child process holding ``mb`` MB of touched memory until the block ends."""
    with subprocess.Popen([sys.executable, "-c", _HOLD.format(mb=mb)], stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
            yield proc
        finally:
            proc.kill()


@pytest.mark.parametrize("child_mb", [0, 80])
def test_sampled_sum_includes_child_processes(child_mb: int) -> None:
    with _child(child_mb) as proc:
        own = rss_mb(os.getpid())
        assert own is not None
        assert proc.pid in descendants(os.getpid())
        with RssSampler(interval=0.01) as sampler:
            time.sleep(0.05)
        assert sampler.peak_sum_mb is not None and sampler.samples >= 2
        assert sampler.peak_processes >= 2
        child = rss_mb(proc.pid) or 0.0
        assert child >= child_mb  # the child really holds what it allocated
        assert sampler.peak_sum_mb >= own + child - 5  # ... and the sum counts it


def test_pages_shared_with_a_forked_child_count_once_in_the_proportional_sum() -> None:
    block = bytearray(80 * 2**20)
    block[::4096] = b"x" * len(block[::4096])  # touched: resident in this process
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child shares the block copy-on-write and never writes to it
        os.close(read)
        os.write(write, b"r")
        time.sleep(30)
        os._exit(0)
    try:
        os.close(write)
        assert os.read(read, 1) == b"r"
        if pss_mb(os.getpid()) is None:
            pytest.skip("no /proc/PID/smaps_rollup (Linux < 4.14)")
        with RssSampler(interval=0.01) as sampler:
            time.sleep(0.05)
        assert sampler.peak_sum_mb is not None and sampler.peak_pss_mb is not None
        # RSS counts the shared block in both processes, PSS once in all
        assert sampler.peak_sum_mb - sampler.peak_pss_mb >= 60
        assert sampler.peak_pss_mb >= 80
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(read)
        del block


def test_a_finished_child_is_no_longer_counted() -> None:
    with _child(80) as proc:
        pass
    assert proc.returncode is not None
    assert proc.pid not in descendants(os.getpid())
    assert rss_mb(proc.pid) is None


@pytest.mark.parametrize(
    "subtypes, ocr, share",
    [
        (["scene", "selfie", "receipt"], [True, False, True], 0.5),  # a photographed receipt is no ordinary photo
        (["scene", "text_scene"], [False, False], 0.0),
        (["chat", "receipt"], [True, True], None),  # no ordinary photos in the set: no figure
    ],
)
def test_ocr_rate_on_ordinary_photos_counts_only_camera_scenes(subtypes: list[str], ocr: list[bool], share: float | None) -> None:
    from pii_scan.evaluate_metrics import Record, speed_stats
    from pii_scan.evaluate_report import _speed

    records = [Record(f"{i}.jpg", "photo", "photo", st, ocr_ran=o) for i, (st, o) in enumerate(zip(subtypes, ocr))]
    records.append(Record("id.jpg", "id_card", "id_card", "scene", ocr_ran=True))  # positives never count
    speed = speed_stats(records, 1.0)
    assert speed["ocr_share_ordinary"] == share
    text = "\n".join(_speed(speed, {"self_mb": 60.0, "all_processes_mb": 420.0, "all_processes_count": 3}, 2))
    assert ("on ordinary photos" in text) is (share is not None)
    assert "all processes together 420 MB (3 processes, sampled)" in text
