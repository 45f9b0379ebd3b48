"""Turn file bytes into a positioned :class:`~copilot_lint.model.node.Node` tree, never raising.

Parsing uses PyYAML's event stream (libyaml's C parser when available) and composes the tree
here, iteratively, so that nothing about the input can exhaust the stack or memory:

- scalars are typed as YAML 1.2 / Go's yaml.v3 do (``on``, ``yes``, ``off`` stay strings);
- CloudFormation short forms become their long form (``!GetAtt a.b`` → ``{"Fn::GetAtt": [a, b]}``);
- duplicate keys, unknown tags and syntax or encoding errors are recorded as typed
  :class:`~copilot_lint.model.problem.LoadProblem` values (the ``files`` rules word them);
  alias expansion, nesting depth and file size are bounded and end in such a problem.

Tags never construct Python objects: a ``!!python/...`` tag is just an unknown tag.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from copilot_lint.model.node import MAP, SCALAR, SEQ, Node, same_content
from copilot_lint.model.problem import LoadProblem, ProblemKind, problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 200
MAX_NODES = 250_000

CFN_SHORT_FORMS = {
    "!Ref": "Ref", "!Condition": "Condition", "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr",
    "!FindInMap": "Fn::FindInMap", "!GetAtt": "Fn::GetAtt", "!GetAZs": "Fn::GetAZs",
    "!ImportValue": "Fn::ImportValue", "!Join": "Fn::Join", "!Select": "Fn::Select",
    "!Split": "Fn::Split", "!Sub": "Fn::Sub", "!Transform": "Fn::Transform", "!If": "Fn::If",
    "!Equals": "Fn::Equals", "!And": "Fn::And", "!Or": "Fn::Or", "!Not": "Fn::Not",
    "!Length": "Fn::Length", "!ToJsonString": "Fn::ToJsonString", "!Contains": "Fn::Contains",
    "!EachMemberEquals": "Fn::EachMemberEquals", "!EachMemberIn": "Fn::EachMemberIn",
    "!RefAll": "Fn::RefAll", "!ValueOf": "Fn::ValueOf", "!ValueOfAll": "Fn::ValueOfAll",
}
_YAML_TAG = "tag:yaml.org,2002:"
_STD_TAGS = frozenset(_YAML_TAG + t for t in (
    "str", "int", "float", "bool", "null", "map", "seq", "binary", "timestamp", "set", "omap",
    "merge", "value"))

_MAYBE_NOT_STRING = frozenset("0123456789+-.~nNtTfF")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters YAML does not allow in a stream (outside YAML's printable set)."""
_SPECIAL_FLOATS = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
                   "+.inf": float("inf"), "-.inf": float("-inf"), "-.Inf": float("-inf"),
                   ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan")}


@dataclass
class Loaded:
    """The result of loading one file: its text (when decodable), its tree, and its problems."""

    path: str
    text: str | None = None
    root: Node | None = None
    problems: list[LoadProblem] = field(default_factory=list)


def type_plain_scalar(text: str):
    """The value of a plain scalar under the YAML 1.2 core schema (as Go's yaml.v3 reads it)."""
    if text and text[0] not in _MAYBE_NOT_STRING:
        return text
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    return text


def decode(path: str, data: bytes) -> Loaded:
    """Decode bytes as UTF-8 or UTF-16 text (BOM-aware), or record why not."""
    out = Loaded(path)
    if len(data) > MAX_BYTES:
        out.problems.append(problem(ProblemKind.TOO_LARGE, path, size=len(data), limit=MAX_BYTES))
        return out
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            if data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            nul = data.find(b"\x00")
            if nul >= 0:
                line, col = _byte_position(data, nul)
                out.problems.append(problem(ProblemKind.BINARY, path, line, col))
                return out
            text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _byte_position(data, err.start)
        out.problems.append(problem(ProblemKind.NOT_UTF8, path, line, col,
                                    byte=data[err.start]))
        return out
    out.text = text.lstrip("\ufeff")
    return out


