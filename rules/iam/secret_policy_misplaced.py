"""A task-role policy written for secrets that the execution role fetches.

## What it does
For each ECS workload (Load Balanced Web, Backend and Worker Services, Scheduled Jobs) and each
environment, reads the addon managed policies that reach its task role (`AWS::IAM::ManagedPolicy`
outputs by `!Ref`) and reports an `Allow` statement whose SSM `GetParameter*` or Secrets Manager
`GetSecretValue` resources all name parameters or secrets that the manifest's `secrets:` inject
(`DB_PASSWORD: /myapp/prod/db_password`, an SSM or Secrets Manager ARN, or
`{secretsmanager: name}`).

A `parameter/<prefix>/*` wildcard counts as written for those secrets when the workspace names
nothing else under the prefix (no parameter its addons create, no other workload's `secrets:`,
no parameter another statement of the workload names exactly, no variable holding a parameter
name there).

Left alone: statements that also cover anything else (a wider wildcard, a value the application
reads itself at run time), parameters and secrets that the workspace's own addons create
(CloudFormation tags them with the stack's `copilot-application` and `copilot-environment` tags),
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
    Context, Finding, Rule, Statement, Workload, addon_eval, index_of, is_known, manifest_for,
    show, statements,
)
from copilot_lint.rules.iam._support import (
    ECS_TYPES, INDEX_INPUTS, endswith, grants, is_text, parts, rpartition, split, startswith,
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

    def check(self, ws: Context) -> Iterator[Finding]:
        index = index_of(ws)
        uses: dict[tuple[int, Any], list[Any]] = {}
        for use in index.secret_uses:
            uses.setdefault((id(use.workload), use.env), []).append(use)
        created: dict[str, set[tuple[str, str]]] = {}
        named: dict[str, set[tuple[str, str]]] = {}
        for workload in ws.workloads:
            if workload.type not in ECS_TYPES or workload.has_overrides:
                continue
            for env in ws.env_names:
                if env not in created:
                    created[env] = _created(index, env)
                injected = _injected(ws, workload, env, created[env],
                                     uses.get((id(workload), env), []))
                if injected:
                    if env not in named:
                        named[env] = _named_anywhere(index, env)
                    yield from _policies(ws, index, workload, env, injected, named[env])


def _created(index: Any, env: str) -> set[tuple[str, str]]:
    """The parameters and secrets the workspace's addons create in ``env``."""
    own = {("ssm", _ssm(p)) for p in index.ssm.get(env, {}) if isinstance(p, str)}
    own |= {("secretsmanager", s.name) for s in index.secrets
            if s.env == env and isinstance(s.name, str)}
    return own


def _injected(ws: Context, workload: Workload, env: str, created: set[tuple[str, str]],
              uses: list[Any]) -> dict:
    """``(service, name)`` → ``"VARIABLE (value)"`` for each ``secrets:`` entry (``uses``: the
    workload's in ``env``) naming a parameter or secret that the workspace's addons do not
    create."""
    root = manifest_for(ws, workload, env)
    if root is None or not root.is_map or root.get("taskdef_overrides") is not None:
        return {}
    found = {}
    for use in uses:
        if isinstance(use.value, str):
            target = _target(use.form, use.value.strip())
            if target is not None and target not in created:
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


def _ssm(name: Any) -> Any:
    """A parameter name without its leading slashes (a partly known name as it is)."""
    return name.lstrip("/") if isinstance(name, str) else name


def _below(name: Any, prefix: str) -> bool:
    """True when the parameter name (leading slashes aside) starts with ``prefix``; a partly
    known name by the text before its first unknown part."""
    first = (parts(name) or [""])[0]
    return isinstance(first, str) and first.lstrip("/").startswith(prefix)


