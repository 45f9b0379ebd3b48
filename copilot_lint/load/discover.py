"""Find a ``copilot/`` folder the way Copilot does and load it into a :class:`Workspace`.

Discovery follows Copilot's own rules (copilot-facts §1): workloads are the immediate
subfolders holding ``manifest.yml``; environments are ``environments/<env>/manifest.yml``;
pipelines are ``pipelines/*/manifest.yml`` and the legacy ``pipeline.yml``; an ``addons/`` folder
is read non-recursively for ``.yml``/``.yaml`` templates and one parameters file. Symlinks are
never followed out of the workspace or round a loop (files are read through
:class:`~copilot_lint.load.confined.Confined`); anything unreadable, a file or a folder, becomes a
finding on its own path and the rest is still loaded. An unreadable root is a
:class:`WorkspaceError`.
"""
from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

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
from copilot_lint.model.finding import Finding
from copilot_lint.model.workspace import (
    AddonSet,
    Environment,
    Overrides,
    Pipeline,
    SourceFile,
    Workload,
    Workspace,
)

if TYPE_CHECKING:  # the language server's cache: the command line never loads it
    from copilot_lint.load.parse_cache import ParseCache

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
    def __init__(self, root: Path, cwd: Path, overlay: Mapping[Path, bytes] | None = None,
                 cache: ParseCache | None = None,
                 buffers: dict[str, bytes] | None = None) -> None:
        self.root = root
        self.confined = Confined(root)
        self.real_root = self.confined.real_root
        self.cwd = cwd
        self.overlay = overlay or {}
        self.cache = cache
        self.buffers = buffers or {}
        self.problems: list[Finding] = []
        self.files: list[SourceFile] = []
        self.unreadable: set[Path] = set()

    def show(self, path: Path) -> str:
        return display_path(path, self.cwd)

    def layout(self, path: Path, message: str, severity: str = "", hint: str = "") -> None:
        self.problems.append(Finding(self.show(path), 1, 1, message, rule="CL004",
                                     severity=severity, hint=hint))

    def folder_problem(self, folder: Path, err: OSError) -> None:
        """Report once that ``folder`` cannot be read (its content is then skipped)."""
        if folder not in self.unreadable:
            self.unreadable.add(folder)
            reason = (err.strerror or str(err)).lower()
            self.problems.append(Finding(self.show(folder), 1, 1,
                                         f"cannot read folder: {reason}", rule="CL001"))

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
                self.layout(path, "symlinked folder points outside the workspace or back into "
                                  "itself; skipped", "warning")
                return False
        return True

    def read(self, path: Path, role: str) -> SourceFile:
        shown = self.show(path)
        source = SourceFile(shown, path, role)
        self.files.append(source)
        real = os.path.realpath(path) if self.buffers else ""
        if real in self.buffers and real.startswith(self.real_root + os.sep):
            data = self.buffers[real][:MAX_BYTES + 1]
            if len(data) > MAX_BYTES:
                self.problems.append(Finding(shown, 1, 1, f"file is over the "
                                             f"{MAX_BYTES // 1024 // 1024} MiB limit; not parsed",
                                             rule="CL001"))
                return source
            self.parse(source, data)
            return source
        try:
            data = self.confined.read_bytes(path, MAX_BYTES)
        except OutsideRoot as err:
            self.problems.append(Finding(
                shown, 1, 1, f"symlink points outside the workspace ({err.target}); not read",
                rule="CL001"))
            return source
        except NotRegular as err:
            self.problems.append(Finding(shown, 1, 1, f"expected a file, found {err.kind}",
                                         rule="CL001"))
            return source
        except TooLarge as err:
            self.problems.append(Finding(
                shown, 1, 1, f"file is {err.size // 1024} KiB, over the "
                             f"{MAX_BYTES // 1024 // 1024} MiB limit; not parsed", rule="CL001"))
            return source
        except OSError as err:
            reason = "dangling symlink" if err.errno == errno.ENOENT and path.is_symlink() \
                else (err.strerror or str(err)).lower()
            self.problems.append(Finding(shown, 1, 1, f"cannot read file: {reason}",
                                         rule="CL001"))
            return source
        self.parse(source, self.overlay.get(path.absolute(), data))
        return source

    def parse(self, source: SourceFile, data: bytes) -> None:
        with processing(source.path):
            loaded = self.cache.load(source.path, data) if self.cache is not None else \
                load_bytes(source.path, data)
        source.text, source.root = loaded.text, loaded.root
        self.problems.extend(loaded.findings)

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
                self.layout(folder, "expected an addons folder, found a file", "warning",
                            "Copilot ignores it: make it a folder of templates or remove it")
            return None
        templates, params = [], []
        for entry in self.entries(folder):
            if entry.name in PARAMS_FILES:
                params.append(entry)
            elif entry.suffix in (".yml", ".yaml") and not self.is_dir(entry):
                templates.append(entry)
            elif self.is_dir(entry):
                self.unread_templates(entry, f"move it up to {self.show(folder)}/: Copilot reads "
                                             f"only its top level (sub-folders are skipped)")
            elif self.looks_like_template(entry):
                self.layout(entry, "Copilot never deploys this template: it reads only .yml and "
                                   ".yaml files here", "warning",
                            f"rename it to .yml (the suffix is case-sensitive; in "
                            f"{self.show(folder)}/)")
        if not templates:
            return None
        if len(params) > 1:
            self.layout(params[1], "both addons.parameters.yml and addons.parameters.yaml exist",
                        "error", "keep one: Copilot refuses to deploy the addons")
        addon_set = AddonSet(self.show(folder), [self.read(t, "addon") for t in templates],
                             workload=workload)
        if params:
            addon_set.params = self.read(params[0], "addon-params")
        return addon_set

    def looks_like_template(self, path: Path, any_section: bool = False) -> bool:
        return looks_like_template(self.confined, path, any_section)

    def unread_templates(self, folder: Path, hint: str, any_section: bool = False) -> None:
        """CL004 for each CloudFormation template in ``folder`` (which Copilot never reads)."""
        for entry in self.entries(folder):
            if entry.name not in PARAMS_FILES and self.looks_like_template(entry, any_section):
                self.layout(entry, "Copilot never deploys this template", "warning", hint)

    def orphan_folders(self, folder: Path) -> None:
        """CL004 for ``addons/`` and ``overrides/`` in a folder without ``manifest.yml``:
        Copilot reads them only next to a workload manifest."""
        for name in ("addons", "overrides"):
            if self.is_dir(folder / name):
                self.layout(folder / name, f"Copilot never reads this {name}/ folder: "
                                           f"{folder.name}/ has no manifest.yml",
                            "warning", hint=f"move it next to the manifest.yml of the workload "
                                            f"it belongs to (copilot/<name>/{name}/)")

    def overrides(self, folder: Path, owner: str) -> Overrides | None:
        """The ``overrides/`` folder at ``folder``, with its YAML-patch file loaded."""
        if not self.is_dir(folder):
            return None
        entries = self.entries(folder)
        found = Overrides(self.show(folder), owner, [e.name for e in entries])
        patch = folder / PATCH_FILE
        if self.present(patch) and not self.is_dir(patch):
            found.patches = self.read(patch, "override-patch")
        return found