def load_text(path: str, text: str) -> Loaded:
    """Parse ``text`` into a node tree with its problems; never raises."""
    out = Loaded(path, text)
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        out.problems.append(_not_printable(path, text, bad.start()))
        return out
    composer = _Composer(path, out.problems)
    try:
        out.root = composer.compose(text)
    except yaml.MarkedYAMLError as err:
        if text.lstrip().startswith("{") and "\t" in text:
            return load_text(path, text.replace("\t", " "))
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = err.problem or err.context or "invalid YAML"
        if err.context and err.problem:
            what = f"{err.problem} ({err.context})"
        lines = text.splitlines()
        bad_char = lines[mark.line][mark.column:mark.column + 1] if (
            mark and mark.line < len(lines)) else ""
        out.problems.append(problem(ProblemKind.SYNTAX, path, line, col, problem=what,
                                    tab=bad_char == "\t"))
        out.root = None
    except yaml.YAMLError as err:
        out.problems.append(problem(ProblemKind.SYNTAX, path, problem=" ".join(str(err).split()),
                                    tab=False))
        out.root = None
    except _TooBig as err:
        out.problems.append(err.problem)
        out.root = None
    return out


def load_bytes(path: str, data: bytes) -> Loaded:
    """Decode and parse one file's bytes."""
    decoded = decode(path, data)
    if decoded.text is None:
        return decoded
    return load_text(path, decoded.text)


def _not_printable(path: str, text: str, index: int) -> LoadProblem:
    """A character YAML does not allow (a control character), on its own line and column."""
    line_start = text.rfind("\n", 0, index) + 1
    line, col = text.count("\n", 0, index) + 1, index - line_start + 1
    return problem(ProblemKind.CONTROL_CHARACTER, path, line, col, line, col + 1,
                   code=ord(text[index]))


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


class _TooBig(Exception):
    def __init__(self, found: LoadProblem) -> None:
        super().__init__(found.kind)
        self.problem = found


class _Frame:
    __slots__ = ("kind", "start", "tag", "anchor", "items", "keys", "pending", "merges", "size",
                 "style")

    def __init__(self, kind: str, start, tag: str | None, anchor: str | None,
                 flow: bool = False) -> None:
        self.kind = kind
        self.style = "flow" if flow else None
        self.start = start
        self.tag = tag
        self.anchor = anchor
        self.items: dict | list = {} if kind == MAP else []
        self.keys: dict[str, Node] = {}
        self.pending: Node | None = None
        self.merges: list[Node] = []
        self.size = 1


