"""Discovery and loading of a copilot/ folder, as Copilot does it."""
from __future__ import annotations

import contextlib
import io
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import problem_findings, write_tree

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
    assert [(p.file, p.rule) for p in problem_findings(ws.problems)] == [
        ("copilot/api/addons/nested/d.yml", "CL004")]


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
    by_file = {(f.file, f.rule) for f in problem_findings(ws.problems)}
    assert ("copilot/.workspace", "CL004") in by_file
    assert ("copilot/web/manifest.yml", "CL001") in by_file
    assert ("copilot/job/manifest.yml", "CL001") in by_file
    assert ("copilot/worker/addons", "CL004") in by_file
    assert ("copilot/dangling/manifest.yml", "CL001") in by_file
    assert ("copilot/loop", "CL004") in by_file
    assert ("copilot/folder/manifest.yml", "CL001") in by_file
    assert {w.name for w in ws.workloads} == {"api", "dangling", "folder", "job", "web", "worker"}


HOSTILE_BASE = {
    "copilot/.workspace": "application: app\n",
    "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
    "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
    "copilot/web/manifest.yml": "name: web\ntype: Backend Service\nimage:\n  build: Dockerfile\n",
    "copilot/api/manifest.yml": "name: api\ntype: Nope\n",
}


def test_file_symlinks_out_of_the_workspace_are_not_read(tmp_path: Path) -> None:
    write_tree(tmp_path, {**HOSTILE_BASE, "secret.yml": "Resources:\n  TOPSECRET: {}\n"})
    (tmp_path / "copilot" / "web" / "addons").mkdir()
    os.symlink("../../../secret.yml", tmp_path / "copilot" / "web" / "addons" / "leak.yml")
    (tmp_path / "copilot" / "web" / "manifest.yml").unlink()
    os.symlink("/etc/passwd", tmp_path / "copilot" / "web" / "manifest.yml")
    ws = load_workspace(tmp_path / "copilot", cwd=tmp_path)
    outside = [(p.file, p.message) for p in problem_findings(ws.problems) if "outside" in p.message]
    assert outside == [
        ("copilot/web/manifest.yml", "symlink points outside the workspace (/etc/passwd); "
                                     "not read"),
        ("copilot/web/addons/leak.yml", "symlink points outside the workspace "
                                        "(../../../secret.yml); not read")]
    assert all(f.text is None for f in ws.files if "web" in f.path)
    assert not any("TOPSECRET" in (f.text or "") or "root:" in (f.text or "") for f in ws.files)


