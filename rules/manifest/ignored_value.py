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

from copilot_lint.api import MANIFEST_INPUTS, Finding, Rule, Workspace, manifest_findings


class IgnoredValue(Rule):
    id = "CL131"
    name = "ignored-value"
    severity = "warning"
    reads = MANIFEST_INPUTS | {"pipeline"}
    scope = "workload"

    def check(self, ws: Workspace) -> Iterator[Finding]:
        for rule, finding in manifest_findings(ws):
            if rule == self.id:
                yield finding
