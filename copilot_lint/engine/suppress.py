"""Suppression comments and addon ``Metadata`` ignore lists.

- ``# copilot-lint: disable=CL301,unknown-key`` at the end of a line silences that line; alone
  on its line it silences the next line.
- ``# copilot-lint: disable-file=CL301`` anywhere silences the whole file (``all`` for every rule).
- In addon templates, a resource's ``Metadata: {copilot-lint: {ignore: [CL301]}}`` silences the
  listed rules for findings inside that resource.

Each rule reference of a comment is recorded as a
:class:`~copilot_lint.model.suppression.SuppressionComment`, marked ``used`` when it silences a
finding (every comment that matches a finding is marked, not only the first); :meth:`report`
leaves them on the workspace for the rules that report on suppressions.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from copilot_lint.model.context import Context
from copilot_lint.model.finding import Finding
from copilot_lint.model.suppression import SuppressionComment
from copilot_lint.model.workspace import SourceFile

DIRECTIVE = re.compile(r"#\s*copilot-lint:\s*(disable|disable-file)\s*=\s*([\w\-, ]+)")
_REFERENCE = re.compile(r"[^,\s]+")


class Suppressions:
    """Which (file, line, rule) triples are silenced in a workspace, and by which comment."""

    def __init__(self, ws: Context, canonical: Callable[[str], str],
                 known: Callable[[str], bool] | None = None) -> None:
        """``canonical`` turns a rule name into its id; ``known`` says whether a reference
        names a rule (all do when it is not given)."""
        self.canonical = canonical
        self.known = known
        self.comments: list[SuppressionComment] = []
        self.lines: dict[tuple[str, int], list[SuppressionComment]] = {}
        self.files: dict[str, list[SuppressionComment]] = {}
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
            match = DIRECTIVE.search(line)
            if not match:
                continue
            file_wide = match.group(1) == "disable-file"
            target = number if line[:match.start()].strip() else number + 1
            for ref in _REFERENCE.finditer(match.group(2)):
                text = ref.group()
                rule = "all" if text.lower() == "all" else self.canonical(text) \
                    if self.known is None or self.known(text) else ""
                start = match.start(2) + ref.start() + 1
                comment = SuppressionComment(source.path, number, start, start + len(text),
                                             text, rule, file_wide)
                self.comments.append(comment)
                if file_wide:
                    self.files.setdefault(source.path, []).append(comment)
                else:
                    self.lines.setdefault((source.path, target), []).append(comment)

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
        """Whether a comment or a resource's ``Metadata`` silences ``finding`` (every comment
        that does is marked used)."""
        found = False
        for comments in (self.files.get(finding.file), self.lines.get((finding.file,
                                                                        finding.line))):
            for comment in comments or ():
                if comment.rule == finding.rule or comment.rule == "all":
                    comment.used = found = True
        if found:
            return True
        for start, end, ids in self.ranges.get(finding.file, ()):
            if start <= finding.line <= end and (finding.rule in ids or "all" in ids):
                return True
        return False

    def report(self, ws: Context, checked: Callable[[str], bool]) -> None:
        """Leave the comments on ``ws.suppression_comments`` (the run's analysis);
        ``checked(rule)`` says whether
        the rule (or ``all``) ran, so that an unused comment really silences nothing."""
        for comment in self.comments:
            comment.checked = bool(comment.rule) and checked(comment.rule)
        ws.analysis.suppression_comments = list(self.comments)
