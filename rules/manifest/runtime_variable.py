r"""A manifest interpolates a `COPILOT_*` variable that exists only inside the container.

## What it does
Reports each `${COPILOT_…}` reference in a workload or environment manifest to a variable
Copilot sets only in the running container (`${COPILOT_SERVICE_DISCOVERY_ENDPOINT}`,
`${COPILOT_SERVICE_NAME}`, `${COPILOT_LB_DNS}`, `${COPILOT_QUEUE_URI}`,
`${COPILOT_SNS_TOPIC_ARNS}`, …), and look-alikes of those and of the two deploy-time names that
Copilot never defines (`${COPILOT_ENV}`, `${COPILOT_APP_NAME}`, `${COPILOT_QUEUE_URL}`). It reads
what Copilot interpolates: string values and list items, never keys; `\${NAME}` is an escape and
is skipped. Other `${COPILOT_…}` names (`${COPILOT_VPC_ID}`) are the team's own shell
variables: Copilot substitutes them like any other exported variable, so they are not reported
here.

## Why is this bad?
Copilot interpolates a manifest when it deploys, from the shell of whoever runs `copilot`; the
only variables it defines itself then are `COPILOT_APPLICATION_NAME` and
`COPILOT_ENVIRONMENT_NAME` (`internal/pkg/manifest/interpolate.go`). The others are set by the
task definition, later, inside the container (`partials/cf/envvars-common.yml`). So the deploy
stops with `environment variable "COPILOT_SERVICE_DISCOVERY_ENDPOINT" is not defined`
(aws/copilot-cli#3242, #4179) — and exporting it in the shell would only hard-code a guess.

## Example
```yaml
variables:
  API_URL: http://api.${COPILOT_SERVICE_DISCOVERY_ENDPOINT}:8080
```

## Use instead
```yaml
variables:
  API_URL: http://api.${COPILOT_ENVIRONMENT_NAME}.${COPILOT_APPLICATION_NAME}.local:8080
```
or read `COPILOT_SERVICE_DISCOVERY_ENDPOINT` in the application, where Copilot sets it.
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule, SourceFile
from copilot_lint.rules.manifest._support import (
    MANIFEST_INPUTS,
    INTERPOLATION, PREDEFINED, RUNTIME, interpolated_scalars, runtime_look_alike,
)

_ADVICE = {
    "COPILOT_SERVICE_DISCOVERY_ENDPOINT":
        "write ${COPILOT_ENVIRONMENT_NAME}.${COPILOT_APPLICATION_NAME}.local, or read it in the "
        "application",
    "COPILOT_SERVICE_NAME": "write the service's name, or read it in the application",
}

class RuntimeVariable(Rule):
    id = "CL123"
    name = "runtime-variable"
    severity = "error"
    reads = MANIFEST_INPUTS
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        sources = [w.manifest for w in ws.workloads]
        sources += [e.manifest for e in ws.environments if e.manifest is not None]
        for source in sources:
            if source.root is not None and source.may_spell("${COPILOT_"):
                yield from _check(source)


def _check(source: SourceFile) -> Iterator[Finding]:
    for path, node in interpolated_scalars(source.root):
        if "${COPILOT_" not in node.value:
            continue
        for match in INTERPOLATION.finditer(node.value):
            name = match.group(2)
            if match.group(1) or not name.startswith("COPILOT_") or name in PREDEFINED:
                continue
            alike = runtime_look_alike(name)
            if name not in RUNTIME and alike is None:
                continue    # the team's own shell variable: exporting it is the fix (CL107)
            hint = f"write ${{{alike}}}" if alike in PREDEFINED else _ADVICE.get(
                alike or name, "read it in the application, where Copilot sets it at run time")
            message = f'"${{{name}}}" is set only inside the container, never when copilot ' \
                "deploys" if name in RUNTIME else \
                f'"${{{name}}}" is not a variable Copilot defines when it deploys'
            if alike in RUNTIME:
                hint = f"{hint} (Copilot's name is {alike})"
            yield Finding.at(
                node, message,
                hint=hint, key=f"{'.'.join(map(str, path))}:{name}")
