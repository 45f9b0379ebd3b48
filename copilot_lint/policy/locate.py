"""Where a policy finding lands: the node a JSON Schema verdict is about.

- A ``require`` violation lands on the deepest node its error points at. Inside ``anyOf`` and
  ``oneOf`` the deepest error of the failed branches wins (``count: {range: 1-10}`` failing
  "an integer ≥ 2, or a range starting at 2" lands on ``range``, not on ``count``).
- A missing key (``required``) lands on the mapping that lacks it, at its key's line (the
  mapping's own position for a target's root); a key refused by a ``false`` subschema
  (``properties``, ``patternProperties``, ``additionalProperties``, ``unevaluatedProperties``:
  see :mod:`~copilot_lint.policy.validator`) on that key, one finding per key. Any other
  mapping or sequence also lands on the line of the key holding it.
- A ``forbid`` match lands on the deepest node the schema looked at and found matching,
  descending with the schema walker (:mod:`copilot_lint.schema.walk`, shared with the editor's
  hover) and through local references (pointers and anchors). A keyword it cannot follow
  (:data:`UNPLACEABLE`) makes the policy a configuration error (:func:`unplaceable`, checked in
  :mod:`~copilot_lint.policy.spec`).

Positions come from the target's nodes, so a value that an environment override set lands on
the override's line.
"""
from __future__ import annotations

from typing import Any

from copilot_lint.model.node import Node
from copilot_lint.policy import regex
from copilot_lint.policy.safety import REFERENCE_KEYWORDS, targets_of
from copilot_lint.schema.walk import children

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
    """The deepest key path where ``schema`` (which ``instance`` satisfies) asserts something.

    Descends with the schema walker (:func:`~copilot_lint.schema.walk.children`: the
    sub-schemas one key or index below), and applies in place what holds at the same value:
    ``dependentSchemas``, ``allOf``, the ``anyOf``/``oneOf`` branches and the ``if``/``then``/
    ``else`` outcome the value satisfies, and the target of a local reference."""
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
        for key in _key_order(schema, instance):
            for sub in children(schema, key, regex.search):
                descend(sub, instance[key], path + (key,))
        for key in schema.get("required", ()):
            if key in instance:
                consider(path + (key,))
        for keyword in ("dependentSchemas", "dependencies"):
            for key, sub in (schema.get(keyword) or {}).items():
                if key in instance and isinstance(sub, dict):
                    descend(sub, instance, path)
    if isinstance(instance, list):
        for index, value in enumerate(instance):
            for sub in children(schema, index):
                descend(sub, value, path + (index,))
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
    for keyword in REFERENCE_KEYWORDS:
        ref = schema.get(keyword)
        if isinstance(ref, str) and ref.startswith("#"):
            for target in targets_of(validator.schema, keyword, ref):
                if keyword == "$ref" or valid(target, instance):
                    descend(target, instance, path)
    return best


def _key_order(schema: dict, instance: dict) -> list[str]:
    """The keys of ``instance`` to descend into: those ``properties`` names first, in the
    schema's order, then the others in the value's order."""
    named = [key for key in schema.get("properties") or {} if key in instance]
    seen = set(named)
    return named + [key for key in instance if key not in seen]


UNPLACEABLE = ("unevaluatedProperties", "unevaluatedItems")
"""Keywords that apply a sub-schema to values below the current one without a key path the
walker can follow (which keys or items are "unevaluated" depends on every other keyword): in a
``forbid``, a match through one could not land on the node it is about."""
_LISTS = ("prefixItems", "items", "allOf", "anyOf", "oneOf")
_SINGLE = ("additionalProperties", "additionalItems", "contains", "if", "then", "else")
_BY_KEY = ("properties", "patternProperties", "dependentSchemas", "dependencies")


def unplaceable(root: Any) -> tuple[str, Path] | None:
    """The first keyword of a ``forbid`` schema, and its place, whose match
    :func:`matched_path` could not place: one of :data:`UNPLACEABLE` holding a sub-schema that
    asserts something (``false`` asserts at the value itself, so it is placed there), found
    where :func:`matched_path` looks (not inside ``not`` or ``propertyNames``, whose matches
    land on the value holding them)."""
    seen: set[int] = set()

    def visit(schema: Any, at: Path) -> tuple[str, Path] | None:
        if not isinstance(schema, dict) or id(schema) in seen:
            return None
        seen.add(id(schema))
        for keyword in UNPLACEABLE:
            if _asserts(schema.get(keyword)):
                return keyword, at + (keyword,)
        subs: list[tuple[Any, Path]] = []
        for keyword in _BY_KEY:
            value = schema.get(keyword)
            if isinstance(value, dict):
                subs.extend((sub, at + (keyword, key)) for key, sub in value.items())
        for keyword in _SINGLE:
            if keyword in schema:
                subs.append((schema[keyword], at + (keyword,)))
        for keyword in _LISTS:
            value = schema.get(keyword)
            if isinstance(value, list):
                subs.extend((sub, at + (keyword, index)) for index, sub in enumerate(value))
            elif keyword == "items" and value is not None:
                subs.append((value, at + (keyword,)))
        for keyword in REFERENCE_KEYWORDS:
            ref = schema.get(keyword)
            if isinstance(ref, str) and ref.startswith("#"):
                subs.extend((target, at + (keyword,))
                            for target in targets_of(root, keyword, ref))
        for sub, where in subs:
            found = visit(sub, where)
            if found:
                return found
        return None

    return visit(root, ())


def _asserts(schema: Any) -> bool:
    return isinstance(schema, dict) and bool(schema)
