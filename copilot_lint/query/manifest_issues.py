"""The schema and cross-field problems of every manifest, located on its nodes.

:func:`manifest_issues` validates every manifest of a workspace once per run, as Copilot does:
each workload on its manifest merged for every environment (``resolve.manifest_for``), each
environment manifest on its own, each pipeline manifest once. It checks the JSON Schema of the
manifest's type (:mod:`copilot_lint.schema.validate`) and Copilot's cross-field rules
(:mod:`copilot_lint.schema.checks`), and returns :class:`ManifestIssue` values of two kinds
(:class:`~copilot_lint.schema.issue.IssueKind`: values Copilot rejects, keys it ignores), each
at the node holding the value — the override line when the value came from
``environments.<env>`` — and naming its environment. The manifest rules turn the kinds they own
into findings (the engine merges the same finding across environments).
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from dataclasses import dataclass

from copilot_lint.model.analysis import environments
from copilot_lint.model.node import SCALAR, Node
from copilot_lint.model.vocabulary import WorkloadType
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import Workload
from copilot_lint.resolve.manifest import base_manifest, interpolate, manifest_for, predefined
from copilot_lint.query.override_blocks import override_settings
from copilot_lint.query.string_places import at_string_place, string_places
from copilot_lint.schema.issue import SCHEMA, UNKNOWN_KEY, Issue, IssueKind, fit, split_advice

_NIL_OVERRIDE_CRASH = (WorkloadType.RD_WEB_SERVICE, WorkloadType.SCHEDULED_JOB)


@dataclass(frozen=True)
class ManifestIssue:
    """One manifest problem located on its node, for one environment (``None``: every one)."""

    kind: IssueKind
    node: Node
    message: str
    env: str | None = None
    key: str = ""
    """The position-free identity of the problem (for baselines)."""
    issue: Issue | None = None
    """The schema or cross-field issue, when a check of :mod:`copilot_lint.schema` found it."""
    root: Node | None = None
    """The manifest the issue was found in (merged for ``env``)."""
    override: Node | None = None
    """The ``environments.<env>`` override of a workload manifest, when there is one."""
    hint: str = ""
    """How to fix it, for the problems found here (a schema issue's message holds its own
    advice after ``; ``: :func:`~copilot_lint.schema.issue.split_advice`)."""
    schema: str = ""
    """The name of the schema the manifest was checked against (``backend-service``…)."""


def manifest_issues(ws: Context) -> list[ManifestIssue]:
    """Every schema and cross-field problem of the workspace's manifests (cached)."""
    if ws.analysis.manifest_issues is None:
        memo: dict[tuple, list] = {}
        found: list[ManifestIssue] = []
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
        ws.analysis.manifest_issues = found
    return ws.analysis.manifest_issues


def _workload(ws: Context, workload: Workload, memo: dict) -> Iterator[ManifestIssue]:
    from copilot_lint.schema.assemble import KINDS

    root = workload.root
    if root is None:
        return
    kind = root.get("type")
    if kind is None:
        yield ManifestIssue(SCHEMA, root, 'workload manifest has no "type"', key="type",
                            hint="add one of " + _kinds())
        return
    if not kind.is_str or kind.value not in KINDS or kind.value == "Environment":
        shown = kind.str_value() if kind.is_scalar else "a " + ("list" if kind.is_seq else "map")
        yield ManifestIssue(SCHEMA, kind, f'unknown workload type "{shown}"', key=f"type={shown}",
                            hint="use one of " + _kinds())
        return
    shape = list(_overrides(root, kind.value))
    yield from shape
    shaped = {(i.node.file, i.node.line, i.node.col) for i in shape if i.kind is SCHEMA}
    name = KINDS[kind.value]
    envs = environments(ws)
    decoded = [i for i in _undecodable(ws, workload, name, envs, memo)
               if (i.node.file, i.node.line, i.node.col) not in shaped]
    yield from decoded
    seen = shaped | {(i.node.file, i.node.line, i.node.col) for i in decoded}
    for env in envs:
        merged = manifest_for(ws, workload, env) if env else _base(ws, workload)
        if merged is not None:
            override = root.get("environments", env) if env else None
            for found in _findings(name, merged, env, memo, override):
                if found.kind is not SCHEMA or \
                        (found.node.file, found.node.line, found.node.col) not in seen:
                    yield found


