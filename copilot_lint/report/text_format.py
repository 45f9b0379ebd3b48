"""The default human format: ``path:line:col: severity RULE [envs] message``.

With ``--show-source`` (``context.extra["sources"]``: file text by display path) each finding is
followed by its hint on the next line (``  help: …``, when it has one) and its source line, the
flagged token underlined (:mod:`copilot_lint.report.source_excerpt`).
"""
from __future__ import annotations

from copilot_lint.model.escape import TEXT_ESCAPES, visible
from copilot_lint.model.finding import Finding
from copilot_lint.report.common import hint_text
from copilot_lint.report.source_excerpt import excerpt

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"
COMMAND_ESCAPES = TEXT_ESCAPES


def line(finding: Finding, color: bool = False) -> str:
    """One finding as one line of text (workspace text escaped, so never more than one)."""
    severity = finding.severity
    if color:
        severity = f"{_COLORS.get(severity, '')}{severity}{_RESET}"
    envs = f" [{', '.join(finding.environments)}]" if finding.environments else ""
    return visible(f"{finding.file}:{finding.line}:{finding.column}: ") + severity + \
        visible(f" {finding.rule}{envs} {finding.message}")


def hint_line(finding: Finding) -> str:
    """The line printed under a finding with ``--show-source``: ``  help: <hint>`` and a newline,
    or empty when the finding has no hint."""
    hint = hint_text(finding)
    return f"  {hint}\n" if hint else ""


def render(findings: list[Finding], context) -> str:
    sources = context.extra.get("sources")
    if sources is None:
        return "".join(line(f, context.color) + "\n" for f in findings)
    return "".join(line(f, context.color) + "\n" + hint_line(f)
                   + excerpt(sources.get(f.file), f.line, f.column, f.rule,
                             _COLORS.get(f.severity, "") if context.color else "",
                             f.end_line, f.end_column)
                   for f in findings)
