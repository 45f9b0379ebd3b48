"""Walking a JSON Schema along a key path: the one walker the editor's hover (a key's
``description``) and the policy locator (where a verdict lands) share.

Only what a key path can reach: local ``$ref`` (``#/definitions/x``, ``#/$defs/x``), the
branches of ``allOf``/``anyOf``/``oneOf``, and one step down through ``properties``,
``patternProperties``, ``additionalProperties``, ``prefixItems``, ``items`` and
``additionalItems``. The compiled gate (:mod:`.gate`) and jsonschema decide validity; this
module only finds sub-schemas. A keyword that applies a sub-schema to values below the
current one in any other way (``unevaluatedProperties``, ``unevaluatedItems``: which keys or
items they reach depends on every other keyword) is one a key path cannot follow.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

def resolve_ref(root: Any, ref: str) -> Any:
    """The part of ``root`` a fragment pointer (``#/$defs/name``, ``#``) names;
    :class:`LookupError` when there is none (an anchor ``#name``, another document)."""
    if not ref.startswith("#") or (len(ref) > 1 and ref[1] != "/"):
        raise LookupError(ref)
    node = root
    for raw in [p for p in ref[1:].split("/") if p]:
        step = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
        elif isinstance(node, dict) and step in node:
            node = node[step]
        else:
            raise LookupError(ref)
    return node


def branches(schema: dict, root: Any) -> list[Any]:
    """The schemas ``schema`` also applies at the same place: its ``$ref`` target (when it
    resolves) and the members of ``allOf``, ``anyOf`` and ``oneOf``."""
    found = []
    ref = schema.get("$ref")
    if isinstance(ref, str):
        try:
            found.append(resolve_ref(root, ref))
        except LookupError:
            pass
    for keyword in ("allOf", "anyOf", "oneOf"):
        found.extend(schema.get(keyword) or [])
    return found


def children(schema: dict, step: str | int,
             search: Callable[[str, str], Any] = re.search) -> list[Any]:
    """Every sub-schema that applies one key (or list index) below ``schema``, in order:
    ``properties`` and each matching ``patternProperties`` (``search(pattern, key)``), else
    ``additionalProperties``; for an index, ``prefixItems`` (or a draft-7 ``items`` list) where
    they reach, else ``items`` (``additionalItems`` after a draft-7 list)."""
    if isinstance(step, int):
        prefix = schema.get("prefixItems") or []
        if step < len(prefix):
            return [prefix[step]]
        items = schema.get("items")
        if isinstance(items, list):
            if step < len(items):
                return [items[step]]
            return [schema["additionalItems"]] if "additionalItems" in schema else []
        return [items] if items is not None else []
    found = []
    properties = schema.get("properties") or {}
    if step in properties:
        found.append(properties[step])
    found.extend(value for pattern, value in (schema.get("patternProperties") or {}).items()
                 if search(pattern, step))
    if not found and isinstance(schema.get("additionalProperties"), dict):
        found.append(schema["additionalProperties"])
    return found


def child(schema: dict, step: str | int) -> Any | None:
    """The first sub-schema one key (or list index) below ``schema``, or ``None``."""
    found = children(schema, step)
    return found[0] if found else None
