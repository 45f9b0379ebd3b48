"""Manifest values as Copilot reads them, for policies.

YAML says ``exec: yes`` is the string ``yes``; Copilot decodes that field into a Go ``bool``
and turns ECS Exec on. A policy such as "no exec in prod" must see ``true``, so the manifest a
policy evaluates is walked along Copilot's own schema of that manifest kind
(:mod:`copilot_lint.schema`): wherever the schema says boolean, the spellings Copilot accepts
(``yes``/``no``/``on``/``off``/``y``/``n`` in any of their cases) become ``true``/``false``.
Everything else stays as written. Durations stay Go duration strings (``30s``, ``1m30s``),
which the expression form compares as values with CEL's ``duration()``.
"""
from __future__ import annotations

from typing import Any

from copilot_lint.schema.checks_common import NO, YES

_BOOL_REF = "#/definitions/bool"


def copilot_typed(data: Any, kind: str | None) -> Any:
    """``data`` (a plain manifest of type ``kind``) with Copilot's boolean spellings decoded;
    unchanged when the kind has no schema."""
    from copilot_lint.schema.assemble import KINDS, assembled

    name = KINDS.get(kind or "") if kind is not None else "pipeline"
    if name is None or not isinstance(data, dict):
        return data
    root = assembled(name)
    return _walk(root, root, data, 0)


def _resolve(root: dict, schema: Any) -> Any:
    seen = 0
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and seen < 16:
        ref = schema["$ref"]
        if ref == _BOOL_REF:
            return ref
        schema = root.get("definitions", {}).get(ref.rsplit("/", 1)[-1], {})
        seen += 1
    return schema


def _walk(root: dict, schema: Any, value: Any, depth: int) -> Any:
    schema = _resolve(root, schema)
    if schema == _BOOL_REF:
        return _boolean(value)
    if not isinstance(schema, dict) or depth > 40:
        return value
    for branch in [*schema.get("anyOf", ()), *schema.get("oneOf", ())]:
        resolved = _resolve(root, branch)
        if resolved == _BOOL_REF and not isinstance(value, (dict, list)):
            return _boolean(value)
        if isinstance(resolved, dict) and _fits(resolved, value):
            value = _walk(root, resolved, value, depth + 1)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        return {k: _walk(root, properties[k], v, depth + 1) if k in properties
                else _walk(root, extra, v, depth + 1) if isinstance(extra, dict) else v
                for k, v in value.items()}
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [_walk(root, schema["items"], v, depth + 1) for v in value]
    return value


def _fits(schema: dict, value: Any) -> bool:
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return (isinstance(value, dict) and "object" in kinds) or \
        (isinstance(value, list) and "array" in kinds)


def _boolean(value: Any) -> Any:
    if isinstance(value, str) and value in YES:
        return True
    if isinstance(value, str) and value in NO:
        return False
    return value
