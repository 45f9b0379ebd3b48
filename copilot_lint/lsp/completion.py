"""Completion in manifests: the keys a mapping may hold, with their type and description, and
the values a key takes.

Keys and values come from the manifest's JSON Schema (per workload type, environment or
pipeline); what a schema cannot know comes from the workspace: environment names under
``environments:`` (and a pipeline stage's ``name``), the topics other workloads publish under
``subscribe.topics[].name`` (those of the ``service`` beside it, when written), the publishing
workloads under ``service``, and the Fargate (or App Runner) sizes: ``cpu`` offers the sizes
with their memory range, ``memory`` the sizes that go with the ``cpu`` written beside it or at
the top of the manifest. The cursor's context is read from the buffer's text, so completion
works while the YAML is half typed.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lsprotocol import types

from copilot_lint.lsp import schema_keys
from copilot_lint.lsp.cursor import Cursor, cursor_at
from copilot_lint.lsp.convert import character
from copilot_lint.model.context import Context
from copilot_lint.query.task_sizes import APP_RUNNER_SIZES, FARGATE_SIZES

_MANIFESTS = ("manifest.yml", "manifest.yaml")
_TYPE = re.compile(r"^type:[ \t]*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.M)
_TOP_CPU = re.compile(r"^cpu:[ \t]*(\d+)\s*(?:#.*)?$", re.M)
_RDWS = "Request-Driven Web Service"


def schema_kind(root: Path, path: Path, text: str) -> str | None:
    """The schema name of the manifest at ``path`` in the ``copilot/`` folder ``root``:
    ``environment``, ``pipeline`` or a workload kind read from its ``type:`` line (``""`` for a
    workload manifest whose type is not written yet); ``None`` for other files."""
    from copilot_lint.schema.assemble import KINDS

    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return None
    if not parts or parts[-1] not in _MANIFESTS or len(parts) < 2:
        return None
    if parts[0] == "environments" and len(parts) == 3:
        return "environment"
    if parts[0] == "pipelines":
        return "pipeline"
    if len(parts) != 2:
        return None
    found = _TYPE.search(text)
    kind = KINDS.get(found.group(1).strip()) if found else None
    return kind if kind and kind != "environment" else ""


def complete(root: Path, path: Path, text: str, at: types.Position,
             ws: Context | None) -> types.CompletionList | None:
    """The completion items at ``at`` in the manifest ``path`` whose buffer holds ``text``;
    ``ws`` (the latest lint's workspace, if any) supplies names the schema cannot know."""
    kind = schema_kind(root, path, text)
    if kind is None:
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    if at.line >= len(lines):
        return None
    cursor = cursor_at(lines, at.line, character(lines[at.line], at.character))
    if cursor is None:
        return None
    if not kind:
        items = _untyped(cursor)
        return types.CompletionList(is_incomplete=False, items=items) if items else None
    from copilot_lint.schema.assemble import assembled

    doc = assembled(kind)
    items = _keys(doc, kind, cursor, ws) if cursor.on_key else \
        _values(doc, kind, cursor, text, ws)
    if not items:
        return None
    return types.CompletionList(is_incomplete=False, items=items)


def _untyped(cursor: Cursor) -> list[types.CompletionItem]:
    """A workload manifest without a known ``type``: the workload types, and the two keys
    every workload manifest starts with."""
    from copilot_lint.schema.assemble import KINDS

    if cursor.path:
        return []
    if cursor.key == "type":
        return _plain([k for k, v in KINDS.items() if v != "environment"], "workload type")
    if cursor.on_key:
        return [types.CompletionItem(label=key, kind=types.CompletionItemKind.Property,
                                     insert_text=f"{key}: ")
                for key in ("name", "type") if key not in cursor.siblings]
    return []


def _keys(doc: dict, kind: str, cursor: Cursor, ws: Context | None
          ) -> list[types.CompletionItem]:
    if kind != "environment" and kind != "pipeline" and cursor.path == ("environments",):
        names = ws.env_names if ws is not None else []
        return [types.CompletionItem(
            label=name, kind=types.CompletionItemKind.Module, detail="environment",
            insert_text=f"{name}:", documentation=f"Overrides for the `{name}` environment.")
            for name in names if name not in cursor.siblings]
    items = []
    for key, node in schema_keys.property_nodes(doc, cursor.path).items():
        if key in cursor.siblings:
            continue
        nodes = schema_keys.expand(node, doc)
        items.append(types.CompletionItem(
            label=key, kind=types.CompletionItemKind.Property,
            detail=schema_keys.expect(nodes),
            documentation=_markdown(schema_keys.description(nodes)),
            insert_text=f"{key}: "))
    return items


def _values(doc: dict, kind: str, cursor: Cursor, text: str, ws: Context | None
            ) -> list[types.CompletionItem]:
    key, path = cursor.key or "", cursor.path
    if kind == "pipeline" and path == ("stages",) and key == "name":
        return _plain(ws.env_names if ws else [], "environment")
    if path == ("subscribe", "topics") and key in ("name", "service"):
        return _topics(key, cursor, ws)
    if key in ("cpu", "memory") and (path == () or (len(path) == 2 and
                                                    path[0] == "environments")):
        return _sizes(key, kind, cursor, text)
    if path == () and key == "type" and kind not in ("environment", "pipeline"):
        from copilot_lint.schema.assemble import KINDS

        return _plain([k for k, v in KINDS.items() if v != "environment"], "workload type")
    nodes = schema_keys.at_path(doc, path + (key,))
    values = schema_keys.allowed_values(nodes)
    if not values and any(n.get("$ref") == "#/definitions/bool" for n in nodes):
        values = [True, False]
    return _plain([_yaml(v) for v in values], schema_keys.expect(nodes) or "")


def _topics(key: str, cursor: Cursor, ws: Context | None) -> list[types.CompletionItem]:
    """Topics published in the workspace (``name``) or the workloads publishing them
    (``service``)."""
    if ws is None:
        return []
    wanted = cursor.siblings.get("service", "").strip("'\"")
    items: list[types.CompletionItem] = []
    seen: set[str] = set()
    for workload, topic in published_topics(ws):
        if key == "service":
            if workload not in seen:
                seen.add(workload)
                items.append(types.CompletionItem(
                    label=workload, kind=types.CompletionItemKind.Module,
                    detail="publishes topics"))
        elif not wanted or wanted == workload:
            items.append(types.CompletionItem(
                label=topic, kind=types.CompletionItemKind.Event,
                detail=f"topic published by {workload}",
                sort_text=f"{workload}/{topic}"))
    return items


def published_topics(ws: Context) -> list[tuple[str, str]]:
    """(workload, topic name) for every ``publish.topics[].name`` of the workspace."""
    found = []
    for workload in ws.workloads:
        root = workload.manifest.mapping if workload.manifest is not None else None
        topics = root.get("publish", "topics") if root is not None else None
        for topic in topics.elements() if topics is not None and topics.is_seq else []:
            name = topic.get("name") if topic.is_map else None
            if name is not None and name.is_str:
                found.append((workload.name, name.value))
    return found


def _sizes(key: str, kind: str, cursor: Cursor, text: str) -> list[types.CompletionItem]:
    """Task sizes: ``cpu`` with the memory each allows, ``memory`` for the cpu in force."""
    rdws = kind == "request-driven-web-service"
    table = APP_RUNNER_SIZES if rdws else FARGATE_SIZES
    where = "App Runner" if rdws else "Fargate"
    if key == "cpu":
        return [types.CompletionItem(
            label=str(cpu), kind=types.CompletionItemKind.Value,
            detail=f"{where}: {cpu / 1024:g} vCPU, memory {_span(memory)} MiB",
            sort_text=f"{cpu:06d}") for cpu, memory in table.items()]
    written = cursor.siblings.get("cpu") or (_TOP_CPU.search(text) or [None, None])[1]
    try:
        cpu = int(str(written)) if written else (1024 if rdws else 256)
    except ValueError:
        cpu = 1024 if rdws else 256
    return [types.CompletionItem(
        label=str(memory), kind=types.CompletionItemKind.Value,
        detail=f"{where}: goes with cpu {cpu}", sort_text=f"{memory:07d}")
        for memory in table.get(cpu, ())]


def _span(values: Any) -> str:
    values = list(values)
    return f"{values[0]}" if len(values) == 1 else f"{values[0]}-{values[-1]}"


def _plain(values: list, detail: str) -> list[types.CompletionItem]:
    return [types.CompletionItem(label=str(v), kind=types.CompletionItemKind.Value,
                                 detail=detail) for v in values]


def _yaml(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _markdown(text: str | None) -> types.MarkupContent | None:
    if not text:
        return None
    return types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
