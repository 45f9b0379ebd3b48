"""Where a node sits in its file: the key path from the document root that a :class:`Edit`
names, found from a node of the workspace model (by identity, else by position)."""
from __future__ import annotations

from copilot_lint.model.fix import KeyPath
from copilot_lint.model.node import MAP, Node
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import SourceFile


def source_of(ws: Context, file: str) -> SourceFile | None:
    """The workspace file whose display path is ``file``."""
    return next((f for f in ws.files if f.path == file), None)


def path_of(ws: Context, node: Node) -> KeyPath | None:
    """The key path of ``node`` in its file, or ``None`` when it is not found exactly once
    (a node reached through a YAML alias or merge key has no single place to edit).

    Nodes built by resolution or evaluation keep their source position; they are matched by
    identity first, then by position, kind and tag.
    """
    paths = _paths(ws, node.file)
    if paths is None:
        return None
    hits = paths.get(id(node))
    if hits is None:
        hits = paths.get((node.line, node.col, node.kind, node.tag))
    return hits[0] if hits is not None and len(hits) == 1 else None


def key_path_of(ws: Context, key_node: Node) -> KeyPath | None:
    """The key path of the mapping key whose own node (``Node.key_node``) is ``key_node``."""
    paths = _paths(ws, key_node.file)
    if paths is None:
        return None
    hits = paths.get(("key", id(key_node)))
    if hits is None:
        hits = paths.get(("key", key_node.line, key_node.col))
    return hits[0] if hits is not None and len(hits) == 1 else None


def _paths(ws: Context, file: str) -> dict | None:
    cache = ws.analysis.key_paths
    if file not in cache:
        source = source_of(ws, file)
        cache[file] = _index(source.root) if source is not None and source.root is not None \
            else None
    return cache[file]


def _index(root: Node) -> dict:
    """Every node's path, keyed by identity and by position (lists: a node may repeat)."""
    found: dict = {}
    for path, node in root.walk():
        found.setdefault(id(node), []).append(path)
        found.setdefault((node.line, node.col, node.kind, node.tag), []).append(path)
        if node.kind == MAP and node.keys:
            for key, key_node in node.keys.items():
                if key in node.value:
                    found.setdefault(("key", id(key_node)), []).append(path + (key,))
                    found.setdefault(("key", key_node.line, key_node.col), []).append(
                        path + (key,))
    for key, hits in found.items():
        if len(hits) > 1:
            found[key] = list(dict.fromkeys(hits))
    return found
