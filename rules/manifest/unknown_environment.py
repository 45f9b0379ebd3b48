"""A workload override for an environment that the workspace does not have.

## What it does
Reports each key of a workload manifest's `environments:` map that is not one of the
workspace's environments (the folders `copilot/environments/<env>/`, or the `environments`
list of the configuration), and suggests the closest existing name.

## Why is this bad?
Copilot applies `environments.<env>` only when deploying to `<env>` and never checks the names,
so a misspelt environment (`prd:` for `prod`) or one that was removed silently loses its whole
override: production runs with the base manifest's count, size and variables.

## Example
```yaml
# copilot/environments/ has dev/ and prod/
name: api
type: Backend Service
environments:
  prd:
    count: 4
```

## Use instead
```yaml
name: api
type: Backend Service
environments:
  prod:
    count: 4
```

A suggested name is never one that already has its own override in the same map (renaming to
it would write the key twice): when the closest name is taken, the hint says to merge the two.

## Known problems
Without environment folders and without an `environments` list in the configuration, the
workspace's environments are not known and the rule stays quiet.
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Finding, Rule, Workspace, closest


class UnknownEnvironment(Rule):
    id = "CL103"
    name = "unknown-environment"
    severity = "warning"

    def check(self, ws: Workspace) -> Iterator[Finding]:
        if not ws.environments_known:
            return
        known = ws.env_names
        for workload in ws.workloads:
            envs = workload.root.get("environments") if workload.root is not None else None
            if envs is None or not envs.is_map:
                continue
            for name in envs.value:
                if name in known:
                    continue
                free = [e for e in known if e not in envs.value]
                close = closest(name, free, cutoff=0.5)
                taken = closest(name, known, cutoff=0.5)
                if taken and taken not in free and taken != close:
                    fix = f'"{taken}" has an override already: merge this one into it, or remove it'
                elif close:
                    fix = f'did you mean "{close}"'
                elif free:
                    fix = "rename it to " + " or ".join(f'"{e}"' for e in free) + \
                        ", or remove it"
                else:
                    fix = "every environment has its own override already: remove it"
                yield Finding.at(envs.key_node(name) or envs,
                                 f'"environments.{name}" names no environment of this workspace: '
                                 f"the override never applies",
                                 key=f"environments.{name}", hint=fix)
