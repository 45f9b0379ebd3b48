"""``environments.<name>`` blocks that are manifest settings indented one level too shallow.

Copilot reads every key under a workload manifest's ``environments:`` as an environment name,
so ``environments: {variables: {LOG_LEVEL: debug}}`` (meant as ``environments.<env>.variables``)
is an override for an environment called ``variables`` that never exists: the setting is
silently unused. A key named like a setting the override itself may hold (``variables``,
``count``, ``http`` …, per workload type) that names no environment of the workspace (its
folders or the configuration's list, else its pipeline stages) is one of those.
"""
from __future__ import annotations

from copilot_lint.model.context import Context
from copilot_lint.model.workspace import Workload


def override_settings(workload_type: str | None) -> frozenset[str]:
    """The keys an ``environments.<env>`` override of this workload type may hold."""
    from copilot_lint.schema.assemble import KINDS, assembled  # only asked for on a rare shape

    name = KINDS.get(workload_type or "")
    if name is None or name == "environment":
        return frozenset()
    properties = assembled(name).get("properties", {})
    return frozenset(k for k in properties if k not in ("name", "type", "environments"))


def misplaced_settings(ws: Context, workload: Workload) -> set[str]:
    """The keys of the workload's ``environments:`` map that are settings, not environments."""
    root = workload.root
    envs = root.get("environments") if root is not None else None
    if envs is None or not envs.is_map:
        return set()
    named = _named(ws)
    unnamed = [key for key in envs.value if key not in named]
    if not unnamed:
        return set()
    settings = override_settings(workload.type)
    return {key for key in unnamed if key in settings}


def _named(ws: Context) -> set[str]:
    """The environment names the workspace gives outside workload manifests: its folders or the
    configuration's list, else its pipelines' stages (names only implied by ``environments:``
    keys do not count: they are what is being judged)."""
    if ws.environments_known:
        return set(ws.env_names)
    names: set[str] = set()
    for pipeline in ws.pipelines:
        stages = pipeline.root.get("stages") if pipeline.root is not None else None
        for stage in stages.elements() if stages is not None else []:
            name = stage.get("name") if stage.is_map else None
            if name is not None and name.is_str:
                names.add(name.value)
    return names
