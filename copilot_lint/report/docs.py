"""Rule documentation from the rules' docstrings: ``--explain`` text and ``docs/rules.md``.

There is one source: each rule's class attributes and its module docstring. ``explain(rule)`` is
one rule's section, exactly as it appears in ``docs/rules.md``; ``rules_page()`` is the whole
page. Regenerate the page with ``copilot-lint --generate-docs docs/rules.md``; a test fails when
the committed page is stale.

Links to copilot-lint's own pages come from the installed package's metadata (``[project.urls]``
in ``pyproject.toml``): ``Rules`` is the rules page, else ``Repository`` (or ``Source``) on
GitHub or GitLab gives ``<repository>/blob/HEAD/docs/rules.md``. Without such an entry there is
no published page, and every output leaves the link out rather than point nowhere. In the
generated page itself, a rule's source file is a link relative to ``docs/``; everywhere else
(``--explain``, hover, SARIF) it is plain text.
"""
from __future__ import annotations

import re
from functools import cache

from copilot_lint.model.rule import Rule

CFN_LINT_RULES_URL = "https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md"
"""cfn-lint's published rules page (its ``CFN-`` findings link there)."""
_FORGES = ("https://github.com/", "https://gitlab.com/")

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


@cache
def project_urls() -> dict[str, str]:
    """``[project.urls]`` of the installed copilot-lint (label → URL), empty when it has none
    (or when it runs from a checkout that is not installed)."""
    from importlib import metadata

    try:
        entries = metadata.metadata("copilot-lint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return {}
    urls = {}
    for entry in entries:
        label, _, url = entry.partition(",")
        if url.strip().startswith("https://"):
            urls[label.strip().lower()] = url.strip()
    return urls


def home_page() -> str | None:
    """The project's address (``Homepage``, ``Repository``, ``Source``), or ``None``."""
    urls = project_urls()
    return next((urls[k] for k in ("homepage", "repository", "source") if k in urls), None)


def rules_page_url() -> str | None:
    """Where ``docs/rules.md`` is published, or ``None`` when nowhere is known."""
    urls = project_urls()
    if "rules" in urls:
        return urls["rules"]
    repository = next((urls[k] for k in ("repository", "source") if k in urls), None)
    if repository and repository.startswith(_FORGES):
        return repository.rstrip("/").removesuffix(".git") + "/blob/HEAD/docs/rules.md"
    return None


def help_uri(rule_id: str) -> str | None:
    """Where a rule is documented: our rules page (``None`` when it is published nowhere), or
    cfn-lint's for ``CFN-*`` ids."""
    if rule_id.upper().startswith("CFN-"):
        return CFN_LINT_RULES_URL
    page = rules_page_url()
    return f"{page}#{anchor(rule_id)}" if page else None


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


def explain(rule: type[Rule], *, on_page: bool = False) -> str:
    """One rule's section of the rules page (``--explain`` prints it); ``on_page``: as in
    ``docs/rules.md``, where the rule's source is a link relative to the page."""
    source = rule.origin or (f"[`{source_path(rule)}`](../{source_path(rule)})" if on_page
                             else f"`{source_path(rule)}`")
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
    parts.extend(explain(rule, on_page=True).rstrip("\n") for rule in rules)
    return "\n\n".join(parts) + "\n"
