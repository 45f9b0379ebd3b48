"""Where a value of a configuration file is: ``(line, column)`` of a key path, for messages.

``.copilot-lint.yml`` is parsed with positions (:mod:`copilot_lint.load.parse`), so its key
paths map to nodes. Python's TOML parser keeps no positions, so for ``[tool.copilot-lint]`` in
``pyproject.toml`` a light scan of the text finds where each table and each key is declared
(table headers, array-of-tables headers, dotted keys, quoted keys) and, for a value, where it
is written after its key. The scan is best effort: when a path cannot be placed, the nearest
enclosing key that can is used.

:func:`toml_too_deep` finds brackets nested too deeply before the TOML parser (which recurses)
sees them.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from copilot_lint.model.node import Node

Locate = Callable[[tuple, Any], "tuple[int, int] | None"]
"""``locate(path, value)``: the 1-based line and column of the key path: of its last key when
``value`` is ``None``, else of the value (a list element is found by its text in TOML)."""

MAX_TOML_DEPTH = 64
"""Deeper nesting of arrays and inline tables in a configuration is refused (configurations
are a few levels deep; the TOML parser recurses once per level)."""

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def yaml_locator(root: Node | None) -> Locate:
    """The positions of a parsed YAML configuration."""
    def locate(path: tuple, value: Any = None) -> tuple[int, int] | None:
        if root is None:
            return None
        node, parent = root, None
        for step in path:
            parent, node = node, node.get(step) if node is not None else None
            if node is None:
                break
        if path and isinstance(path[-1], str) and (node is None or value is None):
            key = parent.key_node(path[-1]) if parent is not None else None
            node = key or node or parent
        return (node.line, node.col) if node is not None else None
    return locate


def _split_key(text: str) -> tuple[list[str], int] | None:
    """A dotted TOML key at the start of ``text`` → its parts and the length it spans."""
    parts, index = [], 0
    while True:
        while index < len(text) and text[index] in " \t":
            index += 1
        if index < len(text) and text[index] in "\"'":
            close = text.find(text[index], index + 1)
            if close < 0:
                return None
            parts.append(text[index + 1:close])
            index = close + 1
        else:
            match = _BARE.match(text, index)
            if not match:
                return None
            parts.append(match.group())
            index = match.end()
        while index < len(text) and text[index] in " \t":
            index += 1
        if index < len(text) and text[index] == ".":
            index += 1
            continue
        return parts, index


def toml_locator(text: str, table: tuple[str, ...] = ("tool", "copilot-lint")) -> Locate:
    """The positions of the keys under ``table`` in a TOML document (best effort)."""
    lines = text.splitlines()
    found: dict[tuple, tuple[int, int]] = {}
    counts: dict[tuple, int] = {}
    current: tuple = ()
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if stripped.startswith("[["):
            parsed = _split_key(stripped[2:])
            if parsed:
                name = tuple(parsed[0])
                index = counts.get(name, 0)
                counts[name] = index + 1
                current = name + (index,)
                found.setdefault(name, (number, indent + 1))
                found.setdefault(current, (number, indent + 1))
            continue
        if stripped.startswith("["):
            parsed = _split_key(stripped[1:])
            if parsed:
                current = tuple(parsed[0])
                for end in range(1, len(current) + 1):
                    found.setdefault(current[:end], (number, indent + 1))
            continue
        parsed = _split_key(stripped)
        if parsed and stripped[parsed[1]:parsed[1] + 1] == "=":
            path = current + tuple(parsed[0])
            for end in range(len(current) + 1, len(path) + 1):
                found.setdefault(path[:end], (number, indent + 1))

    def locate(path: tuple, value: Any = None) -> tuple[int, int] | None:
        full = table + tuple(path)
        for end in range(len(full), len(table) - 1, -1):
            if full[:end] in found:
                line, col = found[full[:end]]
                if end < len(full) and isinstance(value, str) and value:
                    return _text_after(lines, line, col, value, quoted=True) or (line, col)
                if end < len(full) and isinstance(full[end], str):
                    return _text_after(lines, line, col, full[end], quoted=False) or (line, col)
                return line, col
        return None
    return locate


def _text_after(lines: list[str], line: int, col: int, text: str,
                quoted: bool) -> tuple[int, int] | None:
    """Where ``text`` is first written at or after ``line``:``col`` (within a few lines): as a
    quoted string, or as a key (bare or quoted, followed by ``=``)."""
    if quoted:
        pattern = re.compile("|".join(re.escape(q + text + q) for q in ('"', "'")))
    else:
        pattern = re.compile(r"(?<![\w-])(?:%s)\s*=" % "|".join(
            re.escape(q + text + q) for q in ('', '"', "'")))
    for number in range(line, min(line + 50, len(lines)) + 1):
        match = pattern.search(lines[number - 1], col - 1 if number == line else 0)
        if match:
            return number, match.start() + 1
    return None


def toml_too_deep(text: str, limit: int = MAX_TOML_DEPTH) -> tuple[int, int] | None:
    """Where arrays and inline tables nest deeper than ``limit`` (outside strings and
    comments), or ``None``."""
    depth, line, col, index, quote = 0, 1, 0, 0, ""
    while index < len(text):
        char = text[index]
        col += 1
        if char == "\n":
            line, col = line + 1, 0
            if quote in ('"', "'"):
                quote = ""
        elif quote:
            if text.startswith(quote, index) and (quote[0] == "'" or text[index - 1] != "\\"):
                index += len(quote) - 1
                quote = ""
        elif char == "#":
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
            continue
        elif char in "\"'":
            quote = text[index:index + 3] if text.startswith(char * 3, index) else char
            index += len(quote) - 1
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line, col
        elif char in "]}":
            depth = max(0, depth - 1)
        index += 1
    return None