class _Composer:
    """Builds nodes from parser events with an explicit stack (no recursion)."""

    def __init__(self, path: str, problems: list[LoadProblem]) -> None:
        self.path = path
        self.problems = problems
        self.anchors: dict[str, tuple[Node, int]] = {}
        self.stack: list[_Frame] = []
        self.total = 0

    def compose(self, text: str) -> Node | None:
        stack: list[_Frame] = []
        self.stack = stack
        root: Node | None = None
        parser = _Loader(text)
        next_event = parser.get_event
        try:
            while True:
                event = next_event()
                kind = type(event)
                if kind is ScalarEvent:
                    node, size = self._scalar(event), 1
                    self._count(size, event.start_mark)
                    if event.anchor:
                        self.anchors[event.anchor] = (node, size)
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    if len(stack) >= MAX_DEPTH:
                        raise _TooBig(problem(ProblemKind.TOO_DEEP, self.path,
                                              event.start_mark.line + 1,
                                              event.start_mark.column + 1, limit=MAX_DEPTH))
                    stack.append(_Frame(MAP if kind is MappingStartEvent else SEQ,
                                        event.start_mark, event.tag, event.anchor,
                                        bool(event.flow_style)))
                    continue
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    frame = stack.pop()
                    node, size = self._close(frame, event.end_mark), frame.size
                    self._count(1, event.end_mark)
                    if frame.anchor:
                        self.anchors[frame.anchor] = (node, size)
                elif kind is AliasEvent:
                    if event.anchor not in self.anchors:
                        raise _TooBig(problem(ProblemKind.UNKNOWN_ALIAS, self.path,
                                              event.start_mark.line + 1,
                                              event.start_mark.column + 1, alias=event.anchor))
                    node, size = self.anchors[event.anchor]
                    self._count(size, event.start_mark)
                elif kind is DocumentEndEvent or event is None:
                    break
                else:
                    continue
                if not stack:
                    root = node
                    continue
                self._add(stack[-1], node, size)
        finally:
            parser.dispose()
        return root

    def _count(self, size: int, mark) -> None:
        self.total += size
        if self.total > MAX_NODES:
            raise _TooBig(problem(ProblemKind.TOO_MANY_NODES, self.path, mark.line + 1,
                                  mark.column + 1, limit=MAX_NODES))

    def _add(self, frame: _Frame, node: Node, size: int) -> None:
        frame.size += size
        if frame.kind == SEQ:
            frame.items.append(node)
            return
        if frame.pending is None:
            frame.pending = node
            return
        key_node, frame.pending = frame.pending, None
        if key_node.kind == SCALAR and key_node.text == "<<" and key_node.style is None:
            frame.merges.extend(node.value if node.kind == SEQ else [node])
            return
        key = key_node.text if key_node.kind == SCALAR else _complex_key(key_node)
        first = frame.keys.get(key)
        if first is not None:
            self.problems.append(problem(ProblemKind.DUPLICATE_KEY, self.path, key_node.line,
                                         key_node.col, *key_node.span(), key=key,
                                         first_line=first.line,
                                         same_value=same_content(frame.items[key], node),
                                         in_body=self._in_resource_body()))
            del frame.items[key]
        frame.keys[key] = key_node
        frame.items[key] = node

    def _in_resource_body(self) -> bool:
        """Whether the map being built lies inside ``Resources.<id>.<section>`` of a
        template (the map of ``Properties``, ``Metadata`` and what they hold)."""
        steps = [frame.pending for frame in self.stack[:3]]
        return len(self.stack) > 3 and all(
            frame.kind == MAP for frame in self.stack[:3]) and \
            steps[0] is not None and steps[0].text == "Resources"

    def _close(self, frame: _Frame, end) -> Node:
        line, col = frame.start.line + 1, frame.start.column + 1
        if frame.kind == MAP:
            for merged in frame.merges:
                for k, v in merged.items():
                    if k not in frame.items:
                        frame.items[k] = v
                        frame.keys[k] = merged.keys[k] if merged.keys else v
            node = Node(MAP, frame.items, self.path, line, col, frame.keys, None, end.line + 1,
                        frame.style, None, end.column + 1)
        else:
            node = Node(SEQ, frame.items, self.path, line, col, None, None, end.line + 1,
                        frame.style, None, end.column + 1)
        return self._apply_tag(node, frame.tag)

    def _scalar(self, event) -> Node:
        line, col = event.start_mark.line + 1, event.start_mark.column + 1
        style = event.style or None
        value = event.value
        tag = event.tag
        if tag is None or tag == "!":
            typed = type_plain_scalar(value) if style is None else value
            # positional (keys, tag, end_line, style, text, end_col): the loader's hottest call
            end = event.end_mark
            return Node(SCALAR, typed, self.path, line, col, None, None, end.line + 1,
                        style, value, end.column + 1)
        node = Node(SCALAR, value, self.path, line, col, style=style, text=value,
                    end_line=event.end_mark.line + 1, end_col=event.end_mark.column + 1)
        if tag in _STD_TAGS:
            node.tag = "!!" + tag[len(_YAML_TAG):]
            if tag.endswith(("int", "float", "bool", "null")):
                node.value = type_plain_scalar(value)
            return node
        return self._apply_tag(node, tag)

    def _apply_tag(self, node: Node, tag: str | None) -> Node:
        if tag is None or tag == "!" or tag in _STD_TAGS:
            if tag in _STD_TAGS:
                node.tag = "!!" + tag[len(_YAML_TAG):]
            return node
        long_name = CFN_SHORT_FORMS.get(tag)
        if long_name is None:
            shown = "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag
            self.problems.append(problem(ProblemKind.UNKNOWN_TAG, self.path, node.line, node.col,
                                         *node.span(), tag=shown))
            return node
        arg = node
        if long_name == "Fn::GetAtt" and node.kind == SCALAR and isinstance(node.value, str):
            name, _, attr = node.value.partition(".")
            arg = Node(SEQ, [node.with_value(name), node.with_value(attr)], self.path,
                       node.line, node.col, end_line=node.end_line, style="flow",
                       end_col=node.end_col)
        key = Node(SCALAR, long_name, self.path, node.line, node.col, text=long_name)
        return Node(MAP, {long_name: arg}, self.path, node.line, node.col, keys={long_name: key},
                    tag=tag, end_line=node.end_line, end_col=node.end_col)


def _complex_key(node: Node) -> str:
    return repr(node.plain())
