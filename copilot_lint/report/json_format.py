"""``--format json``: ``{"findings": [...]}`` as the contract in RULES.md says, plus each
finding's ``hint`` (how to fix it; null when it has none)."""
from __future__ import annotations

import json

from copilot_lint.model.escape import visible
from copilot_lint.model.finding import Finding


def as_dict(finding: Finding) -> dict:
    """The contract's fields of one finding (workspace text escaped as in every format)."""
    return {
        "rule": visible(finding.rule),
        "severity": finding.severity,
        "path": visible(finding.file),
        "line": finding.line,
        "column": finding.column,
        "environment": [visible(e) for e in finding.environments] or None,
        "message": visible(finding.message),
        "hint": visible(finding.hint) or None,
    }


def render(findings: list[Finding], context) -> str:
    return json.dumps({"findings": [as_dict(f) for f in findings]}, indent=2) + "\n"
