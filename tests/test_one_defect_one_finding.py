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


def test_a_setting_indented_too_shallow_is_one_finding_each() -> None:
    """``environments: {variables: {...}, count: 3}``: CL103 says the block is a setting, not an
    environment (no CL106 on its keys); the count Copilot cannot decode is CL101's alone, with
    the same advice."""
    case = FIXTURES / "CL103" / "bad" / "setting-indented-without-environment-folders"
    assert _rules_on(case) == [("CL103", "copilot/api/manifest.yml", 11),
                               ("CL101", "copilot/api/manifest.yml", 13)]
    outcome = lint_workspace(case / "copilot", load_config(find_config([case])), cwd=case)
    assert outcome.findings[1].hint == "indent it under an environment: environments.<env>.count"
