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

from collections.abc import Iterator

from copilot_lint.api import Finding, Rule, Workspace, load_problems


class YamlSyntax(Rule):
    id = "CL001"
    name = "yaml-syntax"
    severity = "error"

    def check(self, ws: Workspace) -> Iterator[Finding]:
        return load_problems(ws, self.id)
