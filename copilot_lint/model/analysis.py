"""What one lint works out about a workspace, typed, computed on first use and dropped with it.

The :class:`Workspace` is what the loader read; an :class:`Analysis` holds the views derived
from it that several rules (and the cfn-lint pass, ``--fix`` and the graph) ask for: each
workload's manifest merged per environment, each addon folder's merged sections and evaluation
per environment, the policy statements per folder and environment, the index, the manifest
issues, the key paths used by fixes. Each view is one typed attribute, filled by the module that
computes it (:mod:`copilot_lint.resolve.manifest`, :mod:`copilot_lint.resolve.addon`,
:mod:`copilot_lint.query.policies`, :mod:`copilot_lint.query.index`,
:mod:`copilot_lint.query.manifest_issues`, :mod:`copilot_lint.model.paths`); nothing is keyed by
a string. Each run's :class:`~copilot_lint.model.context.Context` holds one, dropped with the run
(the language server frees the previous one at once with :meth:`Context.release`).

:func:`environments` is the one meaning of "each environment, or none" every rule uses.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from copilot_lint.model.node import Node


class Analysis:
    """The derived views of one workspace (see the module docstring for who fills each)."""

    __slots__ = ("manifests", "addon_sections", "addon_evals", "statements", "index",
                 "consumer_nodes", "manifest_issues", "key_paths", "env_stacks", "secret_sources",
                 "listener_rules", "named_files", "copied_out", "confined_root", "git_ignore",
                 "policy_manifests", "policy_resources", "policy_relations", "index_parts",
                 "generated_names", "suppression_comments")

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Forget every view (they are recomputed on the next use)."""
        self.manifests: dict[tuple[str, str], Node | None] = {}
        """Workload name and environment → the manifest merged and interpolated there."""
        self.addon_sections: dict[str, dict[str, dict[str, Node]]] = {}
        """Addons folder → its templates' sections merged (the same in every environment)."""
        self.addon_evals: dict[tuple[str, str], Any] = {}
        """Addons folder and environment → its ``AddonEval``."""
        self.statements: dict[tuple[str, str], list[Any]] = {}
        """Addons folder and environment → the ``Statement`` list of its policy documents."""
        self.index: Any = None
        """The workspace ``Index`` (exports, imports, SSM, secrets, policies)."""
        self.consumer_nodes: dict[str, list[Any]] = {}
        """Addons folder → its ``Fn::ImportValue`` and ``{{resolve:…}}`` nodes."""
        self.manifest_issues: list[Any] | None = None
        """Every ``ManifestIssue`` of the workspace's manifests."""
        self.key_paths: dict[str, dict | None] = {}
        """Display path → the key path of each node of that file (for fixes)."""
        self.env_stacks: dict[str, Any] = {}
        """Environment → its ``EnvStack`` (:mod:`copilot_lint.query.env_stack`)."""
        self.secret_sources: dict[tuple[str, str], list[Any]] = {}
        """Workload and environment → its containers' ``SecretSource`` list."""
        self.listener_rules: dict[str, list[Any]] = {}
        """Environment → the ``ListenerRule`` list of its load balancers."""
        self.named_files: dict[str, Any] = {}
        """A path a manifest names (relative to the workspace root) → the ``NamedFile`` there."""
        self.copied_out: bool | None = None
        """Whether ``copilot/`` was copied out of its repository (:mod:`.workspace_files`)."""
        self.confined_root: Any = None
        """The ``Confined`` reader of the folder holding ``copilot/``."""
        self.git_ignore: Any = None
        """The ``GitIgnore`` rules of the folder holding ``copilot/``."""
        self.policy_manifests: dict[tuple[str, str | None], tuple[Any, Any]] = {}
        """Workload and environment → its manifest and typed plain data, for team policies."""
        self.policy_resources: dict[tuple[str, str, str], tuple[Any, Any]] = {}
        """Addons folder, environment and logical id → the resource as deployed and its data."""
        self.policy_relations: dict[tuple, Any] = {}
        """What the policies' relation helpers worked out (:mod:`copilot_lint.policy.relations`)."""
        self.index_parts: Any = None
        """The ``IndexParts`` kept between lints (the language server's), which the index is built
        from when set (:mod:`copilot_lint.query.index_parts`)."""
        self.generated_names: list[Any] | None = None
        """The ``GeneratedName`` list (:func:`copilot_lint.query.env_names.generated_names`)."""
        self.suppression_comments: list[Any] = []
        """Every rule reference in a suppression comment (``SuppressionComment``) and whether it
        silenced something; filled by the engine before the rules with ``after_suppressions``
        run (empty before)."""


def environments(ws: Any) -> list[str]:
    """The environments to work in: the workspace's, or ``[""]`` (one unknown environment) when
    it names none. ``manifest_for`` and ``addon_eval`` take ``""`` as an environment they cannot
    know (``Env`` stays opaque, no override applies), and a finding for it names no environment.
    """
    return list(ws.env_names) or [""]
