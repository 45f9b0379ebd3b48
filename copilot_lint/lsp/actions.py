"""Code actions: a finding's ``--fix`` repair as a quick fix, and a suppression comment.

A quick fix's ``WorkspaceEdit`` is what ``--fix`` would write for that finding: the fixer plans
the change on the same workspace the diagnostics came from (buffers included) and each changed
file becomes one text edit covering the changed span, so the result is byte for byte the
fixer's output. A fix that creates a file (a new addon template) is a ``CreateFile`` operation
followed by its content, offered only to clients that support resource operations. To clients
that support ``documentChanges``, edits on open documents carry the version that was linted,
so the client drops a stale fix; other clients get the plain ``changes`` map.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types

from copilot_lint.model.finding import Finding
from copilot_lint.lsp.convert import diagnostic, finding_range, overlaps, utf16
from copilot_lint.lsp.session import Snapshot
from copilot_lint.engine.suppress import DIRECTIVE

_BOM = "\ufeff"


@dataclass(frozen=True)
class EditSupport:
    """What the client's workspace edits may hold (from its capabilities)."""

    document_changes: bool = False
    create: bool = False

    def edit(self, parts: list[tuple[str, int | None, list[types.TextEdit]]],
             creates: tuple[str, ...] = ()) -> types.WorkspaceEdit:
        """Text edits by document (uri, linted version, edits), after creating ``creates``."""
        if not self.document_changes:
            return types.WorkspaceEdit(changes={uri: edits for uri, _, edits in parts})
        return types.WorkspaceEdit(document_changes=[
            *(types.CreateFile(uri=uri) for uri in creates),
            *(types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=uri, version=version), edits=edits) for uri, version, edits in parts)])


def code_actions(snapshot: Snapshot, path: Path, lines: list[str], wanted: types.Range,
                 support: EditSupport) -> list[types.CodeAction]:
    """The quick fixes and suppressions for findings of ``path`` that touch ``wanted``."""
    actions: list[types.CodeAction] = []
    suppressions: list[types.CodeAction] = []
    for finding in snapshot.by_path.get(path, []):
        if not overlaps(finding_range(finding, lines), wanted):
            continue
        shown = diagnostic(finding, lines)
        if finding.fix is not None:
            edit = fix_edit(snapshot, finding, support)
            if edit is not None:
                actions.append(types.CodeAction(
                    title=f"{finding.rule}: {finding.fix.description}",
                    kind=types.CodeActionKind.QuickFix, diagnostics=[shown], edit=edit,
                    is_preferred=True))
        suppression = suppress_action(snapshot, path, lines, finding, shown, support)
        if suppression is not None and suppression.title not in {a.title for a in suppressions}:
            suppressions.append(suppression)
    return actions + suppressions


def fix_edit(snapshot: Snapshot, finding: Finding,
             support: EditSupport) -> types.WorkspaceEdit | None:
    """The fixer's change for one finding as a workspace edit, or ``None`` when the fixer
    refuses it (or it needs a file created and the client cannot)."""
    from copilot_lint.fix.plan import plan_fixes

    plan = plan_fixes(snapshot.context, [finding])
    if plan.problems:
        return None
    return plan_edit(snapshot, plan, support)


def plan_edit(snapshot: Snapshot, plan, support: EditSupport) -> types.WorkspaceEdit | None:
    """A fixer's :class:`~copilot_lint.fix.plan.Plan` as a workspace edit: one text edit per
    changed file, byte for byte what ``--fix`` writes (``None`` when it changes nothing, or
    needs a file created and the client cannot)."""
    if not plan.changes:
        return None
    parts: list[tuple[str, int | None, list[types.TextEdit]]] = []
    creates: list[str] = []
    for change in plan.changes:
        uri = change.abspath.absolute().as_uri()
        new = change.new.decode("utf-8").lstrip(_BOM)
        if change.old is None:
            if not support.create:
                return None
            creates.append(uri)
            parts.append((uri, None, [types.TextEdit(
                types.Range(types.Position(0, 0), types.Position(0, 0)), new)]))
            continue
        old = change.old.decode("utf-8").lstrip(_BOM)
        version = snapshot.versions.get(change.abspath.absolute())
        parts.append((uri, version, [minimal_edit(old, new)]))
    return support.edit(parts, tuple(creates))


def minimal_edit(old: str, new: str) -> types.TextEdit:
    """One text edit turning ``old`` into ``new``: the span between their common prefix and
    their common suffix."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return types.TextEdit(types.Range(position(old, head), position(old, len(old) - tail)),
                          new[head:len(new) - tail])


def position(text: str, offset: int) -> types.Position:
    """The LSP position of a character offset of ``text``."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", start)
    row = text[start:end if end >= 0 else len(text)]
    return types.Position(line, utf16(row, offset - start))


def suppress_action(snapshot: Snapshot, path: Path, lines: list[str], finding: Finding,
                    shown: types.Diagnostic, support: EditSupport) -> types.CodeAction | None:
    """``# copilot-lint: disable=ID`` at the end of the finding's line (added to a directive
    already there), as the suppression comments of :mod:`copilot_lint.engine.suppress` read it; none
    inside a multi-line scalar."""
    row = finding.line - 1
    if not 0 <= row < len(lines) or _inside_scalar(snapshot, path, finding.line) or \
            not _confined(snapshot, path):
        return None
    line = lines[row].rstrip("\r\n")
    match = DIRECTIVE.search(line)
    if match and match.group(1) == "disable":
        at = match.end(2)
        text = f",{finding.rule}"
        while at > match.start(2) and line[at - 1] == " ":
            at -= 1
    else:
        at = len(line.rstrip())
        text = f"  # copilot-lint: disable={finding.rule}"
    spot = types.Position(row, utf16(line, at))
    edit = support.edit([(path.as_uri(), snapshot.versions.get(path),
                          [types.TextEdit(types.Range(spot, spot), text)])])
    return types.CodeAction(title=f"Disable {finding.rule} for this line",
                            kind=types.CodeActionKind.QuickFix, diagnostics=[shown], edit=edit)


def _confined(snapshot: Snapshot, path: Path) -> bool:
    """Whether an edit of ``path`` passes the fixer's confinement check (a document that is a
    symlink out of the workspace gets no suppression comment: the editor would write there)."""
    from copilot_lint.fix.plan import confine
    from copilot_lint.fix.spans import Refused
    from copilot_lint.load.confined import Confined

    try:
        confine(Confined(snapshot.context.root), path)
    except Refused:
        return False
    return True


def _inside_scalar(snapshot: Snapshot, path: Path, line: int) -> bool:
    """True when ``line`` continues a multi-line scalar (a block scalar's text, a folded
    string), where a ``#`` would be part of the value rather than a comment."""
    source = next((f for f in snapshot.context.files if f.abspath.absolute() == path), None)
    if source is None or source.root is None:
        return False
    return any(node.is_scalar and node.line < line < node.end_line
               for _, node in source.root.walk())
