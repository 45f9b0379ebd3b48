"""``--format rdjson``: reviewdog's Diagnostic Format (``reviewdog -f=rdjson``).

One ``DiagnosticResult`` object: ``source`` (copilot-lint, with its address when published)
and one ``Diagnostic`` per finding: ``message`` (environments first, then the hint on a line of
its own), ``location`` (``path``; ``range.start`` and, when known, ``range.end``: line, and
column counted in UTF-8 bytes as the format wants), ``severity`` (``ERROR``, ``WARNING``,
``INFO``) and ``code`` (the rule id, with its documentation's address when it has one).
"""
from __future__ import annotations

import json

from copilot_lint.model.escape import visible
from copilot_lint.model.finding import Finding
from copilot_lint.report.common import rule_url, rules_by_id, with_environments
from copilot_lint.report.docs import home_page
from copilot_lint.report.ranges import Ranges

SEVERITIES = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def _source() -> dict:
    source = {"name": "copilot-lint"}
    if home_page():
        source["url"] = home_page()
    return source


def diagnostic(finding: Finding, known: dict, ranges: Ranges) -> dict:
    """One finding as an rdjson ``Diagnostic``."""
    line = max(1, finding.line)
    where = {"start": {"line": line,
                       "column": ranges.utf8_column(finding.file, line, max(1, finding.column))}}
    end = ranges.end(finding)
    if end is not None and end > (line, finding.column):
        where["end"] = {"line": end[0], "column": ranges.utf8_column(finding.file, *end)}
    code = {"value": visible(finding.rule)}
    url = rule_url(finding.rule, known)
    if url:
        code["url"] = url
    message = with_environments(finding)
    if finding.hint:
        message += "\n" + visible(finding.hint)
    return {"message": message,
            "location": {"path": visible(finding.file), "range": where},
            "severity": SEVERITIES.get(finding.severity, "WARNING"),
            "source": _source(),
            "code": code}


def render(findings: list[Finding], context) -> str:
    known, ranges = rules_by_id(getattr(context, "rules", None)), Ranges.of(context)
    return json.dumps({"source": _source(),
                       "diagnostics": [diagnostic(f, known, ranges) for f in findings]},
                      indent=2) + "\n"
