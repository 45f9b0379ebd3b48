"""Two services claim the same path and host names on one load balancer.

## What it does
In each environment, groups the listener rules Copilot creates on each load balancer: every
Load Balanced Web Service rule (the main `http` and each `http.additional_rules[i]`) on the
environment's public ALB (or on the same imported `http.alb`), and every Backend Service rule on
the internal ALB. Two rules clash when their path, normalised as Copilot does (a leading `/`
added), is the same and they share a host name (a rule without a host condition matches every
host):

- the aliases of the rule (an alias set only under `environments.<env>` counts);
- with no alias: `<svc>.<env>.<app>.<domain>` when the configuration gives the application's
  domain (`application.domain`), no host condition at all ("any host") when it says the
  application has none; when it says nothing, such rules are not compared;
- a Backend Service without imported private certificates is reached at its own
  `<svc>.<env>.<app>.internal` name, so it never clashes.

Two rules whose `allowed_source_ips` (a `source-ip` condition) have no address in common do
not clash: a request matches one of them only.

Each rule that clashes with a rule of another service is reported on its `path`, with the
host names they share.

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

from copilot_lint.api import Context, Finding, Rule
from copilot_lint.rules.network._support import ListenerRule, disjoint_sources, listener_rules


class RouteClash(Rule):
    id = "CL507"
    name = "route-clash"
    severity = "warning"

    def check(self, ws: Context) -> Iterator[Finding]:
        for env in ws.env_names:
            groups: dict[tuple, list[ListenerRule]] = {}
            for rule in listener_rules(ws, env):
                if rule.hosts is not None:
                    groups.setdefault((rule.balancer, rule.path), []).append(rule)
            for (_, path), rules in groups.items():
                for rule in rules:
                    shared: set[str] = set()
                    others: set[str] = set()
                    for other in rules:
                        common = _shared(rule.hosts, other.hosts)
                        if other.workload.name != rule.workload.name and common is not None \
                                and not disjoint_sources(rule.sources, other.sources):
                            others.add(other.workload.name)
                            shared |= common
                    if not others:
                        continue
                    shown = ", ".join(sorted(shared)) if shared else "any host"
                    yield Finding.at(rule.where, f'path "{path}" ({shown}) is also routed to '
                                                 f'{_quoted(sorted(others))}', env=env,
                                     key=f"{rule.workload.name}:{rule.field}:route={path}",
                                     hint="only one of them receives these requests, depending "
                                          "on deploy order: give each service its own path "
                                          "or alias")


def _shared(one: frozenset[str], other: frozenset[str]) -> set[str] | None:
    """The host names both rules match (empty: any host), ``None`` when they share none."""
    if not one or not other:
        return set(one or other)
    # every internal-ALB rule also holds the load balancer's own DNS name; callers use the
    # service's name, so that one shared name is no clash
    common = {h for h in one & other if not h.startswith("internal-alb.")}
    return common or None


def _quoted(names: list[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)
