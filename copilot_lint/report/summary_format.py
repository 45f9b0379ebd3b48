"""``--format summary``: a Markdown report for a CI job summary (``$GITHUB_STEP_SUMMARY``).

A headline with the counts, a table of findings per rule and severity, the findings themselves
(linked to the file and line on GitHub when the workflow variables say where, each message
followed by its hint), and each workspace's wiring as a Mermaid diagram with the elements that
have findings marked. Text from the workspace is escaped for Markdown and HTML; long reports are
cut to stay well inside GitHub's summary size limit: at most :data:`MAX_ROWS` rows and
:data:`MAX_BYTES` bytes in all (counted in bytes, as GitHub counts; values quoted at length in
messages are shortened by the engine).
"""
from __future__ import annotations

import os
import re
from collections import Counter

from copilot_lint.model.escape import uri_path, visible
from copilot_lint.model.finding import Finding
from copilot_lint.model.vocabulary import SEVERITIES
from copilot_lint.report.common import repo_path, rules_by_id
from copilot_lint.report.docs import help_uri

MAX_ROWS = 300
MAX_MERMAID = 40_000
"""GitHub refuses to draw Mermaid text above 50,000 characters."""
MAX_BYTES = 1_000_000
"""GitHub drops a job summary over 1 MiB (1,048,576 bytes) whole; the report stays under this,
with room for the Action's own lines."""
ICONS = {"error": ":x:", "warning": ":warning:", "info": ":information_source:"}
_MARKDOWN = re.compile(r"([\\`*_\[\]|~#])")


def md(text: str) -> str:
    """Plain text made safe for a Markdown table cell (control characters escaped visibly)."""
    text = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _link(finding: Finding) -> str:
    where = f"{repo_path(finding.file)}:{finding.line}:{finding.column}"
    server, repo = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    sha = os.environ.get("GITHUB_SHA")
    if server and repo and sha and not repo_path(finding.file).startswith(("/", "..")):
        url = f"{server}/{repo}/blob/{sha}/{uri_path(repo_path(finding.file))}#L{finding.line}"
        return f"[{md(where)}]({url})"
    return md(where)


def headline(findings: list[Finding], context) -> str:
    """One line: the counts, or that there is nothing to report."""
    counts = Counter(f.severity for f in findings)
    files = len({f.file for f in findings})
    parts = [_plural(counts[s], s) for s in reversed(SEVERITIES) if counts[s]]
    extra = getattr(context, "extra", {}) or {}
    baseline = extra.get("baseline")
    known = f" ({_plural(baseline.matched, 'known finding')} hidden by the baseline)" \
        if baseline is not None and baseline.matched else ""
    if not findings:
        return f":white_check_mark: **No findings**{known}"
    icon = ICONS["error"] if counts["error"] else ICONS["warning"] if counts["warning"] \
        else ICONS["info"]
    return f"{icon} **{', '.join(parts)}** in {_plural(files, 'file')}{known}"


def per_rule(findings: list[Finding], context) -> list[str]:
    """The table of findings per rule and severity."""
    known = rules_by_id(getattr(context, "rules", None))
    counts = Counter((f.rule, f.severity) for f in findings)
    lines = ["| rule | name | error | warning | info | total |", "|---|---|--:|--:|--:|--:|"]
    for rule in sorted({f.rule for f in findings}):
        name = known[rule].name if rule in known else ""
        row = [counts[(rule, s)] for s in ("error", "warning", "info")]
        link = help_uri(rule)
        lines.append(f"| {f'[{md(rule)}]({link})' if link else md(rule)} | {md(name)} | "
                     + " | ".join(str(n) if n else "" for n in row) + f" | {sum(row)} |")
    return lines


def _hint(finding: Finding) -> str:
    return f"<br>*help:* {md(finding.hint)}" if finding.hint else ""


