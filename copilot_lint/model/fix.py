"""Automatic fixes: what a rule attaches to a finding so that ``--fix``/``--diff`` can repair it.

A rule describes *what* to change, never how the text changes: a :class:`Fix` is a short
description plus one or more :class:`Edit` records naming a file, a key path from the document
root and an operation. :mod:`copilot_lint.fix.plan` does the YAML work (locating the spot, rendering
the new value in the file's own indentation, quoting and line endings, validating the result and
writing atomically). Attach a fix only when the repair is unambiguous.

Operations:

- ``replace(file, path, value)``: the value at ``path`` becomes ``value``
  (``replace_node(node, value)``: the value that ``node`` of a workspace file is);
- ``rename_key(file, path, new_key)``: the last key of ``path`` is renamed, value untouched
  (``rename_key_node(key_node, new_key)``: the key whose node is ``key_node``);
- ``add_key(file, path, key, value, before=...)``: ``key: value`` is added to the mapping at
  ``path``; missing mappings on the way are created; ``before`` names sibling keys to insert in
  front of (the first one present wins; ``FIRST`` means before the first key), else it goes last;
- ``create_file(path, document)``: a new file (``path`` absolute) holding ``document``.

Values are plain Python data (``dict``, ``list``, ``str``, ``int``, ``float``, ``bool``,
``None``) and :class:`Tagged` for CloudFormation short forms (``Tagged("!Ref", "Policy")`` is
written ``!Ref Policy``). This module does not import any YAML library: rules stay cheap.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copilot_lint.model.node import Node

REPLACE = "replace"
RENAME = "rename"
ADD = "add"
CREATE = "create"
FIRST = "\x00first"
"""``add_key(..., before=(FIRST,))`` puts the new key before every other key of the mapping."""

KeyPath = tuple  # a key path: str keys and int list indexes from the document root


@dataclass(frozen=True)
class Tagged:
    """A CloudFormation short form: ``Tagged("!Sub", "${App}-${Env}-db")`` → ``!Sub '…'``."""

    tag: str
    value: Any


@dataclass(frozen=True)
class Edit:
    """One change to one file. Build it with :func:`replace`, :func:`rename_key`,
    :func:`add_key` or :func:`create_file`."""

    op: str
    file: str
    """Display path of an existing file (as in ``Finding.file``); absolute path for ``create``."""
    path: KeyPath = ()
    value: Any = None
    key: str = ""
    before: tuple[str, ...] = ()
    at: tuple[int, int] | None = None
    """Instead of ``path``: the 1-based line and column where the value (or, for ``rename``,
    the key) starts, as a :class:`Node` of the file has them."""


@dataclass
class Fix:
    """What a finding's repair does (``description``, one line) and its edits."""

    description: str
    edits: list[Edit] = field(default_factory=list)


def replace(file: str, path: KeyPath, value: Any) -> Edit:
    """The value at ``path`` in ``file`` becomes ``value``."""
    return Edit(REPLACE, file, tuple(path), value)


def rename_key(file: str, path: KeyPath, new_key: str) -> Edit:
    """The key at the end of ``path`` is renamed to ``new_key``."""
    return Edit(RENAME, file, tuple(path), new_key)


def replace_node(node: Node, value: Any) -> Edit:
    """The value ``node`` (a node of a workspace file) becomes ``value``."""
    return Edit(REPLACE, node.file, (), value, at=(node.line, node.col))


def rename_key_node(key_node: Node, new_key: str) -> Edit:
    """The mapping key whose own node (``Node.key_node``) is ``key_node`` becomes ``new_key``."""
    return Edit(RENAME, key_node.file, (), new_key, at=(key_node.line, key_node.col))


def add_key(file: str, path: KeyPath, key: str, value: Any, before: tuple[str, ...] = ()) -> Edit:
    """``key: value`` is added to the mapping at ``path`` (created when missing)."""
    return Edit(ADD, file, tuple(path), value, key=key, before=tuple(before))


def create_file(path: Path | str, document: Any) -> Edit:
    """A new file at ``path`` (absolute) holding ``document``; never overwrites."""
    return Edit(CREATE, str(Path(path).absolute()), (), document)
