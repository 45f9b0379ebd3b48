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

from copilot_lint.api import Context, Finding, Rule, Severity
from copilot_lint.rules.files._support import LoadProblem, ProblemKind


class DuplicateKey(Rule):
    id = "CL002"
    name = "duplicate-key"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        for p in ws.problems:
            if p.kind is ProblemKind.DUPLICATE_KEY:
                yield _finding(p)


def _finding(p: LoadProblem) -> Finding:
    """An identical repeat inside an addon resource's body loses nothing (Copilot passes the
    node through and CloudFormation keeps one copy): a warning. Elsewhere Copilot decodes the
    map and refuses any repeat, and a different value loses the first."""
    where = f'duplicate key "{p.get("key")}" (first defined at line {p.get("first_line")})'
    severity = ""
    if not p.get("same_value"):
        message = f"{where} with another value"
        hint = ("YAML keeps only the last value, the first is lost" if p.get("in_body") else
                "Copilot refuses a repeated key") + ": remove or rename one"
    elif p.get("in_body"):
        message, severity = f"{where} with the same value", Severity.WARNING
        hint = "nothing is lost (Copilot and CloudFormation keep one copy), but cfn-lint " \
               "refuses it: remove one"
    else:
        message = f"{where} with the same value"
        hint = "Copilot refuses a repeated key even with the same value: remove one"
    return Finding(p.file, p.line, p.column, message, severity=severity, hint=hint,
                   end_line=p.end_line, end_column=p.end_column)
