"""Exports that an ``overrides/`` folder adds to the stack Copilot renders.

Not a rule: a YAML-patch file (``cfn.patches.yml``, RFC 6902 operations on JSON Pointer paths,
``internal/pkg/override/patch.go``) may ``add`` or ``replace`` an ``Outputs`` entry with an
``Export.Name`` on the workload stack (``copilot/<wl>/overrides/``) or the environment stack
(``copilot/environments/overrides/``). Each export is evaluated in one environment with the
parameters of the stack it patches: ``AppName``, ``EnvName``/``EnvironmentName``,
``WorkloadName`` and ``AWS::StackName`` (``<app>-<env>-<wl>`` or ``<app>-<env>``); what cannot
be known stays an opaque part.

A CDK override (an ``overrides/`` folder with ``cdk.json``, without ``cfn.patches.yml``) may add
any export: :func:`exports_unknowable` tells a rule that the list of exports is not complete.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from copilot_lint.model.node import Node
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import Overrides
from copilot_lint.resolve.opaque import join, substitute, to_str, token

ENVIRONMENTS = "environments"
"""The owner of the environment stack's ``overrides/`` folder."""
_SUB_VAR = re.compile(r"\$\{([^}]*)\}")


@dataclass(frozen=True)
class PatchedExport:
    """One output with an export that a YAML patch writes into a Copilot stack."""

    overrides: Overrides
    output: str
    name: Any
    """The evaluated export name (a string, wholly or partly known: see
    :mod:`~copilot_lint.resolve.opaque`)."""
    name_node: Node
    value_node: Node | None
    """The output's ``Value`` as written in the patch."""

    @property
    def workload(self) -> str | None:
        """The workload whose stack the patch changes, ``None`` for the environment stack."""
        return None if self.overrides.owner == ENVIRONMENTS else self.overrides.owner


def patched_exports(ws: Context, overrides: Overrides, env: str) -> list[PatchedExport]:
    """The exports the ``cfn.patches.yml`` of ``overrides`` adds in ``env`` (empty for a
    pipeline's overrides, or a folder without patches)."""
    root = overrides.patches.root if overrides.patches is not None else None
    if root is None or not root.is_seq or overrides.owner.startswith("pipelines/") or not ws.app:
        return []
    params = _stack_parameters(ws.app, env, overrides.owner)
    found = []
    for output, entry in _outputs(root):
        export = entry.get("Export") if entry.is_map else None
        name = export.get("Name") if export is not None and export.is_map else None
        if name is not None:
            found.append(PatchedExport(overrides, output, _evaluate(name, params), name,
                                       entry.get("Value")))
    return found


def exports_unknowable(ws: Context) -> bool:
    """True when a CDK override (an ``overrides/`` folder of a workload or the environments
    with ``cdk.json`` and without ``cfn.patches.yml``) may add exports that no file of the
    workspace shows."""
    return any(o.patches is None and "cdk.json" in o.entries
               and not o.owner.startswith("pipelines/") for o in ws.overrides)


def _outputs(root: Node) -> Iterator[tuple[str, Node]]:
    """``(output name, output mapping)`` for every ``add``/``replace`` that writes an output, its
    ``Export`` or its export's ``Name`` (the latter two as a partial output)."""
    for patch in root.elements():
        op = patch.get("op") if patch.is_map else None
        path = patch.get("path") if patch.is_map else None
        value = patch.get("value") if patch.is_map else None
        if op is None or op.value not in ("add", "replace") or path is None or not path.is_str \
                or value is None:
            continue
        steps = [s.replace("~1", "/").replace("~0", "~") for s in path.value.split("/")[1:]]
        if not steps or steps[0] != "Outputs":
            continue
        if len(steps) == 1:
            yield from ((k, v) for k, v in value.items()) if value.is_map else ()
        elif len(steps) == 2:
            yield steps[1], value
        elif steps[2:] == ["Export"]:
            yield steps[1], Node("map", {"Export": value}, value.file, value.line, value.col)
        elif steps[2:] == ["Export", "Name"]:
            yield steps[1], Node("map", {"Export": Node("map", {"Name": value}, value.file,
                                                         value.line, value.col)},
                                 value.file, value.line, value.col)


def _stack_parameters(app: str, env: str, owner: str) -> dict[str, str]:
    if owner == ENVIRONMENTS:
        return {"AppName": app, "EnvironmentName": env, "AWS::StackName": f"{app}-{env}"}
    return {"AppName": app, "EnvName": env, "WorkloadName": owner,
            "AWS::StackName": f"{app}-{env}-{owner}"}


def _evaluate(node: Node, params: dict[str, str]) -> Any:
    """An export name: a string, a ``Ref`` of a stack parameter, ``Fn::Sub`` (both forms) or
    ``Fn::Join``; anything else is opaque."""
    if node.is_scalar:
        return to_str(node.value)
    fn = node.intrinsic()
    if fn is None:
        return token("?")
    name, arg = fn
    if name == "Ref" and arg.is_str:
        return params.get(arg.value, token(f"Ref:{arg.value}"))
    if name == "Fn::Sub":
        template, local = arg, {}
        if arg.is_seq and arg.value:
            template = arg.value[0]
            extra = arg.value[1] if len(arg.value) > 1 and arg.value[1].is_map else None
            local = {k: _evaluate(v, params) for k, v in extra.items()} if extra else {}
        if not template.is_str:
            return token("Sub")
        return substitute(_SUB_VAR, lambda inner: _sub_var(inner, local, params), template.value)
    if name == "Fn::Join" and arg.is_seq and len(arg.value) == 2 and arg.value[0].is_str \
            and arg.value[1].is_seq:
        return join(arg.value[0].value, (_evaluate(v, params) for v in arg.value[1].value))
    return token(name)


def _sub_var(inner: str, local: dict[str, Any], params: dict[str, str]) -> Any:
    if inner.startswith("!"):
        return "${" + inner[1:] + "}"
    name = inner.strip()
    if name in local:
        return to_str(local[name])
    return params.get(name, token(name))
