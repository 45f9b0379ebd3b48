"""Helpers the machine-readable reporters share: paths, titles, levels, rule lookup."""
from __future__ import annotations

import os
from pathlib import Path

from copilot_lint.model.escape import visible
from copilot_lint.model.finding import Finding
from copilot_lint.model.rule import Rule


def source_root() -> Path:
    """The folder paths are reported against: ``$GITHUB_WORKSPACE`` when set, else the cwd."""
    return Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).absolute()


def repo_path(path: str) -> str:
    """``path`` (relative to the working directory) made relative to :func:`source_root`.

    GitHub resolves annotation and SARIF paths against the repository root, which differs from
    the working directory when a workflow step sets ``working-directory``. A file outside the
    repository keeps an absolute path.
    """
    if not os.environ.get("GITHUB_WORKSPACE"):
        return path
    absolute = Path(path).absolute()
    try:
        rel = os.path.relpath(absolute, source_root())
    except ValueError:
        return absolute.as_posix()
    return absolute.as_posix() if rel.startswith("..") else rel.replace(os.sep, "/")


def with_environments(finding: Finding) -> str:
    """The message, prefixed with its environments as the text format shows them (escaped:
    see :func:`~copilot_lint.model.escape.visible`)."""
    envs = f"[{', '.join(finding.environments)}] " if finding.environments else ""
    return visible(envs + finding.message)


HELP = "help: "
"""What introduces a finding's hint (how to fix it) in every output that prints it as text."""


def hint_text(finding: Finding) -> str:
    """``help: <hint>`` (escaped), or empty when the finding has no hint."""
    return visible(HELP + finding.hint) if finding.hint else ""


def with_hint(finding: Finding, separator: str = "\n") -> str:
    """:func:`with_environments`, then the hint after ``separator`` when there is one."""
    hint = hint_text(finding)
    return with_environments(finding) + (separator + hint if hint else "")


def rules_by_id(rules: list[type[Rule]] | None = None) -> dict[str, type[Rule]]:
    """Every registered rule (plus ``rules``) by id."""
    from copilot_lint.engine.registry import all_rules

    found = {rule.id: rule for rule in all_rules()}
    found.update({rule.id: rule for rule in rules or []})
    return found


def title(finding: Finding, known: dict[str, type[Rule]]) -> str:
    """``CL503 unresolved-import`` for our rules, the bare id for others (``CFN-E3012``)."""
    rule = known.get(finding.rule)
    return f"{finding.rule} {rule.name}" if rule else visible(finding.rule)


def rule_url(rule_id: str, known: dict[str, type[Rule]]) -> str | None:
    """Where a rule is documented: copilot-lint's rules page when it is published, cfn-lint's
    for ``CFN-`` ids; ``None`` for plugins, policies and when nothing is published."""
    from copilot_lint.report.docs import help_uri

    rule = known.get(rule_id)
    if rule is not None and rule.origin:
        return None
    return help_uri(rule_id)
