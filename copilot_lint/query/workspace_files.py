"""Files next to ``copilot/`` that a manifest names (``env_file``, an image path): whether the
deploy can read them.

Not a rule: Copilot reads such paths relative to the workspace root, the folder that holds
``copilot/`` (``filepath.Join(workspacePath, path)`` in ``internal/pkg/cli/deploy/workload.go``,
so a leading ``/`` is still below the root and ``..`` is cleaned first). Only the path a manifest
names is looked at, only inside the root, through
:class:`~copilot_lint.load.confined.Confined` (a symlink out of the root is never followed), and
git's ignore rules decide whether a clean checkout (a pipeline) would have it.
"""
from __future__ import annotations

import os
import posixpath
import stat
from dataclasses import dataclass

from copilot_lint.load.confined import Confined, OutsideRoot
from copilot_lint.load.gitignore import GitIgnore
from copilot_lint.model.context import Context
from copilot_lint.query.containers import containers
from copilot_lint.resolve.manifest import manifest_for

FILE, FOLDER, MISSING, OUTSIDE, OTHER = "file", "folder", "missing", "outside", "other"


@dataclass(frozen=True)
class NamedFile:
    """A path a manifest names, as the deploy would find it."""

    written: str
    relative: str
    """The cleaned ``/``-path below the workspace root (empty when it leaves the root)."""
    state: str
    """``file``, ``folder``, ``missing``, ``outside`` (the path or a symlink on it leaves the
    root) or ``other`` (a FIFO, a device, unreadable)."""
    ignored: bool = False
    """True when git ignores it, so a clean checkout lacks it."""


def workspace_root(ws: Context) -> str:
    """The folder that holds ``copilot/``: Copilot's workspace path."""
    return os.path.dirname(os.path.abspath(ws.root))


def named_file(ws: Context, written: str) -> NamedFile:
    """What the deploy finds at ``written`` (relative to the workspace root); cached."""
    views = ws.analysis.named_files
    if written not in views:
        views[written] = _look(ws, written)
    return views[written]


def _look(ws: Context, written: str) -> NamedFile:
    if "\x00" in written:
        return NamedFile(written, "", OTHER)
    relative = posixpath.normpath(written.lstrip("/") or ".")
    if relative == ".." or relative.startswith("../"):
        return NamedFile(written, "", OUTSIDE)
    root = workspace_root(ws)
    confined = _confined(ws, root)
    path = os.path.join(root, *relative.split("/")) if relative not in ("", ".") else root
    try:
        fd = confined.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OutsideRoot:
        return NamedFile(written, relative, OUTSIDE)
    except (FileNotFoundError, NotADirectoryError):
        return NamedFile(written, relative, MISSING)
    except (OSError, ValueError):
        return NamedFile(written, relative, OTHER)
    try:
        mode = os.fstat(fd).st_mode
    finally:
        os.close(fd)
    state = FILE if stat.S_ISREG(mode) else FOLDER if stat.S_ISDIR(mode) else OTHER
    return NamedFile(written, relative, state,
                     _ignore_rules(ws, root).ignored(relative, is_dir=state == FOLDER))


def copied_out(ws: Context) -> bool:
    """True when the workspace root holds nothing but ``copilot/`` and a Dockerfile that a
    manifest builds from outside ``copilot/`` is missing too: a ``copilot/`` folder copied out
    of its repository, where nothing can be said about the files that were next to it."""
    if ws.analysis.copied_out is None:
        ws.analysis.copied_out = _copied_out(ws)
    return ws.analysis.copied_out


def _copied_out(ws: Context) -> bool:
    try:
        if os.listdir(workspace_root(ws)) != [os.path.basename(os.path.abspath(ws.root))]:
            return False
    except OSError:
        return False
    env = ws.env_names[0] if ws.env_names else ""
    for workload in ws.workloads:
        for container in containers(manifest_for(ws, workload, env), workload.name):
            build = container.build
            path = build.value if build is not None and build.is_str else None
            if build is not None and build.is_map:
                dockerfile, context = build.get("dockerfile"), build.get("context")
                path = dockerfile.str_value() if dockerfile is not None else (
                    f"{context.str_value()}/Dockerfile" if context is not None
                    and context.is_str else None)
            if path and "${" not in path and not _inside_copilot(ws, path) and \
                    named_file(ws, path).state == MISSING:
                return True
    return False


def inside_copilot(ws: Context, written: str) -> bool:
    """Whether ``written`` (relative to the workspace root) lies in the ``copilot/`` folder."""
    return _inside_copilot(ws, written)


def _inside_copilot(ws: Context, written: str) -> bool:
    relative = posixpath.normpath(written.replace("\\", "/").lstrip("/") or ".")
    return relative.split("/", 1)[0] == os.path.basename(os.path.abspath(ws.root))


def _confined(ws: Context, root: str) -> Confined:
    if ws.analysis.confined_root is None:
        ws.analysis.confined_root = Confined(root)
    return ws.analysis.confined_root


def _ignore_rules(ws: Context, root: str) -> GitIgnore:
    if ws.analysis.git_ignore is None:
        ws.analysis.git_ignore = GitIgnore(root)
    return ws.analysis.git_ignore
