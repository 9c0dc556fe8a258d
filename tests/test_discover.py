import os

import pytest

from conftest import image_bytes
from pii_scan.discover import discover


def _tree(tmp_path):
    (tmp_path / "DCIM" / ".trashed").mkdir(parents=True)
    (tmp_path / "DCIM" / "b.jpg").write_bytes(image_bytes("JPEG"))
    (tmp_path / "DCIM" / "a_no_ext").write_bytes(image_bytes("PNG"))  # image by content
    (tmp_path / "DCIM" / "notes.txt").write_text("not an image")
    (tmp_path / "DCIM" / "fake.jpg").write_text("text named like an image")
    (tmp_path / "DCIM" / ".trashed" / ".trashed-1700000000-c.jpg").write_bytes(image_bytes("JPEG"))
    return tmp_path


def test_finds_images_by_content_and_by_image_name_sorted(tmp_path):
    found = [os.path.relpath(c.path, tmp_path) for c in discover(_tree(tmp_path))]
    assert found == [
        "DCIM/.trashed/.trashed-1700000000-c.jpg",
        "DCIM/a_no_ext",
        "DCIM/b.jpg",
        "DCIM/fake.jpg",
    ]


def test_hidden_files_can_be_skipped(tmp_path):
    found = [os.path.basename(c.path) for c in discover(_tree(tmp_path), include_hidden=False)]
    assert ".trashed-1700000000-c.jpg" not in found and "b.jpg" in found


def test_symlink_loop_and_dangling_link_are_errors_not_hangs(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    (tmp_path / "dangling.jpg").symlink_to(tmp_path / "missing.jpg")
    cands = {os.path.basename(c.path): c.error for c in discover(tmp_path)}
    assert "symlink loop" in cands["loop"]
    assert "broken symlink" in cands["dangling.jpg"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_named_like_an_image_is_reported_without_opening_it(tmp_path):
    os.mkfifo(tmp_path / "pipe.jpg")
    os.mkfifo(tmp_path / "pipe")
    cands = list(discover(tmp_path))
    assert [(os.path.basename(c.path), bool(c.error)) for c in cands] == [("pipe.jpg", True)]


def test_missing_path_is_one_error(tmp_path):
    [c] = discover(tmp_path / "nope")
    assert c.error and "nope" in c.error
