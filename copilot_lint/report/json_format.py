"""``--format json``: ``{"findings": [...]}`` exactly as the contract in RULES.md says."""
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
    }


def render(findings: list[Finding], context) -> str:
    return json.dumps({"findings": [as_dict(f) for f in findings]}, indent=2) + "\n"
