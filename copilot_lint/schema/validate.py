"""Validate plain manifest data against the assembled JSON Schemas (:mod:`.assemble`).

:func:`validate` checks data the way Copilot decodes YAML: a null
value means the key is absent (so a required key set to null is missing), and a string holding
an unresolved ``${VAR}`` is not checked against patterns or allowed values. Each problem comes
back as an :class:`Issue` with a readable one-line message (:mod:`.messages`); unknown keys are
``UNKNOWN_KEY`` issues, everything else ``SCHEMA`` (invalid). A compiled gate (:mod:`.gate`)
answers first, so a valid manifest never reaches jsonschema; ``jsonschema`` is imported on first
use and each validator is built once per process.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from copilot_lint.schema.assemble import REF, assembled
from copilot_lint.schema.gate import Check, compile_schema
from copilot_lint.schema.issue import SCHEMA, Issue, show_path
from copilot_lint.schema.messages import (
    describe,
    expected,
    is_extension,
    json_type,
    missing_issue,
    short,
    type_fix,
    unknown_key_issue,
    value_fix,
)


@cache
def _validator(name: str):
    import jsonschema

    def required(validator, required_keys, instance, _schema):
        if not validator.is_type(instance, "object"):
            return
        for key in required_keys:
            if instance.get(key) is None:
                yield jsonschema.ValidationError(key)

    checker = jsonschema.FormatChecker(formats=())
    for format_name, test in FORMATS.items():
        checker.checks(format_name)(test)
    cls = jsonschema.validators.extend(jsonschema.Draft7Validator, {"required": required})
    return cls(_inline_refs(assembled(name)), format_checker=checker)


def _inline_refs(doc: dict) -> dict:
    """``doc`` with every non-recursive ``$ref`` replaced by its definition.

    Resolving a ``$ref`` is most of jsonschema's time on a manifest; inlining them once per
    process makes validation about twice as fast and changes no result.
    """
    defs = doc.get("definitions", {})

    def inline(node: Any, stack: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [inline(item, stack) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF) and len(node) == 1:
            target = ref[len(REF):]
            if target in defs and target not in stack:
                return inline(defs[target], stack + (target,))
            return node
        return {k: inline(v, stack) if k != "definitions" else v for k, v in node.items()}

    return inline(doc, ())


def _is_cidr(value: object) -> bool:
    import ipaddress

    if not isinstance(value, str):
        return True
    if "/" not in value:
        return False
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    return True


def _is_arn(value: object) -> bool:
    return not isinstance(value, str) or (value.startswith("arn:") and value.count(":") >= 5)


FORMATS = {"copilot-cidr": _is_cidr, "copilot-arn": _is_arn}
"""The formats the schemas use beyond Draft 7's (which are not checked: Copilot does not)."""


@cache
def _gate(name: str) -> Check:
    return compile_schema(assembled(name), FORMATS)


def schema_valid(name: str, data: Any) -> bool:
    """True when ``data`` has no schema issue against the schema ``name``, by the compiled
    check of :mod:`copilot_lint.schema.gate` alone (``False`` may still mean valid)."""
    try:
        return _gate(name)(data)
    except RecursionError:
        return False


def validate(name: str, data: Any) -> list[Issue]:
    """Every schema issue of ``data`` (plain manifest data) against the schema ``name``.

    A manifest that passes the compiled check of :mod:`copilot_lint.schema.gate` has none;
    jsonschema (slow to import and to build) only runs for the others, to explain each problem.
    """
    if schema_valid(name, data):
        return []
    validator = _validator(name)
    issues: list[Issue] = []
    for error in validator.iter_errors(data):
        issues.extend(_translate(error, name))
    return issues


