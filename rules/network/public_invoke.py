"""A Lambda permission, queue policy or topic policy that lets anyone call.

## What it does
Evaluates, per environment, the addon resources that grant other accounts the right to call:

- `AWS::Lambda::Permission` whose `Principal` is `*`, for `lambda:InvokeFunction` (or
  `lambda:*`), without `SourceArn`, `SourceAccount` or `PrincipalOrgID`;
- `AWS::SQS::QueuePolicy` statements that `Allow` `Principal: '*'` (or `{AWS: '*'}`) to send
  (`sqs:SendMessage`, `sqs:*`, `*`);
- `AWS::SNS::TopicPolicy` statements that `Allow` `Principal: '*'` to publish (`sns:Publish`,
  `sns:*`, `*`),

when no `Condition` narrows the caller (a condition that only requires TLS or a time window
does not). A function URL permission (`lambda:InvokeFunctionUrl`, or a `FunctionUrlAuthType`)
is a deliberate public endpoint and is left alone, as are `Deny` statements (such as Copilot's
own `Principal: '*'` denials) and principals that are services or accounts.

## Why is this bad?
`Principal: '*'` is every AWS account, not every caller in yours: anyone can invoke the
function (running up cost, reaching whatever it can reach) or inject messages into the queue or
topic your services trust. The source condition is what ties the grant to the one bucket, rule
or account that is meant to call.

## Example
```yaml
Resources:
  InvokeFromBucket:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Thumbnailer
      Action: lambda:InvokeFunction
      Principal: '*'
```

## Use instead
```yaml
Resources:
  InvokeFromBucket:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Thumbnailer
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceArn: !GetAtt UploadsBucket.Arn
      SourceAccount: !Ref AWS::AccountId
```
"""
from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

from copilot_lint.api import Context, AddonEval, Finding, Node, Rule
from copilot_lint.rules.network._support import ADDON_INPUTS, every_addon_eval

_POLICIES = {
    "AWS::SQS::QueuePolicy": ("sqs:sendmessage", "queue", "send messages to"),
    "AWS::SNS::TopicPolicy": ("sns:publish", "topic", "publish to"),
}
_LAMBDA_NARROWING = ("SourceArn", "SourceAccount", "PrincipalOrgID")
_NOT_NARROWING = frozenset({"aws:securetransport", "aws:currenttime", "aws:epochtime",
                            "aws:requestedregion"})


class PublicInvoke(Rule):
    id = "CL504"
    name = "public-invoke"
    severity = "warning"
    reads = ADDON_INPUTS
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        for ev in every_addon_eval(ws):
            for logical_id, rtype, props in ev.active_resources():
                if rtype == "AWS::Lambda::Permission":
                    yield from _lambda(ev, logical_id, props)
                elif rtype in _POLICIES:
                    yield from _policy(ev, logical_id, props, *_POLICIES[rtype])


def _lambda(ev: AddonEval, logical_id: str, props: Node) -> Iterator[Finding]:
    principal = props.get("Principal")
    action = ev.ev(props.get("Action"))
    if principal is None or ev.ev(principal) != "*" or not isinstance(action, str) or \
            action.lower() not in ("lambda:invokefunction", "lambda:*"):
        return
    if any(props.get(k) is not None for k in _LAMBDA_NARROWING + ("FunctionUrlAuthType",
                                                                  "InvokedViaFunctionUrl")):
        return
    yield Finding.at(principal, f'Lambda permission "{logical_id}" lets any AWS account '
                                f"invoke the function", env=ev.env,
                     key=f"{logical_id}.Principal",
                     hint='name the calling service and add SourceArn and SourceAccount (it has '
                          'Principal "*" and no SourceArn, SourceAccount or PrincipalOrgID)')


def _policy(ev: AddonEval, logical_id: str, props: Node, action: str, noun: str,
            verb: str) -> Iterator[Finding]:
    statements = props.get("PolicyDocument", "Statement")
    if statements is None:
        return
    for index, statement in enumerate(statements.elements() if statements.is_seq
                                      else [statements]):
        value = ev.ev(statement)
        if not isinstance(value, dict) or value.get("Effect") != "Allow":
            continue
        if not _anyone(value.get("Principal")) or not _grants(value.get("Action"), action) or \
                _narrowed(value.get("Condition")):
            continue
        where = statement.get("Principal") if statement.is_map else None
        yield Finding.at(where or statement,
                         f'{noun} policy "{logical_id}" lets anyone {verb} the {noun}',
                         env=ev.env, key=f"{logical_id}.Statement[{index}]",
                         hint="name the service or account that calls, or add an aws:SourceArn "
                              'or aws:SourceAccount condition (Principal "*" has none)')


def _anyone(principal: Any) -> bool:
    """``*``, ``{AWS: '*'}`` or a list holding ``*`` under ``AWS``."""
    if principal == "*":
        return True
    if isinstance(principal, dict):
        aws = principal.get("AWS")
        return aws == "*" or isinstance(aws, list) and "*" in aws
    return False


def _grants(actions: Any, wanted: str) -> bool:
    listed = actions if isinstance(actions, list) else [actions]
    return any(isinstance(a, str) and fnmatchcase(wanted, a.lower()) for a in listed)


def _narrowed(condition: Any) -> bool:
    """True unless the condition is absent or only about transport or time."""
    if condition is None or condition == {}:
        return False
    if not isinstance(condition, dict):
        return True
    for operator in condition.values():
        if not isinstance(operator, dict):
            return True
        if any(not isinstance(k, str) or k.lower() not in _NOT_NARROWING for k in operator):
            return True
    return False
