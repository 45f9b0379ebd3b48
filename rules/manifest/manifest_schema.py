"""A manifest value that Copilot rejects for the manifest's type, checked per environment.

## What it does
Validates every workload manifest (on its `environments.<env>` override merged for each
environment, as Copilot does), every environment manifest and every pipeline manifest against
the JSON Schema of its type and against Copilot's own cross-field rules. It reports:

- a value of the wrong type: a quoted number in an integer field (`cpu: "256"`), a duration
  written as a number (`interval: 30` instead of `30s`), a list where a string is expected;
- a value outside its range or allowed set (`storage.ephemeral: 10`, `deployment.rolling: blue`,
  `platform: linux/x86`);
- a field that takes a value or a map (`count`, `http`, `platform`, `exec`, `http.healthcheck`,
  an environment's `cdn` or `flow_logs`...) given an empty map or a map without any key Copilot
  reads there: Copilot fails to decode the manifest;
- a required key that is missing (`image.port` of a Load Balanced Web Service, `http.path`,
  `on.schedule`), and mutually exclusive keys (`image.build` with `image.location`,
  `count.spot` with `count.range`);
- Copilot's other checks before deploying: autoscaling fields that need each other or do not
  fit the type, container dependencies, target containers and exposed ports, EFS volumes,
  Windows and ARM limits, Scheduled Job schedules and timeouts, environment VPC and CDN
  settings, pipeline stages; and an unknown `type`.

The finding points at the value (the override line when the value came from an override) and
names the environments where it applies.

## Why is this bad?
Copilot only validates a manifest when you run `copilot deploy` (with AWS credentials) for one
environment, so a bad value in a rarely deployed environment's override waits for the day that
deploy matters. Some values pass Copilot and fail later in CloudFormation or ECS.

## Example
```yaml
# copilot/api/manifest.yml
name: api
type: Load Balanced Web Service
image:
  build: Dockerfile
  port: 8080
  healthcheck:
    interval: 30        # a duration needs a unit
http:
  path: /
environments:
  prod:
    cpu: "1024"         # a quoted number does not decode into an integer
```

## Use instead
```yaml
name: api
type: Load Balanced Web Service
image:
  build: Dockerfile
  port: 8080
  healthcheck:
    interval: 30s
http:
  path: /
environments:
  prod:
    cpu: 1024
```

## Known problems
Values that come from `${VAR}` substitution cannot be known statically: a string holding an
unresolved `${VAR}` is not checked against patterns or allowed values. Checks that need AWS
(certificates, subnets found by tags, topics that exist) are out of reach.
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule
from copilot_lint.rules.manifest._support import (
    MANIFEST_INPUTS,
    IssueKind, ManifestIssue, fit, json_array_message, manifest_issues, split_advice,
)


def _finding(found: ManifestIssue) -> Finding | None:
    """The issue as a finding: its message cut to the limit, the advice as the hint; a list that
    Copilot made of a JSON array string is named as such, and not reported at all where only a
    string goes (CL109 reports it there)."""
    if found.issue is None:
        return Finding.at(found.node, found.message, env=found.env, key=found.key,
                          hint=found.hint)
    message = json_array_message(found.schema, found.root, found.issue)
    if message is None:
        return None
    problem, hint = fit(*split_advice(message))
    return Finding.at(found.node, problem, env=found.env, key=found.key, hint=hint)


class ManifestSchema(Rule):
    id = "CL101"
    name = "manifest-schema"
    severity = "error"
    reads = MANIFEST_INPUTS | {"pipeline"}
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        for found in manifest_issues(ws):
            if found.kind is IssueKind.INVALID:
                finding = _finding(found)
                if finding is not None:
                    yield finding
