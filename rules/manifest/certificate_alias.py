"""A service rule without `alias` in an environment that imports certificates.

## What it does
On the manifest merged for each environment (an alias set only under `environments.<env>`
counts), reports:

- each Load Balanced Web Service routing rule (`http` and each `http.additional_rules[i]`)
  without `alias` when the environment imports public certificates
  (`http.public.certificates`, or `cdn.certificate`), unless the service uses an imported ALB
  (`http.alb`);
- each Backend Service routing rule without `alias` when the environment imports private
  certificates (`http.private.certificates`).

Environments without a manifest in the repository are skipped (their certificates are
unknown); `http: false` has no rule.

## Why is this bad?
Copilot's `validateRuntimeRoutingRule` (`internal/pkg/cli/deploy/lbws.go`, `backend.go`)
refuses such a rule before anything is deployed: `cannot deploy service web without "alias" to
environment prod with certificate imported` (aws/copilot-cli#5020, #4270; confirmed with
`copilot svc package` for both service types). With imported certificates the listener
rules route by host name, and Copilot has no default host name to give a rule without alias.

## Example
```yaml
# copilot/environments/prod/manifest.yml
http:
  public:
    certificates: [arn:aws:acm:eu-west-1:123456789012:certificate/abcd]
# copilot/web/manifest.yml
http:
  path: /
```

## Use instead
```yaml
http:
  path: /
environments:
  prod:
    http:
      alias: www.example.com    # a name the imported certificate covers
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule
from copilot_lint.rules.manifest._support import env_stack, listener_rules


class CertificateAlias(Rule):
    id = "CL111"
    name = "certificate-alias"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        for env in ws.env_names:
            stack = env_stack(ws, env)
            if not stack.known:
                continue
            for rule in listener_rules(ws, env):
                if rule.aliases or rule.balancer.startswith("alb:"):
                    continue
                if rule.balancer == "public" and stack.imported_public_certs:
                    which = "public" if stack.public_certs else "CDN"
                    field = "http.alias" if rule.field == "http" else f"{rule.field}.alias"
                elif rule.balancer == "internal" and stack.private_certs:
                    which = "private"
                    field = "http.alias" if rule.field == "http" else f"{rule.field}.alias"
                else:
                    continue
                yield Finding.at(rule.where, f'{rule.field} rule "{rule.path}" has no alias, and '
                                             f'the environment imports {which} certificates',
                                 env=env, key=f"{rule.workload.name}:{rule.field}:alias",
                                 hint=f"Copilot refuses the deploy: set {field} to a name the "
                                      f"certificate covers (per environment under "
                                      f"environments.<env> if need be)")
