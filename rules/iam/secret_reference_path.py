"""A Secrets Manager secret read through SSM's `/aws/reference/secretsmanager/` path.

## What it does
Reports a `secrets:` value (any container, per environment) that is the SSM parameter name
`/aws/reference/secretsmanager/<name>`, or an SSM parameter ARN with that path.

## Why is this bad?
ECS resolves such a value with `ssm:GetParameters`, and Copilot's execution role allows that
only on parameters tagged `copilot-application` and `copilot-environment`
(`partials/cf/executionrole.yml`). The reference path is not a parameter and cannot carry tags,
so the condition never holds: every task fails to start with `AccessDeniedException`
(aws/copilot-cli#1368). Copilot reads Secrets Manager directly with the `secretsmanager:` form,
whose secret carries the tags.

## Example
```yaml
secrets:
  DB_PASSWORD: /aws/reference/secretsmanager/shop/db-password
```

## Use instead
```yaml
secrets:
  DB_PASSWORD:
    secretsmanager: shop/db-password
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule, Workload
from copilot_lint.rules.iam._support import (
    brief, execution_role_replaced, fitting, reference_secret, secret_sources,
)


class SecretReferencePath(Rule):
    id = "CL408"
    name = "secret-reference-path"
    severity = "error"

    def check_workload(self, ws: Context, workload: Workload, env: str) -> Iterator[Finding]:
        if execution_role_replaced(workload):
            return
        for source in secret_sources(ws, workload, env):
            secret = reference_secret(source)
            if secret is None:
                continue
            yield Finding.at(
                source.node,
                fitting(f'"{source.name}" is an SSM reference the execution role may '
                        f"never read", f'"{brief(source.name, 40)}" is an SSM reference '
                                       f"the execution role may never read"),
                hint=f"write {source.variable}: {{secretsmanager: {secret}}} (Copilot "
                     "reads the tagged secret directly)",
                env=env, key=f"{workload.name}:{source.container}:secrets."
                             f"{source.variable}={source.value}")
