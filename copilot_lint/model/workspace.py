"""The workspace model: pure data about one ``copilot/`` folder, built by
:mod:`copilot_lint.load.discover`.

Rules read this model through :mod:`copilot_lint.api` (with the per-environment views of
:mod:`copilot_lint.resolve` and the queries of :mod:`copilot_lint.query`); they never open files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copilot_lint.model.memory import MemoryFiles
from copilot_lint.model.node import Node
from copilot_lint.model.problem import LoadProblem



@dataclass
class SourceFile:
    """One file of the workspace: its display path, text and parsed tree (``None`` if broken)."""

    path: str
    abspath: Path
    role: str
    text: str | None = None
    root: Node | None = None

    @property
    def mapping(self) -> Node | None:
        """The top-level node when it is a mapping, else ``None``."""
        return self.root if self.root is not None and self.root.is_map else None

    def may_spell(self, word: str) -> bool:
        """False only when no key or scalar of the file can spell ``word``: its text is known,
        holds no backslash (an escape could hide the word) and lacks ``word``. A cheap test
        before walking the whole tree for one rare key or string."""
        return self.text is None or word in self.text or "\\" in self.text


@dataclass
class AddonSet:
    """An ``addons/`` folder: templates merged by Copilot, plus the optional parameters file."""

    dir_path: str
    templates: list[SourceFile]
    params: SourceFile | None = None
    workload: Workload | None = None

    @property
    def is_environment(self) -> bool:
        return self.workload is None

    @property
    def owner(self) -> str:
        """A short label: the workload name, or ``environments`` for environment addons."""
        return self.workload.name if self.workload else "environments"


@dataclass
class Workload:
    """A service or job: ``copilot/<name>/manifest.yml`` and its addons."""

    name: str
    manifest: SourceFile
    addons: AddonSet | None = None
    has_overrides: bool = False
    """True when ``copilot/<name>/overrides/`` exists (YAML-patch or CDK overrides)."""

    @property
    def root(self) -> Node | None:
        return self.manifest.mapping

    @property
    def type(self) -> str | None:
        node = self.root.get("type") if self.root else None
        return node.value if node is not None and node.is_str else None

    def role_replaced(self, role_arn: str) -> bool:
        """True when the task definition's ``role_arn`` (``TaskRoleArn``, ``ExecutionRoleArn``)
        may not be Copilot's role as rendered: the workload has an ``overrides/`` folder (a YAML
        patch or CDK can change the role), or a ``taskdef_overrides`` entry on that field."""
        if self.has_overrides:
            return True
        overrides = self.root.get("taskdef_overrides") if self.root is not None else None
        for item in overrides.elements() if overrides is not None else []:
            path = item.get("path") if item.is_map else None
            if path is not None and path.is_str and role_arn in path.value:
                return True
        return False


@dataclass
class Environment:
    """An environment: a folder ``copilot/environments/<name>/`` or a name found elsewhere."""

    name: str
    manifest: SourceFile | None = None


@dataclass
class Overrides:
    """An ``overrides/`` folder (a workload's, the environments' or a pipeline's): the names of
    its entries and, when it holds one, the YAML-patch file ``cfn.patches.yml``."""

    dir_path: str
    owner: str
    """The workload name, ``environments``, or ``pipelines/<dir>``."""
    entries: list[str] = field(default_factory=list)
    patches: SourceFile | None = None
    readable: bool = True
    """False when the folder could not be listed or looked into (a CL001 finding says so):
    its entries are then unknown, not missing."""


@dataclass
class Pipeline:
    """A pipeline manifest (``copilot/pipelines/<dir>/manifest.yml`` or legacy ``pipeline.yml``)."""

    name: str
    manifest: SourceFile
    default_buildspec: str = ""
    """Where CodeBuild looks when ``build.buildspec`` is not set, relative to the repository
    root (the folder holding ``copilot/``): ``<manifest folder>/buildspec.yml``."""
    has_default_buildspec: bool = False
    """True when a file exists at :attr:`default_buildspec`."""

    @property
    def root(self) -> Node | None:
        return self.manifest.mapping


@dataclass
class Workspace:
    """Everything copilot-lint knows about one ``copilot/`` folder."""

    root: Path
    display_root: str
    app: str | None = None
    workspace_file: SourceFile | None = None
    workloads: list[Workload] = field(default_factory=list)
    environments: list[Environment] = field(default_factory=list)
    environments_from_folders: bool = False
    pipelines: list[Pipeline] = field(default_factory=list)
    env_addons: AddonSet | None = None
    overrides: list[Overrides] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)
    """What the loader could not read as Copilot would (the ``files`` rules report them)."""
    config: Any = None
    memory: MemoryFiles = field(default_factory=MemoryFiles)
    """Contents that replaced files on disk (an editor's buffers, standard input)."""

    @property
    def environments_known(self) -> bool:
        """True when the list of environments is authoritative: folders, or the config's list."""
        return self.environments_from_folders or bool(getattr(self.config, "environments", None))

    @property
    def env_stack_overridden(self) -> bool:
        """True when ``copilot/environments/overrides/`` exists: a YAML patch or CDK may change
        the environment stack (and so what its addons are attached to or export)."""
        return any(o.owner == "environments" for o in self.overrides)

    @property
    def env_names(self) -> list[str]:
        return [e.name for e in self.environments]

    def workload(self, name: str) -> Workload | None:
        return next((w for w in self.workloads if w.name == name), None)

    def addon_sets(self) -> list[AddonSet]:
        """Every addons folder: the workloads' and the environments' one."""
        sets = [w.addons for w in self.workloads if w.addons is not None]
        if self.env_addons is not None:
            sets.append(self.env_addons)
        return sets
