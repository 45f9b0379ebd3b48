"""The public rule API: everything a rule, a team policy, a rule plugin or an editor integration
needs from copilot-lint, in one module.

Import from here, never from the engine's own modules: their layout may change, these names
will not. A rule is a :class:`Rule` subclass whose ``check(ws)`` reads the :class:`Workspace`
model (and its per-environment views) and yields :class:`Finding` objects that point at
:class:`Node` positions, optionally carrying a :class:`Fix` built with the edit helpers.
"""
from __future__ import annotations

from copilot_lint.evaluate import AddonEval, addon_eval, every_addon_eval, is_known, show, tokens
from copilot_lint.finding import SEVERITIES, Finding
from copilot_lint.fix import (
    Edit,
    Fix,
    Tagged,
    add_key,
    create_file,
    rename_key,
    rename_key_node,
    replace,
    replace_node,
)
from copilot_lint.index import Index, index_of
from copilot_lint.model import (
    ECS_TYPES,
    JOB_TYPES,
    SERVICE_TYPES,
    WORKLOAD_TYPES,
    AddonSet,
    Environment,
    Overrides,
    Pipeline,
    SourceFile,
    Workload,
    Workspace,
)
from copilot_lint.node import MAP, SCALAR, SEQ, Node
from copilot_lint.resolve import base_manifest, manifest_for, public_ip_workloads
from copilot_lint.rule import Rule

__all__ = [
    "AddonEval", "AddonSet", "ECS_TYPES", "Edit", "Environment", "Finding", "Fix", "Index",
    "JOB_TYPES", "MAP", "Node", "Overrides", "Pipeline", "Rule", "SCALAR", "SEQ", "SERVICE_TYPES",
    "SEVERITIES", "SourceFile", "Tagged", "WORKLOAD_TYPES", "Workload", "Workspace", "add_key",
    "addon_eval", "base_manifest", "create_file", "every_addon_eval", "index_of", "is_known",
    "manifest_for", "public_ip_workloads", "rename_key", "rename_key_node", "replace",
    "replace_node", "show", "tokens",
]
