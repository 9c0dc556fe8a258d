"""Faults: a stuck image, a dying worker, a stop signal, a killed OCR call.

Faults are injected by test detectors (tests/faultkit.py) that hang, die or
spawn a child process on one chosen file. Each test checks that the fault
costs that one file an error (a timeout is told apart from a crash), that
every other file still gets its result, and that nothing is left behind:
no worker or child process, no temporary directory. The signal tests run
the real CLI in a subprocess. No OCR is needed except in the one test
marked ``ocr``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

import pytest

import faultkit
from pii_scan import iter_scan, scan
from pii_scan.cli import main
from pii_scan.tempdirs import private_dir, sweep_stale

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
LINUX = sys.platform.startswith("linux")
TIMED_OUT = "timed out after"
DIED = "worker process died"


def by_name(results: list) -> dict[str, object]:
    out = {os.path.basename(r.path): r for r in results}
    assert len(out) == len(results), "a file gave more than one result"
    return out


def _proc_state(pid: int) -> str | None:
    """The state letter of a process (R, S, Z...), or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def alive(pid: int) -> bool:
    return _proc_state(pid) not in (None, "Z", "X")


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out: set[int] = set()
    todo = [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """A temp dir of the test's own, so leftovers can be counted."""
    base = tmp_path / "tmp"
    base.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(base))
    return base


# ------------------------------------------------------------ time limit and crashes


FAULTS = [
    pytest.param(faultkit.Hang("img03"), TIMED_OUT, id="hang"),
    pytest.param(faultkit.Die("img03"), DIED, id="crash"),
    pytest.param(faultkit.TempThenHang("img03"), TIMED_OUT, id="hang_with_temp_file"),
]


@pytest.mark.parametrize("detector, words", FAULTS)
def test_one_faulty_image_costs_only_itself_on_the_process_pool(tmp_path, private_tmp, detector, words):
    faultkit.write_images(str(tmp_path / "in"), 10)
    t0 = time.monotonic()
    results = by_name(scan(tmp_path / "in", detectors=[detector], jobs=2, ocr="none", timeout=1))
    assert time.monotonic() - t0 < detector.seconds  # the hang was cut short, not sat out
    assert len(results) == 10
    bad = results.pop("img03.jpg")
    assert bad.label is None and bad.error.startswith(bad.path + ": ") and words in bad.error
    assert (DIED if words == TIMED_OUT else TIMED_OUT) not in bad.error  # a timeout is not reported as a crash
    assert all(r.label is not None and r.error is None for r in results.values())
    assert os.listdir(private_tmp) == []  # the killed worker's private directory went with the run


def test_several_stuck_images_each_time_out_and_the_rest_arrive(tmp_path):
    faultkit.write_images(str(tmp_path), 12)
    slow = {"img02.jpg", "img05.jpg", "img06.jpg"}
    # A limit of 1.5 s, not tighter: on a busy machine a worker can lose the CPU for a while.
    results = by_name(scan(tmp_path, detectors=[faultkit.Hang("img0")], jobs=2, ocr="none", timeout=1.5))
    timed_out = {n for n, r in results.items() if r.error and TIMED_OUT in r.error}
    assert timed_out >= slow and timed_out == {f"img0{i}.jpg" for i in range(10)}
    assert all(results[f"img1{i}.jpg"].label is not None for i in range(2))


@pytest.mark.parametrize(
    "seconds, timeout, timed_out",
    [
        (1.5, 0.5, True),  # past the limit
        (0.3, 10, False),  # slow but within it
        (1.5, 0, False),  # 0: no limit
        (1.5, None, False),  # None: no limit
    ],
)
def test_time_limit_on_the_process_pool(tmp_path, seconds, timeout, timed_out):
    faultkit.write_images(str(tmp_path), 3)
    results = by_name(scan(tmp_path, detectors=[faultkit.Hang("img01", seconds)], jobs=2, ocr="none", timeout=timeout))
    r = results["img01.jpg"]
    assert (r.error is not None and TIMED_OUT in r.error) is timed_out
    assert (r.label is None) is timed_out


@pytest.mark.parametrize("timeout, timed_out", [(0.3, True), (0, False), (30, False)])
def test_in_process_limit_is_checked_between_detectors(tmp_path, timeout, timed_out):
    faultkit.write_images(str(tmp_path), 2)
    dets = [faultkit.Hang("img01", 0.8), faultkit.Raise("never")]  # the second one runs after the hang
    results = by_name(scan(tmp_path, detectors=dets, jobs=1, ocr="none", timeout=timeout))
    r = results["img01.jpg"]
    assert (r.label is None and TIMED_OUT in (r.error or "")) is timed_out
    assert results["img00.jpg"].label is not None


@pytest.mark.parametrize(
    "value, ok",
    [("0", True), ("2.5", True), ("120", True), ("-1", False), ("nan", False), ("inf", False), ("soon", False)],
)
def test_cli_timeout_flag(tmp_path, capsys, value, ok):
    faultkit.write_images(str(tmp_path), 1)
    code = main([str(tmp_path), "--timeout", value, "--ocr", "none", "--jobs", "1", "--detectors", "id.card_layout"])
    assert (code != 2) is ok, capsys.readouterr().err


