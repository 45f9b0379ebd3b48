"""Every rule against its fixtures: ``tests/fixtures/<ID>/bad/<case>/`` must produce exactly the
lines of ``expected.txt`` (text format, paths relative to the case folder, each finding followed
by its ``  help: …`` line when it has a hint, as ``--show-source`` prints it) and
``tests/fixtures/<ID>/good/<case>/`` must produce no finding of that rule.

Each case is a small Copilot workspace (``copilot/…``), with an optional ``.copilot-lint.yml``
and the files next to ``copilot/`` that manifests name (env files). A ``.gitignore`` of a case is
stored as ``dot-gitignore`` (a real one would hide the case's own files from this repository's
git); such a case runs from a copy where it is named ``.gitignore``.
Only the rule under test runs. ``pytest --regen`` rewrites ``expected.txt`` for review.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import FIXTURES

from copilot_lint.engine.registry import all_rules
from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import find_config, load_config
from copilot_lint.report.text_format import hint_line, line

RULE_IDS = {rule.id for rule in all_rules()}


def _cases(kind: str) -> list:
    cases = []
    for rule_dir in sorted(FIXTURES.iterdir()):
        for case in sorted((rule_dir / kind).glob("*/")) if (rule_dir / kind).is_dir() else []:
            cases.append(pytest.param(rule_dir.name, case,
                                      id=f"{rule_dir.name}/{kind}/{case.name}"))
    return cases


STORED_GITIGNORE = "dot-gitignore"


def run_case(rule_id: str, case: Path) -> list[str]:
    if not any(case.rglob(STORED_GITIGNORE)):
        return _run(rule_id, case)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / case.name
        shutil.copytree(case, copy, symlinks=True)
        for stored in copy.rglob(STORED_GITIGNORE):
            stored.rename(stored.with_name(".gitignore"))
        return _run(rule_id, copy)


def _run(rule_id: str, case: Path) -> list[str]:
    config = load_config(find_config([case]))
    config.select = [rule_id]
    outcome = lint_workspace(case / "copilot", config, cwd=case)
    return [text for f in outcome.findings
            for text in (line(f), *hint_line(f).splitlines())]


@pytest.mark.parametrize(("rule_id", "case"), _cases("bad"))
def test_bad_fixture(rule_id: str, case: Path, regen: bool) -> None:
    got = run_case(rule_id, case)
    expected_file = case / "expected.txt"
    if regen:
        expected_file.write_text("".join(g + "\n" for g in got))
    assert got, f"{rule_id} found nothing in {case}"
    assert all(f" {rule_id} " in g for g in got if not g.startswith("  help: "))
    assert got == expected_file.read_text().splitlines()


@pytest.mark.parametrize(("rule_id", "case"), _cases("good"))
def test_good_fixture(rule_id: str, case: Path) -> None:
    assert run_case(rule_id, case) == []


def test_every_rule_has_bad_and_good_fixtures() -> None:
    missing = [r for r in sorted(RULE_IDS)
               if not list((FIXTURES / r / "bad").glob("*/"))
               or not list((FIXTURES / r / "good").glob("*/"))]
    assert missing == []


def test_fixture_folders_name_real_rules() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()
                  and not p.name.startswith("_") and p.name not in RULE_IDS) == []
