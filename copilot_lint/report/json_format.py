"""``--format json``: ``{"findings": [...]}`` exactly as the contract in RULES.md says."""
from __future__ import annotations

import json

from copilot_lint.model.finding import Finding


def as_dict(finding: Finding) -> dict:
    """The contract's fields of one finding."""
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "path": finding.file,
        "line": finding.line,
        "column": finding.column,
        "environment": list(finding.environments) or None,
        "message": finding.message,
    }


def render(findings: list[Finding], context) -> str:
    return json.dumps({"findings": [as_dict(f) for f in findings]}, indent=2) + "\n"
