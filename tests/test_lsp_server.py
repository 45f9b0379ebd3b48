"""End-to-end tests of ``copilot-lint lsp``: a real client (pytest-lsp's) drives the server
process over stdio, as an editor does."""
from __future__ import annotations

import asyncio
import contextlib
import shutil
import sys
import time
from pathlib import Path

import pytest
from conftest import write_tree
from lsprotocol import types
from pytest_lsp.client import client_capabilities, make_test_lsp_client

from copilot_lint.fix.plan import plan_fixes
from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config

pytestmark = pytest.mark.asyncio

ENVS = {
    "copilot/.workspace": "application: demo\n",
    "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
    "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
}
MANIFEST = "name: api\ntype: Backend Service\nimage:\n  location: nginx\n"
PARAMS = "Parameters:\n  App: {Type: String}\n  Env: {Type: String}\n  Name: {Type: String}\n"
BUCKET = PARAMS + """\
Resources:
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: demo-uploads
Outputs:
  UploadsName:
    Value: !Ref Uploads
"""
FIXED_NAME = "BucketName: !Sub '${App}-${Env}-uploads'"


def workspace(tmp_path: Path, files: dict[str, str]) -> Path:
    write_tree(tmp_path, {**ENVS, **files})
    return tmp_path / "copilot"


@contextlib.asynccontextmanager
async def server(root: Path, options: dict | None = None, resource_operations: bool = True,
                 capabilities: types.ClientCapabilities | None = None):
    """A started and initialized server for the workspace at ``root`` (the client says what
    VS Code says, less the resource operations when told, unless ``capabilities`` are given)."""
    if capabilities is None:
        capabilities = client_capabilities("visual-studio-code")
        if not resource_operations:
            capabilities.workspace.workspace_edit.resource_operations = []
    client = make_test_lsp_client()
    await client.start_io(sys.executable, "-m", "copilot_lint", "lsp")
    await client.initialize_session(types.InitializeParams(
        capabilities=capabilities, root_uri=root.parent.as_uri(),
        initialization_options=options if options is not None else {"cfnLint": False}))
    try:
        yield client
    finally:
        await client.shutdown_session()
        await client.stop()


def open_file(client, path: Path, text: str | None = None) -> str:
    uri = path.absolute().as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri, "yaml", 1, path.read_text() if text is None else text)))
    return uri


def change(client, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [types.TextDocumentContentChangeWholeDocument(text=text)]))


async def until(condition, timeout: float = 20.0):
    """Wait until ``condition()`` is true (returns its value) or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s")


async def actions_at(client, uri: str, where: types.Range) -> list[types.CodeAction]:
    return await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), where, types.CodeActionContext(diagnostics=[])))


async def opened_with(client, path: Path, code: str) -> tuple[str, types.Diagnostic]:
    """Open ``path`` and wait for its (first) diagnostic of rule ``code``."""
    uri = open_file(client, path)
    await until(lambda: code in codes(client, uri))
    return uri, next(d for d in client.diagnostics[uri] if d.code == code)


def codes(client, uri: str) -> list[str]:
    return [d.code for d in client.diagnostics.get(uri, [])]


def apply(text: str, edits) -> str:
    """``text`` with LSP text edits applied (ASCII text: columns are characters)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(pos: types.Position) -> int:
        return starts[pos.line] + pos.character if pos.line < len(lines) else len(text)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


async def test_bucket_name_diagnostic_fix_and_unknown_type(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"copilot/api/manifest.yml": MANIFEST,
                                "copilot/api/addons/bucket.yml": BUCKET,
                                "copilot/web/manifest.yml": "name: web\ntype: Web Thing\n"})
    addon = root / "api/addons/bucket.yml"
    async with server(root) as client:
        uri, diag = await opened_with(client, addon, "CL301")
        assert len(client.diagnostics[uri]) == 1
        assert diag.range.start.line == 8 and diag.range.start.character == 18
        assert diag.range.end.character == len("      BucketName: demo-uploads")
        assert diag.severity == types.DiagnosticSeverity.Error
        assert diag.source == "copilot-lint"
        assert diag.code_description is None  # the rules page is published nowhere
        assert diag.message.startswith('[prod, test] BucketName "demo-uploads" is the same')

        actions = await actions_at(client, uri, diag.range)
        fixes = [a for a in actions if a.kind == types.CodeActionKind.QuickFix and
                 a.title.startswith("CL301:")]
        assert len(fixes) == 1
        (doc_edit,) = fixes[0].edit.document_changes
        assert doc_edit.text_document.uri == uri and doc_edit.text_document.version == 1
        fixed = apply(addon.read_text(), doc_edit.edits)
        outcome = lint_workspace(root, Config(), cwd=tmp_path)
        finding = next(f for f in outcome.findings if f.rule == "CL301")
        (expected,) = plan_fixes(outcome.context, [finding]).changes
        assert fixed.encode() == expected.new
        assert any(a.title == "Disable CL301 for this line" for a in actions)

        change(client, uri, 2, BUCKET.replace("BucketName: demo-uploads", FIXED_NAME))
        await until(lambda: "CL301" not in codes(client, uri))  # latency: bench/lsp_latency.py

        manifest = open_file(client, root / "web/manifest.yml")
        await until(lambda: "CL101" in codes(client, manifest))
        (bad_type,) = [d for d in client.diagnostics[manifest] if d.code == "CL101"]
        assert bad_type.range.start.line == 1
        process = client._server
    assert process.returncode == 0


