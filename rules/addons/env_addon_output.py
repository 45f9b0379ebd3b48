"""An environment addon output without an export, which no workload can ever read.

## What it does
Reports an `Outputs` entry of `copilot/environments/addons/` that has no `Export.Name` (in an
environment where the output exists).

Not reported when `copilot/environments/overrides/` exists (a patch may read the nested stack's
outputs), nor for an output that `!Ref`s a managed policy: exporting a policy ARN does not attach
it to anything, which `env-addon-policy` (CL206) reports with the right advice.

## Why is this bad?
Copilot injects addon outputs as environment variables, secrets and task-role policies only for
a *workload's* addons. The environment stack deploys its addons as the nested stack
`AddonsStack` and never reads its outputs (`templates/environment/cf.yml`); workloads reach an
environment addon's values only through exports (`from_cfn` in a manifest, `Fn::ImportValue` in
a workload addon). An output without `Export` is therefore unreachable: the variable the
service expects never appears (copilot-facts §5.5).

## Example
```yaml
# copilot/environments/addons/table.yml
Outputs:
  OrdersTableName:
    Value: !Ref OrdersTable
```

## Use instead
```yaml
Outputs:
  OrdersTableName:
    Value: !Ref OrdersTable
    Export:
      Name: !Sub ${App}-${Env}-OrdersTableName
```
and in the service's manifest:
```yaml
variables:
  ORDERS_TABLE_NAME:
    from_cfn: ${COPILOT_APPLICATION_NAME}-${COPILOT_ENVIRONMENT_NAME}-OrdersTableName
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule, addon_eval, environments
from copilot_lint.rules.addons._support import MANAGED_POLICY, first_definitions, ref_target


class EnvAddonOutput(Rule):
    id = "CL207"
    name = "env-addon-output"
    severity = "warning"

    def check(self, ws: Context) -> Iterator[Finding]:
        addons = ws.env_addons
        if addons is None or ws.env_stack_overridden:
            return
        keys = first_definitions(addons, "Outputs")
        for env in environments(ws):
            ev = addon_eval(ws, addons, env)
            for name, output in ev.outputs.items():
                if not output.is_map or output.get("Export") is not None or not ev.active(name):
                    continue
                if ev.resource_type(ref_target(output.get("Value")) or "") == MANAGED_POLICY:
                    continue    # a policy ARN: CL206's case, exporting it attaches nothing
                yield Finding.at(
                    keys[name][0] if name in keys else output,
                    f'environment addon output "{name}" has no Export, so no workload can read it',
                    hint=f"add Export: {{Name: !Sub '${{App}}-${{Env}}-{name}'}} and read it "
                         "with from_cfn",
                    env=env, key=f"{addons.dir_path}:Outputs.{name}")
