"""One file's text being edited: locate a key path's span, then splice a replaced value, a
renamed key or added keys into the text, touching nothing else.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from copilot_lint.fix.meaning import MISSING, plain_data, same_data, walk_data
from copilot_lint.fix.render import Indent, block_lines, inline
from copilot_lint.fix.spans import Refused, Span, is_empty_span, parse_spans, path_text
from copilot_lint.load.parse import CFN_SHORT_FORMS
from copilot_lint.model.fix import FIRST, Edit

SECTION_ORDER = ("AWSTemplateFormatVersion", "Description", "Metadata", "Transform",
                 "Parameters", "Rules", "Mappings", "Conditions", "Resources", "Outputs")
"""Where a created top-level section of an addon template goes (CloudFormation's usual order)."""


class Document:
    """The text of one file, its span tree and its meaning (plain data), to edit it by."""

    def __init__(self, text: str, newline: str, plain: Any) -> None:
        self.original = self.text = text
        self.newline = newline
        self.plain = plain
        self.root, self.used = parse_spans(text)
        self.format = self._format()

    def _format(self) -> Indent:
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
        return Indent(mapping, offset)

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def col(self, index: int) -> int:
        return index - self.line_start(index)

    def locate(self, path: tuple) -> tuple[Span | None, Span, Span | None]:
        """``(key span, value span, parent span)`` at ``path``; refuses shared or missing spots."""
        node, key, parent = self.root, None, None
        for step in path:
            self._not_shared(node)
            if node.tag and CFN_SHORT_FORMS.get(node.tag) == step:
                parent, key, node = node, None, self._untagged(node)
            elif node.kind == "map" and isinstance(step, str):
                pair = node.entry(step)
                if pair is None:
                    raise Refused(f"no {path_text(path)} in the file (a YAML merge key?)")
                parent, (key, node) = node, pair
            elif node.kind == "seq" and isinstance(step, int) and 0 <= step < len(node.items):
                parent, key, node = node, None, node.items[step]
            else:
                raise Refused(f"no {path_text(path)} in the file")
        self._not_shared(node)
        return key, node, parent

    def path_at(self, line: int, col: int, key: bool = False) -> tuple:
        """The key path of the value (or the key) that starts at ``line``:``col`` (1-based)."""
        starts = [0] + [i + 1 for i, c in enumerate(self.text) if c == "\n"]
        index = starts[line - 1] + col - 1 if 0 < line <= len(starts) else -1
        found = []
        stack: list[tuple[tuple, Span]] = [((), self.root)]
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

    def _untagged(self, node: Span) -> Span:
        """The argument of a short form (``x`` of ``!Sub x``): the span without its tag."""
        start = node.start
        for _ in range(2):
            if self.text[start:start + 1] in ("!", "&"):
                while start < node.end and not self.text[start].isspace():
                    start += 1
                while start < node.end and self.text[start] in " \t\r\n":
                    start += 1
        inner = Span(node.kind, start, flow=node.flow, in_flow=node.in_flow, style=node.style,
                      value=node.value)
        inner.end, inner.items = node.end, node.items
        return inner

    def _not_shared(self, node: Span) -> None:
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
        if same_data(walk_data(self.plain, edit.path, MISSING), plain_data(edit.value)):
            return self.text
        if span.kind in ("map", "seq") and not span.flow:
            raise Refused("replacing a block mapping or sequence is not supported")
        value = edit.value
        if isinstance(value, str) and span.style in ("'", '"'):
            value = (SingleQuotedScalarString if span.style == "'" else
                     DoubleQuotedScalarString)(value)
        new = inline(value, span.in_flow)
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
        return self.splice(key.start, key.end, inline(edit.value, key.in_flow))

    def add(self, edits: list[Edit]) -> str:
        """Add the edits' keys to the mapping at their path, creating missing mappings."""
        path = edits[0].path
        node, found = self.root, 0
        for step in path:
            self._not_shared(node)
            pair = node.entry(step) if node.kind == "map" and isinstance(step, str) else None
            if pair is None or is_empty_span(pair[1]):
                break
            node, found = pair[1], found + 1
        self._not_shared(node)
        if node.kind != "map":
            raise Refused(f"{path_text(path[:found]) or 'the document'} is not a mapping")
        entries = []
        for edit in edits:
            now = walk_data(self.plain, path + (edit.key,), MISSING)
            if now is MISSING:
                entries.append((edit.key, edit.value))
            elif not same_data(now, plain_data(edit.value)):
                raise Refused(f"{path_text(path + (edit.key,))} already exists with another value")
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

    def _fill(self, pair: tuple[Span, Span], value: dict) -> str:
        """Give an empty value (``Outputs:``, ``Outputs: ~``, ``Outputs: {}``) its content."""
        key, empty = pair
        if key.in_flow:
            if empty.start == empty.end:
                raise Refused("an empty value inside a flow mapping; edit it by hand")
            return self.splice(empty.start, empty.end, inline(value, True))
        lines = block_lines(list(value.items()), self.col(key.start) + self.format.mapping,
                       self.format)
        if empty.start != empty.end:
            cut = empty.start
            while cut > key.end and self.text[cut - 1] in " \t":
                cut -= 1
            self.splice(cut, empty.end, "")
        line_end = self.text.find("\n", key.end)
        return self._insert_lines(line_end + 1 if line_end >= 0 else None, lines)

    def _insert(self, node: Span, entries: list[tuple[str, Any]],
                before: tuple[str, ...]) -> str:
        if node.flow or node.in_flow:
            if not node.items:
                return self.splice(node.start, node.end, inline(dict(entries), True))
            addition = "".join(f", {inline(k, True)}: {inline(v, True)}" for k, v in entries)
            end = node.items[-1][-1].end
            return self.splice(end, end, addition)
        if not node.items:
            raise Refused("the mapping is empty")
        col = self.col(node.items[0][0].start)
        if all(len(pair) == 2 and pair[1].flow for pair in node.items):
            lines = [" " * col + f"{inline(k, False)}: {inline(v, False)}" for k, v in entries]
        else:
            lines = block_lines(entries, col, self.format)
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

    def _before(self, node: Span, before: tuple[str, ...]) -> int | None:
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
