"""The public rule API is a frozen, versioned contract: every change to ``__all__`` is deliberate
and recorded in docs/api-changelog.md."""
from __future__ import annotations

import re
from pathlib import Path

import copilot_lint.api as api

CHANGELOG = Path(__file__).parent.parent / "docs" / "api-changelog.md"

FROZEN = [
    "API_VERSION", "AddonEval", "AddonSet", "Context", "Edit", "Environment", "Finding", "Fix",
    "Index",
    "Node", "Pipeline", "Rule", "Severity", "SourceFile", "Statement", "Tagged", "Workload",
    "WorkloadType", "Workspace", "add_key", "addon_eval", "closest", "create_file",
    "environments", "index_of", "is_known", "manifest_for", "rename_key", "rename_key_node",
    "replace", "replace_node", "show", "statements"
]
"""``copilot_lint.api.__all__`` of API 1. Changing it means a changelog entry (below), and a new
``API_VERSION`` when a name goes away or changes meaning."""


def test_all_is_frozen() -> None:
    assert sorted(api.__all__) == FROZEN
    assert api.API_VERSION == "1"
    assert all(hasattr(api, name) for name in api.__all__)


def test_a_change_to_all_needs_a_changelog_entry() -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    latest = re.search(r"^## API (\S+)\n(.*?)(?=^## API |\Z)", text, re.S | re.M)
    assert latest is not None, "docs/api-changelog.md has no '## API <version>' section"
    assert latest.group(1) == api.API_VERSION
    listed = re.search(r"^Names: (.*)$", latest.group(2), re.M)
    assert listed is not None, "the latest entry ends with 'Names: `a`, `b`, …'"
    assert sorted(re.findall(r"`([^`]+)`", listed.group(1))) == sorted(api.__all__), \
        "copilot_lint.api.__all__ changed: add an entry to docs/api-changelog.md"


def test_the_example_plugin_uses_only_the_facade() -> None:
    plugin = Path(__file__).parent.parent / "examples" / "rule-plugin"
    for path in plugin.rglob("*.py"):
        for module in re.findall(r"^\s*(?:from|import) (copilot_lint[\w.]*)", path.read_text(),
                                 re.M):
            assert module == "copilot_lint.api", f"{path} imports {module}"
