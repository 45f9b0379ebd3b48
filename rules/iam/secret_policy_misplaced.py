"""A task-role policy written for secrets that the execution role fetches.

## What it does
For each ECS workload (Load Balanced Web, Backend and Worker Services, Scheduled Jobs) and each
environment, reads the addon managed policies that reach its task role (`AWS::IAM::ManagedPolicy`
outputs by `!Ref`) and reports an `Allow` statement whose SSM `GetParameter*` or Secrets Manager
`GetSecretValue` resources all name parameters or secrets that the manifest's `secrets:` inject
(`DB_PASSWORD: /myapp/prod/db_password`, an SSM or Secrets Manager ARN, or
`{secretsmanager: name}`).

Left alone: statements that also cover anything else (a wildcard, a value the application reads
itself at run time), parameters and secrets that the workspace's own addons create (CloudFormation
tags them with the stack's `copilot-application` and `copilot-environment` tags),
`from_cfn` secrets, Request-Driven Web Services (their instance role both fetches `secrets:` and
runs the application), and workloads with an `overrides/` folder or `taskdef_overrides`
(their roles may not be Copilot's).

## Why is this bad?
The values under `secrets:` are fetched by ECS with the task *execution* role when the task
starts, not by the task role: a task-role grant does not help them. Copilot's execution role
reads only parameters and secrets tagged `copilot-application=<app>` and
`copilot-environment=<env>`, so a parameter created by hand without both tags makes the task fail
to start with `AccessDeniedException`, whatever the task role allows.

## Example
```yaml
# copilot/api/manifest.yml
secrets:
  DB_PASSWORD: /shop/prod/db
# copilot/api/addons/secrets-access.yml (output by !Ref)
Resources:
  ReadDbPassword:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: ssm:GetParameters
            Resource: !Sub 'arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/shop/prod/db'
```

## Use instead
Tag the parameter for the application and environment, and drop the policy:
```
aws ssm add-tags-to-resource --resource-type Parameter --resource-id /shop/prod/db \\
  --tags Key=copilot-application,Value=shop Key=copilot-environment,Value=prod
```
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from copilot_lint.api import (
    ECS_TYPES,
    INDEX_INPUTS,
    Finding,
    Rule,
    Statement,
    Workload,
    Workspace,
    addon_eval,
    grants,
    index_of,
    is_known,
    manifest_for,
    statements,
)

_ACTIONS = {"ssm": ("ssm:GetParameter", "ssm:GetParameters"),
            "secretsmanager": ("secretsmanager:GetSecretValue",)}
_ARN_SUFFIX = re.compile(r"-[A-Za-z0-9]{6}$")


class SecretPolicyMisplaced(Rule):
    id = "CL405"
    name = "secret-policy-misplaced"
    severity = "warning"
    reads = INDEX_INPUTS
    scope = "workload"

    def check(self, ws: Workspace) -> Iterator[Finding]:
        index = index_of(ws)
        for workload in ws.workloads:
            if workload.type not in ECS_TYPES or workload.has_overrides:
                continue
            for env in ws.env_names:
                injected = _injected(ws, index, workload, env)
                if injected:
                    yield from _policies(ws, index, workload, env, injected)


def _injected(ws: Workspace, index: Any, workload: Workload, env: str) -> dict:
    """``(service, name)`` → ``"VARIABLE (value)"`` for each ``secrets:`` entry naming a
    parameter or secret that the workspace's addons do not create."""
    root = manifest_for(ws, workload, env)
    if root is None or not root.is_map or root.get("taskdef_overrides") is not None:
        return {}
    own = {("ssm", _ssm(p)) for p in index.ssm.get(env, {}) if isinstance(p, str)}
    own |= {("secretsmanager", s.name) for s in index.secrets
            if s.env == env and isinstance(s.name, str)}
    found = {}
    for use in index.secret_uses:
        if use.workload is workload and use.env == env and isinstance(use.value, str):
            target = _target(use.form, use.value.strip())
            if target is not None and target not in own:
                found[target] = f"{use.variable} ({use.value.strip()})"
    return found


def _target(form: str, text: str) -> tuple[str, str] | None:
    """What a ``secrets:`` value names: ``("ssm", name)`` or ``("secretsmanager", name)``."""
    if form == "secretsmanager":
        return ("secretsmanager", text.split(":")[0])
    if form != "name" or not text:
        return None
    if not text.startswith("arn:"):
        return ("ssm", _ssm(text))
    parts = text.split(":", 6)
    if len(parts) < 6:
        return None
    if parts[2] == "ssm" and parts[5].startswith("parameter/"):
        return ("ssm", _ssm(parts[5][len("parameter"):]))
    if parts[2] == "secretsmanager" and parts[5] == "secret" and len(parts) > 6:
        return ("secretsmanager", _ARN_SUFFIX.sub("", parts[6].split(":")[0]))
    return None


def _ssm(name: str) -> str:
    return name.lstrip("/")


def _policies(ws: Workspace, index: Any, workload: Workload, env: str,
              injected: dict) -> Iterator[Finding]:
    for attachment in index.policies.get((workload.name, env), []):
        ev = addon_eval(ws, attachment.addons, env)
        for statement in statements(ev, only={attachment.logical_id}):
            covered = _covered(statement, injected)
            if not covered:
                continue
            names = ", ".join(injected[c] for c in covered)
            yield Finding.at(
                statement.resources[0][0],
                f'task-role policy "{attachment.logical_id}" grants access to {names}, which '
                f'the manifest injects through secrets:; ECS fetches those with the execution '
                f'role, which reads only parameters and secrets tagged '
                f'copilot-application={ws.app or "<app>"} and copilot-environment={env}: tag '
                f'them instead, this statement does not help', env=env,
                key=f"{attachment.addons.dir_path}:{attachment.logical_id}:"
                    f"{','.join(sorted(c[1] for c in covered))}")


def _covered(statement: Statement, injected: dict) -> list[tuple[str, str]]:
    """The injected secrets an Allow statement grants, when every resource it grants is one of
    them (else nothing: the statement is, at least partly, for something else)."""
    services = [s for s, wanted in _ACTIONS.items()
                if any(grants(statement, action) for action in wanted)]
    if not services or not statement.resources or statement.not_resource or \
            statement.condition is not None:
        return []
    targets = [_resource(value) for _, value in statement.resources]
    if any(t is None or t[0] not in services or t not in injected for t in targets):
        return []
    return sorted(set(targets))


def _resource(resource: Any) -> tuple[str, str] | None:
    """The exact parameter or secret a policy resource ARN names (no wildcards); the region and
    account parts may be unknown (``${AWS::Region}``)."""
    if not isinstance(resource, str) or not resource.startswith("arn:"):
        return None
    head, found, tail = resource.rpartition(":parameter/")
    if found and ":ssm:" in head and is_known(tail) and not set(tail) & set("*?"):
        return ("ssm", _ssm(tail))
    head, found, tail = resource.rpartition(":secret:")
    name = tail.split(":")[0].removesuffix("-*") if found else ""
    if name and ":secretsmanager:" in head and is_known(name) and not set(name) & set("*?"):
        return ("secretsmanager", _ARN_SUFFIX.sub("", name))
    return None
