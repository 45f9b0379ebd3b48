"""--show-source excerpts: token underlines, positions, escaping of untrusted text."""
from __future__ import annotations

import pytest

from copilot_lint.report.source_excerpt import escape_line, excerpt, token_length


@pytest.mark.parametrize(("line", "start", "length"), [
    ("BucketName: shop-media", 12, 10),
    ("name: api", 0, 4),
    ("from_cfn: ${COPILOT_APPLICATION_NAME}-x # note", 10, 29),
    ("key: 'quoted value' # c", 5, 14),
    ('key: "unterminated', 5, 13),
    ("ports: [80, 443]", 8, 2),
    ("ports: [80, 443]", 7, 9),
    ("- !Ref Env", 2, 4),
    ("key:", 4, 1),
    ("s3:GetObject: x", 0, 12),
])
def test_token_length(line: str, start: int, length: int) -> None:
    assert token_length(line, start) == length


def test_excerpt_layout_and_line_numbers() -> None:
    text = "a: 1\n" * 9 + "image: {build: Dockerfile}\n"
    assert excerpt(text, 10, 8, "CL101") == ("   |\n"
                                              "10 | image: {build: Dockerfile}\n"
                                              "   |        ^^^^^^^^^^^^^^^^^^^ CL101\n"
                                              "   |\n")


def test_excerpt_is_empty_without_a_line() -> None:
    assert excerpt(None, 1, 1, "CL001") == ""
    assert excerpt("a: 1\n", 5, 1, "CL001") == ""
    assert excerpt("a: 1\n", 0, 1, "CL001") == ""


def test_crlf_and_column_past_the_end() -> None:
    assert excerpt("a: 1\r\nb: 2\r\n", 2, 9, "X").splitlines()[1:3] == ["2 | b: 2",
                                                                          "  |     ^ X"]


def test_control_characters_are_escaped_and_the_caret_follows() -> None:
    text = "name: \x1b[31mred\x07 value\tend\u202e\n"
    lines = excerpt(text, 1, 17, "CL105").splitlines()
    assert lines[1] == "1 | name: \\x1b[31mred\\x07 value   end\\u202e"
    assert lines[2] == "  |" + " " * 23 + "^^^^^ CL105"
    assert all(ord(c) >= 32 for line in lines for c in line)
    assert escape_line("\x00\x7f\x9b") == "\\x00\\x7f\\x9b"


def test_color_marks_the_gutter_and_caret() -> None:
    colored = excerpt("name: api\n", 1, 7, "CL105", color="\x1b[33m")
    assert "\x1b[33m^^^ CL105\x1b[0m" in colored and "\x1b[34m1 |\x1b[0m" in colored
