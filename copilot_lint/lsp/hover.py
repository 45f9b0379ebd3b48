"""Hover: a finding's ``--explain`` text, and a manifest key's description from its schema.

On a diagnostic's range the hover shows the documentation of each rule found there (what
``copilot-lint --explain ID`` prints). On a key of a workload, environment or pipeline manifest
it shows what the key takes and its ``description`` in the manifest's JSON Schema (the words of
:mod:`copilot_lint.schema.describe`: what it does, its default, the Copilot version that added
it); while the latest edit is not linted yet, the key's description alone, from the buffer's
text (:func:`buffer_hover`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from lsprotocol import types

from copilot_lint.load.config import Config, ConfigError
from copilot_lint.lsp import schema_keys
from copilot_lint.lsp.convert import character, finding_range, overlaps
from copilot_lint.lsp.session import Snapshot
from copilot_lint.model.workspace import SourceFile
from copilot_lint.model.node import Node

_SCHEMA_ROLES = {"env-manifest": "environment", "pipeline": "pipeline"}


def hover(snapshot: Snapshot, path: Path, lines: list[str],
          at: types.Position) -> types.Hover | None:
    """What to show for the cursor at ``at`` in ``path``, or ``None``."""
    point = types.Range(at, at)
    parts: list[str] = []
    for finding in snapshot.by_path.get(path, []):
        if overlaps(finding_range(finding, lines), point):
            text = explanation(finding.rule, snapshot.context.config)
            if text and text not in parts:
                parts.append(text)
    source = next((f for f in snapshot.context.files if f.abspath.absolute() == path), None)
    if source is not None and at.line < len(lines):
        described = key_description(source, at.line + 1,
                                    character(lines[at.line], at.character) + 1)
        if described:
            parts.append(described)
    if not parts:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                    value="\n\n---\n\n".join(parts)))


def explanation(rule_id: str, config: Config | None) -> str | None:
    """What ``--explain`` prints for a rule: built-in, plugin, team policy, or cfn-lint's."""
    from copilot_lint.engine.run import known_rules

    try:
        rules = known_rules(config or Config())
    except ConfigError:
        rules = []
    rule = next((r for r in rules if r.id == rule_id), None)
    if rule is not None:
        from copilot_lint.report.docs import explain

        return explain(rule)
    if rule_id.upper().startswith("CFN-"):
        from copilot_lint.cfn import stage as cfn_pass

        try:
            return cfn_pass.explain(rule_id)
        except ConfigError:
            return None
    return None


def key_description(source: SourceFile, line: int, col: int) -> str | None:
    """``**key** — what it takes`` and the key's description, for the manifest key at 1-based
    (``line``, ``col``)."""
    name = schema_name(source)
    if name is None or source.mapping is None:
        return None
    path = key_path_at(source.mapping, line, col)
    return describe_key(name, path) if path else None


def describe_key(name: str, path: tuple) -> str | None:
    """What the key ``path`` of a manifest of schema ``name`` takes, and its description."""
    from copilot_lint.schema.assemble import assembled

    doc = assembled(name)
    node = schema_keys.property_nodes(doc, path[:-1]).get(path[-1])
    if node is None:
        nodes = schema_keys.child_nodes(schema_keys.at_path(doc, path[:-1]), doc, path[-1])
    else:
        nodes = schema_keys.expand(node, doc)
    text = schema_keys.description(nodes)
    if not text:
        return None
    expect = schema_keys.expect(nodes)
    shown = ".".join(str(step) for step in path)
    return f"**{shown}**" + (f" — {expect}" if expect else "") + f"\n\n{text}"


def describe(node: Any, root: Any, path: tuple) -> str | None:
    """The ``description`` of the schema reached by ``path`` from ``node`` (in the schema
    ``root``), through ``$ref``, unions and list items."""
    nodes = schema_keys.expand(node, root)
    for step in path:
        if isinstance(step, int):
            continue
        nodes = schema_keys.child_nodes(nodes, root, step)
    return schema_keys.description(nodes)


def buffer_hover(root: Path, path: Path, text: str, at: types.Position) -> types.Hover | None:
    """A manifest key's description read from the buffer as it is (for a hover that comes
    before the lint of the latest edit, or on text that does not parse)."""
    from copilot_lint.lsp.completion import schema_kind
    from copilot_lint.lsp.cursor import key_under

    kind = schema_kind(root, path, text)
    lines = text.replace("\r\n", "\n").split("\n")
    if not kind or at.line >= len(lines):
        return None
    key = key_under(lines, at.line, character(lines[at.line], at.character))
    described = describe_key(kind, key) if key else None
    if not described:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                    value=described))


def schema_name(source: SourceFile) -> str | None:
    """The schema of a manifest file (by its role and ``type``), ``None`` for other files."""
    from copilot_lint.schema.assemble import KINDS

    if source.role in _SCHEMA_ROLES:
        return _SCHEMA_ROLES[source.role]
    if source.role != "manifest" or source.mapping is None:
        return None
    kind = source.mapping.get("type")
    return KINDS.get(kind.value) if kind is not None and kind.is_str else None


def key_path_at(root: Node, line: int, col: int) -> tuple | None:
    """The key path of the mapping key written at (``line``, ``col``), or ``None``."""
    for path, node in root.walk():
        if not node.is_map or not node.keys:
            continue
        for key, key_node in node.keys.items():
            width = len(key) + (2 if key_node.quoted else 0)
            if key_node.line == line and key_node.col <= col < key_node.col + width:
                return path + (key,)
    return None
