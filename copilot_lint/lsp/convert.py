"""Findings as LSP diagnostics, and positions between the two worlds.

Findings are 1-based (line, column in characters) from the start to the end of the offending
node as the loader recorded them (:meth:`~copilot_lint.model.node.Node.span`); LSP positions
are 0-based with columns in UTF-16 code units. A finding without an end (a cfn-lint finding, a
problem the loader found outside any node) covers the rest of its line. A diagnostic's message
is the finding's message, then its hint on a second line (``help: …``).
"""
from __future__ import annotations

from lsprotocol import types

from copilot_lint.report.docs import help_uri
from copilot_lint.model.finding import Finding
from copilot_lint.report.common import with_hint

SOURCE = "copilot-lint"
SEVERITY = {"error": types.DiagnosticSeverity.Error,
            "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}


def lines_of(text: str | None) -> list[str]:
    """The lines of a file's text as LSP counts them (``\n``, ``\r\n`` or ``\r`` end one)."""
    if not text:
        return []
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def utf16(line: str, index: int) -> int:
    """A character index of ``line`` in UTF-16 code units (LSP's default encoding)."""
    if line.isascii():
        return index
    return len(line[:index].encode("utf-16-le")) // 2


def character(line: str, units: int) -> int:
    """A UTF-16 column of ``line`` as a character index (the inverse of :func:`utf16`)."""
    if line.isascii():
        return min(units, len(line))
    count = 0
    for index, char in enumerate(line):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(line)


def finding_range(finding: Finding, lines: list[str]) -> types.Range:
    """The range of the node a finding points at, in ``lines`` (the file's text): from its start
    to its end when the finding has one, else to the end of its line."""
    row = max(finding.line - 1, 0)
    if row >= len(lines):
        return types.Range(types.Position(row, 0), types.Position(row, 0))
    line = lines[row]
    start = min(max(finding.column - 1, 0), len(line))
    end_row = finding.end_line - 1
    if finding.end_line and (end_row, finding.end_column - 1) > (row, start) \
            and end_row < len(lines):
        end_line = lines[end_row]
        end = min(max(finding.end_column - 1, 0), len(end_line))
        return types.Range(types.Position(row, utf16(line, start)),
                           types.Position(end_row, utf16(end_line, end)))
    end = max(len(line.rstrip()), start)
    return types.Range(types.Position(row, utf16(line, start)),
                       types.Position(row, utf16(line, end)))


def diagnostic(finding: Finding, lines: list[str]) -> types.Diagnostic:
    """One finding as the diagnostic an editor shows (with a link to the rule's documentation
    when it is published somewhere)."""
    link = help_uri(finding.rule)
    return types.Diagnostic(
        range=finding_range(finding, lines),
        message=with_hint(finding),
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE,
        data={"rule": finding.rule, "line": finding.line, "column": finding.column},
    )


def overlaps(outer: types.Range, inner: types.Range) -> bool:
    """True when the two ranges overlap or touch (what a cursor inside a diagnostic means)."""
    return not (_before(outer.end, inner.start) or _before(inner.end, outer.start))


def _before(a: types.Position, b: types.Position) -> bool:
    return (a.line, a.character) < (b.line, b.character)
