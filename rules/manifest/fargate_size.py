"""A task size (`cpu` with `memory`) that Fargate or App Runner does not offer, per environment.

## What it does
Checks, for every environment, the `cpu` and `memory` of a workload manifest after the
`environments.<env>` override is merged (Copilot's defaults: 256/512 for services and jobs on
ECS, 1024/2048 for a Request-Driven Web Service):

- ECS on Fargate: `cpu` must be 256, 512, 1024, 2048, 4096, 8192 or 16384, and `memory` one of
  the sizes that `cpu` allows (256: 512–2048; 512: 1024–4096; 1024: 2048–8192; 2048:
  4096–16384; 4096: 8192–30720, in steps of 1024; 8192: 16384–61440 in steps of 4096; 16384:
  32768–122880 in steps of 8192);
- Windows tasks need at least 1024 cpu and 2048 memory, and cannot use 8192 or 16384 cpu;
- App Runner (Request-Driven Web Service): 256 with 512 or 1024, 512 with 1024, 1024 with
  2048–4096, 2048 with 4096 or 6144, 4096 with 8192, 10240 or 12288.

## Why is this bad?
Copilot never checks the pair: the deploy reaches ECS or App Runner and fails there
(`No Fargate configuration exists for given values`), after the image was built and pushed and
the stack started updating — often only in the one environment whose override changed `memory`.

## Example
```yaml
name: api
type: Backend Service
cpu: 256
memory: 4096
```

## Use instead
```yaml
name: api
type: Backend Service
cpu: 1024
memory: 4096
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Node, Rule, Workload, WorkloadType, manifest_for
from copilot_lint.rules.manifest._support import APP_RUNNER_SIZES, FARGATE_SIZES, ECS_TYPES

_ECS = ECS_TYPES
_RDWS = WorkloadType.RD_WEB_SERVICE
_WINDOWS = ("windows", "windows_server_2019_core", "windows_server_2019_full",
            "windows_server_2022_core", "windows_server_2022_full")
FARGATE = FARGATE_SIZES
APP_RUNNER = APP_RUNNER_SIZES


class FargateSize(Rule):
    id = "CL102"
    name = "fargate-size"
    severity = "error"

    def check_workload(self, ws: Context, workload: Workload, env: str) -> Iterator[Finding]:
        kind = workload.type
        if kind not in _ECS and kind != _RDWS:
            return
        root = manifest_for(ws, workload, env) if env else workload.root
        if root is not None:
            yield from _size(root, kind, env)


def _number(node: Node | None, default: int) -> int | None:
    if node is None or node.value is None:
        return default
    value = node.value
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _size(root: Node, kind: str, env: str | None) -> Iterator[Finding]:
    cpu_node, memory_node = root.get("cpu"), root.get("memory")
    rdws = kind == _RDWS
    cpu = _number(cpu_node, 1024 if rdws else 256)
    memory = _number(memory_node, 2048 if rdws else 512)
    if cpu is None or memory is None:
        return
    table = APP_RUNNER if rdws else FARGATE
    service = "App Runner" if rdws else "Fargate"
    anchor = cpu_node if cpu_node is not None and cpu_node.value is not None else root
    key = f"cpu={cpu},memory={memory}"
    if cpu not in table:
        article = "an" if rdws else "a"
        yield Finding.at(anchor, f"cpu {cpu} is not {article} {service} size", env=env, key=key,
                         hint=f"use {_join(list(table))}")
        return
    platform = _os(root)
    if not rdws and platform in _WINDOWS and (cpu < 1024 or memory < 2048 or cpu > 4096):
        yield Finding.at(anchor, f"cpu {cpu} with memory {memory} is not available for Windows "
                                 "tasks", env=env, key=key,
                         hint="use cpu 1024, 2048 or 4096 with at least 2048 memory")
        return
    if memory not in table[cpu]:
        where = memory_node if memory_node is not None and memory_node.value is not None \
            else anchor
        fits = [c for c, sizes in table.items() if memory in sizes]
        other = f", or cpu {_join(fits)}" if fits else ""
        yield Finding.at(where, f"memory {memory} is not available with cpu {cpu} on {service}",
                         env=env, key=key, hint=f"use memory {_sizes(table[cpu])}{other}")


def _sizes(sizes) -> str:
    sizes = list(sizes)
    if len(sizes) > 4:
        return f"{sizes[0]} to {sizes[-1]} in steps of {sizes[1] - sizes[0]}"
    return _join(sizes)


def _join(items: list) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _os(root: Node) -> str:
    platform = root.get("platform")
    if platform is None:
        return ""
    if platform.is_str:
        return platform.value.partition("/")[0].lower()
    family = platform.get("osfamily")
    return family.value.lower() if family is not None and family.is_str else ""
