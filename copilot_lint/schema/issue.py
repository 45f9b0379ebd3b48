"""A problem a manifest check found: :class:`Issue` (rule, key path, message), and how a key path
reads in a message.
"""
from __future__ import annotations

from dataclasses import dataclass

UNKNOWN_KEY, SCHEMA = "CL106", "CL101"


@dataclass(frozen=True)
class Issue:
    """One problem in a manifest: the rule, where (keys and list indexes), and the message."""

    rule: str
    path: tuple
    message: str
    at_key: bool = False
    key: str = ""
    rename_to: str = ""
    """For an unknown key with exactly one close known key: that key (``--fix`` renames)."""
    hint: str = ""
    """How to fix it, one line apart from the message (empty: the message says it)."""
    decode: bool = False
    """Copilot cannot even decode the value (a type its YAML decoder cannot read): the whole
    file fails, in every environment, wherever the value is (an override of any environment)."""


def show_path(path: tuple) -> str:
    """``http.additional_rules[0].path`` for a path of keys and list indexes."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out
