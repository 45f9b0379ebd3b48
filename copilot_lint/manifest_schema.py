"""JSON Schemas of Copilot manifests: assembly, validators built once, and readable issues.

The schemas live in ``copilot_lint/schemas/`` as package data: ``definitions.json`` holds the
shared building blocks and one file per manifest kind holds its top level. :func:`schema`
assembles a self-contained draft-07 schema (the shared definitions copied in, ``x-enum-ci``
lists turned into case-insensitive patterns, ``environments.<env>`` overrides described with
every nested ``required`` dropped, since an override only holds the keys it changes) — this is
what ``copilot-lint schema`` prints for editors.

:func:`validate` checks plain manifest data against it the way Copilot decodes YAML: a null
value means the key is absent (so a required key set to null is missing), and a string holding
an unresolved ``${VAR}`` is not checked against patterns or allowed values. Each problem comes
back as an :class:`Issue` with a readable one-line message; unknown keys are ``CL106`` issues,
everything else ``CL101``. ``jsonschema`` is imported on first use and each validator is built
once per process.
"""
from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from copilot_lint.schema_gate import Check, compile_schema

KINDS: dict[str, str] = {
    "Load Balanced Web Service": "lb-web-service",
    "Backend Service": "backend-service",
    "Worker Service": "worker-service",
    "Request-Driven Web Service": "request-driven-web-service",
    "Scheduled Job": "scheduled-job",
    "Static Site": "static-site",
    "Environment": "environment",
}
"""Manifest ``type`` → schema name; pipelines (no ``type``) use the schema ``pipeline``."""
NAMES = tuple(KINDS.values()) + ("pipeline",)
WORKLOAD_NAMES = NAMES[:6]
DRAFT = "http://json-schema.org/draft-07/schema#"
_REF = "#/definitions/"
UNKNOWN_KEY, SCHEMA = "CL106", "CL101"
_SCHEMAS = Path(__file__).with_name("schemas")


@dataclass(frozen=True)
class Issue:
    """One problem in a manifest: the rule, where (keys and list indexes), and the message."""

    rule: str
    path: tuple
    message: str
    at_key: bool = False
    key: str = ""
    rename_to: str = ""
    """For an unknown key with exactly one close known key: that key (``--fix`` renames)."""


def _load(name: str) -> dict:
    text = (_SCHEMAS / f"{name}.json").read_text("utf-8")
    return json.loads(text)


@cache
def assembled(name: str) -> dict:
    """The assembled schema ``name``, shared: never modify it (see :func:`schema`)."""
    doc = _load(name)
    defs = dict(_load("definitions")["definitions"])
    own = doc.pop("definitions", {})
    clash = defs.keys() & own.keys()
    if clash:
        raise ValueError(f"schema {name} redefines shared definitions {sorted(clash)}")
    defs.update(own)
    if name in WORKLOAD_NAMES:
        override = {k: v for k, v in doc["properties"].items() if k not in ("name", "type")}
        needs = _needing_partial(defs)
        for dep in needs:
            defs[f"partial-{dep}"] = _partial(defs[dep], needs)
        defs["override"] = {"type": ["object", "null"], "additionalProperties": False,
                            "properties": _partial(override, needs)}
        doc["properties"]["environments"] = {
            "type": ["object", "null"], "additionalProperties": {"$ref": _REF + "override"},
            "x-expect": "a map of environment names to overrides"}
    doc["definitions"] = defs
    return _expand_enum_ci(doc)


def schema(name: str) -> dict:
    """The self-contained draft-07 schema of one manifest kind (a fresh copy)."""
    return copy.deepcopy(assembled(name))


