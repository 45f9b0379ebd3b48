"""``query/workspace_files.py``: the files next to ``copilot/`` that manifests name, as the
deploy finds them, never read outside the workspace root."""
from __future__ import annotations

import os
from pathlib import Path

from conftest import analysed, write_tree

from copilot_lint.query.workspace_files import (
    FILE, FOLDER, MISSING, OTHER, OUTSIDE, copied_out, inside_copilot, named_file,
)

MANIFEST = "name: web\ntype: Backend Service\nimage:\n  {image}\n"


def _ws(root: Path, files: dict[str, str], image: str = "location: nginx"):
    write_tree(root, {"copilot/.workspace": "application: shop\n",
                      "copilot/web/manifest.yml": MANIFEST.format(image=image), **files})
    return analysed(root / "copilot", cwd=root)


def test_states(tmp_path: Path) -> None:
    ws = _ws(tmp_path, {"app.env": "A=1\n", "conf/x.env": "", ".gitignore": "conf/\n"})
    assert named_file(ws, "app.env").state == FILE
    assert named_file(ws, "/app.env").state == FILE  # Go's Join keeps it below the root
    assert named_file(ws, "./conf/../app.env").relative == "app.env"
    assert named_file(ws, "conf").state == FOLDER
    assert named_file(ws, "none.env").state == MISSING
    assert named_file(ws, "../app.env").state == OUTSIDE
    ignored = named_file(ws, "conf/x.env")
    assert (ignored.state, ignored.ignored) == (FILE, True)
    assert not named_file(ws, "app.env").ignored


def test_never_follows_a_link_out_of_the_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write_tree(outside, {"secret.env": "TOKEN=x\n"})
    ws = _ws(tmp_path / "root", {})
    os.symlink(outside / "secret.env", tmp_path / "root" / "app.env")
    os.symlink(outside, tmp_path / "root" / "linked")
    assert named_file(ws, "app.env").state == OUTSIDE
    assert named_file(ws, "linked/secret.env").state == OUTSIDE


def test_odd_paths_are_other(tmp_path: Path) -> None:
    ws = _ws(tmp_path, {})
    assert named_file(ws, "a\x00b.env").state == OTHER
    assert named_file(ws, "x" * 5000).state == OTHER  # name too long


def test_fifo_is_not_opened_for_reading(tmp_path: Path) -> None:
    ws = _ws(tmp_path, {})
    os.mkfifo(tmp_path / "pipe.env")
    assert named_file(ws, "pipe.env").state == OTHER


def test_copied_out_copilot_folder(tmp_path: Path) -> None:
    bare = _ws(tmp_path / "a", {}, image="build: web/Dockerfile")
    assert copied_out(bare)
    with_dockerfile = _ws(tmp_path / "b", {"web/Dockerfile": "FROM alpine\n"},
                          image="build: web/Dockerfile")
    assert not copied_out(with_dockerfile)
    registry = _ws(tmp_path / "c", {}, image="location: nginx")
    assert not copied_out(registry)
    checkout = _ws(tmp_path / "d", {"README.md": "x"}, image="build: web/Dockerfile")
    assert not copied_out(checkout)
    assert inside_copilot(bare, "./copilot/web/a.env")
    assert not inside_copilot(bare, "web/a.env")