async def test_a_client_without_document_changes_gets_a_changes_map(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"copilot/api/manifest.yml": MANIFEST,
                                "copilot/api/addons/bucket.yml": BUCKET})
    async with server(root, capabilities=types.ClientCapabilities()) as client:
        uri, diag = await opened_with(client, root / "api/addons/bucket.yml", "CL301")
        actions = await actions_at(client, uri, diag.range)
        assert [a.title.split(":")[0] for a in actions] == [
            "CL301", "Disable CL301 for this line", "copilot-lint"]
        for action in actions:
            assert action.edit.document_changes is None and list(action.edit.changes) == [uri]
        fixed = apply(BUCKET, actions[0].edit.changes[uri])
        assert FIXED_NAME in fixed


async def test_cross_file_finding_follows_the_export(tmp_path: Path) -> None:
    source = Path(__file__).parent / "fixtures/CL503/bad/from-cfn-and-import/copilot"
    shutil.copytree(source, tmp_path / "copilot")
    root = tmp_path / "copilot"
    exporter = root / "environments/addons/db.yml"
    importing = (root / "api/manifest.yml").as_uri()
    async with server(root) as client:
        uri = open_file(client, exporter)
        await until(lambda: codes(client, importing) == ["CL503", "CL503"])
        assert {d.range.start.line for d in client.diagnostics[importing]} == {6}
        text = exporter.read_text()
        change(client, uri, 2, text.replace("${Env}-DbSecret", "${Env}-DbSecert"))
        await until(lambda: "CL503" not in codes(client, importing))
        change(client, uri, 3, text)
        await until(lambda: "CL503" in codes(client, importing))


async def test_files_changed_on_disk_are_linted_again(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"copilot/api/manifest.yml": MANIFEST,
                                "copilot/api/addons/bucket.yml": BUCKET})
    addon = root / "api/addons/bucket.yml"
    registered: list[types.RegistrationParams] = []
    client = make_test_lsp_client()

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registered.append(params)

    await client.start_io(sys.executable, "-m", "copilot_lint", "lsp")
    await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=root.parent.as_uri(),
        initialization_options={"cfnLint": False}))
    try:
        open_file(client, root / "api/manifest.yml")
        await until(lambda: "CL301" in codes(client, addon.as_uri()))
        addon.write_text(BUCKET.replace("BucketName: demo-uploads", FIXED_NAME))
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            [types.FileEvent(addon.as_uri(), types.FileChangeType.Changed)]))
        await until(lambda: "CL301" not in codes(client, addon.as_uri()))
        assert [r.method for params in registered for r in params.registrations] == [
            "workspace/didChangeWatchedFiles"]
    finally:
        await client.shutdown_session()
        await client.stop()


async def test_half_typed_yaml_is_a_cl001_not_a_crash(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"copilot/api/manifest.yml": MANIFEST})
    async with server(root) as client:
        uri = open_file(client, root / "api/manifest.yml")
        await until(lambda: uri in client.diagnostics)
        change(client, uri, 2, MANIFEST + "http:\n  path: [unclosed\n  healthcheck: {\n")
        await until(lambda: "CL001" in codes(client, uri))
        (broken,) = [d for d in client.diagnostics[uri] if d.code == "CL001"]
        assert broken.range.start.line >= 5
        change(client, uri, 3, MANIFEST)
        await until(lambda: "CL001" not in codes(client, uri))


async def test_hover_explains_the_rule(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"copilot/api/manifest.yml": MANIFEST,
                                "copilot/api/addons/bucket.yml": BUCKET})
    async with server(root) as client:
        uri, _ = await opened_with(client, root / "api/addons/bucket.yml", "CL301")
        async def hover_text(at_uri: str, line: int, character: int) -> str | None:
            shown = await client.text_document_hover_async(types.HoverParams(
                types.TextDocumentIdentifier(at_uri), types.Position(line, character)))
            return shown.contents.value if shown is not None else None

        assert (await hover_text(uri, 8, 22)).startswith("## CL301\n")
        assert await hover_text(uri, 5, 4) is None

        manifest = open_file(client, root / "api/manifest.yml",
                             MANIFEST + "environments:\n  prod:\n    cpu: 512\n")
        await until(lambda: manifest in client.diagnostics)
        assert (await hover_text(manifest, 2, 2)).startswith(
            "**image** — object\n\nThe main container's image")
        assert (await hover_text(manifest, 6, 5)).startswith(
            "**environments.prod.cpu** — an integer\n\nCPU units")
        assert await hover_text(manifest, 3, 14) is None


