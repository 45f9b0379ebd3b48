"""Turn the fixes attached to findings into new file contents; show them (``--diff``) or write
them (``--fix``).

Only the changed spots of a file are touched. A full ruamel.yaml round trip rewrites far more
than it should (of the 305 YAML files of the real-workspace corpus, 206 do not come back
byte-identical from a ruamel.yaml round-trip load and dump: sequence indentation, spacing,
quoting), so the fixer *splices*: the parser that built the tree the rules read (libyaml's,
through PyYAML) gives the exact character span of every key and value, ruamel.yaml's round-trip
emitter renders the new value in the file's own indentation, and only that span of the original
text is replaced or that insertion made. Everything else (comments, key order, quoting, blank
lines, a UTF-8 BOM, CRLF line endings) keeps its bytes. ruamel.yaml is imported only here, and
this module is imported only by ``--fix`` and ``--diff``.

Fixes are applied one at a time, each on the text the previous one left, so two fixes that
both add an ``Outputs`` section make one section. After every fix the file is loaded again
with the linter's loader: the result must parse, must not add duplicate keys or unknown tags,
and must equal the old document with exactly the intended change; otherwise the fix is
dropped (with the other edits of the same fix) and reported. Writing is atomic (temporary file
in the same folder, fsync, rename, mode kept) and refuses read-only files and files that
changed since they were read.
"""
from __future__ import annotations

import dataclasses
import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copilot_lint.fix.document import Document
from copilot_lint.fix.meaning import plain_data, same_data, walk_data
from copilot_lint.fix.render import Indent, dump_yaml, to_ruamel
from copilot_lint.fix.spans import BOM, Refused, path_text
from copilot_lint.load.confined import Confined, OutsideRoot
from copilot_lint.load.parse import MAX_BYTES, decode, load_text
from copilot_lint.model.escape import visible
from copilot_lint.model.finding import Finding
from copilot_lint.model.fix import ADD, CREATE, RENAME, REPLACE, Edit, Fix
from copilot_lint.model.problem import ProblemKind
from copilot_lint.model.context import Context


@dataclass
class Change:
    """A file's new content: ``old`` is ``None`` for a file that does not exist yet."""

    file: str
    abspath: Path
    old: bytes | None
    new: bytes
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Problem:
    """A fix that was not made, and why (one line)."""

    file: str
    message: str


@dataclass
class Plan:
    """What ``--fix`` would write, and the fixes it had to leave out."""

    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    root: Path | None = None
    """The workspace root: nothing outside it is read or written."""
    folders: set[Path] = field(default_factory=set)
    """The folders of the workspace's files (cleared of stale temporary files on writing)."""

    @property
    def fixed(self) -> list[Finding]:
        return [f for change in self.changes for f in change.findings]

    def diff(self) -> str:
        """A unified diff of every change (``a/`` and ``b/`` prefixes, as git writes them)."""
        out: list[str] = []
        for change in self.changes:
            old = _text_of(change.old) if change.old is not None else ""
            new = _text_of(change.new)
            lines = difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True),
                "/dev/null" if change.old is None else f"a/{visible(change.file)}",
                f"b/{visible(change.file)}")
            for line in lines:
                out.append(line if line.endswith("\n") else
                           line + "\n\\ No newline at end of file\n")
        return "".join(out)


def plan_fixes(ws: Context, findings: list[Finding]) -> Plan:
    """Apply the fixes of ``findings`` in memory, one by one, and collect the changed files."""
    files: dict[str, _File] = {}
    owners: dict[str, list[Finding]] = {}
    applied: list[Fix] = []
    plan = Plan(root=Path(ws.root), folders={Path(f.abspath).parent for f in ws.files})
    confined = Confined(ws.root)
    for finding in findings:
        fix = getattr(finding, "fix", None)
        if fix is None or not fix.edits:
            continue
        if fix in applied:
            touched = {e.file for e in fix.edits}
            for name in touched:
                owners.setdefault(name, []).append(finding)
            continue
        snapshot = {name: state.text for name, state in files.items()}
        try:
            touched = set()
            for group in _groups(fix.edits):
                state = files.get(group[0].file) or _open(ws, confined, group[0])
                files[group[0].file] = state
                state.apply(group)
                touched.add(group[0].file)
        except Exception as why:  # noqa: BLE001 - a broken fix must not stop the others
            for name, state in files.items():
                state.text = snapshot.get(name, state.original)
            reason = str(why) if isinstance(why, Refused) else \
                f"internal error ({type(why).__name__}: {why}); please report it"
            plan.problems.append(Problem(finding.file, f"{finding.rule} at line {finding.line} "
                                                       f"not fixed: {reason}"))
            continue
        applied.append(fix)
        for name in touched:
            owners.setdefault(name, []).append(finding)
    for name, state in files.items():
        if state.text == state.original:
            continue
        fixed = list({id(f): f for f in owners.get(name, [])}.values())
        plan.changes.append(Change(state.display, state.abspath, state.data,
                                   state.encode(), fixed))
    return plan


