"""Check a cfn-lint cache entry before its rows become findings.

The cache folder is untrusted input: a CI cache restored from another branch, or anything else
that can write there, could plant rows that forge findings (rule ids or messages with escape
sequences and line breaks, environments such as ``"prod\\n::error::y"``, line 10**12) or flood
the report. An entry is used only when every row has the shape the pass writes, names a template
of the folder, a position inside it, a cfn-lint rule id, environments of the workspace, and the
entry holds at most :data:`MAX_ROWS` rows; anything else is a cache miss and is linted again.
"""
from __future__ import annotations

import re
from typing import Any

MAX_ROWS = 5_000
"""More findings than this for one addons folder is not something cfn-lint produces."""
MAX_TEXT = 4_000
MAX_COLUMN = 100_000
_RULE_ID = re.compile(r"[EWI][0-9]{4}\Z")


def valid_rows(entry: Any, lines: dict[str, int], environments: set[str]) -> list[list] | None:
    """The rows of ``entry`` when every one is sound, else ``None``.

    ``lines``: each template's file name with its number of lines; ``environments``: the
    workspace's environment names.
    """
    if not isinstance(entry, dict) or entry.get("timed_out"):
        return None
    rows = entry.get("findings")
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        return None
    if not all(_valid_row(row, lines, environments) for row in rows):
        return None
    return rows


def _valid_row(row: Any, lines: dict[str, int], environments: set[str]) -> bool:
    if not isinstance(row, list) or len(row) != 7:
        return False
    name, line, column, rule_id, message, path, envs = row
    return (isinstance(name, str) and name in lines
            and _number(line, lines[name] + 1) and _number(column, MAX_COLUMN)
            and isinstance(rule_id, str) and _RULE_ID.match(rule_id) is not None
            and _text(message) and _text(path)
            and isinstance(envs, list) and len(set(envs)) == len(envs)
            and all(isinstance(e, str) and e in environments for e in envs))


def _number(value: Any, highest: int) -> bool:
    return type(value) is int and 1 <= value <= highest


def _text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT
