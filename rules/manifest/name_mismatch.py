"""A manifest's `name` differs from its folder, or an environment manifest has the wrong `type`.

## What it does
Reports a workload manifest whose `name` is missing or differs from its folder name
(`copilot/<name>/manifest.yml`), and an environment manifest
(`copilot/environments/<env>/manifest.yml`) whose `name` differs from its folder or whose `type`
is not exactly `Environment`.

## Why is this bad?
Copilot refuses to read such a manifest (`name of the manifest "api" and directory "web" do not
match`), and because workloads are listed all at once, one mismatch breaks `copilot deploy`,
`copilot svc ls` and every pipeline build of the whole application.

## Example
```yaml
# copilot/web/manifest.yml
name: frontend
type: Load Balanced Web Service
```

## Use instead
```yaml
# copilot/web/manifest.yml
name: web
type: Load Balanced Web Service
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Node, Rule


class NameMismatch(Rule):
    id = "CL105"
    name = "name-mismatch"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        for workload in ws.workloads:
            if workload.root is not None:
                yield from _name(workload.root, workload.name, "workload")
        for env in ws.environments:
            root = env.manifest.mapping if env.manifest else None
            if root is None:
                continue
            yield from _name(root, env.name, "environment")
            kind = root.get("type")
            if kind is None:
                yield Finding.at(root, 'environment manifest has no "type"',
                                 hint='add "type: Environment": Copilot requires it')
            elif kind.value != "Environment":
                yield Finding.at(kind, f'environment manifest has type "{kind.str_value()}", not '
                                       '"Environment"',
                                 hint='write "type: Environment": Copilot refuses any other type')


def _name(root: Node, folder: str, what: str) -> Iterator[Finding]:
    name = root.get("name")
    if name is None:
        yield Finding.at(root, f'{what} manifest has no "name"',
                         hint=f'add "name: {folder}" (the folder name): Copilot requires it')
    elif name.str_value() != folder:
        yield Finding.at(name, f'{what} manifest name "{name.str_value()}" does not match its '
                               f'folder "{folder}"',
                         hint=f'use "{folder}": Copilot refuses to read the manifest as it is')
