"""``--show-source``: the source line under a finding, with the flagged token underlined.

The layout follows ruff's full output::

       |
    18 |       BucketName: shop-media
       |                   ^^^^^^^^^^ CL301
       |

The underline covers the finding's span as the loader recorded it (``end_line``/``end_column``,
:meth:`~copilot_lint.model.node.Node.span`): on the first line only when it goes on below, and
to the end of the line when the end is unknown (a cfn-lint finding). The line is the
workspace's text, which is untrusted: control characters are shown escaped as everywhere else
(``\\x1b``; a tab is widened to spaces) and the caret follows the escaped text, so a crafted
file cannot move the cursor or recolour the terminal.
"""
from __future__ import annotations

import re

from copilot_lint.model.escape import visible

_BLUE, _RESET = "\033[34m", "\033[0m"
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
TAB_WIDTH = 4


def escape_line(text: str) -> str:
    """``text`` with tabs widened to spaces and every other control, separator, bidirectional
    or undecodable character escaped as in every output (:func:`~copilot_lint.model.escape.
    visible`)."""
    return visible(text.expandtabs(TAB_WIDTH))


def underline(line: str, start: int, end: int | None) -> int:
    """How many characters of ``line`` to underline from ``start`` (0-based), at least 1: up to
    ``end`` (0-based, exclusive) when the finding ends on this line, else to the end of the
    line's text (a finding that goes on below, or whose end is unknown)."""
    stop = end if end is not None else len(line.rstrip())
    return max(1, min(stop, len(line)) - start)


def excerpt(text: str | None, line: int, column: int, label: str, color: str = "",
            end_line: int = 0, end_column: int = 0) -> str:
    """The lines printed under a finding at ``line``:``column`` (1-based) of ``text`` that ends
    at ``end_line``:``end_column`` (exclusive; 0 when unknown); empty when the file's text is
    unknown or the line does not exist. ``color``: the ANSI colour of the underline (the
    finding's severity), or empty for plain text."""
    if text is None or line < 1:
        return ""
    lines = _LINE_BREAK.split(text)
    if line > len(lines):
        return ""
    raw = lines[line - 1]
    start = min(max(column - 1, 0), len(raw))
    length = underline(raw, start, end_column - 1 if end_line == line and end_column else None)
    shown = escape_line(raw)
    indent = len(escape_line(raw[:start]))
    width = max(1, len(escape_line(raw[start:start + length])))
    gutter = " " * len(str(line))
    marks = "^" * width
    if color:
        marks, gutter_bar = f"{color}{marks} {label}{_RESET}", f"{_BLUE}|{_RESET}"
        number = f"{_BLUE}{line} |{_RESET}"
    else:
        marks, gutter_bar, number = f"{marks} {label}", "|", f"{line} |"
    return (f"{gutter} {gutter_bar}\n"
            f"{number} {shown}\n"
            f"{gutter} {gutter_bar} {' ' * indent}{marks}\n"
            f"{gutter} {gutter_bar}\n")
