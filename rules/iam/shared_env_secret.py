"""One literal secret read by several environments, though it can be tagged for only one.

## What it does
Reports, per workload, a `secrets:` entry (any container) whose SSM parameter or Secrets
Manager secret is the same literal name or ARN in two or more environments of the workspace:
the value holds no environment part (`${COPILOT_ENVIRONMENT_NAME}` or an environment's name),
and `environments.<env>` does not override it with a different one.

Not reported: values that differ per environment, `from_cfn`, values with other `${VARS}`
(they may differ per deploy), `/aws/reference/secretsmanager/` paths (CL408), workloads with an
`overrides/` folder or an `ExecutionRoleArn` task-definition override, and workspaces with
fewer than two environments.

## Why is this bad?
Copilot's execution role reads a parameter or secret only when its `copilot-environment` tag
equals the environment being deployed (`partials/cf/executionrole.yml`). A tag has one value,
so a parameter shared by `test` and `prod` is readable by at most one of them: the other
environment's tasks fail to start with `AccessDeniedException`. Copilot does not support
application-wide secrets (aws/copilot-cli#2940, #2026); `copilot secret init` creates one
parameter per environment for that reason.

## Example
```yaml
secrets:
  GITHUB_TOKEN: GH_TOKEN
```

## Use instead
```yaml
secrets:
  GITHUB_TOKEN: /copilot/${COPILOT_APPLICATION_NAME}/${COPILOT_ENVIRONMENT_NAME}/secrets/GH_TOKEN
```

## Options
- `application: {separate-accounts: true}` (configuration): every environment lives in an
  account or region of its own, where the same name is a different parameter in each; nothing
  is reported.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule, Workload, environments
from copilot_lint.rules.iam._support import (
    FROM_CFN, SecretSource, execution_role_replaced, reference_secret, secret_sources,
)

class SharedEnvSecret(Rule):
    id = "CL407"
    name = "shared-env-secret"
    severity = "warning"

    def check(self, ws: Context) -> Iterator[Finding]:
        envs = environments(ws)
        if getattr(ws.config, "separate_accounts", False) or len(envs) < 2:
            return
        names = re.compile("|".join(rf"(?<![A-Za-z0-9]){re.escape(e)}(?![A-Za-z0-9])"
                                    for e in envs), re.IGNORECASE)
        for workload in ws.workloads:
            if not execution_role_replaced(workload):
                yield from _shared(ws, workload, envs, names)


def _shared(ws: Context, workload: Workload, envs: list[str],
            names: re.Pattern) -> Iterator[Finding]:
    by_entry: dict[tuple[str, str, str], list[SecretSource]] = {}
    for env in envs:
        for source in secret_sources(ws, workload, env):
            if source.form == FROM_CFN or "${" in source.value or names.search(source.value) \
                    or reference_secret(source) is not None:
                continue
            by_entry.setdefault((source.container, source.variable, source.value),
                                []).append(source)
    for (container, variable, value), sources in by_entry.items():
        if len(sources) < 2:
            continue
        shared = ", ".join(s.env for s in sources)
        for source in sources:
            yield Finding.at(
                source.node,
                f'"{source.name}" is read in {len(sources)} environments but can be tagged for '
                "only one",
                hint="put ${COPILOT_ENVIRONMENT_NAME} in the name (one parameter per "
                     f"environment: {shared}) or override it under environments.<env>",
                env=source.env, key=f"{workload.name}:{container}:secrets.{variable}={value}")
