"""Inlay hints and code lenses on the keys an ``environments.<env>`` override changes, showing
the value each environment resolves to (Copilot's merge: scalars replaced, lists replaced
whole, maps merged key by key; ``${COPILOT_*}`` substituted): ``count: 1  ▸ prod: 3``.

A key the override adds (absent from the base manifest) is shown on the nearest key the base
does write (``secrets:  ▸ prod: SMTP_PASSWORD: /copilot/...``); a base scalar that an override
turns into a map (``count: 1`` → autoscaling) shows the whole resolved map.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types

from copilot_lint.lsp.convert import lines_of, utf16
from copilot_lint.model.node import Node
from copilot_lint.model.context import Context
from copilot_lint.resolve.manifest import manifest_for

_WIDTH = 60


@dataclass(frozen=True)
class Override:
    """One environment's value on one base key: ``anchor`` is the base key's node."""

    anchor: Node
    env: str
    text: str


def overrides(ws: Context, path: Path) -> list[tuple[Node, list[Override]]]:
    """Per base key of the workload manifest at ``path``: what each environment makes of it,
    in the workspace's environment order."""
    workload = next((w for w in ws.workloads if w.manifest is not None and
                     w.manifest.abspath.absolute() == path), None)
    root = workload.manifest.mapping if workload is not None else None
    envs = root.get("environments") if root is not None else None
    if workload is None or envs is None or not envs.is_map:
        return []
    by_anchor: dict[int, tuple[Node, list[Override]]] = {}
    for env in ws.env_names:
        override = envs.get(env)
        if override is None or not override.is_map:
            continue
        resolved = manifest_for(ws, workload, env)
        for found in _changes(root, override, resolved, env):
            anchor, shown = by_anchor.setdefault(id(found.anchor), (found.anchor, []))
            if found not in shown:
                shown.append(found)
    return sorted(by_anchor.values(), key=lambda pair: (pair[0].line, pair[0].col))


def _changes(root: Node, override: Node, resolved: Node | None,
             env: str) -> Iterator[Override]:
    for path in _leaves(override):
        depth = 0
        base = root
        while depth < len(path) and base.is_map and base.get(path[depth]) is not None \
                and path[depth] != "environments":
            base = base.get(path[depth])
            depth += 1
        if depth == 0:
            continue
        parent = root.get(*path[:depth - 1]) if depth > 1 else root
        anchor = parent.key_node(path[depth - 1]) if parent is not None else None
        if anchor is None:
            continue
        if not base.is_map or depth == len(path):
            shown_path, rest = path[:depth], ()
        else:
            shown_path, rest = path[:depth + 1], path[depth:depth + 1]
        value = resolved.get(*shown_path) if resolved is not None else None
        label = f"{'.'.join(map(str, rest))}: " if rest else ""
        yield Override(anchor, env, f"{env}: {label}{show(value)}")


def _leaves(node: Node, path: tuple = ()) -> Iterator[tuple]:
    """Key paths of the scalars and lists under a mapping (lists count as one value)."""
    for key, child in node.items():
        if child.is_map and child.value:
            yield from _leaves(child, path + (key,))
        else:
            yield path + (key,)


def show(node: Node | None) -> str:
    """A value in one short line (flow style for collections)."""
    if node is None:
        return "(unset)"
    if node.is_scalar:
        text = "null" if node.value is None else node.str_value() or json.dumps(node.value)
    else:
        text = _flow(node.plain())
    return text if len(text) <= _WIDTH else text[:_WIDTH - 1] + "…"


def _flow(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _end_of(lines: list[str], node: Node) -> types.Position:
    row = min(node.line - 1, max(len(lines) - 1, 0))
    text = lines[row] if lines else ""
    body = text.split(" #", 1)[0].rstrip()
    return types.Position(row, utf16(text, len(body)))


def inlay_hints(ws: Context, path: Path, text: str | None,
                wanted: types.Range) -> list[types.InlayHint]:
    """A hint at the end of each overridden key's line in ``wanted``."""
    lines = lines_of(text)
    hints = []
    for anchor, shown in overrides(ws, path):
        if not wanted.start.line <= anchor.line - 1 <= wanted.end.line:
            continue
        label = "▸ " + "  ".join(o.text for o in shown)
        hints.append(types.InlayHint(
            position=_end_of(lines, anchor), label=label, kind=types.InlayHintKind.Type,
            padding_left=True,
            tooltip="What the environments.<env> overrides make of this key"))
    return hints


def code_lenses(ws: Context, path: Path, text: str | None) -> list[types.CodeLens]:
    """The same information as a code lens above each overridden key."""
    lines = lines_of(text)
    lenses = []
    for anchor, shown in overrides(ws, path):
        at = _end_of(lines, anchor)
        lenses.append(types.CodeLens(
            range=types.Range(types.Position(at.line, 0), at),
            command=types.Command(title="  ".join(o.text for o in shown), command="")))
    return lenses
