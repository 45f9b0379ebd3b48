"""``--show-source``: the source line under a finding, with the flagged token underlined.

The layout follows ruff's full output::

       |
    18 |       BucketName: shop-media
       |                   ^^^^^^^^^^ CL301
       |

The underline covers the flagged node: up to the finding's end when it has one (to the end of
the line when the node goes on below), else the token that starts at its column
(:func:`token_length`). The line is the workspace's text, which is untrusted: control
characters are shown escaped as everywhere else (``\\x1b``; a tab is widened to spaces) and the
caret follows the escaped text, so a crafted file cannot move the cursor or recolour the terminal.
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


def token_length(line: str, start: int) -> int:
    """How many characters the token starting at ``start`` (0-based) spans, at least 1.

    A quoted scalar ends at its closing quote, a flow collection at its closing bracket;
    anything else at a space, a ``: ``, or a comma or closing bracket that it did not open
    itself (``${Env}`` stays whole).
    """
    rest = line[start:]
    if not rest:
        return 1
    if rest[0] in "'\"":
        close = rest.find(rest[0], 1)
        return close + 1 if close > 0 else len(rest.rstrip())
    depth = 0
    for index, char in enumerate(rest):
        if char in "{[":
            depth += 1
        elif char in "}]":
            if depth == 0:
                break
            depth -= 1
            if depth == 0 and rest[0] in "{[":
                index += 1
                break
        elif depth == 0 and (char.isspace() or char == "," or
                             (char == ":" and rest[index + 1:index + 2] in ("", " "))):
            break
    else:
        index = len(rest)
    return max(1, index)


def excerpt(text: str | None, line: int, column: int, label: str, color: str = "",
            end: tuple[int, int] | None = None) -> str:
    """The lines printed under a finding at ``line``:``column`` (1-based) of ``text``; empty
    when the file's text is unknown or the line does not exist. ``color``: the ANSI colour of
    the underline (the finding's severity), or empty for plain text; ``end``: the finding's
    ``(end_line, end_column)`` when known."""
    if text is None or line < 1:
        return ""
    lines = _LINE_BREAK.split(text)
    if line > len(lines):
        return ""
    raw = lines[line - 1]
    start = min(max(column - 1, 0), len(raw))
    if end is not None and end[0] > line:
        length = max(1, len(raw.rstrip()) - start)
    elif end is not None and end[0] == line and end[1] > column:
        length = min(end[1] - column, len(raw) - start) or 1
    else:
        length = token_length(raw, start)
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
