"""--color auto/always/never against NO_COLOR, FORCE_COLOR, TERM and the stream."""
from __future__ import annotations

import io

import pytest

from copilot_lint.cli.color import use_color


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("choice", "tty", "env", "expected"), [
    ("auto", True, {}, True),
    ("auto", False, {}, False),
    ("auto", True, {"NO_COLOR": "1"}, False),
    ("auto", True, {"NO_COLOR": ""}, True),
    ("auto", False, {"FORCE_COLOR": "1"}, True),
    ("auto", False, {"FORCE_COLOR": ""}, False),
    ("auto", True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ("auto", True, {"TERM": "dumb"}, False),
    ("always", False, {"NO_COLOR": "1"}, True),
    ("never", True, {"FORCE_COLOR": "1"}, False),
])
def test_use_color(choice: str, tty: bool, env: dict, expected: bool) -> None:
    stream = _Terminal() if tty else io.StringIO()
    assert use_color(choice, stream, env) is expected
