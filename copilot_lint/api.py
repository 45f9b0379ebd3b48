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
  parts (:class:`Opaque`, ``opaque_parts``, ``only_opaque``, ``flatten``, ``imports_in``,
  ``is_known``, ``show``, ``to_str``);
- named queries: ``index_of`` (exports, imports, SSM, secrets, policies per workload and
  environment); an addons folder as Copilot merges it (``entries``, ``first_definitions``,
  ``readable``, ``reserved``, ``ref_target``, ``referenced_ids``, ``snake_case``); policy
  ``statements``/``branches`` per environment; who may read a secret (``targets_in``,
  ``literal_targets``, ``export_targets``, ``task_role_grants``, ``covered``,
  ``secret_policy_fix``); physical names (``PHYSICAL_NAMES``, ``same_in_envs``, ``as_name``,
  ``suggestion``, ``env_fix``); values naming another environment
  (``EnvNameMatcher``, ``CrossRef``, ``generated_names``); manifest problems
  located on nodes (``manifest_issues``, :class:`ManifestIssue`, :class:`IssueKind`); domain
  aliases (``alias_names``, ``routing_rules``,
  ``resolved_aliases``, ``alias_patterns``, ``zone_pattern``, ``has_certificates``, ``is_set``);
  problems the loader recorded (``ws.problems``: :class:`LoadProblem`, :class:`ProblemKind`);
  message helpers (``brief``, ``where``,
  ``closest``); the environment stack (``env_stack`` → :class:`EnvStack`, ``app_domain``,
  ``UNKNOWN``, ``env_role_names``, ``ROLE_NAME_LIMIT``, ``ENV_STACK_EXPORTS``) and the load
  balancers' listener rules (``listener_rules`` → :class:`ListenerRule`, ``ANY_HOST``).
"""
from __future__ import annotations

from copilot_lint.model.analysis import environments
from copilot_lint.model.finding import Finding
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
from copilot_lint.model.problem import LoadProblem, ProblemKind
from copilot_lint.model.rule import Rule
from copilot_lint.model.suppression import SuppressionComment
from copilot_lint.model.vocabulary import (
    ECS_TYPES,
    JOB_TYPES,
    closest,
    SERVICE_TYPES,
    SEVERITIES,
    WORKLOAD_TYPES,
    Severity,
    WorkloadType,
)
from copilot_lint.model.workspace import (
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
    CrossRef,
    EnvNameMatcher,
    GeneratedName,
    generated_names,
)
from copilot_lint.query.index import ENV_STACK_EXPORTS, Index, index_of
from copilot_lint.query.manifest_issues import ManifestIssue, manifest_issues
from copilot_lint.query.naming import as_name, brief, same_in_envs, suggestion, where
from copilot_lint.query.physical_names import PHYSICAL_NAMES
from copilot_lint.query.policies import Statement, branches, grants, statements
from copilot_lint.query.secret_access import (
    SecretTarget,
    covered,
    export_targets,
    literal_targets,
    targets_in,
    task_role_grants,
)
from copilot_lint.query.secret_policy_fix import secret_policy_fix
from copilot_lint.schema.issue import IssueKind
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
from copilot_lint.resolve.addon import AddonEval, addon_eval, every_addon_eval
from copilot_lint.resolve.opaque import (
    Opaque,
    flatten,
    imports_in,
    is_known,
    only_opaque,
    opaque_parts,
    show,
    to_str,
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
    "ANY_HOST", "AddonEval", "AddonSet", "Container", "CrossRef", "ECS_TYPES",
    "ENV_STACK_EXPORTS", "Edit", "EnvNameMatcher", "EnvStack", "Environment", "FILE", "FOLDER",
    "FROM_CFN", "Finding", "Fix", "Gap", "GeneratedName", "INTERPOLATION", "INTRINSICS",
    "Index", "IssueKind", "JOB_TYPES", "LOGGING", "ListenerRule", "LoadProblem", "MAIN",
    "MANAGED_POLICY", "MAP", "MISSING", "MUTATING", "ManifestIssue", "NamedFile", "Node",
    "OUTSIDE", "Opaque", "Overrides", "PHYSICAL_NAMES", "PREDEFINED", "Pipeline", "ProblemKind",
    "ROLE_NAME_LIMIT", "ROLE_TYPES", "Rule", "SCALAR", "SECRET", "SECURITY_GROUP", "SEQ",
    "SERVICE_TYPES", "SEVERITIES", "SIDECAR", "SM", "SM_ARN", "SSM", "SSM_ARN",
    "SSM_REFERENCE_PREFIX", "SecretSource", "SecretTarget", "Severity", "SourceFile",
    "Statement", "SuppressionComment", "Tagged", "UNKNOWN", "WORKLOAD_TYPES", "Workload",
    "WorkloadType", "Workspace", "add_key", "addon_eval", "alias_names", "alias_patterns",
    "app_domain", "as_name", "base_manifest", "becomes_list", "branches", "brief", "closest",
    "containers", "copied_out", "covered", "create_file", "denied_action", "encryption_gaps",
    "entries", "env_fix", "env_role_names", "env_stack", "environments", "every_addon_eval",
    "every_resource", "execution_role_replaced", "export_targets", "first_definitions",
    "flatten", "generated_names", "grants", "has_certificates", "imports_in", "index_of",
    "inside_copilot", "interpolated_scalars", "is_known", "is_set", "listener_rules",
    "literal_targets", "manifest_for", "manifest_issues", "mutating", "named_file",
    "network_gaps", "only_opaque", "opaque_parts", "own_principals", "path_of", "predefined",
    "public_ip_workloads", "readable", "ref_target", "reference_secret", "referenced_ids",
    "rename_key", "rename_key_node", "replace", "replace_node", "reserved", "resolved_aliases",
    "routing_rules", "same_content", "same_in_envs", "secret_policy_fix", "secret_sources",
    "show", "snake_case", "statements", "substitute", "suffix_like", "suggestion", "targets_in",
    "task_role_grants", "task_role_policies", "task_role_replaced", "to_str", "where",
    "zone_pattern"
]
