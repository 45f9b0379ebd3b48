"""Every rule is documented in the fixed shape and matches the public catalogue."""
from __future__ import annotations

import re

import pytest

from copilot_lint.engine.registry import all_rules

HEADINGS = ["## What it does", "## Why is this bad?", "## Example", "## Use instead"]


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_docstring_shape(rule) -> None:
    doc = rule.doc()
    positions = [doc.find(h) for h in HEADINGS]
    assert all(p > 0 for p in positions), f"{rule.id} lacks one of {HEADINGS}"
    assert positions == sorted(positions)
    assert rule.summary() and not rule.summary().startswith("#")


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_metadata(rule) -> None:
    assert re.fullmatch(r"CL\d{3}", rule.id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.severity in ("info", "warning", "error")
