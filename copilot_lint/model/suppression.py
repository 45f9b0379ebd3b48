"""What the engine learnt about each suppression comment of a run, for rules that report on
suppressions (``unused-suppression``).

The engine (:mod:`copilot_lint.engine.suppress`) reads every ``# copilot-lint: disable=…`` and
``disable-file=…`` comment, records which of them silenced a finding, and leaves one
:class:`SuppressionComment` per rule reference on ``Context.suppression_comments`` before it
runs the rules that ask for it (``Rule.after_suppressions``).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SuppressionComment:
    """One rule reference in one suppression comment."""

    file: str
    line: int
    """The comment's line (1-based)."""
    column: int
    """Where the reference starts in that line (1-based)."""
    end_column: int
    """Just after the reference's last character (1-based)."""
    reference: str
    """As written: ``CL301``, ``name-missing-env``, ``all``, ``CFN-E3012``."""
    rule: str
    """The rule id it names (``all`` for every rule); empty when it names no known rule."""
    file_wide: bool
    """``disable-file`` (the whole file) rather than ``disable`` (one line)."""
    checked: bool = False
    """Whether the rule ran in this run (else nothing can be said about ``used``)."""
    used: bool = False
    """Whether it silenced at least one finding."""