def _translate(error, name: str) -> Iterator[Issue]:
    keyword = error.validator
    path = tuple(error.absolute_path)
    value = error.instance
    schema_here = error.schema if isinstance(error.schema, dict) else {}
    if keyword in ("anyOf", "oneOf"):
        yield from _union(error, name)
        return
    if keyword == "additionalProperties":
        known = sorted(schema_here.get("properties", {}))
        for extra in sorted(k for k in value if k not in schema_here.get("properties", {})
                            and not is_extension(k)):
            yield unknown_key_issue(name, path, extra, known, value[extra])
        return
    if keyword == "required":
        yield missing_issue(name, path, error.message)
        return
    if isinstance(value, str) and "${" in value and keyword != "type":
        return
    expect = expected(schema_here)
    where = show_path(path)
    got = describe(value)
    decode = False
    if keyword == "type":
        fix = type_fix(schema_here, value) or f"; change it to {expect}"
        message = f'"{where}" must be {expect}, got {got}{fix}'
        decode = _is_duration(schema_here) or not _scalar_into_string(schema_here, value)
    elif keyword in ("minimum", "maximum"):
        message = f'"{where}" must be {expect}, got {got}; use a value in that range'
        # a port is a 16-bit unsigned integer to Copilot: out of that range it does not decode
        decode = schema_here.get("minimum") == 0 and schema_here.get("maximum") == 65535
    elif keyword == "minLength":
        message = f'"{where}" must not be empty; give it a value or remove the key'
    elif keyword == "maxLength":
        message = f'"{where}" must be {expect}, got {len(str(value))} characters; shorten it'
    elif keyword == "minProperties":
        message = f'"{where}" must not be an empty map; give it {expect} or remove the key'
    else:
        message = f'"{where}" must be {expect}, got {got}; {value_fix(schema_here, value)}'
        decode = keyword == "enum" and True in schema_here.get("enum", ()) \
            or keyword == "pattern" and _is_duration(schema_here)
    if decode and _swallowed(error, name):
        if _is_duration(schema_here):
            # the decoder leaves the duration at zero, which Copilot then deploys: a
            # deregistration delay or a scaling cooldown of 0 s (copilot v1.34.1 oracle)
            yield Issue(SCHEMA, path, f'Copilot silently deploys "{where}" as 0s: {got} is not '
                                      'a duration; write a duration with a unit, such as "30s" '
                                      'or "1m30s"', key=f"{where}={short(value)}")
            return
        fix = message.partition("; ")[2] or f"change it to {expect}"
        yield Issue(SCHEMA, path, f'Copilot silently ignores "{where}": {got} is not {expect}; '
                                  f'{fix}', key=f"{where}={short(value)}")
        return
    yield Issue(SCHEMA, path, message, key=f"{where}={short(value)}", decode=decode)


def _scalar_into_string(node: dict, value: Any) -> bool:
    """Copilot's decoder reads any scalar into a string field (a duration is no string)."""
    types = node.get("type") or []
    return not isinstance(value, (dict, list)) and "string" in types


def _is_duration(node: dict) -> bool:
    """A Go duration: Copilot's decoder fails on a number or on text it cannot parse there."""
    return "duration" in (node.get("x-expect") or "")


def _swallowed(error, name: str) -> bool:
    """Whether Copilot's decoder drops this wrongly typed value instead of failing: an enclosing
    either-or field that reads its map form leniently (``x-decode: lenient``: ``http``,
    ``count``, ``image.build``…) keeps a type error below it to itself and leaves the value
    zero, unless a strict union (``x-decode: union``: ``http.healthcheck``…) lies in between or
    is the value itself. A value that is the either-or field itself fails when neither form
    fits."""
    node: Any = _validator(name).schema
    defs = node.get("definitions", {})
    depth, leaf = 0, len(error.absolute_path)
    lenient = False
    steps = list(error.absolute_schema_path)[:-1]
    for index, step in enumerate(steps):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return False
        previous = steps[index - 1] if index else None
        if step in ("additionalProperties", "items") or previous in (
                "properties", "patternProperties"):
            depth += 1
        ref = node.get("$ref") if isinstance(node, dict) else None
        if isinstance(ref, str) and ref.startswith(REF):
            node = defs.get(ref[len(REF):], {})
        mode = node.get("x-decode") if isinstance(node, dict) else None
        if mode == "lenient" and depth < leaf:
            lenient = True
        elif mode == "union":
            lenient = False
    return lenient


