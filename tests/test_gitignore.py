"""``load/gitignore.py``: git's ignore semantics through pathspec, checked against git itself
(``git check-ignore``) on the same trees when git is installed."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import write_tree

from copilot_lint.load.gitignore import GitIgnore, ignores_workspace_file

CASES = {
    "negation": ({".gitignore": "*.env\n!keep.env\n"}, ["a.env", "keep.env", "d/a.env"]),
    "anchored": ({".gitignore": "/root.env\n"}, ["root.env", "d/root.env"]),
    "double-star": ({".gitignore": "a/**/b.env\n"}, ["a/b.env", "a/x/y/b.env", "c/a/b.env"]),
    "folder-only": ({".gitignore": "conf/\n"}, ["conf/x.env", "d/conf/x.env"]),
    "folder-then-negation": ({".gitignore": "conf/\n!conf/keep.env\n"}, ["conf/keep.env"]),
    "nested-file": ({".gitignore": "!*.env\n", "copilot/web/.gitignore": "*.env\n"},
                    ["copilot/web/app.env", "copilot/app.env"]),
    "nested-negation": ({".gitignore": "*.env\n", "copilot/.gitignore": "!web/*.env\n"},
                        ["copilot/web/app.env", "copilot/api/app.env"]),
    "middle-slash": ({".gitignore": "copilot/web/*.env\n"},
                     ["copilot/web/a.env", "x/copilot/web/a.env", "copilot/web/d/a.env"]),
    "comment-and-escape": ({".gitignore": "# *.env\n\\#x.env\n"}, ["a.env", "#x.env"]),
}


def _tree(root: Path, files: dict[str, str], paths: list[str]) -> None:
    write_tree(root, files)
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("A=1\n")


@pytest.mark.parametrize("name", sorted(CASES))
def test_agrees_with_git(name: str, tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    files, paths = CASES[name]
    _tree(tmp_path, files, paths)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    ours = GitIgnore(tmp_path)
    for path in paths:
        theirs = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "-q", path],
                                check=False).returncode == 0
        assert ours.ignored(path) == theirs, (name, path)


def test_symlinked_gitignore_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write_tree(outside, {"ignore": "*.env\n"})
    root = tmp_path / "root"
    _tree(root, {}, ["a.env"])
    os.symlink(outside / "ignore", root / ".gitignore")
    assert not GitIgnore(root).ignored("a.env")


def test_paths_that_leave_the_root_are_never_ignored(tmp_path: Path) -> None:
    write_tree(tmp_path, {".gitignore": "*\n"})
    assert not GitIgnore(tmp_path).ignored("../x.env")
    assert not GitIgnore(tmp_path).ignored("")


def test_workspace_file_through_the_matcher(tmp_path: Path) -> None:
    write_tree(tmp_path, {".gitignore": "copilot/*\n!copilot/*/\n", "copilot/api/x": ""})
    assert ignores_workspace_file(tmp_path / "copilot")
    write_tree(tmp_path / "b", {".gitignore": "**/.workspace\n", "copilot/api/x": ""})
    assert ignores_workspace_file(tmp_path / "b" / "copilot")
