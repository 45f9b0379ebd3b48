"""``--format summary``: a Markdown report for a CI job summary (``$GITHUB_STEP_SUMMARY``).

A headline with the counts, a table of findings per rule and severity, the findings themselves
(linked to the file and line on GitHub when the workflow variables say where, each message followed
by its hint), and each
workspace's wiring as a Mermaid diagram with the elements that have findings marked. Text from
the workspace is escaped for Markdown and HTML; long reports are cut to stay well inside GitHub's
summary size limit.
"""
from __future__ import annotations

import os
import re
from collections import Counter

from copilot_lint.model.escape import uri_path, visible
from copilot_lint.model.finding import SEVERITIES, Finding
from copilot_lint.report.common import repo_path, rules_by_id
from copilot_lint.report.docs import help_uri

MAX_ROWS = 300
MAX_MERMAID = 40_000
"""GitHub refuses to draw Mermaid text above 50,000 characters."""
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


def table(findings: list[Finding]) -> list[str]:
    """The findings, one row each (cut after ``MAX_ROWS``)."""
    lines = ["| | location | rule | environments | message |", "|---|---|---|---|---|"]
    for finding in findings[:MAX_ROWS]:
        lines.append(f"| {ICONS.get(finding.severity, '')} | {_link(finding)} | "
                     f"{md(finding.rule)} | {md(', '.join(finding.environments))} | "
                     f"{md(finding.message)}{_hint(finding)} |")
    if len(findings) > MAX_ROWS:
        lines.append(f"\n… and {len(findings) - MAX_ROWS} more: see the annotations or the "
                     f"SARIF file.")
    return lines


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
    parts = ["## copilot-lint", "", headline(findings, context), ""]
    if findings:
        parts += ["### Findings per rule", "", *per_rule(findings, context), "",
                  "### Findings", "", *table(findings), ""]
    workspaces = (getattr(context, "extra", {}) or {}).get("workspaces") or []
    if workspaces:
        parts += ["### How the application is wired", "",
                  "Solid arrows: exports and imports, policies granting access; dashed: secrets; "
                  "thick: policies attached to a task role. Outlined in red, orange or blue: "
                  "elements with errors, warnings or notes.", ""]
        for workspace in workspaces:
            parts += [*wiring(workspace, findings), ""]
    return "\n".join(parts)
