"""The schema and cross-field problems of every manifest, located on its nodes. A JSON-array
string at a place that takes only a string is CL109's (:mod:`copilot_lint.query.string_places`),
not reported here again.

:func:`manifest_findings` validates every manifest of a workspace once per run, as Copilot does:
each workload on its manifest merged for every environment (``resolve.manifest_for``), each
environment manifest on its own, each pipeline manifest once. It checks the JSON Schema of the
manifest's type (:mod:`copilot_lint.schema.validate`) and Copilot's cross-field rules
(:mod:`copilot_lint.schema.checks`), and returns findings for CL101 (values Copilot rejects or
silently drops), CL106 (unknown keys), CL130 (values AWS refuses at deploy time) and CL131 (values
Copilot ignores). A finding points at the node holding the value — the override line when
the value came from ``environments.<env>`` — and names its environment; the engine merges the
same finding across environments. Values Copilot cannot even decode are looked for in the
manifest as written too (the base and every override block, of any environment), since Copilot
decodes the whole file before it merges anything: they fail every environment.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from copilot_lint.model.finding import Finding
from copilot_lint.model.fix import Fix, rename_key_node
from copilot_lint.model.node import SCALAR, Node
from copilot_lint.model.workspace import Workload, Workspace
from copilot_lint.query.string_places import at_string_place, string_places
from copilot_lint.resolve.manifest import base_manifest, interpolate, manifest_for, predefined
from copilot_lint.schema.issue import fit, split_advice

_CACHE_KEY = "manifest-findings"
_NIL_OVERRIDE_CRASH = ("Request-Driven Web Service", "Scheduled Job")


def manifest_findings(ws: Workspace) -> list[tuple[str, Finding]]:
    """``(rule id, finding)`` for every CL101, CL106, CL130 and CL131 problem of the workspace
    (cached)."""
    if _CACHE_KEY not in ws.cache:
        memo: dict[tuple, list] = {}
        found: list[tuple[str, Finding]] = []
        for workload in ws.workloads:
            found.extend(_workload(ws, workload, memo))
        for env in ws.environments:
            root = env.manifest.mapping if env.manifest else None
            kind = root.get("type") if root is not None else None
            if kind is not None and kind.value == "Environment":
                merged = interpolate(root, predefined(ws, env.name))
                found.extend(_findings("environment", merged, env.name, memo))
        for pipeline in ws.pipelines:
            if pipeline.root is not None:
                found.extend(_findings("pipeline", pipeline.root, None, memo))
        ws.cache[_CACHE_KEY] = found
    return ws.cache[_CACHE_KEY]


def _workload(ws: Workspace, workload: Workload, memo: dict) -> Iterator[tuple[str, Finding]]:
    from copilot_lint.schema.assemble import KINDS

    root = workload.root
    if root is None:
        return
    kind = root.get("type")
    if kind is None:
        yield "CL101", Finding.at(root, 'workload manifest has no "type"', key="type",
                                  hint="add one of " + _kinds())
        return
    if not kind.is_str or kind.value not in KINDS or kind.value == "Environment":
        shown = kind.str_value() if kind.is_scalar else "a " + ("list" if kind.is_seq else "map")
        yield "CL101", Finding.at(kind, f'unknown workload type "{shown}"', key=f"type={shown}",
                                  hint="use one of " + _kinds())
        return
    yield from _overrides(root, kind.value)
    name = KINDS[kind.value]
    envs = ws.env_names or [None]
    decoded = list(_undecodable(ws, workload, name, envs, memo))
    yield from decoded
    seen = {(f.file, f.line, f.column) for _, f in decoded}
    for env in envs:
        merged = manifest_for(ws, workload, env) if env else _base(ws, workload)
        if merged is not None:
            override = root.get("environments", env) if env else None
            for rule, finding in _findings(name, merged, env, memo, override):
                if rule != "CL101" or (finding.file, finding.line, finding.column) not in seen:
                    yield rule, finding


def _undecodable(ws: Workspace, workload: Workload, name: str, envs: list,
                 memo: dict) -> Iterator[tuple[str, Finding]]:
    """Values Copilot cannot decode, anywhere in the manifest as written: Copilot decodes the
    whole file (the base and every ``environments.<env>`` block, even of an environment the
    workspace lacks) before it merges anything, so one such value fails every environment."""
    root = workload.root
    values = {"COPILOT_APPLICATION_NAME": ws.app} if ws.app else {}
    written = interpolate(root, values)
    data = written.plain()
    memo_key = ("decode", name, json.dumps(data, sort_keys=True, default=str))
    if memo_key not in memo:
        from copilot_lint.schema.validate import validate

        memo[memo_key] = [i for i in validate(name, data) if i.decode]
    for issue in memo[memo_key]:
        value = written.get(*issue.path)
        if value is not None and value.is_str and "${" in value.value:
            continue  # decoded after substitution, which may differ per environment
        message = _message(name, written, issue)
        if message is None:
            continue
        node = locate(written, issue.path, issue.at_key)
        problem, hint = fit(*split_advice(message))
        if issue.path[:1] == ("environments",) and len(issue.path) > 1 \
                and issue.path[1] not in ws.env_names:
            hint = (f'{hint}; ' if hint else "") + f'or remove "environments.{issue.path[1]}": ' \
                'Copilot decodes it although the workspace has no such environment'
        for env in envs:
            yield "CL101", Finding.at(node, problem, env=env, key=issue.key, hint=hint)


def _base(ws: Workspace, workload: Workload) -> Node | None:
    base = base_manifest(workload)
    values = {"COPILOT_APPLICATION_NAME": ws.app} if ws.app else {}
    return interpolate(base, values) if base is not None else None


def _kinds() -> str:
    from copilot_lint.schema.assemble import KINDS

    return ", ".join(f'"{k}"' for k in KINDS if k != "Environment")


def _overrides(root: Node, kind: str) -> Iterator[tuple[str, Finding]]:
    """The shape of ``environments``: a map of environment names to override maps."""
    envs = root.get("environments")
    if envs is None or envs.value is None:
        return
    if not envs.is_map:
        yield "CL101", Finding.at(envs, '"environments" must be a map of environment names to '
                                        "overrides", key="environments",
                                  hint="rewrite it as a map")
        return
    for env, body in envs.items():
        if body.kind == "scalar" and body.value is None:
            if kind in _NIL_OVERRIDE_CRASH:
                yield "CL101", Finding.at(envs.key_node(env) or body, f'"environments.{env}" is '
                                          f"empty, which crashes Copilot for a {kind}",
                                          key=f"environments.{env}",
                                          hint="remove it or give it a key")
        elif not body.is_map:
            yield "CL101", Finding.at(body, f'"environments.{env}" must be a map of overrides',
                                      key=f"environments.{env}", hint="rewrite it as a map")
        else:
            for key in ("name", "type", "environments"):
                node = body.key_node(key) if key in body.value else None
                if node is not None:
                    yield "CL106", Finding.at(node, f'"environments.{env}.{key}" cannot be '
                                                    f"overridden and is ignored by Copilot",
                                              key=f"environments.{env}.{key}", hint="remove it")


def _findings(name: str, root: Node, env: str | None, memo: dict,
              override: Node | None = None) -> Iterator[tuple[str, Finding]]:
    from copilot_lint.schema.checks import check
    from copilot_lint.schema.validate import validate

    data = root.plain()
    memo_key = (name, json.dumps(data, sort_keys=True, default=str))
    if memo_key not in memo:
        memo[memo_key] = validate(name, data) + check(name, data)
    for issue in memo[memo_key]:
        node = locate(root, issue.path, issue.at_key)
        message = _message(name, root, issue)
        if message is None:
            continue
        if issue.rule == "CL106" and override is not None and node.file == override.file \
                and override.line <= node.line <= override.end_line:
            message = message.replace('unknown key "', f'unknown key "environments.{env}.', 1)
        problem, hint = fit(*split_advice(message))
        yield issue.rule, Finding.at(node, problem, env=env, key=issue.key, hint=hint,
                                     fix=_rename_fix(root, issue, node))


def _message(name: str, root: Node, issue) -> str | None:
    """The issue's message, saying where a list came from when Copilot made it from a JSON
    string; ``None`` when such a string is at a place that takes only a string (CL109's), in
    the manifest or in an ``environments.<env>`` block."""
    message = issue.message
    value = root.get(*issue.path)
    place = issue.path[2:] if issue.path[:1] == ("environments",) else issue.path
    if value is not None and value.style == "json" and issue.rule == "CL101" and \
            at_string_place(place, string_places(name)):
        return None
    if value is not None and value.style == "json" and "got a list" in message:
        message = message.replace("got a list", f"got '{value.text}', a JSON array that "
                                                "Copilot turns into a list", 1)
    return message


def _rename_fix(root: Node, issue, key_node: Node) -> Fix | None:
    """CL106's fix: rename a misspelt key to its one close known key, when the map has no
    such key yet."""
    if not issue.rename_to or not issue.path or not isinstance(issue.path[-1], str):
        return None
    parent = root.get(*issue.path[:-1])
    if parent is None or not parent.is_map or issue.rename_to in parent.value or \
            parent.key_node(issue.path[-1]) is not key_node:
        return None
    return Fix(f'rename it to "{issue.rename_to}"', [rename_key_node(key_node, issue.rename_to)])


def locate(root: Node, path: tuple, at_key: bool = False) -> Node:
    """The node at ``path``; its key for ``at_key`` and for maps and lists (whose own position
    is their first item); the key of the deepest node found when ``path`` is missing."""
    node, key_node = root, None
    for step in path:
        child = node.get(step)
        if child is None:
            return key_node or node
        key_node = node.key_node(step) if isinstance(step, str) else child
        node = child
    if key_node is not None and (at_key or node.kind != SCALAR):
        return key_node
    return node
