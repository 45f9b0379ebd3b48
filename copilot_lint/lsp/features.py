"""The editing features of the language server, registered on it by :func:`register`:
completion (:mod:`~copilot_lint.lsp.completion`), go to definition, references and document
symbols (:mod:`~copilot_lint.lsp.navigation`), inlay hints and code lenses on overridden keys
(:mod:`~copilot_lint.lsp.inlay`). Each answers from the latest lint of the document's workspace
(``current``), except completion, which reads the buffer as it is being typed.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types

from copilot_lint.lsp import inlay, navigation
from copilot_lint.lsp.completion import complete
from copilot_lint.lsp.session import Snapshot

Current = Callable[[Any, str], "tuple[Snapshot, Path, list[str]] | None"]


def register(server: Any, current: Current) -> None:
    """Register the editing features on ``server``; ``current(ls, uri)`` gives the latest lint
    of a document (``None`` while the document has changed since)."""

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[":", " "]))
    def on_completion(ls: Any,
                      params: types.CompletionParams) -> types.CompletionList | None:
        found = ls.session_for(params.text_document.uri, create=False)
        if found is None:
            return None
        session, path = found
        document = ls.workspace.get_text_document(params.text_document.uri)
        snapshot = ls.snapshots.get(session.root)
        return complete(session.root, path, document.source, params.position,
                        snapshot.context if snapshot is not None else None)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def on_definition(ls: Any,
                      params: types.DefinitionParams) -> list[types.Location] | None:
        found = current(ls, params.text_document.uri)
        if found is None:
            return None
        return navigation.definition(found[0].context, found[1], params.position) or None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def on_references(ls: Any,
                      params: types.ReferenceParams) -> list[types.Location] | None:
        found = current(ls, params.text_document.uri)
        if found is None:
            return None
        return navigation.references(found[0].context, found[1], params.position,
                                     params.context.include_declaration) or None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def on_symbols(ls: Any, params: types.DocumentSymbolParams
                   ) -> list[types.DocumentSymbol] | None:
        found = current(ls, params.text_document.uri)
        if found is None:
            return None
        return navigation.document_symbols(found[0].context, found[1]) or None

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    def on_inlay_hints(ls: Any,
                       params: types.InlayHintParams) -> list[types.InlayHint] | None:
        found = current(ls, params.text_document.uri)
        if found is None:
            return None
        snapshot, path, _ = found
        return inlay.inlay_hints(snapshot.context, path, snapshot.text_of(path),
                                 params.range) or None

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    def on_code_lens(ls: Any,
                     params: types.CodeLensParams) -> list[types.CodeLens] | None:
        found = current(ls, params.text_document.uri)
        if found is None:
            return None
        snapshot, path, _ = found
        return inlay.code_lenses(snapshot.context, path, snapshot.text_of(path)) or None
