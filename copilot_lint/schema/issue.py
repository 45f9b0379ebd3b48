"""A problem a manifest check found: :class:`Issue` (kind, key path, message), and how a key
path reads in a message.
"""
from __future__ import annotations

from dataclasses import dataclass

from copilot_lint.model.vocabulary import StringEnum


class IssueKind(StringEnum):
    """What is wrong, as the manifest contract sees it (no rule id: rules choose their kinds)."""

    INVALID = "invalid"
    """A value, a combination of values or a shape that Copilot rejects."""
    UNKNOWN_KEY = "unknown-key"
    """A key that Copilot does not read at that place (and silently ignores)."""


SCHEMA, UNKNOWN_KEY = IssueKind.INVALID, IssueKind.UNKNOWN_KEY


@dataclass(frozen=True)
class Issue:
    """One problem in a manifest: its kind, where (keys and list indexes), and the message."""

    kind: IssueKind
    path: tuple
    message: str
    at_key: bool = False
    key: str = ""
    rename_to: str = ""
    """For an unknown key with exactly one close known key: that key (``--fix`` renames)."""


def show_path(path: tuple) -> str:
    """``http.additional_rules[0].path`` for a path of keys and list indexes."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out
