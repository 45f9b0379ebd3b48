"""Where a policy finding lands: the node a JSON Schema verdict is about.

- A ``require`` violation lands on the deepest node its error points at. Inside ``anyOf`` and
  ``oneOf`` the deepest error of the failed branches wins (``count: {range: 1-10}`` failing
  "an integer ≥ 2, or a range starting at 2" lands on ``range``, not on ``count``).
- A missing key (``required``) lands on the mapping that lacks it, at its key's line (the
  mapping's own position for a target's root); a key refused by a ``false`` subschema
  (``properties``, ``patternProperties``, ``additionalProperties``, ``unevaluatedProperties``:
  see :mod:`~copilot_lint.policy.validator`) on that key, one finding per key. Any other
  mapping or sequence also lands on the line of the key holding it.
- A ``forbid`` match lands on the deepest node the schema looked at and found matching.

Positions come from the target's nodes, so a value that an environment override set lands on
the override's line.
"""
from __future__ import annotations

from typing import Any

from copilot_lint.api import Node
from copilot_lint.policy import regex
from copilot_lint.policy.safety import resolve_pointer

Path = tuple


def node_at(root: Node, path: Path, root_key: Node | None = None) -> tuple[Node, Node | None]:
    """The node at ``path`` below ``root`` and the node of the key that holds it (if any)."""
    node, key = root, root_key
    for step in path:
        if node.is_map and step in node.value:
            key = node.key_node(step)
            node = node.value[step]
        elif node.is_seq and isinstance(step, int) and step < len(node.value):
            key, node = None, node.value[step]
        else:
            break
    return node, key


def deepest_error(error: Any) -> Any:
    """The most specific error below ``error`` (through ``anyOf``/``oneOf`` contexts)."""
    best = error
    for sub in error.context or ():
        candidate = deepest_error(sub)
        if len(candidate.absolute_path) > len(best.absolute_path):
            best = candidate
    return best


def violation_node(root: Node, error: Any, root_key: Node | None = None) -> tuple[Node, Path]:
    """The node a ``require`` error lands on, and the key path it names."""
    error = deepest_error(error)
    path = tuple(error.absolute_path)
    node, key = node_at(root, path, root_key)
    if error.validator == "required":
        return (key or node), path
    if error.schema is False and path and key is not None:
        return key, path
    return at_key(node, key), path


def at_key(node: Node, key: Node | None) -> Node:
    """Where to report ``node``: a mapping or a sequence on the line of the key holding it
    (its own position is its first item's), a scalar on itself."""
    return key if key is not None and not node.is_scalar else node


def matched_path(validator: Any, schema: Any, instance: Any, path: Path = ()) -> Path:
    """The deepest key path where ``schema`` (which ``instance`` satisfies) asserts something."""
    if not isinstance(schema, dict):
        return path
    best = path

    def consider(candidate: Path) -> None:
        nonlocal best
        if len(candidate) > len(best):
            best = candidate

    def valid(sub: Any, value: Any) -> bool:
        return validator.evolve(schema=sub).is_valid(value)

    def descend(sub: Any, value: Any, at: Path) -> None:
        if _asserts(sub):
            consider(matched_path(validator, sub, value, at))

    if isinstance(instance, dict):
        for key, sub in schema.get("properties", {}).items():
            if key in instance:
                descend(sub, instance[key], path + (key,))
        for pattern, sub in schema.get("patternProperties", {}).items():
            for key in instance:
                if regex.search(pattern, key):
                    descend(sub, instance[key], path + (key,))
        for key in schema.get("required", ()):
            if key in instance:
                consider(path + (key,))
        for key, sub in schema.get("dependentSchemas", {}).items():
            if key in instance:
                descend(sub, instance, path)
    if isinstance(instance, list):
        prefix = schema.get("prefixItems", [])
        for index, sub in enumerate(prefix[:len(instance)]):
            descend(sub, instance[index], path + (index,))
        items = schema.get("items")
        if isinstance(items, list):
            for index, sub in enumerate(items[:len(instance)]):
                descend(sub, instance[index], path + (index,))
        elif items is not None:
            for index in range(len(prefix), len(instance)):
                descend(items, instance[index], path + (index,))
        if "contains" in schema:
            for index, value in enumerate(instance):
                if valid(schema["contains"], value):
                    descend(schema["contains"], value, path + (index,))
                    break
    for sub in schema.get("allOf", ()):
        descend(sub, instance, path)
    for key in ("anyOf", "oneOf"):
        for sub in schema.get(key, ()):
            if valid(sub, instance):
                descend(sub, instance, path)
    if "if" in schema:
        if valid(schema["if"], instance):
            descend(schema["if"], instance, path)
            descend(schema.get("then", True), instance, path)
        else:
            descend(schema.get("else", True), instance, path)
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#"):
        descend(resolve_pointer(validator.schema, ref), instance, path)
    return best


def _asserts(schema: Any) -> bool:
    return isinstance(schema, dict) and bool(schema)
