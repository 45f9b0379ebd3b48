"""What a policy is evaluated on: manifest targets and resource targets.

- A **manifest target** is a workload manifest as Copilot deploys it to one environment: the
  base manifest with that environment's ``environments.<env>`` override merged in and
  ``${COPILOT_ENVIRONMENT_NAME}``/``${COPILOT_APPLICATION_NAME}`` substituted
  (:func:`~copilot_lint.api.manifest_for`), one target per environment. A workspace that names
  no environment at all (no ``environments/`` folder, no override, no configured list) has one
  target per workload, its base manifest, with no environment; a policy limited to
  ``environments`` then has nothing to check. ``Environment`` targets are the environment
  manifests (each in its own environment); ``Pipeline`` targets are the pipeline manifests,
  which belong to no environment (a policy with an ``environments`` filter skips them).
- A **resource target** is one resource of a workload or environment addon template, as
  written, in CloudFormation's JSON form: ``!Ref X`` is ``{"Ref": "X"}``, ``!Sub s`` is
  ``{"Fn::Sub": "s"}``, ``!GetAtt A.B`` is ``{"Fn::GetAtt": ["A", "B"]}``. Addons deploy with
  their workload (or the environment) to every environment, so a resource policy without an
  ``environments`` filter reports once, for all of them; with one it reports for the listed
  environments the workspace has.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase

from copilot_lint.api import Node, Workspace, base_manifest, manifest_for
from copilot_lint.policy.spec import Policy


@dataclass(frozen=True)
class Target:
    """One thing a policy is evaluated on."""

    label: str
    """A position-free name for baselines: ``web``, ``environment:prod``, ``web:MediaBucket``."""
    node: Node
    env: str | None = None
    key: Node | None = None
    """The node of the key holding ``node`` (a resource's logical id), for findings on it."""


def targets(ws: Workspace, policy: Policy) -> Iterator[Target]:
    """Every target of ``policy`` in ``ws``."""
    if policy.targets_resources:
        yield from _resource_targets(ws, policy)
    else:
        yield from _manifest_targets(ws, policy)


def _environments(ws: Workspace, policy: Policy) -> list[str]:
    names = ws.env_names
    return [n for n in names if n in policy.environments] if policy.environments else names


def _manifest_targets(ws: Workspace, policy: Policy) -> Iterator[Target]:
    kinds = policy.manifest
    envs = _environments(ws, policy)
    for workload in ws.workloads:
        if workload.root is None or (kinds and workload.type not in kinds):
            continue
        if not ws.env_names:
            if not policy.environments:
                yield Target(workload.name, base_manifest(workload))
            continue
        for env in envs:
            node = manifest_for(ws, workload, env)
            if node is not None and node.is_map:
                yield Target(workload.name, node, env)
    if "Environment" in kinds:
        for environment in ws.environments:
            root = environment.manifest.mapping if environment.manifest else None
            if root is not None and environment.name in envs:
                yield Target(f"environment:{environment.name}", root, environment.name)
    if "Pipeline" in kinds and not policy.environments:
        for pipeline in ws.pipelines:
            if pipeline.root is not None:
                yield Target(f"pipeline:{pipeline.name}", pipeline.root)


def _resource_targets(ws: Workspace, policy: Policy) -> Iterator[Target]:
    envs: list[str | None] = list(_environments(ws, policy)) if policy.environments else [None]
    for addons in ws.addon_sets():
        for template in addons.templates:
            resources = template.mapping.get("Resources") if template.mapping else None
            if resources is None or not resources.is_map:
                continue
            for logical_id, resource in resources.items():
                kind = resource.get("Type")
                if kind is None or not kind.is_str or not resource.is_map or \
                        not any(fnmatchcase(kind.value, p) for p in policy.resource):
                    continue
                for env in envs:
                    yield Target(f"{addons.owner}:{logical_id}", resource, env,
                                 resources.key_node(logical_id))
