"""A listener rule that would carry more than the five condition values an ALB rule allows.

## What it does
For each Load Balanced Web Service and Backend Service routing rule (`http` and each
`http.additional_rules[i]`), on the manifest merged for each environment, counts the condition
values of the listener rule Copilot creates:

- `path-pattern`: one value (`/*`) for the path `/`, two (`<path>` and `<path>/*`) otherwise;
- `source-ip`: one per `allowed_source_ips` entry;
- `host-header`: one per alias; without alias, `<svc>.<env>.<app>.<domain>` on the public ALB
  when the configuration gives the application's domain, and two names on the internal ALB
  of a Backend Service (its load balancer's DNS name and `<svc>.<env>.<app>.internal`) when
  the environment imports no private certificates.

It reports a rule whose total is over 5. Rules whose aliases and source IPs alone reach 5 are
left to `manifest-schema` (CL101), which reports Copilot's own check; host names that depend
on what the repository does not say (the domain when the configuration is silent) are not
counted.

## Why is this bad?
An Application Load Balancer rule takes at most five condition values (the ELB quota
"condition values per rule"). Copilot's own check (`validateConditionValuesPerRule` in
`internal/pkg/manifest/validate.go`, aws/copilot-cli#4961) counts only aliases and
`allowed_source_ips`, although the split it recommends leaves room for the path values; so
`svc package` passes and CloudFormation fails the service stack with `Invalid request provided:
AWS::ElasticLoadBalancingV2::ListenerRule Validation exception` (aws/copilot-cli#2620) after
the image was pushed. The template `copilot svc package` writes for a Backend Service with
`path: /internal` and two `allowed_source_ips` holds six values (two source IPs, two host
names, two path patterns).

## Example
```yaml
http:
  path: /api
  alias: [api.example.org, www.example.org]
  allowed_source_ips: [10.0.0.0/16, 192.168.0.0/24]
```

## Use instead
```yaml
http:
  path: /api
  alias: [api.example.org, www.example.org]
  allowed_source_ips: [10.0.0.0/16]
  additional_rules:
    - path: /api
      alias: [api.example.org, www.example.org]
      allowed_source_ips: [192.168.0.0/24]
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule
from copilot_lint.rules.manifest._support import fitting, listener_rules

LIMIT = 5


class RuleConditions(Rule):
    id = "CL113"
    name = "rule-conditions"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        for env in ws.env_names:
            for rule in listener_rules(ws, env):
                if len(rule.aliases) + rule.source_ips >= LIMIT:
                    continue
                hosts = len(rule.hosts) if rule.hosts else 0
                total = rule.path_values + rule.source_ips + hosts
                if total <= LIMIT:
                    continue
                counts = f"{rule.path_values} path, {hosts} host, {rule.source_ips} source IP"
                head = f'{rule.field} rule "{rule.path}" needs {total} condition values'
                over = f"over the limit of {LIMIT}"
                yield Finding.at(rule.where,
                                 fitting(f"{head} ({counts}), {over}", f"{head}, {over}"),
                                 env=env,
                                 key=f"{rule.workload.name}:{rule.field}:conditions",
                                 hint="move some allowed_source_ips or aliases to an "
                                      "additional_rules entry with the same path")
