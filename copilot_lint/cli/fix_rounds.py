"""``--fix`` and ``--diff`` to a fixed point: fix, lint again, fix what the first fixes made
fixable, until nothing is left to fix (at most :data:`MAX_ROUNDS` rounds).

One fix can enable another: a template without the ``App``/``Env``/``Name`` parameters gets them
(CL201), and only then can its literal bucket name become ``!Sub '${App}-${Env}-media'``
(CL301). Running ``--fix`` twice must change nothing the second time, so one run repeats the
rounds itself. ``--fix`` writes each round and lints the disk again; ``--diff`` writes nothing:
later rounds lint the earlier rounds' results as an overlay over the disk, and the diff shows
the files from the disk to the last round (a round that creates a file ends ``--diff``'s rounds,
since the loader only overlays files it finds on disk). Imports ruamel.yaml (through the fixer),
so only ``--fix``/``--diff`` get here.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from copilot_lint.fix.plan import Change, Plan, plan_fixes
from copilot_lint.fix.write import apply_plan
from copilot_lint.lint import Outcome
from copilot_lint.model.escape import visible

MAX_ROUNDS = 10
"""Rounds of one run; fixes that keep enabling each other beyond this are left for the next."""


def fix_rounds(outcome: Outcome, relint: Callable[[dict[Path, bytes] | None], Outcome],
               diff_only: bool, quiet: bool) -> tuple[int, Outcome]:
    """Fix ``outcome``'s findings round after round (``relint(overlay)`` lints again); print the
    problems once each, the diff (``diff_only``) and the count. Returns how many findings were
    fixed (or would be) and the last outcome."""
    overlay: dict[Path, bytes] = {}
    combined: dict[Path, Change] = {}
    reported: set[str] = set()
    total = 0
    for _ in range(MAX_ROUNDS):
        plan = plan_fixes(outcome.context, outcome.findings)
        problems = plan.problems if diff_only else plan.problems + apply_plan(plan)
        for problem in problems:
            line = visible(f"copilot-lint: {problem.file}: {problem.message}")
            if line not in reported:
                reported.add(line)
                print(line, file=sys.stderr)
        _merge(combined, plan.changes)
        total += len(plan.fixed)
        if not plan.fixed:
            break
        if diff_only:
            if any(change.old is None for change in plan.changes):
                break
            overlay.update({c.abspath.absolute(): c.new for c in plan.changes})
        outcome = relint(overlay or None)
    if diff_only:
        sys.stdout.write(Plan(changes=list(combined.values())).diff())
    files = sum(1 for change in combined.values() if change.findings)
    if not quiet:
        verb = "would fix" if diff_only else "fixed"
        print(f"copilot-lint: {verb} {total} finding{'s' if total != 1 else ''} in {files} "
              f"file{'s' if files != 1 else ''}", file=sys.stderr)
    return total, outcome


def _merge(combined: dict[Path, Change], changes: list[Change]) -> None:
    """Each file's change from its first round's old content to its last round's new one."""
    for change in changes:
        key = change.abspath.absolute()
        earlier = combined.get(key)
        if earlier is None:
            combined[key] = Change(change.file, change.abspath, change.old, change.new,
                                   list(change.findings))
        else:
            earlier.new = change.new
            earlier.findings.extend(change.findings)
