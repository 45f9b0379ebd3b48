"""A workload override for an environment that the workspace does not have.

## What it does
Reports each key of a workload manifest's `environments:` map that is not one of the
workspace's environments (the folders `copilot/environments/<env>/`, or the `environments`
list of the configuration), and suggests the closest existing name.

A key named like a setting an override may hold (`variables`, `count`, `http` …) that is no
environment of the workspace is reported in any workspace, with or without environment
folders: it is a setting indented one level too shallow, which Copilot reads as an override for
an environment of that name and so never applies.

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

An environment can exist in the application without a manifest in this repository (`copilot
env init` run elsewhere, environments deployed from another repository), so a name that is
not close to any environment of the workspace is information: the override applies only if such
an environment exists. A close misspelling (`prd:` for `prod`), or any unknown name when the
configuration lists the environments (`environments: [...]`), is a warning.

## Known problems
Without environment folders and without an `environments` list in the configuration, the
workspace's environments are not known and the rule stays quiet.
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Node, Rule, closest
from copilot_lint.rules.manifest._support import misplaced_settings


TYPO = 0.75
"""How close a name must be to an environment of the workspace to read as its misspelling."""


class UnknownEnvironment(Rule):
    id = "CL103"
    name = "unknown-environment"
    severity = "warning"

    def check(self, ws: Context) -> Iterator[Finding]:
        known = ws.env_names
        listed = bool(getattr(ws.config, "environments", None))
        for workload in ws.workloads:
            envs = workload.root.get("environments") if workload.root is not None else None
            if envs is None or not envs.is_map:
                continue
            settings = misplaced_settings(ws, workload)
            for name in envs.value:
                if name in settings:
                    if not envs.value[name].is_map:
                        continue    # CL101 reports the value Copilot cannot decode, and why
                    yield Finding.at(
                        envs.key_node(name) or envs,
                        f'"environments.{name}" is a manifest setting, not an environment',
                        key=f"environments.{name}",
                        hint=f"indent it under an environment: environments.<env>.{name} "
                             f'(Copilot reads "{name}" as an environment name and never uses it)')
                elif ws.environments_known and name not in known:
                    yield _finding(envs, name, known, listed)


def _finding(envs: Node, name: str, known: list[str], listed: bool) -> Finding:
    """A close misspelling, or a name that the configuration's list rules out, is a warning;
    any other name may be an environment made outside this repository (info)."""
    free = [e for e in known if e not in envs.value]
    close = closest(name, free, cutoff=0.5)
    taken = closest(name, known, cutoff=0.5)
    if taken and taken not in free and taken != close:
        fix = f'merge it into "{taken}" (which has an override already) or remove it'
    elif close:
        fix = f'did you mean "{close}"'
    elif free:
        fix = "rename it to " + " or ".join(f'"{e}"' for e in free) + ", or remove it"
    else:
        fix = "remove it (every environment has its own override already)"
    message = f'"environments.{name}" names no environment of this workspace'
    typo = closest(name, known, cutoff=TYPO) is not None
    if listed:
        message += ": the override never applies"
    elif not typo:
        fix = f'it applies only if environment "{name}" exists outside this repository; ' \
              f"if not, {fix}"
    return Finding.at(envs.key_node(name) or envs, message, key=f"environments.{name}",
                      hint=fix, severity="warning" if listed or typo else "info")
