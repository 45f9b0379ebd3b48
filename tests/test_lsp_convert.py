"""Diagnostic ranges come from the loader's positions: start to end, in UTF-16 columns."""
from __future__ import annotations

import pytest

from copilot_lint.load.parse import load_text
from copilot_lint.model.finding import Finding

pytest.importorskip("lsprotocol")

from copilot_lint.lsp.convert import finding_range, lines_of  # noqa: E402


def _range(finding: Finding, text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    r = finding_range(finding, lines_of(text))
    return (r.start.line, r.start.character), (r.end.line, r.end.character)


def test_a_scalar_covers_its_token_with_escapes_and_flow_brackets() -> None:
    text = 'a: "x\\" }" # c\nb: [1, {c: d}]\n'
    root = load_text("f.yml", text).root
    assert _range(Finding.at(root.get("a"), "m"), text) == ((0, 3), (0, 10))
    assert _range(Finding.at(root.get("b"), "m"), text) == ((1, 3), (1, 14))
    assert _range(Finding.at(root.get("b", 1), "m"), text) == ((1, 7), (1, 13))


def test_columns_are_utf16_and_multi_line_scalars_end_on_their_last_line() -> None:
    text = "name: \U0001F600 smile\nq: 'one\n  two'\n"
    root = load_text("f.yml", text).root
    assert _range(Finding.at(root.get("name"), "m"), text) == ((0, 6), (0, 14))
    assert _range(Finding.at(root.get("q"), "m"), text) == ((1, 3), (2, 6))


def test_a_finding_without_an_end_covers_the_rest_of_its_line() -> None:
    text = "a: 1   \nb: 2\n"
    assert _range(Finding("f.yml", 1, 4, "m"), text) == ((0, 3), (0, 4))
    assert _range(Finding("f.yml", 9, 1, "m"), text) == ((8, 0), (8, 0))
