"""Where every key and value of a YAML text starts and ends: a span tree built from libyaml's
events, which the splicing edits of :mod:`copilot_lint.fix.document` work on.
"""
from __future__ import annotations

import yaml

BOM = "\ufeff"


_EVENTS = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Refused(Exception):
    """A fix that cannot be made safely; the message says why."""


class Span:
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

    def entry(self, key: str) -> tuple[Span, Span] | None:
        """The last ``key: value`` pair of a mapping with that key (YAML keeps the last)."""
        found = None
        for k, v in self.items if self.kind == "map" else []:
            if k.kind == "scalar" and k.value == key:
                found = (k, v)
        return found


def parse_spans(text: str) -> tuple[Span, set[str]]:
    """The span tree of a one-document text and the anchors that aliases use."""
    stack: list[Span] = []
    root: Span | None = None
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
            node = Span("scalar", event.start_mark.index, in_flow=in_flow, anchor=event.anchor,
                         tag=event.tag, style=event.style or None, value=event.value)
            node.end = event.end_mark.index
        elif kind == "AliasEvent":
            node = Span("alias", event.start_mark.index, in_flow=in_flow, anchor=event.anchor)
            node.end = event.end_mark.index
            used.add(event.anchor)
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            stack.append(Span("map" if kind == "MappingStartEvent" else "seq",
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


def _last_end(node: Span) -> int:
    """Where the content of a block collection ends: its last value's end (comments after it
    are not part of it; an empty value ends with its key)."""
    if not node.items:
        return node.start
    last = node.items[-1]
    if isinstance(last, tuple):
        key, value = last if len(last) == 2 else (last[0], last[0])
        return key.end if value.start == value.end else value.end
    return last.end


def is_empty_span(span: Span) -> bool:
    """A null value or ``{}``: a mapping can be written in its place."""
    return span.is_null or (span.kind == "map" and span.flow and not span.items)


def path_text(path: tuple) -> str:
    return ".".join(str(p) for p in path)
