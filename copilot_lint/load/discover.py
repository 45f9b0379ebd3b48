"""Find a ``copilot/`` folder the way Copilot does and load it into a :class:`Workspace`.

Discovery follows Copilot's own rules (copilot-facts §1): workloads are the immediate
subfolders holding ``manifest.yml``; environments are ``environments/<env>/manifest.yml``;
pipelines are ``pipelines/*/manifest.yml`` and the legacy ``pipeline.yml``; an ``addons/`` folder
is read non-recursively for ``.yml``/``.yaml`` templates and one parameters file. Symlinks are
never followed out of the workspace or round a loop (files are read through
:class:`~copilot_lint.load.confined.Confined`); anything unreadable, a file or a folder, becomes a
:class:`~copilot_lint.model.problem.LoadProblem` on its own path and the rest is still loaded.
An unreadable root is a :class:`WorkspaceError`.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

from copilot_lint.load.confined import (
    Confined,
    NotRegular,
    OutsideRoot,
    TooLarge,
)
from copilot_lint.load.gitignore import ignores_workspace_file
from copilot_lint.load.parse import MAX_BYTES, load_bytes
from copilot_lint.load.template_sniff import looks_like_template
from copilot_lint.model.crash import processing
from copilot_lint.model.memory import MemoryFiles
from copilot_lint.model.problem import LoadProblem, ProblemKind, problem
from copilot_lint.model.workspace import (
    AddonSet,
    Environment,
    Overrides,
    Pipeline,
    SourceFile,
    Workload,
    Workspace,
)


COPILOT_DIR = "copilot"
MAX_PARENTS = 5
PARAMS_FILES = ("addons.parameters.yml", "addons.parameters.yaml")
RESERVED_DIRS = ("environments", "pipelines")
PATCH_FILE = "cfn.patches.yml"


class WorkspaceError(Exception):
    """The workspace cannot be loaded at all (its root folder is unreadable)."""


def find_copilot_dir(start: Path) -> Path | None:
    """The ``copilot/`` folder for ``start`` (a folder or a file), or ``None``.

    ``start`` itself when it is named ``copilot``; a ``copilot`` folder among its ancestors
    (for files inside a workspace); else ``<dir>/copilot`` for ``start`` and up to 5 parents.
    """
    start = start.absolute()
    if start.is_dir() and start.name == COPILOT_DIR:
        return start
    for ancestor in start.parents:
        if ancestor.name == COPILOT_DIR and (ancestor / ".workspace").exists():
            return ancestor
    here = start if start.is_dir() else start.parent
    for _ in range(MAX_PARENTS + 1):
        candidate = here / COPILOT_DIR
        if candidate.is_dir():
            return candidate
        if here.parent == here:
            break
        here = here.parent
    for ancestor in start.parents:
        if ancestor.name == COPILOT_DIR:
            return ancestor
    return None


def display_path(path: Path, cwd: Path) -> str:
    """``path`` relative to the working directory, ``/``-separated."""
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:
        rel = str(path)
    return rel.replace(os.sep, "/")


class _Loader:
    def __init__(self, root: Path, cwd: Path, memory: MemoryFiles | None = None) -> None:
        self.root = root
        self.confined = Confined(root)
        self.real_root = self.confined.real_root
        self.cwd = cwd
        self.memory = memory or MemoryFiles()
        self.problems: list[LoadProblem] = []
        self.files: list[SourceFile] = []
        self.unreadable: set[Path] = set()

    def show(self, path: Path) -> str:
        return display_path(path, self.cwd)

    def layout(self, path: Path, kind: ProblemKind, **detail: Any) -> None:
        self.problems.append(problem(kind, self.show(path), **detail))

    def folder_problem(self, folder: Path, err: OSError) -> None:
        """Report once that ``folder`` cannot be read (its content is then skipped)."""
        if folder not in self.unreadable:
            self.unreadable.add(folder)
            reason = (err.strerror or str(err)).lower()
            self.problems.append(problem(ProblemKind.FOLDER_UNREADABLE, self.show(folder),
                                         reason=reason))

    def present(self, path: Path) -> bool:
        """Whether ``path`` exists (a dangling symlink counts); a folder that cannot be looked
        into is reported."""
        try:
            os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            return False
        except OSError as err:
            self.folder_problem(path.parent, err)
            return False
        return True

    def is_dir(self, path: Path) -> bool:
        """A real folder inside the workspace (symlinks allowed only when they stay inside)."""
        try:
            if not path.is_dir():
                return False
        except OSError as err:
            if err.errno not in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
                self.folder_problem(path.parent, err)
            return False
        if path.is_symlink():
            real = os.path.realpath(path)
            if not (real + os.sep).startswith(self.real_root + os.sep) or \
                    (os.path.realpath(path.parent) + os.sep).startswith(real + os.sep):
                self.layout(path, ProblemKind.FOLDER_SYMLINK_OUTSIDE)
                return False
        return True

    def read(self, path: Path, role: str) -> SourceFile:
        shown = self.show(path)
        source = SourceFile(shown, path, role)
        self.files.append(source)
        data = self.memory.get(path)
        if data is not None and os.path.realpath(path).startswith(self.real_root + os.sep):
            if len(data) > MAX_BYTES:
                self.problems.append(problem(ProblemKind.TOO_LARGE, shown, size=None,
                                             limit=MAX_BYTES))
                return source
            self.parse(source, data)
            return source
        try:
            data = self.confined.read_bytes(path, MAX_BYTES)
        except OutsideRoot as err:
            self.problems.append(problem(ProblemKind.OUTSIDE_ROOT, shown, target=err.target))
            return source
        except NotRegular as err:
            self.problems.append(problem(ProblemKind.NOT_REGULAR, shown, found=err.kind))
            return source
        except TooLarge as err:
            self.problems.append(problem(ProblemKind.TOO_LARGE, shown, size=err.size,
                                         limit=MAX_BYTES))
            return source
        except OSError as err:
            reason = "dangling symlink" if err.errno == errno.ENOENT and path.is_symlink() \
                else (err.strerror or str(err)).lower()
            self.problems.append(problem(ProblemKind.UNREADABLE, shown, reason=reason))
            return source
        self.parse(source, data)
        return source

    def parse(self, source: SourceFile, data: bytes) -> None:
        with processing(source.path):
            cache = self.memory.cache
            loaded = cache.load(source.path, data) if cache is not None else \
                load_bytes(source.path, data)
        source.text, source.root = loaded.text, loaded.root
        self.problems.extend(loaded.problems)

    def entries(self, folder: Path) -> list[Path]:
        try:
            return sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as err:
            self.folder_problem(folder, err)
            return []

    def addons(self, folder: Path, workload: Workload | None) -> AddonSet | None:
        if not self.present(folder):
            return None
        if not self.is_dir(folder):
            if folder not in self.unreadable and self.present(folder):
                self.layout(folder, ProblemKind.ADDONS_NOT_FOLDER)
            return None
        templates, params = [], []
        for entry in self.entries(folder):
            if entry.name in PARAMS_FILES:
                params.append(entry)
            elif entry.suffix in (".yml", ".yaml") and not self.is_dir(entry):
                templates.append(entry)
            elif self.is_dir(entry):
                self.unread_templates(entry, ProblemKind.TEMPLATE_IN_SUBFOLDER,
                                      self.show(folder))
            elif self.looks_like_template(entry):
                self.layout(entry, ProblemKind.TEMPLATE_SUFFIX, folder=self.show(folder))
        if not templates:
            return None
        if len(params) > 1:
            self.layout(params[1], ProblemKind.PARAMS_TWICE)
        addon_set = AddonSet(self.show(folder), [self.read(t, "addon") for t in templates],
                             workload=workload)
        if params:
            addon_set.params = self.read(params[0], "addon-params")
        return addon_set

    def looks_like_template(self, path: Path, any_section: bool = False) -> bool:
        return looks_like_template(self.confined, path, any_section)

    def unread_templates(self, folder: Path, kind: ProblemKind, home: str,
                         any_section: bool = False) -> None:
        """A ``kind`` problem for each CloudFormation template in ``folder`` (which Copilot
        never reads); ``home`` is the addons folder it reads instead."""
        for entry in self.entries(folder):
            if entry.name not in PARAMS_FILES and self.looks_like_template(entry, any_section):
                self.layout(entry, kind, folder=home)

    def orphan_folders(self, folder: Path) -> None:
        """A problem for ``addons/`` and ``overrides/`` in a folder without ``manifest.yml``:
        Copilot reads them only next to a workload manifest."""
        for name in ("addons", "overrides"):
            if self.is_dir(folder / name):
                self.layout(folder / name, ProblemKind.ORPHAN_FOLDER, parent=self.show(folder),
                            name=name, owner=folder.name)

    def overrides(self, folder: Path, owner: str) -> Overrides | None:
        """The ``overrides/`` folder at ``folder``, with its YAML-patch file loaded."""
        if not self.is_dir(folder):
            return None
        entries = self.entries(folder)
        found = Overrides(self.show(folder), owner, [e.name for e in entries])
        patch = folder / PATCH_FILE
        if self.present(patch) and not self.is_dir(patch):
            found.patches = self.read(patch, "override-patch")
        found.readable = folder not in self.unreadable
        return found


def load_workspace(root: Path, cwd: Path | None = None, config=None, *,
                   memory: MemoryFiles | None = None) -> Workspace:
    """Load every file of the workspace at ``root`` (a ``copilot/`` folder). ``memory``: contents
    that replace files the loader finds inside the root (an editor's unsaved buffers, a buffer
    read from standard input), with the parse cache of earlier loads."""
    cwd = cwd or Path.cwd()
    loader = _Loader(root, cwd, memory)
    try:
        os.listdir(root)
    except OSError as err:
        raise WorkspaceError(f"{loader.show(root)}: cannot read folder: "
                             f"{(err.strerror or str(err)).lower()}") from None
    ws = Workspace(root=root, display_root=loader.show(root), config=config,
                   memory=loader.memory)

    ws_file = root / ".workspace"
    if loader.present(ws_file):
        ws.workspace_file = loader.read(ws_file, "workspace")
        app = ws.workspace_file.mapping.get("application") if ws.workspace_file.mapping else None
        if app is not None and app.is_str:
            ws.app = app.value
        elif ws.workspace_file.text is not None:
            loader.layout(ws_file, ProblemKind.WORKSPACE_NO_APP)
    elif ignores_workspace_file(root):
        loader.layout(ws_file, ProblemKind.WORKSPACE_IGNORED)
    else:
        loader.layout(ws_file, ProblemKind.WORKSPACE_MISSING)
    configured_app = getattr(config, "app_name", None)
    if configured_app:
        ws.app = configured_app

    for entry in loader.entries(root):
        if entry.name in RESERVED_DIRS or not loader.is_dir(entry):
            continue
        manifest = entry / "manifest.yml"
        if loader.present(manifest):
            workload = Workload(entry.name, loader.read(manifest, "manifest"))
            workload.addons = loader.addons(entry / "addons", workload)
            found = loader.overrides(entry / "overrides", entry.name)
            workload.has_overrides = found is not None
            if found is not None:
                ws.overrides.append(found)
            ws.workloads.append(workload)
        elif loader.present(entry / "manifest.yaml"):
            loader.layout(entry / "manifest.yaml", ProblemKind.MANIFEST_YAML)
        else:
            loader.orphan_folders(entry)

    env_dir = root / "environments"
    env_present = loader.present(env_dir)
    if env_present and not loader.is_dir(env_dir):
        loader.layout(env_dir, ProblemKind.ENVIRONMENTS_NOT_FOLDER)
    elif env_present:
        for entry in loader.entries(env_dir):
            if entry.name in ("addons", "overrides") or not loader.is_dir(entry):
                continue
            manifest = entry / "manifest.yml"
            if loader.present(manifest):
                source = loader.read(manifest, "env-manifest")
                ws.environments.append(Environment(entry.name, source))
            if loader.is_dir(entry / "addons"):
                loader.unread_templates(entry / "addons", ProblemKind.ENV_ADDON_MISPLACED,
                                        loader.show(env_dir / "addons"), any_section=True)
            if loader.is_dir(entry / "overrides"):
                loader.layout(entry / "overrides", ProblemKind.ENV_OVERRIDES_MISPLACED,
                              folder=loader.show(env_dir / "overrides"), env=entry.name)
        ws.env_addons = loader.addons(env_dir / "addons", None)
        found = loader.overrides(env_dir / "overrides", "environments")
        if found is not None:
            ws.overrides.append(found)
    ws.environments_from_folders = bool(ws.environments)

    legacy = root / "pipeline.yml"
    if loader.present(legacy):
        ws.pipelines.append(_pipeline(loader.read(legacy, "pipeline"), "pipeline", root, root))
    pipe_dir = root / "pipelines"
    if loader.present(pipe_dir) and loader.is_dir(pipe_dir):
        for entry in loader.entries(pipe_dir):
            manifest = entry / "manifest.yml"
            if loader.is_dir(entry) and loader.present(manifest):
                ws.pipelines.append(_pipeline(loader.read(manifest, "pipeline"), entry.name,
                                              entry, root))
                found = loader.overrides(entry / "overrides", f"pipelines/{entry.name}")
                if found is not None:
                    ws.overrides.append(found)

    if not ws.environments:
        ws.environments = [Environment(n) for n in _implied_environments(ws, config)]
    ws.files, ws.problems = loader.files, loader.problems
    return ws


def _pipeline(source: SourceFile, fallback: str, folder: Path, root: Path) -> Pipeline:
    """A pipeline whose manifest sits in ``folder``; Copilot's default buildspec is the
    ``buildspec.yml`` next to the manifest."""
    name = source.mapping.get("name") if source.mapping else None
    buildspec = folder / "buildspec.yml"
    relative = (Path(root.name) / buildspec.relative_to(root)).as_posix()
    return Pipeline(name.value if name is not None and name.is_str else fallback, source,
                    default_buildspec=relative, has_default_buildspec=buildspec.is_file())


def _implied_environments(ws: Workspace, config) -> list[str]:
    """Environment names for a workspace without ``environments/`` folders."""
    configured = getattr(config, "environments", None)
    if configured:
        return list(configured)
    names: set[str] = set()
    for workload in ws.workloads:
        envs = workload.root.get("environments") if workload.root else None
        if envs is not None:
            names.update(k for k, _ in envs.items())
    for pipeline in ws.pipelines:
        stages = pipeline.root.get("stages") if pipeline.root else None
        for stage in stages.elements() if stages is not None else []:
            name = stage.get("name")
            if name is not None and name.is_str:
                names.add(name.value)
    return sorted(names)
