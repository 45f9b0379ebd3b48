"""A Load Balanced Web Service without any alias in an environment with a Copilot-managed CDN.

## What it does
When the configuration gives the application's domain (`application: {domain: example.org}`
in `.copilot-lint.yml`), reports each Load Balanced Web Service on the environment's shared
load balancer (not `http: false`, not an imported `http.alb`) that has no `alias` in any of
its routing rules, in each environment whose manifest enables `cdn` without importing public
certificates. An alias set only under `environments.<env>` counts. Environments that import
`cdn.certificate` are left to `certificate-alias` (CL111), which reports every rule there.

## Why is this bad?
Copilot currently refuses it: `copilot env deploy` of an environment with a managed CDN
(Copilot's `validateCDN` → `ValidateCFServiceDomainAliases` in `internal/pkg/cli/deploy/env.go`)
stops with `service "web" must have "http.alias" specified when CloudFront is enabled`
as soon as such a service is deployed there (aws/copilot-cli#5866, #5868; the maintainers
call it a bug, but it blocks every `env deploy` until each service has an alias). Services
without alias get their DNS record from their own stack, which the distribution cannot
take over.

## Example
```yaml
# copilot/environments/prod/manifest.yml
cdn: true
# copilot/web/manifest.yml
http:
  path: /
```

## Use instead
```yaml
http:
  path: /
  alias: web.example.org
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule
from copilot_lint.rules.manifest._support import app_domain, env_stack, listener_rules


class CdnAlias(Rule):
    id = "CL112"
    name = "cdn-alias"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        domain = app_domain(ws)
        if not isinstance(domain, str):
            return
        for env in ws.env_names:
            stack = env_stack(ws, env)
            if not stack.known or not stack.cdn or stack.public_certs or stack.cdn_cert:
                continue
            rules: dict[str, list] = {}
            for rule in listener_rules(ws, env):
                if rule.balancer == "public":
                    rules.setdefault(rule.workload.name, []).append(rule)
            for name, found in rules.items():
                if any(r.aliases for r in found):
                    continue
                yield Finding.at(found[0].where, f'service "{name}" has no alias, and the '
                                                 f'environment has a Copilot-managed CDN',
                                 env=env, key=f"{name}:cdn-alias",
                                 hint=f"Copilot currently refuses env deploy: set http.alias "
                                      f"(e.g. {name}.{domain}), under environments.<env> if "
                                      f"need be")
