"""The base class every rule derives from.

A rule is one module in ``rules/`` (installed as ``copilot_lint.rules``) holding one ``Rule``
subclass. The module docstring is the rule's documentation: ``--explain`` and the rules page
print it. ``check`` receives the workspace model and yields findings; the engine stamps the
rule id and severity, applies suppressions and configuration, and sorts.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import ClassVar

from copilot_lint.model.finding import Finding
from copilot_lint.model.workspace import Workspace


MANIFEST_INPUTS = frozenset({"workspace", "env-manifest", "manifest"})
"""What a rule that reads workload manifests (resolved per environment) depends on."""
ADDON_INPUTS = MANIFEST_INPUTS | {"addon", "addon-params"}
"""What a rule that reads addons folders (evaluated per environment) depends on."""
INDEX_INPUTS = ADDON_INPUTS | {"index"}
"""The same, for a rule that also asks the index."""


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

    def check(self, ws: Workspace) -> Iterable[Finding]:
        """Yield the findings of this rule for the workspace."""
        raise NotImplementedError

    @classmethod
    def doc(cls) -> str:
        """The rule's documentation: its module's docstring."""
        module = sys.modules.get(cls.__module__)
        return ((module.__doc__ if module else None) or cls.__doc__ or "").strip()

    @classmethod
    def summary(cls) -> str:
        """The first line of the documentation."""
        return cls.doc().splitlines()[0].rstrip(".") if cls.doc() else cls.name