def load_workspace(root: Path, cwd: Path | None = None, config=None, *,
                   overlay: Mapping[Path, bytes] | None = None,
                   cache: ParseCache | None = None,
                   buffers: dict[str, bytes] | None = None) -> Workspace:
    """Load every file of the workspace at ``root`` (a ``copilot/`` folder). ``overlay``: unsaved
    contents by absolute path (an editor's buffers) that replace a file the loader found and read
    from disk; ``cache``: files parsed by earlier loads, re-used when their content is the same;
    ``buffers`` (bytes by real path, inside the root): a buffer read from standard input."""
    cwd = cwd or Path.cwd()
    loader = _Loader(root, cwd, overlay, cache, buffers)
    try:
        os.listdir(root)
    except OSError as err:
        raise WorkspaceError(f"{loader.show(root)}: cannot read folder: "
                             f"{(err.strerror or str(err)).lower()}") from None
    ws = Workspace(root=root, display_root=loader.show(root), config=config,
                   overlay=dict(overlay or {}))

    ws_file = root / ".workspace"
    if loader.present(ws_file):
        ws.workspace_file = loader.read(ws_file, "workspace")
        app = ws.workspace_file.mapping.get("application") if ws.workspace_file.mapping else None
        if app is not None and app.is_str:
            ws.app = app.value
        elif ws.workspace_file.text is not None:
            loader.layout(ws_file, 'copilot/.workspace has no "application: <name>"', "error",
                          "add it: without it Copilot cannot tell which application this is")
    elif ignores_workspace_file(root):
        loader.layout(ws_file, "copilot/.workspace is missing and .gitignore names it on purpose",
                      "info", "each clone must run `copilot app init` (or create it) before "
                              "Copilot can find the application")
    else:
        loader.layout(ws_file, "copilot/.workspace is missing: Copilot cannot find the "
                               "application", "warning",
                      'run `copilot app init` or add it with "application: <name>"')
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
            loader.layout(entry / "manifest.yaml", "Copilot only reads manifest.yml: this "
                                                   "workload is invisible to it", "error",
                          "rename the file to manifest.yml")
        else:
            loader.orphan_folders(entry)

    env_dir = root / "environments"
    env_present = loader.present(env_dir)
    if env_present and not loader.is_dir(env_dir):
        loader.layout(env_dir, "expected the environments folder, found a file", "warning")
    elif env_present:
        for entry in loader.entries(env_dir):
            if entry.name in ("addons", "overrides") or not loader.is_dir(entry):
                continue
            manifest = entry / "manifest.yml"
            if loader.present(manifest):
                source = loader.read(manifest, "env-manifest")
                ws.environments.append(Environment(entry.name, source))
            if loader.is_dir(entry / "addons"):
                loader.unread_templates(entry / "addons", "move it to "
                                        f"{loader.show(env_dir / 'addons')}/: environment addons "
                                        "are read only from there, shared by every environment",
                                        any_section=True)
            if loader.is_dir(entry / "overrides"):
                loader.layout(entry / "overrides", "Copilot never reads the overrides/ folder "
                                                   f"of environment {entry.name}",
                              "warning", hint=f"move it to {loader.show(env_dir / 'overrides')}/: "
                                              "environment overrides are read only from there")
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
