"""Where the cursor is in a YAML block document, read from the text alone (the buffer being
typed in is often not valid YAML): the keys of the mappings around it, whether it is on a key
or on a value, and the keys already written beside it.

Only block style is understood (what Copilot manifests use); a flow collection or a multi-line
scalar around the cursor gives no context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY = r"(?:\"[^\"]*\"|'[^']*'|[^\s#:'\"\-][^:#]*?|-[^\s:#][^:#]*?)"
_ENTRY = re.compile(
    rf"^(?P<indent>\s*)(?P<dashes>(?:-\s+)*)(?P<key>{_KEY})\s*:(?:\s+|$)(?P<value>.*)$")
_DASH = re.compile(r"^(?P<indent>\s*)-(?:\s+|$)")
_TYPING_KEY = re.compile(r"^(?P<indent>\s*)(?P<dashes>(?:-\s+)*)(?P<word>[\w.\-\"']*)$")


@dataclass
class Cursor:
    """The context of a position: ``path`` holds the keys of the enclosing mappings (list items
    add no step), ``key`` the key whose value the cursor is on (``None`` on a key), ``prefix``
    what is typed so far, ``siblings`` the keys of the mapping the cursor is in (with their
    values as written, when on one line)."""

    path: tuple[str, ...]
    key: str | None
    prefix: str
    siblings: dict[str, str] = field(default_factory=dict)
    in_list: bool = False

    @property
    def on_key(self) -> bool:
        return self.key is None


def _unquote(key: str) -> str:
    key = key.strip()
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "'\"":
        return key[1:-1]
    return key


def _strip_comment(value: str) -> str:
    return re.split(r"\s#", value, maxsplit=1)[0].strip()


def _content_indent(line: str) -> tuple[int, int]:
    """(indent of the line's first character, indent of its content after any ``- ``)."""
    stripped = len(line) - len(line.lstrip(" "))
    rest = line[stripped:]
    content = stripped
    while rest.startswith("-") and (len(rest) == 1 or rest[1] in " \t"):
        step = 1 + (len(rest[1:]) - len(rest[1:].lstrip()))
        content += step
        rest = rest[step:]
    return stripped, content


def cursor_at(lines: list[str], row: int, col: int) -> Cursor | None:
    """The context of (``row``, ``col``) (0-based, in characters), or ``None`` inside a comment,
    a flow collection or a block scalar."""
    if row >= len(lines):
        return None
    before = lines[row][:col]
    if "#" in before and re.search(r"(^|\s)#", before):
        return None
    entry = _ENTRY.match(before)
    if entry and entry.group("value").lstrip()[:1] not in ("[", "{", "|", ">", "&", "*"):
        indent = len(entry.group("indent")) + len(entry.group("dashes"))
        key, prefix, in_list = _unquote(entry.group("key")), entry.group("value"), \
            bool(entry.group("dashes"))
    else:
        typing = _TYPING_KEY.match(before)
        if not typing:
            return None
        indent = len(typing.group("indent")) + len(typing.group("dashes"))
        key, prefix, in_list = None, typing.group("word"), bool(typing.group("dashes"))
    own_item = in_list
    path, in_list = _parents(lines, row, indent, in_list)
    if path is None:
        return None
    return Cursor(path, key, prefix, _siblings(lines, row, indent, own_item), in_list)


def _parents(lines: list[str], row: int, indent: int,
             in_list: bool) -> tuple[tuple[str, ...] | None, bool]:
    """The keys of the mappings enclosing a key written at ``indent`` on ``row``, and whether
    that key is in a list item."""
    path: list[str] = []
    want = indent
    compact = False
    for above in range(row - 1, -1, -1):
        line = lines[above]
        text = line.strip()
        if not text or text.startswith("#") or text == "---":
            continue
        stripped, content = _content_indent(line)
        dash = stripped != content
        if dash and content == want and stripped < want:
            in_list = in_list or not path
            want, compact = stripped, True
            continue
        if stripped < want or (compact and stripped == want and not dash):
            entry = _ENTRY.match(line)
            if entry is None or _strip_comment(entry.group("value")) != "":
                return None, in_list
            path.append(_unquote(entry.group("key")))
            want, compact = stripped, False
            if stripped == 0:
                break
    return tuple(reversed(path)), in_list


def _siblings(lines: list[str], row: int, indent: int, own_item: bool) -> dict[str, str]:
    """The keys written at ``indent`` in the mapping around ``row`` (the same list item when
    the cursor is in one; ``own_item``: the cursor's line starts that item), with their
    one-line values."""
    found: dict[str, str] = {}

    def add(line: str) -> None:
        entry = _ENTRY.match(line)
        if entry:
            found.setdefault(_unquote(entry.group("key")), _strip_comment(entry.group("value")))

    for step in (1,) if own_item else (-1, 1):
        at = row + step
        while 0 <= at < len(lines):
            line = lines[at]
            text = line.strip()
            at += step
            if not text or text.startswith("#"):
                continue
            stripped, content = _content_indent(line)
            dash = stripped != content
            if content < indent or (dash and stripped < indent and step > 0):
                break
            if dash and content == indent:
                add(line)
                break
            if stripped == indent:
                add(line)
    return found


def key_under(lines: list[str], row: int, col: int) -> tuple[str, ...] | None:
    """The key path of the mapping key written under (``row``, ``col``) (0-based, in
    characters), read from the text alone, or ``None`` when the cursor is not on a key."""
    if row >= len(lines):
        return None
    line = lines[row]
    entry = _ENTRY.match(line)
    if entry is None:
        return None
    start = entry.start("key")
    key = entry.group("key").rstrip()
    if not start <= col <= start + len(key):
        return None
    indent = len(entry.group("indent")) + len(entry.group("dashes"))
    path, _ = _parents(lines, row, indent, bool(entry.group("dashes")))
    return None if path is None else path + (_unquote(key),)
