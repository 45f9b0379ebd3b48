"""Two services claim the same path and host names on one load balancer.

## What it does
In each environment, groups the listener rules Copilot creates on each load balancer: every
Load Balanced Web Service rule (the main `http` and each `http.additional_rules[i]`) on the
environment's public ALB (or on the same imported `http.alb`), and every Backend Service rule on
the internal ALB. Two rules fall in one group when their path, normalised as Copilot does
(a leading `/` added), and their host names are the same:

- the aliases of the rule (an alias set only under `environments.<env>` counts);
- with no alias: `<svc>.<env>.<app>.<domain>` when the configuration gives the application's
  domain (`application.domain`), no host condition at all ("any host") when it says the
  application has none; when it says nothing, such rules are not compared;
- a Backend Service without imported private certificates is reached at its own
  `<svc>.<env>.<app>.internal` name, so it never clashes.

Each rule of a group that holds more than one service is reported on its `path`.

## Why is this bad?
The load balancer sends a request to the matching rule with the lowest priority number, and
Copilot's rule-priority generator (`RulePriorityFunction`) numbers rules by deploy order: the
`/` rules downwards from 50000 (the last service deployed wins), other paths upwards (the first
one wins). One of the services silently never receives traffic, and which one changes with the
order of deployments; older Copilot versions failed with `PriorityInUse`
(aws/copilot-cli#1455, #1376).

## Example
```yaml
# copilot/web/manifest.yml
http:
  path: /
  alias: shop.example.org
# copilot/admin/manifest.yml
http:
  path: /
  alias: shop.example.org
```

## Use instead
```yaml
# copilot/admin/manifest.yml
http:
  path: /admin
  alias: shop.example.org
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Finding, Rule, Workspace
from copilot_lint.rules.network._support import ListenerRule, listener_rules


class RouteClash(Rule):
    id = "CL507"
    name = "route-clash"
    severity = "warning"

    def check(self, ws: Workspace) -> Iterator[Finding]:
        for env in ws.env_names:
            groups: dict[tuple, list[ListenerRule]] = {}
            for rule in listener_rules(ws, env):
                if rule.hosts is not None:
                    groups.setdefault((rule.balancer, rule.path, rule.hosts), []).append(rule)
            for (_, path, hosts), rules in groups.items():
                names = sorted({r.workload.name for r in rules})
                if len(names) < 2:
                    continue
                shown = ", ".join(sorted(hosts)) if hosts else "any host"
                for rule in rules:
                    others = [n for n in names if n != rule.workload.name]
                    yield Finding.at(rule.where, f'path "{path}" ({shown}) is also routed to '
                                                 f'{_quoted(others)}', env=env,
                                     key=f"{rule.workload.name}:{rule.field}:route={path}",
                                     hint="only one of them receives these requests, depending "
                                          "on deploy order: give each service its own path "
                                          "or alias")


def _quoted(names: list[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)
