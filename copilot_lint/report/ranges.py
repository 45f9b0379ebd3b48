"""Where each finding ends, for the formats that show a range (JSON, JSON Lines, SARIF, GitHub
annotations, GitLab code quality, rdjson, ``--show-source``).

A finding's ``end_line``/``end_column`` come from the loader (the end of the node it points at,
:meth:`~copilot_lint.model.node.Node.span`; ``end_column`` is the column just after its last
character, 1-based). A finding without one (0: a cfn-lint finding, a problem with a whole file)
has no end: nothing re-reads the text to guess it.
"""
from __future__ import annotations

import re
from copilot_lint.model.finding import Finding

_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


class Ranges:
    """The end positions of findings, given the workspaces' file texts."""

    def __init__(self, texts: dict[str, str | None]) -> None:
        self.texts = texts
        self._lines: dict[str, list[str]] = {}

    @classmethod
    def of(cls, context: object) -> Ranges:
        """From a reporter's context: ``extra["sources"]`` (text by display path) or the files
        of ``extra["workspaces"]``."""
        extra = getattr(context, "extra", None) or {}
        texts = extra.get("sources")
        if texts is None:
            texts = {f.path: f.text for ws in extra.get("workspaces") or [] for f in ws.files}
        return cls(texts)

    def line(self, path: str, number: int) -> str | None:
        """Line ``number`` (1-based) of a file, or ``None`` when unknown."""
        if path not in self._lines:
            text = self.texts.get(path)
            self._lines[path] = _LINE_BREAK.split(text) if text is not None else []
        lines = self._lines[path]
        return lines[number - 1] if 0 < number <= len(lines) else None

    def end(self, finding: Finding) -> tuple[int, int] | None:
        """``(end_line, end_column)`` of a finding, or ``None`` when it cannot be known."""
        if finding.end_line > 0 and finding.end_column > 0:
            return finding.end_line, finding.end_column
        return None

    def utf8_column(self, path: str, line: int, column: int) -> int:
        """A 1-based character column as a 1-based UTF-8 byte column (the same column when the
        line's text is unknown)."""
        text = self.line(path, line)
        if text is None or text.isascii():
            return column
        return len(text[:column - 1].encode("utf-8", "surrogatepass")) + 1