class _File:
    """One file's text as fixes change it."""

    def __init__(self, display: str, abspath: Path, data: bytes | None, text: str,
                 bom: bool = False) -> None:
        self.display, self.abspath, self.data, self.bom = display, abspath, data, bom
        self.original = text
        self.text = text
        self.newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"

    def encode(self) -> bytes:
        return ((BOM if self.bom else "") + self.text).encode("utf-8")

    def apply(self, edits: list[Edit]) -> None:
        """Make one group of edits (see :func:`_groups`) and validate the result."""
        first = edits[0]
        if first.op == CREATE:
            if self.text:
                raise Refused(f"{self.display} is created twice")
            text = dump_yaml(to_ruamel(first.value), Indent(2, 2)).replace("\n", self.newline)
            _check(text, plain_data(first.value), self.display, Counter())
            self.text = text
            return
        before = load_text(self.display, self.text)
        if before.root is None:
            raise Refused("the file does not load")
        doc = Document(self.text, self.newline, before.root.plain())
        if first.at is not None:
            first = dataclasses.replace(first, path=doc.path_at(*first.at, key=first.op == RENAME))
            edits = [first]
        if first.op == ADD:
            text = doc.add(edits)
        elif first.op == REPLACE:
            text = doc.replace(first)
        elif first.op == RENAME:
            text = doc.rename(first)
        else:
            raise Refused(f"unknown edit {first.op!r}")
        if text == self.text:
            return
        expected = before.root.plain()
        for edit in edits:
            expected = _expect(expected, edit)
        _check(text, expected, self.display, Counter(p.kind for p in before.problems))
        self.text = text


def confine(confined: Confined, path: str | Path) -> str:
    """The one confinement check of every edit, whoever applies it (``--fix`` writes it, an
    editor applies a language-server quick fix): ``path``, and the folders on the way to it,
    must resolve inside the workspace root, so a symlinked ``addons/`` folder or file is
    refused. Returns the real path."""
    try:
        return confined.resolve(path)
    except OutsideRoot:
        raise Refused("it leads outside the workspace (a symlink)") from None


def _open(ws: Context, confined: Confined, edit: Edit) -> _File:
    if edit.op == CREATE:
        path = Path(edit.file)
        if path.exists() or path.is_symlink():
            raise Refused(f"{path.name} already exists")
        confine(confined, path)
        return _File(_display(ws, path), path, None, "", False)
    source = next((f for f in ws.files if f.path == edit.file), None)
    if source is None or source.text is None:
        raise Refused(f"{edit.file} is not a loaded file of the workspace")
    confine(confined, source.abspath)
    try:
        data = confined.read_bytes(source.abspath, MAX_BYTES)
        data = ws.memory.get(source.abspath) or data
    except OSError as err:
        raise Refused(f"cannot read {edit.file}: {err.strerror or err}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Refused("UTF-16 files are not rewritten")
    decoded = decode(edit.file, data)
    if decoded.text != source.text:
        raise Refused(f"{edit.file} changed on disk since it was linted; run again")
    return _File(edit.file, Path(source.abspath), data, decoded.text,
                 data.startswith(b"\xef\xbb\xbf"))


def _display(ws: Context, path: Path) -> str:
    try:
        rel = path.relative_to(Path(ws.root).absolute())
    except ValueError:
        return str(path)
    return f"{ws.display_root.rstrip('/')}/{rel.as_posix()}"


def _groups(edits: list[Edit]) -> list[list[Edit]]:
    """Consecutive ``add`` edits into one mapping at one place go in together (kept in order)."""
    groups: list[list[Edit]] = []
    for edit in edits:
        last = groups[-1][0] if groups else None
        if last is not None and edit.op == ADD and last.op == ADD and \
                (edit.file, edit.path, edit.before) == (last.file, last.path, last.before):
            groups[-1].append(edit)
        else:
            groups.append([edit])
    return groups


def _text_of(data: bytes) -> str:
    return data.decode("utf-8").lstrip(BOM)


def _check(text: str, expected: Any, display: str, before: Counter) -> None:
    """The new text loads, adds no duplicate key or unknown tag and means exactly ``expected``."""
    loaded = load_text(display, text)
    after = Counter(p.kind for p in loaded.problems)
    broken = next((p for p in loaded.problems if p.kind.breaks_file), None)
    if loaded.root is None or broken is not None:
        why = f"{broken.kind} at line {broken.line}" if broken is not None else "empty"
        raise Refused(f"the result would not load ({why})")
    for kind in (ProblemKind.DUPLICATE_KEY, ProblemKind.UNKNOWN_TAG):
        if after[kind] > before.get(kind, 0):
            raise Refused(f"the result would have a new {kind} problem")
    if not same_data(loaded.root.plain(), expected):
        raise Refused("the result would change more than the fix intends")


def _expect(tree: Any, edit: Edit) -> Any:
    """``tree`` (plain data) with ``edit`` made."""
    if edit.op == ADD:
        node = tree
        for step in edit.path:
            if not isinstance(node, dict):
                raise Refused(f"{path_text(edit.path)} is not a mapping")
            if node.get(step) is None:
                node[step] = {}
            node = node[step]
        if not isinstance(node, dict):
            raise Refused(f"{path_text(edit.path)} is not a mapping")
        node.setdefault(edit.key, plain_data(edit.value))
        return tree
    parent = walk_data(tree, edit.path[:-1])
    last = edit.path[-1]
    if edit.op == REPLACE:
        parent[last] = plain_data(edit.value)
    else:
        parent[edit.value] = parent.pop(last)
    return tree
