"""Internal helpers of the ``network`` rules: the engine's named queries and model
details they use beyond the public rule API (:mod:`copilot_lint.api`).

Not part of the plugin contract: these names may change in any release. A helper that
only these rules need can live here too (a leading underscore keeps the module out of
the rule registry's view of the family).
"""
from __future__ import annotations

from copilot_lint.model.rule import ADDON_INPUTS, INDEX_INPUTS, MANIFEST_INPUTS
from copilot_lint.model.vocabulary import ECS_TYPES
from copilot_lint.query.data_stores import SEARCH, encryption_gaps, network_gaps
from copilot_lint.query.env_stack import env_stack
from copilot_lint.query.index import ENV_STACK_EXPORTS, Export
from copilot_lint.query.load_balancer import ListenerRule, disjoint_sources, listener_rules
from copilot_lint.query.naming import fitting
from copilot_lint.query.override_exports import exports_unknowable
from copilot_lint.resolve.addon import every_addon_eval
from copilot_lint.resolve.manifest import public_ip_workloads
from copilot_lint.resolve.opaque import is_text, opaque_parts, to_str

__all__ = [
    "ADDON_INPUTS", "INDEX_INPUTS", "MANIFEST_INPUTS",
    "ECS_TYPES", "ENV_STACK_EXPORTS", "Export", "ListenerRule", "SEARCH", "disjoint_sources",
    "encryption_gaps",
    "env_stack", "every_addon_eval", "exports_unknowable", "fitting", "is_text", "listener_rules",
    "network_gaps", "opaque_parts", "public_ip_workloads", "to_str"
]
