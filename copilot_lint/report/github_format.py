"""``--format github``: one GitHub Actions workflow command per finding.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`` (``warning`` for
warnings, ``notice`` for info); the finding's hint follows the message on a second line
(``help: …``). GitHub reads these from the step's output and shows them as annotations on the
pull request. The message and the property values are escaped as the runner requires: ``%``, CR
and LF everywhere, and also ``:`` and ``,`` inside properties, so that a value can never end the
command early or inject another one. ``endLine``/``endColumn`` (where the flagged token ends)
are given when known.
"""
from __future__ import annotations

from copilot_lint.model.escape import visible
from copilot_lint.model.finding import Finding
from copilot_lint.report.common import repo_path, rules_by_id, title, with_hint
from copilot_lint.report.ranges import Ranges

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
WORKFLOW_COMMANDS = True
"""This format is workflow commands; it escapes its values itself."""


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file``, ``title``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding, rule_title: str, end: tuple[int, int] | None = None) -> str:
    """The workflow command of one finding (``end``: where the flagged token ends, as
    ``endLine``/``endColumn``; GitHub marks columns only within one line)."""
    span = []
    if end is not None and end[0] >= finding.line:
        span.append(f"endLine={end[0]}")
        if end[0] == finding.line and end[1] > finding.column:
            span.append(f"endColumn={end[1]}")
    props = ",".join((
        f"file={escape_property(visible(repo_path(finding.file)))}",
        f"line={max(1, finding.line)}",
        f"col={max(1, finding.column)}",
        *span,
        f"title={escape_property(rule_title)}",
    ))
    level = COMMANDS.get(finding.severity, "warning")
    return f"::{level} {props}::{escape_data(with_hint(finding))}"


def render(findings: list[Finding], context) -> str:
    known, ranges = rules_by_id(getattr(context, "rules", None)), Ranges.of(context)
    return "".join(command(f, title(f, known), ranges.end(f)) + "\n" for f in findings)
