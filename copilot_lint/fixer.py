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
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, Tag, TaggedScalar
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from copilot_lint.confined import Confined
from copilot_lint.escape import visible
from copilot_lint.finding import Finding
from copilot_lint.fix import ADD, CREATE, FIRST, RENAME, REPLACE, Edit, Fix, Tagged
from copilot_lint.loader import CFN_SHORT_FORMS, decode, load_text, type_plain_scalar
from copilot_lint.fix_write import MAX_BYTES, WriteRefused, create, remove_stale, rewrite
from copilot_lint.model import Workspace

SECTION_ORDER = ("AWSTemplateFormatVersion", "Description", "Metadata", "Transform",
                 "Parameters", "Rules", "Mappings", "Conditions", "Resources", "Outputs")
"""Where a created top-level section of an addon template goes (CloudFormation's usual order)."""

_YAML11_WORDS = frozenset(
    w for word in ("y", "yes", "n", "no", "on", "off", "true", "false", "null", "~", "=", "<<")
    for w in (word, word.capitalize(), word.upper()))
_BOM = "\ufeff"
_EVENTS = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


class Refused(Exception):
    """A fix that cannot be made safely; the message says why."""


def plan_fixes(ws: Workspace, findings: list[Finding]) -> Plan:
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


def apply_plan(plan: Plan) -> list[Problem]:
    """Write every change atomically inside the workspace (after removing temporary files an
    interrupted run left); a file that cannot be written safely is reported."""
    problems = []
    confined = Confined(plan.root or Path.cwd())
    remove_stale(confined, plan.folders | {c.abspath.parent for c in plan.changes})
    for change in plan.changes:
        try:
            if change.old is None:
                create(confined, change.abspath, change.new)
            else:
                rewrite(confined, change.abspath, change.old, change.new)
        except WriteRefused as why:
            problems.append(Problem(change.file, f"not written: {why}"))
            change.findings.clear()
    return problems


# --- files -------------------------------------------------------------------------------


class _File:
    """One file's text as fixes change it."""

    def __init__(self, display: str, abspath: Path, data: bytes | None, text: str,
                 bom: bool = False) -> None:
        self.display, self.abspath, self.data, self.bom = display, abspath, data, bom
        self.original = text
        self.text = text
        self.newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"

    def encode(self) -> bytes:
        return ((_BOM if self.bom else "") + self.text).encode("utf-8")

    def apply(self, edits: list[Edit]) -> None:
        """Make one group of edits (see :func:`_groups`) and validate the result."""
        first = edits[0]
        if first.op == CREATE:
            if self.text:
                raise Refused(f"{self.display} is created twice")
            text = _dump(_ruamel(first.value), _Format(2, 2)).replace("\n", self.newline)
            _check(text, _plain(first.value), self.display, Counter())
            self.text = text
            return
        before = load_text(self.display, self.text)
        if before.root is None:
            raise Refused("the file does not load")
        doc = _Doc(self.text, self.newline, before.root.plain())
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
        _check(text, expected, self.display, Counter(f.rule for f in before.findings))
        self.text = text


