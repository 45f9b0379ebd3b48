"""Make text that comes from the workspace safe to print, in every output format.

Values, keys, file and folder names and cfn-lint's messages all come from an untrusted
workspace, and the output is read by terminals, CI log parsers and annotation tools. A raw ESC
could retitle or clear a terminal, a raw line break could forge a second finding or workflow
command, and an undecodable byte in a file name (kept by Python as a lone surrogate) makes
strict UTF-8 encoders fail. :func:`visible` rewrites each such character as a visible escape
(``\\x1b``, ``\\n``, ``\\u202e``; an undecodable byte as ``\\xff``), so one finding stays one
line and the reader still sees what is there. :func:`uri_path` percent-encodes a path's bytes
for URIs (an undecodable byte becomes ``%FF``).

GitHub's runner reads every line a step prints (stdout and stderr) for workflow commands: a
line whose first non-blank characters are ``::`` (``::error::…``, ``::add-mask::…``,
``::stop-commands::…``) and, in the legacy syntax, ``##[command]`` anywhere in a line. A value
such as ``"##[add-mask]x"`` or a folder named ``"  ::error::forged"`` would otherwise be obeyed
when copilot-lint prints it, whatever the format. :func:`no_workflow_commands` rewrites a whole
output so that no line is a command, with an escape that suits the format (a JSON or XML
escape keeps the data intact); every reporter's output passes through it (see
:func:`copilot_lint.report.render`), except ``--format github``, whose commands are meant.
"""
from __future__ import annotations

import os
import re
from urllib.parse import quote

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
"""C0 and C1 controls, DEL, line and paragraph separators, bidirectional controls, lone
surrogates and the two non-characters XML cannot carry."""
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BYTE_SURROGATES = range(0xDC80, 0xDD00)
"""Where Python's ``surrogateescape`` puts an undecodable byte (``0x80``–``0xff``)."""


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code in _BYTE_SURROGATES:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control, separator, bidirectional or undecodable character written
    as a visible escape; printable text (any script) is returned unchanged."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


def visible_lines(text: str) -> str:
    """Multi-line text (documentation: a docstring, a team policy's description) with every
    character :func:`visible` escapes escaped except line breaks and tabs."""
    if _UNSAFE.search(text) is None:
        return text
    return "\n".join("\t".join(visible(part) for part in line.split("\t"))
                     for line in text.split("\n"))


def uri_path(path: str) -> str:
    """A ``/``-separated path percent-encoded for a URI, from its bytes on disk (spaces, ``%``,
    ``#`` and non-ASCII escaped; an undecodable byte becomes ``%FF``)."""
    try:
        data = os.fsencode(path)
    except UnicodeEncodeError:
        data = path.encode("utf-8", "surrogatepass")
    return quote(data, safe="/")


TEXT_ESCAPES = ("\\x23", "\\x3a")
"""How plain text writes the ``#`` of ``##[`` and the first ``:`` of a ``::`` line."""
JSON_ESCAPES = ("\\u0023", "\\u003a")
"""The same inside JSON strings (where they decode to the original characters)."""
XML_ESCAPES = ("&#35;", "&#58;")
"""The same in XML text and attributes."""
_COMMAND_LINE = re.compile(r"(?:^|(?<=\r))(\s*):(?=:)", re.M)
"""The first ``:`` of a line (after blanks, any Unicode white space, as the runner trims)
that starts with ``::``; a lone CR starts a line for the runner too."""


def no_workflow_commands(text: str, escapes: tuple[str, str] = JSON_ESCAPES) -> str:
    """``text`` (any number of lines) with no line GitHub's runner takes for a workflow
    command: every ``##[`` becomes ``<#>#[`` and a line starting with ``::`` (after blanks)
    starts ``<:>:``, where ``escapes`` = ``(<#>, <:>)`` (:data:`JSON_ESCAPES` by default, which
    is also harmless in other formats)."""
    if "##[" not in text and "::" not in text:
        return text
    text = text.replace("##[", escapes[0] + "#[")
    return _COMMAND_LINE.sub(lambda m: m.group(1) + escapes[1], text)


MAX_QUOTED = 120
"""Characters of a value a message quotes; a longer one is shortened (:func:`shorten_quoted`)."""
_QUOTED = re.compile(r'"([^"\n]*)"')


def shorten_quoted(message: str, limit: int = MAX_QUOTED) -> str:
    """``message`` with every double-quoted value longer than ``limit`` characters cut to its
    start and end around "…" (a 20 KB ``type:`` value quoted in full made each finding 20 KB,
    and a job summary of 400 of them too large for GitHub to show). Quotes pair up from the
    start of the message, so the words between two quoted values are never taken for one."""
    if len(message) <= limit:
        return message

    def cut(match: re.Match[str]) -> str:
        value = match.group(1)
        if len(value) <= limit:
            return match.group()
        head = limit * 3 // 4
        return f'"{value[:head]}…{value[-(limit - head - 1):]}"'

    return _QUOTED.sub(cut, message)
