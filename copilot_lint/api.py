"""The public rule API: everything a rule, a team policy, a rule plugin or an editor integration
needs from copilot-lint, in one module.

Import from here, never from the engine's own modules: their layout may change, these names
will not. A rule is a :class:`Rule` subclass whose ``check(ws)`` reads the :class:`Workspace`
model (and its per-environment views) and yields :class:`Finding` objects that point at
:class:`Node` positions, optionally carrying a :class:`Fix` built with the edit helpers.
``docs/writing-rules.md`` walks through writing one end to end.

What is here, by the stage that provides it:

- the model: :class:`Node` (``MAP``/``SEQ``/``SCALAR``, ``INTRINSICS``, ``same_content``),
  :class:`Workspace`, :class:`Workload`, :class:`Environment`, :class:`Pipeline`,
  :class:`AddonSet`, :class:`SourceFile`, the workload type names, :class:`Finding` and
  ``SEVERITIES``, :class:`Rule` (``after_suppressions``), :class:`SuppressionComment` (on
  ``Workspace.suppression_comments``);
- fixes: :class:`Fix`, :class:`Edit`, :class:`Tagged`, ``replace``/``replace_node``,
  ``rename_key``/``rename_key_node``, ``add_key``, ``create_file``, ``path_of``;
- per-environment views: ``manifest_for``/``base_manifest`` and the interpolation helpers of a
  workload manifest; ``addon_eval``/``every_addon_eval`` → :class:`AddonEval` with its opaque
  tokens (``token``, ``tokens``, ``is_known``, ``show``, ``to_str``, ``MARK``);
- named queries: ``index_of`` (exports, imports, SSM, secrets, policies per workload and
  environment); an addons folder as Copilot merges it (``entries``, ``first_definitions``,
  ``readable``, ``reserved``, ``ref_target``, ``referenced_ids``, ``snake_case``); policy
  ``statements``/``branches`` per environment; who may read a secret (``targets_in``,
  ``literal_targets``, ``export_targets``, ``task_role_grants``, ``covered``,
  ``secret_policy_fix``); physical names (``PHYSICAL_NAMES``, ``same_in_envs``, ``as_name``,
  ``suggestion``, ``env_fix``); values naming another environment
  (``EnvNameMatcher``, ``CrossRef``, ``generated_names``, ``IMPORT_TOKEN``); manifest problems
  located on nodes (``manifest_findings``); what a rule reads, for re-linting after an edit
  (``MANIFEST_INPUTS``, ``ADDON_INPUTS``, ``INDEX_INPUTS``: :attr:`Rule.reads`); domain
  aliases (``alias_names``, ``routing_rules``,
  ``resolved_aliases``, ``alias_patterns``, ``zone_pattern``, ``has_certificates``, ``is_set``);
  problems the loader recorded (``load_problems``); message helpers (``brief``, ``where``,
  ``closest``); the environment stack (``env_stack`` → :class:`EnvStack`, ``app_domain``,
  ``UNKNOWN``, ``env_role_names``, ``ROLE_NAME_LIMIT``, ``ENV_STACK_EXPORTS``) and the load
  balancers' listener rules (``listener_rules`` → :class:`ListenerRule`, ``ANY_HOST``); the
  task sizes Fargate and App Runner accept (``FARGATE_SIZES``, ``APP_RUNNER_SIZES``).
"""
from __future__ import annotations

