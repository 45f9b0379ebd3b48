"""Output formats. Each reporter module has ``render(findings, context) -> str``."""
from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field

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
    return module.render(findings, context)
