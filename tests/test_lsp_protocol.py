"""lsp/protocol.py: the server forgets the futures of notifications it has handled (pygls 2
kept one per didOpen/didChange: about 2 KiB per edit)."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types  # noqa: E402
from pygls.workspace import Workspace  # noqa: E402

from copilot_lint.lsp.server import build  # noqa: E402


def test_handled_notifications_leave_no_future_behind(tmp_path: Path) -> None:
    server = build()
    server.protocol._workspace = Workspace(tmp_path.as_uri())
    uri = (tmp_path / "notes.yml").as_uri()  # outside any copilot/ folder: nothing to lint
    server.protocol._handle_notification(types.TEXT_DOCUMENT_DID_OPEN,
                                         types.DidOpenTextDocumentParams(
                                             types.TextDocumentItem(uri, "yaml", 1, "a: 1\n")))
    for version in range(2, 52):
        server.protocol._handle_notification(
            types.TEXT_DOCUMENT_DID_CHANGE, types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangeWholeDocument(text=f"a: {version}\n")]))
    assert server.workspace.get_text_document(uri).source == "a: 51\n"
    assert server.protocol._request_futures == {}
