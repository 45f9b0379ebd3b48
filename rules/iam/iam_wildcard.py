"""An addon policy allows every action, or every action of a service, on every resource.

## What it does
Reports an `Allow` statement of an identity policy in an addon (`AWS::IAM::ManagedPolicy`,
`AWS::IAM::Policy`, inline `Policies` of a role, user or group) whose `Action` includes `*` or
`<service>:*` while its `Resource` includes `*` or an ARN that is nothing but wildcards after
the service (`arn:aws:logs:*:*:*`), in some environment (`Fn::If` branches are evaluated).
Resource policies (bucket, key, queue policies) are not checked: there `Resource: "*"` means
the resource the policy is attached to.

## Why is this bad?
The task role (or the addon's own role) can then do anything to every resource of that kind in
the account: delete other environments' tables, read every bucket, change IAM when the service
is `iam`. A compromised container, or a bug, is no longer contained to the resources the
service needs.

## Example
```yaml
# copilot/api/addons/access.yml
Statement:
  - Effect: Allow
    Action: dynamodb:*
    Resource: '*'
```

## Use instead
```yaml
Statement:
  - Effect: Allow
    Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query]
    Resource: !GetAtt OrdersTable.Arn
```
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from copilot_lint.api import (
    AddonSet, Context, Finding, Rule, Statement, addon_eval, show, statements,
)
from copilot_lint.rules.iam._support import ADDON_INPUTS, fitting, flatten, is_text


_WILDCARD_ACTION = re.compile(r"\*|[A-Za-z0-9-]+:\*")
_WILDCARD_ARN = re.compile(r"arn:[^:]*:[^:]+:\*?:\*?:[*/:]*\*[*/:]*")
_PSEUDO = ("AWS::Partition", "AWS::Region", "AWS::AccountId")


def _every_resource(value: object) -> bool:
    """``*``, or an ARN that is only wildcards (or this region and account) after the service."""
    if isinstance(value, str) and value.strip() == "*":
        return True
    plain = flatten(value, lambda part: "*" if part.label in _PSEUDO else "\x01")
    return _WILDCARD_ARN.fullmatch(plain) is not None


class IamWildcard(Rule):
    id = "CL403"
    name = "iam-wildcard"
    severity = "warning"
    reads = ADDON_INPUTS
    scope = "workload"

    def check_addons(self, ws: Context, addons: AddonSet, env: str) -> Iterator[Finding]:
        for statement in statements(addon_eval(ws, addons, env)):
            yield from _check(addons.dir_path, env, statement)


def _check(dir_path: str, env: str, statement: Statement) -> Iterator[Finding]:
    if not statement.allows or statement.not_action or statement.not_resource:
        return
    broad = next((value for _, value in statement.resources
                  if is_text(value) and _every_resource(value)), None)
    if broad is None:
        return
    for node, value in statement.actions:
        if not isinstance(value, str) or not _WILDCARD_ACTION.fullmatch(value.strip()):
            continue
        scope = "every action" if value.strip() == "*" else f"every {value.split(':')[0]} action"
        where = f'in "{statement.logical_id}" allows {scope} on every resource'
        yield Finding.at(
            node, fitting(f'"{value}" on Resource "{show(broad)}" {where}', f'"{value}" {where}'),
            env=env, key=f"{dir_path}:{statement.logical_id}.Action={value}",
            hint="list the actions the service needs and scope Resource to its ARNs")
