"""The default human format: ``path:line:col: severity RULE [envs] message``."""
from __future__ import annotations

from copilot_lint.model.escape import visible
from copilot_lint.model.finding import Finding

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def line(finding: Finding, color: bool = False) -> str:
    """One finding as one line of text (workspace text escaped, so never more than one)."""
    severity = finding.severity
    if color:
        severity = f"{_COLORS.get(severity, '')}{severity}{_RESET}"
    envs = f" [{', '.join(finding.environments)}]" if finding.environments else ""
    return visible(f"{finding.file}:{finding.line}:{finding.column}: ") + severity + \
        visible(f" {finding.rule}{envs} {finding.message}")


def render(findings: list[Finding], context) -> str:
    return "".join(line(f, context.color) + "\n" for f in findings)
