"""Running the pass's units in worker processes forked after cfn-lint's rules are built (in this
process only where there is no ``fork``), each under a time limit that this process enforces by
killing a worker that overruns it, with a progress line on a terminal.
"""
from __future__ import annotations

import gc
import os
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from copilot_lint.cfn.version import cfn_lint_version
from copilot_lint.load.config import ConfigError
from copilot_lint.model.workspace import AddonSet, SourceFile

PROGRESS_MIN = 6
"""Show progress only from this many templates to lint (a handful finishes before it matters)."""


@dataclass
class Unit:
    addons: AddonSet
    templates: list[SourceFile]
    payload: dict[str, Any]
    digest: str


# -- running cfn-lint ------------------------------------------------------------------------
def execute(units: list[Unit], options: dict, jobs: int, stderr: TextIO) -> list[dict]:
    """Lint ``units`` (in worker processes, see :func:`_forked`) and return their results in
    order."""
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
        if hasattr(os, "fork"):
            _forked(units, order, jobs, options["timeout"], results, progress,
                    cfn_runner.lint_unit)
        else:
            for i in order:
                results[i] = cfn_runner.lint_unit(units[i].payload)
                progress.advance(len(units[i].templates))
    finally:
        progress.close()
        gc.unfreeze()
    return [r if r is not None else {"findings": [], "timed_out": True} for r in results]


_GRACE = 2.0
"""Seconds past a unit's limit before its worker is killed (its own alarm usually ends it at
the limit; the kill is for code the alarm cannot interrupt)."""
_TIMED_OUT = {"findings": [], "timed_out": True, "error": None}
_DIED = {"findings": [], "timed_out": False,
         "error": "the cfn-lint worker process ended without a result"}


def _forked(units: list[Unit], order: list[int], jobs: int, timeout: float,
            results: list[dict | None], progress: Progress,
            lint: Callable[[dict], dict]) -> None:
    """Run ``units`` on up to ``jobs`` worker processes forked from this one (after cfn-lint's
    rules are built, so they inherit them), one unit at a time each. The limit is enforced from
    here: a worker still busy ``timeout`` + :data:`_GRACE` seconds after it got its unit is
    killed, the unit is timed out (never cached), and a fresh worker takes the next one."""
    from multiprocessing.connection import wait

    queue = deque(order)
    idle: list[_Worker] = []
    busy: dict[_Worker, tuple[int, float]] = {}
    try:
        while queue or busy:
            while queue and len(busy) < jobs:
                worker = idle.pop() if idle else _Worker(lint)
                index = queue.popleft()
                if worker.send(units[index].payload):
                    busy[worker] = (index, time.monotonic() + timeout + _GRACE)
                else:
                    worker.kill()
                    results[index] = dict(_DIED)
            if not busy:
                continue
            soonest = min(deadline for _, deadline in busy.values())
            ready = wait([w.conn for w in busy], timeout=max(0.0, soonest - time.monotonic()))
            for worker, (index, deadline) in list(busy.items()):
                if worker.conn in ready:
                    results[index] = worker.receive()
                    if results[index] is None:
                        results[index] = dict(_DIED)
                        worker.kill()
                    else:
                        idle.append(worker)
                elif time.monotonic() >= deadline:
                    worker.kill()
                    results[index] = dict(_TIMED_OUT)
                else:
                    continue
                del busy[worker]
                progress.advance(len(units[index].templates))
    finally:
        for worker in idle + list(busy):
            worker.kill()


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent (``parent``) ends, however it ends
    (Linux; elsewhere a worker ends when it next reads its closed connection): a worker stuck
    in cfn-lint must not outlive a run killed by a timeout, or a language server that exited."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the request took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1


class _Worker:
    """A forked process that runs ``lint`` on each payload it receives, until its connection
    closes or it is killed."""

    def __init__(self, lint: Callable[[dict], dict]) -> None:
        from multiprocessing import Pipe

        self.conn, child = Pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the worker
            status = 0
            try:
                self.conn.close()
                die_with_parent(parent)
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                while True:
                    try:
                        payload = child.recv()
                    except (EOFError, OSError):
                        break
                    child.send(lint(payload))
            except BaseException:  # noqa: BLE001 - the parent sees the closed connection
                status = 1
            finally:
                os._exit(status)
        child.close()

    def send(self, payload: dict) -> bool:
        try:
            self.conn.send(payload)
        except (OSError, ValueError):
            return False
        return True

    def receive(self) -> dict | None:
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            return None

    def kill(self) -> None:
        self.conn.close()
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


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
