"""``--fix`` against the rule fixtures: every ``bad`` case is copied to a temporary folder and
fixed with only its rule selected.

- A case with a ``fixed/`` folder must change exactly the files under ``fixed/`` (same relative
  paths, e.g. ``fixed/copilot/api/addons/db.yml``) into exactly their content, leave every other
  file alone, leave only the findings listed in ``fixed/remaining.txt`` (none when absent), and
  change nothing when fixed a second time; no other rule may find anything new afterwards.
- A case without ``fixed/`` must not be changed at all (its findings have no unambiguous fix).

``pytest tests/test_fix_fixtures.py -k CL301 --regen`` writes ``fixed/`` for review.
"""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES

from copilot_lint.fix.plan import plan_fixes
from copilot_lint.fix.write import apply_plan
from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import find_config, load_config
from copilot_lint.report.text_format import line

FIXABLE = ("CL106", "CL122", "CL201", "CL203", "CL205", "CL301", "CL302", "CL402")
"""Rules that attach fixes; each has at least one bad fixture with a ``fixed/`` folder."""
FIXED, REMAINING, EXPECTED = "fixed", "remaining.txt", "expected.txt"


def _bad_cases() -> list:
    return [pytest.param(rule.name, case, id=f"{rule.name}/{case.name}")
            for rule in sorted(FIXTURES.iterdir()) if (rule / "bad").is_dir()
            for case in sorted((rule / "bad").glob("*/"))]


def _lint(rule_id: str, case: Path):
    config = load_config(find_config([case]))
    config.select = [rule_id]
    config.cfn_lint["enabled"] = False
    return lint_workspace(case / "copilot", config, cwd=case)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] != FIXED
            and p.relative_to(root).as_posix() != EXPECTED}


def _everything(case: Path) -> Counter:
    """What every rule (but the cfn-lint pass) finds, by rule and position-free identity."""
    config = load_config(find_config([case]))
    config.cfn_lint["enabled"] = False
    outcome = lint_workspace(case / "copilot", config, cwd=case)
    return Counter((f.rule, f.key or f.message) for f in outcome.findings)


@pytest.mark.parametrize(("rule_id", "case"), _bad_cases())
def test_fix_bad_fixture(rule_id: str, case: Path, tmp_path: Path, regen: bool) -> None:
    work = tmp_path / case.name
    shutil.copytree(case, work)
    before = _files(work)
    others = _everything(work)
    plan = plan_fixes(_lint(rule_id, work).workspace, _lint(rule_id, work).findings)
    assert plan.problems == []
    assert apply_plan(plan) == []
    after = _files(work)
    changed = {rel: data for rel, data in after.items() if before.get(rel) != data}
    remaining = [line(f) for f in _lint(rule_id, work).findings]
    expected_dir = case / FIXED
    if regen:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, data in changed.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_bytes(data)
        if changed and remaining:
            (expected_dir / REMAINING).write_text("".join(r + "\n" for r in remaining))
    if not expected_dir.is_dir():
        assert changed == {}, f"{case} was changed by --fix but has no {FIXED}/ folder"
        return
    expected = {p.relative_to(expected_dir).as_posix(): p.read_bytes()
                for p in sorted(expected_dir.rglob("*")) if p.is_file()}
    wanted_remaining = expected.pop(REMAINING, b"").decode().splitlines()
    assert changed.keys() == expected.keys()
    for rel, data in expected.items():
        assert changed[rel].decode() == data.decode(), rel
    assert set(before) <= set(after)
    assert remaining == wanted_remaining
    new_problems = _everything(work) - others
    if rule_id == "CL106":
        # a renamed key starts to apply, so what it holds is checked now (e.g. CL303 on the
        # paths of a "secret:" block that becomes "secrets:"); the files must still be sound
        new_problems = Counter({k: n for k, n in new_problems.items() if k[0] < "CL1"})
    assert not new_problems, f"the fix brought new findings: {sorted(new_problems)}"
    again = plan_fixes(_lint(rule_id, work).workspace, _lint(rule_id, work).findings)
    assert again.changes == [] and again.problems == []


def test_every_fixable_rule_has_a_fixed_fixture() -> None:
    assert [r for r in FIXABLE if not list((FIXTURES / r / "bad").glob(f"*/{FIXED}"))] == []


def test_only_fixable_rules_have_fixed_fixtures() -> None:
    assert sorted({p.parents[2].name for p in FIXTURES.glob(f"*/bad/*/{FIXED}")}) == \
        sorted(FIXABLE)