def dispatcher() -> dict:
    """One schema for every Copilot manifest, choosing the kind by ``type`` (none: pipeline)."""
    defs: dict[str, Any] = {}
    for name in NAMES:
        doc = schema(name)
        for key, value in doc.pop("definitions").items():
            defs.setdefault(f"{name}-override" if key == "override" else key, value)
        doc.pop("$schema", None)
        defs[name] = _rename_ref(doc, "override", f"{name}-override")
    branches = [{"if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
                 "then": {"$ref": _REF + name}} for kind, name in KINDS.items()]
    branches.append({"if": {"not": {"required": ["type"]}}, "then": {"$ref": _REF + "pipeline"}})
    return {"$schema": DRAFT, "title": "AWS Copilot manifest (any type)", "type": "object",
            "properties": {"type": {"enum": list(KINDS)}}, "allOf": branches,
            "definitions": defs}


def _rename_ref(node: Any, old: str, new: str) -> Any:
    if isinstance(node, dict):
        return {k: (_REF + new if k == "$ref" and v == _REF + old else _rename_ref(v, old, new))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_rename_ref(v, old, new) for v in node]
    return node


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith(_REF):
                yield v[len(_REF):]
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


def _has_required(node: Any) -> bool:
    if isinstance(node, dict):
        return "required" in node or any(_has_required(v) for v in node.values())
    return isinstance(node, list) and any(_has_required(v) for v in node)


def _needing_partial(defs: dict) -> set[str]:
    """Definitions that hold a ``required`` somewhere, directly or through references."""
    needs = {name for name, d in defs.items() if _has_required(d)}
    changed = True
    while changed:
        changed = False
        for name, d in defs.items():
            if name not in needs and any(r in needs for r in _refs(d)):
                needs.add(name)
                changed = True
    return needs


