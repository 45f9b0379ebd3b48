"""Suppression comments and addon ``Metadata`` ignore lists.

- ``# copilot-lint: disable=CL301,unknown-key`` at the end of a line silences that line; alone
  on its line it silences the next line.
- ``# copilot-lint: disable-file=CL301`` anywhere silences the whole file (``all`` for every rule).
- In addon templates, a resource's ``Metadata: {copilot-lint: {ignore: [CL301]}}`` silences the
  listed rules for findings inside that resource.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from copilot_lint.model.finding import Finding
from copilot_lint.model.workspace import SourceFile, Workspace

_DIRECTIVE = re.compile(r"#\s*copilot-lint:\s*(disable|disable-file)\s*=\s*([\w\-, ]+)")


class Suppressions:
    """Which (file, line, rule) triples are silenced in a workspace."""

    def __init__(self, ws: Workspace, canonical: Callable[[str], str]) -> None:
        self.canonical = canonical
        self.lines: dict[tuple[str, int], set[str]] = {}
        self.files: dict[str, set[str]] = {}
        self.ranges: dict[str, list[tuple[int, int, set[str]]]] = {}
        for source in ws.files:
            if source.text and "copilot-lint" in source.text:
                self._comments(source)
            if source.role == "addon" and source.mapping is not None:
                self._metadata(source)

    def _ids(self, text: str) -> set[str]:
        return {self.canonical(part.strip()) for part in text.split(",") if part.strip()}

    def _comments(self, source: SourceFile) -> None:
        for number, line in enumerate(source.text.splitlines(), start=1):
            match = _DIRECTIVE.search(line)
            if not match:
                continue
            ids = self._ids(match.group(2))
            if match.group(1) == "disable-file":
                self.files.setdefault(source.path, set()).update(ids)
                continue
            target = number if line[:match.start()].strip() else number + 1
            self.lines.setdefault((source.path, target), set()).update(ids)

    def _metadata(self, source: SourceFile) -> None:
        resources = source.mapping.get("Resources")
        for logical_id, resource in resources.items() if resources is not None else []:
            ignore = resource.get("Metadata", "copilot-lint", "ignore")
            if ignore is None:
                continue
            ids = self._ids(",".join(str(v.value) for v in ignore.elements() if v.is_scalar)
                            if ignore.is_seq else str(ignore.value))
            start = resources.keys[logical_id].line if resources.keys else resource.line
            self.ranges.setdefault(source.path, []).append((start, resource.end_line, ids))

    def silenced(self, finding: Finding) -> bool:
        for ids in (self.files.get(finding.file), self.lines.get((finding.file, finding.line))):
            if ids and (finding.rule in ids or "all" in ids):
                return True
        for start, end, ids in self.ranges.get(finding.file, ()):
            if start <= finding.line <= end and (finding.rule in ids or "all" in ids):
                return True
        return False
