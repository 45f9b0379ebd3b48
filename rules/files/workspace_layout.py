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

from copilot_lint.api import Context, Finding, Rule, Severity
from copilot_lint.rules.files._support import LoadProblem, ProblemKind

_NEVER = "Copilot never deploys this template"
MESSAGES: dict[ProblemKind, tuple[Severity, str, str]] = {
    ProblemKind.FOLDER_SYMLINK_OUTSIDE: (
        Severity.WARNING, "symlinked folder points outside the workspace or back into itself; "
                          "skipped", ""),
    ProblemKind.ADDONS_NOT_FOLDER: (
        Severity.WARNING, "expected an addons folder, found a file",
        "Copilot ignores it: make it a folder of templates or remove it"),
    ProblemKind.TEMPLATE_SUFFIX: (
        Severity.WARNING, _NEVER + ": it reads only .yml and .yaml files here",
        "rename it to .yml (the suffix is case-sensitive; in {folder}/)"),
    ProblemKind.TEMPLATE_IN_SUBFOLDER: (
        Severity.WARNING, _NEVER,
        "move it up to {folder}/: Copilot reads only its top level (sub-folders are skipped)"),
    ProblemKind.ENV_ADDON_MISPLACED: (
        Severity.WARNING, _NEVER,
        "move it to {folder}/: environment addons are read only from there, shared by every "
        "environment"),
    ProblemKind.PARAMS_TWICE: (
        Severity.ERROR, "both addons.parameters.yml and addons.parameters.yaml exist",
        "keep one: Copilot refuses to deploy the addons"),
    ProblemKind.WORKSPACE_NO_APP: (
        Severity.ERROR, 'copilot/.workspace has no "application: <name>"',
        "add it: without it Copilot cannot tell which application this is"),
    ProblemKind.WORKSPACE_IGNORED: (
        Severity.INFO, "copilot/.workspace is missing and .gitignore names it on purpose",
        "each clone must run `copilot app init` (or create it) before Copilot can find the "
        "application"),
    ProblemKind.WORKSPACE_MISSING: (
        Severity.WARNING, "copilot/.workspace is missing: Copilot cannot find the application",
        'run `copilot app init` or add it with "application: <name>"'),
    ProblemKind.MANIFEST_YAML: (
        Severity.ERROR, "Copilot only reads manifest.yml: this workload is invisible to it",
        "rename the file to manifest.yml"),
    ProblemKind.ENVIRONMENTS_NOT_FOLDER: (
        Severity.WARNING, "expected the environments folder, found a file", ""),
    ProblemKind.ORPHAN_FOLDER: (
        Severity.WARNING, "Copilot never reads this {name}/ folder: {owner}/ has no manifest.yml",
        "move it next to the manifest.yml of the workload it belongs to "
        "(copilot/<name>/{name}/)"),
    ProblemKind.ENV_OVERRIDES_MISPLACED: (
        Severity.WARNING, "Copilot never reads the overrides/ folder of environment {env}",
        "move it to {folder}/: environment overrides are read only from there"),
}


def _finding(p: LoadProblem) -> Finding | None:
    entry = MESSAGES.get(p.kind)
    if entry is None:
        return None
    severity, text, hint = entry
    values = {"file": p.file, **p.detail}
    return Finding(p.file, p.line, p.column, text.format_map(values),
                   severity=severity, hint=hint.format_map(values))


class WorkspaceLayout(Rule):
    id = "CL004"
    name = "workspace-layout"
    severity = "warning"

    def check(self, ws: Context) -> Iterator[Finding]:
        for p in ws.problems:
            finding = _finding(p)
            if finding is not None:
                yield finding
