"""``--statistics``: how many findings each rule has, in ruff's format.

One line per rule, most frequent first (ties by rule id)::

    3	CL301	[*] name-missing-env
    1	CL503	[ ] unresolved-import

count right-aligned, a tab, the rule id padded to the longest id, a tab, then ``[*]`` when some
of the rule's findings are fixable with ``--fix`` (``[ ]`` otherwise, and no brackets at all
when nothing is fixable), then the rule's name. cfn-lint's findings are named ``cfn-lint``.
With ``--format json`` the same statistics are a JSON array of
``{"code", "name", "count", "fixable"}`` objects.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from copilot_lint.model.finding import Finding


@dataclass
class Statistic:
    """One rule's count."""

    code: str
    name: str
    count: int
    fixable: bool


def statistics(findings: list[Finding], names: dict[str, str]) -> list[Statistic]:
    """Per-rule counts, most frequent first; ``names`` maps rule ids to rule names."""
    counts: dict[str, Statistic] = {}
    for finding in findings:
        stat = counts.setdefault(finding.rule, Statistic(
            finding.rule, names.get(finding.rule, "cfn-lint" if finding.rule.startswith("CFN-")
                                    else ""), 0, False))
        stat.count += 1
        stat.fixable = stat.fixable or finding.fix is not None
    return sorted(counts.values(), key=lambda s: (-s.count, s.code))


def render_statistics(fmt: str, findings: list[Finding], rules: list) -> str:
    """The statistics of ``findings`` in ``fmt`` (``text`` or ``json``), named after ``rules``
    (and every registered rule)."""
    from copilot_lint.report.common import rules_by_id

    stats = statistics(findings, {rule_id: rule.name
                                  for rule_id, rule in rules_by_id(rules).items()})
    return render_json(stats) if fmt == "json" else render_text(stats)


def render_text(stats: list[Statistic]) -> str:
    """The statistics as ruff prints them."""
    if not stats:
        return ""
    count_width = max(len(str(s.count)) for s in stats)
    code_width = max(len(s.code) for s in stats)
    any_fixable = any(s.fixable for s in stats)
    lines = []
    for s in stats:
        marker = ("[*] " if s.fixable else "[ ] ") if any_fixable else ""
        lines.append(f"{s.count:>{count_width}}\t{s.code:<{code_width}}\t{marker}{s.name}".rstrip())
    return "\n".join(lines) + "\n"


def render_json(stats: list[Statistic]) -> str:
    """The statistics as a JSON array."""
    return json.dumps([{"code": s.code, "name": s.name, "count": s.count, "fixable": s.fixable}
                       for s in stats], indent=2) + "\n"
