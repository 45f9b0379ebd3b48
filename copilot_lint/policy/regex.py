"""Regular expressions of policies, matched in linear time.

A policy's ``pattern``, ``patternProperties`` and ``format: regex`` run against workspace
values, which come from anyone who can open a pull request. Python's ``re`` backtracks: one
pattern such as ``(a+)+$`` and a 30-character value hang a run. Policies therefore match with
RE2 (the ``google-re2`` binding), whose time is linear in the length of the value and which
refuses the features that need backtracking (back-references, look-around). A pattern RE2
cannot compile is a configuration error when the policy is read (:func:`check_pattern`).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

MAX_PATTERN_MEMORY = 8 << 20
"""RE2's memory budget for one compiled pattern (bytes): a pattern whose automaton would need
more is refused when the policy is read instead of slowing every match."""


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False
    options.max_mem = MAX_PATTERN_MEMORY
    return options


@lru_cache(maxsize=4096)
def compiled(pattern: str) -> Any:
    """The RE2 program of ``pattern``; raises :class:`ValueError` (without RE2's text, which
    quotes the pattern) when RE2 cannot compile it."""
    try:
        return re2.compile(pattern, _options())
    except re2.error:
        raise ValueError("not a regular expression RE2 accepts") from None


def search(pattern: str, text: str) -> bool:
    """True when ``pattern`` matches somewhere in ``text`` (JSON Schema's ``pattern``)."""
    return compiled(pattern).search(text) is not None


def check_pattern(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used in a policy, or ``None`` when it can."""
    try:
        compiled(pattern)
    except ValueError:
        return ("not a regular expression copilot-lint can match in linear time (RE2 syntax: "
                "no back-references or look-around)")
    return None
