"""An import names an export that no stack of the workspace produces in that environment.

## What it does
Evaluates every `Fn::ImportValue` in workload and environment addons and every manifest
`from_cfn` (variables, secrets, security groups, EFS ids) in each environment, and reports the
names that no stack exports there: not an addon `Outputs` entry's `Export.Name`, not an output
with an export that a YAML patch (`overrides/cfn.patches.yml`) adds to a workload or environment
stack, and not one of the exports Copilot's own environment, workload and application stacks
make (`<app>-<env>-VpcId`, `<app>-<env>-EnvironmentSecurityGroup`, …).

Only names that start with the application's name (`<app>-…`) are checked, because an import of
another naming scheme may come from a stack outside this repository. When the workspace has no
environment addons (`copilot/environments/addons/`), its environment stacks may be managed from
another repository, and a CDK override (an `overrides/` folder with `cdk.json`) may add any
export: then only near-misses of a known export (likely typos) are reported.

## Why is this bad?
CloudFormation fails the whole deploy (`No export named acme-test-DbSecret found`) after Copilot
has already built and pushed the image; with `from_cfn` the service stack rolls back. A typo in an
export name, or an export that only one environment's addon creates, is the usual cause.

## Example
```yaml
# copilot/web/manifest.yml
secrets:
  DB_SECRET:
    from_cfn: ${COPILOT_APPLICATION_NAME}-${COPILOT_ENVIRONMENT_NAME}-DbSecert
```

## Use instead
```yaml
secrets:
  DB_SECRET:
    from_cfn: ${COPILOT_APPLICATION_NAME}-${COPILOT_ENVIRONMENT_NAME}-DbSecret
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule, closest, index_of, is_known
from copilot_lint.rules.network._support import exports_unknowable, fitting


class UnresolvedImport(Rule):
    id = "CL503"
    name = "unresolved-import"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        if not ws.app:
            return
        index = index_of(ws)
        near_misses_only = ws.env_addons is None or exports_unknowable(ws)
        for imp in index.imports:
            name = imp.name
            if not isinstance(name, str) or not is_known(name) or not name.startswith(ws.app + "-"):
                continue
            if index.exported(imp.env, name):
                continue
            known = list(index.exports.get(imp.env, {}))
            close = closest(name, known, cutoff=0.8)
            if not close and near_misses_only:
                continue
            hint = f'did you mean "{close}"?' if close else \
                "export it from an addon Outputs entry or fix the name"
            label = "Fn::ImportValue" if imp.kind == "ImportValue" else "from_cfn"
            yield Finding.at(imp.node, fitting(f'{label} "{name}" is exported by no stack of the '
                                               f'workspace in environment "{imp.env}"',
                                               f'{label} "{name}" is exported by no stack of the '
                                               f"workspace"),
                             env=imp.env, key=f"{label}={name}", hint=hint)
