"""``--format gitlab``: a GitLab Code Quality report (``artifacts: reports: codequality``).

A JSON array with one issue per finding, as GitLab's documentation of the format describes:
``description`` (environments first, as the text format shows them), ``check_name`` (the rule
id), ``fingerprint`` (unique in the report, and stable when lines move: the rule, the file and
what the finding is about, as in baselines), ``severity`` (``major`` for errors, ``minor`` for
warnings, ``info``), ``location`` with ``path`` (relative to ``$CI_PROJECT_DIR`` when set, else
to the working directory) and ``positions`` (begin and, when known, end: line and column), plus
``type``, ``categories`` and ``content.body`` (the hint: how to fix it).
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from copilot_lint.model.escape import visible
from copilot_lint.model.finding import Finding
from copilot_lint.report.baseline import fingerprint
from copilot_lint.report.common import with_environments
from copilot_lint.report.ranges import Ranges

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def project_path(path: str) -> str:
    """``path`` relative to ``$CI_PROJECT_DIR`` (the repository GitLab checked out) when it is
    set and the file is inside it; else as reported."""
    base = os.environ.get("CI_PROJECT_DIR")
    if not base:
        return path
    try:
        rel = os.path.relpath(Path(path).absolute(), Path(base).absolute())
    except ValueError:
        return path
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def issue(finding: Finding, ranges: Ranges, seen: dict[str, int]) -> dict:
    """One finding as a Code Quality issue (``seen`` makes repeated fingerprints unique)."""
    path = project_path(finding.file)
    base = fingerprint(finding, path)
    count = seen.get(base, 0)
    seen[base] = count + 1
    unique = base if not count else hashlib.sha256(f"{base}/{count}".encode()).hexdigest()[:32]
    begin = {"line": max(1, finding.line), "column": max(1, finding.column)}
    end = ranges.end(finding)
    positions = {"begin": begin}
    if end is not None and end >= (begin["line"], begin["column"]):
        positions["end"] = {"line": end[0], "column": end[1]}
    entry = {
        "type": "issue",
        "description": with_environments(finding),
        "check_name": visible(finding.rule),
        "fingerprint": unique,
        "severity": SEVERITIES.get(finding.severity, "minor"),
        "categories": ["Bug Risk"],
        "location": {"path": visible(path), "positions": positions},
    }
    if finding.hint:
        entry["content"] = {"body": visible(finding.hint)}
    return entry


def render(findings: list[Finding], context) -> str:
    ranges, seen = Ranges.of(context), {}
    return json.dumps([issue(f, ranges, seen) for f in findings], indent=2) + "\n"