def _undecodable(ws: Context, workload: Workload, name: str, envs: list[str],
                 memo: dict) -> Iterator[ManifestIssue]:
    """Values Copilot cannot decode, anywhere in the manifest as written: Copilot decodes the
    whole file (the base and every ``environments.<env>`` block, even of an environment the
    workspace lacks) before it merges anything, so one such value fails every environment."""
    from copilot_lint.schema.validate import schema_valid, validate

    root = workload.root
    values = {"COPILOT_APPLICATION_NAME": ws.app} if ws.app else {}
    written = interpolate(root, values)
    data = written.plain()
    if schema_valid(name, data):  # the common case needs no memo key (a JSON dump)
        return
    memo_key = ("decode", name, json.dumps(data, sort_keys=True, default=str))
    if memo_key not in memo:
        memo[memo_key] = [i for i in validate(name, data) if i.decode]
    for issue in memo[memo_key]:
        value = written.get(*issue.path)
        if value is not None and value.is_str and "${" in value.value:
            continue  # decoded after substitution, which may differ per environment
        message = json_array_message(name, written, issue)
        if message is None:
            continue
        node = locate(written, issue.path, issue.at_key)
        problem, hint = fit(*split_advice(message))
        if issue.path[:1] == ("environments",) and len(issue.path) > 1 \
                and issue.path[1] not in ws.env_names:
            hint = (f'{hint}; ' if hint else "") + f'or remove "environments.{issue.path[1]}": ' \
                'Copilot decodes it although the workspace has no such environment'
        for env in envs:
            yield ManifestIssue(SCHEMA, node, problem, env, issue.key, hint=hint, schema=name)


def json_array_message(name: str, root: Node, issue: Issue) -> str | None:
    """The issue's message, saying where a list came from when Copilot made it from a JSON
    string; ``None`` for an invalid value that is such a string at a place that takes only a
    string (in the manifest or an ``environments.<env>`` block), which is not a value problem
    of its own (the JSON-array rule reports it)."""
    message = issue.message
    value = root.get(*issue.path)
    place = issue.path[2:] if issue.path[:1] == ("environments",) else issue.path
    if value is not None and value.style == "json" and issue.kind is SCHEMA and \
            at_string_place(place, string_places(name)):
        return None
    if value is not None and value.style == "json" and "got a list" in message:
        message = message.replace("got a list", f"got '{value.text}', a JSON array that "
                                                "Copilot turns into a list", 1)
    return message


def _base(ws: Context, workload: Workload) -> Node | None:
    base = base_manifest(workload)
    values = {"COPILOT_APPLICATION_NAME": ws.app} if ws.app else {}
    return interpolate(base, values) if base is not None else None


def _kinds() -> str:
    from copilot_lint.schema.assemble import KINDS

    return ", ".join(f'"{k}"' for k in KINDS if k != "Environment")


def _overrides(root: Node, kind: str) -> Iterator[ManifestIssue]:
    """The shape of ``environments``: a map of environment names to override maps."""
    envs = root.get("environments")
    if envs is None or envs.value is None:
        return
    if not envs.is_map:
        yield ManifestIssue(SCHEMA, envs, '"environments" must be a map of environment names to '
                            "overrides", key="environments", hint="rewrite it as a map")
        return
    for env, body in envs.items():
        if body.kind == "scalar" and body.value is None:
            if kind in _NIL_OVERRIDE_CRASH:
                yield ManifestIssue(SCHEMA, envs.key_node(env) or body,
                                    f'"environments.{env}" is empty, which crashes Copilot for '
                                    f"a {kind}", key=f"environments.{env}",
                                    hint="remove it or give it a key")
        elif not body.is_map:
            hint = f"indent it under an environment: environments.<env>.{env}" \
                if env in override_settings(kind) else "rewrite it as a map"
            yield ManifestIssue(SCHEMA, body, f'"environments.{env}" must be a map of overrides',
                                key=f"environments.{env}", hint=hint)
        else:
            for key in ("name", "type", "environments"):
                node = body.key_node(key) if key in body.value else None
                if node is not None:
                    yield ManifestIssue(UNKNOWN_KEY, node, f'"environments.{env}.{key}" cannot '
                                        f"be overridden and is ignored by Copilot",
                                        key=f"environments.{env}.{key}", hint="remove it")


def _findings(name: str, root: Node, env: str | None, memo: dict,
              override: Node | None = None) -> Iterator[ManifestIssue]:
    from copilot_lint.schema.checks import check
    from copilot_lint.schema.validate import schema_valid, validate

    data = root.plain()
    if schema_valid(name, data):  # no schema issue: only the cross-field checks, no memo key
        issues = check(name, data)
    else:
        memo_key = (name, json.dumps(data, sort_keys=True, default=str))
        if memo_key not in memo:
            memo[memo_key] = validate(name, data) + check(name, data)
        issues = memo[memo_key]
    for issue in issues:
        yield ManifestIssue(issue.kind, locate(root, issue.path, issue.at_key), issue.message,
                            env, issue.key, issue, root, override, schema=name)


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
