"""What a policy's expression sees next to its target (the variables of
:data:`~copilot_lint.policy.expression.VARIABLES`): the environment and application names, the
same workload in the other environments, the workloads of this environment, the environment
manifest, and for addons the merged template, the resource evaluated for the environment, the
folder's owner and ``addons.parameters.yml``. Only the variables an expression names are built,
and what is shared between targets is built once per workspace."""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from copilot_lint.model.context import Context
from copilot_lint.policy.expression import names_used
from copilot_lint.policy.spec import Policy
from copilot_lint.policy.targets import Target, merged_folder, typed_manifest
from copilot_lint.policy.typed import copilot_typed
from copilot_lint.resolve.opaque import NOVALUE, UNKNOWN_BOOL, is_text, show

_INT64 = 2 ** 63
_SUB = re.compile(r"\$\{([^}]*)\}")


def relations(ws: Context, policy: Policy, target: Target) -> dict[str, Any]:
    """The variables ``policy``'s expression uses, for ``target``."""
    builders: dict[str, Callable[[], Any]] = {
        "self": lambda: cel_value(target.instance),
        "env": lambda: target.env or "",
        "app": lambda: ws.app or "",
        "workload": lambda: target.workload.name if target.workload else "",
        "environment": lambda: _environment(ws, target.env),
        "workloads": lambda: _workloads(ws, target.env),
        "envs": lambda: _envs(ws, target),
        "id": lambda: target.logical_id,
        "owner": lambda: _owner(target),
        "template": lambda: _template(ws, target),
        "values": lambda: _values(target),
        "parameters": lambda: _parameters(target),
        "params": lambda: cel_value(policy.params),
        "refs": lambda: sorted(references(target.instance)) if target.addons else [],
    }
    return {name: builders[name]() for name in names_used(policy.expression)}


def cel_value(value: Any, depth: int = 0) -> Any:
    """``value`` in the types CEL takes: JSON-like data, integers within 64 bits, anything
    else (dates, binary) as text."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if -_INT64 <= value < _INT64 else float(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if depth > 80:
        return None
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, (str, int, bool)) else k: cel_value(v, depth + 1)
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [cel_value(v, depth + 1) for v in value]
    return str(value)


def references(value: Any, depth: int = 0) -> set[str]:
    """The logical names ``value`` (CloudFormation in JSON form) refers to: ``Ref`` targets,
    the resource of ``Fn::GetAtt``, and ``${X}``/``${X.Attr}`` inside ``Fn::Sub``."""
    found: set[str] = set()
    if depth > 60:
        return found
    if isinstance(value, dict):
        if len(value) == 1:
            (name, arg), = value.items()
            if name == "Ref" and isinstance(arg, str):
                found.add(arg)
            elif name == "Fn::GetAtt":
                first = arg.split(".", 1)[0] if isinstance(arg, str) else (
                    arg[0] if isinstance(arg, list) and arg else None)
                if isinstance(first, str):
                    found.add(first)
            elif name == "Fn::Sub":
                text = arg[0] if isinstance(arg, list) and arg else arg
                if isinstance(text, str):
                    found |= {m.strip().split(".", 1)[0] for m in _SUB.findall(text)
                              if not m.startswith("!")}
        for item in value.values():
            found |= references(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            found |= references(item, depth + 1)
    return found


def _cached(ws: Context, key: tuple, build: Callable[[], Any]) -> Any:
    views = ws.analysis.policy_relations
    if key not in views:
        views[key] = build()
    return views[key]


def _environment(ws: Context, env: str | None) -> Any:
    def build() -> Any:
        for environment in ws.environments:
            root = environment.manifest.mapping if environment.manifest else None
            if environment.name == env and root is not None:
                return cel_value(copilot_typed(root.plain(), "Environment"))
        return {}
    return _cached(ws, ("environment", env), build)


def _workloads(ws: Context, env: str | None) -> Any:
    def build() -> Any:
        found = {}
        for workload in ws.workloads:
            if workload.root is not None:
                _, data = typed_manifest(ws, workload, env)
                if data is not None:
                    found[workload.name] = cel_value(data)
        return found
    return _cached(ws, ("workloads", env), build)


def _envs(ws: Context, target: Target) -> Any:
    workload = target.workload
    if workload is None or target.addons is not None:
        return {}

    def build() -> Any:
        found = {}
        for env in ws.env_names:
            _, data = typed_manifest(ws, workload, env)
            if data is not None:
                found[env] = cel_value(data)
        return found
    return _cached(ws, ("envs", workload.name), build)


def _owner(target: Target) -> Any:
    if target.addons is None:
        return {}
    if target.addons.workload is None:
        return {"kind": "environment", "name": ""}
    return {"kind": "workload", "name": target.addons.workload.name}


def _template(ws: Context, target: Target) -> Any:
    ev = target.evaluator
    if ev is None:
        return {}

    def build() -> Any:
        folder = merged_folder(ev)
        return cel_value(folder.plain()) if folder is not None else {}
    return _cached(ws, ("template", ev.addons.dir_path), build)


def _values(target: Target) -> Any:
    ev = target.evaluator
    if ev is None or not target.logical_id:
        return {}
    return cel_value(_shown(ev.ev(ev.resources.get(target.logical_id))))


def _shown(value: Any) -> Any:
    if is_text(value):
        return show(value)
    if isinstance(value, list):
        return [_shown(v) for v in value if v is not NOVALUE]
    if isinstance(value, dict):
        return {k: _shown(v) for k, v in value.items() if v is not NOVALUE}
    if value is NOVALUE or value is UNKNOWN_BOOL:
        return None
    return value


def _parameters(target: Target) -> Any:
    addons = target.addons
    if addons is None or addons.params is None or addons.params.mapping is None:
        return {}
    section = addons.params.mapping.get("Parameters")
    return cel_value(section.plain()) if section is not None else {}
