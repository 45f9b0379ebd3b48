"""Confined file access: nothing outside the root is read, created or replaced."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from copilot_lint.load.confined import Confined, NotRegular, OutsideRoot, TooLarge


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    (tmp_path / "ws" / "web").mkdir(parents=True)
    (tmp_path / "ws" / "web" / "manifest.yml").write_text("name: web\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yml").write_text("secret: 1\n")
    return tmp_path / "ws"


def test_reads_inside_and_through_symlinks_that_stay_inside(root: Path) -> None:
    os.symlink("web/manifest.yml", root / "alias.yml")
    confined = Confined(root)
    assert confined.read_bytes(root / "web" / "manifest.yml", 100) == b"name: web\n"
    assert confined.read_bytes(root / "alias.yml", 100) == b"name: web\n"


def test_file_and_folder_symlinks_out_of_the_root_are_refused(root: Path) -> None:
    os.symlink("../../outside/secret.yml", root / "web" / "leak.yml")
    os.symlink("../outside", root / "out")
    os.symlink("/etc/passwd", root / "passwd.yml")
    confined = Confined(root)
    targets = []
    for path in (root / "web" / "leak.yml", root / "out" / "secret.yml", root / "passwd.yml"):
        with pytest.raises(OutsideRoot) as caught:
            confined.read_bytes(path, 1000)
        targets.append(caught.value.target)
    assert targets == ["../../outside/secret.yml", "../outside", "/etc/passwd"]
    assert confined.inside(root / "web") and not confined.inside(root / "out")


def test_fifo_device_and_size_cap_do_not_hang_or_exhaust(root: Path) -> None:
    os.mkfifo(root / "fifo.yml")
    os.symlink("/dev/zero", root / "zero.yml")
    (root / "big.yml").write_bytes(b"x" * 2000)
    confined = Confined(root)
    done = threading.Event()

    def read_fifo() -> None:
        with pytest.raises(NotRegular):
            confined.read_bytes(root / "fifo.yml", 100)
        done.set()

    worker = threading.Thread(target=read_fifo, daemon=True)
    worker.start()
    assert done.wait(5), "reading a FIFO blocked"
    with pytest.raises(OutsideRoot):
        confined.read_bytes(root / "zero.yml", 100)
    with pytest.raises(TooLarge):
        confined.read_bytes(root / "big.yml", 1000)


def test_a_symlink_swapped_in_after_resolving_is_not_followed(root: Path,
                                                              monkeypatch) -> None:
    confined = Confined(root)
    checked = os.path.realpath(root / "web" / "manifest.yml")
    (root / "web" / "manifest.yml").unlink()
    (root / "web").rmdir()
    os.symlink("../outside", root / "web")
    (root.parent / "outside" / "manifest.yml").write_text("stolen: 1\n")
    monkeypatch.setattr(os.path, "realpath", lambda path: checked)  # the check ran before
    with pytest.raises(OSError) as caught:
        confined.read_bytes(root / "web" / "manifest.yml", 100)
    assert not isinstance(caught.value, (NotRegular, TooLarge))
    with pytest.raises(OSError):
        confined.replace(root / "web" / "manifest.yml", b"x", 0o644, ".t.", ".tmp")
    assert (root.parent / "outside" / "manifest.yml").read_text() == "stolen: 1\n"


def test_replace_writes_atomically_and_replaces_a_symlink_instead_of_following_it(
        root: Path) -> None:
    confined = Confined(root)
    target = root / "web" / "manifest.yml"
    confined.replace(target, b"name: new\n", 0o640, ".manifest.yml.", ".tmp")
    assert target.read_bytes() == b"name: new\n" and target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == ["manifest.yml"]
    os.symlink("../../outside/secret.yml", root / "web" / "b.yml")
    confined.replace(root / "web" / "b.yml", b"mine", 0o644, ".b.", ".tmp")
    assert (root.parent / "outside" / "secret.yml").read_text() == "secret: 1\n"
    assert not (root / "web" / "b.yml").is_symlink()
    assert (root / "web" / "b.yml").read_bytes() == b"mine"
    with pytest.raises(FileExistsError):
        confined.replace(target, b"x", 0o644, ".m.", ".tmp", exclusive=True)
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.yml", "manifest.yml"]


def test_make_dirs_stays_inside(root: Path) -> None:
    confined = Confined(root)
    confined.make_dirs(root / "api" / "addons")
    assert (root / "api" / "addons").is_dir()
    os.symlink("../outside", root / "out")
    with pytest.raises(OutsideRoot):
        confined.make_dirs(root / "out" / "new" / "deeper")
    assert not (root.parent / "outside" / "new").exists()


def test_output_files_replace_a_planted_symlink_instead_of_following_it(tmp_path: Path) -> None:
    from copilot_lint.load.confined import write_replacing

    (tmp_path / "victim").write_text("keep me\n")
    os.symlink(tmp_path / "victim", tmp_path / "copilot-lint.sarif")
    write_replacing(tmp_path / "copilot-lint.sarif", "{}\n")
    assert (tmp_path / "victim").read_text() == "keep me\n"
    assert not (tmp_path / "copilot-lint.sarif").is_symlink()
    assert (tmp_path / "copilot-lint.sarif").read_text() == "{}\n"
    assert sorted(os.listdir(tmp_path)) == ["copilot-lint.sarif", "victim"]
