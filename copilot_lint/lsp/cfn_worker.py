"""The cfn-lint pass for the language server, in a process of its own.

cfn-lint is slow to start and CPU-bound, so it never runs in the server's process: one worker
process (started on first use, kept for the session so cfn-lint's rule set is built once)
loads the workspace with the same buffers the own-rule lint saw and runs the command line's
pass (:func:`copilot_lint.cfn.stage.run_pass`, with its cache), one job at a time. The result
says which text of each file it linted, so the server shows a cfn-lint finding only while the
file still has that text.
"""
from __future__ import annotations

import dataclasses
import io
import multiprocessing
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from copilot_lint.cfn import stage as cfn_pass
from copilot_lint.load.config import Config, ConfigError
from copilot_lint.engine.run import finalize
from copilot_lint.model.finding import Finding
from copilot_lint.load.discover import load_workspace
from copilot_lint.model.context import Context
from copilot_lint.model.memory import MemoryFiles


@dataclass
class Result:
    """cfn-lint findings by absolute path, the text of each file they were found in, and
    problems worth telling the user (no cfn-lint installed, a bad option)."""

    by_path: dict[Path, list[Finding]] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def enabled(config: Config) -> bool:
    """Whether the configuration wants the cfn-lint pass."""
    return cfn_pass.enabled(config)


def run(root: Path, cwd: Path, overlay: dict[str, bytes], config: Config) -> Result:
    """Load the workspace with ``overlay`` (contents by real path) over the disk and run the
    cfn-lint pass on it."""
    config = dataclasses.replace(config, jobs=1)
    ws = Context(load_workspace(root, cwd=cwd, config=config, memory=MemoryFiles(overlay)))
    result = Result(texts={s.abspath.absolute(): s.text for s in ws.files if s.text is not None})
    try:
        found = cfn_pass.run_pass(ws, config, stderr=io.StringIO())
    except ConfigError as err:
        result.errors.append(str(err))
        return result
    paths = {s.path: s.abspath.absolute() for s in ws.files}
    for finding in finalize(ws, found.findings, config):
        path = paths.get(finding.file)
        if path is not None:
            result.by_path.setdefault(path, []).append(dataclasses.replace(finding, fix=None))
    return result


def _start(server: int) -> None:
    """Keep the worker off the server's stdout, which carries the protocol, and make it end
    with the server (which exits without waiting for it)."""
    from copilot_lint.cfn.workers import die_with_parent

    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    die_with_parent(server)


class Background:
    """One worker process running :func:`run`, one job at a time."""

    def __init__(self) -> None:
        self._pool = None
        self._busy = False

    def submit(self, root: Path, cwd: Path, overlay: dict[str, bytes], config: Config,
               done: Callable[[Result], None],
               failed: Callable[[BaseException], None]) -> bool:
        """Start a pass; ``False`` when one is still running (try again later). The callbacks
        run on a thread of the pool."""
        if self._busy:
            return False
        if self._pool is None:
            self._pool = multiprocessing.get_context("spawn").Pool(
                1, initializer=_start, initargs=(os.getpid(),))
        self._busy = True

        def finished(result: Result) -> None:
            self._busy = False
            done(result)

        def crashed(error: BaseException) -> None:
            self._busy = False
            failed(error)

        self._pool.apply_async(run, (root, cwd, dict(overlay), config), callback=finished,
                               error_callback=crashed)
        return True

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None
