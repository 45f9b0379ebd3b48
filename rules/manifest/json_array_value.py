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

from copilot_lint.api import (
    MANIFEST_INPUTS,
    Finding,
    Rule,
    Workspace,
    becomes_list,
    interpolated_scalars,
)

_ANY = "*"
RDWS = "Request-Driven Web Service"
# Places of a workload manifest (or of one `environments.<env>` override) that take only a
# string (or a string or a map): a list there fails to decode.
_WORKLOAD_STRINGS = (
    ("name",), ("type",), ("platform",), ("image", "location"), ("image", "build"),
    ("image", "labels", _ANY), ("image", "build", "args", _ANY), ("variables", _ANY),
    ("secrets", _ANY), ("http", "path"), ("http", "healthcheck"),
    ("on", "schedule"), ("sidecars", _ANY, "variables", _ANY),
    ("sidecars", _ANY, "secrets", _ANY), ("sidecars", _ANY, "image"),
    ("sidecars", _ANY, "labels", _ANY), ("logging", "variables", _ANY),
    ("logging", "secrets", _ANY), ("logging", "secretOptions", _ANY),
    ("logging", "destination", _ANY), ("network", "vpc", "placement"), ("env_file",),
    ("image", "credentials"),
)
_RDWS_STRINGS = _WORKLOAD_STRINGS + (("tags", _ANY),)
_ENVIRONMENT_STRINGS = (("name",), ("type",), ("network", "vpc", "id"),
                        ("network", "vpc", "cidr"))


class JsonArrayValue(Rule):
    id = "CL109"
    name = "json-array-value"
    severity = "error"
    reads = MANIFEST_INPUTS
    scope = "workload"

    def check(self, ws: Workspace) -> Iterator[Finding]:
        values = {"COPILOT_APPLICATION_NAME": ws.app} if ws.app else {}
        sources = [(w.manifest, _RDWS_STRINGS if w.type == RDWS else _WORKLOAD_STRINGS, True)
                   for w in ws.workloads]
        sources += [(e.manifest, _ENVIRONMENT_STRINGS, False) for e in ws.environments
                    if e.manifest is not None]
        for source, places, overrides in sources:
            if source.root is None:
                continue
            for path, node in interpolated_scalars(source.root):
                field = path[2:] if overrides and path[:1] == ("environments",) else path
                if not _matches(field, places) or becomes_list(node, values) is None:
                    continue
                shown = ".".join(str(p) for p in path)
                yield Finding.at(node, f'value {_quote(node.value)} of "{shown}" is a JSON array, '
                                       'which Copilot turns into a list, and a list is not '
                                       'allowed there, so every deploy of this manifest fails; '
                                       'write it as a literal block (|-) to keep it a string',
                                 key=f"{shown}=json-array")


def _matches(path: tuple, places: tuple[tuple[str, ...], ...]) -> bool:
    return any(len(path) == len(place) and all(p == _ANY or p == s for p, s in zip(place, path))
               for place in places)


def _quote(value: str) -> str:
    """The value in single quotes, shortened to 40 characters."""
    return "'" + (value if len(value) <= 40 else value[:39] + "…") + "'"
