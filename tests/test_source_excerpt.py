"""--show-source excerpts: token underlines, positions, escaping of untrusted text."""
from __future__ import annotations

import pytest

from copilot_lint.load.parse import load_text
from copilot_lint.model.finding import Finding
from copilot_lint.report.source_excerpt import escape_line, excerpt


def _span(text: str, *path: str | int, key: bool = False) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column) of a finding on the node at ``path`` of ``text``."""
    root = load_text("f.yml", text).root
    node = root.get(*path[:-1]).key_node(path[-1]) if key else root.get(*path)
    finding = Finding.at(node, "m")
    return finding.line, finding.column, finding.end_line, finding.end_column


@pytest.mark.parametrize(("text", "path", "key", "marks"), [
    ("BucketName: shop-media\n", ("BucketName",), False, " " * 12 + "^" * 10),
    ("name: api\n", ("name",), True, "^" * 4),
    ("from_cfn: ${COPILOT_APPLICATION_NAME}-x # note\n", ("from_cfn",), False,
     " " * 10 + "^" * 29),
    ("key: 'quoted value' # c\n", ("key",), False, " " * 5 + "^" * 14),
    ("ports: [80, 443]\n", ("ports", 0), False, " " * 8 + "^" * 2),
    ("ports: [80, 443]\n", ("ports",), False, " " * 7 + "^" * 9),
    ("- !Ref Env\n", (0,), False, " " * 2 + "^" * 8),
    ("s3:GetObject: x\n", ("s3:GetObject",), True, "^" * 12),
    ("a: \"x\\\" y\" # q\n", ("a",), False, " " * 3 + "^" * 7),
    ("image:\n  build: Dockerfile\n", ("image",), False, "  " + "^" * 5),
    ("cmd: |\n  run\n", ("cmd",), False, " " * 5 + "^"),
])
def test_the_underline_is_the_loaders_span(text: str, path: tuple, key: bool,
                                           marks: str) -> None:
    line, column, end_line, end_column = _span(text, *path, key=key)
    lines = excerpt(text, line, column, "X", end_line=end_line, end_column=end_column)
    assert lines.splitlines()[2] == " " * len(str(line)) + " | " + marks + " X"


def test_a_block_spans_its_opening_line_and_a_flow_collection_its_brackets() -> None:
    text = "env:\n  - name: a\n    value: b\nflow: {a: [1, 2]}\nlit: |\n  x\n"
    assert _span(text, "env") == (2, 3, 2, 9)
    assert _span(text, "flow") == (4, 7, 4, 18)
    assert _span(text, "lit") == (5, 6, 7, 1)
    assert _span("a: !Sub\n  - x\n  - y\n", "a") == (1, 4, 2, 6)


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
    lines = excerpt(text, 1, 17, "CL105", end_line=1, end_column=22).splitlines()
    assert lines[1] == "1 | name: \\x1b[31mred\\x07 value   end\\u202e"
    assert lines[2] == "  |" + " " * 23 + "^^^^^ CL105"
    assert all(ord(c) >= 32 for line in lines for c in line)
    assert escape_line("\x00\x7f\x9b") == "\\x00\\x7f\\x9b"


def test_color_marks_the_gutter_and_caret() -> None:
    colored = excerpt("name: api\n", 1, 7, "CL105", color="\x1b[33m")
    assert "\x1b[33m^^^ CL105\x1b[0m" in colored and "\x1b[34m1 |\x1b[0m" in colored
