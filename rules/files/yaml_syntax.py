"""A file of the workspace is not valid YAML or not readable text.

## What it does
Reports files that cannot be parsed: YAML syntax errors (with the parser's line and column),
tabs used for indentation, bytes that are not UTF-8 or UTF-16 text, binary files, files that
cannot be read (dangling symlinks, permissions), and documents over the safety limits (size,
nesting depth, alias expansion).

## Why is this bad?
Copilot stops at the first file it cannot parse, usually in the middle of `copilot deploy`; a
broken addon template fails only when CloudFormation receives it. Nothing else in the file can be
checked until it parses.

## Example
```yaml
# copilot/api/manifest.yml
http:
	path: /api     # a tab
```

## Use instead
```yaml
http:
  path: /api
```
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

from copilot_lint.api import Context, Finding, Rule
from copilot_lint.rules.files._support import LoadProblem, ProblemKind


def _too_large(p: LoadProblem) -> str:
    limit = f"{p.get('limit') // 1024 // 1024} MiB limit"
    size = p.get("size")
    return f"file is {size // 1024} KiB, over the {limit}; not parsed" if size is not None \
        else f"file is over the {limit}; not parsed"


def _control(p: LoadProblem) -> str:
    code = p.get("code")
    return (f"invalid YAML: {'control ' if code < 0x100 else ''}character U+{code:04X} is not "
            "allowed in YAML text")


def _control_hint(p: LoadProblem) -> str:
    code = p.get("code")
    return f"remove it, or write it as an escape (\"\\x{code:02x}\") inside double quotes" \
        if code < 0x100 else "remove it"


MESSAGES: dict[ProblemKind, Callable[[LoadProblem], str]] = {
    ProblemKind.TOO_LARGE: _too_large,
    ProblemKind.BINARY: lambda p: "binary file (NUL byte), not YAML text",
    ProblemKind.NOT_UTF8: lambda p: f"not UTF-8 text: byte 0x{p.get('byte'):02x} cannot be "
                                    "decoded",
    ProblemKind.CONTROL_CHARACTER: _control,
    ProblemKind.SYNTAX: lambda p: f"invalid YAML: {p.get('problem')}",
    ProblemKind.UNKNOWN_ALIAS: lambda p: f"invalid YAML: unknown alias *{p.get('alias')}",
    ProblemKind.TOO_DEEP: lambda p: f"nesting deeper than {p.get('limit')} levels; not parsed",
    ProblemKind.TOO_MANY_NODES: lambda p: f"document expands to more than {p.get('limit')} "
                                          "nodes (YAML aliases?); not parsed",
    ProblemKind.FOLDER_UNREADABLE: lambda p: f"cannot read folder: {p.get('reason')}",
    ProblemKind.OUTSIDE_ROOT: lambda p: f"symlink points outside the workspace "
                                        f"({p.get('target')}); not read",
    ProblemKind.NOT_REGULAR: lambda p: f"expected a file, found {p.get('found')}",
    ProblemKind.UNREADABLE: lambda p: f"cannot read file: {p.get('reason')}",
}


HINTS: dict[ProblemKind, Callable[[LoadProblem], str]] = {
    ProblemKind.NOT_UTF8: lambda p: "save the file as UTF-8",
    ProblemKind.CONTROL_CHARACTER: _control_hint,
    ProblemKind.SYNTAX: lambda p: "YAML does not allow tabs here: indent with spaces"
    if p.get("tab") else "",
}


class YamlSyntax(Rule):
    id = "CL001"
    name = "yaml-syntax"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        for p in ws.problems:
            message = MESSAGES.get(p.kind)
            if message is not None:
                hint = HINTS.get(p.kind)
                yield Finding(p.file, p.line, p.column, message(p), end_line=p.end_line,
                              end_column=p.end_column, hint=hint(p) if hint else "")