def _partial(node: Any, needs: set[str]) -> Any:
    """A copy without ``required``, pointing at the partial twins of definitions."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "required":
                continue
            if k == "$ref" and isinstance(v, str) and v[len(_REF):] in needs:
                out[k] = _REF + "partial-" + v[len(_REF):]
            else:
                out[k] = _partial(v, needs)
        return out
    if isinstance(node, list):
        return [_partial(v, needs) for v in node]
    return node


def _expand_enum_ci(node: Any) -> Any:
    if isinstance(node, dict):
        out = {k: _expand_enum_ci(v) for k, v in node.items()}
        if "x-enum-ci" in node:
            out["pattern"] = "^(" + "|".join(_ci(v) for v in node["x-enum-ci"]) + ")$"
        return out
    if isinstance(node, list):
        return [_expand_enum_ci(v) for v in node]
    return node


def _ci(word: str) -> str:
    out = []
    for ch in word:
        if ch.isalpha():
            out.append(f"[{ch.lower()}{ch.upper()}]")
        elif ch.isalnum() or ch == "_":
            out.append(ch)
        else:
            out.append("\\" + ch)
    return "".join(out)


# --- validation -------------------------------------------------------------------------------

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
        if isinstance(ref, str) and ref.startswith(_REF) and len(node) == 1:
            target = ref[len(_REF):]
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


def validate(name: str, data: Any) -> list[Issue]:
    """Every schema issue of ``data`` (plain manifest data) against the schema ``name``.

    A manifest that passes the compiled check of :mod:`copilot_lint.schema_gate` has none;
    jsonschema (slow to import and to build) only runs for the others, to explain each problem.
    """
    try:
        if _gate(name)(data):
            return []
    except RecursionError:
        pass
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
                            and not _extension(k)):
            yield _unknown_key(name, path, extra, known)
        return
    if keyword == "required":
        yield _missing(name, path, error.message)
        return
    if isinstance(value, str) and "${" in value and keyword != "type":
        return
    expect = _expect(schema_here)
    where = show_path(path)
    got = _describe(value)
    if keyword == "type":
        fix = _type_fix(schema_here, value) or f"; change it to {expect}"
        message = f'"{where}" must be {expect}, got {got}{fix}'
    elif keyword in ("minimum", "maximum"):
        message = f'"{where}" must be {expect}, got {got}; use a value in that range'
    elif keyword == "minLength":
        message = f'"{where}" must not be empty; give it a value or remove the key'
    elif keyword == "maxLength":
        message = f'"{where}" must be {expect}, got {len(str(value))} characters; shorten it'
    elif keyword == "minProperties":
        message = f'"{where}" must not be an empty map; give it {expect} or remove the key'
    else:
        message = f'"{where}" must be {expect}, got {got}; {_value_fix(schema_here, value)}'
    yield Issue(SCHEMA, path, message, key=f"{where}={_short(value)}")


def _union(error, name: str) -> Iterator[Issue]:
    """Errors of an ``anyOf``: follow the branch that takes this kind of value, if any."""
    defs = assembled(name)["definitions"]
    kind = _json_type(error.instance)
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
    expect = _expect(error.schema if isinstance(error.schema, dict) else {})
    fix = _type_fix(error.schema, error.instance) or "; rewrite it in one of these forms"
    yield Issue(SCHEMA, path, f'"{where}" must be {expect}, got {_describe(error.instance)}{fix}',
                key=f"{where}={_short(error.instance)}")


def _properties(node: Any, defs: dict, depth: int = 0) -> dict[str, Any]:
    """The keys a map (sub)schema knows, with their schemas."""
    if not isinstance(node, dict) or depth > 20:
        return {}
    if "$ref" in node:
        return _properties(defs.get(node["$ref"][len(_REF):], {}), defs, depth + 1)
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
    expect = _expect(error.schema if isinstance(error.schema, dict) else {})
    yield Issue(SCHEMA, path, f'"{where}" must be {expect}, got a map without any key Copilot '
                              'reads there; fix its keys', key=f"{where}=map")
    yield from _unknown_below(error.instance, branch, path, name, defs)


def _unknown_below(value: dict, node: Any, path: tuple, name: str, defs: dict,
                   depth: int = 0) -> Iterator[Issue]:
    known = _properties(node, defs)
    for key in sorted(value, key=str):
        sub = value[key]
        if key not in known and not _extension(key):
            yield _unknown_key(name, path, key, sorted(known))
        elif isinstance(sub, dict) and depth < 5 and _properties(known[key], defs):
            yield from _unknown_below(sub, known[key], path + (key,), name, defs, depth + 1)


def _accepts(node: Any, defs: dict, depth: int = 0) -> set[str]:
    """The JSON types a (sub)schema can accept at its top."""
    every = {"null", "boolean", "integer", "number", "string", "array", "object"}
    if not isinstance(node, dict) or depth > 20:
        return every
    if "$ref" in node:
        return _accepts(defs.get(node["$ref"][len(_REF):], {}), defs, depth + 1)
    if "type" in node:
        types = {node["type"]} if isinstance(node["type"], str) else set(node["type"])
        return types | ({"integer"} if "number" in types else set())
    if "enum" in node:
        return {_json_type(v) for v in node["enum"]}
    if "const" in node:
        return {_json_type(node["const"])}
    if "anyOf" in node:
        return set().union(*(_accepts(b, defs, depth + 1) for b in node["anyOf"]))
    if "allOf" in node:
        out = every
        for b in node["allOf"]:
            out = out & _accepts(b, defs, depth + 1)
        return out
    return every


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


_TYPE_WORDS = {"string": "a string", "integer": "an integer", "number": "a number",
               "boolean": "a boolean", "array": "a list", "object": "a map"}


def _expect(node: dict) -> str:
    if node.get("x-expect"):
        return node["x-expect"]
    if node.get("x-enum-ci"):
        return "one of " + ", ".join(f'"{v}"' for v in node["x-enum-ci"]) + " (any case)"
    if "enum" in node:
        return "one of " + ", ".join(json.dumps(v) for v in node["enum"] if v is not None)
    types = node.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    words = [_TYPE_WORDS[t] for t in types if t in _TYPE_WORDS]
    return " or ".join(words) if words else "a valid value"


def _type_fix(node: Any, value: Any) -> str:
    node = node if isinstance(node, dict) else {}
    wants = node.get("type") or []
    wants = [wants] if isinstance(wants, str) else wants
    if isinstance(value, str) and "${" in value:
        return ("; Copilot substitutes ${VAR} as a string, so this field cannot come from a "
                "variable")
    if isinstance(value, str) and "integer" in wants and _is_int_text(value):
        return "; remove the quotes: Copilot does not read a quoted number into an integer"
    if "duration" in (node.get("x-expect") or "") and isinstance(value, (int, float)) \
            and not isinstance(value, bool):
        return f'; add a unit, e.g. "{value}s"'
    if wants == ["string", "null"] and isinstance(value, (int, float, bool)):
        return f'; quote it: "{str(value).lower() if isinstance(value, bool) else value}"'
    return ""


def _value_fix(node: dict, value: Any) -> str:
    if isinstance(value, str) and value.lower() in ("true", "false") \
            and True in node.get("enum", ()):
        return "remove the quotes: a quoted true or false is a string to Copilot"
    if node.get("x-enum-ci") or "enum" in node:
        return "use one of the allowed values"
    if node.get("format") == "copilot-cidr" and isinstance(value, str) and "/" not in value:
        return f'add the prefix length, e.g. "{value}/32"'
    return "fix the value"


def _is_int_text(text: str) -> bool:
    return text.strip().lstrip("+-").isdigit()


def _missing(name: str, path: tuple, key: str) -> Issue:
    where = show_path(path)
    hint = _MISSING_HINTS.get((where, key), "add it")
    if where:
        message = f'"{where}" is missing "{key}"; {hint}'
    else:
        message = f'missing "{key}", which a {_title(name)} requires; {hint}'
    return Issue(SCHEMA, path, message, at_key=bool(path), key=f"{where}.{key}".lstrip("."))


_MISSING_HINTS = {
    ("", "image"): "add image.build or image.location",
    ("", "http"): 'add "http" with a "path", or "http: false" with an "nlb"',
    ("", "on"): 'add on.schedule, e.g. "@daily"',
    ("", "source"): "add the source repository (provider and properties)",
    ("", "version"): "add version: 1",
    ("http", "path"): 'add path: "/" to route every request to this service',
    ("image", "port"): "add the port the container listens on",
    ("on", "schedule"): 'add a schedule, e.g. "@daily" or "cron(0 12 * * ? *)"',
}


def _title(name: str) -> str:
    return next((k for k, v in KINDS.items() if v == name), "pipeline") + " manifest"


def _extension(key: Any) -> bool:
    """``x-…`` keys hold YAML anchors or tool data by convention; they are not typos."""
    return isinstance(key, str) and key.startswith("x-")


_WRONG_HOMES: dict[tuple[str, tuple], str] = {
    ("pipeline", ("stages", int, "deployments", "*", "image")):
        "a deployment deploys the image its workload manifest names (build.image is the "
        "CodeBuild image of the build stage), remove it",
    ("environment", ("network", "vpc", "security_groups")):
        "extra security groups for services go in each workload manifest's "
        "network.vpc.security_groups; network.vpc.security_group here configures the "
        "environment's own group",
}
"""Keys whose nearest spelling or namesake elsewhere is the wrong place to send the reader."""


_WORKLOAD_SCHEMAS = ("lb-web-service", "backend-service", "worker-service",
                     "request-driven-web-service", "scheduled-job", "static-site")


def _wrong_home(name: str, steps: tuple) -> str | None:
    """A hint for a key that belongs in another kind of manifest, or ``None``."""
    for (kind, pattern), hint in _WRONG_HOMES.items():
        if kind == name and len(pattern) == len(steps) and all(
                isinstance(s, int) if p is int else isinstance(s, str) and p in ("*", s)
                for p, s in zip(pattern, steps)):
            return hint
    if name == "environment" and all(isinstance(s, str) for s in steps):
        parent, key = ".".join(steps[:-1]), steps[-1]
        if any(parent in _key_places(kind).get(key, ()) for kind in _WORKLOAD_SCHEMAS):
            return "it is a workload setting: set it in the manifests of the services that " \
                   "need it"
    return None


def _unknown_key(name: str, path: tuple, key: str, known: list[str]) -> Issue:
    where = show_path(path + (key,))
    close = difflib.get_close_matches(key, known, n=2, cutoff=0.7)
    if not close:
        close = difflib.get_close_matches(key.lower().replace("-", "_"), known, n=2, cutoff=0.7)
    home = _wrong_home(name, path + (key,))
    if home is not None:
        fix, close = home, []
    elif close:
        fix = f'did you mean "{close[0]}"'
    else:
        places = _places_for(name, key, [str(p) for p in path if isinstance(p, str)])
        if places:
            fix = "it belongs " + " or ".join(f'under "{p}"' if p else "at the top level"
                                              for p in places[:2])
        else:
            fix = "remove it or fix its spelling"
    return Issue(UNKNOWN_KEY, path + (key,), f'unknown key "{where}" is ignored by Copilot; {fix}',
                 at_key=True, key=where, rename_to=close[0] if len(close) == 1 else "")


def _places_for(name: str, key: str, parent: list[str]) -> list[str]:
    """Where else ``key`` is valid, nearest first: places that share the first steps of
    ``parent`` (with ``*`` filled in from it), then places at most one level deep or with the
    same last step (``image.healthcheck`` for ``http.healthcheck``). A sidecar's key is only
    sent to a place inside the same sidecar, never to the main container's."""
    ranked = []
    for place in _key_places(name).get(key, ()):
        steps = place.split(".") if place else []
        shared = 0
        while shared < min(len(steps), len(parent)) and steps[shared] in ("*", parent[shared]):
            shared += 1
        filled = [parent[i] if i < shared and s == "*" else s for i, s in enumerate(steps)]
        kin = shared or len(steps) <= 1 or parent and steps[-1] == parent[-1]
        if "*" in filled or filled == parent or not kin or \
                parent[:1] == ["sidecars"] and shared < 2:
            continue
        ranked.append((-shared, len(steps), ".".join(filled)))
    return [p for _, _, p in sorted(ranked)]


