"""A `secretsmanager:` name that ends like a random suffix, so the partial ARN does not resolve.

## What it does
Reports a `secretsmanager:` secret (main container, sidecars, the log router; in the base
manifest or under `environments.<env>`, per environment) whose name — after `${COPILOT_*}`
substitution and without the `:json-key:stage:version` part — ends in a hyphen followed by six
letters that read as a word (`app-config`, `payments-stripe`, `web-SECRET`), and a plain
`secrets:` value that is a partial Secrets Manager ARN with such a name
(`arn:aws:secretsmanager:…:secret:app-config`): ECS passes it on as written, with the same
result.

Not reported: full ARNs (their name ends in the real suffix), `from_cfn`, names without such an
ending (`db-credentials`), and endings that are clearly a real random suffix (mixed case or
digits, as Secrets Manager generates them: `db-AbC123`).

## Why is this bad?
Copilot turns `secretsmanager: <name>` into the partial ARN
`arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:<name>`
(`partials/cf/secrets.yml`). Secrets Manager reads the last `-` and six characters of an ARN as
the random suffix it appends to every secret's name, so `secret:app-config` is looked up as the
secret `app` with suffix `config`: the ECS agent gets `ResourceNotFoundException` or
`AccessDeniedException` and the task never starts (aws/copilot-cli#5732; the Copilot docs were
corrected in #5724 and #5759; AWS Secrets Manager documentation, "Find secrets from a partial
ARN").

## Example
```yaml
secrets:
  STRIPE_KEY:
    secretsmanager: payments-stripe
```

## Use instead
```yaml
secrets:
  STRIPE_KEY: arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments-stripe-Xy12Ab
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule, Workload
from copilot_lint.rules.iam._support import SM, SM_ARN, secret_sources, suffix_like


class SecretNameSuffix(Rule):
    id = "CL406"
    name = "secret-name-suffix"
    severity = "warning"

    def check_workload(self, ws: Context, workload: Workload, env: str) -> Iterator[Finding]:
        for source in secret_sources(ws, workload, env):
            tail = suffix_like(source.name) if source.form in (SM, SM_ARN) else None
            if tail is None:
                continue
            yield Finding.at(
                source.node,
                f'"{source.name}" ends in "-{tail}", which Secrets Manager takes for '
                "the random suffix",
                hint="use the secret's full ARN (with its 6-character suffix) instead of "
                     "the name",
                env=env, key=f"{workload.name}:{source.container}:secrets."
                             f"{source.variable}={source.name}")
