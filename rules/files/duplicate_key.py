"""The same key appears twice in one mapping.

## What it does
Reports the second occurrence of a key in a YAML mapping, naming the line of the first.

## Why is this bad?
YAML keeps only one of the two values: the first definition is silently lost. Copilot's parser
refuses such manifests (`mapping key "x" already defined`), even when both values are the same,
and in an addon template the lost half of a resource deploys without complaint.

A key repeated with the very same value inside an addon resource's `Properties` or `Metadata`
loses nothing: Copilot passes that part of the template through and CloudFormation keeps one
copy. It is reported as a warning (standalone cfn-lint refuses the file). The same repeat where
Copilot decodes the template (a resource's `Type`, an output's `Value`) stays an error.

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

from copilot_lint.api import Finding, Rule, Workspace, load_problems


class DuplicateKey(Rule):
    id = "CL002"
    name = "duplicate-key"
    severity = "error"

    def check(self, ws: Workspace) -> Iterator[Finding]:
        return load_problems(ws, self.id)
