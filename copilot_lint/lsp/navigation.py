"""Go to definition, find references and document symbols, from the model's index
(:func:`~copilot_lint.query.index.index_of`): what only a tool that reads the whole workspace
knows.

- Definition: a manifest ``secrets:`` value → the addon ``AWS::SSM::Parameter`` (or
  ``AWS::SecretsManager::Secret``) that creates it, per environment; a ``from_cfn`` value or an
  ``Fn::ImportValue`` → the addon output (``Export.Name``) that exports the name; a
  ``subscribe.topics[]`` entry → the ``publish.topics[]`` entry of the publishing workload.
- References: the other way round, from an SSM parameter or secret resource (its logical id or
  its ``Name``), an output (its key or ``Export.Name``) or a published topic.
- Document symbols: a manifest's workload (or environment, pipeline) and its top-level keys
  (override environments under ``environments``); an addon template's parameters, conditions,
  resources (with their type) and outputs (with their export name).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lsprotocol import types

from copilot_lint.lsp.convert import lines_of, utf16
from copilot_lint.model.node import Node
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import SourceFile
from copilot_lint.query.index import Index, index_of

_MANIFEST_ROLES = ("manifest", "env-manifest", "pipeline")


class Places:
    """Positions of nodes of one workspace as LSP locations."""

    def __init__(self, ws: Context) -> None:
        self.ws = ws
        self.by_display = {f.path: f for f in ws.files}
        self.lines: dict[str, list[str]] = {}

    def source(self, node: Node) -> SourceFile | None:
        return self.by_display.get(node.file)

    def _lines(self, source: SourceFile) -> list[str]:
        if source.path not in self.lines:
            self.lines[source.path] = lines_of(source.text)
        return self.lines[source.path]

    def range(self, node: Node) -> types.Range | None:
        """The range of ``node`` (a scalar, a key, a flow collection: the whole token; a block:
        its first line), from the loader's end positions."""
        source = self.source(node)
        if source is None:
            return None
        lines = self._lines(source)
        row = node.line - 1
        if not 0 <= row < len(lines):
            return None
        line = lines[row]
        start = min(max(node.col - 1, 0), len(line))
        end_line, end_col = node.span()
        if end_line and (end_line - 1, end_col - 1) > (row, start) and end_line - 1 < len(lines):
            tail = lines[end_line - 1]
            end = types.Position(end_line - 1, utf16(tail, min(end_col - 1, len(tail))))
        else:
            end = types.Position(row, utf16(line, max(len(line.rstrip()), start)))
        return types.Range(types.Position(row, utf16(line, start)), end)

    def location(self, node: Node | None) -> types.Location | None:
        if node is None:
            return None
        source = self.source(node)
        found = self.range(node)
        if source is None or found is None:
            return None
        return types.Location(uri=source.abspath.absolute().as_uri(), range=found)

    def contains(self, node: Node | None, source: SourceFile, at: types.Position) -> bool:
        """True when the cursor ``at`` in ``source`` is on the token of ``node``."""
        if node is None or node.file != source.path or node.line - 1 > at.line:
            return False
        found = self.range(node)
        return found is not None and (found.start.line, found.start.character) <= \
            (at.line, at.character) <= (found.end.line, found.end.character)


def _unique(locations: Iterator[types.Location | None]) -> list[types.Location]:
    seen: set[tuple] = set()
    out = []
    for location in locations:
        if location is None:
            continue
        key = (location.uri, location.range.start.line, location.range.start.character)
        if key not in seen:
            seen.add(key)
            out.append(location)
    return out


def source_of(ws: Context, path: Path) -> SourceFile | None:
    return next((f for f in ws.files if f.abspath.absolute() == path), None)


# -- definition -------------------------------------------------------------------------------
def definition(ws: Context, path: Path, at: types.Position) -> list[types.Location]:
    """Where the value under the cursor is defined, in every environment."""
    source = source_of(ws, path)
    if source is None or source.root is None:
        return []
    places = Places(ws)
    index = index_of(ws)
    found: list[Node | None] = []
    for use in index.secret_uses:
        if places.contains(use.node, source, at):
            found.extend(_secret_definitions(index, use.env, use.form, use.value))
    for imported in index.imports:
        if places.contains(imported.node, source, at) or (
                imported.kind == "ImportValue" and _import_argument_at(
                    places, imported.node, source, at)):
            found.extend(e.node for e in index.exported(imported.env, imported.name))
    found.extend(_publishers(ws, places, source, at))
    return _unique(places.location(n) for n in found)


