"""Run the rules again after an edit, re-running only what the edit can change (the language
server's lints; the command line always runs everything).

What a rule's findings depend on is declared on the rule (:attr:`Rule.reads`,
:attr:`Rule.scope`). Between two runs on the same workspace (the unchanged files are the very
same parsed trees, from the parse cache):

- a rule that reads none of the changed files' roles, nor an index that changed, keeps the
  findings of the previous run;
- a ``workload``-scoped rule, after an edit of one workload's files that leaves the files no
  workload owns, the index and the other workspace-wide values it reads (:data:`GLOBALS`) as
  they were, runs on a view of the workspace holding that workload alone (those values are the
  whole workspace's); its findings in that workload's files replace the previous ones, its
  findings elsewhere are kept;
- every other rule runs on the whole workspace, as does everything when files appeared or
  disappeared, the configuration or the rule set changed, or there is no previous run.

The index itself is rebuilt from parts (:mod:`copilot_lint.query.index_parts`), so an edit
costs the parts of the edited files only. ``tests/test_incremental.py`` checks on random edit
sequences that the result is always the one a full run gives.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from copilot_lint.engine.run import Result, run_rules
from copilot_lint.model.analysis import Analysis
from copilot_lint.model.finding import Finding
from copilot_lint.model.rule import Rule
from copilot_lint.model.context import Context
from copilot_lint.query.env_names import GENERATED_NAMES, generated_names
from copilot_lint.query.index import index_of
from copilot_lint.query.index_parts import IndexParts

INDEX = "index"


def _generated(ws: Context) -> tuple[Any, tuple]:
    found = generated_names(ws)
    return found, tuple((g.logical_id, g.file, tuple(g.envs), g.pattern.pattern, g.export)
                        for g in found)


GLOBALS: dict[str, tuple[str, Any]] = {GENERATED_NAMES: ("generated_names", _generated)}
"""What a rule may read of the whole workspace besides the index (:attr:`Rule.reads`): name →
(its attribute of ``ws.analysis``, a function giving its value and a digest to compare runs
by)."""


@dataclass
class Plan:
    """What one run did: rules kept, run on a workload, run on everything."""

    full: bool = True
    kept: list[str] = field(default_factory=list)
    narrowed: list[str] = field(default_factory=list)
    rerun: list[str] = field(default_factory=list)
    units: tuple[str, ...] = ()


@dataclass
class _Previous:
    files: dict[str, tuple[str, Any]]
    """Display path → (role, parsed tree or text)."""
    rules: tuple[type[Rule], ...]
    config: Any
    findings: dict[type[Rule], list[Finding]]
    digests: dict[str, tuple] = field(default_factory=dict)


class Incremental:
    """The previous run of one workspace, and :meth:`run` to run the rules again."""

    def __init__(self) -> None:
        self.parts = IndexParts()
        self._previous: _Previous | None = None
        self.plan = Plan()

    def run(self, ws: Context, rules: list[type[Rule]]) -> Result:
        """The rules' findings for ``ws`` (stamped, before suppressions and filters), equal to
        :func:`~copilot_lint.engine.run.run_rules` on everything."""
        ws.analysis.index_parts = self.parts
        self.parts.begin()
        files = {f.path: (f.role, f.root if f.root is not None else (f.text or ""))
                 for f in ws.files}
        previous, self._previous = self._previous, None
        plan = Plan()
        by_rule: dict[type[Rule], list[Finding]] = {}
        changed = self._changed(previous, files, ws, rules)
        digests = _digests(ws, rules)
        if changed is None:
            for rule in rules:
                by_rule[rule] = run_rules(ws, [rule]).findings
            plan.rerun = [r.id for r in rules]
        else:
            moved = {name for name, digest in digests.items()
                     if previous.digests.get(name) != digest}
            self._again(ws, rules, previous, changed, moved, by_rule, plan)
        index_of(ws)
        self.parts.prune()
        self.plan = plan
        self._previous = _Previous(files, tuple(rules), ws.config,
                                   {rule: found for rule, found in by_rule.items()}, digests)
        result = Result()
        for rule in rules:
            for finding in by_rule[rule]:
                result.findings.append(_copy(finding))
                result.internal_errors += finding.internal
        return result

    def forget(self) -> None:
        """Drop the previous run (the next one runs everything)."""
        self._previous = None
        self.parts = IndexParts()

    def _changed(self, previous: _Previous | None, files: dict, ws: Context,
                 rules: list[type[Rule]]) -> set[str] | None:
        """The display paths whose content changed, or ``None`` when everything must run."""
        if previous is None or previous.rules != tuple(rules) or previous.config != ws.config \
                or previous.files.keys() != files.keys():
            return None
        changed = set()
        for path, (role, content) in files.items():
            old_role, old = previous.files[path]
            if role != old_role:
                return None
            if not (old is content or (isinstance(old, str) and old == content)):
                changed.add(path)
        return changed

    def _again(self, ws: Context, rules: list[type[Rule]], previous: _Previous,
               changed: set[str], moved: set[str], by_rule: dict, plan: Plan) -> None:
        """Run again what the edit of ``changed`` can change; ``moved``: the workspace-wide
        values (:data:`GLOBALS`) that came out different."""
        plan.full = False
        owner = owners(ws)
        units = {owner.get(path) for path in changed}
        shared = None in units
        roles = {f.role for f in ws.files if f.path in changed}
        index_changed: bool | None = None
        for rule in rules:
            reads = rule.reads
            if reads is not None and INDEX in reads and index_changed is None and changed:
                index_of(ws)
                index_changed = self.parts.changed
            stale = bool(reads is not None and (
                (INDEX in reads and index_changed) or (reads & moved)))
            if reads is not None and not (roles & reads) and not stale:
                by_rule[rule] = previous.findings[rule]
                plan.kept.append(rule.id)
            elif reads is not None and rule.scope == "workload" and not shared and not stale:
                found = _narrowed(ws, rule, {u for u in units if u}, owner,
                                  previous.findings[rule])
                if found is None:
                    by_rule[rule] = run_rules(ws, [rule]).findings
                    plan.rerun.append(rule.id)
                else:
                    by_rule[rule] = found
                    plan.narrowed.append(rule.id)
            else:
                by_rule[rule] = run_rules(ws, [rule]).findings
                plan.rerun.append(rule.id)
        plan.units = tuple(sorted(u for u in units if u))


def _digests(ws: Context, rules: list[type[Rule]]) -> dict[str, tuple]:
    """The digests of the workspace-wide values the rules read (computed, and so kept in
    ``ws.analysis`` for the rules and the views)."""
    wanted = set().union(*(r.reads for r in rules if r.reads is not None)) & GLOBALS.keys()
    return {name: GLOBALS[name][1](ws)[1] for name in sorted(wanted)}


def owners(ws: Context) -> dict[str, str | None]:
    """Display path → the workload whose folder holds the file (``None``: no workload's)."""
    folders = {str(PurePosixPath(w.manifest.path).parent): w.name for w in ws.workloads
               if w.manifest is not None}
    found: dict[str, str | None] = {}
    for source in ws.files:
        parent = PurePosixPath(source.path).parent
        name = None
        for folder in (parent, *parent.parents):
            if str(folder) in folders:
                name = folders[str(folder)]
                break
        found[source.path] = name
    return found


def _narrowed(ws: Context, rule: type[Rule], units: set[str], owner: dict[str, str | None],
              previous: list[Finding]) -> list[Finding] | None:
    """``rule`` run on the workloads ``units`` alone, its other findings kept from
    ``previous``; ``None`` when the rule crashed on the view (the caller runs it on
    everything, to report the crash as a full run would)."""
    analysis = Analysis()
    analysis.index, analysis.index_parts = index_of(ws), ws.analysis.index_parts
    for attribute, _ in GLOBALS.values():
        setattr(analysis, attribute, getattr(ws.analysis, attribute))
    view = ws.narrowed(
        analysis, workloads=[w for w in ws.workloads if w.name in units],
        files=[f for f in ws.files if owner.get(f.path) is None or owner[f.path] in units])
    fresh = run_rules(view, [rule]).findings
    if any(f.internal for f in fresh):
        return None
    kept = [f for f in previous if owner.get(f.file) not in units]
    return kept + [f for f in fresh if owner.get(f.file) in units]


def _copy(finding: Finding) -> Finding:
    """A copy :func:`~copilot_lint.engine.run.finalize` may change (it merges environments and
    sets severities in place) without touching the kept one."""
    return dataclasses.replace(finding, environments=list(finding.environments))
