"""A string value that looks like a JSON array, which Copilot turns into a list and then rejects.

## What it does
Reports a value of a workload or environment manifest that, after `${VAR}` substitution,
parses as a non-empty JSON array of strings (`'["https://a.example.org"]'`) and sits where
Copilot only takes a string: a `variables`, `secrets`, `image.labels`, `image.build.args`,
`logging` or (Request-Driven Web Service) `tags` entry, of the main container or a sidecar,
in the base manifest or an `environments.<env>` override; or `name`, `type`, `image.location`,
`image.build`, `http.path`, `http.healthcheck`, `platform`, `env_file`, `on.schedule`,
`network.vpc.placement`, and in environment manifests `network.vpc.id` and `network.vpc.cidr`.
Fields that accept a list (`command`, `entrypoint`, `http.alias`, …) are not reported: there
the conversion is what the author wants.

## Why is this bad?
Copilot's interpolation step turns every string that parses as a JSON array of strings into a
YAML list before it reads the manifest (only `|` literal blocks are spared). A variable that
must hold JSON, such as a CORS origin list for a Pydantic setting, then no longer decodes:
`unmarshal "variables": cannot unmarshal field to a string or into a map`. The whole file is
decoded on every deploy, so a bad value under `environments.staging` breaks the deploys to every
environment, not just staging.

## Example
```yaml
variables:
  BACKEND_CORS_ORIGINS: '["https://web.example.org"]'
```

## Use instead
A `|` literal block stays a string:
```yaml
variables:
  BACKEND_CORS_ORIGINS: |-
    ["https://web.example.org"]
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule, WorkloadType
from copilot_lint.rules.manifest._support import (
    MANIFEST_INPUTS,
    at_string_place, becomes_list, interpolated_scalars, string_places,
)

RDWS = WorkloadType.RD_WEB_SERVICE


class JsonArrayValue(Rule):
    id = "CL109"
    name = "json-array-value"
    severity = "error"
    reads = MANIFEST_INPUTS
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        values = {"COPILOT_APPLICATION_NAME": ws.app} if ws.app else {}
        sources = [(w.manifest, string_places("request-driven-web-service" if w.type == RDWS
                                              else "lb-web-service"), True)
                   for w in ws.workloads]
        sources += [(e.manifest, string_places("environment"), False) for e in ws.environments
                    if e.manifest is not None]
        for source, places, overrides in sources:
            if source.root is None:
                continue
            for path, node in interpolated_scalars(source.root):
                field = path[2:] if overrides and path[:1] == ("environments",) else path
                if not at_string_place(field, places) or becomes_list(node, values) is None:
                    continue
                shown = ".".join(str(p) for p in path)
                message = f'{_quote(node.value)} of "{shown}" is a JSON array that Copilot ' \
                          'turns into a list'
                if len(message) > 100:
                    message = f'"{shown}" is a JSON array that Copilot turns into a list'
                yield Finding.at(node, message, key=f"{shown}=json-array",
                                 hint="a list is not allowed there, so every deploy fails: write "
                                      "it as a literal block (|-) to keep it a string")


def _quote(value: str) -> str:
    """The value in single quotes, shortened to 40 characters."""
    return "'" + (value if len(value) <= 40 else value[:39] + "…") + "'"
