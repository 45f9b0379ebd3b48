"""``--format json``: ``{"findings": [...]}`` with the contract's fields (RULES.md) first.

Each finding: ``rule``, ``severity``, ``path``, ``line``, ``column``, ``environment``,
``message`` (the contract), then what integrations use: ``hint`` (how to fix it; ``null`` when
it has none), ``end_line`` and ``end_column`` (where the flagged token ends,
:mod:`copilot_lint.report.ranges`; ``null`` when unknown), ``name`` (the rule's name, ``null``
for ids outside the registry such as ``CFN-E3012``), ``url`` (its documentation, ``null`` when
published nowhere) and ``fixable`` (``--fix`` can repair it).
"""
from __future__ import annotations

import json

from copilot_lint.model.escape import visible
from copilot_lint.model.finding import Finding
from copilot_lint.report.common import rule_url, rules_by_id
from copilot_lint.report.ranges import Ranges


def as_dict(finding: Finding, known: dict | None = None, ranges: Ranges | None = None) -> dict:
    """The fields of one finding (workspace text escaped as in every format)."""
    known = known if known is not None else rules_by_id()
    end = (ranges or Ranges({})).end(finding)
    rule = known.get(finding.rule)
    return {
        "rule": visible(finding.rule),
        "severity": finding.severity,
        "path": visible(finding.file),
        "line": finding.line,
        "column": finding.column,
        "environment": [visible(e) for e in finding.environments] or None,
        "message": visible(finding.message),
        "hint": visible(finding.hint) or None,
        "end_line": end[0] if end else None,
        "end_column": end[1] if end else None,
        "name": rule.name if rule is not None else None,
        "url": rule_url(finding.rule, known),
        "fixable": finding.fix is not None,
    }


def render(findings: list[Finding], context) -> str:
    known, ranges = rules_by_id(getattr(context, "rules", None)), Ranges.of(context)
    return json.dumps({"findings": [as_dict(f, known, ranges) for f in findings]},
                      indent=2) + "\n"
