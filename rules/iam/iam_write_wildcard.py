"""An addon policy allows writes or deletes on every resource of a service.

## What it does
Reports an `Allow` statement of an identity policy in an addon (`AWS::IAM::ManagedPolicy`,
`AWS::IAM::Policy`, inline `Policies` of a role, user or group), per environment, whose
`Resource` is `*` or a service-wide wildcard ARN (`arn:aws:s3:::*`, `arn:aws:s3:::*/*`,
`arn:${AWS::Partition}:dynamodb:*:*:table/*`) and whose actions include a mutating action:
prefix wildcards (`s3:Delete*`, `dynamodb:Put*`, `sqs:*Message`) or curated data-plane writes
(`s3:PutBucketPolicy`, `s3:DeleteObject`, `sqs:SendMessage`, `sqs:DeleteMessage`,
`sns:Publish`, `states:StartExecution`, `dynamodb:DeleteItem`, `secretsmanager:PutSecretValue`,
`ssm:PutParameter`, …). One finding per action.

Not reported: Read, List and Describe actions, actions that only work on `*`
(`kms:CreateKey`, `cloudwatch:PutMetricData`, `logs:*`), `*` and `<service>:*` (CL403),
statements with a `Condition` (they are scoped), `NotAction`/`NotResource`, resource
policies (bucket, queue, topic policies), where `*` means the resource itself, and an action
whose only unscoped resource is another service's wildcard ARN (`sqs:SendMessage` beside
`arn:aws:s3:::*/*` and the queue's own ARN).

## Why is this bad?
Every service of the application — in every environment, since an addon policy is created per
environment — can then delete or overwrite the data of every other one: another environment's
bucket, another service's table or queue. A bug or a compromised container is no longer
contained to what the service owns. Seen in 3 of 32 public Copilot repositories examined.

## Example
```yaml
Statement:
  - Effect: Allow
    Action: [s3:GetObject, s3:PutObject, s3:DeleteObject]
    Resource: 'arn:aws:s3:::*/*'
```

## Use instead
```yaml
Statement:
  - Effect: Allow
    Action: [s3:GetObject, s3:PutObject, s3:DeleteObject]
    Resource: !Sub '${UploadsBucket.Arn}/*'
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import AddonSet, Context, Finding, Rule, addon_eval, show, statements
from copilot_lint.rules.iam._support import (
    ADDON_INPUTS, brief, every_resource, every_resource_of, fitting, mutating,
)


SCOPED_EXAMPLE = {
    "s3": "!Sub '${Bucket.Arn}/*'",
    "sqs": "!GetAtt Queue.Arn",
    "sns": "!Ref Topic",
    "dynamodb": "!GetAtt Table.Arn",
    "states": "!Ref StateMachine",
    "kinesis": "!GetAtt Stream.Arn",
    "lambda": "!GetAtt Function.Arn",
    "secretsmanager": "!Ref Secret",
    "events": "!GetAtt EventBus.Arn",
}
"""An example of a scoped Resource per service, for the hint."""


class IamWriteWildcard(Rule):
    id = "CL410"
    name = "iam-write-wildcard"
    severity = "warning"
    reads = ADDON_INPUTS
    scope = "workload"

    def check_addons(self, ws: Context, addons: AddonSet, env: str) -> Iterator[Finding]:
        for statement in statements(addon_eval(ws, addons, env)):
            if not statement.allows or statement.not_action or statement.not_resource \
                    or statement.condition is not None:
                continue
            if not any(every_resource(value) for _, value in statement.resources):
                continue
            for node, action in statement.actions:
                if not mutating(action):
                    continue
                service = action.split(":", 1)[0]
                broad = next((value for _, value in statement.resources
                              if every_resource_of(value, service)), None)
                if broad is None:
                    continue    # only another service's resources are unscoped
                yield Finding.at(
                    node, fitting(f'"{action}" on "{show(broad)}" writes to every '
                                  f"{service} resource",
                                  f'"{action}" on "{brief(show(broad), 40)}" writes to '
                                  f"every {service} resource"),
                    hint="scope Resource to the ARNs the service owns (e.g. "
                         f"{SCOPED_EXAMPLE.get(service, '!GetAtt <Resource>.Arn')}, "
                         "or a ${App}-${Env} name pattern)",
                    env=env, key=f"{addons.dir_path}:{statement.logical_id}."
                                 f"Action={action}")
