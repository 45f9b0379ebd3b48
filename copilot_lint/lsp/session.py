"""One Copilot workspace as the language server sees it: the editor's open buffers laid over the
files on disk, linted again after every change, with the findings grouped by the file they
belong to.

A lint is the command line's :func:`~copilot_lint.lint.lint_workspace` without the cfn-lint
pass (which runs in the background, :mod:`copilot_lint.lsp.cfn_worker`): it re-reads the
workspace from disk but parses again only files whose content changed
(:class:`~copilot_lint.load.parse_cache.ParseCache`), and runs the configured own rules (built-in
rules, team policies and plugins alike) with the command line's suppressions and filters,
again only where the edit can change something
(:class:`~copilot_lint.engine.incremental.Incremental`).
Nothing here knows about the protocol: :mod:`copilot_lint.lsp.server` publishes what a
:class:`Snapshot` holds.
"""
from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from copilot_lint.engine.run import known_rules
from copilot_lint.engine.selectors import check_config
from copilot_lint.load.config import Config, ConfigError, find_config, load_config
from copilot_lint.engine.incremental import Incremental
from copilot_lint.model.finding import Finding
from copilot_lint.lint import lint_workspace
from copilot_lint.model.context import Context
from copilot_lint.load.discover import find_copilot_dir
from copilot_lint.load.parse_cache import ParseCache
from copilot_lint.model.memory import MemoryFiles


@dataclass
class Buffer:
    """An open document: the editor's version number and its unsaved text."""

    version: int
    text: str


@dataclass
class Snapshot:
    """The result of one lint: its context (the workspace it read and the views it worked out),
    its findings by absolute path, the rule crashes, and the buffer versions it saw."""

    context: Context
    by_path: dict[Path, list[Finding]] = field(default_factory=dict)
    internal_errors: list[Finding] = field(default_factory=list)
    unplaced: list[Finding] = field(default_factory=list)
    """Findings on something that is not a file (a folder), which no editor can show."""
    versions: dict[Path, int] = field(default_factory=dict)
    seconds: float = 0.0

    def text_of(self, path: Path) -> str | None:
        """The text the lint read for ``path`` (buffer or disk), ``None`` if not loaded."""
        for source in self.context.files:
            if source.abspath == path:
                return source.text
        return None


def copilot_root(path: Path) -> Path | None:
    """The ``copilot/`` folder a document belongs to, or ``None`` when it is outside one."""
    root = find_copilot_dir(path)
    if root is None:
        return None
    try:
        path.absolute().relative_to(root)
    except ValueError:
        return None
    return root


class Session:
    """The open buffers of one ``copilot/`` folder and how to lint it."""

    def __init__(self, root: Path, config_path: Path | None = None) -> None:
        self.root = root
        self.cwd = root.parent
        self.buffers: dict[Path, Buffer] = {}
        self.cache = ParseCache()
        self.incremental = Incremental()
        self.config_path = config_path
        self.config = Config()
        self.config_error: str | None = None
        self._config_stamp: tuple | None = None

    def owns(self, path: Path) -> bool:
        """True when ``path`` is inside this workspace's ``copilot/`` folder."""
        try:
            path.absolute().relative_to(self.root)
        except ValueError:
            return False
        return True

    def open(self, path: Path, version: int, text: str) -> None:
        self.buffers[path.absolute()] = Buffer(version, text)

    def close(self, path: Path) -> None:
        self.buffers.pop(path.absolute(), None)

    def load_config(self) -> Config:
        """The project's configuration, read again only when its file changed; a broken file
        keeps the defaults and sets :attr:`config_error`."""
        path = self.config_path or find_config([self.cwd])
        try:
            info = os.stat(path) if path else None
        except OSError:
            info = None
        stamp = (str(path), info.st_mtime_ns, info.st_size) if info else None
        if stamp != self._config_stamp:
            self._config_stamp = stamp
            try:
                config = load_config(path if info else None)
                check_config(config, known_rules(config))
                self.config, self.config_error = config, None
            except ConfigError as err:
                self.config, self.config_error = Config(), str(err)
        return self.config

    def lint(self) -> Snapshot:
        """Load the workspace with the buffers over the disk and run the own rules."""
        started = time.perf_counter()
        config = self.load_config()
        buffers = dict(self.buffers)
        memory = MemoryFiles({path: buffer.text.encode("utf-8")
                              for path, buffer in buffers.items()}, self.cache)
        own_rules = dataclasses.replace(config, cfn_lint={**config.cfn_lint, "enabled": False})
        outcome = lint_workspace(self.root, own_rules, cwd=self.cwd, memory=memory,
                                 runner=self.incremental.run)
        self.cache.prune()
        ws, findings = outcome.context, outcome.findings
        snapshot = Snapshot(ws, versions={p: b.version for p, b in buffers.items()})
        paths = {source.path: source.abspath.absolute() for source in ws.files}
        for finding in findings:
            if finding.internal:
                snapshot.internal_errors.append(finding)
                continue
            path = paths.get(finding.file) or self.disk_path(finding.file)
            if path is None:
                snapshot.unplaced.append(finding)
            else:
                snapshot.by_path.setdefault(path, []).append(finding)
        snapshot.seconds = time.perf_counter() - started
        return snapshot

    def disk_path(self, display: str) -> Path | None:
        """The absolute path of a display path, when it is a file inside the workspace."""
        path = (self.cwd / display).absolute()
        return path if self.owns(path) and path.is_file() else None
