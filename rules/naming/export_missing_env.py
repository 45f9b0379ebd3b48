"""An addon output's `Export.Name` is the same in two environments.

## What it does
Evaluates the `Export.Name` of every `Outputs` entry of workload and environment addons once per
environment (with `App`, `Env`, `Name`, parameters and conditions bound) and reports the export
names that come out the same in two or more environments. Names built from `${Env}` or
`AWS::StackName` vary and are fine; names that contain `AWS::AccountId` or `AWS::Region` are
not judged, and a workspace with one environment has nothing to compare.

`--fix` rewrites a literal or `!Sub` name that starts with the application segment (`<app>-`,
`/<app>/`, or the same with `${App}`) to put `${Env}` right after it (`acme-orders` becomes
`!Sub '${App}-${Env}-orders'`); other names are left to you.

## Why is this bad?
CloudFormation export names are unique per account and region. Copilot deploys the same addon
template into every environment, so the second environment's deploy fails with
`Export with name <name> is already exported by stack <first env's stack>` and rolls back. And
even where the environments live apart, a fixed name cannot tell importers which environment's
value they get.

## Example
```yaml
# copilot/environments/addons/db.yml
Outputs:
  DbSecretArn:
    Value: !Ref DbSecret
    Export:
      Name: acme-DbSecretArn
```

## Use instead
```yaml
Outputs:
  DbSecretArn:
    Value: !Ref DbSecret
    Export:
      Name: !Sub '${App}-${Env}-DbSecretArn'
```

## Options
- `application: {separate-accounts: true}` (configuration): every environment lives in an
  account or region of its own, where the same export name does not clash; nothing is
  reported (as for CL407).
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from copilot_lint.api import Context, AddonEval, Finding, Node, Rule, addon_eval, show
from copilot_lint.rules.naming._support import (
    as_name, brief, env_fix, fitting, same_in_envs, suggestion, where,
)


class ExportMissingEnv(Rule):
    id = "CL302"
    name = "export-missing-env"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        envs = ws.env_names
        if getattr(ws.config, "separate_accounts", False) or len(envs) < 2:
            return
        for addons in ws.addon_sets():
            evals = [addon_eval(ws, addons, env) for env in envs]
            for output, node in evals[0].outputs.items():
                name_node = node.get("Export", "Name") if node.is_map else None
                if name_node is None:
                    continue
                groups = same_in_envs(evals, output, partial(_export_name, node=name_node))
                fix = env_fix(ws, name_node, set(evals[0].params_nodes)) if groups else None
                for value, same in groups:
                    shown = brief(show(value))
                    message = fitting(
                        f'export name "{shown}" is the same in {where(same, envs)}',
                        f'export name "{brief(shown, 40)}" is the same in {where(same, envs)}',
                        f'export name "{brief(shown, 40)}" is the same in several environments')
                    hint = (f"add ${{Env}} (e.g. {suggestion(value, ws.app)}): export names are "
                            f"unique per account and region")
                    for env in same:
                        yield Finding.at(name_node, message, env=env, fix=fix, hint=hint,
                                         key=f"Outputs.{output}.Export.Name={shown}")


def _export_name(ev: AddonEval, node: Node) -> str | None:
    return as_name(ev.ev(node))
