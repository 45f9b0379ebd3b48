"""Make text that comes from the workspace safe to print, in every output format.

Values, keys, file and folder names and cfn-lint's messages all come from an untrusted
workspace, and the output is read by terminals, CI log parsers and annotation tools. A raw ESC
could retitle or clear a terminal, a raw line break could forge a second finding or workflow
command, and an undecodable byte in a file name (kept by Python as a lone surrogate) makes
strict UTF-8 encoders fail. :func:`visible` rewrites each such character as a visible escape
(``\\x1b``, ``\\n``, ``\\u202e``; an undecodable byte as ``\\xff``), so one finding stays one
line and the reader still sees what is there. :func:`uri_path` percent-encodes a path's bytes
for URIs (an undecodable byte becomes ``%FF``).
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


def uri_path(path: str) -> str:
    """A ``/``-separated path percent-encoded for a URI, from its bytes on disk (spaces, ``%``,
    ``#`` and non-ASCII escaped; an undecodable byte becomes ``%FF``)."""
    try:
        data = os.fsencode(path)
    except UnicodeEncodeError:
        data = path.encode("utf-8", "surrogatepass")
    return quote(data, safe="/")
