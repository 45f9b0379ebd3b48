"""Internal helpers of the ``addons`` rules: the engine's named queries and model
details they use beyond the public rule API (:mod:`copilot_lint.api`).

Not part of the plugin contract: these names may change in any release. A helper that
only these rules need can live here too (a leading underscore keeps the module out of
the rule registry's view of the family).
"""
from __future__ import annotations

from copilot_lint.model.rule import ADDON_INPUTS, INDEX_INPUTS, MANIFEST_INPUTS
from copilot_lint.model.node import same_content
from copilot_lint.query.addon_template import (
    MANAGED_POLICY, SECRET, SECURITY_GROUP, entries, first_definitions, readable, ref_target,
    referenced_ids, reserved, snake_case,
)
from copilot_lint.query.policies import branches
from copilot_lint.query.secret_access import SecretTarget, covered, task_role_grants
from copilot_lint.resolve.opaque import only_opaque

__all__ = [
    "ADDON_INPUTS", "INDEX_INPUTS", "MANIFEST_INPUTS",
    "MANAGED_POLICY", "SECRET", "SECURITY_GROUP", "SecretTarget", "branches", "covered",
    "entries", "first_definitions", "only_opaque", "readable", "ref_target", "referenced_ids",
    "reserved", "same_content", "snake_case", "task_role_grants"
]
