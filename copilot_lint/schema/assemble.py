"""The manifest JSON Schemas assembled from ``copilot_lint/schema/json/``: one self-contained
draft-07 schema per manifest kind (shared definitions copied in, ``x-enum-ci`` lists turned
into case-insensitive patterns, ``environments.<env>`` overrides with every nested ``required``
dropped, key descriptions from :mod:`copilot_lint.schema.describe` merged in), and the
dispatcher ``copilot-lint schema`` prints for editors.
"""
from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from copilot_lint.model.vocabulary import WorkloadType

from copilot_lint.schema.describe import annotate, description

KINDS: dict[str, str] = {
    WorkloadType.LB_WEB_SERVICE: "lb-web-service",
    WorkloadType.BACKEND_SERVICE: "backend-service",
    WorkloadType.WORKER_SERVICE: "worker-service",
    WorkloadType.RD_WEB_SERVICE: "request-driven-web-service",
    WorkloadType.SCHEDULED_JOB: "scheduled-job",
    WorkloadType.STATIC_SITE: "static-site",
    "Environment": "environment",
}
"""Manifest ``type`` → schema name; pipelines (no ``type``) use the schema ``pipeline``."""


NAMES = tuple(KINDS.values()) + ("pipeline",)


WORKLOAD_NAMES = NAMES[:6]


DRAFT = "http://json-schema.org/draft-07/schema#"


REF = "#/definitions/"


_SCHEMAS = Path(__file__).with_name("json")


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
    annotate(doc, defs, name)
    if name in WORKLOAD_NAMES:
        override = {k: v for k, v in doc["properties"].items() if k not in ("name", "type")}
        needs = _needing_partial(defs)
        for dep in sorted(needs):
            defs[f"partial-{dep}"] = _partial(defs[dep], needs)
        defs["override"] = {"type": ["object", "null"], "additionalProperties": False,
                            "properties": _partial(override, needs),
                            "description": description(name, ("environments", "*"))}
        doc["properties"]["environments"] = {
            "type": ["object", "null"], "additionalProperties": {"$ref": REF + "override"},
            "x-expect": "a map of environment names to overrides",
            "description": description(name, ("environments",))}
    doc["definitions"] = defs
    return _expand_enum_ci(doc)


def schema(name: str) -> dict:
    """The self-contained draft-07 schema of one manifest kind (a fresh copy)."""
    return copy.deepcopy(assembled(name))


def dispatcher() -> dict:
    """One schema for every Copilot manifest, choosing the kind by ``type`` (none: pipeline).

    Definitions identical in every kind are shared; a kind whose copy differs (its overrides,
    or key descriptions naming the Copilot version that added the key to that kind) keeps its
    own as ``<kind>-<definition>``."""
    defs: dict[str, Any] = {}
    for name in NAMES:
        doc = schema(name)
        own = doc.pop("definitions")
        renamed = {key: f"{name}-{key}" for key, value in own.items()
                   if key == "override" or defs.get(key, value) != value}
        for old, new in renamed.items():
            doc = _rename_ref(doc, old, new)
            own = _rename_ref(own, old, new)
        for key, value in own.items():
            defs.setdefault(renamed.get(key, key), value)
        doc.pop("$schema", None)
        defs[name] = doc
    branches = [{"if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
                 "then": {"$ref": REF + name}} for kind, name in KINDS.items()]
    branches.append({"if": {"not": {"required": ["type"]}}, "then": {"$ref": REF + "pipeline"}})
    return {"$schema": DRAFT, "title": "AWS Copilot manifest (any type)", "type": "object",
            "properties": {"type": {"enum": list(KINDS)}}, "allOf": branches,
            "definitions": defs}


def _rename_ref(node: Any, old: str, new: str) -> Any:
    if isinstance(node, dict):
        return {k: (REF + new if k == "$ref" and v == REF + old else _rename_ref(v, old, new))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_rename_ref(v, old, new) for v in node]
    return node


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith(REF):
                yield v[len(REF):]
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
            if k == "$ref" and isinstance(v, str) and v[len(REF):] in needs:
                out[k] = REF + "partial-" + v[len(REF):]
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
