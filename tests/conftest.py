"""Shared test helpers: fixture discovery, the ``--regen`` option and the corpus location."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from copilot_lint.model.context import Context

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
SHARED = Path(os.environ.get("COPILOT_LINT_SHARED") or TESTS.parent.parent / "shared")
"""../shared beside the repository; ``$COPILOT_LINT_SHARED`` points elsewhere (a git worktree)."""
CORPUS = SHARED / "corpus"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen", action="store_true",
                     help="rewrite expected.txt of bad rule fixtures from the current output")


@pytest.fixture
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen"))


def corpus_dir(*parts: str) -> Path:
    """A folder of ../shared/corpus, or skip the test when the corpus is absent."""
    path = CORPUS.joinpath(*parts)
    if not path.is_dir():
        pytest.skip(f"corpus not available at {path}")
    return path


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create ``files`` (relative path → text or bytes) under ``root``; returns ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def analysed(copilot_dir: Path, **options: object) -> Context:
    """The workspace at ``copilot_dir`` loaded (``options``: those of ``load_workspace``) in a
    fresh run context, as a lint gives it to the rules and views."""
    from copilot_lint.load.discover import load_workspace
    from copilot_lint.model.context import Context

    return Context(load_workspace(copilot_dir, **options))


def shared_file(*parts: str) -> Path:
    """A file of ../shared (or ``$COPILOT_LINT_SHARED``), or skip the test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"{path} not available")
    return path


def lint_corpus_workspace(workspace: Path, rules: list[str]) -> set[tuple[str, str, int, str]]:
    """``(workspace, file, line, rule)`` of the findings of ``rules`` in one corpus workspace."""
    from copilot_lint.lint import lint_workspace
    from copilot_lint.load.config import Config

    config = Config(select=list(rules))
    config.cfn_lint["enabled"] = False
    outcome = lint_workspace(workspace / "copilot", config, cwd=workspace)
    assert outcome.internal_errors == 0, workspace.name
    return {(workspace.name, f.file, f.line, f.rule) for f in outcome.findings}


def lint_real_corpus(rules: list[str]) -> set[tuple[str, str, int, str]]:
    """The findings of ``rules`` over every workspace of the real corpus (skips when absent)."""
    real = corpus_dir("real")
    found: set[tuple[str, str, int, str]] = set()
    for workspace in sorted(p for p in real.iterdir() if (p / "copilot").is_dir()):
        found |= lint_corpus_workspace(workspace, rules)
    return found


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """Say so, even with ``-q``, when the tests that need the network (marker ``install``) were
    left out."""
    deselected = sum(1 for item in terminalreporter.stats.get("deselected", [])
                     if item.get_closest_marker("install") is not None)
    if deselected and "not install" in (config.getoption("markexpr") or ""):
        terminalreporter.write_line(
            f"{deselected} deselected: the tests marked 'install' build virtual environments "
            "from the package index (network); run them with: pytest -m install")


@pytest.fixture(autouse=True)
def _cfn_lint_isolation(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
                        tmp_path_factory: pytest.TempPathFactory) -> None:
    """Never touch the user's cache, and keep the cfn-lint pass (slow) off unless the test is
    marked ``cfn_lint``. Sub-processes inherit the cache folder, not the switch."""
    monkeypatch.setenv("COPILOT_LINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    if request.node.get_closest_marker("cfn_lint") is None:
        monkeypatch.setattr("copilot_lint.cfn.stage.DEFAULT_ENABLED", False)


def value_paths(data: object, prefix: tuple = ()) -> list[tuple]:
    """Every key path (keys and list indexes) below plain data, parents first, ``()`` included."""
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(value_paths(value, prefix + (key,)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.extend(value_paths(value, prefix + (index,)))
    return out


def replaced(data: object, path: tuple, value: object) -> object:
    """A copy of plain data with the value at ``path`` replaced by ``value``."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: (replaced(v, rest, value) if k == head else v) for k, v in data.items()}
    return [(replaced(v, rest, value) if i == head else v) for i, v in enumerate(data)]


_PROBE = ("import sys\nfrom copilot_lint.cli.main import main\n"
          "try:\n    rc = main(sys.argv[1:])\nexcept SystemExit as e:\n    rc = e.code\n"
          "print('\\nPROBE', rc, ' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n")


def cli_imports(args: list[str], cwd: Path) -> tuple[int, set[str]]:
    """Run the CLI with ``args`` in a fresh interpreter: its exit code and the top-level
    packages it imported (to check that heavy ones stay out of a run)."""
    out = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=cwd, capture_output=True,
                         text=True, env=os.environ.copy(), check=False)
    last = out.stdout.rstrip("\n").rsplit("\n", 1)[-1].split()
    assert last[:1] == ["PROBE"], out.stdout + out.stderr
    return int(last[1]), set(last[2:])


def problem_findings(problems: list) -> list:
    """The findings the ``files`` rules (CL001-CL004) make of a loader's problems, in order."""
    from copilot_lint.model.workspace import Workspace
    from copilot_lint.rules.files import duplicate_key, unknown_tag, workspace_layout, yaml_syntax

    found = []
    for problem in problems:
        ws = Workspace(root=Path("."), display_root=".", problems=[problem])
        for rule in (yaml_syntax.YamlSyntax, duplicate_key.DuplicateKey, unknown_tag.UnknownTag,
                     workspace_layout.WorkspaceLayout):
            for finding in rule().check(ws):
                finding.rule = finding.rule or rule.id
                finding.severity = finding.severity or rule.severity
                found.append(finding)
    return found
