"""A manifest value Copilot reads but silently ignores, so the setting is never applied.

## What it does
Reports `observability.tracing` of a Load Balanced Web Service, Backend Service or Worker
Service, per environment, when it is not `awsxray` (in any case): Copilot adds the AWS Distro for
OpenTelemetry sidecar for `awsxray` and does nothing for any other value. (A Request-Driven Web
Service refuses such a vendor outright: that is CL101.)

## Why is this bad?
The deployment succeeds and no trace is ever collected; nothing says why.

## Example
```yaml
name: api
type: Backend Service
observability:
  tracing: xray
```

## Use instead
```yaml
name: api
type: Backend Service
observability:
  tracing: awsxray
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule
from copilot_lint.rules.manifest._support import (
    MANIFEST_INPUTS,
    IssueKind, fit, json_array_message, manifest_issues, split_advice,
)


class IgnoredValue(Rule):
    id = "CL131"
    name = "ignored-value"
    severity = "warning"
    reads = MANIFEST_INPUTS | {"pipeline"}
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        for found in manifest_issues(ws):
            if found.kind is IssueKind.IGNORED and found.issue is not None:
                message = json_array_message(found.schema, found.root, found.issue)
                if message is not None:
                    problem, hint = fit(*split_advice(message))
                    yield Finding.at(found.node, problem, env=found.env, key=found.key,
                                     hint=hint)