def _union(error, name: str) -> Iterator[Issue]:
    """Errors of an ``anyOf``: follow the branch that takes this kind of value, if any."""
    defs = assembled(name)["definitions"]
    kind = json_type(error.instance)
    for index, branch in enumerate(error.validator_value):
        if kind in _accepts(branch, defs):
            if kind == "object" and not _effective(error.instance, branch, defs):
                yield from _formless(error, name, branch, defs)
                return
            subs = [e for e in error.context if e.relative_schema_path[0] == index]
            for sub in subs:
                yield from _translate(sub, name)
            return
    path = tuple(error.absolute_path)
    where = show_path(path)
    expect = expected(error.schema if isinstance(error.schema, dict) else {})
    fix = type_fix(error.schema, error.instance) or "; rewrite it in one of these forms"
    yield Issue(SCHEMA, path, f'"{where}" must be {expect}, got {describe(error.instance)}{fix}',
                key=f"{where}={short(error.instance)}", decode=True)


def _properties(node: Any, defs: dict, depth: int = 0) -> dict[str, Any]:
    """The keys a map (sub)schema knows, with their schemas."""
    if not isinstance(node, dict) or depth > 20:
        return {}
    if "$ref" in node:
        return _properties(defs.get(node["$ref"][len(REF):], {}), defs, depth + 1)
    keys = dict(node.get("properties") or {})
    for sub in node.get("allOf") or []:
        keys.update(_properties(sub, defs, depth + 1))
    return keys


def _effective(value: dict, node: Any, defs: dict, depth: int = 0) -> bool:
    """Whether Copilot decodes ``value`` as this map form: some known key holds something."""
    known = _properties(node, defs)
    for key, sub in value.items():
        if key not in known or sub is None:
            continue
        inner = known[key]
        if isinstance(sub, dict) and depth < 5 and _accepts(inner, defs) <= {"object", "null"} \
                and _properties(inner, defs):
            if _effective(sub, inner, defs, depth + 1):
                return True
            continue
        return True
    return False


def _formless(error, name: str, branch: Any, defs: dict) -> Iterator[Issue]:
    """A map with no key Copilot reads there: Copilot rejects it; name the unknown keys too."""
    path = tuple(error.absolute_path)
    where = show_path(path)
    expect = expected(error.schema if isinstance(error.schema, dict) else {})
    got = "a map without any key Copilot reads there; fix its keys" if error.instance \
        else "an empty map; give it a value or remove the key"
    yield Issue(SCHEMA, path, f'"{where}" must be {expect}, got {got}', key=f"{where}=map",
                decode=True)
    yield from _unknown_below(error.instance, branch, path, name, defs)


def _unknown_below(value: dict, node: Any, path: tuple, name: str, defs: dict,
                   depth: int = 0) -> Iterator[Issue]:
    known = _properties(node, defs)
    for key in sorted(value, key=str):
        sub = value[key]
        if key not in known and not is_extension(key):
            yield unknown_key_issue(name, path, key, sorted(known), sub)
        elif isinstance(sub, dict) and depth < 5 and _properties(known[key], defs):
            yield from _unknown_below(sub, known[key], path + (key,), name, defs, depth + 1)


def _accepts(node: Any, defs: dict, depth: int = 0) -> set[str]:
    """The JSON types a (sub)schema can accept at its top."""
    every = {"null", "boolean", "integer", "number", "string", "array", "object"}
    if not isinstance(node, dict) or depth > 20:
        return every
    if "$ref" in node:
        return _accepts(defs.get(node["$ref"][len(REF):], {}), defs, depth + 1)
    if "type" in node:
        types = {node["type"]} if isinstance(node["type"], str) else set(node["type"])
        return types | ({"integer"} if "number" in types else set())
    if "enum" in node:
        return {json_type(v) for v in node["enum"]}
    if "const" in node:
        return {json_type(node["const"])}
    if "anyOf" in node:
        return set().union(*(_accepts(b, defs, depth + 1) for b in node["anyOf"]))
    if "allOf" in node:
        out = every
        for b in node["allOf"]:
            out = out & _accepts(b, defs, depth + 1)
        return out
    return every
