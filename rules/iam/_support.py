"""Internal helpers of the ``iam`` rules: the engine's named queries and model
details they use beyond the public rule API (:mod:`copilot_lint.api`).

Not part of the plugin contract: these names may change in any release. A helper that
only these rules need can live here too (a leading underscore keeps the module out of
the rule registry's view of the family).
"""
from __future__ import annotations

from copilot_lint.model.rule import ADDON_INPUTS, INDEX_INPUTS, MANIFEST_INPUTS
from copilot_lint.model.vocabulary import ECS_TYPES
from copilot_lint.query.addon_template import (
    MANAGED_POLICY, SECRET, first_definitions, readable, ref_target, snake_case,
)
from copilot_lint.query.broad_grants import every_resource, every_resource_of, mutating
from copilot_lint.query.naming import brief, fitting
from copilot_lint.query.policies import grants
from copilot_lint.query.secret_access import (
    SecretTarget, covered, export_targets, handed_over, literal_targets, same_secret,
    targets_in, task_role_grants,
)
from copilot_lint.query.secret_policy_fix import secret_policy_fix
from copilot_lint.query.secret_sources import (
    FROM_CFN, SM, SM_ARN, SecretSource, execution_role_replaced, reference_secret,
    secret_sources, suffix_like,
)
from copilot_lint.query.task_role import (
    ROLE_TYPES, denied_action, own_principals, task_role_policies, task_role_replaced,
)
from copilot_lint.resolve.opaque import (
    endswith, flatten, is_text, opaque_parts, parts, rpartition, split, startswith,
)

__all__ = [
    "ADDON_INPUTS", "INDEX_INPUTS", "MANIFEST_INPUTS",
    "ECS_TYPES", "FROM_CFN", "MANAGED_POLICY", "ROLE_TYPES", "SECRET", "SM", "SM_ARN",
    "SecretSource", "SecretTarget", "brief", "covered", "denied_action", "every_resource",
    "every_resource_of", "endswith", "execution_role_replaced", "export_targets",
    "first_definitions", "fitting",
    "flatten", "grants", "handed_over", "is_text", "literal_targets", "mutating", "opaque_parts",
    "own_principals", "parts", "readable", "ref_target", "reference_secret", "rpartition",
    "same_secret", "secret_policy_fix", "secret_sources", "snake_case", "split", "startswith",
    "suffix_like", "targets_in", "task_role_grants", "task_role_policies", "task_role_replaced"
]
