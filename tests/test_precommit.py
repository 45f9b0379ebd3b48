"""The pre-commit hook (``.pre-commit-hooks.yaml``), through pre-commit itself.

A copy of this checkout is committed to a temporary git repository, and ``pre-commit try-repo``
runs its ``copilot-lint`` hook in another temporary repository holding a Copilot workspace:
it must fail on a workspace with errors and pass on a clean one. pre-commit builds the hook's
virtual environment from the copy (the dependencies come from the package registry) under a
temporary ``PRE_COMMIT_HOME``, once for the module.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import TESTS, write_tree
from sample_workspaces import BAD, CLEAN

ROOT = TESTS.parent
SKIP = shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", ".pytest_cache", ".hypothesis",
                              "build", "dist", ".venv", ".benchmarks")
GIT_ENV = {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def committed(folder: Path) -> Path:
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "snapshot")
    return folder


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A committed copy of this checkout and the environment pre-commit runs in."""
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not available")
    base = tmp_path_factory.mktemp("precommit")
    repo = base / "copilot-lint"
    shutil.copytree(ROOT, repo, ignore=SKIP, symlinks=True)
    committed(repo)
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(base / "cache"),
           "PRE_COMMIT_COLOR": "never"}
    env.pop("GITHUB_ACTIONS", None)
    return repo, env


def head(repo: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


def pre_commit(hook_repo: tuple[Path, dict[str, str]], project: Path,
               *args: str) -> tuple[int, str]:
    committed(project)
    result = subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=project,
                            env=hook_repo[1], capture_output=True, text=True, timeout=900)
    return result.returncode, result.stdout + result.stderr


def readme_config(marker: str) -> dict:
    """The README's pre-commit configuration (a ``yaml`` block) that contains ``marker``."""
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"),
                        re.S)
    return yaml.safe_load(next(block for block in blocks if marker in block))


def configured(hook_repo: tuple[Path, dict[str, str]], project: Path,
               hook_args: list[str] | None = None) -> tuple[int, str]:
    """``pre-commit run`` with the remote configuration the README shows, its placeholder
    address replaced by the copy of the checkout (cached environment)."""
    config = readme_config("PLACEHOLDER")
    (repo,) = config["repos"]
    assert repo["repo"].startswith("<") and [h["id"] for h in repo["hooks"]] == ["copilot-lint"]
    repo["repo"], repo["rev"] = str(hook_repo[0]), head(hook_repo[0])
    if hook_args is not None:
        repo["hooks"][0]["args"] = hook_args
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    return pre_commit(hook_repo, project, "run", "--all-files", "--verbose")


def test_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "copilot-lint")
    assert hook["entry"] == "copilot-lint" and hook["language"] == "python"
    assert hook["pass_filenames"] is False and hook["files"] == "^copilot/"


@pytest.mark.install
def test_try_repo_fails_on_a_workspace_with_errors(hook_repo, tmp_path: Path) -> None:
    write_tree(tmp_path, BAD)
    code, output = pre_commit(hook_repo, tmp_path, "try-repo", str(hook_repo[0]),
                              "copilot-lint", "--all-files", "--verbose")
    assert code == 1, output[-3000:]
    assert "Failed" in output
    assert "copilot/api/manifest.yml:7:3: error CL002" in output
    assert "copilot/worker/manifest.yml:1:7: error CL105" in output


@pytest.mark.install
def test_try_repo_passes_on_a_clean_workspace(hook_repo, tmp_path: Path) -> None:
    write_tree(tmp_path, CLEAN)
    code, output = pre_commit(hook_repo, tmp_path, "try-repo", str(hook_repo[0]),
                              "copilot-lint", "--all-files", "--verbose")
    assert code == 0, output[-3000:]
    assert "Passed" in output and "copilot-lint: no findings" in output


@pytest.mark.install
def test_configured_hook_with_arguments(hook_repo, tmp_path: Path) -> None:
    write_tree(tmp_path / "bad", BAD)
    code, output = configured(hook_repo, tmp_path / "bad", ["--no-cfn-lint"])
    assert code == 1 and "copilot/worker/manifest.yml:1:7: error CL105" in output, output
    write_tree(tmp_path / "clean", CLEAN)
    code, output = configured(hook_repo, tmp_path / "clean", ["--no-cfn-lint"])
    assert code == 0 and "Passed" in output, output
    write_tree(tmp_path / "none", {"README.md": "no workspace here\n"})
    code, output = configured(hook_repo, tmp_path / "none")
    assert code == 0 and "no files to check" in output, output


def test_readme_local_hook_works_today(hook_repo, tmp_path: Path) -> None:
    """The README's ``repo: local`` hook, with copilot-lint installed beside this Python."""
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "copilot-lint").exists():
        pytest.skip(f"copilot-lint is not installed in {bin_dir}")
    env = {**hook_repo[1], "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    config = yaml.safe_dump(readme_config("repo: local"))
    outputs = {}
    for name, files, expected in (("bad", BAD, 1), ("clean", CLEAN, 0)):
        project = write_tree(tmp_path / name, {**files, ".pre-commit-config.yaml": config})
        code, outputs[name] = pre_commit((hook_repo[0], env), project, "run", "--all-files",
                                         "--verbose")
        assert code == expected, outputs[name]
    assert "copilot/worker/manifest.yml:1:7: error CL105" in outputs["bad"]
    assert "Passed" in outputs["clean"]
