"""What a policy is evaluated on, and what it can see next to it.

- A **manifest target** is a workload manifest as Copilot deploys it to one environment: the
  base manifest with that environment's ``environments.<env>`` override merged in and
  ``${COPILOT_ENVIRONMENT_NAME}``/``${COPILOT_APPLICATION_NAME}`` substituted
  (:func:`~copilot_lint.api.manifest_for`), one target per environment, with Copilot's boolean
  spellings decoded (:mod:`~copilot_lint.policy.typed`). A workspace that names no environment
  has one target per workload, its base manifest, with no environment. ``Environment`` targets
  are the environment manifests; ``Pipeline`` targets the pipeline manifests (no environment).
- A **resource target** is one resource of an addons folder (a workload's or the
  environment's) in one environment, evaluated with the same :class:`~copilot_lint.api.AddonEval`
  the built-in rules use: a resource whose ``Condition`` is false there is not a target there,
  and ``Fn::If`` whose condition is known picks its branch (``AWS::NoValue`` drops the key).
  Intrinsics otherwise stay in CloudFormation's JSON form (``!Ref X`` is ``{"Ref": "X"}``). A
  resource that is the same in every environment is one target without an environment.
- A **template target** is a section of an addons folder with its templates merged the way
  Copilot merges them (``Parameters``, ``Outputs``, ``Conditions``, ``Mappings``,
  ``Resources``), the whole folder (``addons``), or its ``addons.parameters.yml``.

Each target carries :class:`Relations`, the rest of the workspace the expression form sees.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from copilot_lint.model.context import Context
from copilot_lint.api import (
    AddonEval, AddonSet, Node, Workload, addon_eval, manifest_for,
)
from copilot_lint.resolve.manifest import base_manifest
from copilot_lint.model.node import MAP
from copilot_lint.policy.spec import SECTIONS, Policy
from copilot_lint.policy.typed import copilot_typed
from copilot_lint.resolve.opaque import UNKNOWN_BOOL


@dataclass
class Target:
    """One thing a policy is evaluated on."""

    label: str
    """A position-free name for baselines: ``web``, ``environment:prod``, ``web:MediaBucket``."""
    node: Node
    env: str | None = None
    key: Node | None = None
    """The node of the key holding ``node`` (a resource's logical id), for findings on it."""
    data: Any = None
    """What the policy sees (typed, branches picked); ``node.plain()`` when not set."""
    workload: Workload | None = None
    addons: AddonSet | None = None
    logical_id: str = ""
    evaluator: AddonEval | None = None
    envs: list[str] = field(default_factory=list)
    """For a resource the same in every environment: the environments it stands for."""

    @property
    def instance(self) -> Any:
        if self.data is None:
            self.data = self.node.plain()
        return self.data


def targets(ws: Context, policy: Policy) -> Iterator[Target]:
    """Every target of ``policy`` in ``ws``."""
    if policy.template:
        yield from _template_targets(ws, policy)
    elif policy.resource:
        yield from _resource_targets(ws, policy)
    else:
        yield from _manifest_targets(ws, policy)


def selected_environments(ws: Context, policy: Policy) -> list[str]:
    """The workspace's environments the policy applies to."""
    names = ws.env_names
    if policy.environments:
        names = [n for n in names if n in policy.environments]
    return [n for n in names if n not in policy.except_environments]


def unknown_environments(ws: Context, policy: Policy) -> list[str]:
    """Environment names the policy is limited to that the workspace does not have (when it
    knows its environments): a policy that silently checks nothing deserves a warning. Names
    under ``{not: [...]}`` are not reported: a shared pack may exclude an environment that some
    workspaces do not have."""
    if not ws.env_names:
        return []
    return [n for n in policy.environments if n not in ws.env_names]


def typed_manifest(ws: Context, workload: Workload, env: str | None) -> tuple[Node | None, Any]:
    """A workload's manifest for ``env`` (the base one for ``None``) and its typed plain data,
    cached per workspace."""
    views, key = ws.analysis.policy_manifests, (workload.name, env)
    if key not in views:
        node = manifest_for(ws, workload, env) if env is not None else base_manifest(workload)
        data = copilot_typed(node.plain(), workload.type) if node is not None and node.is_map \
            else None
        views[key] = (node, data)
    return views[key]


def _manifest_targets(ws: Context, policy: Policy) -> Iterator[Target]:
    kinds = policy.manifest
    envs = selected_environments(ws, policy)
    filtered = bool(policy.environments or policy.except_environments)
    workload_kinds = [k for k in kinds if k not in ("Environment", "Pipeline")]
    if not kinds or workload_kinds:
        for workload in ws.workloads:
            if workload.root is None or (kinds and workload.type not in kinds):
                continue
            if not ws.env_names:
                if not filtered:
                    node, data = typed_manifest(ws, workload, None)
                    yield Target(workload.name, node, data=data, workload=workload)
                continue
            for env in envs:
                node, data = typed_manifest(ws, workload, env)
                if node is not None and node.is_map:
                    yield Target(workload.name, node, env, data=data, workload=workload)
    if "Environment" in kinds:
        for environment in ws.environments:
            root = environment.manifest.mapping if environment.manifest else None
            if root is not None and environment.name in envs:
                yield Target(f"environment:{environment.name}", root, environment.name,
                             data=copilot_typed(root.plain(), "Environment"))
    if "Pipeline" in kinds and not filtered:
        for pipeline in ws.pipelines:
            if pipeline.root is not None:
                yield Target(f"pipeline:{pipeline.name}", pipeline.root,
                             data=copilot_typed(pipeline.root.plain(), None))


def owned(policy: Policy, addons: AddonSet) -> bool:
    """True when ``addons`` belongs to an owner the policy applies to."""
    if not policy.owner:
        return True
    if addons.workload is None:
        return "environment" in policy.owner
    return "workloads" in policy.owner or addons.workload.name in policy.owner


def _addon_sets(ws: Context, policy: Policy) -> list[AddonSet]:
    return [a for a in ws.addon_sets() if owned(policy, a)]


def _evaluators(ws: Context, policy: Policy, addons: AddonSet) -> list[AddonEval]:
    envs = selected_environments(ws, policy) if ws.env_names else [""]
    return [addon_eval(ws, addons, env) for env in envs]


ENV_DEPENDENT = frozenset({"env", "environment", "workloads", "values", "envs"})
"""Expression variables whose value depends on the environment: a resource checked by an
expression that names one is checked in each environment even when it is the same in all."""


def _resource_targets(ws: Context, policy: Policy) -> Iterator[Target]:
    filtered = bool(policy.environments or policy.except_environments) or bool(
        policy.expression and _names(policy.expression) & ENV_DEPENDENT)
    for addons in _addon_sets(ws, policy):
        evaluators = _evaluators(ws, policy, addons)
        if not evaluators:
            continue
        first = evaluators[0]
        for logical_id, resource in first.resources.items():
            kind = resource.get("Type") if resource.is_map else None
            if kind is None or not kind.is_str or \
                    not any(fnmatchcase(kind.value, p) for p in policy.resource):
                continue
            key = _key_of(first, logical_id)
            views = [(ev, *_view(ws, ev, logical_id, resource)) for ev in evaluators
                     if ev.active(logical_id)]
            label = f"{addons.owner}:{logical_id}"
            if not filtered and len(views) == len(evaluators) and \
                    all(data == views[0][2] for _, _, data in views):
                ev, view, data = views[0]
                yield Target(label, view, None, key, data=data, workload=addons.workload,
                             addons=addons, logical_id=logical_id, evaluator=ev,
                             envs=[e.env for e in evaluators if e.env])
                continue
            for ev, view, data in views:
                yield Target(label, view, ev.env or None, key, data=data,
                             workload=addons.workload, addons=addons, logical_id=logical_id,
                             evaluator=ev)


def _view(ws: Context, ev: AddonEval, logical_id: str, resource: Node) -> tuple[Node, Any]:
    """A resource as deployed in ``ev``'s environment and its plain data, cached per
    workspace (many policies look at the same resources)."""
    views, key = ws.analysis.policy_resources, (ev.addons.dir_path, ev.env, logical_id)
    if key not in views:
        view = picked(resource, ev)
        views[key] = (view, view.plain())
    return views[key]


def _names(expression: str) -> set[str]:
    from copilot_lint.policy.expression import names_used

    return names_used(expression)


def _key_of(ev: AddonEval, logical_id: str) -> Node | None:
    for template in ev.addons.templates:
        resources = template.mapping.get("Resources") if template.mapping else None
        if resources is not None and resources.is_map and logical_id in resources.value:
            return resources.key_node(logical_id)
    return None


def picked(node: Node, ev: AddonEval, depth: int = 0) -> Node:
    """``node`` as deployed in ``ev``'s environment: each ``Fn::If`` whose condition is known
    replaced by its branch, keys and items that become ``AWS::NoValue`` dropped. Nodes keep
    their positions; unchanged subtrees are the original nodes."""
    if depth > 60 or node.is_scalar:
        return node
    branch = _if_branch(node, ev)
    if branch is not None:
        return picked(branch, ev, depth + 1)
    if node.is_map:
        items = {k: picked(v, ev, depth + 1) for k, v in node.value.items()}
        items = {k: v for k, v in items.items() if not _no_value(v)}
        if all(items.get(k) is v for k, v in node.value.items()):
            return node
        keys = {k: v for k, v in (node.keys or {}).items() if k in items}
        return Node(MAP, items, node.file, node.line, node.col, keys=keys, tag=node.tag,
                    end_line=node.end_line)
    items = [picked(v, ev, depth + 1) for v in node.value]
    kept = [v for v in items if not _no_value(v)]
    if len(kept) == len(node.value) and all(a is b for a, b in zip(kept, node.value)):
        return node
    return Node(node.kind, kept, node.file, node.line, node.col, tag=node.tag,
                end_line=node.end_line)


def _if_branch(node: Node, ev: AddonEval) -> Node | None:
    fn = node.intrinsic()
    if fn is None or fn[0] != "Fn::If" or not fn[1].is_seq or len(fn[1].value) != 3:
        return None
    name, yes, no = fn[1].value
    if not name.is_str:
        return None
    value = ev.condition(name.value)
    if value is UNKNOWN_BOOL or not isinstance(value, bool):
        return None
    return yes if value else no


def _no_value(node: Node) -> bool:
    fn = node.intrinsic()
    return fn is not None and fn[0] == "Ref" and fn[1].is_str and fn[1].value == "AWS::NoValue"


def merged_section(ev: AddonEval, section: str) -> Node | None:
    """One section of the merged addons folder as a mapping node (each entry keeps its own
    file and position); ``None`` when no template has it."""
    entries: dict[str, Node] = {}
    keys: dict[str, Node] = {}
    anchor: Node | None = None
    for template in ev.addons.templates:
        part = template.mapping.get(section) if template.mapping else None
        if part is None or not part.is_map:
            continue
        anchor = anchor or template.mapping.key_node(section) or part
        for name, value in part.value.items():
            if name not in entries:
                entries[name] = value
                if part.key_node(name) is not None:
                    keys[name] = part.key_node(name)
    if anchor is None:
        return None
    return Node(MAP, entries, anchor.file, anchor.line, anchor.col, keys=keys)


def merged_folder(ev: AddonEval) -> Node | None:
    """The whole merged addons folder: ``{Parameters, Conditions, Mappings, Resources,
    Outputs}`` (the sections it has), positioned at its first template."""
    sections = {s: merged_section(ev, s) for s in SECTIONS}
    present = {s: n for s, n in sections.items() if n is not None}
    first = next((t.mapping for t in ev.addons.templates if t.mapping is not None), None)
    if first is None:
        return None
    keys = {s: first.key_node(s) or n for s, n in present.items()}
    return Node(MAP, present, first.file, first.line, first.col, keys=keys)


SECTION_READERS: dict[str, Callable[[AddonEval], Node | None]] = {
    "addons": merged_folder,
    "addons.parameters.yml": lambda ev: ev.addons.params.mapping if ev.addons.params else None,
}


def _template_targets(ws: Context, policy: Policy) -> Iterator[Target]:
    for addons in _addon_sets(ws, policy):
        evaluators = _evaluators(ws, policy, addons)
        if not evaluators:
            continue
        for part in policy.template:
            reader = SECTION_READERS.get(part) or (lambda ev, s=part: merged_section(ev, s))
            node = reader(evaluators[0])
            if node is None and part in SECTIONS:
                node = _empty_at_first_template(addons)
            if node is None:
                continue
            label = f"{addons.owner}:{part}"
            yield Target(label, node, None, workload=addons.workload, addons=addons,
                         evaluator=evaluators[0], envs=[e.env for e in evaluators if e.env])


def _empty_at_first_template(addons: AddonSet) -> Node | None:
    """An empty section, placed at the start of the folder's first template, so that
    ``required`` reports a section no template has."""
    first = next((t.mapping for t in addons.templates if t.mapping is not None), None)
    return Node(MAP, {}, first.file, first.line, first.col) if first is not None else None
