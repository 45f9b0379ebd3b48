"""One lint's analysis context: the workspace it reads and the views it works out from it.

The loader builds a :class:`~copilot_lint.model.workspace.Workspace`: pure data, the files as
read. Each run (a command-line lint, a language-server re-lint, a ``--fix`` round) wraps it in a
new :class:`Context`, passes that to every rule and to the views they ask for
(:func:`~copilot_lint.resolve.manifest.manifest_for`,
:func:`~copilot_lint.resolve.addon.addon_eval`, :func:`~copilot_lint.query.index.index_of`, …),
which keep what they work out in its typed :class:`~copilot_lint.model.analysis.Analysis`, and
drops it with the run: nothing derived outlives the lint that derived it.

A context reads the workspace's data through: ``ctx.workloads``, ``ctx.env_names``,
``ctx.files`` … are the workspace's own (a rule written against ``check(ws)`` keeps working).
:meth:`Context.envs` is the one meaning of "each environment, or none", and the engine
walks it for the rules' traversal hooks (:class:`~copilot_lint.model.rule.Rule`).
"""
from __future__ import annotations

import dataclasses
from typing import Any

from copilot_lint.model.analysis import Analysis, environments
from copilot_lint.model.workspace import Workspace


_FIELDS = frozenset(f.name for f in dataclasses.fields(Workspace))


class Context:
    """The workspace of one run and the views derived from it (see the module docstring)."""

    def __init__(self, workspace: Workspace, analysis: Analysis | None = None) -> None:
        self.workspace = workspace
        self.analysis = analysis if analysis is not None else Analysis()

    def __getattr__(self, name: str) -> Any:
        """The workspace's data (only asked for names a context does not have itself). A field
        is kept on the context after its first use (rules read ``ws.workloads`` … thousands of
        times a run): the same object, so the workspace's lists and tables stay shared."""
        if name.startswith("__") or name in ("workspace", "analysis"):
            raise AttributeError(name)  # copy/pickle probes, or a context not yet set up
        value = getattr(self.workspace, name)
        if name in _FIELDS:
            self.__dict__[name] = value
        return value

    @property
    def suppression_comments(self) -> list[Any]:
        """Every suppression comment's rule reference and whether it silenced something (for
        the rules that run after suppressions; empty before)."""
        return self.analysis.suppression_comments

    def envs(self) -> list[str]:
        """The environments to work in: the workspace's, or ``[""]`` when it names none."""
        return environments(self.workspace)

    def narrowed(self, analysis: Analysis, **data: Any) -> Context:
        """A context over a copy of the workspace with some of its data replaced (``data``:
        fields of :class:`Workspace`) and the views in ``analysis``."""
        return Context(dataclasses.replace(self.workspace, **data), analysis)

    def release(self) -> None:
        """Forget every view now (they refer back to the workspace, so a dropped context would
        otherwise wait for a full garbage collection to be freed)."""
        self.analysis.clear()
