"""A manifest key that the manifest's type does not know at that place.

## What it does
Reports every key of a workload, environment or pipeline manifest that Copilot does not read
at that place, including keys inside `environments.<env>` overrides, and suggests the key that
was probably meant (`did you mean "secrets"`) or where the key belongs (`it belongs under
"image"`). A key that belongs in another kind of manifest says so instead of suggesting a
namesake: `variables` in an environment manifest is a workload setting, extra
`network.vpc.security_groups` go in the workload manifests, a pipeline deployment's `image` is
ignored (`build.image` is the CodeBuild image), and a sidecar's key is only sent elsewhere in
that sidecar.

`--fix` renames a key whose suggestion is the only close known key, when the map does not hold
that key already (`secret:` becomes `secrets:`); keys to move or remove are left to you.

## Why is this bad?
Copilot silently ignores unknown keys, so a typo (`secret:`, `healthceck:`) or a key at the wrong
level (`port:` at the top instead of under `image:`) simply never applies: the setting you wrote
is not the one that is deployed, and nothing tells you.

Keys that start with `x-` are left alone: by convention they hold YAML anchors
(`x-common: &common …`) or data for other tools.

## Example
```yaml
name: api
type: Backend Service
image:
  build: Dockerfile
  port: 8080
secret:
  DB_PASSWORD: /copilot/app/prod/secrets/db
```

## Use instead
```yaml
name: api
type: Backend Service
image:
  build: Dockerfile
  port: 8080
secrets:
  DB_PASSWORD: /copilot/app/prod/secrets/db
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import MANIFEST_INPUTS, Finding, Rule, Workspace, manifest_findings


class UnknownKey(Rule):
    id = "CL106"
    name = "unknown-key"
    severity = "warning"
    reads = MANIFEST_INPUTS | {"pipeline"}
    scope = "workload"

    def check(self, ws: Workspace) -> Iterator[Finding]:
        for rule, finding in manifest_findings(ws):
            if rule == self.id:
                yield finding
