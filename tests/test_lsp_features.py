"""What only copilot-lint's server knows, through a real client over stdio (pytest-lsp): hover
and completion from the manifest schemas, inlay hints and code lenses on overridden keys,
go-to-definition and references across files, document symbols, and fix-all (byte for byte
what ``copilot-lint --fix FILE`` writes)."""
from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from test_lsp_server import PARAMS, apply, open_file, server, until, workspace

pytestmark = pytest.mark.asyncio

API = """\
name: api
type: Load Balanced Web Service
image:
  location: nginx
  port: 80
http:
  path: /
count: 1
secrets:
  DB_ARN: /copilot/demo/${COPILOT_ENVIRONMENT_NAME}/secrets/db-arn
variables:
  QUEUE:
    from_cfn: demo-${COPILOT_ENVIRONMENT_NAME}-jobs-url
publish:
  topics:
    - name: orders
environments:
  prod:
    count: 3
"""
WORKER = """\
name: jobs
type: Worker Service
image:
  location: busybox
subscribe:
  topics:
    - name: orders
      service: api
"""
ADDON = PARAMS + """\
Resources:
  DbArnParameter:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub '/copilot/${App}/${Env}/secrets/db-arn'
      Type: String
      Value: arn
  Jobs:
    Type: AWS::SQS::Queue
Outputs:
  JobsUrl:
    Value: !Ref Jobs
    Export:
      Name: !Sub '${App}-${Env}-jobs-url'
"""
TWO_BUCKETS = PARAMS + """\
Resources:
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: demo-uploads
  Thumbs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: demo-thumbs
"""
FILES = {"copilot/api/manifest.yml": API, "copilot/api/addons/store.yml": ADDON,
         "copilot/jobs/manifest.yml": WORKER}


def at(text: str, needle: str, offset: int = 0) -> types.Position:
    for row, line in enumerate(text.split("\n")):
        if needle in line:
            return types.Position(row, line.index(needle) + offset)
    raise AssertionError(needle)


async def linted(client, path: Path) -> str:
    """Open ``path`` and wait until the server has linted the opened buffer (its diagnostics
    may have been published before it was opened: the server answers document symbols only
    from a lint of the buffer as it is)."""
    uri = open_file(client, path)
    for _ in range(400):
        if await client.text_document_document_symbol_async(
                types.DocumentSymbolParams(types.TextDocumentIdentifier(uri))):
            return uri
        await asyncio.sleep(0.05)
    raise AssertionError(f"{path} was not linted")


async def test_hover_and_completion_from_the_schemas(tmp_path: Path) -> None:
    root = workspace(tmp_path, FILES)
    async with server(root) as client:
        uri = await linted(client, root / "api/manifest.yml")
        for needle, words in (("path: /", "Requests whose path starts"),
                              ("location", "existing image"),
                              ("count: 1", "How many tasks run"),
                              ("http:", "Application Load Balancer listener rule")):
            shown = await client.text_document_hover_async(types.HoverParams(
                types.TextDocumentIdentifier(uri), at(API, needle)))
            assert words in shown.contents.value and "Since Copilot v" in shown.contents.value
        listed = await client.text_document_completion_async(types.CompletionParams(
            types.TextDocumentIdentifier(uri), types.Position(API.count("\n"), 0)))
        labels = {item.label: item for item in listed.items}
        assert {"cpu", "nlb", "sidecars", "storage"} <= labels.keys()
        assert "count" not in labels and "subscribe" not in labels
        assert labels["cpu"].detail == "an integer"


async def test_inlay_hints_and_code_lenses_on_overridden_keys(tmp_path: Path) -> None:
    root = workspace(tmp_path, FILES)
    async with server(root) as client:
        uri = await linted(client, root / "api/manifest.yml")
        hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
            types.TextDocumentIdentifier(uri),
            types.Range(types.Position(0, 0), types.Position(40, 0))))
        (hint,) = hints
        assert hint.label == "▸ prod: 3"
        assert hint.position == types.Position(7, len("count: 1"))
        lenses = await client.text_document_code_lens_async(types.CodeLensParams(
            types.TextDocumentIdentifier(uri)))
        assert [lens.command.title for lens in lenses] == ["prod: 3"]
        assert lenses[0].range.start.line == 7


