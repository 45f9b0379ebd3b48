"""The base class every rule derives from.

A rule is one module in ``rules/`` (installed as ``copilot_lint.rules``) holding one ``Rule``
subclass. The module docstring is the rule's documentation: ``--explain`` and the rules page
print it. The engine hands each rule the run's :class:`~copilot_lint.model.context.Context` (the
workspace's data and the views worked out from it) in two ways, either or both:

- ``check(ws)``: the rule walks the workspace itself and yields findings;
- traversal hooks, walked by the engine over :meth:`Context.envs` (the workspace's
  environments, or ``""`` when it names none): ``check_environment(ws, env)`` once per
  environment, ``check_workload(ws, workload, env)`` per workload and environment,
  ``check_addons(ws, addons, env)`` per addons folder (the workloads' and the environments')
  and environment. A rule overrides only the hooks it needs.

The engine stamps the rule id and severity, applies suppressions and configuration, and sorts.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import ClassVar

from copilot_lint.model.context import Context
from copilot_lint.model.finding import Finding
from copilot_lint.model.workspace import AddonSet, Workload


MANIFEST_INPUTS = frozenset({"workspace", "env-manifest", "manifest"})
"""What a rule that reads workload manifests (resolved per environment) depends on."""
ADDON_INPUTS = MANIFEST_INPUTS | {"addon", "addon-params"}
"""What a rule that reads addons folders (evaluated per environment) depends on."""
INDEX_INPUTS = ADDON_INPUTS | {"index"}
"""The same, for a rule that also asks the index."""


HOOKS = ("check_environment", "check_workload", "check_addons")
"""The traversal hooks a rule may override (see the module docstring)."""


class Rule:
    """Subclass with ``id``, ``name`` and ``severity`` and implement :meth:`check`."""

    id: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[str] = "error"
    after_suppressions: ClassVar[bool] = False
    """Run after the other rules' findings went through the suppression comments, with
    ``ws.suppression_comments`` filled (rules about the suppressions themselves)."""
    origin: ClassVar[str] = ""
    """Where a rule that is not built in comes from: ``plugin <distribution> <version>`` or
    ``policy <file>:<line>``; set by the engine, empty for copilot-lint's own rules."""
    reads: ClassVar[frozenset[str] | None] = None
    """What the rule's findings depend on, for re-linting after an edit (the language server):
    the roles of the files it reads (``workspace``, ``manifest``, ``env-manifest``, ``addon``,
    ``addon-params``, ``override-patch``, ``pipeline``), ``index`` when it asks
    :func:`~copilot_lint.query.index.index_of`, ``generated-names`` when it asks
    :func:`~copilot_lint.query.env_names.generated_names`. ``None`` (the default): anything;
    the rule runs again after every edit."""
    scope: ClassVar[str] = "workspace"
    """``workload`` when the rule's findings in one workload's files (its manifest, addons
    folder, overrides) depend only on that workload's files, the files no workload owns
    (``.workspace``, environments, environment addons, pipelines) and the index, and its other
    findings on no workload's files but through the index: after an edit of one workload's
    files that leaves the index as it was, the rule runs again on that workload alone.
    ``workspace`` (the default): on everything."""

    def check(self, ws: Context) -> Iterable[Finding]:
        """Yield the findings of this rule for the workspace (none unless overridden)."""
        return ()

    def check_environment(self, ws: Context, env: str) -> Iterable[Finding]:
        """Yield the findings for one environment (``""``: the workspace names none)."""
        return ()

    def check_workload(self, ws: Context, workload: Workload, env: str) -> Iterable[Finding]:
        """Yield the findings for one workload in one environment."""
        return ()

    def check_addons(self, ws: Context, addons: AddonSet, env: str) -> Iterable[Finding]:
        """Yield the findings for one addons folder in one environment."""
        return ()

    @classmethod
    def hooks(cls) -> tuple[str, ...]:
        """The traversal hooks this rule overrides, in the order the engine walks them."""
        return tuple(name for name in HOOKS if getattr(cls, name) is not getattr(Rule, name))

    @classmethod
    def doc(cls) -> str:
        """The rule's documentation: its module's docstring."""
        module = sys.modules.get(cls.__module__)
        return ((module.__doc__ if module else None) or cls.__doc__ or "").strip()

    @classmethod
    def summary(cls) -> str:
        """The first line of the documentation."""
        return cls.doc().splitlines()[0].rstrip(".") if cls.doc() else cls.name
