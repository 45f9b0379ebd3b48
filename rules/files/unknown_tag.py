"""A YAML tag that is neither a CloudFormation short form nor one of YAML's own.

## What it does
Reports tags such as `!Subb`, `!Reference` or `!!python/object` — anything other than the
CloudFormation short forms (`!Ref`, `!Sub`, `!GetAtt`, `!If`, …) and YAML's standard `!!str`,
`!!int` and friends.

## Why is this bad?
CloudFormation rejects a template with an unknown tag, and Copilot cannot decode a manifest with
one. A misspelt short form is easy to miss in review. copilot-lint never constructs objects from
tags, so a `!!python/...` tag is harmless here, but it is never what a template meant.

## Example
```yaml
BucketName: !Subb '${App}-${Env}-media'
```

## Use instead
```yaml
BucketName: !Sub '${App}-${Env}-media'
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule
from copilot_lint.rules.files._support import ProblemKind


class UnknownTag(Rule):
    id = "CL003"
    name = "unknown-tag"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        for p in ws.problems:
            if p.kind is ProblemKind.UNKNOWN_TAG:
                yield Finding(p.file, p.line, p.column, f'unknown tag "{p.get("tag")}"',
                              hint="use a CloudFormation short form (!Ref, !Sub, !GetAtt, …) or "
                                   "plain YAML",
                              end_line=p.end_line, end_column=p.end_column)
