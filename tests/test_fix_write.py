"""Writing fixes: only inside the workspace, atomically, and no temporary file left behind."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from copilot_lint.cli import main
from copilot_lint.load.confined import Confined
from copilot_lint.fix.spans import Refused
from copilot_lint.fix.write import STALE_AFTER, create, remove_stale, rewrite

from conftest import write_tree

BUCKET = ("Parameters:\n  App: {Type: String}\n  Env: {Type: String}\n  Name: {Type: String}\n"
          "Resources:\n  Media:\n    Type: AWS::S3::Bucket\n    Properties:\n"
          "      BucketName: app-media\n")
BASE = {
    "copilot/.workspace": "application: app\n",
    "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
    "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
    "copilot/web/manifest.yml": "name: web\ntype: Backend Service\nimage:\n  build: Dockerfile\n",
}


def _fix(tmp_path: Path, capsys, monkeypatch) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)
    code = main(["--no-cfn-lint", "--fix"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_fix_never_writes_through_a_file_symlink_out_of_the_workspace(
        tmp_path: Path, capsys, monkeypatch) -> None:
    write_tree(tmp_path, {**BASE, "outside/target.yml": BUCKET})
    (tmp_path / "copilot" / "web" / "addons").mkdir()
    os.symlink("../../../outside/target.yml", tmp_path / "copilot/web/addons/b.yml")
    code, output = _fix(tmp_path, capsys, monkeypatch)
    assert (tmp_path / "outside" / "target.yml").read_text() == BUCKET
    assert os.listdir(tmp_path / "outside") == ["target.yml"]
    assert "app-media" not in output and code == 1
    assert "copilot/web/addons/b.yml:1:1: error CL001 symlink points outside the workspace " \
           "(../../../outside/target.yml); not read" in output


def test_fix_never_writes_into_a_folder_symlinked_out_of_the_workspace(
        tmp_path: Path, capsys, monkeypatch) -> None:
    write_tree(tmp_path, {**BASE, "outside/addons/b.yml": BUCKET})
    os.symlink("../../outside/addons", tmp_path / "copilot/web/addons")
    _fix(tmp_path, capsys, monkeypatch)
    assert (tmp_path / "outside" / "addons" / "b.yml").read_text() == BUCKET
    assert os.listdir(tmp_path / "outside" / "addons") == ["b.yml"]


def test_rewrite_and_create_refuse_paths_that_leave_the_root(tmp_path: Path) -> None:
    write_tree(tmp_path, {"ws/a.yml": "a: 1\n", "outside/t.yml": "t: 1\n"})
    os.symlink("../outside/t.yml", tmp_path / "ws" / "link.yml")
    os.symlink("../outside", tmp_path / "ws" / "out")
    confined = Confined(tmp_path / "ws")
    with pytest.raises(Refused, match="outside the workspace"):
        rewrite(confined, tmp_path / "ws" / "link.yml", b"t: 1\n", b"pwned\n")
    with pytest.raises(Refused, match="outside the workspace"):
        create(confined, tmp_path / "ws" / "out" / "new.yml", b"pwned\n")
    assert sorted(os.listdir(tmp_path / "outside")) == ["t.yml"]
    assert (tmp_path / "outside" / "t.yml").read_text() == "t: 1\n"
    rewrite(confined, tmp_path / "ws" / "a.yml", b"a: 1\n", b"a: 2\n")
    create(confined, tmp_path / "ws" / "new" / "b.yml", b"b: 1\n")
    assert (tmp_path / "ws" / "a.yml").read_text() == "a: 2\n"
    assert (tmp_path / "ws" / "new" / "b.yml").read_text() == "b: 1\n"


def test_stale_temporary_files_of_an_interrupted_fix_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "ws" / "web" / "addons"
    folder.mkdir(parents=True)
    old = folder / ".b.yml.k2j4h5g6.copilot-lint-fix"
    fresh = folder / ".b.yml.a1b2c3d4e5f6.copilot-lint-fix"
    other = folder / ".b.yml.notours.tmp"
    for path in (old, fresh, other):
        path.write_text("partial")
    os.utime(old, (time.time() - STALE_AFTER - 60,) * 2)
    os.utime(other, (time.time() - STALE_AFTER - 60,) * 2)
    assert remove_stale(Confined(tmp_path / "ws"), [folder]) == 1
    assert not old.exists() and fresh.exists() and other.exists()


def test_fix_run_removes_stale_temporary_files(tmp_path: Path, capsys, monkeypatch) -> None:
    write_tree(tmp_path, {**BASE, "copilot/web/addons/b.yml": BUCKET})
    stale = tmp_path / "copilot/web/addons/.b.yml.abc123xy.copilot-lint-fix"
    stale.write_text("partial")
    os.utime(stale, (time.time() - 2 * STALE_AFTER,) * 2)
    code, _ = _fix(tmp_path, capsys, monkeypatch)
    assert not stale.exists() and code == 0
    assert sorted(os.listdir(tmp_path / "copilot/web/addons")) == ["b.yml"]
    assert "${Env}" in (tmp_path / "copilot/web/addons/b.yml").read_text()
