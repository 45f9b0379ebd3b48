"""--statistics: counts per rule, ruff's layout and order."""
from __future__ import annotations

import json

from copilot_lint.model.finding import Finding
from copilot_lint.model.fix import Fix
from copilot_lint.report.statistics import render_json, render_text, statistics

NAMES = {"CL301": "name-missing-env", "CL503": "unresolved-import", "CL105": "name-mismatch"}


def _finding(rule: str, fixable: bool = False) -> Finding:
    return Finding("copilot/a.yml", 1, 1, "m", rule=rule, severity="error",
                   fix=Fix("f", []) if fixable else None)


def test_sorted_by_count_then_id_with_fix_markers() -> None:
    found = [_finding("CL503"), _finding("CL301", True), _finding("CL301"),
             _finding("CFN-E3012"), _finding("CL105"), _finding("CL503"), _finding("CL503")]
    assert render_text(statistics(found, NAMES)) == (
        "3\tCL503    \t[ ] unresolved-import\n"
        "2\tCL301    \t[*] name-missing-env\n"
        "1\tCFN-E3012\t[ ] cfn-lint\n"
        "1\tCL105    \t[ ] name-mismatch\n")


def test_no_brackets_when_nothing_is_fixable_and_wide_counts() -> None:
    found = [_finding("CL105")] * 12 + [_finding("CL503")]
    assert render_text(statistics(found, NAMES)) == ("12\tCL105\tname-mismatch\n"
                                                     " 1\tCL503\tunresolved-import\n")
    assert render_text([]) == ""


def test_json() -> None:
    data = json.loads(render_json(statistics([_finding("CL301", True)], NAMES)))
    assert data == [{"code": "CL301", "name": "name-missing-env", "count": 1, "fixable": True}]