@pytest.mark.skipif(not LINUX, reason="reads /proc to find child processes")
def test_interrupted_scan_kills_busy_workers_at_once(tmp_path):
    faultkit.write_images(str(tmp_path), 8)
    others = descendants(os.getpid())  # processes earlier tests left running (a Dask cluster...)
    results = iter_scan(tmp_path, detectors=[faultkit.Hang("img0", 120)], jobs=2, ocr="none", timeout=0)
    seen: dict[str, object] = {}

    def interrupt() -> None:  # as Ctrl-C would, once both workers are stuck
        _wait_for(lambda: len(descendants(os.getpid()) - others) >= 2, 30)
        time.sleep(0.5)
        seen["workers"], seen["t0"] = descendants(os.getpid()) - others, time.monotonic()
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Thread(target=interrupt, daemon=True)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        next(results)  # every file hangs: this waits until the interrupt, which also ends the scan
    stopped = time.monotonic()
    timer.join(5)
    results.close()
    workers = seen["workers"]
    assert isinstance(workers, set) and len(workers) == 2
    assert stopped - seen["t0"] < 5  # type: ignore[operator]
    assert _wait_for(lambda: not any(alive(p) for p in workers), 5)


# ------------------------------------------------------------ SIGINT / SIGTERM on the CLI


def _start_cli(detectors: str, *args: str, env_extra: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([TESTS_DIR, os.environ.get("PYTHONPATH", "")]))
    env.update(env_extra or {})
    cmd = [sys.executable, "-c", faultkit.CLI_RUNNER, detectors, *args, "--ocr", "none", "--no-progress"]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _wait_for(cond, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not LINUX, reason="reads /proc to find child processes")
@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_signal_stops_the_cli_promptly_and_cleanly(tmp_path, sig, code, fmt):
    faultkit.write_images(str(tmp_path / "in"), 4, prefix="fast")
    faultkit.write_images(str(tmp_path / "in"), 6, prefix="slow")
    report, pids = tmp_path / f"report.{fmt}", tmp_path / "children.txt"
    pids.write_text("")
    proc = _start_cli(
        "[SpawnSleeper('slow', 120)]", str(tmp_path / "in"), "--format", fmt, "--output", str(report),
        "--jobs", "2", "--timeout", "0", env_extra={"FAULTKIT_PIDS": str(pids)},
    )  # fmt: skip
    try:
        # Wait until the fast files are reported (jsonl/csv) and the slow ones have started their children.
        assert _wait_for(lambda: len(pids.read_text().split()) >= 2, 60), proc.stderr.read1().decode()  # type: ignore[union-attr]
        if fmt != "json":
            assert _wait_for(lambda: report.exists() and report.read_text().count("fast") == 4, 30)
        family = descendants(proc.pid) | {int(p) for p in pids.read_text().split()}
        assert len(family) >= 4  # two workers, their two children
        t0 = time.monotonic()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=15)
    finally:
        proc.kill()
    assert time.monotonic() - t0 < 5, "did not stop promptly"
    assert proc.returncode == code, err.decode()
    assert f"stopped by {sig.name}".encode() in err and b"Traceback" not in err
    assert _wait_for(lambda: not any(alive(p) for p in family), 5), [p for p in family if alive(p)]
    text = report.read_text()
    if fmt == "jsonl":
        records = [json.loads(line) for line in text.splitlines()]
        assert sorted(os.path.basename(r["path"]) for r in records) == [f"fast{i:02d}.jpg" for i in range(4)]
    elif fmt == "csv":
        assert text.count("\n") == 5 and text.startswith("path,")
    else:
        doc = json.loads(text)  # the closing part of a stopped scan is still a whole document
        assert doc["summary"]["images"] == len(doc["results"]) >= 0
    assert not [n for n in os.listdir(tempfile.gettempdir()) if n.startswith(f"pii_scan_run_{proc.pid}_")]


# ------------------------------------------------------------ temporary directories


def test_private_dir_is_owner_only(private_tmp):
    d = private_dir("ocr")
    assert os.path.dirname(d) == str(private_tmp)
    assert os.stat(d).st_mode & 0o777 == 0o700
    assert os.path.basename(d).startswith(f"pii_scan_ocr_{os.getpid()}_")


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


@pytest.mark.parametrize(
    "name, removed",
    [
        ("pii_scan_ocr_{dead}_abc", True),  # left by a killed process
        ("pii_scan_run_{dead}_abc", True),
        ("pii_scan_ocr_{me}_abc", False),  # this process's own
        ("pii_scan_ocr_{parent}_abc", False),  # a live process's
        ("other_ocr_{dead}_abc", False),  # not ours
        ("pii_scan_ocr_abc", False),  # no pid
    ],
)
def test_stale_directories_of_dead_processes_are_swept(private_tmp, name, removed):
    name = name.format(dead=_dead_pid(), me=os.getpid(), parent=os.getppid())
    (private_tmp / name).mkdir()
    (private_tmp / name / "in.bmp").write_bytes(b"pixels")
    sweep_stale(str(private_tmp))
    assert (not (private_tmp / name).exists()) is removed


def test_stale_file_with_our_name_is_left_alone(private_tmp):
    (private_tmp / f"pii_scan_ocr_{_dead_pid()}_x").write_bytes(b"not a directory")
    sweep_stale(str(private_tmp))
    assert len(os.listdir(private_tmp)) == 1


@pytest.mark.ocr
@pytest.mark.skipif(not LINUX, reason="reads /proc to find child processes")
def test_killed_worker_takes_its_tesseract_and_temp_files_along(tmp_path, private_tmp):
    faultkit.write_images(str(tmp_path / "in"), 3)
    results = by_name(scan(tmp_path / "in", detectors=[faultkit.OcrHang("img01")], jobs=2, ocr="none", timeout=1.5))
    assert TIMED_OUT in (results["img01.jpg"].error or "")
    assert os.listdir(private_tmp) == []

    def ours(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                return str(private_tmp).encode() in fh.read()
        except OSError:
            return False

    pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    assert _wait_for(lambda: not [p for p in pids if ours(p) and alive(p)], 5)
