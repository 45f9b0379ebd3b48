"""The same key appears twice in one mapping.

## What it does
Reports the second occurrence of a key in a YAML mapping, naming the line of the first.

## Why is this bad?
YAML keeps only one of the two values: the first definition is silently lost. Copilot's parser
refuses such manifests (`mapping key "x" already defined`), and in an addon template the lost
half of a resource deploys without complaint.

## Example
```yaml
variables:
  LOG_LEVEL: info
  LOG_LEVEL: debug
```

## Use instead
```yaml
variables:
  LOG_LEVEL: debug
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Finding, Rule, Workspace
from copilot_lint.rules.files._support import ProblemKind


class DuplicateKey(Rule):
    id = "CL002"
    name = "duplicate-key"
    severity = "error"

    def check(self, ws: Workspace) -> Iterator[Finding]:
        for p in ws.problems:
            if p.kind is ProblemKind.DUPLICATE_KEY:
                yield Finding(p.file, p.line, p.column,
                              f'duplicate key "{p.get("key")}" (first defined at line '
                              f'{p.get("first_line")}); YAML keeps only this one and the first '
                              "is silently lost; remove or rename one",
                              end_line=p.end_line, end_column=p.end_column)
