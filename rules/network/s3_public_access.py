"""An addon S3 bucket is, or may be made, readable by anyone.

## What it does
Evaluates addon buckets and bucket policies per environment (conditions and parameters bound)
and reports:

- a public canned ACL: `AccessControl: PublicRead`, `PublicReadWrite` or `AuthenticatedRead`
  (any AWS account);
- a `PublicAccessBlockConfiguration` that sets one of its four settings to `false`;
- an `AWS::S3::BucketPolicy` statement that allows `Principal: "*"` (or `AWS: "*"`, or uses
  `NotPrincipal`) without a condition that pins the caller (`aws:SourceArn`,
  `aws:SourceAccount`, `aws:SourceVpce`, `aws:SourceVpc`, `aws:SourceIp`, `aws:PrincipalOrgID`,
  `aws:PrincipalAccount`, `aws:PrincipalArn`).

`Deny` statements (such as the usual "deny unencrypted transport" one) are not reported.

## Why is this bad?
Copilot's own storage addons create private buckets; a public one is a choice that deserves a
second look: uploads, exports and backups of user data end up world-readable (and with
`PublicReadWrite`, world-writable and billed to you). Since April 2023 new buckets also refuse
ACLs by default, so `AccessControl: PublicRead` additionally makes the deploy fail unless
ownership controls are loosened as well.

## Example
```yaml
# copilot/api/addons/media.yml
Resources:
  Media:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
      PublicAccessBlockConfiguration:
        BlockPublicAcls: false
```

## Use instead
```yaml
Resources:
  Media:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
```
Serve public files through CloudFront with an origin access control instead.
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, AddonEval, Finding, Node, Rule, show
from copilot_lint.rules.network._support import (
    ADDON_INPUTS, every_addon_eval, fitting, is_text,
)

PUBLIC_ACLS = {"PublicRead": "anyone read it", "PublicReadWrite": "anyone read and write it",
               "AuthenticatedRead": "any AWS account read it"}
BLOCK_SETTINGS = ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls",
                  "RestrictPublicBuckets")
PINNING_KEYS = ("aws:sourcearn", "aws:sourceaccount", "aws:sourcevpce", "aws:sourcevpc",
                "aws:sourceip", "aws:principalorgid", "aws:principalaccount",
                "aws:principalarn", "aws:sourceowner", "aws:principalorgpaths", "aws:userid")
_FIX = "serve the files through CloudFront with an origin access control unless they must be public"


class S3PublicAccess(Rule):
    id = "CL501"
    name = "s3-public-access"
    severity = "warning"
    reads = ADDON_INPUTS
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        for ev in every_addon_eval(ws):
            for logical_id, resource in ev.resources.items():
                props = resource.get("Properties") if resource.is_map else None
                if props is None or not props.is_map or not ev.active(logical_id):
                    continue
                rtype = ev.resource_type(logical_id)
                if rtype == "AWS::S3::Bucket":
                    yield from _bucket(ev, logical_id, props)
                elif rtype == "AWS::S3::BucketPolicy":
                    yield from _policy(ev, logical_id, props)


def _bucket(ev: AddonEval, logical_id: str, props: Node) -> Iterator[Finding]:
    acl = props.get("AccessControl")
    value = ev.ev(acl) if acl is not None else None
    if isinstance(value, str) and value in PUBLIC_ACLS:
        yield Finding.at(acl, f'bucket "{logical_id}" has AccessControl "{value}", which lets '
                              f"{PUBLIC_ACLS[value]}", env=ev.env, hint=f"remove it and {_FIX}",
                         key=f"{logical_id}.Properties.AccessControl={value}")
    block = props.get("PublicAccessBlockConfiguration")
    if block is None or not block.is_map:
        return
    off = [name for name in BLOCK_SETTINGS
           if block.get(name) is not None and ev.ev(block.get(name)) in (False, "false", "False")]
    if off:
        yield Finding.at(block, fitting(f'bucket "{logical_id}" turns off {", ".join(off)} of its '
                                        f"public access block",
                                        f'bucket "{logical_id}" turns off {len(off)} settings of '
                                        f"its public access block"),
                         env=ev.env, hint=f"set them to true (as it is, the bucket can be made "
                                          f"public) and {_FIX}",
                         key=f"{logical_id}.Properties.PublicAccessBlockConfiguration="
                             f"{','.join(off)}")


def _policy(ev: AddonEval, logical_id: str, props: Node) -> Iterator[Finding]:
    statements = props.get("PolicyDocument", "Statement")
    if statements is None:
        return
    for index, statement in enumerate(statements.elements() if statements.is_seq
                                      else [statements]):
        if not statement.is_map or ev.ev(statement.get("Effect")) != "Allow":
            continue
        principal = statement.get("Principal")
        anyone = principal if principal is not None and _is_anyone(ev, principal) else \
            statement.get("NotPrincipal")
        if anyone is None or _pinned(statement.get("Condition")):
            continue
        actions = _actions(ev, statement.get("Action"))
        yield Finding.at(anyone, fitting(f'bucket policy "{logical_id}" allows anyone to {actions}',
                                         f'bucket policy "{logical_id}" allows anyone access'),
                         hint=f"name the principal or add a condition (aws:SourceArn, "
                              f"aws:SourceVpce, …) and {_FIX}", env=ev.env,
                         key=f"{logical_id}.Statement[{index}].Principal=*:{actions}")


def _is_anyone(ev: AddonEval, principal: Node) -> bool:
    value = ev.ev(principal)
    if value == "*":
        return True
    if isinstance(value, dict):
        aws = value.get("AWS")
        return aws == "*" or (isinstance(aws, list) and "*" in aws)
    return False


def _pinned(condition: Node | None) -> bool:
    """True when the statement's condition restricts who or where the caller is."""
    if condition is None or not condition.is_map:
        return False
    for operator, tests in condition.items():
        keys = tests.value.keys() if tests.is_map else ()
        if any(key.lower() in PINNING_KEYS for key in keys) and not operator.startswith("Not"):
            return True
    return False


def _actions(ev: AddonEval, node: Node | None) -> str:
    value = ev.ev(node) if node is not None else None
    items = value if isinstance(value, list) else [value]
    names = [show(a) for a in items if is_text(a)]
    if not names:
        return "act on it"
    return ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
