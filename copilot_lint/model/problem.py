"""What the loader records when a file or folder cannot be read as Copilot would read it.

A :class:`LoadProblem` is data, not a finding: a :class:`ProblemKind`, the display path, the
position (1-based, with the end of the offending token when there is one) and the ``detail``
values the kind needs. It carries no rule id and no message: the rules of the ``files`` family
(``yaml-syntax``, ``duplicate-key``, ``unknown-tag``, ``workspace-layout``) turn the kinds they
own into findings, with their own messages and severities. ``detail`` keys per kind are listed
on each member.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from copilot_lint.model.vocabulary import StringEnum


class ProblemKind(StringEnum):
    """Why the loader could not take a file or folder as it is."""

    # The file cannot be read or parsed: its content is unknown to every rule.
    TOO_LARGE = "too-large"
    """``size`` (bytes, or ``None`` when not measured), ``limit`` (bytes)."""
    BINARY = "binary"
    """A NUL byte: no detail."""
    NOT_UTF8 = "not-utf8"
    """``byte`` (the first byte that cannot be decoded)."""
    CONTROL_CHARACTER = "control-character"
    """``code`` (a character YAML does not allow in a stream)."""
    SYNTAX = "syntax"
    """``problem`` (the parser's own words), ``tab`` (True when a tab is at the position)."""
    UNKNOWN_ALIAS = "unknown-alias"
    """``alias`` (the name after ``*``)."""
    TOO_DEEP = "too-deep"
    """``limit`` (nesting levels)."""
    TOO_MANY_NODES = "too-many-nodes"
    """``limit`` (nodes after alias expansion)."""
    FOLDER_UNREADABLE = "folder-unreadable"
    """``reason`` (the operating system's, lower case)."""
    OUTSIDE_ROOT = "outside-root"
    """``target`` (where the symlink points)."""
    NOT_REGULAR = "not-regular"
    """``found`` (what is there instead of a file: a FIFO, a device…)."""
    UNREADABLE = "unreadable"
    """``reason`` (the operating system's, lower case, or ``dangling symlink``)."""
    # The file parsed, but YAML lost or could not type part of it.
    DUPLICATE_KEY = "duplicate-key"
    """``key``, ``first_line`` (where the key was first defined), ``same_value`` (both values
    written alike), ``in_body`` (inside ``Resources.<id>.<section>`` of a template, where Copilot
    passes the map through); positioned on the second."""
    UNKNOWN_TAG = "unknown-tag"
    """``tag`` (as written, ``!!`` for YAML's own)."""
    # The workspace's layout is not what Copilot reads.
    FOLDER_SYMLINK_OUTSIDE = "folder-symlink-outside"
    """A symlinked folder pointing outside the workspace or into itself: no detail."""
    ADDONS_NOT_FOLDER = "addons-not-folder"
    """An ``addons`` file where a folder belongs: no detail."""
    TEMPLATE_SUFFIX = "template-suffix"
    """``folder`` (display path of the addons folder holding a template with another suffix)."""
    TEMPLATE_IN_SUBFOLDER = "template-in-subfolder"
    """``folder`` (display path of the addons folder whose sub-folder holds a template)."""
    ENV_ADDON_MISPLACED = "env-addon-misplaced"
    """``folder`` (display path of ``environments/addons``, where the template belongs)."""
    ENV_OVERRIDES_MISPLACED = "env-overrides-misplaced"
    """``folder`` (display path of ``environments/overrides``, where the folder belongs), ``env``
    (the environment whose folder holds it)."""
    ORPHAN_FOLDER = "orphan-folder"
    """``parent`` (display path of the folder without ``manifest.yml``), ``owner`` (its name),
    ``name`` (``addons`` or ``overrides``)."""
    PARAMS_TWICE = "params-twice"
    """Both ``addons.parameters.yml`` and ``.yaml``: no detail."""
    WORKSPACE_NO_APP = "workspace-no-app"
    """``.workspace`` without ``application``: no detail."""
    WORKSPACE_IGNORED = "workspace-ignored"
    """``.workspace`` missing and named by ``.gitignore``: no detail."""
    WORKSPACE_MISSING = "workspace-missing"
    """``.workspace`` missing: no detail."""
    MANIFEST_YAML = "manifest-yaml"
    """A workload's ``manifest.yaml`` (Copilot reads only ``manifest.yml``): no detail."""
    ENVIRONMENTS_NOT_FOLDER = "environments-not-folder"
    """An ``environments`` file where the folder belongs: no detail."""

    @property
    def breaks_file(self) -> bool:
        """True when the file's content is unknown (not read, not decoded or not parsed)."""
        return self in _BREAKS_FILE


_BREAKS_FILE = frozenset({
    ProblemKind.TOO_LARGE, ProblemKind.BINARY, ProblemKind.NOT_UTF8,
    ProblemKind.CONTROL_CHARACTER, ProblemKind.SYNTAX, ProblemKind.UNKNOWN_ALIAS,
    ProblemKind.TOO_DEEP, ProblemKind.TOO_MANY_NODES, ProblemKind.FOLDER_UNREADABLE,
    ProblemKind.OUTSIDE_ROOT, ProblemKind.NOT_REGULAR, ProblemKind.UNREADABLE,
})


@dataclass(frozen=True)
class LoadProblem:
    """One problem the loader met, where it met it."""

    kind: ProblemKind
    file: str
    line: int = 1
    column: int = 1
    end_line: int = 0
    end_column: int = 0
    """Where the offending token ends (exclusive), 0 when there is no token (a whole file)."""
    detail: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    """The kind's values (see :class:`ProblemKind`), read-only."""

    def get(self, name: str, default: Any = None) -> Any:
        """One ``detail`` value."""
        return self.detail.get(name, default)


def problem(kind: ProblemKind, file: str, line: int = 1, column: int = 1, end_line: int = 0,
            end_column: int = 0, **detail: Any) -> LoadProblem:
    """A :class:`LoadProblem` with its ``detail`` given as keyword arguments."""
    return LoadProblem(kind, file, line, column, end_line, end_column, MappingProxyType(detail))
