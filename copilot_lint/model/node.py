"""The positioned node tree that every rule reads.

A ``Node`` is one YAML value (mapping, sequence or scalar) with the file it came from, the
1-based line and column where it starts and, as libyaml gives it, where it ends (``end_line``,
``end_col``: the position just after its last character; for a block mapping or sequence libyaml
ends it where the next token starts); :meth:`Node.span` is what a finding on the node covers.
CloudFormation short forms are already in long form (``!Ref X`` is a mapping ``{"Ref": X}``
whose ``tag`` remembers ``!Ref``), so rules see one shape.
Nodes are built by :mod:`copilot_lint.load.parse` and are never mutated afterwards; resolution per
environment builds new nodes that keep the positions of the ones they came from.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MAP = "map"
SEQ = "seq"
SCALAR = "scalar"

INTRINSICS = frozenset({
    "Ref", "Condition", "Fn::Base64", "Fn::Cidr", "Fn::FindInMap", "Fn::GetAtt", "Fn::GetAZs",
    "Fn::ImportValue", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::Sub", "Fn::Transform",
    "Fn::If", "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Fn::Length", "Fn::ToJsonString",
    "Fn::ForEach", "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn", "Fn::RefAll",
    "Fn::ValueOf", "Fn::ValueOfAll",
})


class Node:
    """One YAML value with its position; ``value`` is a dict, a list or a Python scalar."""

    __slots__ = ("kind", "value", "keys", "tag", "file", "line", "col", "end_line", "style", "text",
                 "end_col")

    def __init__(self, kind: str, value: Any, file: str, line: int, col: int,
                 keys: dict[str, Node] | None = None, tag: str | None = None,
                 end_line: int | None = None, style: str | None = None,
                 text: str | None = None, end_col: int = 0) -> None:
        self.kind = kind
        self.value = value
        self.keys = keys
        self.tag = tag
        self.file = file
        self.line = line
        self.col = col
        self.end_line = end_line if end_line is not None else line
        self.style = style
        """A scalar's quoting (``'``, ``"``, ``|``, ``>`` or ``None`` for plain); for a mapping or
        sequence ``"flow"`` (written in brackets), ``"json"`` (a JSON array string made a list)
        or ``None`` (block)."""
        self.text = text
        self.end_col = end_col
        """The 1-based column just after the node's last character on ``end_line``; 0 when
        unknown (a node made up by resolution)."""

    def __repr__(self) -> str:
        return f"Node({self.kind}, {self.plain()!r}, {self.file}:{self.line}:{self.col})"

    @property
    def is_map(self) -> bool:
        return self.kind == MAP

    @property
    def is_seq(self) -> bool:
        return self.kind == SEQ

    @property
    def is_scalar(self) -> bool:
        return self.kind == SCALAR

    @property
    def is_str(self) -> bool:
        return self.kind == SCALAR and isinstance(self.value, str)

    @property
    def quoted(self) -> bool:
        return self.style in ("'", '"')

    @property
    def is_block(self) -> bool:
        """True for a mapping or sequence written in block style (indented, one entry a line)."""
        return self.kind != SCALAR and self.style is None

    def span(self) -> tuple[int, int]:
        """``(end_line, end_col)`` of what a finding on this node covers, ``(0, 0)`` if unknown.

        A scalar or a flow collection covers its whole token (quotes and brackets included, every
        line of a multi-line scalar; a ``|`` or ``>`` block ends at column 1 of the line after
        it). A block mapping or sequence covers only the line that opens it, up to the end of
        its first entry's first token (``- name`` or ``image``), not all its lines; a short-form
        intrinsic (``!Sub …``) covers its tag and its argument the same way.
        """
        node: Node = self
        for _ in range(256):  # deeper than the loader's nesting limit
            if node.kind == SCALAR or not node.is_block:
                break
            if node.kind == MAP:
                first = next(iter(node.keys.values()), None) if node.keys and not node.tag \
                    else next(iter(node.value.values()), None)
            else:
                first = node.value[0] if node.value else None
            if first is None:
                return 0, 0
            node = first
        end = (node.end_line, node.end_col)
        if not node.end_col or end <= (self.line, self.col):
            return 0, 0
        return end

    def get(self, *path: str | int) -> Node | None:
        """Follow keys (and list indexes) from this node; ``None`` when any step is missing."""
        if len(path) == 1 and self.kind == MAP:
            step = path[0]
            return self.value.get(step) if isinstance(step, str) else None
        node: Node | None = self
        for step in path:
            if node is None:
                return None
            if node.kind == MAP and isinstance(step, str):
                node = node.value.get(step)
            elif node.kind == SEQ and isinstance(step, int) and \
                    -len(node.value) <= step < len(node.value):
                node = node.value[step]
            else:
                return None
        return node

    def key_node(self, key: str) -> Node | None:
        """The node of the key ``key`` itself (for findings about the key, not its value)."""
        if self.kind != MAP or self.keys is None:
            return None
        return self.keys.get(key)

    def items(self) -> Iterator[tuple[str, Node]]:
        """Key/value pairs of a mapping; nothing for other kinds."""
        if self.kind == MAP:
            yield from self.value.items()

    def elements(self) -> list[Node]:
        """Items of a sequence; an empty list for other kinds."""
        return self.value if self.kind == SEQ else []

    def str_value(self) -> str | None:
        """The scalar as a string (numbers and booleans as written), or ``None`` for containers."""
        if self.kind != SCALAR or self.value is None:
            return None
        if isinstance(self.value, str):
            return self.value
        return self.text if self.text is not None else str(self.value)

    def intrinsic(self) -> tuple[str, Node] | None:
        """``(function, argument)`` when this is a one-key CloudFormation intrinsic mapping."""
        if self.kind == MAP and len(self.value) == 1:
            (name, arg), = self.value.items()
            if name in INTRINSICS:
                return name, arg
        return None

    def plain(self, _depth: int = 0) -> Any:
        """Plain Python data (dicts, lists, scalars), for JSON Schema validation and equality."""
        if self.kind == MAP:
            return {k: v.plain(_depth + 1) for k, v in self.value.items()}
        if self.kind == SEQ:
            return [v.plain(_depth + 1) for v in self.value]
        return self.value

    def walk(self, path: tuple = ()) -> Iterator[tuple[tuple, Node]]:
        """Every node below (and including) this one with its key path, depth first, iteratively."""
        stack: list[tuple[tuple, Node]] = [(path, self)]
        while stack:
            p, node = stack.pop()
            yield p, node
            if node.kind == MAP:
                stack.extend((p + (k,), v) for k, v in reversed(list(node.value.items())))
            elif node.kind == SEQ:
                stack.extend((p + (i,), v) for i, v in reversed(list(enumerate(node.value))))

    def nodes(self) -> Iterator[Node]:
        """Every node below (and including) this one, when the key paths are not needed."""
        stack: list[Node] = [self]
        pop, extend = stack.pop, stack.extend
        while stack:
            node = pop()
            yield node
            if node.kind == MAP:
                extend(node.value.values())
            elif node.kind == SEQ:
                extend(node.value)

    def with_value(self, value: Any) -> Node:
        """A copy of this scalar with another value, at the same position."""
        return Node(self.kind, value, self.file, self.line, self.col, self.keys, self.tag,
                    self.end_line, self.style, self.text, self.end_col)


def same_content(a: Node | None, b: Node | None) -> bool:
    """Deep equality ignoring position and quoting, but not short-form tags (Copilot's A5).

    Like Copilot's comparison of yaml.v3 nodes, key order counts and scalars compare as written
    (``1.0`` is not ``1.00``, ``!GetAtt A.B`` is not ``!GetAtt [A, B]``), with their type.
    """
    if a is None or b is None:
        return a is b
    if a.kind != b.kind or (a.tag or "") != (b.tag or ""):
        return False
    if a.kind == MAP:
        return list(a.value) == list(b.value) and all(
            same_content(v, b.value[k]) for k, v in a.value.items())
    if a.kind == SEQ:
        return len(a.value) == len(b.value) and all(
            same_content(x, y) for x, y in zip(a.value, b.value))
    if type(a.value) is not type(b.value):
        return False
    if a.text is not None and b.text is not None:
        return a.text == b.text
    return a.value == b.value