async def test_team_policies_are_diagnostics_with_their_explanation(tmp_path: Path) -> None:
    policy = """\
policies:
  - id: ORG-002
    message: production services run at least two tasks
    applies-to: {environments: [prod]}
    require: {required: [count], properties: {count: {type: integer, minimum: 2}}}
    description: One task is one failure away from an outage.
"""
    root = workspace(tmp_path, {"copilot/api/manifest.yml": MANIFEST,
                                ".copilot-lint.yml": policy})
    async with server(root) as client:
        uri, diag = await opened_with(client, root / "api/manifest.yml", "ORG-002")
        assert diag.message == "[prod] production services run at least two tasks"
        shown = await client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(uri), diag.range.start))
        assert shown.contents.value.startswith("## ORG-002")
        assert "One task is one failure away" in shown.contents.value


async def test_suppression_action_silences_the_line(tmp_path: Path) -> None:
    root = workspace(tmp_path, {"copilot/api/manifest.yml": MANIFEST,
                                "copilot/api/addons/bucket.yml": BUCKET})
    async with server(root) as client:
        uri, _ = await opened_with(client, root / "api/addons/bucket.yml", "CL301")
        actions = await actions_at(client, uri, types.Range(types.Position(8, 20),
                                                            types.Position(8, 20)))
        (disable,) = [a for a in actions if a.title == "Disable CL301 for this line"]
        text = apply(BUCKET, disable.edit.document_changes[0].edits)
        assert "BucketName: demo-uploads  # copilot-lint: disable=CL301\n" in text
        change(client, uri, 2, text)
        await until(lambda: "CL301" not in codes(client, uri))


async def test_quick_fix_that_creates_an_addon(tmp_path: Path) -> None:
    source = Path(__file__).parent / "fixtures/CL402/bad/env-secret-by-name/copilot"
    shutil.copytree(source, tmp_path / "copilot")
    root = tmp_path / "copilot"
    async with server(root) as client:
        uri, diag = await opened_with(client, root / "web/manifest.yml", "CL402")
        actions = await actions_at(client, uri, diag.range)
        (fix,) = [a for a in actions if a.title.startswith("CL402:")]
        create, content = fix.edit.document_changes
        assert isinstance(create, types.CreateFile)
        outcome = lint_workspace(root, Config(), cwd=tmp_path)
        finding = next(f for f in outcome.findings if f.rule == "CL402")
        (expected,) = plan_fixes(outcome.context, [finding]).changes
        assert create.uri == expected.abspath.as_uri()
        assert content.edits[0].new_text.encode() == expected.new


async def test_quick_fix_needing_a_new_file_is_not_offered_without_resource_operations(
        tmp_path: Path) -> None:
    source = Path(__file__).parent / "fixtures/CL402/bad/env-secret-by-name/copilot"
    shutil.copytree(source, tmp_path / "copilot")
    root = tmp_path / "copilot"
    async with server(root, resource_operations=False) as client:
        uri, diag = await opened_with(client, root / "web/manifest.yml", "CL402")
        actions = await actions_at(client, uri, diag.range)
        assert [a.title for a in actions if a.kind == types.CodeActionKind.QuickFix] == [
            "Disable CL402 for this line"]


@pytest.mark.cfn_lint
async def test_cfn_lint_pass_runs_in_the_background(tmp_path: Path) -> None:
    bad = BUCKET.replace("BucketName: demo-uploads", FIXED_NAME).replace(
        "    Type: AWS::S3::Bucket", "    Type: AWS::S3::Bucket\n    Propertys: {}")
    root = workspace(tmp_path, {"copilot/api/manifest.yml": MANIFEST,
                                "copilot/api/addons/bucket.yml": bad})
    async with server(root, {"cfnLint": {"enabled": True, "delay": 0.1}}) as client:
        uri = open_file(client, root / "api/addons/bucket.yml")
        found = await until(lambda: [c for c in codes(client, uri) if c.startswith("CFN-")],
                            timeout=120)
        assert found == ["CFN-E3001"]


async def test_cfn_lint_pass_off_by_option(tmp_path: Path) -> None:
    bad = BUCKET.replace("    Type: AWS::S3::Bucket",
                         "    Type: AWS::S3::Bucket\n    Propertys: {}")
    root = workspace(tmp_path, {"copilot/api/manifest.yml": MANIFEST,
                                "copilot/api/addons/bucket.yml": bad})
    async with server(root, {"cfnLint": {"enabled": False, "delay": 0}}) as client:
        uri = open_file(client, root / "api/addons/bucket.yml")
        await until(lambda: "CL301" in codes(client, uri))
        await asyncio.sleep(1.0)
        assert not [c for c in codes(client, uri) if c.startswith("CFN-")]
