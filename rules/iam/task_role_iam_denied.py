"""An addon policy gives the task role IAM actions, which Copilot's `DenyIAM` always denies.

## What it does
Reports each `iam:` action (`iam:PassRole`, `iam:GetRole`, `iam:*`, `iam:List*`) allowed by a
statement of a workload addon policy that Copilot attaches to the workload's task role (App
Runner: instance role), per environment: an `AWS::IAM::ManagedPolicy` that an `Outputs` value
`!Ref`s, or a policy whose `Roles` name a parameter filled with the parent stack's `TaskRole`.

Not reported: policies on roles the addon creates itself (inline policies of an
`AWS::IAM::Role`, or a policy whose `Roles`, `Users` or `Groups` name its own principals),
environment addons, `Deny` statements, and workloads with an `overrides/` folder or a
`TaskRoleArn` task-definition override (the documented way to remove `DenyIAM`).

## Why is this bad?
Copilot creates the task role with the inline policy `DenyIAM`: `Deny iam:*` on `*`
(`partials/cf/taskrole.yml`, `partials/cf/instancerole.yml`). An explicit deny beats every
allow, so these actions fail with `AccessDenied` at run time however the addon grants them
(aws/copilot-cli#1507, #5291). Only an override of the task role removes the statement.

## Example
```yaml
# copilot/api/addons/deploy.yml
PassRolePolicy:
  Type: AWS::IAM::ManagedPolicy
  Properties:
    PolicyDocument:
      Version: '2012-10-17'
      Statement:
        - Effect: Allow
          Action: iam:PassRole
          Resource: !GetAtt StepFunctionsRole.Arn
```

## Use instead
Let a role the addon creates do the IAM work (for example, a Step Functions or Lambda role),
or remove `DenyIAM` with a YAML patch in `copilot/api/overrides/cfn.patches.yml` if the task
really must call IAM.
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import (
    Context, Finding, Rule, Statement, WorkloadType, addon_eval, environments, statements,
)
from copilot_lint.rules.iam._support import (
    ADDON_INPUTS,
    ROLE_TYPES, denied_action, own_principals, task_role_policies, task_role_replaced,
)


RDWS = WorkloadType.RD_WEB_SERVICE


class TaskRoleIamDenied(Rule):
    id = "CL409"
    name = "task-role-iam-denied"
    severity = "warning"
    reads = ADDON_INPUTS
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        for workload in ws.workloads:
            if workload.type not in ROLE_TYPES or workload.addons is None or \
                    task_role_replaced(workload):
                continue
            for env in environments(ws):
                ev = addon_eval(ws, workload.addons, env)
                if not any(_denied(statement) for statement in statements(ev)):
                    continue
                attached = {lid: how for lid, how in task_role_policies(ev).items()
                            if not own_principals(ev, lid)}
                role = "instance role" if workload.type == RDWS else "task role"
                for statement in statements(ev, only=set(attached)):
                    if not _denied(statement):
                        continue
                    for node, action in statement.actions:
                        if not denied_action(action):
                            continue
                        yield Finding.at(
                            node,
                            f'"{action}" in "{statement.logical_id}" is denied: Copilot\'s {role} '
                            "carries Deny iam:*",
                            hint="grant the IAM action to a role the addon creates, or remove "
                                 f"DenyIAM with an override of the {role}",
                            env=env, key=f"{workload.addons.dir_path}:{statement.logical_id}."
                                         f"Action={action}")


def _denied(statement: Statement) -> bool:
    """True when an Allow statement names an action the role's ``Deny iam:*`` covers."""
    return statement.allows and not statement.not_action and \
        any(denied_action(action) for _, action in statement.actions)
