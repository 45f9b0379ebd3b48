"""``--format sarif``: a SARIF 2.1.0 log for code-scanning tools (GitHub's upload-sarif).

One run; its tool driver describes every registered rule (id, name, short and full description,
help text and Markdown from the docstring, ``helpUri`` into ``docs/rules.md``, default level),
plus a descriptor for each other rule id that has findings (``CFN-*`` ids of the cfn-lint pass).
One finding is one result: ``ruleId``, ``level``, the message (environments first, as the text
format shows them, and the hint on a second line, ``help: …``), one physical location with a
region, and a ``partialFingerprints`` entry built from the rule, the file and the finding's
position-free identity, so results keep their identity when lines move.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from copilot_lint import __version__
from copilot_lint.model.escape import uri_path, visible, visible_lines
from copilot_lint.model.finding import Finding
from copilot_lint.model.rule import Rule
from copilot_lint.report.baseline import fingerprint
from copilot_lint.report.common import repo_path, rules_by_id, source_root, with_hint
from copilot_lint.report.docs import explain, help_uri, home_page
from copilot_lint.report.ranges import Ranges

SCHEMA_URI = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
              "sarif-schema-2.1.0.json")
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "copilotLint/v1"
_SECTION = re.compile(r"^## What it does\n(.*?)(?=^## |\Z)", re.S | re.M)


def _full_description(rule: type[Rule]) -> str:
    match = _SECTION.search(rule.doc())
    return " ".join(match.group(1).split()) if match else rule.summary() + "."


def _area(rule: type[Rule]) -> str:
    if rule.origin:
        return rule.origin.split()[0]
    parts = rule.__module__.split(".")
    return parts[2] if len(parts) > 3 and parts[:2] == ["copilot_lint", "rules"] else "other"


def descriptor(rule: type[Rule]) -> dict:
    """The SARIF ``reportingDescriptor`` of a rule; a plugin's or a team policy's text comes
    from outside, so every field is escaped (no bidirectional control reorders what a code
    scanning page shows)."""
    entry = {
        "id": visible(rule.id),
        "name": visible(rule.name),
        "shortDescription": {"text": visible(rule.summary() + ".")},
        "fullDescription": {"text": visible(_full_description(rule))},
        "help": {"text": visible_lines(rule.doc()), "markdown": visible_lines(explain(rule))},
        "helpUri": help_uri(rule.id) if not rule.origin else None,
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": ["copilot", visible(_area(rule))]},
    }
    if entry["helpUri"] is None:
        del entry["helpUri"]
    return entry


def foreign_descriptor(rule_id: str) -> dict:
    """A descriptor for a rule id outside the registry (``CFN-E3012`` from the cfn-lint pass)."""
    if rule_id.upper().startswith("CFN-"):
        native = rule_id[4:]
        return {
            "id": rule_id,
            "name": f"cfn-lint-{native}",
            "shortDescription": {"text": f"cfn-lint rule {native} on an addon template."},
            "fullDescription": {"text": f"A finding of cfn-lint's rule {native}, reported by "
                                        f"copilot-lint's cfn-lint pass on an addon template."},
            "help": {"text": f"See cfn-lint's documentation of rule {native}."},
            "helpUri": help_uri(rule_id),
            "properties": {"tags": ["cloudformation", "cfn-lint"]},
        }
    return {"id": rule_id, "shortDescription": {"text": f"copilot-lint rule {rule_id}."}}


def artifact_location(path: str) -> dict:
    """A file as a URI relative to the source root (spaces, ``%``, ``#`` and undecodable bytes
    percent-encoded), or absolute."""
    shown = repo_path(path)
    if Path(shown).is_absolute():
        return {"uri": "file://" + uri_path(shown)}
    return {"uri": uri_path(shown), "uriBaseId": "%SRCROOT%"}


def region(finding: Finding, ranges: Ranges | None = None) -> dict:
    """The finding's region: its start, and its end when known (``endColumn`` is the column
    after the last character, as SARIF's)."""
    area = {"startLine": max(1, finding.line), "startColumn": max(1, finding.column)}
    end = (ranges or Ranges({})).end(finding)
    if end is not None and (end[0], end[1]) > (area["startLine"], area["startColumn"]):
        area.update(endLine=end[0], endColumn=end[1])
    return area


def result(finding: Finding, index: int, ranges: Ranges | None = None) -> dict:
    """The SARIF ``result`` of one finding; ``index`` is its rule's place in the driver."""
    entry: dict = {
        "ruleId": visible(finding.rule),
        "ruleIndex": index,
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": with_hint(finding)},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact_location(finding.file),
            "region": region(finding, ranges),
        }}],
        "partialFingerprints": {FINGERPRINT: fingerprint(finding, repo_path(finding.file))},
    }
    if finding.environments:
        entry["properties"] = {"environments": [visible(e) for e in finding.environments]}
    return entry


def sarif_log(findings: list[Finding], context) -> dict:
    """The whole SARIF log as plain data."""
    known = rules_by_id(getattr(context, "rules", None))
    ordered = sorted(known.values(), key=lambda r: r.id)
    descriptors = [descriptor(rule) for rule in ordered]
    positions = {rule.id: i for i, rule in enumerate(ordered)}
    for finding in findings:
        if finding.rule not in positions:
            positions[finding.rule] = len(descriptors)
            descriptors.append(foreign_descriptor(visible(finding.rule)))
    extra = getattr(context, "extra", {}) or {}
    ranges = Ranges.of(context)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "copilot-lint",
                "version": __version__,
                "semanticVersion": __version__,
                **({"informationUri": home_page()} if home_page() else {}),
                "rules": descriptors,
            }},
            "invocations": [{"executionSuccessful": not extra.get("internal_errors")}],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": source_root().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [result(f, positions[f.rule], ranges) for f in findings],
        }],
    }


def render(findings: list[Finding], context) -> str:
    return json.dumps(sarif_log(findings, context), indent=2, ensure_ascii=False) + "\n"
