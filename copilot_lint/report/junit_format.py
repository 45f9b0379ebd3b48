"""``--format junit``: JUnit XML for CI systems that display test reports.

One ``testsuite`` per file with findings and one ``testcase`` per finding, failed with the
finding's severity as the failure type and its hint (``help: …``) on the failure text's second
line; a clean run is an empty ``testsuites`` element. Text is
escaped for XML, and characters XML 1.0 cannot carry are replaced.
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from copilot_lint.model.escape import XML_ESCAPES, visible
from copilot_lint.model.finding import Finding
from copilot_lint.report.common import hint_text, rules_by_id, title, with_environments

COMMAND_ESCAPES = XML_ESCAPES


def _clean(text: str) -> str:
    return visible(text)


def _attr(text: str) -> str:
    return quoteattr(_clean(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def render(findings: list[Finding], context) -> str:
    known = rules_by_id(getattr(context, "rules", None))
    files: dict[str, list[Finding]] = {}
    for finding in findings:
        files.setdefault(finding.file, []).append(finding)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<testsuites name="copilot-lint" tests="{len(findings)}" '
             f'failures="{len(findings)}" errors="0">']
    for path, group in files.items():
        lines.append(f'  <testsuite name={_attr(path)} tests="{len(group)}" '
                     f'failures="{len(group)}" errors="0">')
        for finding in group:
            where = f"{finding.file}:{finding.line}:{finding.column}"
            message = with_environments(finding)
            lines.append(f'    <testcase classname={_attr(path)} '
                         f'name={_attr(title(finding, known) + " at " + where)}>')
            hint = hint_text(finding)
            text = escape(_clean(f"{where}: {finding.severity} {finding.rule} {message}")
                          + (f"\n{hint}" if hint else ""))
            lines.append(f'      <failure type={_attr(finding.severity)} '
                         f'message={_attr(message)}>{text}</failure>')
            lines.append("    </testcase>")
        lines.append("  </testsuite>")
    lines.append("</testsuites>")
    return "\n".join(lines) + "\n"
