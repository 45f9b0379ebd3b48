"""The assembled manifest schemas seen from a key path: which schema nodes describe the value
there (through ``$ref``, unions and list items), the keys a mapping there may hold, what a value
there should look like and which values are allowed. Hover and completion read them; the steps
along a path are :mod:`copilot_lint.schema.walk`'s.
"""
from __future__ import annotations

from typing import Any

from copilot_lint.schema.walk import branches, child

_MAX_DEPTH = 12
_YAML_BOOLS = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO",
               "off", "Off", "OFF"}


def expand(node: Any, root: dict, depth: int = 0) -> list[dict]:
    """``node`` and every schema it stands for through ``$ref``, ``allOf``/``anyOf``/``oneOf``
    and ``if``/``then``/``else`` (list items are not entered); ``root`` is the whole schema."""
    if not isinstance(node, dict) or depth > _MAX_DEPTH:
        return []
    found = [node]
    for branch in branches(node, root):
        found.extend(expand(branch, root, depth + 1))
    for keyword in ("then", "else"):
        found.extend(expand(node.get(keyword), root, depth + 1))
    return found


def _with_items(nodes: list[dict], root: dict) -> list[dict]:
    out = list(nodes)
    for node in nodes:
        if isinstance(node.get("items"), dict):
            out.extend(expand(node["items"], root))
    return out


def child_nodes(nodes: list[dict], root: dict, step: str) -> list[dict]:
    """The schema nodes of the value under key ``step`` of a mapping described by ``nodes``."""
    found: list[dict] = []
    for node in _with_items(nodes, root):
        target = child(node, step)
        if isinstance(target, dict):
            found.extend(expand(target, root))
    return found


def at_path(doc: dict, path: tuple) -> list[dict]:
    """The schema nodes describing the value at ``path`` (keys; list indices are skipped)."""
    nodes = expand(doc, doc)
    for step in path:
        if isinstance(step, int):
            continue
        nodes = child_nodes(nodes, doc, step)
        if not nodes:
            return []
    return _with_items(nodes, doc)


def property_nodes(doc: dict, path: tuple) -> dict[str, dict]:
    """Key → its schema (as written under ``properties``) for a mapping at ``path``."""
    found: dict[str, dict] = {}
    for node in at_path(doc, path):
        for key, value in (node.get("properties") or {}).items():
            if isinstance(value, dict):
                found.setdefault(key, value)
    return found


def description(nodes: list[dict]) -> str | None:
    """The first ``description`` among ``nodes``."""
    return next((n["description"] for n in nodes if isinstance(n.get("description"), str)),
                None)


def expect(nodes: list[dict]) -> str | None:
    """What the value should be, in words (the schema's ``x-expect``, else its JSON type)."""
    for node in nodes:
        if isinstance(node.get("x-expect"), str):
            return node["x-expect"]
    for node in nodes:
        kind = node.get("type")
        kinds = [kind] if isinstance(kind, str) else list(kind or [])
        kinds = [k for k in kinds if k != "null"]
        if kinds:
            return " or ".join(kinds)
        if "const" in node:
            return f"{node['const']!r}"
    return None


def allowed_values(nodes: list[dict]) -> list[Any]:
    """The values the schema lists for a scalar here (``enum``, ``const``, ``x-enum-ci``),
    YAML 1.1 spellings of booleans and ``null`` left out."""
    values: list[Any] = []
    for node in nodes:
        listed = list(node.get("enum") or []) + list(node.get("x-enum-ci") or [])
        if "const" in node:
            listed.append(node["const"])
        for value in listed:
            if value is None or (isinstance(value, str) and value in _YAML_BOOLS) \
                    or value in values:
                continue
            values.append(value)
    return values
