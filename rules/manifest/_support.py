"""Internal helpers of the ``manifest`` rules: the engine's named queries and model
details they use beyond the public rule API (:mod:`copilot_lint.api`).

Not part of the plugin contract: these names may change in any release. A helper that
only these rules need can live here too (a leading underscore keeps the module out of
the rule registry's view of the family).
"""
from __future__ import annotations

from copilot_lint.model.rule import ADDON_INPUTS, INDEX_INPUTS, MANIFEST_INPUTS
from copilot_lint.query.task_sizes import APP_RUNNER_SIZES, FARGATE_SIZES
from copilot_lint.model.vocabulary import ECS_TYPES
from copilot_lint.model.workspace import Overrides
from copilot_lint.query.addon_template import SECRET, ref_target, snake_case
from copilot_lint.query.aliases import (
    alias_names, alias_patterns, has_certificates, is_set, resolved_aliases, routing_rules,
    zone_pattern,
)
from copilot_lint.query.containers import LOGGING, MAIN, SIDECAR, Container, containers
from copilot_lint.query.env_stack import app_domain, env_stack
from copilot_lint.query.load_balancer import listener_rules
from copilot_lint.query.manifest_issues import ManifestIssue, json_array_message, manifest_issues
from copilot_lint.query.naming import fitting
from copilot_lint.query.override_blocks import misplaced_settings
from copilot_lint.query.runtime_variables import RUNTIME, is_runtime_name, runtime_look_alike
from copilot_lint.query.string_places import at_string_place, string_places
from copilot_lint.query.workspace_files import FILE, named_file
from copilot_lint.resolve.manifest import (
    INTERPOLATION, PREDEFINED, base_manifest, becomes_list, interpolated_scalars,
)
from copilot_lint.schema.issue import IssueKind, fit, split_advice

__all__ = [
    "ADDON_INPUTS", "INDEX_INPUTS", "MANIFEST_INPUTS", "APP_RUNNER_SIZES", "FARGATE_SIZES",
    "Container", "ECS_TYPES", "FILE", "INTERPOLATION", "IssueKind", "LOGGING", "MAIN",
    "ManifestIssue", "Overrides", "PREDEFINED", "RUNTIME", "SECRET", "SIDECAR", "alias_names",
    "alias_patterns", "app_domain", "at_string_place", "base_manifest", "becomes_list",
    "containers", "env_stack", "fit", "fitting", "has_certificates", "interpolated_scalars",
    "is_runtime_name", "is_set", "json_array_message", "listener_rules", "manifest_issues",
    "misplaced_settings",
    "named_file", "ref_target", "resolved_aliases", "routing_rules", "runtime_look_alike",
    "snake_case", "split_advice", "string_places", "zone_pattern"
]
