"""An S3 permission that only applies under a resource-tag condition S3 does not evaluate.

## What it does
Reports an `Allow` statement of an addon policy (managed, inline, role, user, group or bucket
policy) that grants `s3:` actions under an `aws:ResourceTag/…` or `s3:ResourceTag/…`
condition. Only conditions that fail when the key is absent are reported: `IfExists`
operators, `ForAllValues:` operators, negated operators (`StringNotEquals`, …) and
`Null: {key: true}` still match without the key and are left alone. Other services' actions
(`ssm:`, `secretsmanager:`, `kms:`, …) are not reported: they do evaluate resource tags, and
Copilot's own templates rely on that; neither are S3's own tag-aware resources (Batch Operations
jobs, Storage Lens configurations, access grants: actions naming `Job`, `StorageLens` or
`AccessGrant`).

## Why is this bad?
S3 does not put resource tags into the request context of bucket and object operations
(object tags are `s3:ExistingObjectTag/…`), so the condition never matches and every call fails
with `403 AccessDenied` at run time, although the policy looks scoped and deploys fine.

## Example
```yaml
# copilot/web/addons/media.yml
Statement:
  - Effect: Allow
    Action: [s3:GetObject, s3:PutObject]
    Resource: '*'
    Condition:
      StringEquals:
        aws:ResourceTag/copilot-environment: !Ref Env
```

## Use instead
```yaml
Statement:
  - Effect: Allow
    Action: [s3:GetObject, s3:PutObject]
    Resource: !Sub 'arn:${AWS::Partition}:s3:::${MediaBucket}/*'
```

## Known problems
S3 announced tag-based authorization for general purpose buckets in November 2025; a bucket
that has it enabled honours `aws:ResourceTag` for bucket-level actions. Suppress the finding
for such buckets.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from copilot_lint.api import (
    AddonSet, Context, Finding, Node, Rule, Statement, addon_eval, is_known, statements,
)
from copilot_lint.rules.iam._support import ADDON_INPUTS, fitting


_TAG_KEYS = ("aws:resourcetag/", "s3:resourcetag/")
_CONTROL = re.compile(r"job|storagelens|accessgrant", re.IGNORECASE)


class S3TagCondition(Rule):
    id = "CL401"
    name = "s3-tag-condition"
    severity = "error"
    reads = ADDON_INPUTS
    scope = "workload"

    def check_addons(self, ws: Context, addons: AddonSet, env: str) -> Iterator[Finding]:
        ev = addon_eval(ws, addons, env)
        for statement in statements(ev, resource_policies=True):
            actions = _s3_actions(statement)
            if not statement.allows or not actions:
                continue
            for key_node, key in _failing_tag_conditions(statement.condition):
                yield Finding.at(
                    key_node,
                    fitting(f'"{actions[0]}" in "{statement.logical_id}" depends on '
                            f'condition "{key}", which S3 never matches',
                            f'"{actions[0]}" depends on condition "{key}", which S3 never '
                            f"matches"),
                    env=env, key=f"{addons.dir_path}:{statement.logical_id}.{key}",
                    hint="grant on the bucket ARNs instead (arn:${AWS::Partition}:s3:::"
                         "${Bucket} and …/*): as it is, every call gets 403 AccessDenied")


def _s3_actions(statement: Statement) -> list[str]:
    """The statement's bucket and object actions (S3 Control job, Storage Lens and access-grant
    actions do evaluate resource tags)."""
    if statement.not_action:
        return []
    return [value for _, value in statement.actions
            if isinstance(value, str) and is_known(value) and value.lower().startswith("s3:")
            and not _CONTROL.search(value[3:])]


def _failing_tag_conditions(condition: Node | None) -> Iterator[tuple[Node, str]]:
    for operator, block in condition.items() if condition is not None else []:
        if not block.is_map or _matches_when_absent(operator):
            continue
        for key, value in block.items():
            if not key.lower().startswith(_TAG_KEYS):
                continue
            if operator == "Null" and not (value.value is False or value.value == "false"):
                continue
            yield block.key_node(key) or value, key


def _matches_when_absent(operator: str) -> bool:
    """True for condition operators that are satisfied when the key is missing."""
    base = operator.split(":", 1)[-1]
    return (operator.startswith("ForAllValues:") or base.endswith("IfExists")
            or ("Not" in base and not operator.startswith("ForAnyValue:")))
