"""The library entry point: lint one workspace and return its findings."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from copilot_lint.cfn import stage as cfn_pass
from copilot_lint.engine.run import (
    Result,
    finalize,
    known_rules,
    run_after_suppressions,
    run_rules,
    selected_rules,
    suppressions_of,
)
from copilot_lint.engine.selectors import check_config
from copilot_lint.load.config import Config
from copilot_lint.load.discover import load_workspace
from copilot_lint.model.collector import collector_paused as _cyclic_gc_paused
from copilot_lint.model.context import Context
from copilot_lint.model.finding import Finding
from copilot_lint.model.memory import MemoryFiles
from copilot_lint.model.rule import Rule
from copilot_lint.model.workspace import Workspace


@dataclass
class Outcome:
    """Findings of one workspace, how many rules crashed, and the run's context (the workspace
    and the views the run worked out, for whoever goes on from the findings: ``--fix``, the
    graph, the language server's navigation)."""

    context: Context
    findings: list[Finding] = field(default_factory=list)
    internal_errors: int = 0

    @property
    def workspace(self) -> Workspace:
        """The workspace as loaded (data only)."""
        return self.context.workspace


def lint_workspace(copilot_dir: Path, config: Config | None = None, *,
                   env: str | None = None, cwd: Path | None = None,
                   only_files: set[str] | None = None,
                   memory: MemoryFiles | None = None,
                   runner: Callable[[Context, list[type[Rule]]], Result] | None = None
                   ) -> Outcome:
    """Load ``copilot_dir``, run the configured rules and the cfn-lint pass, and return sorted
    findings (raises :class:`~copilot_lint.load.config.ConfigError` for unusable cfn-lint options,
    a broken policy or a selector that names no rule).

    ``only_files`` (display paths) keeps only findings in those files, as a pre-commit run
    on a few files wants. ``memory`` (contents that replace files on disk: an editor's unsaved
    buffers, standard input; and the parse cache of earlier runs) is passed to
    :func:`~copilot_lint.load.discover.load_workspace`. ``runner`` runs the rules instead of
    :func:`~copilot_lint.engine.run.run_rules` (the language server's
    :class:`~copilot_lint.engine.incremental.Incremental`).
    """
    config = config or Config()
    check_config(config, known_rules(config),
                 cfn_pass.rule_ids if cfn_pass.enabled(config) else None)
    rules = selected_rules(config)
    first = [r for r in rules if not r.after_suppressions]
    late = [r for r in rules if r.after_suppressions]
    with _cyclic_gc_paused():
        ws = Context(load_workspace(copilot_dir, cwd=cwd, config=config, memory=memory))
        result = (runner or run_rules)(ws, first)
    cfn_ran = cfn_pass.enabled(config)
    if cfn_ran:
        cfn = cfn_pass.run_pass(ws, config, env=env, only_files=only_files)
        result.findings.extend(cfn.findings)
        result.internal_errors += cfn.internal_errors
    suppressions = suppressions_of(ws, config) if late else None
    findings = finalize(ws, result.findings, config, env, suppressions)
    if late:
        after = run_after_suppressions(ws, config, late, suppressions, {r.id for r in first},
                                       cfn_ran, env)
        findings = sorted(findings + after.findings, key=Finding.sort_key)
        result.internal_errors += after.internal_errors
    if only_files is not None:
        findings = [f for f in findings if f.file in only_files]
    return Outcome(ws, findings, result.internal_errors)
