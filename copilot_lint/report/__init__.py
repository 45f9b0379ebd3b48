"""Output formats. Each reporter module has ``render(findings, context) -> str``.

Whatever a reporter returns passes through
:func:`~copilot_lint.model.escape.no_workflow_commands` (no line of it is a GitHub workflow
command), with the escapes its module names in ``COMMAND_ESCAPES`` (default: JSON's, right for
JSON formats and harmless elsewhere); a module that emits workflow commands on purpose
(``github``) says ``WORKFLOW_COMMANDS = True`` and escapes its own values.
"""
from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field

from copilot_lint.model.escape import JSON_ESCAPES, no_workflow_commands
from copilot_lint.model.finding import Finding

FORMATS = ("text", "json", "json-lines", "sarif", "github", "gitlab", "rdjson", "junit",
           "summary")


@dataclass
class Context:
    """What a reporter may need beyond the findings."""

    color: bool = False
    rules: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def pick_format(name: str) -> str:
    """Resolve ``auto``: ``github`` inside GitHub Actions when available, else ``text``."""
    if name != "auto":
        return name
    if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in FORMATS:
        return "github"
    return "text"


def render(name: str, findings: list[Finding], context: Context) -> str:
    """The findings in the format ``name``."""
    module = importlib.import_module(f"copilot_lint.report.{name.replace('-', '_')}_format")
    text = module.render(findings, context)
    if getattr(module, "WORKFLOW_COMMANDS", False):
        return text
    return no_workflow_commands(text, getattr(module, "COMMAND_ESCAPES", JSON_ESCAPES))
