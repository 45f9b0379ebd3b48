"""A physical name in an addon resolves to the same value in two environments.

## What it does
Evaluates every physical-name property of every addon resource (`BucketName`, `QueueName`,
`TopicName`, `TableName`, `DBClusterIdentifier`, `DBInstanceIdentifier`, `ReplicationGroupId`,
subnet and parameter group names, SSM parameter and secret `Name`, `RoleName`,
`ManagedPolicyName`, `LogGroupName`, `FunctionName`, ...) once per environment, with `App`,
`Env`, `Name`, parameter defaults, `addons.parameters.yml` and conditions bound, and reports the
names that come out the same in two or more environments. Workload addons and environment
addons (`copilot/environments/addons/`) are both deployed once per environment.

The list of properties comes from the CloudFormation resource schemas shipped with cfn-lint
(`scripts/gen_physical_names.py`). A name built from `${Env}`, `AWS::StackName`, another
resource's generated name, or a condition on `Env` varies per environment and is fine; a
parameter with a constant default does not vary. Names left to CloudFormation are fine. Names
that contain `AWS::AccountId` or `AWS::Region` are not judged (environments may live in
different accounts or regions), and a workspace with one environment has nothing to compare.

`--fix` rewrites a literal or `!Sub` name that starts with the application segment (`<app>-`,
`/<app>/`, or the same with `${App}`) to put `${Env}` right after it (`acme-orders` becomes
`!Sub '${App}-${Env}-orders'`); other names are left to you.

## Why is this bad?
Copilot deploys the same merged addon template into every environment. The first environment
creates the resource; the second one's deploy fails after several minutes with
`<name> already exists` and rolls back (S3 bucket names are even global across accounts,
aws/copilot-cli#2964).

## Example
```yaml
# copilot/api/addons/bucket.yml
Resources:
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: acme-uploads
```

## Use instead
```yaml
Resources:
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '${App}-${Env}-uploads'
```

## Known problems
Names that only have to be unique per account and region (queues, roles, log groups) do not
collide when the environments are in different accounts, and a workload that is only ever
deployed to one environment never deploys its addons twice; copilot-lint cannot see either, so
such workspaces should suppress the rule for those resources
(`# copilot-lint: disable=CL301`).
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from copilot_lint.api import Context, AddonEval, Finding, Node, Rule, addon_eval, show
from copilot_lint.rules.naming._support import (
    ADDON_INPUTS,
    PHYSICAL_NAMES, as_name, brief, env_fix, fitting, same_in_envs, suggestion, where,
)




class NameMissingEnv(Rule):
    id = "CL301"
    name = "name-missing-env"
    severity = "error"
    reads = ADDON_INPUTS
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        envs = ws.env_names
        if len(envs) < 2:
            return
        for addons in ws.addon_sets():
            evals = [addon_eval(ws, addons, env) for env in envs]
            for logical_id, resource in evals[0].resources.items():
                rtype = evals[0].resource_type(logical_id)
                props = resource.get("Properties") if resource.is_map else None
                if rtype not in PHYSICAL_NAMES or props is None or not props.is_map:
                    continue
                for prop, scope in PHYSICAL_NAMES[rtype]:
                    node = props.get(prop)
                    if node is None:
                        continue
                    identity = partial(_identity, node=node,
                                       scope_nodes=[props.get(s) for s in scope])
                    fix = None
                    for ident, same in same_in_envs(evals, logical_id, identity):
                        fix = fix or env_fix(ws, node, set(evals[0].params_nodes))
                        value = ident[0]
                        shown = brief(show(value))
                        message = fitting(
                            f'{prop} "{shown}" is the same in {where(same, envs)}',
                            f'{prop} "{brief(shown, 40)}" is the same in {where(same, envs)}',
                            f'{prop} "{brief(shown, 40)}" is the same in several environments')
                        hint = (f"add ${{Env}} (e.g. {suggestion(value, ws.app)}): the second "
                                f'deploy fails with "already exists"')
                        for env in same:
                            yield Finding.at(node, message, env=env, fix=fix, hint=hint,
                                             key=f"{logical_id}.Properties.{prop}={shown}")


def _identity(ev: AddonEval, node: Node, scope_nodes: list[Node | None]) -> tuple | None:
    """The name and its scope (evaluated strings), or ``None`` when CloudFormation names it."""
    name = as_name(ev.ev(node))
    if name is None:
        return None
    scope = [as_name(ev.ev(s)) if s is not None else "" for s in scope_nodes]
    if any(s is None for s in scope):
        return None
    return (name, *scope)
