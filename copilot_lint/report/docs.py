"""Rule documentation from the rules' docstrings: ``--explain`` text and ``docs/rules.md``.

There is one source: each rule's class attributes and its module docstring. ``explain(rule)`` is
one rule's section, exactly as it appears in ``docs/rules.md``; ``rules_page()`` is the whole
page. Regenerate the page with ``copilot-lint --generate-docs docs/rules.md``; a test fails when
the committed page is stale.
"""
from __future__ import annotations

import re

from copilot_lint.model.rule import Rule

REPOSITORY_URL = "https://github.com/copilot-lint/copilot-lint"
"""Where the project is published; ``docs/rules.md`` is linked from SARIF ``helpUri``."""
RULES_PAGE_URL = f"{REPOSITORY_URL}/blob/main/docs/rules.md"
CFN_LINT_RULES_URL = "https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md"

FAMILIES = (
    ("CL0xx", "files and YAML: syntax, duplicate keys, tags, layout, document shape"),
    ("CL1xx", "workload, environment and pipeline manifests"),
    ("CL2xx", "the addon contract"),
    ("CL3xx", "physical names and environment isolation"),
    ("CL4xx", "IAM and secrets"),
    ("CL5xx", "network, exposure and cross-stack wiring"),
    ("CL6xx", "pipelines"),
    ("CFN-…", "cfn-lint's findings on addon templates, under cfn-lint's own id "
              "(`E3012` becomes `CFN-E3012`)"),
)
_FENCE = re.compile(r"^\s*(```|~~~)")


def anchor(rule_id: str) -> str:
    """The fragment of a rule's section in ``docs/rules.md`` (``CL503`` → ``cl503``)."""
    return rule_id.lower()


def help_uri(rule_id: str) -> str:
    """Where a rule is documented: our rules page, or cfn-lint's for ``CFN-*`` ids."""
    if rule_id.upper().startswith("CFN-"):
        return CFN_LINT_RULES_URL
    return f"{RULES_PAGE_URL}#{anchor(rule_id)}"


def source_path(rule: type[Rule]) -> str:
    """The rule's module as a path in the repository (``rules/network/unresolved_import.py``)."""
    module = rule.__module__
    prefix = "copilot_lint.rules."
    if module.startswith(prefix):
        return "rules/" + module[len(prefix):].replace(".", "/") + ".py"
    return module.replace(".", "/") + ".py"


def body(rule: type[Rule]) -> str:
    """The docstring after its summary line, with its ``##`` headings demoted to ``###``."""
    lines = rule.doc().splitlines()[1:]
    out, fenced = [], False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        out.append("#" + line if not fenced and line.startswith("## ") else line)
    return "\n".join(out).strip()


def explain(rule: type[Rule]) -> str:
    """One rule's section of the rules page (``--explain`` prints it)."""
    source = rule.origin or f"[`{source_path(rule)}`](../{source_path(rule)})"
    head = (f"## {rule.id}\n\n**{rule.name}** · default severity: {rule.severity} · "
            f"source: {source}\n\n{rule.summary()}.")
    text = body(rule)
    return f"{head}\n\n{text}\n" if text else f"{head}\n"


def rules_page(rules: list[type[Rule]]) -> str:
    """The whole ``docs/rules.md``."""
    parts = [
        "<!-- Generated from the rules' docstrings by `copilot-lint --generate-docs "
        "docs/rules.md`; do not edit by hand. -->",
        "# copilot-lint rules",
        "Each rule has a fixed id (used in configuration, suppression comments and baselines), a "
        "name that can stand for the id, and a default severity that configuration can change "
        "(`--severity CL403=error`). `copilot-lint --explain <id>` prints a rule's section.",
        "| family | what |\n|---|---|\n" + "\n".join(f"| `{f}` | {what} |" for f, what in FAMILIES),
        "| id | name | severity | summary |\n|---|---|---|---|\n" + "\n".join(
            f"| [{r.id}](#{anchor(r.id)}) | `{r.name}` | {r.severity} | "
            f"{r.summary().replace('|', chr(92) + '|')} |" for r in rules),
    ]
    parts.extend(explain(rule).rstrip("\n") for rule in rules)
    return "\n\n".join(parts) + "\n"