def _open(ws: Workspace, confined: Confined, edit: Edit) -> _File:
    if edit.op == CREATE:
        path = Path(edit.file)
        if path.exists() or path.is_symlink():
            raise Refused(f"{path.name} already exists")
        return _File(_display(ws, path), path, None, "", False)
    source = next((f for f in ws.files if f.path == edit.file), None)
    if source is None or source.text is None:
        raise Refused(f"{edit.file} is not a loaded file of the workspace")
    try:
        data = confined.read_bytes(source.abspath, MAX_BYTES)
    except OSError as err:
        raise Refused(f"cannot read {edit.file}: {err.strerror or err}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Refused("UTF-16 files are not rewritten")
    decoded = decode(edit.file, data)
    if decoded.text != source.text:
        raise Refused(f"{edit.file} changed on disk since it was linted; run again")
    return _File(edit.file, Path(source.abspath), data, decoded.text,
                 data.startswith(b"\xef\xbb\xbf"))


def _display(ws: Workspace, path: Path) -> str:
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
    return data.decode("utf-8").lstrip(_BOM)


# --- validation ------------------------------------------------------------------------


def _check(text: str, expected: Any, display: str, before: Counter) -> None:
    """The new text loads, adds no CL002/CL003 problem and means exactly ``expected``."""
    loaded = load_text(display, text)
    after = Counter(f.rule for f in loaded.findings)
    if loaded.root is None or after["CL001"]:
        message = next((f.message for f in loaded.findings if f.rule == "CL001"), "")
        raise Refused(f"the result would not load ({message})")
    for rule in ("CL002", "CL003"):
        if after[rule] > before.get(rule, 0):
            raise Refused(f"the result would have a new {rule} problem")
    if not _same(loaded.root.plain(), expected):
        raise Refused("the result would change more than the fix intends")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    return type(a) is type(b) and a == b


def _plain(value: Any) -> Any:
    """What the linter's loader makes of ``value`` once written."""
    if isinstance(value, Tagged):
        name = CFN_SHORT_FORMS.get(value.tag, value.tag)
        inner = _plain(value.value)
        if name == "Fn::GetAtt" and isinstance(inner, str):
            inner = inner.split(".", 1) if "." in inner else [inner, ""]
        return {name: inner}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _expect(tree: Any, edit: Edit) -> Any:
    """``tree`` (plain data) with ``edit`` made."""
    if edit.op == ADD:
        node = tree
        for step in edit.path:
            if not isinstance(node, dict):
                raise Refused(f"{_show(edit.path)} is not a mapping")
            if node.get(step) is None:
                node[step] = {}
            node = node[step]
        if not isinstance(node, dict):
            raise Refused(f"{_show(edit.path)} is not a mapping")
        node.setdefault(edit.key, _plain(edit.value))
        return tree
    parent = _walk(tree, edit.path[:-1])
    last = edit.path[-1]
    if edit.op == REPLACE:
        parent[last] = _plain(edit.value)
    else:
        parent[edit.value] = parent.pop(last)
    return tree


_MISSING = object()


def _walk(tree: Any, path: tuple, default: Any = None) -> Any:
    node = tree
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            if default is not None:
                return default
            raise Refused(f"no {_show(path)} in the file") from None
    return node


# --- locating spans --------------------------------------------------------------------


class _Span:
    """One YAML node's place in the text: ``[start, end)`` characters, properties included."""

    __slots__ = ("kind", "start", "end", "flow", "in_flow", "anchor", "tag", "style", "value",
                 "items")

    def __init__(self, kind: str, start: int, *, flow: bool = False, in_flow: bool = False,
                 anchor: str | None = None, tag: str | None = None, style: str | None = None,
                 value: str | None = None) -> None:
        self.kind, self.start, self.end = kind, start, start
        self.flow, self.in_flow = flow, in_flow
        self.anchor, self.tag, self.style, self.value = anchor, tag, style, value
        self.items: list = []

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.style is None and self.tag is None and \
            self.value in ("", "~", "null", "Null", "NULL")

    def entry(self, key: str) -> tuple[_Span, _Span] | None:
        """The last ``key: value`` pair of a mapping with that key (YAML keeps the last)."""
        found = None
        for k, v in self.items if self.kind == "map" else []:
            if k.kind == "scalar" and k.value == key:
                found = (k, v)
        return found


def _parse(text: str) -> tuple[_Span, set[str]]:
    """The span tree of a one-document text and the anchors that aliases use."""
    stack: list[_Span] = []
    root: _Span | None = None
    used: set[str] = set()
    documents = 0
    try:
        events = list(yaml.parse(text, Loader=_EVENTS))
    except yaml.YAMLError as err:
        raise Refused(f"the file does not parse ({str(err).splitlines()[0]})") from None
    for event in events:
        kind = type(event).__name__
        in_flow = bool(stack) and (stack[-1].flow or stack[-1].in_flow)
        if kind == "DocumentStartEvent":
            documents += 1
            if documents > 1:
                raise Refused("the file holds several YAML documents")
            continue
        if kind == "ScalarEvent":
            node = _Span("scalar", event.start_mark.index, in_flow=in_flow, anchor=event.anchor,
                         tag=event.tag, style=event.style or None, value=event.value)
            node.end = event.end_mark.index
        elif kind == "AliasEvent":
            node = _Span("alias", event.start_mark.index, in_flow=in_flow, anchor=event.anchor)
            node.end = event.end_mark.index
            used.add(event.anchor)
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            stack.append(_Span("map" if kind == "MappingStartEvent" else "seq",
                               event.start_mark.index, flow=bool(event.flow_style),
                               in_flow=in_flow, anchor=event.anchor, tag=event.tag))
            continue
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            node = stack.pop()
            node.end = event.end_mark.index if node.flow else _last_end(node)
        else:
            continue
        if not stack:
            root = node
        elif stack[-1].kind == "seq":
            stack[-1].items.append(node)
        elif stack[-1].items and len(stack[-1].items[-1]) == 1:
            stack[-1].items[-1] = (stack[-1].items[-1][0], node)
        else:
            stack[-1].items.append((node,))
    if root is None:
        raise Refused("the file is empty")
    return root, used


def _last_end(node: _Span) -> int:
    """Where the content of a block collection ends: its last value's end (comments after it
    are not part of it; an empty value ends with its key)."""
    if not node.items:
        return node.start
    last = node.items[-1]
    if isinstance(last, tuple):
        key, value = last if len(last) == 2 else (last[0], last[0])
        return key.end if value.start == value.end else value.end
    return last.end


@dataclass
class _Format:
    """The file's indentation: spaces per mapping level, and a sequence dash's offset."""

    mapping: int
    offset: int


class _Doc:
    """The text of one file, its span tree and its meaning (plain data), to edit it by."""

    def __init__(self, text: str, newline: str, plain: Any) -> None:
        self.original = self.text = text
        self.newline = newline
        self.plain = plain
        self.root, self.used = _parse(text)
        self.format = self._format()

    def _format(self) -> _Format:
        maps: Counter = Counter()
        seqs: Counter = Counter()
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.kind == "map" and not node.flow:
                for key, value in node.items:
                    if value.kind == "map" and not value.flow and value.items:
                        maps[self.col(value.items[0][0].start) - self.col(key.start)] += 1
                    elif value.kind == "seq" and not value.flow and value.items:
                        seqs[self.col(value.start) - self.col(key.start)] += 1
                    stack.append(value)
            elif node.kind == "seq":
                stack.extend(node.items)
        mapping = next((n for n, _ in maps.most_common() if n > 0), 2)
        offset = next((n for n, _ in seqs.most_common() if n >= 0), 2)
        return _Format(mapping, offset)

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def col(self, index: int) -> int:
        return index - self.line_start(index)

    def locate(self, path: tuple) -> tuple[_Span | None, _Span, _Span | None]:
        """``(key span, value span, parent span)`` at ``path``; refuses shared or missing spots."""
        node, key, parent = self.root, None, None
        for step in path:
            self._not_shared(node)
            if node.tag and CFN_SHORT_FORMS.get(node.tag) == step:
                parent, key, node = node, None, self._untagged(node)
            elif node.kind == "map" and isinstance(step, str):
                pair = node.entry(step)
                if pair is None:
                    raise Refused(f"no {_show(path)} in the file (a YAML merge key?)")
                parent, (key, node) = node, pair
            elif node.kind == "seq" and isinstance(step, int) and 0 <= step < len(node.items):
                parent, key, node = node, None, node.items[step]
            else:
                raise Refused(f"no {_show(path)} in the file")
        self._not_shared(node)
        return key, node, parent

    def path_at(self, line: int, col: int, key: bool = False) -> tuple:
        """The key path of the value (or the key) that starts at ``line``:``col`` (1-based)."""
        starts = [0] + [i + 1 for i, c in enumerate(self.text) if c == "\n"]
        index = starts[line - 1] + col - 1 if 0 < line <= len(starts) else -1
        found = []
        stack: list[tuple[tuple, _Span]] = [((), self.root)]
        while stack:
            path, node = stack.pop()
            if not key and node.start == index and node.kind != "alias":
                found.append(path)
            if node.kind == "map":
                for pair in node.items:
                    if len(pair) == 2 and pair[0].kind == "scalar":
                        stack.append((path + (pair[0].value,), pair[1]))
                        if key and pair[0].start == index:
                            found.append(path + (pair[0].value,))
            elif node.kind == "seq":
                stack.extend((path + (i,), item) for i, item in enumerate(node.items))
        if len(found) != 1:
            raise Refused(f"no single {'key' if key else 'value'} at line {line}, column {col}")
        return found[0]

    def _untagged(self, node: _Span) -> _Span:
        """The argument of a short form (``x`` of ``!Sub x``): the span without its tag."""
        start = node.start
        for _ in range(2):
            if self.text[start:start + 1] in ("!", "&"):
                while start < node.end and not self.text[start].isspace():
                    start += 1
                while start < node.end and self.text[start] in " \t\r\n":
                    start += 1
        inner = _Span(node.kind, start, flow=node.flow, in_flow=node.in_flow, style=node.style,
                      value=node.value)
        inner.end, inner.items = node.end, node.items
        return inner

    def _not_shared(self, node: _Span) -> None:
        if node.kind == "alias" or (node.anchor and node.anchor in self.used):
            raise Refused("the value is shared through a YAML anchor; edit it by hand")

    def splice(self, start: int, end: int, new: str) -> str:
        self.text = self.text[:start] + new + self.text[end:]
        return self.text

    def replace(self, edit: Edit) -> str:
        """The value at ``edit.path`` becomes ``edit.value`` (a no-op when it already is)."""
        if not edit.path:
            raise Refused("cannot replace a whole document")
        _, span, _ = self.locate(edit.path)
        if _same(_walk(self.plain, edit.path, _MISSING), _plain(edit.value)):
            return self.text
        if span.kind in ("map", "seq") and not span.flow:
            raise Refused("replacing a block mapping or sequence is not supported")
        value = edit.value
        if isinstance(value, str) and span.style in ("'", '"'):
            value = (SingleQuotedScalarString if span.style == "'" else
                     DoubleQuotedScalarString)(value)
        new = _inline(value, span.in_flow)
        if span.style in ("|", ">"):
            new += self.newline
        return self.splice(span.start, span.end, new)

    def rename(self, edit: Edit) -> str:
        """The last key of ``edit.path`` becomes ``edit.value``."""
        if not edit.path or not isinstance(edit.path[-1], str):
            raise Refused("a rename needs a key path")
        key, _, parent = self.locate(edit.path)
        if parent is None or key is None or key.kind != "scalar" or key.tag or key.anchor:
            raise Refused("the key cannot be renamed safely")
        if parent.entry(edit.value) is not None:
            raise Refused(f'the mapping already has a key "{edit.value}"')
        return self.splice(key.start, key.end, _inline(edit.value, key.in_flow))

    def add(self, edits: list[Edit]) -> str:
        """Add the edits' keys to the mapping at their path, creating missing mappings."""
        path = edits[0].path
        node, found = self.root, 0
        for step in path:
            self._not_shared(node)
            pair = node.entry(step) if node.kind == "map" and isinstance(step, str) else None
            if pair is None or _empty(pair[1]):
                break
            node, found = pair[1], found + 1
        self._not_shared(node)
        if node.kind != "map":
            raise Refused(f"{_show(path[:found]) or 'the document'} is not a mapping")
        entries = []
        for edit in edits:
            now = _walk(self.plain, path + (edit.key,), _MISSING)
            if now is _MISSING:
                entries.append((edit.key, edit.value))
            elif not _same(now, _plain(edit.value)):
                raise Refused(f"{_show(path + (edit.key,))} already exists with another value")
        if not entries:
            return self.text
        if found == len(path):
            return self._insert(node, entries, edits[0].before)
        value: Any = dict(entries)
        for step in reversed(path[found + 1:]):
            value = {step: value}
        pair = node.entry(path[found])
        if pair is not None:
            return self._fill(pair, value)
        before: tuple[str, ...] = ()
        if node is self.root and path[found] in SECTION_ORDER:
            before = SECTION_ORDER[SECTION_ORDER.index(path[found]) + 1:]
        return self._insert(node, [(path[found], value)], before)

    def _fill(self, pair: tuple[_Span, _Span], value: dict) -> str:
        """Give an empty value (``Outputs:``, ``Outputs: ~``, ``Outputs: {}``) its content."""
        key, empty = pair
        if key.in_flow:
            if empty.start == empty.end:
                raise Refused("an empty value inside a flow mapping; edit it by hand")
            return self.splice(empty.start, empty.end, _inline(value, True))
        lines = _block(list(value.items()), self.col(key.start) + self.format.mapping,
                       self.format)
        if empty.start != empty.end:
            cut = empty.start
            while cut > key.end and self.text[cut - 1] in " \t":
                cut -= 1
            self.splice(cut, empty.end, "")
        line_end = self.text.find("\n", key.end)
        return self._insert_lines(line_end + 1 if line_end >= 0 else None, lines)

    def _insert(self, node: _Span, entries: list[tuple[str, Any]],
                before: tuple[str, ...]) -> str:
        if node.flow or node.in_flow:
            if not node.items:
                return self.splice(node.start, node.end, _inline(dict(entries), True))
            addition = "".join(f", {_inline(k, True)}: {_inline(v, True)}" for k, v in entries)
            end = node.items[-1][-1].end
            return self.splice(end, end, addition)
        if not node.items:
            raise Refused("the mapping is empty")
        col = self.col(node.items[0][0].start)
        if all(len(pair) == 2 and pair[1].flow for pair in node.items):
            lines = [" " * col + f"{_inline(k, False)}: {_inline(v, False)}" for k, v in entries]
        else:
            lines = _block(entries, col, self.format)
        spaced = node is self.root and self._spaced()
        at = self._before(node, before)
        if at is not None:
            return self._insert_lines(at, lines + [""] * spaced)
        lines = [""] * spaced + lines
        end = node.end
        if end > 0 and self.text[end - 1] == "\n":
            return self._insert_lines(end, lines)
        line_end = self.text.find("\n", end)
        return self._insert_lines(line_end + 1 if line_end >= 0 else None, lines)

    def _spaced(self) -> bool:
        """True when the document's top-level sections are separated by blank lines."""
        return any(not self.text[self.line_start(self.line_start(key.start) - 1):
                                 self.line_start(key.start)].strip()
                   for key, _ in self.root.items[1:] if self.line_start(key.start) > 0)

    def _before(self, node: _Span, before: tuple[str, ...]) -> int | None:
        """Where lines go to land before the first key of ``before`` present (and before the
        comment lines right above it), or ``None`` (append)."""
        for name in before:
            pair = node.items[0] if name == FIRST else node.entry(name)
            if pair is None:
                continue
            start = self.line_start(pair[0].start)
            if self.text[start:pair[0].start].strip():
                raise Refused("the mapping starts on its parent's line; edit it by hand")
            while start > 0:
                above = self.line_start(start - 1)
                if not self.text[above:start].lstrip().startswith("#"):
                    break
                start = above
            return start
        return None

    def _insert_lines(self, at: int | None, lines: list[str]) -> str:
        """Insert whole lines at a line start (``None``: at the end of a file without a final
        line break)."""
        block = self.newline.join(lines)
        if at is None:
            return self.splice(len(self.text), len(self.text), self.newline + block)
        return self.splice(at, at, block + self.newline)


def _empty(span: _Span) -> bool:
    """A null value or ``{}``: a mapping can be written in its place."""
    return span.is_null or (span.kind == "map" and span.flow and not span.items)


def _show(path: tuple) -> str:
    return ".".join(str(p) for p in path)


# --- rendering ---------------------------------------------------------------------------


def _yaml(fmt: _Format, flow: bool = False) -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 1 << 30
    yaml.brace_single_entry_mapping_in_flow_sequence = True
    yaml.indent(mapping=fmt.mapping, sequence=fmt.offset + 2, offset=fmt.offset)
    if flow:
        yaml.default_flow_style = True
    return yaml


def _dump(data: Any, fmt: _Format, flow: bool = False) -> str:
    out = io.StringIO()
    _yaml(fmt, flow).dump(data, out)
    return out.getvalue()


def _ruamel(value: Any) -> Any:
    """Plain data and :class:`Tagged` as ruamel.yaml objects; strings that YAML 1.1 readers
    (CloudFormation) would take for a boolean, a number or null are quoted."""
    if isinstance(value, Tagged):
        inner = _ruamel(value.value)
        if isinstance(inner, str):
            style = "'" if value.tag == "!Sub" or _needs_quotes(inner) else None
            return TaggedScalar(str(inner), style=style, tag=value.tag)
        inner.yaml_set_ctag(Tag(suffix=value.tag))
        return inner
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[_ruamel(str(key))] = _ruamel(item)
        return out
    if isinstance(value, (list, tuple)):
        return CommentedSeq(_ruamel(v) for v in value)
    if isinstance(value, str) and not isinstance(value, (SingleQuotedScalarString,
                                                          DoubleQuotedScalarString)) \
            and _needs_quotes(value):
        return SingleQuotedScalarString(value)
    return value


def _needs_quotes(text: str) -> bool:
    """True when a YAML 1.1 or 1.2 reader would not read ``text`` written plain as a string."""
    if text in _YAML11_WORDS or not isinstance(type_plain_scalar(text), str):
        return True
    return bool(text) and text[0] in "0123456789+-." and \
        all(c in "0123456789_:.+-eE" for c in text)


def _inline(value: Any, flow: bool) -> str:
    """``value`` on one line: plain or quoted scalar, short form, or flow collection."""
    data = _ruamel(value)
    if isinstance(data, (CommentedMap, CommentedSeq)):
        return _dump(data, _Format(2, 0), flow=True).strip()
    if flow:
        return _dump(CommentedSeq([data]), _Format(2, 0), flow=True).strip()[1:-1]
    text = _dump(CommentedMap([("_", data)]), _Format(2, 0)).rstrip("\n")
    if not text.startswith("_: ") or "\n" in text:
        return _inline(value, True)
    return text[3:]


def _block(entries: list[tuple[str, Any]], col: int, fmt: _Format) -> list[str]:
    """``key: value`` entries as block lines, indented to ``col``."""
    text = _dump(_ruamel(dict(entries)), fmt)
    return [(" " * col + line) if line.strip() else "" for line in text.rstrip("\n").split("\n")]