def table(findings: list[Finding], budget: Budget | None = None) -> list[str]:
    """The findings, one row each (cut after ``MAX_ROWS``, or when ``budget`` runs out)."""
    budget = budget or Budget(MAX_BYTES)
    lines = ["| | location | rule | environments | message |", "|---|---|---|---|---|"]
    budget.take(lines)
    shown = 0
    for finding in findings[:MAX_ROWS]:
        row = (f"| {ICONS.get(finding.severity, '')} | {_link(finding)} | "
               f"{md(finding.rule)} | {md(', '.join(finding.environments))} | "
               f"{md(finding.message)}{_hint(finding)} |")
        if not budget.take([row], reserve=_NOTE_BYTES):
            break
        lines.append(row)
        shown += 1
    if shown < len(findings):
        lines.append(f"\n… and {len(findings) - shown} more: see the annotations or the "
                     f"SARIF file.")
        budget.take(lines[-1:])
    return lines


_NOTE_BYTES = 200
"""Room kept for a line saying what was left out."""


class Budget:
    """The bytes (UTF-8, line breaks included) a report may still use."""

    def __init__(self, left: int) -> None:
        self.left = left

    def take(self, lines: list[str], reserve: int = 0) -> bool:
        """Spend the size of ``lines`` if that leaves ``reserve`` bytes; else spend nothing."""
        size = sum(len(line.encode("utf-8", "surrogatepass")) + 1 for line in lines)
        if size + reserve > self.left:
            return False
        self.left -= size
        return True


def wiring(workspace, findings: list[Finding]) -> list[str]:
    """A workspace's wiring as a Mermaid block (or why it is left out)."""
    from copilot_lint.graph.build import build_graph
    from copilot_lint.graph.render import to_mermaid

    title = md(f"{workspace.app or 'application'} ({workspace.display_root})")
    try:
        text = to_mermaid(build_graph(workspace, findings))
    except Exception as err:  # noqa: BLE001 - the summary must not fail on a drawing
        return [f"#### {title}", "", f"The diagram could not be drawn ({md(type(err).__name__)}:"
                                     f" {md(str(err))}); please report it."]
    if len(text) > MAX_MERMAID:
        return [f"#### {title}", "", f"The diagram is too large for a job summary "
                                     f"({len(text)} characters); draw it with "
                                     f"`copilot-lint graph --format dot`."]
    return [f"#### {title}", "", "```mermaid", text.rstrip("\n"), "```"]


def render(findings: list[Finding], context) -> str:
    budget = Budget(MAX_BYTES)
    parts = ["## copilot-lint", "", headline(findings, context), ""]
    budget.take(parts)
    if findings:
        rules = per_rule(findings, context)
        kept = [line for line in rules if budget.take([line], reserve=MAX_BYTES // 2)]
        if len(kept) < len(rules):
            kept.append(f"\n… and {len(rules) - len(kept)} more rules.")
            budget.take(kept[-1:])
        parts += ["### Findings per rule", "", *kept, "", "### Findings", ""]
        budget.take(["### Findings per rule", "", "", "### Findings", ""])
        parts += [*table(findings, budget), ""]
    workspaces = (getattr(context, "extra", {}) or {}).get("workspaces") or []
    if workspaces:
        intro = ["### How the application is wired", "",
                 "Solid arrows: exports and imports, policies granting access; dashed: secrets; "
                 "thick: policies attached to a task role. Outlined in red, orange or blue: "
                 "elements with errors, warnings or notes.", ""]
        if budget.take(intro, reserve=_NOTE_BYTES):
            parts += intro
            for workspace in workspaces:
                drawn = [*wiring(workspace, findings), ""]
                if not budget.take(drawn, reserve=_NOTE_BYTES):
                    drawn = [f"The diagram of {md(workspace.display_root)} is left out: the "
                             "summary is at GitHub's size limit.", ""]
                    budget.take(drawn)
                parts += drawn
    return "\n".join(parts)
