"""The JSON Schema validator of a policy, built so that evaluating it on an untrusted
workspace reads nothing, fetches nothing and ends in time linear in the workspace's size.

- Its registry holds only the JSON Schema meta-schemas (in memory): a reference that does not
  point inside the policy raises instead of being retrieved (jsonschema's default registry
  would download an http(s) URL or read a ``file://`` path).
- ``pattern``, ``patternProperties``, ``additionalProperties`` and ``unevaluatedProperties``
  match keys and values with RE2 (:mod:`~copilot_lint.policy.regex`), never with Python's
  backtracking ``re``; ``format: regex`` is checked by RE2 as well.
- ``uniqueItems`` hashes a canonical form of each item (linear) instead of comparing every pair
  (5,000 mappings took minutes).

Validators are cached by the schema's content: the same schema in many policies, configurations
or runs of one process is checked and compiled once.
"""
from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from copilot_lint.policy import regex


def build_validator(schema: Any) -> Any:
    """A validator for ``schema`` (already checked with :func:`check_schema`)."""
    return _cached(json.dumps(schema, sort_keys=True))


@lru_cache(maxsize=2048)
def _cached(text: str) -> Any:
    from jsonschema import validators
    from referencing import Registry

    schema = json.loads(text)
    base = validators.validator_for(schema, default=validators.Draft202012Validator)
    return _safe_class(base)(schema, registry=Registry(), format_checker=_format_checker(base))


@lru_cache(maxsize=16)
def _safe_class(base: Any) -> Any:
    """``base`` (a jsonschema validator class of one dialect) with the keywords of
    :func:`_keywords`; one class per dialect, shared by every policy."""
    from jsonschema import validators

    keywords = _keywords()
    return validators.extend(base, {k: f for k, f in keywords.items() if k in base.VALIDATORS})


@lru_cache(maxsize=16)
def _format_checker(base: Any) -> Any:
    from jsonschema import FormatChecker

    checker = FormatChecker(())
    checker.checkers = dict(base.FORMAT_CHECKER.checkers)
    checker.checkers["regex"] = (_is_regex, (ValueError,))
    return checker


def _is_regex(instance: Any) -> bool:
    if isinstance(instance, str):
        regex.compiled(instance)
    return True


def canonical(value: Any) -> Any:
    """A hashable form of a JSON value, equal exactly when JSON Schema calls two values equal
    (``1`` and ``1.0`` are equal, ``true`` and ``1`` are not)."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, list):
        return ("l", tuple(canonical(v) for v in value))
    if isinstance(value, dict):
        return ("d", frozenset((k, canonical(v)) for k, v in value.items()))
    return ("o", repr(value))


def _keywords() -> dict[str, Any]:
    """The keyword implementations that replace jsonschema's."""
    from jsonschema.exceptions import ValidationError

    def descend(validator: Any, item: Any, sub: Any, key: str) -> Iterator[Any]:
        """Like ``validator.descend``, but a ``false`` subschema's error keeps the key in its
        path (jsonschema's drops it), so the finding lands on the refused key."""
        if sub is False:
            yield ValidationError(f"{key!r} is not allowed", path=deque([key]), instance=item,
                                  schema=False)
        else:
            yield from validator.descend(item, sub, path=key)

    def properties(validator: Any, value: dict, instance: Any, schema: Any) -> Iterator[Any]:
        if validator.is_type(instance, "object"):
            for key, sub in value.items():
                if key in instance:
                    yield from descend(validator, instance[key], sub, key)

    def pattern(validator: Any, value: str, instance: Any, schema: Any) -> Iterator[Any]:
        if validator.is_type(instance, "string") and not regex.search(value, instance):
            yield ValidationError(f"{instance!r} does not match {value!r}")

    def pattern_properties(validator: Any, value: dict, instance: Any,
                           schema: Any) -> Iterator[Any]:
        if not validator.is_type(instance, "object"):
            return
        for expression, sub in value.items():
            for key, item in instance.items():
                if regex.search(expression, key):
                    yield from descend(validator, item, sub, key)

    def additional_properties(validator: Any, value: Any, instance: Any,
                              schema: Any) -> Iterator[Any]:
        if not validator.is_type(instance, "object"):
            return
        for key in _extra_keys(schema, instance):
            yield from descend(validator, instance[key], value, key)

    def unevaluated_properties(validator: Any, value: Any, instance: Any,
                               schema: Any) -> Iterator[Any]:
        if not validator.is_type(instance, "object"):
            return
        evaluated = evaluated_keys(validator, instance, schema)
        for key in instance:
            if key not in evaluated:
                yield from descend(validator, instance[key], value, key)

    def unique_items(validator: Any, value: bool, instance: Any, schema: Any) -> Iterator[Any]:
        if not value or not validator.is_type(instance, "array"):
            return
        seen: set = set()
        for item in instance:
            form = canonical(item)
            if form in seen:
                yield ValidationError("has non-unique elements")
                return
            seen.add(form)

    return {"properties": properties, "pattern": pattern, "patternProperties": pattern_properties,
            "additionalProperties": additional_properties,
            "unevaluatedProperties": unevaluated_properties, "uniqueItems": unique_items}


def _extra_keys(schema: dict, instance: dict) -> list[str]:
    known = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    return [k for k in instance if k not in known
            and not any(regex.search(p, k) for p in patterns)]


def evaluated_keys(validator: Any, instance: dict, schema: Any) -> set[str]:
    """The keys of ``instance`` that ``schema`` evaluates successfully (for
    ``unevaluatedProperties``); references are resolved by the validator's own resolver, whose
    registry holds nothing but the policy (and the meta-schemas)."""
    if not isinstance(schema, dict):
        return set()

    def valid(sub: Any) -> bool:
        return validator.evolve(schema=sub).is_valid(instance)

    keys: set[str] = set()
    for keyword in ("$ref", "$dynamicRef"):
        ref = schema.get(keyword)
        if isinstance(ref, str):
            try:
                resolved = validator._resolver.lookup(ref)
            except Exception:  # noqa: BLE001 - an unresolvable reference evaluates nothing
                continue
            inner = validator.evolve(schema=resolved.contents, _resolver=resolved.resolver)
            keys |= evaluated_keys(inner, instance, resolved.contents)
    keys |= set(schema.get("properties", {})) & set(instance)
    for pattern in schema.get("patternProperties", {}):
        keys |= {k for k in instance if regex.search(pattern, k)}
    for keyword in ("additionalProperties", "unevaluatedProperties"):
        if keyword in schema:
            sub = validator.evolve(schema=schema[keyword])
            keys |= {k for k, v in instance.items() if sub.is_valid(v)}
    for key, sub in schema.get("dependentSchemas", {}).items():
        if key in instance:
            keys |= evaluated_keys(validator, instance, sub)
    for sub in schema.get("allOf", ()):
        keys |= evaluated_keys(validator, instance, sub)
    for keyword in ("anyOf", "oneOf"):
        for sub in schema.get(keyword, ()):
            if valid(sub):
                keys |= evaluated_keys(validator, instance, sub)
    if "if" in schema:
        matched = valid(schema["if"])
        if matched:
            keys |= evaluated_keys(validator, instance, schema["if"])
        keys |= evaluated_keys(validator, instance, schema.get("then" if matched else "else",
                                                               True))
    return keys
