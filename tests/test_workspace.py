"""Discovery and loading of a copilot/ folder, as Copilot does it."""
from __future__ import annotations

import os
from pathlib import Path

from conftest import write_tree

from copilot_lint.load.discover import find_copilot_dir, load_workspace

SVC = "name: {0}\ntype: Backend Service\n"


def test_find_copilot_dir_from_root_child_and_file(tmp_path: Path) -> None:
    write_tree(tmp_path, {"copilot/.workspace": "application: a\n",
                          "copilot/api/manifest.yml": SVC.format("api")})
    copilot = tmp_path / "copilot"
    assert find_copilot_dir(tmp_path) == copilot
    assert find_copilot_dir(copilot) == copilot
    assert find_copilot_dir(copilot / "api" / "manifest.yml") == copilot
    deep = tmp_path / "a" / "b" / "c" / "d" / "e"
    deep.mkdir(parents=True)
    assert find_copilot_dir(deep) == copilot
    deeper = deep / "f"
    deeper.mkdir()
    assert find_copilot_dir(deeper) is None


def test_layout(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot/.workspace": "application: shop\n",
        "copilot/api/manifest.yml": SVC.format("api"),
        "copilot/api/addons/a.yml": "Resources: {}\n",
        "copilot/api/addons/b.yaml": "Resources: {}\n",
        "copilot/api/addons/c.json": "{}",
        "copilot/api/addons/nested/d.yml": "Resources: {}\n",
        "copilot/api/addons/addons.parameters.yml": "Parameters: {X: 1}\n",
        "copilot/notes/readme.md": "not a workload",
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
        "copilot/environments/addons/e.yml": "Resources: {}\n",
        "copilot/pipelines/release/manifest.yml": "name: rel\nversion: 1\n",
        "copilot/pipeline.yml": "name: legacy\nversion: 1\n",
    })
    ws = load_workspace(tmp_path / "copilot", cwd=tmp_path)
    assert ws.app == "shop"
    assert [w.name for w in ws.workloads] == ["api"]
    addons = ws.workloads[0].addons
    assert [t.path for t in addons.templates] == ["copilot/api/addons/a.yml",
                                                  "copilot/api/addons/b.yaml"]
    assert addons.params.path == "copilot/api/addons/addons.parameters.yml"
    assert ws.env_names == ["test"] and ws.environments_from_folders
    assert ws.env_addons is not None and ws.env_addons.is_environment
    assert sorted(p.name for p in ws.pipelines) == ["legacy", "rel"]
    assert ws.problems == []


def test_environments_implied_without_folders(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot/.workspace": "application: shop\n",
        "copilot/api/manifest.yml": SVC.format("api") + "environments:\n  prod: {}\n  dev:\n",
        "copilot/pipelines/p/manifest.yml": "name: p\nstages:\n  - name: staging\n",
    })
    ws = load_workspace(tmp_path / "copilot", cwd=tmp_path)
    assert ws.env_names == ["dev", "prod", "staging"]
    assert not ws.environments_from_folders


def test_broken_inputs_become_findings(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot/api/manifest.yml": SVC.format("api"),
        "copilot/web/manifest.yml": b"\x00\x01",
        "copilot/job/manifest.yml": "a: [\n",
        "copilot/worker/addons": "a file, not a folder",
        "copilot/worker/manifest.yml": SVC.format("worker"),
    })
    (tmp_path / "copilot" / "dangling").mkdir()
    os.symlink(tmp_path / "nowhere.yml", tmp_path / "copilot" / "dangling" / "manifest.yml")
    os.symlink(tmp_path / "copilot", tmp_path / "copilot" / "loop")
    (tmp_path / "copilot" / "folder").mkdir()
    (tmp_path / "copilot" / "folder" / "manifest.yml").mkdir()
    ws = load_workspace(tmp_path / "copilot", cwd=tmp_path)
    by_file = {(f.file, f.rule) for f in ws.problems}
    assert ("copilot/.workspace", "CL004") in by_file
    assert ("copilot/web/manifest.yml", "CL001") in by_file
    assert ("copilot/job/manifest.yml", "CL001") in by_file
    assert ("copilot/worker/addons", "CL004") in by_file
    assert ("copilot/dangling/manifest.yml", "CL001") in by_file
    assert ("copilot/loop", "CL004") in by_file
    assert ("copilot/folder/manifest.yml", "CL001") in by_file
    assert {w.name for w in ws.workloads} == {"api", "dangling", "folder", "job", "web", "worker"}
