"""Running the pass's units: in this process, or in a pool of worker processes forked after
cfn-lint's rules are built, each under a time limit, with a progress line on a terminal.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any, TextIO

from copilot_lint.cfn.version import cfn_lint_version
from copilot_lint.load.config import ConfigError
from copilot_lint.model.workspace import AddonSet, SourceFile

PROGRESS_MIN = 6
"""Show progress only from this many templates to lint (a handful finishes before it matters)."""


_GRACE = 30.0


@dataclass
class Unit:
    addons: AddonSet
    templates: list[SourceFile]
    payload: dict[str, Any]
    digest: str


# -- running cfn-lint ------------------------------------------------------------------------
def execute(units: list[Unit], options: dict, jobs: int, stderr: TextIO) -> list[dict]:
    """Lint ``units`` (in this process or over a pool) and return their results in order."""
    try:
        from copilot_lint.cfn import runner as cfn_runner
    except ImportError as err:
        raise ConfigError(f"the cfn-lint pass cannot use the installed cfn-lint "
                          f"{cfn_lint_version()} ({err}); install 'cfn-lint>=1.37,<2' or use "
                          "--no-cfn-lint") from None

    bad = cfn_runner.unknown_regions(options["regions"])
    if bad:
        raise ConfigError(f"cfn-lint: unknown region {bad[0]!r} in `cfn-lint: regions`")
    cfn_runner.prepare()
    # Everything alive now (cfn-lint's modules, schemas and rule set, the workspace) stays alive
    # to the end: frozen, the cyclic collector stops re-scanning it while cfn-lint allocates,
    # here and in the workers forked below (which also leave those pages unwritten).
    gc.freeze()
    progress = Progress(sum(len(u.templates) for u in units), stderr)
    results: list[dict | None] = [None] * len(units)
    order = sorted(range(len(units)), key=lambda i: -sum(len(t.text or "")
                                                          for t in units[i].templates))
    jobs = min(jobs, len(units))
    try:
        if jobs <= 1:
            for i in order:
                results[i] = cfn_runner.lint_unit(units[i].payload)
                progress.advance(len(units[i].templates))
        else:
            _pool(units, order, jobs, options["timeout"], results, progress)
    finally:
        progress.close()
        gc.unfreeze()
    return [r if r is not None else {"findings": [], "timed_out": True} for r in results]


def _pool(units: list[Unit], order: list[int], jobs: int, timeout: float,
          results: list[dict | None], progress: Progress) -> None:
    import multiprocessing

    from copilot_lint.cfn import runner as cfn_runner

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = context.Pool(jobs, initializer=cfn_runner.init_worker)
    try:
        stream = pool.imap_unordered(cfn_runner.work, [(i, units[i].payload) for i in order])
        for _ in order:
            index, outcome = stream.next(timeout=timeout + _GRACE)
            results[index] = outcome
            progress.advance(len(units[index].templates))
        pool.close()
    except multiprocessing.TimeoutError:
        pass
    finally:
        pool.terminate()
        pool.join()


class Progress:
    """``cfn-lint: done/total templates`` on a terminal's stderr, for more than a handful."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.done, self.stream = total, 0, stream
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError, OSError):
            tty = False
        self.active = tty and total >= PROGRESS_MIN
        self._show()

    def _show(self) -> None:
        if self.active:
            self.stream.write(f"\rcfn-lint: {self.done}/{self.total} templates")
            self.stream.flush()

    def advance(self, count: int) -> None:
        self.done += count
        self._show()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r\033[K")
            self.stream.flush()
