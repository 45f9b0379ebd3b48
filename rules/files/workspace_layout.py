"""The `copilot/` folder is laid out in a way Copilot does not read.

## What it does
Reports a missing `copilot/.workspace` (or one without `application:`), a workload folder with
`manifest.yaml` instead of `manifest.yml`, both `addons.parameters.yml` and
`addons.parameters.yaml` in one addons folder, an `addons` or `environments` file where a folder
is expected, and symlinked folders that point outside the workspace or back into it.

## Why is this bad?
Copilot discovers workloads, environments and addons only by exact names: a misnamed file is
silently invisible (the service never deploys its addon), and two parameters files make the
deploy fail.

## Example
```yaml
# copilot/api/manifest.yaml   (Copilot only reads manifest.yml)
name: api
type: Backend Service
```

## Use instead
```yaml
# copilot/api/manifest.yml
name: api
type: Backend Service
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Finding, Rule, Workspace, load_problems


class WorkspaceLayout(Rule):
    id = "CL004"
    name = "workspace-layout"
    severity = "warning"

    def check(self, ws: Workspace) -> Iterator[Finding]:
        return load_problems(ws, self.id)
