"""A defect two rules could each see is reported once, by the rule that owns it (all rules on)."""
from __future__ import annotations

from conftest import FIXTURES

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import find_config, load_config


def _rules_on(case) -> list[tuple[str, str, int]]:
    outcome = lint_workspace(case / "copilot", load_config(find_config([case])), cwd=case)
    return [(f.rule, f.file, f.line) for f in outcome.findings]


def test_a_json_array_variable_is_cl109s_alone() -> None:
    case = FIXTURES / "CL109" / "bad" / "variable-twice-reported"
    assert _rules_on(case) == [("CL109", "copilot/api/manifest.yml", 6)]