def _policies(ws: Context, index: Any, workload: Workload, env: str,
              injected: dict, anywhere: set[tuple[str, str]]) -> Iterator[Finding]:
    attached = [(a, addon_eval(ws, a.addons, env))
                for a in index.policies.get((workload.name, env), [])]
    every = [(a, s) for a, ev in attached for s in statements(ev, only={a.logical_id})]
    named = _named(anywhere, [s for _, s in every])
    variables = manifest_for(ws, workload, env).get("variables")
    named |= {("ssm", _ssm(v.value)) for _, v in (variables.items() if variables is not None
                                                  and variables.is_map else [])
              if v.is_str and v.value.startswith("/")}
    for attachment, statement in every:
        covered = _covered(statement, injected, named)
        if not covered:
            continue
        names = ", ".join(injected[c].split(" ")[0] for c in covered)
        values = ", ".join(injected[c] for c in covered)
        yield Finding.at(
            statement.resources[0][0],
            f'task-role policy "{attachment.logical_id}" grants only {names}, which secrets: '
            f"injects", env=env,
            hint=f"ECS fetches {values} with the execution role, which reads only what is tagged "
                 f'copilot-application={ws.app or "<app>"} and copilot-environment={env}: tag '
                 f"them and drop this statement",
            key=f"{attachment.addons.dir_path}:{attachment.logical_id}:"
                f"{','.join(sorted(c[1] for c in covered))}")


def _named_anywhere(index: Any, env: str) -> set[tuple[str, str]]:
    """The parameters and secrets the workspace names in ``env`` whatever the workload: created
    by its addons (partly known names too: a wildcard covers them by their known start), or
    under ``secrets:`` of any workload."""
    found = {("ssm", _ssm(p)) for p in index.ssm.get(env, {}) if is_text(p)}
    found |= {t for use in index.secret_uses if use.env == env and isinstance(use.value, str)
              for t in [_target(use.form, use.value.strip())] if t is not None}
    return found


def _named(anywhere: set[tuple[str, str]], every: list[Statement]) -> set[tuple[str, str]]:
    """Every parameter and secret the workspace names in an environment: ``anywhere`` (see
    :func:`_named_anywhere`), or exactly in a policy statement of this workload (the caller
    adds the workload's variables that hold a parameter name)."""
    found = set(anywhere)
    found |= {t for s in every for _, value in s.resources for t in [_resource(value)]
              if t is not None}
    return found


def _covered(statement: Statement, injected: dict,
             named: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """The injected secrets an Allow statement grants, when every resource it grants is one of
    them, or a ``parameter/<prefix>/*`` wildcard under which the workspace names nothing but
    them (else nothing: the statement is, at least partly, for something else)."""
    services = [s for s, wanted in _ACTIONS.items()
                if any(grants(statement, action) for action in wanted)]
    if not services or not statement.resources or statement.not_resource or \
            statement.condition is not None:
        return []
    found = []
    for _, value in statement.resources:
        target, prefix = _resource(value), _prefix(value)
        if target is not None and target[0] in services and target in injected:
            found.append(target)
            continue
        under = {n for n in named if n[0] == "ssm" and prefix and _below(n[1], prefix)}
        if "ssm" not in services or not under or not under <= set(injected):
            return []
        found.extend(under)
    return sorted(set(found))


def _prefix(resource: Any) -> str:
    """``<prefix>/`` of a ``…:parameter/<prefix>/*`` resource (known, no other wildcard)."""
    if not is_text(resource) or not endswith(resource, "/*"):
        return ""
    head, found, tail = rpartition(resource, ":parameter/")
    if not found or ":ssm:" not in show(head) or not is_known(tail) or set(tail[:-1]) & set("*?"):
        return ""
    return _ssm(tail[:-1])


def _resource(resource: Any) -> tuple[str, str] | None:
    """The exact parameter or secret a policy resource ARN names (no wildcards); the region and
    account parts may be unknown (``${AWS::Region}``)."""
    if not is_text(resource) or not startswith(resource, "arn:"):
        return None
    head, found, tail = rpartition(resource, ":parameter/")
    if found and ":ssm:" in show(head) and is_known(tail) and not set(tail) & set("*?"):
        return ("ssm", _ssm(tail))
    head, found, tail = rpartition(resource, ":secret:")
    name = split(tail, ":")[0] if found else ""
    name = name.removesuffix("-*") if isinstance(name, str) else name
    if name and ":secretsmanager:" in show(head) and is_known(name) and not set(name) & set("*?"):
        return ("secretsmanager", _ARN_SUFFIX.sub("", name))
    return None
