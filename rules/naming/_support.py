"""Internal helpers of the ``naming`` rules: the engine's named queries and model
details they use beyond the public rule API (:mod:`copilot_lint.api`).

Not part of the plugin contract: these names may change in any release. A helper that
only these rules need can live here too (a leading underscore keeps the module out of
the rule registry's view of the family).
"""
from __future__ import annotations

from copilot_lint.model.rule import ADDON_INPUTS, INDEX_INPUTS, MANIFEST_INPUTS
from copilot_lint.model.node import MAP, SEQ
from copilot_lint.query.addon_template import ref_target, snake_case
from copilot_lint.query.env_fix import env_fix
from copilot_lint.query.env_names import CrossRef, EnvNameMatcher, GeneratedName, generated_names
from copilot_lint.query.env_stack import ROLE_NAME_LIMIT, env_role_names
from copilot_lint.query.naming import as_name, brief, fitting, same_in_envs, suggestion, where
from copilot_lint.query.physical_names import PHYSICAL_NAMES
from copilot_lint.query.secret_sources import execution_role_replaced, secret_sources
from copilot_lint.resolve.manifest import predefined, substitute
from copilot_lint.resolve.opaque import imports_in, is_text

__all__ = [
    "ADDON_INPUTS", "INDEX_INPUTS", "MANIFEST_INPUTS",
    "CrossRef", "EnvNameMatcher", "GeneratedName", "MAP", "PHYSICAL_NAMES", "ROLE_NAME_LIMIT",
    "SEQ", "as_name", "brief", "env_fix", "env_role_names", "execution_role_replaced",
    "fitting", "generated_names", "imports_in", "is_text", "predefined", "ref_target",
    "same_in_envs", "secret_sources", "snake_case", "substitute", "suggestion", "where"
]