async def test_definition_and_references_across_files(tmp_path: Path) -> None:
    root = workspace(tmp_path, FILES)
    addon = root / "api/addons/store.yml"
    async with server(root) as client:
        uri = await linted(client, root / "api/manifest.yml")
        doc = types.TextDocumentIdentifier(uri)
        (secret,) = await client.text_document_definition_async(types.DefinitionParams(
            doc, at(API, "/copilot/demo", 2)))
        assert secret.uri == addon.as_uri()
        assert secret.range.start == at(ADDON, "!Sub '/copilot/${App}")
        (export,) = await client.text_document_definition_async(types.DefinitionParams(
            doc, at(API, "demo-${COPILOT", 2)))
        assert export.uri == addon.as_uri()
        assert export.range.start == at(ADDON, "!Sub '${App}-${Env}-jobs-url'")

        addon_uri = await linted(client, addon)
        uses = await client.text_document_references_async(types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(addon_uri),
            position=at(ADDON, "DbArnParameter", 2),
            context=types.ReferenceContext(include_declaration=False)))
        assert [(u.uri, u.range.start.line) for u in uses] == [(uri, 9)]

        worker = root / "jobs/manifest.yml"
        worker_uri = await linted(client, worker)
        (publisher,) = await client.text_document_definition_async(types.DefinitionParams(
            types.TextDocumentIdentifier(worker_uri), at(WORKER, "orders", 1)))
        assert publisher.uri == uri and publisher.range.start == at(API, "orders")
        subscribers = await client.text_document_references_async(types.ReferenceParams(
            text_document=doc, position=at(API, "orders", 1),
            context=types.ReferenceContext(include_declaration=False)))
        assert [(s.uri, s.range.start) for s in subscribers] == [
            (worker_uri, at(WORKER, "orders"))]


async def test_document_symbols_of_a_manifest_and_an_addon(tmp_path: Path) -> None:
    root = workspace(tmp_path, FILES)
    async with server(root) as client:
        uri = await linted(client, root / "api/manifest.yml")
        (workload,) = await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(types.TextDocumentIdentifier(uri)))
        assert (workload.name, workload.detail) == ("api", "Load Balanced Web Service")
        keys = {child.name: child for child in workload.children}
        assert list(keys)[:3] == ["name", "type", "image"]
        assert [c.name for c in keys["environments"].children] == ["prod"]
        addon_uri = await linted(client, root / "api/addons/store.yml")
        sections = await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(types.TextDocumentIdentifier(addon_uri)))
        by_name = {s.name: s for s in sections}
        assert [(r.name, r.detail) for r in by_name["Resources"].children] == [
            ("DbArnParameter", "AWS::SSM::Parameter"), ("Jobs", "AWS::SQS::Queue")]
        assert [(o.name, o.detail) for o in by_name["Outputs"].children] == [
            ("JobsUrl", "export ${App}-${Env}-jobs-url")]


async def test_fix_all_is_byte_identical_to_fix_on_the_file(tmp_path: Path) -> None:
    root = workspace(tmp_path / "editor", {"copilot/api/manifest.yml": API.split("secrets:")[0],
                                           "copilot/api/addons/buckets.yml": TWO_BUCKETS})
    copy = tmp_path / "cli"
    shutil.copytree(tmp_path / "editor", copy)
    addon = root / "api/addons/buckets.yml"
    async with server(root) as client:
        uri = open_file(client, addon)
        await until(lambda: sum(d.code == "CL301" for d in client.diagnostics.get(uri, [])) == 2)
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            types.TextDocumentIdentifier(uri), types.Range(types.Position(0, 0),
                                                           types.Position(0, 0)),
            types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
        (everything,) = actions
        assert everything.kind == "source.fixAll.copilot-lint"
        assert everything.title == "copilot-lint: fix all (2 fixable problems)"
        (doc_edit,) = everything.edit.document_changes
        fixed = apply(addon.read_text(), doc_edit.edits)
    subprocess.run([sys.executable, "-m", "copilot_lint", "--fix", "--no-cfn-lint",
                    "copilot/api/addons/buckets.yml"], cwd=copy, capture_output=True,
                   check=False)
    expected = (copy / "copilot/api/addons/buckets.yml").read_bytes()
    assert expected != TWO_BUCKETS.encode()
    assert fixed.encode() == expected
