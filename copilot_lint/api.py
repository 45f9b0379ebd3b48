"""The public rule API, version 1: what a rule plugin, a team policy or an editor integration
needs from copilot-lint, and nothing else.

Import from here, never from the engine's own modules: their layout may change, these names
will not within a major ``API_VERSION`` (``docs/api-changelog.md`` records every change, and a
test fails when ``__all__`` changes without an entry). A rule is a :class:`Rule` subclass that
gets the run's :class:`Context` (the :class:`Workspace` data as loaded, read through, and the
views worked out from it) in ``check(ws)`` or in the traversal hooks the engine walks
(``check_environment(ws, env)``, ``check_workload(ws, workload, env)``,
``check_addons(ws, addons, env)``), and yields :class:`Finding` objects that point at
:class:`Node` positions (``Finding.at(node, message, hint=..., env=...)``), optionally carrying a
:class:`Fix`. ``docs/writing-rules.md`` walks through writing one.

- the model: :class:`Rule`, :class:`Finding`, :class:`Severity`, :class:`Node`, the run's
  :class:`Context`, :class:`Workspace` with its :class:`Workload`, :class:`WorkloadType`,
  :class:`Environment`, :class:`AddonSet`, :class:`SourceFile` and :class:`Pipeline`;
- fixes: :class:`Fix` of :class:`Edit` values, built with ``replace``/``replace_node``,
  ``rename_key``/``rename_key_node``, ``add_key`` and ``create_file`` (values are plain data and
  :class:`Tagged` short forms);
- per-environment views: ``environments(ws)`` or ``ws.envs()`` (the workspace's environments,
  or ``[""]`` when it names none), ``manifest_for(ws, workload, env)`` (a workload manifest
  merged and interpolated for one environment), ``addon_eval(ws, addons, env)`` →
  :class:`AddonEval` (an addons folder evaluated there), whose values may hold parts that
  cannot be known statically: ``is_known`` tells, ``show`` prints them (a string that is only
  partly known is not a ``str``, so ``isinstance(value, str)`` means a wholly known string);
- the index of the workspace (``index_of`` → :class:`Index`: exports, imports, SSM parameters,
  secrets, policies per workload and environment) and the IAM statements of an addons folder
  (``statements(ev)`` → :class:`Statement`);
- ``closest(word, choices)`` for "did you mean".

Built-in rules may also use the engine's internal helpers through a leading-underscore module of
their family (``copilot_lint.rules.<family>._support``); those are not part of this contract.
"""
from __future__ import annotations

from copilot_lint.model.analysis import environments
from copilot_lint.model.context import Context
from copilot_lint.model.finding import Finding
from copilot_lint.model.fix import (
    Edit, Fix, Tagged, add_key, create_file, rename_key, rename_key_node, replace, replace_node,
)
from copilot_lint.model.node import Node
from copilot_lint.model.rule import Rule
from copilot_lint.model.vocabulary import Severity, WorkloadType, closest
from copilot_lint.model.workspace import (
    AddonSet, Environment, Pipeline, SourceFile, Workload, Workspace,
)
from copilot_lint.query.index import Index, index_of
from copilot_lint.query.policies import Statement, statements
from copilot_lint.resolve.addon import AddonEval, addon_eval
from copilot_lint.resolve.manifest import manifest_for
from copilot_lint.resolve.opaque import is_known, show

API_VERSION = "1"
"""The major version of this contract: it changes only when a name is removed or changes
meaning (added names keep the version; see ``docs/api-changelog.md``)."""

__all__ = [
    "API_VERSION", "AddonEval", "AddonSet", "Context", "Edit", "Environment", "Finding", "Fix",
    "Index",
    "Node", "Pipeline", "Rule", "Severity", "SourceFile", "Statement", "Tagged", "Workload",
    "WorkloadType", "Workspace", "add_key", "addon_eval", "closest", "create_file",
    "environments", "index_of", "is_known", "manifest_for", "rename_key", "rename_key_node",
    "replace", "replace_node", "show", "statements"
]