from copilot_lint.model.finding import SEVERITIES, Finding
from copilot_lint.model.fix import (
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
from copilot_lint.model.node import INTRINSICS, MAP, SCALAR, SEQ, Node, same_content
from copilot_lint.model.paths import path_of
from copilot_lint.model.rule import ADDON_INPUTS, INDEX_INPUTS, MANIFEST_INPUTS, Rule
from copilot_lint.model.suppression import SuppressionComment
from copilot_lint.model.workspace import (
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
from copilot_lint.query.addon_template import (
    MANAGED_POLICY,
    SECRET,
    SECURITY_GROUP,
    entries,
    first_definitions,
    readable,
    ref_target,
    referenced_ids,
    reserved,
    snake_case,
)
from copilot_lint.query.aliases import (
    alias_names,
    alias_patterns,
    has_certificates,
    is_set,
    resolved_aliases,
    routing_rules,
    zone_pattern,
)
from copilot_lint.query.env_fix import env_fix
from copilot_lint.query.env_names import (
    IMPORT_TOKEN,
    CrossRef,
    EnvNameMatcher,
    GeneratedName,
    generated_names,
)
from copilot_lint.query.index import ENV_STACK_EXPORTS, Index, index_of
from copilot_lint.query.task_sizes import APP_RUNNER_SIZES, FARGATE_SIZES
from copilot_lint.query.load_problems import load_problems
from copilot_lint.query.manifest_findings import manifest_findings
from copilot_lint.query.naming import (
    as_name,
    brief,
    closest,
    fitting,
    same_in_envs,
    suggestion,
    where,
)
from copilot_lint.query.physical_names import PHYSICAL_NAMES
from copilot_lint.query.policies import Statement, branches, environments, grants, statements
from copilot_lint.query.secret_access import (
    SecretTarget,
    covered,
    export_targets,
    handed_over,
    literal_targets,
    same_secret,
    targets_in,
    task_role_grants,
)
from copilot_lint.query.secret_policy_fix import secret_policy_fix
from copilot_lint.query.env_stack import (
    ROLE_NAME_LIMIT,
    UNKNOWN,
    EnvStack,
    app_domain,
    env_role_names,
    env_stack,
)
from copilot_lint.query.load_balancer import ANY_HOST, ListenerRule, listener_rules
# issue 30: secrets as the execution role fetches them, the task role's DenyIAM, data stores,
# the containers of a manifest, and files next to copilot/ that manifests name
from copilot_lint.query.broad_grants import MUTATING, every_resource, mutating
from copilot_lint.query.containers import LOGGING, MAIN, SIDECAR, Container, containers
from copilot_lint.query.data_stores import Gap, encryption_gaps, network_gaps
from copilot_lint.query.secret_sources import (
    FROM_CFN, SM, SM_ARN, SSM, SSM_ARN, SSM_REFERENCE_PREFIX, SecretSource, execution_role_replaced,
    reference_secret, secret_sources, suffix_like,
)
from copilot_lint.query.task_role import (
    ROLE_TYPES, denied_action, own_principals, task_role_policies, task_role_replaced,
)
from copilot_lint.query.workspace_files import (
    FILE, FOLDER, MISSING, OUTSIDE, NamedFile, copied_out, inside_copilot, named_file,
)
from copilot_lint.query.string_places import at_string_place, string_places
# issue 32: exports added by overrides, the variables Copilot sets only in the container
from copilot_lint.query.index import Export
from copilot_lint.query.override_exports import PatchedExport, exports_unknowable, patched_exports
from copilot_lint.query.runtime_variables import RUNTIME, is_runtime_name, runtime_look_alike
from copilot_lint.resolve.addon import (
    MARK,
    AddonEval,
    addon_eval,
    every_addon_eval,
    is_known,
    show,
    to_str,
    token,
    tokens,
)
from copilot_lint.resolve.manifest import (
    INTERPOLATION,
    PREDEFINED,
    base_manifest,
    becomes_list,
    interpolated_scalars,
    manifest_for,
    predefined,
    public_ip_workloads,
    substitute,
)

__all__ = [
    "ADDON_INPUTS", "INDEX_INPUTS", "MANIFEST_INPUTS",
    "APP_RUNNER_SIZES", "FARGATE_SIZES",
    "AddonEval", "AddonSet", "CrossRef", "ECS_TYPES", "Edit", "EnvNameMatcher", "Environment",
    "Finding", "Fix", "GeneratedName", "IMPORT_TOKEN", "INTERPOLATION", "INTRINSICS", "Index",
    "JOB_TYPES", "MANAGED_POLICY", "MAP", "MARK", "Node", "Overrides", "PHYSICAL_NAMES",
    "PREDEFINED", "Pipeline", "Rule", "SCALAR", "SECRET", "SECURITY_GROUP", "SEQ", "SERVICE_TYPES",
    "SEVERITIES", "SecretTarget", "SourceFile", "Statement", "SuppressionComment", "Tagged",
    "WORKLOAD_TYPES",
    "Workload", "Workspace", "add_key", "addon_eval", "alias_names", "alias_patterns", "as_name",
    "base_manifest", "becomes_list", "branches", "brief", "closest", "covered", "create_file",
    "entries", "env_fix", "environments", "every_addon_eval", "export_targets", "first_definitions",
    "generated_names", "grants", "has_certificates", "index_of", "interpolated_scalars", "is_known",
    "is_set", "literal_targets", "load_problems", "manifest_findings", "manifest_for", "path_of",
    "predefined", "public_ip_workloads", "readable", "ref_target", "referenced_ids", "rename_key",
    "rename_key_node", "replace", "replace_node", "reserved", "resolved_aliases", "routing_rules",
    "same_content", "same_in_envs", "secret_policy_fix", "show", "snake_case", "statements",
    "substitute", "suggestion", "targets_in", "task_role_grants", "to_str", "token", "tokens",
    "where", "zone_pattern",
    # the environment stack and the shared load balancers (issue 23)
    "ANY_HOST", "ENV_STACK_EXPORTS", "EnvStack", "ListenerRule", "ROLE_NAME_LIMIT", "UNKNOWN",
    "app_domain", "env_role_names", "env_stack", "listener_rules",
    # issue 30
    "Container", "FILE", "FOLDER", "FROM_CFN", "Gap", "LOGGING", "MAIN", "MISSING", "MUTATING",
    "NamedFile", "OUTSIDE", "ROLE_TYPES", "SIDECAR", "SM", "SM_ARN", "SSM", "SSM_ARN",
    "SSM_REFERENCE_PREFIX", "SecretSource", "containers", "copied_out", "denied_action",
    "encryption_gaps", "every_resource", "execution_role_replaced", "inside_copilot", "mutating",
    "named_file", "network_gaps", "own_principals", "reference_secret", "secret_sources",
    "suffix_like", "task_role_policies", "task_role_replaced",
    # messages, secrets handed over, string-only places (issue 24)
    "at_string_place", "fitting", "handed_over", "same_secret", "string_places",
    # exports added by overrides, variables set only in the container (issue 32)
    "Export", "PatchedExport", "RUNTIME", "exports_unknowable", "is_runtime_name",
    "patched_exports", "runtime_look_alike",
]
