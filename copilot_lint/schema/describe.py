"""Descriptions of manifest keys, in copilot-lint's words, for the published schemas, hover and
completion.

``json/descriptions.json`` holds the text, kept apart from the schema files: a section
``workload`` shared by the six workload kinds and one section per schema name (``environment``,
``pipeline``, ``worker-service``, ...). Entries are keyed by key path, ``*`` standing for a
name the user chooses (a sidecar, a volume, a secret); list items add no step. A path is looked
up by its longest suffix found, the kind's own section before the shared one, so
``healthcheck.path`` serves every health check unless a longer entry says otherwise.

``json/key_versions.json`` (generated from Copilot's history by ``scripts/gen_key_versions.py``)
gives the Copilot release that first read each key path; the description ends with it.
"""
from __future__ import annotations

import json
from collections import deque
from functools import cache
from pathlib import Path
from typing import Any

_JSON = Path(__file__).with_name("json")
_SHARED = "workload"
_WORKLOADS = frozenset({"lb-web-service", "backend-service", "worker-service",
                        "request-driven-web-service", "scheduled-job", "static-site"})
REF = "#/definitions/"


@cache
def _tables() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    texts = json.loads((_JSON / "descriptions.json").read_text("utf-8"))
    versions = json.loads((_JSON / "key_versions.json").read_text("utf-8"))
    return texts, versions


def text_of(kind: str, path: tuple[str, ...]) -> str | None:
    """The hand-written text for the key ``path`` of schema ``kind`` (longest suffix first)."""
    texts, _ = _tables()
    sections = [texts.get(kind, {})]
    if kind in _WORKLOADS:
        sections.append(texts.get(_SHARED, {}))
    for start in range(len(path)):
        key = ".".join(path[start:])
        for section in sections:
            if key in section:
                return section[key]
    return None


def since(kind: str, path: tuple[str, ...]) -> str | None:
    """The Copilot release that first accepted ``path`` in a ``kind`` manifest, if known."""
    _, versions = _tables()
    return versions.get(kind, {}).get(".".join(path))


def description(kind: str, path: tuple[str, ...]) -> str | None:
    """What the key does (with its default), and the Copilot version that added it."""
    text = text_of(kind, path)
    if text is None:
        return None
    version = since(kind, path)
    return f"{text} Since Copilot {version}." if version else text


def annotate(doc: dict, defs: dict, kind: str) -> dict:
    """Set the ``description`` of every property of ``doc`` (and of the definitions it uses)
    that has one, in place; returns ``doc``.

    The schema is walked breadth first, so a definition shared by several keys (a health check,
    an alias) is described once, by the shortest path that reaches it.
    """
    seen: set[int] = set()
    queue: deque[tuple[Any, tuple[str, ...]]] = deque([(doc, ())])
    while queue:
        node, path = queue.popleft()
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF):
            queue.append((defs.get(ref[len(REF):]), path))
        for keyword in ("allOf", "anyOf", "oneOf"):
            queue.extend((branch, path) for branch in node.get(keyword) or [])
        for keyword in ("if", "then", "else", "items"):
            queue.append((node.get(keyword), path))
        if isinstance(node.get("additionalProperties"), dict) and path:
            queue.append((node["additionalProperties"], path + ("*",)))
        for key, child in (node.get("properties") or {}).items():
            if not isinstance(child, dict):
                continue
            described = description(kind, path + (key,))
            if described and id(child) not in seen:
                child["description"] = described
            queue.append((child, path + (key,)))
    return doc