def _secret_definitions(index: Index, env: str, form: str, value: object) -> list[Node]:
    if form == "name":
        return [p.node for p in index.ssm.get(env, {}).get(value, [])] + \
            [s.node for s in index.secrets if s.env == env and s.name == value]
    if form == "secretsmanager":
        return [s.node for s in index.secrets if s.env == env and s.name is not None and
                isinstance(value, str) and (s.name == value or value.startswith(f"{s.name}:"))]
    if form == "from_cfn":
        return [e.node for e in index.exported(env, value) if e.node is not None]
    return []


def _import_argument_at(places: Places, node: Node, source: SourceFile,
                        at: types.Position) -> bool:
    """The cursor is on the argument of an ``Fn::ImportValue`` (a ``!Sub`` string, say)."""
    fn = node.intrinsic()
    if not fn or fn[1] is None:
        return False
    return any(places.contains(inner, source, at) for _, inner in fn[1].walk())


def _subscriptions(ws: Context) -> Iterator[tuple[str, Node | None, Node | None]]:
    """(subscriber, topic name node, publisher name node) of every ``subscribe.topics[]``."""
    for workload in ws.workloads:
        root = workload.manifest.mapping if workload.manifest is not None else None
        topics = root.get("subscribe", "topics") if root is not None else None
        for entry in topics.elements() if topics is not None and topics.is_seq else []:
            if entry.is_map:
                yield workload.name, entry.get("name"), entry.get("service")


def _published(ws: Context, service: str, topic: str) -> list[Node]:
    found = []
    for workload in ws.workloads:
        root = workload.manifest.mapping if workload.manifest is not None else None
        topics = root.get("publish", "topics") if root is not None else None
        if workload.name != service or topics is None or not topics.is_seq:
            continue
        for entry in topics.elements():
            name = entry.get("name") if entry.is_map else None
            if name is not None and name.is_str and name.value == topic:
                found.append(name)
    return found


def _publishers(ws: Context, places: Places, source: SourceFile,
                at: types.Position) -> list[Node]:
    found: list[Node] = []
    for _, name, service in _subscriptions(ws):
        if name is None or service is None or not (name.is_str and service.is_str):
            continue
        if places.contains(name, source, at) or places.contains(service, source, at):
            found.extend(_published(ws, service.value, name.value))
    return found


# -- references -------------------------------------------------------------------------------
def references(ws: Context, path: Path, at: types.Position,
               include_declaration: bool = False) -> list[types.Location]:
    """Where the definition under the cursor is used, in every environment."""
    source = source_of(ws, path)
    if source is None or source.root is None:
        return []
    places = Places(ws)
    index = index_of(ws)
    found: list[Node | None] = []
    declared: list[Node | None] = []
    for env, params in index.ssm.items():
        for name, defined in params.items():
            for param in defined:
                if _on_resource(places, source, at, param.addons, param.logical_id, param.node):
                    declared.append(param.node)
                    found.extend(u.node for u in index.secret_uses
                                 if u.env == env and u.form == "name" and u.value == name)
    for secret in index.secrets:
        if secret.name is not None and _on_resource(places, source, at, secret.addons,
                                                    secret.logical_id, secret.node):
            declared.append(secret.node)
            found.extend(u.node for u in index.secret_uses if u.env == secret.env and (
                (u.form == "name" and u.value == secret.name) or
                (u.form == "secretsmanager" and isinstance(u.value, str) and
                 (u.value == secret.name or u.value.startswith(f"{secret.name}:")))))
    for env, exports in index.exports.items():
        for name, made in exports.items():
            for export in made:
                if export.node is None or export.addons is None:
                    continue
                if places.contains(export.node, source, at) or _on_output_key(
                        source, at, export.addons, export.output):
                    declared.append(export.node)
                    found.extend(i.node for i in index.imports
                                 if i.env == env and i.name == name)
    for workload in ws.workloads:
        root = workload.manifest.mapping if workload.manifest is not None else None
        topics = root.get("publish", "topics") if root is not None else None
        for entry in topics.elements() if topics is not None and topics.is_seq else []:
            name = entry.get("name") if entry.is_map else None
            if name is not None and name.is_str and places.contains(name, source, at):
                declared.append(name)
                found.extend(topic for _, topic, service in _subscriptions(ws)
                             if topic is not None and service is not None and topic.is_str and
                             topic.value == name.value and service.value == workload.name)
    if include_declaration:
        found = declared + found
    return _unique(places.location(n) for n in found)


def _on_resource(places: Places, source: SourceFile, at: types.Position, addons,
                 logical_id: str, node: Node | None) -> bool:
    """The cursor is on the resource's ``Name`` value or on its logical id."""
    if places.contains(node, source, at):
        return True
    if source not in addons.templates or source.mapping is None:
        return False
    resources = source.mapping.get("Resources")
    key = resources.key_node(logical_id) if resources is not None and resources.is_map else None
    return places.contains(key, source, at)


