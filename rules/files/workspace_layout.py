"""The `copilot/` folder is laid out in a way Copilot does not read.

## What it does
Reports a missing `copilot/.workspace` (or one without `application:`), a workload folder with
`manifest.yaml` instead of `manifest.yml`, both `addons.parameters.yml` and
`addons.parameters.yaml` in one addons folder, an `addons` or `environments` file where a folder
is expected, and symlinked folders that point outside the workspace or back into it.

It also reports, once each at its first line, CloudFormation templates (files with a top-level
`Resources` or `AWSTemplateFormatVersion` key) that Copilot never reads:

- under `copilot/environments/<env>/addons/`: environment addons are read only from
  `copilot/environments/addons/`, one set for every environment (there, any file with a
  top-level `Parameters`, `Outputs`, `Mappings` or `Conditions` key counts as a template too);
- in a sub-folder of an `addons/` folder: Copilot lists the folder without descending;
- in an `addons/` folder with an extension other than exactly `.yml` or `.yaml`
  (`.YML`, `.json`, `.template`).

Other files there (source code, READMEs, a parameters file) are left alone.

And it reports folders Copilot never reads: `addons/` or `overrides/` in a `copilot/<dir>/`
that holds no `manifest.yml` (a workload renamed or removed, a shared folder), and
`copilot/environments/<env>/overrides/` (environment overrides are read only from
`copilot/environments/overrides/`). A missing
`.workspace` is only `info` when the repository's `.gitignore` (next to `copilot/`, or
`copilot/.gitignore`) names `copilot/.workspace` on purpose: each clone then runs
`copilot app init` first.

## Why is this bad?
Copilot discovers workloads, environments and addons only by exact names: a misnamed or
misplaced file is silently invisible (a whole database stack under
`environments/prod/addons/` is never deployed, and nothing says so), and two parameters files
make the deploy fail.

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
