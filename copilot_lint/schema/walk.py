"""Walking a JSON Schema along a key path: the one walker the editor's hover (a key's
``description``) and the policy locator (where a verdict lands) share.

Only what a key path can reach: local ``$ref`` (``#/definitions/x``, ``#/$defs/x``), the
branches of ``allOf``/``anyOf``/``oneOf``, and one step down through ``properties``,
``patternProperties``, ``additionalProperties``, ``prefixItems`` and ``items``. The compiled
gate (:mod:`.gate`) and jsonschema decide validity; this module only finds sub-schemas.
"""
from __future__ import annotations

import re
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


def child(schema: dict, step: str | int) -> Any | None:
    """The sub-schema one key (or list index) below ``schema``, or ``None``."""
    if isinstance(step, int):
        prefix = schema.get("prefixItems") or []
        if step < len(prefix):
            return prefix[step]
        items = schema.get("items")
        if isinstance(items, list):
            return items[step] if step < len(items) else None
        return items
    found = (schema.get("properties") or {}).get(step)
    if found is None:
        found = next((value for pattern, value in (schema.get("patternProperties") or {}).items()
                      if re.search(pattern, step)), None)
    if found is None and isinstance(schema.get("additionalProperties"), dict):
        found = schema["additionalProperties"]
    return found