def _on_output_key(source: SourceFile, at: types.Position, addons, output: str) -> bool:
    if source not in addons.templates or source.mapping is None:
        return False
    outputs = source.mapping.get("Outputs")
    key = outputs.key_node(output) if outputs is not None and outputs.is_map else None
    return key is not None and key.file == source.path and key.line - 1 == at.line and \
        key.col - 1 <= at.character <= key.col - 1 + len(output)


# -- document symbols -------------------------------------------------------------------------
def document_symbols(ws: Context, path: Path) -> list[types.DocumentSymbol]:
    """The outline of a manifest or an addon template."""
    source = source_of(ws, path)
    if source is None or source.mapping is None:
        return []
    lines = lines_of(source.text)
    root = source.mapping
    if source.role in _MANIFEST_ROLES:
        children = [_symbol(lines, key, root.key_node(key), node, _key_kind(node),
                            _children(lines, node) if key == "environments" else [])
                    for key, node in root.items()]
        name = root.get("name")
        title = name.value if name is not None and name.is_str else path.parent.name
        kind = root.get("type")
        detail = kind.value if kind is not None and kind.is_str else (
            "Pipeline" if source.role == "pipeline" else None)
        symbol_kind = types.SymbolKind.Module if source.role == "env-manifest" else \
            types.SymbolKind.Class
        return [types.DocumentSymbol(
            name=str(title), detail=detail, kind=symbol_kind,
            range=_span(lines, 1, 1, len(lines)), selection_range=_span(lines, 1, 1, 1),
            children=[c for c in children if c is not None])]
    sections = {"Parameters": types.SymbolKind.TypeParameter,
                "Conditions": types.SymbolKind.Boolean,
                "Resources": types.SymbolKind.Object, "Outputs": types.SymbolKind.Field}
    symbols = []
    for section, kind in sections.items():
        block = root.get(section)
        if block is None or not block.is_map:
            continue
        children = []
        for logical_id, node in block.items():
            detail = None
            if section == "Resources" and node.is_map and node.get("Type") is not None:
                detail = str(node.get("Type").value)
            elif section == "Outputs" and node.is_map and node.get("Export", "Name") is not None:
                detail = f"export {_written(node.get('Export', 'Name'))}"
            elif section == "Parameters" and node.is_map and node.get("Type") is not None:
                detail = str(node.get("Type").value)
            children.append(_symbol(lines, logical_id, block.key_node(logical_id), node, kind,
                                    detail=detail))
        symbols.append(_symbol(lines, section, root.key_node(section), block,
                               types.SymbolKind.Namespace,
                               [c for c in children if c is not None]))
    return [s for s in symbols if s is not None]


def _written(node: Node) -> str:
    """A name as written: a string, or the template of a ``!Sub``."""
    if node.is_str:
        return node.value
    fn = node.intrinsic()
    if fn and fn[0] == "Fn::Sub" and fn[1] is not None and fn[1].is_str:
        return fn[1].value
    return "(computed)"


def _key_kind(node: Node) -> types.SymbolKind:
    if node.is_map:
        return types.SymbolKind.Object
    if node.is_seq:
        return types.SymbolKind.Array
    return types.SymbolKind.Property


def _children(lines: list[str], node: Node) -> list[types.DocumentSymbol]:
    if not node.is_map:
        return []
    found = (_symbol(lines, key, node.key_node(key), child, types.SymbolKind.Module)
             for key, child in node.items())
    return [s for s in found if s is not None]


def _symbol(lines: list[str], name: str, key: Node | None, value: Node,
            kind: types.SymbolKind, children: list[types.DocumentSymbol] | None = None,
            detail: str | None = None) -> types.DocumentSymbol | None:
    if key is None:
        return None
    end_line = max(value.end_line, key.line)
    return types.DocumentSymbol(
        name=str(name) or "\"\"", detail=detail, kind=kind,
        range=_span(lines, key.line, key.col, end_line),
        selection_range=_span(lines, key.line, key.col, key.line, len(str(name))),
        children=children or None)


def _span(lines: list[str], line: int, col: int, end_line: int,
          width: int | None = None) -> types.Range:
    """From 1-based (``line``, ``col``) to the end of ``end_line`` (or ``width`` characters)."""
    row = min(max(line - 1, 0), max(len(lines) - 1, 0))
    last = min(max(end_line - 1, row), max(len(lines) - 1, 0))
    text = lines[row] if lines else ""
    start = min(col - 1, len(text))
    if width is not None:
        end = types.Position(row, utf16(text, min(start + width, len(text))))
    else:
        tail = lines[last] if lines else ""
        end = types.Position(last, utf16(tail, len(tail)))
    return types.Range(types.Position(row, utf16(text, start)), end)