def _run_as_normal_user(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The CLI run without root's permission bypass: in a forked child that drops to nobody.

    A subprocess started as nobody cannot be used: when the interpreter lives under a folder
    nobody may not enter (pyenv under /root), it starts with another Python's library and
    without this project's install. The child inherits every module the parent imported, so
    the parent warms up first with a full run on a readable copy of the workspace.
    """
    from copilot_lint.cli.main import main

    warm = Path(tempfile.mkdtemp(prefix="copilot-lint-warm-"))
    try:
        write_tree(warm, HOSTILE_BASE)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(["--no-cfn-lint", str(warm / "copilot")])
    finally:
        shutil.rmtree(warm)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 2
            try:
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 - the child exits
                sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115 - the child exits
                os.chdir(cwd)
                if os.geteuid() == 0:
                    nobody = pwd.getpwnam("nobody")
                    os.setgroups([])
                    os.setgid(nobody.pw_gid)
                    os.setuid(nobody.pw_uid)
                os.environ["HOME"] = str(cwd)
                code = main(["--no-cfn-lint", *args])
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(["copilot-lint", *args],
                                           os.waitstatus_to_exitcode(status),
                                           out.read().decode(), err.read().decode())


@pytest.mark.parametrize("folder", ["copilot/environments", "copilot/web",
                                    "copilot/web/addons", "copilot/web/overrides"])
def test_unreadable_folder_is_a_finding_and_the_rest_is_linted(folder: str) -> None:
    base = Path(tempfile.mkdtemp(prefix="copilot-lint-perm-"))
    try:
        os.chmod(base, 0o755)
        write_tree(base, {**HOSTILE_BASE, "copilot/web/addons/q.yml": "Resources: {}\n",
                          "copilot/web/overrides/cfn.patches.yml": "- op: add\n"})
        for path in [base, *base.rglob("*")]:
            os.chmod(path, 0o777 if path.is_dir() else 0o666)
        os.chmod(base / folder, 0)
        done = _run_as_normal_user([], base)
        assert "Traceback" not in done.stderr and done.returncode == 1, done.stderr
        assert f"{folder}:1:1: error CL001 cannot read folder: permission denied" in done.stdout
        assert "copilot/api/manifest.yml:2:7: error CL101" in done.stdout
        assert f"{folder}:1:1: error CL110" not in done.stdout, "unreadable is not empty"
    finally:
        os.chmod(base / folder, 0o755)
        shutil.rmtree(base)


def test_unreadable_root_is_a_one_line_error() -> None:
    base = Path(tempfile.mkdtemp(prefix="copilot-lint-perm-"))
    try:
        os.chmod(base, 0o755)
        write_tree(base, HOSTILE_BASE)
        os.chmod(base / "copilot", 0)
        done = _run_as_normal_user([], base)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr == "copilot-lint: copilot: cannot read folder: permission denied\n"
    finally:
        os.chmod(base / "copilot", 0o755)
        shutil.rmtree(base)


def test_overrides_folders_and_patch_files(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot/.workspace": "application: a\n",
        "copilot/api/manifest.yml": SVC.format("api"),
        "copilot/api/overrides/cfn.patches.yml": "- op: remove\n  path: /Resources/X\n",
        "copilot/web/manifest.yml": SVC.format("web"),
        "copilot/web/overrides/README.md": "x\n",
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
        "copilot/pipelines/p/manifest.yml": "name: p\n",
    })
    (tmp_path / "copilot/environments/overrides").mkdir()
    ws = load_workspace(tmp_path / "copilot", cwd=tmp_path)
    found = {o.owner: o for o in ws.overrides}
    assert sorted(found) == ["api", "environments", "web"]
    assert found["api"].patches.root.elements()[0].get("op").value == "remove"
    assert found["api"].dir_path == "copilot/api/overrides"
    assert found["web"].patches is None and found["web"].entries == ["README.md"]
    assert found["environments"].entries == []
    assert ws.workload("api").has_overrides and ws.workload("web").has_overrides


def test_pipeline_default_buildspec(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot/.workspace": "application: a\n",
        "copilot/pipeline.yml": "name: legacy\n",
        "copilot/buildspec.yml": "version: 0.2\n",
        "copilot/pipelines/dir/manifest.yml": "name: other-name\n",
    })
    ws = load_workspace(tmp_path / "copilot", cwd=tmp_path)
    shown = {p.name: (p.default_buildspec, p.has_default_buildspec) for p in ws.pipelines}
    assert shown == {"legacy": ("copilot/buildspec.yml", True),
                     "other-name": ("copilot/pipelines/dir/buildspec.yml", False)}


def test_gitignore_symlink_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "ignore").write_text("copilot/.workspace\n")
    project = tmp_path / "project"
    write_tree(project, {"copilot/api/manifest.yml": SVC.format("api")})
    os.symlink(outside / "ignore", project / ".gitignore")
    ws = load_workspace(project / "copilot", cwd=project)
    assert [(p.rule, p.severity) for p in problem_findings(ws.problems)] == [("CL004", "warning")]


def test_gitignored_workspace_file_is_info(tmp_path: Path) -> None:
    cases = {"copilot/.workspace\n": "info", "*.log\n.workspace\n": "info",
             "copilot/.workspace\n!copilot/.workspace\n": "warning",
             "copilot/.workspace.bak\n": "warning", "/.workspace\n": "warning"}
    for i, (text, severity) in enumerate(cases.items()):
        project = tmp_path / str(i)
        write_tree(project, {"copilot/api/manifest.yml": SVC.format("api"), ".gitignore": text})
        ws = load_workspace(project / "copilot", cwd=project)
        found = problem_findings(ws.problems)
        assert [(p.rule, p.severity) for p in found] == [("CL004", severity)], text
    write_tree(tmp_path / "inner", {"copilot/api/manifest.yml": SVC.format("api"),
                                    "copilot/.gitignore": ".workspace\n"})
    ws = load_workspace(tmp_path / "inner" / "copilot", cwd=tmp_path / "inner")
    assert [p.severity for p in problem_findings(ws.problems)] == ["info"]


@pytest.mark.parametrize("folder", ["copilot/web/overrides", "copilot/environments/overrides",
                                    "copilot/web/addons", "copilot/environments",
                                    "copilot/environments/test", "copilot/web",
                                    "copilot/pipelines", "copilot/pipelines/main",
                                    "copilot/pipelines/main/overrides"])
def test_a_folder_that_can_be_listed_but_not_searched_is_a_finding(folder: str) -> None:
    """Mode ``r--`` (``0o444``): its names can be listed, but nothing inside can be opened or
    even looked at; that is one CL001 finding and the rest is linted, never a crash."""
    base = Path(tempfile.mkdtemp(prefix="copilot-lint-perm-"))
    pipeline = "name: main\nversion: 1\nsource:\n  provider: GitHub\n  properties:\n" \
               "    repository: https://github.com/o/r\nstages:\n  - name: test\n"
    try:
        os.chmod(base, 0o755)
        write_tree(base, {**HOSTILE_BASE, "copilot/web/addons/q.yml": "Resources: {}\n",
                          "copilot/web/overrides/cfn.patches.yml": "- op: add\n",
                          "copilot/environments/overrides/cfn.patches.yml": "- op: add\n",
                          "copilot/pipelines/main/manifest.yml": pipeline,
                          "copilot/pipelines/main/overrides/cfn.patches.yml": "- op: add\n"})
        for path in [base, *base.rglob("*")]:
            os.chmod(path, 0o777 if path.is_dir() else 0o666)
        os.chmod(base / folder, 0o444)
        done = _run_as_normal_user([], base)
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr + \
            done.stdout and done.returncode == 1, done.stdout + done.stderr
        assert f"{folder}:1:1: error CL001 cannot read folder: permission denied" in done.stdout
        assert "copilot/api/manifest.yml:2:7: error CL101" in done.stdout
        assert f"{folder}:1:1: error CL110" not in done.stdout, "unreadable is not empty"
    finally:
        os.chmod(base / folder, 0o755)
        shutil.rmtree(base)
