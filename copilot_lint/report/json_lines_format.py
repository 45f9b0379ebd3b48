"""``--format json-lines``: one finding per line, each a JSON object with the fields of
``--format json`` plus ``hint`` (how to fix it); nothing for no findings.

For tools that stream or ``grep`` findings, and for logs that keep one record per line: every
line is a complete JSON document (non-ASCII characters are ``\\u`` escapes, so no character can
break a line).
"""
from __future__ import annotations

import json

from copilot_lint.model.escape import visible
from copilot_lint.model.finding import Finding
from copilot_lint.report.common import rules_by_id
from copilot_lint.report.json_format import as_dict
from copilot_lint.report.ranges import Ranges


def render(findings: list[Finding], context) -> str:
    known, ranges = rules_by_id(getattr(context, "rules", None)), Ranges.of(context)
    return "".join(json.dumps({**as_dict(f, known, ranges), "hint": visible(f.hint) or None})
                   + "\n" for f in findings)
