"""The common trap of JSON Schema policies, found when a policy is read.

A schema keyword applies only to values of its own kind: ``properties``, ``required`` and the
other object keywords say nothing about a string or a list, ``minimum`` nothing about a
string. So an ``anyOf``/``oneOf`` branch, a ``not``, or a whole ``forbid`` made of object
keywords only (or numeric keywords only) and no ``type`` *matches* every string, number and
list: ``forbid: {properties: {exec: {const: true}}}`` forbids nothing useful and
``anyOf: [{required: [range]}, …]`` accepts ``count: "x"``. Each such place is a warning that
names it; adding ``type: object`` (or ``type: number``) says what was meant.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

OBJECT_KEYWORDS = frozenset({"properties", "required", "additionalProperties",
                             "patternProperties", "minProperties", "maxProperties",
                             "dependentRequired", "dependentSchemas", "propertyNames",
                             "unevaluatedProperties"})
NUMERIC_KEYWORDS = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                              "multipleOf"})
NEUTRAL = frozenset({"description", "title", "$comment", "examples", "default", "$id",
                     "$anchor", "deprecated", "readOnly", "writeOnly"})


MAP_KEYWORDS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
SINGLE_KEYWORDS = ("additionalProperties", "unevaluatedProperties", "propertyNames", "items",
                   "additionalItems", "contains", "unevaluatedItems", "not", "if", "then",
                   "else")
LIST_KEYWORDS = ("allOf", "anyOf", "oneOf", "prefixItems", "items")


def traps(schema: Any, forbid: bool) -> list[str]:
    """One line per place of ``schema`` that falls into the trap: every ``anyOf``/``oneOf``
    branch and ``not``; in a ``forbid``, every subschema below the target itself (the target,
    a manifest or a resource, is always a mapping). A subschema applied in place (``anyOf``,
    ``allOf``, ``not``, …) of a schema that has a ``type`` is covered by that type."""
    found = []
    for at, sub, typed in _subschemas(schema, (), True):
        if not at or typed:
            continue
        if forbid or (len(at) >= 2 and at[-2] in ("anyOf", "oneOf")) or at[-1] == "not":
            problem = _trap(sub)
            if problem:
                found.append(f"{'forbid' if forbid else 'require'} at {_show(at)} has {problem}")
    return found


def _trap(schema: Any) -> str | None:
    if not isinstance(schema, dict) or "type" in schema:
        return None
    keys = set(schema) - NEUTRAL
    for kind, words, fix in (("object", OBJECT_KEYWORDS, "object"),
                             ("numeric", NUMERIC_KEYWORDS, "number")):
        if keys and keys <= words:
            return (f"only {kind} keywords and no type, so it also matches other kinds of "
                    f"value (add type: {fix})")
    return None


IN_PLACE = frozenset({"allOf", "anyOf", "oneOf", "not", "if", "then", "else",
                      "dependentSchemas"})


def _subschemas(node: Any, at: tuple, typed: bool) -> Iterator[tuple[tuple, Any, bool]]:
    """Every subschema with its path and whether a ``type`` covers it (its own, or that of the
    schema it applies in place of)."""
    if not isinstance(node, dict):
        return
    yield at, node, typed
    covered = typed or "type" in node or "const" in node or "enum" in node
    for keyword in MAP_KEYWORDS:
        if isinstance(node.get(keyword), dict):
            for key, sub in node[keyword].items():
                yield from _subschemas(sub, at + (keyword, key),
                                       covered and keyword in IN_PLACE)
    for keyword in SINGLE_KEYWORDS:
        if isinstance(node.get(keyword), dict):
            yield from _subschemas(node[keyword], at + (keyword,),
                                   covered and keyword in IN_PLACE)
    for keyword in LIST_KEYWORDS:
        if isinstance(node.get(keyword), list):
            for index, sub in enumerate(node[keyword]):
                yield from _subschemas(sub, at + (keyword, index),
                                       covered and keyword in IN_PLACE)


def _show(at: tuple) -> str:
    return "/".join(str(step) for step in at)
