"""What makes a policy's JSON Schema safe to evaluate on untrusted workspaces, checked once
when the policy is read; each problem is a configuration error naming the policy.

- **References stay inside the policy.** Every referencing keyword (``$ref``, ``$dynamicRef``,
  ``$recursiveRef``) must be a fragment (``#/$defs/name``, ``#anchor``, ``#``) that names a
  part of the same schema, and no subschema may change the base URI (``$id`` below the root).
  The validator is also built with a registry that resolves nothing else
  (:mod:`~copilot_lint.policy.validator`), so no file and no URL is ever read.
- **Evaluation ends.** A cycle of references that does not step into the instance (``$ref``
  to itself, ``allOf: [{$ref: '#'}]``) would recurse for ever; nesting deeper than
  :data:`MAX_DEPTH` or a schema whose references unfold to more than :data:`MAX_UNFOLDED`
  subschemas (``a: {allOf: [b, b]}``, ``b: {allOf: [c, c]}``, …) costs without bound.
- **Patterns run in linear time** (:mod:`~copilot_lint.policy.regex`).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from copilot_lint.policy.regex import check_pattern
from copilot_lint.schema.walk import resolve_ref as resolve_pointer

MAX_DEPTH = 48
"""How deeply a policy's schema may nest (mappings and lists)."""
MAX_UNFOLDED = 50_000
"""How many subschemas a schema may unfold to, references expanded."""
REFERENCE_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef")
DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples", "description", "title",
                           "$comment"})
"""Keywords whose values are data, not schemas: never walked for references or patterns."""
IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
IN_PLACE_SINGLE = ("not", "if", "then", "else")
DESCENDING_MAPS = ("properties", "patternProperties")
DESCENDING_SINGLE = ("additionalProperties", "unevaluatedProperties", "propertyNames", "items",
                     "additionalItems", "contains", "unevaluatedItems", "contentSchema")


class UnsafeSchema(ValueError):
    """A schema that cannot be evaluated safely; the message says why, in one line."""


def check_safe(schema: Any) -> None:
    """Raise :class:`UnsafeSchema` when ``schema`` reaches outside itself, cannot end, or has
    a pattern that cannot run in linear time."""
    check_depth(schema)
    for at, node in _schemas(schema, ()):
        if at and isinstance(node.get("$id"), str) and not node["$id"].startswith("#"):
            raise UnsafeSchema(f"$id at {_where(at)}: a subschema may not change the base URI")
        for keyword in REFERENCE_KEYWORDS:
            if keyword in node:
                _check_reference(schema, keyword, node[keyword], at)
        if isinstance(node.get("pattern"), str):
            _check_regex(node["pattern"], at + ("pattern",))
        if isinstance(node.get("patternProperties"), dict):
            for pattern in node["patternProperties"]:
                _check_regex(pattern, at + ("patternProperties",))
    _check_unfolding(schema)


def _where(at: tuple) -> str:
    return "/".join(str(step) for step in at) or "the root"


def _check_regex(pattern: Any, at: tuple) -> None:
    problem = None if not isinstance(pattern, str) else check_pattern(pattern)
    if problem:
        raise UnsafeSchema(f"pattern at {_where(at)}: {problem}")


def check_depth(schema: Any) -> None:
    """Raise :class:`UnsafeSchema` when ``schema`` nests deeper than :data:`MAX_DEPTH`."""
    stack = [(schema, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise UnsafeSchema(f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def _schemas(node: Any, at: tuple) -> Iterator[tuple[tuple, dict]]:
    """Every subschema (a mapping) of ``node``, with its path, skipping data keywords."""
    if isinstance(node, dict):
        yield at, node
        for key, value in node.items():
            if key not in DATA_KEYWORDS:
                yield from _schemas(value, at + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schemas(value, at + (index,))


def _check_reference(root: Any, keyword: str, ref: Any, at: tuple) -> None:
    shown = repr(ref) if len(repr(ref)) <= 80 else repr(ref)[:79] + "…"
    where = f"{keyword} {shown}" + (f" at {_where(at)}" if at else "")
    if not isinstance(ref, str) or not ref.startswith("#"):
        raise UnsafeSchema(f"{where} does not point into this schema (only local references "
                           "such as #/$defs/name are allowed)")
    if keyword == "$recursiveRef" and ref != "#":
        raise UnsafeSchema(f"{where} must be '#'")
    if not targets_of(root, keyword, ref):
        raise UnsafeSchema(f"{where} does not point into this schema (only local references "
                           "such as #/$defs/name are allowed)")


def targets_of(root: Any, keyword: str, ref: str) -> list[Any]:
    """The subschemas of ``root`` a local reference can lead to: one for a pointer, every
    subschema declaring the anchor for ``#name`` (a ``$dynamicRef`` may pick any of them)."""
    if ref == "#" or ref.startswith("#/"):
        try:
            found = resolve_pointer(root, ref)
        except LookupError:
            return []
        return [found] if isinstance(found, (dict, bool)) else []
    name = ref[1:]
    anchors = ("$anchor", "$dynamicAnchor")
    return [node for _, node in _schemas(root, ())
            if any(node.get(a) == name for a in anchors)]


def _check_unfolding(root: Any) -> None:
    """Refuse in-place reference cycles and schemas that unfold beyond :data:`MAX_UNFOLDED`."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Any, in_place: frozenset[int]) -> int:
        if not isinstance(node, dict):
            return 1
        key = id(node)
        if key in in_place:
            raise UnsafeSchema("a cycle of references that never steps into the value "
                               "(it would recurse for ever)")
        if key in active:
            return 1
        if key in sizes:
            return sizes[key]
        active.add(key)
        here = in_place | {key}
        total = 1
        for child in _in_place_children(root, node):
            total += size(child, here)
        for child in _descending_children(node):
            total += size(child, frozenset())
        active.discard(key)
        if total > MAX_UNFOLDED:
            raise UnsafeSchema(f"the schema unfolds to more than {MAX_UNFOLDED} subschemas "
                               "(references used many times over)")
        sizes[key] = total
        return total

    size(root, frozenset())


def _in_place_children(root: Any, node: dict) -> Iterator[Any]:
    for keyword in IN_PLACE_LISTS:
        if isinstance(node.get(keyword), list):
            yield from node[keyword]
    for keyword in IN_PLACE_SINGLE:
        if keyword in node:
            yield node[keyword]
    for keyword in ("dependentSchemas", "dependencies"):
        if isinstance(node.get(keyword), dict):
            yield from (v for v in node[keyword].values() if isinstance(v, dict))
    for keyword in REFERENCE_KEYWORDS:
        if isinstance(node.get(keyword), str):
            yield from targets_of(root, keyword, node[keyword])


def _descending_children(node: dict) -> Iterator[Any]:
    for keyword in DESCENDING_MAPS:
        if isinstance(node.get(keyword), dict):
            yield from node[keyword].values()
    for keyword in DESCENDING_SINGLE + ("prefixItems",):
        value = node.get(keyword)
        if isinstance(value, list):
            yield from value
        elif value is not None:
            yield value
