"""An application, environment or workload name that Copilot refuses or cannot deploy.

## What it does
Checks the names Copilot builds its stacks and roles from:

- `<app>-<env>-CFNExecutionRole` and `<app>-<env>-EnvManagerRole`, the IAM roles each
  environment stack creates, must be at most 64 characters (IAM's limit): reported on the
  environment manifest's `name`, or on the application name when the environment has no
  manifest here;
- the application name (`.workspace`), each environment name and each workload name must
  pass Copilot's `init` checks (`internal/pkg/cli/validate.go` `basicNameValidation`):
  lower-case letters, digits and hyphens, starting with a letter, at least 2 characters, no
  consecutive `-` or `.`, no trailing `-`, at most 255 characters; a Request-Driven Web
  Service name at most 40 characters.

## Why is this bad?
Copilot does not check the role names: `copilot env init` / `env deploy` fails in
CloudFormation with `1 validation error detected: Value 'acme-platform-…-CFNExecutionRole' at
'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`
(aws/copilot-cli#2118), after the application exists. A name that fails the `init` checks can
never be registered with `copilot app|env|svc|job init`, so Copilot refuses to deploy it (a
folder renamed by hand, `My_Service`).

## Example
```yaml
# copilot/.workspace
application: customer-analytics-platform
# copilot/environments/production-eu-central/manifest.yml
name: production-eu-central
```

## Use instead
```yaml
application: analytics
# copilot/environments/prod-eu/manifest.yml
name: prod-eu
```
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Node, Rule, WorkloadType
from copilot_lint.rules.naming._support import ROLE_NAME_LIMIT, brief, env_role_names

BASIC = re.compile(r"[a-z][a-z0-9\-]+")
PUNCTUATION = re.compile(r"[.\-]{2,}")
LIMIT = 255
RDWS_LIMIT = 40


class CopilotName(Rule):
    id = "CL304"
    name = "copilot-name"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        ws_root = ws.workspace_file.mapping if ws.workspace_file is not None else None
        app_node = ws_root.get("application") if ws_root is not None else None
        if ws.app and app_node is not None:
            yield from _pattern(ws.app, app_node, "application", "app")
        for env in ws.environments:
            root = env.manifest.mapping if env.manifest is not None else None
            node = root.get("name") if root is not None else None
            if node is not None and node.str_value() == env.name:
                yield from _pattern(env.name, node, "environment", "env")
            where = node if node is not None and node.str_value() == env.name else app_node
            if ws.app and where is not None:
                longest = max(env_role_names(ws.app, env.name), key=len)
                if len(longest) > ROLE_NAME_LIMIT:
                    yield Finding.at(where, f'role name "{brief(longest, 40)}" is {len(longest)} '
                                            f"characters, over IAM's {ROLE_NAME_LIMIT}",
                                     env=env.name,
                                     key=f"role-length:{env.name}",
                                     hint=f"shorten the application or environment name (at "
                                          f"most {ROLE_NAME_LIMIT - len(longest) + len(env.name)}"
                                          f" characters for the environment)")
        for workload in ws.workloads:
            node = workload.root.get("name") if workload.root is not None else None
            if node is None or node.str_value() != workload.name:
                continue
            yield from _pattern(workload.name, node, "workload", "svc")
            if workload.type == WorkloadType.RD_WEB_SERVICE and len(workload.name) > RDWS_LIMIT:
                yield Finding.at(node, f'Request-Driven Web Service name '
                                       f'"{brief(workload.name, 30)}" is longer than '
                                       f"{RDWS_LIMIT} characters",
                                 key=f"name:{workload.name}",
                                 hint=f"rename the service (at most {RDWS_LIMIT} characters)")


def _pattern(name: str, node: Node, what: str, command: str) -> Iterator[Finding]:
    if len(name) > LIMIT:
        why = f"is longer than {LIMIT} characters"
    elif len(name) < 2:
        why = "is shorter than 2 characters"
    elif not BASIC.fullmatch(name):
        why = "must be lower-case letters, digits and hyphens, starting with a letter"
    elif PUNCTUATION.search(name):
        why = "has consecutive hyphens"
    elif name.endswith(("-", ".")):
        why = "ends with a hyphen"
    else:
        return
    yield Finding.at(node, f'{what} name "{brief(name, 40)}" {why}', key=f"name:{what}:{name}",
                     hint=f"copilot {command} init refuses this name, so it cannot be deployed: "
                          f"rename it")