@cache
def _key_places(name: str) -> dict[str, tuple[str, ...]]:
    """Every key the schema ``name`` knows, with the dotted places where it is valid (``*``
    stands for any name, as in ``sidecars.*``)."""
    doc = assembled(name)
    defs = doc["definitions"]
    places: dict[str, list[str]] = {}

    def walk(node: Any, where: str, depth: int, seen: frozenset) -> None:
        if not isinstance(node, dict) or depth > 6:
            return
        ref = node.get("$ref", "")
        if ref.startswith(_REF):
            target = ref[len(_REF):]
            if target not in seen and target != "override":
                walk(defs.get(target), where, depth, seen | {target})
            return
        for key, sub in (node.get("properties") or {}).items():
            if key == "environments":
                continue
            places.setdefault(key, [])
            if where not in places[key]:
                places[key].append(where)
            walk(sub, f"{where}.{key}" if where else key, depth + 1, seen)
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], f"{where}.*" if where else "*", depth + 1, seen)
        for keyword in ("anyOf", "allOf"):
            for sub in node.get(keyword) or []:
                walk(sub, where, depth, seen)

    walk(doc, "", 0, frozenset())
    return {k: tuple(v) for k, v in places.items()}


def show_path(path: tuple) -> str:
    """``http.additional_rules[0].path`` for a path of keys and list indexes."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"integer {value}"
    if isinstance(value, float):
        return f"number {value:g}"
    if isinstance(value, str):
        return f'string "{_short(value)}"'
    return "a list" if isinstance(value, list) else "a map"


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str) \
        if isinstance(value, (list, dict)) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"
