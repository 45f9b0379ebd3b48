"""The problems the loader found while reading the workspace (CL001-CL004), per rule id."""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.model.finding import Finding
from copilot_lint.model.workspace import Workspace


def load_problems(ws: Workspace, rule_id: str) -> Iterator[Finding]:
    """The findings the loader recorded for ``rule_id`` while reading the workspace."""
    return (f for f in ws.problems if f.rule == rule_id)
