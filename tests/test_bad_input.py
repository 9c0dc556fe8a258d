"""Bad input never breaks a scan.

A generated corpus (tests/badfiles.py) of broken, hostile and odd files is
scanned once; every image-like entry must give exactly one result: a
``photo`` for valid-but-odd images, or ``label None`` with a plain-words
error naming the file. The tree must be left exactly as it was. Further
tests change files between discovery and decoding, or during a scan, and
check the CLI's exit codes and summary. No OCR is needed.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image

import badfiles
from badfiles import BAD, GOOD, Case, RedIsTicket, TouchPixels, encode, image
from pii_scan import BaseDetector, Label, scan
from pii_scan import api
from pii_scan.cli import main
from pii_scan.detectors import load_detectors
from pii_scan.errors import DetectorLoadError
from pii_scan.report import Summary

DEADLINE = 90  # seconds; a scan that hangs (on a FIFO, a socket...) fails instead of blocking
TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT_IS_GOD = hasattr(os, "geteuid") and os.geteuid() == 0

# Python-isms a user must never see in an error message.
_NOT_PLAIN = re.compile(
    r"Traceback|\b[A-Z]\w*(?:Error|Exception|Warning)\b|\bb'|\bb\"|\\x[0-9a-fA-F]{2}|<[^>]*>|\b0x[0-9a-f]+|\n"
)


def with_deadline(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run ``fn`` in a daemon thread and fail, rather than hang, past DEADLINE."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # re-raised in the test's thread
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(DEADLINE)
    assert not worker.is_alive(), f"scan did not finish within {DEADLINE}s"
    if "error" in box:
        raise box["error"]
    return box["value"]


def assert_plain_error(error: str | None, path: str, words: tuple[str, ...]) -> None:
    """The error names ``path`` first, then says in plain words (one of ``words``) what is wrong."""
    assert error, f"no error for {path!r}"
    assert error.startswith(path + ": "), f"error does not start with the file name: {error!r}"
    reason = error[len(path) + 2 :]
    assert not _NOT_PLAIN.search(reason), f"error is not plain words: {reason!r}"
    assert any(w in reason.lower() for w in words), f"{reason!r} says none of {words}"


def snapshot(root: str) -> dict[str, tuple[Any, ...]]:
    """Every entry under ``root`` (symlinks not followed): mode, size, mtime, content hash, link target."""
    out: dict[str, tuple[Any, ...]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(folder, name)
            st = os.lstat(p)
            digest = link = None
            if stat.S_ISREG(st.st_mode) and st.st_size <= 1 << 20:
                with open(p, "rb") as fh:
                    digest = hashlib.sha256(fh.read()).hexdigest()
            if stat.S_ISLNK(st.st_mode):
                link = os.readlink(p)
            out[p] = (st.st_mode, st.st_size, st.st_mtime_ns, digest, link)
    return out


def by_rel(root: str, results: list) -> dict[str, Any]:
    rel = [os.path.relpath(r.path, root) for r in results]
    assert len(rel) == len(set(rel)), "a file gave more than one result"
    return dict(zip(rel, results))


# --------------------------------------------------------- the corpus scan


@pytest.fixture(scope="module")
def corpus_scan(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = str(tmp_path_factory.mktemp("corpus"))
    badfiles.build(root)
    before = snapshot(root)
    results = with_deadline(scan, root, detectors=[TouchPixels()], jobs=1, ocr="none")
    return {"root": root, "before": before, "after": snapshot(root), "results": results, "by": by_rel(root, results)}


def test_every_image_entry_gives_exactly_one_result_and_nothing_else_does(corpus_scan):
    assert set(corpus_scan["by"]) == {c.path for c in badfiles.corpus()}


@pytest.mark.parametrize("case", GOOD, ids=lambda c: c.id)
def test_odd_but_valid_image_is_read_as_a_photo(corpus_scan, case: Case):
    r = corpus_scan["by"][case.path]
    assert (r.label, r.error, r.detector_errors) == (Label.PHOTO, None, ())
    if case.size is not None:
        assert (r.width, r.height) == case.size
    if case.kind == "file":
        assert r.sha256 == hashlib.sha256(case.data).hexdigest()


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.id)
def test_bad_file_gives_one_plain_error_naming_it(corpus_scan, case: Case):
    r = corpus_scan["by"][case.path]
    assert r.label is None and r.findings == ()
    assert_plain_error(r.error, os.path.join(corpus_scan["root"], case.path), case.words)


def test_summary_counts_unreadable_files(corpus_scan):
    summary = Summary()
    for r in corpus_scan["results"]:
        summary.add(r)
    assert (summary.unreadable, summary.labels["photo"], summary.flagged) == (len(BAD), len(GOOD), 0)


def test_scan_leaves_the_tree_untouched(corpus_scan):
    assert corpus_scan["after"] == corpus_scan["before"]


def test_process_pool_survives_bad_files_and_agrees_with_one_process(corpus_scan):
    root = corpus_scan["root"]
    pooled = with_deadline(scan, root, detectors=[TouchPixels()], jobs=2, ocr="none")
    key = lambda r: (r.path, r.label, r.error, r.width, r.height, r.sha256)  # noqa: E731
    assert [key(r) for r in pooled] == [key(r) for r in corpus_scan["results"]]
    assert snapshot(root) == corpus_scan["before"]


def test_installed_detectors_do_not_fail_on_odd_images(corpus_scan):
    try:
        load_detectors()
    except DetectorLoadError as exc:
        pytest.skip(f"installed detectors cannot load yet: {exc}")
    root = corpus_scan["root"]
    results = by_rel(root, with_deadline(scan, root, jobs=1, ocr="none"))
    errors = {c.id: results[c.path].detector_errors for c in GOOD if results[c.path].detector_errors}
    assert errors == {}
    assert all(results[c.path].label is not None for c in GOOD)
    assert all(results[c.path].label is None for c in BAD)


# ------------------------------------------- limits beyond the corpus


def test_pillow_bomb_warning_does_not_override_our_pixel_limit(monkeypatch):
    """Pillow warns above ~89 MP; a 108 MP phone photo is within MAX_PIXELS and must be read."""
    from pii_scan.decode import decode
    from pii_scan.errors import UnreadableImage

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # scaled-down stand-in for Pillow's 89 MP
    monkeypatch.setattr("pii_scan.decode.MAX_PIXELS", 1800)  # ... and for our 120 MP
    assert decode(encode(image(size=(40, 40)), "JPEG")).size == (40, 40)  # 1600 px: over Pillow's, under ours
    with pytest.raises(UnreadableImage, match="too large"):
        decode(encode(image(size=(43, 43)), "JPEG"))  # 1849 px: over ours
    with pytest.raises(UnreadableImage, match="too large"):
        decode(encode(image(size=(50, 50)), "PNG"))  # 2500 px: over Pillow's hard limit too


def _nest(monkeypatch, base, name: str, levels: int) -> None:
    """Create ``levels`` nested folders by relative steps (os.makedirs recurses); cwd ends inside."""
    monkeypatch.chdir(base)
    for _ in range(levels):
        os.mkdir(name)
        os.chdir(name)


def _unnest(monkeypatch, base, name: str, levels: int) -> None:
    """Remove what ``_nest`` made, bottom up, without recursion (shutil.rmtree recurses)."""
    monkeypatch.chdir(base)
    for _ in range(levels):
        os.chdir(name)
    for _ in range(levels):
        for entry in os.listdir("."):
            os.remove(entry)
        os.chdir("..")
        os.rmdir(name)


def test_tree_deeper_than_the_recursion_limit(tmp_path, monkeypatch):
    levels = sys.getrecursionlimit() + 100
    _nest(monkeypatch, tmp_path, "d", levels)
    with open("deep.jpg", "wb") as fh:
        fh.write(encode(image(), "JPEG"))
    try:
        [r] = with_deadline(scan, tmp_path, detectors=[], jobs=1, ocr="none")
    finally:
        _unnest(monkeypatch, tmp_path, "d", levels)
    assert r.label is Label.PHOTO and r.path == os.path.join(tmp_path, *["d"] * levels, "deep.jpg")


def test_path_longer_than_the_system_limit_is_one_error(tmp_path, monkeypatch):
    (tmp_path / "shallow.png").write_bytes(encode(image(), "PNG"))
    _nest(monkeypatch, tmp_path, "n" * 200, 25)  # 25 x 201 bytes: past PATH_MAX (4096)
    open("buried.jpg", "wb").close()
    try:
        results = with_deadline(scan, tmp_path, detectors=[], jobs=1, ocr="none")
    finally:
        _unnest(monkeypatch, tmp_path, "n" * 200, 25)
    assert [r.label for r in results] == [None, Label.PHOTO]
    assert_plain_error(results[0].error, results[0].path, ("too long",))


# --------------------------------------- files that change under the scan


def _replace_with(victim: str, data: bytes) -> None:
    tmp = victim + ".tmp"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, victim)


def _truncate(victim: str) -> None:
    with open(victim, "r+b") as fh:
        fh.truncate(os.path.getsize(victim) // 2)


def _swap(make: Callable[[str], None]) -> Callable[[str], None]:
    def action(victim: str) -> None:
        os.remove(victim)
        make(victim)

    return action


CHANGES = [
    ("deleted", os.remove, ("no such file",)),
    ("replaced_by_text", lambda v: _replace_with(v, b"just some text, not a photo\n"), ("not an image",)),
    ("truncated_in_place", _truncate, badfiles.TRUNCATED),
    ("emptied", lambda v: open(v, "wb").close(), badfiles.EMPTY),
    ("replaced_by_fifo", _swap(os.mkfifo), badfiles.NOT_FILE),
    ("replaced_by_folder", _swap(os.mkdir), badfiles.NOT_FILE),
    ("replaced_by_symlink_loop", _swap(lambda v: os.symlink(os.path.basename(v), v)), ("symbolic links",)),
    ("replaced_by_dangling_symlink", _swap(lambda v: os.symlink("gone.jpg", v)), ("no such file",)),
]


@pytest.fixture
def pair(tmp_path):
    """A victim JPEG and a good neighbour in one folder."""
    victim, neighbour = tmp_path / "victim.jpg", tmp_path / "zz_neighbour.png"
    victim.write_bytes(encode(image(size=(320, 240)), "JPEG"))
    neighbour.write_bytes(encode(image(), "PNG"))
    return str(victim), str(neighbour)


@pytest.mark.parametrize("change, words", [(c[1], c[2]) for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_file_changed_between_discovery_and_decode(pair, monkeypatch, change, words):
    victim, neighbour = pair
    real = api.discover

    def discover_then_change(path, **kw):
        found = list(real(path, **kw))
        change(victim)
        yield from found

    monkeypatch.setattr(api, "discover", discover_then_change)
    results = with_deadline(scan, os.path.dirname(victim), detectors=[TouchPixels()], jobs=1, ocr="none")
    assert [r.path for r in results] == [victim, neighbour]
    assert results[0].label is None
    assert_plain_error(results[0].error, victim, words)
    assert results[1].label is Label.PHOTO and results[1].error is None


class ChangeWhileScanning(BaseDetector):
    """Test detector: changes the file on disk mid-scan, then asks for the full-resolution pixels."""

    name = "test.change"
    label = Label.PHOTO

    def __init__(self, victim: str, how: str) -> None:
        self.victim, self.how = victim, how

    def detect(self, ctx):
        if ctx.image.source == self.victim:
            if self.how == "replace":
                _replace_with(self.victim, b"not an image any more")
            elif self.how == "truncate":
                _truncate(self.victim)
            else:
                os.remove(self.victim)
            ctx.image.full()  # decoded lazily for JPEG: must use the bytes already read
        return ()


@pytest.mark.parametrize("how", ["replace", "truncate", "delete"])
def test_file_changed_while_being_scanned_is_judged_on_the_bytes_read(pair, how):
    victim, neighbour = pair
    with open(victim, "rb") as fh:
        original = hashlib.sha256(fh.read()).hexdigest()
    detector = ChangeWhileScanning(victim, how)
    results = with_deadline(scan, os.path.dirname(victim), detectors=[detector], jobs=1, ocr="none")
    assert [(r.label, r.error, r.detector_errors) for r in results] == [(Label.PHOTO, None, ())] * 2
    assert results[0].sha256 == original and (results[0].width, results[0].height) == (320, 240)


# ------------------------------------------------- unreadable files/folders


def _deny(monkeypatch, target: str, func: str) -> None:
    """Make ``os.<func>`` fail with EACCES for ``target``, as chmod 000 does for a non-root user."""
    real = getattr(os, func)

    def denied(path, *args, **kwargs):
        if os.fspath(path) == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), target)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, func, denied)


@pytest.mark.parametrize("how", ["chmod", "simulated"])
@pytest.mark.parametrize("what", ["file", "folder"])
def test_unreadable_file_or_folder_is_one_error(tmp_path, monkeypatch, how, what):
    if how == "chmod" and ROOT_IS_GOD:
        pytest.skip("running as root: chmod 000 does not stop root reading (the 'simulated' case covers it)")
    (tmp_path / "ok.jpg").write_bytes(encode(image(), "JPEG"))
    (tmp_path / "locked").mkdir()
    target = tmp_path / ("locked/secret.jpg" if what == "file" else "locked")
    (tmp_path / "locked/secret.jpg").write_bytes(encode(image(), "JPEG"))
    if how == "chmod":
        target.chmod(0)
    else:
        _deny(monkeypatch, str(target), "open" if what == "file" else "scandir")
    try:
        results = with_deadline(scan, tmp_path, detectors=[], jobs=1, ocr="none")
    finally:
        target.chmod(0o755)
    by = {os.path.relpath(r.path, tmp_path): r for r in results}
    assert set(by) == {"ok.jpg", os.path.relpath(target, tmp_path)}
    assert by["ok.jpg"].label is Label.PHOTO
    bad = by[os.path.relpath(target, tmp_path)]
    assert bad.label is None
    assert_plain_error(bad.error, str(target), ("permission denied",))


# --------------------------------------------------------------------- CLI


def _cli(monkeypatch, capsys, *args: str) -> tuple[int, Any]:
    monkeypatch.setattr("pii_scan.engine.load_detectors", lambda: [TouchPixels(), RedIsTicket()])
    monkeypatch.setattr(api, "_ENGINES", {})  # no engine cached by another test
    code = with_deadline(main, [*args, "--ocr", "none", "--jobs", "1", "--no-progress"])
    return code, capsys.readouterr()


@pytest.mark.parametrize(
    "good, expected",
    [
        ({"photo.jpg": (20, 90, 200)}, 0),
        ({"photo.jpg": (20, 90, 200), "ticket.png": (230, 10, 10)}, 1),
        ({}, 2),
    ],
    ids=["bad_and_photo_exit_0", "bad_and_flagged_exit_1", "only_bad_exit_2"],
)
def test_cli_exit_code_and_summary_with_bad_files(tmp_path, monkeypatch, capsys, good, expected):
    chosen = ("empty_file", "truncated_jpeg", "bomb_png", "fifo_named_jpeg", "dangling_symlink")
    bad = [c for c in BAD if c.id in chosen]
    badfiles.build(tmp_path, bad)
    for name, colour in good.items():
        (tmp_path / name).write_bytes(encode(Image.new("RGB", (60, 40), colour), "PNG"))
    code, out = _cli(monkeypatch, capsys, str(tmp_path), "--format", "json")
    assert code == expected
    summary = json.loads(out.out)["summary"]
    assert (summary["images"], summary["unreadable"]) == (len(bad) + len(good), len(bad))


def test_cli_exit_code_2_for_a_missing_path(tmp_path, monkeypatch, capsys):
    code, out = _cli(monkeypatch, capsys, str(tmp_path / "no-such-folder"))
    assert code == 2 and "no-such-folder" in out.out + out.err


_RUNNER = (
    "import sys, badfiles, pii_scan.engine as e\n"
    "e.load_detectors = lambda: [badfiles.TouchPixels(), badfiles.RedIsTicket()]\n"
    "from pii_scan.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _cli_subprocess(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The real CLI in a child process with a strict UTF-8 stdout, as on a typical desktop."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([TESTS_DIR, os.environ.get("PYTHONPATH", "")]))
    env.update(PYTHONIOENCODING="utf-8", PYTHONWARNINGS="default")
    cmd = [sys.executable, "-c", _RUNNER, *args, "--ocr", "none", "--jobs", "1", "--no-progress"]
    return subprocess.run(cmd, capture_output=True, timeout=DEADLINE, env=env)


def test_cli_reads_the_whole_corpus_with_odd_names_in_a_subprocess(tmp_path):
    cases = badfiles.build(tmp_path, [c for c in badfiles.corpus() if c.id != "name_not_utf8"])
    before = snapshot(str(tmp_path))
    proc = _cli_subprocess(str(tmp_path), "--format", "jsonl")
    assert snapshot(str(tmp_path)) == before
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    assert b"Traceback" not in proc.stderr and b"Warning" not in proc.stderr
    records = {os.path.relpath(d["path"], tmp_path): d for d in map(json.loads, proc.stdout.decode().splitlines())}
    assert set(records) == {c.path for c in cases}
    for c in cases:
        rec = records[c.path]
        if c.readable:
            assert (rec["label"], rec["error"]) == ("photo", None), c.id
        else:
            assert rec["label"] is None, c.id
            assert_plain_error(rec["error"], os.path.join(str(tmp_path), c.path), c.words)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "table"])
@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "output_file"])
def test_cli_reports_a_non_utf8_file_name(tmp_path, fmt, to_file):
    tree = tmp_path / "tree"
    badfiles.build(tree, [c for c in GOOD if c.id in ("good_jpeg", "name_not_utf8")], silent=False)
    report = tmp_path / f"report.{fmt}"
    proc = _cli_subprocess(str(tree), "--format", fmt, "--verbose", *(["--output", str(report)] if to_file else []))
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-300:]
    text = (report.read_bytes() if to_file else proc.stdout).decode("utf-8")  # valid UTF-8 output
    assert "name.jpg" in text


class DieOnFile(BaseDetector):
    """Test detector: the worker process dies hard on one file, as a decoder segfault would."""

    name = "test.die"
    label = Label.PHOTO

    def __init__(self, victim: str, parent: int) -> None:
        self.victim, self.parent = victim, parent

    def detect(self, ctx):
        if ctx.image.source == self.victim and os.getpid() != self.parent:
            os._exit(70)
        return ()


def test_worker_crash_on_one_file_does_not_end_the_scan(tmp_path):
    for i in range(6):
        (tmp_path / f"img{i}.jpg").write_bytes(encode(image(seed=i), "JPEG"))
    victim = str(tmp_path / "img2.jpg")
    results = with_deadline(scan, tmp_path, detectors=[DieOnFile(victim, os.getpid())], jobs=2, ocr="none")
    assert len(results) == 6
    assert [r.path for r in results if r.label is None] == [victim]
