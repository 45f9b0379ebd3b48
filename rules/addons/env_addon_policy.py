"""A managed policy in the environment addons that nothing attaches.

## What it does
Reports an `AWS::IAM::ManagedPolicy` of `copilot/environments/addons/` that, in an environment
where it is created, has no `Roles`, `Users` or `Groups`, is referenced by no other resource of
the folder (a role's `ManagedPolicyArns`), and is not exported by an `Outputs` entry with
`Export.Name` (a workload addon could import and attach it).

Not reported when `copilot/environments/overrides/` exists (a patch may attach it).

## Why is this bad?
Copilot attaches addon policies to a task role only from a *workload's* `addons/` folder: an
output that `!Ref`s the policy there goes into the task role's `ManagedPolicyArns`
(`partials/cf/taskrole.yml`). The environment stack deploys its addons as a nested stack and
never reads their outputs (`templates/environment/cf.yml`), so a policy there is created and
grants nothing: every service gets `AccessDenied` for the calls it was written for
(aws/copilot-cli#5082).

## Example
```yaml
# copilot/environments/addons/bucket.yml
BucketAccessPolicy:
  Type: AWS::IAM::ManagedPolicy
  Properties:
    PolicyDocument:
      Statement:
        - Effect: Allow
          Action: s3:GetObject
          Resource: !Sub '${Bucket.Arn}/*'
```

## Use instead
Keep the bucket in the environment addons and export its ARN; put the policy in
`copilot/<service>/addons/` (importing the ARN) with an output that `!Ref`s it:
```yaml
# copilot/api/addons/bucket-access.yml
Outputs:
  BucketAccessPolicyArn:
    Value: !Ref BucketAccessPolicy
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, AddonEval, Finding, Rule, addon_eval, environments
from copilot_lint.rules.addons._support import MANAGED_POLICY, first_definitions, referenced_ids


class EnvAddonPolicy(Rule):
    id = "CL206"
    name = "env-addon-policy"
    severity = "warning"

    def check(self, ws: Context) -> Iterator[Finding]:
        addons = ws.env_addons
        if addons is None or ws.env_stack_overridden:
            return
        keys = first_definitions(addons, "Resources")
        for env in environments(ws):
            ev = addon_eval(ws, addons, env)
            for logical_id in _unattached(ev):
                node = keys[logical_id][0] if logical_id in keys else ev.resources[logical_id]
                yield Finding.at(
                    node, f'managed policy "{logical_id}" in environment addons is attached to '
                          "nothing",
                    hint="move it to copilot/<service>/addons/ with an output that !Refs it, "
                         "or give it Roles",
                    env=env, key=f"{addons.dir_path}:{logical_id}")


def _unattached(ev: AddonEval) -> list[str]:
    policies = [lid for lid, rtype, _ in ev.active_resources() if rtype == MANAGED_POLICY]
    if not policies:
        return []
    used: set[str] = set()
    for logical_id, resource in ev.resources.items():
        props = resource.get("Properties") if resource.is_map else None
        if logical_id in policies and props is not None and props.is_map and any(
                props.get(k) is not None for k in ("Roles", "Users", "Groups")):
            used.add(logical_id)
        used |= referenced_ids(resource) - {logical_id}
    for name, output in ev.outputs.items():
        if output.is_map and output.get("Export") is not None and ev.active(name):
            used |= referenced_ids(output.get("Value"))
    return [lid for lid in policies if lid not in used]
