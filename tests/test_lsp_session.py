"""The language server's session: buffers over the disk, the parse cache, crashing rules, and
the same findings as a cold run of the command line."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from copilot_lint.load.config import Config
from copilot_lint.model.finding import Finding
from copilot_lint.lint import lint_workspace
from copilot_lint.lsp.session import Session, copilot_root
from copilot_lint.engine.registry import find_rule
from copilot_lint.model.memory import MemoryFiles
from copilot_lint.load.parse_cache import ParseCache
from conftest import FIXTURES, analysed, write_tree

ENVS = {
    "copilot/.workspace": "application: demo\n",
    "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
    "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
    "copilot/api/manifest.yml": "name: api\ntype: Backend Service\nimage:\n  location: nginx\n",
}


def test_buffers_override_the_disk(tmp_path: Path) -> None:
    write_tree(tmp_path, ENVS)
    session = Session(tmp_path / "copilot")
    manifest = tmp_path / "copilot/api/manifest.yml"
    assert not session.lint().by_path
    session.open(manifest, 2, "name: api\ntype: Web Thing\n")
    snapshot = session.lint()
    assert [f.rule for f in snapshot.by_path[manifest]] == ["CL101"]
    assert snapshot.versions == {manifest: 2}
    assert snapshot.text_of(manifest) == "name: api\ntype: Web Thing\n"
    session.close(manifest)
    assert not session.lint().by_path


def test_overlay_paths_outside_the_workspace_are_never_read(tmp_path: Path) -> None:
    write_tree(tmp_path, ENVS)
    outside = tmp_path / "elsewhere.yml"
    ws = analysed(tmp_path / "copilot", cwd=tmp_path, memory=MemoryFiles(
        {outside: b"type: [broken", tmp_path / "copilot/x.yml": b":"}))
    assert all(f.abspath != outside for f in ws.files)
    assert not ws.problems


def test_parse_cache_reuses_unchanged_files_and_stays_one_generation(tmp_path: Path) -> None:
    write_tree(tmp_path, ENVS)
    root = tmp_path / "copilot"
    cache = ParseCache()
    first = analysed(root, cwd=tmp_path, memory=MemoryFiles(cache=cache))
    cache.prune()
    manifest = (root / "api/manifest.yml").absolute()
    for number in range(50):
        overlay = {manifest: f"name: api\ntype: Backend Service\ncount: {number}\n".encode()}
        ws = analysed(root, cwd=tmp_path, memory=MemoryFiles(overlay, cache))
        cache.prune()
        assert len(cache) == len(ws.files) == len(first.files)
    same = [a.root is b.root for a, b in zip(first.files, ws.files)]
    assert same.count(False) == 1


def test_copilot_root_only_for_files_inside_a_copilot_folder(tmp_path: Path) -> None:
    write_tree(tmp_path, {**ENVS, "README.md": "hi\n"})
    assert copilot_root(tmp_path / "copilot/api/manifest.yml") == (tmp_path / "copilot").absolute()
    assert copilot_root(tmp_path / "README.md") is None


def test_a_crashing_rule_is_reported_and_the_others_still_publish(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, ENVS)
    session = Session(tmp_path / "copilot")
    manifest = tmp_path / "copilot/api/manifest.yml"
    session.open(manifest, 1, "name: api\ntype: Web Thing\n")

    def boom(self, ws):
        raise RuntimeError("kaput")

    monkeypatch.setattr(find_rule("CL105"), "check", boom)
    snapshot = session.lint()
    assert [f.rule for f in snapshot.by_path[manifest]] == ["CL101"]
    (crash,) = snapshot.internal_errors
    assert "internal error in rule CL105 (RuntimeError at " in crash.message
    assert "kaput" not in crash.message

    from copilot_lint.lsp.server import CopilotLintServer

    server = CopilotLintServer()
    logged = []
    monkeypatch.setattr(server, "window_log_message", logged.append)
    server.report(session, snapshot)
    assert [p.message for p in logged] == [f"copilot-lint: {crash.message}"]


@pytest.mark.parametrize("case", sorted(
    p.parent.relative_to(FIXTURES).as_posix() for p in FIXTURES.glob("*/bad/*/copilot")))
def test_incremental_lint_equals_a_cold_run(case: str, tmp_path: Path) -> None:
    """After editing every file of a fixture (twice: broken, then back), the session's findings
    are the command line's findings on the same files."""
    shutil.copytree(FIXTURES / case / "copilot", tmp_path / "copilot")
    root = (tmp_path / "copilot").absolute()
    config = Config()
    config.cfn_lint["enabled"] = False
    session = Session(root)
    session.config, session._config_stamp = config, (None,)
    session.load_config = lambda: config
    session.lint()
    files = [p for p in sorted(root.rglob("*")) if p.is_file()]
    for number, path in enumerate(files):
        session.open(path, number, path.read_text(errors="replace") + "\n: broken: [")
        session.lint()
        try:
            session.open(path, number, path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            session.close(path)
    snapshot = session.lint()
    cold = lint_workspace(root, config, cwd=root.parent)
    got = sorted((str(p), f.line, f.column, f.rule, f.message, tuple(f.environments))
                 for p, found in snapshot.by_path.items() for f in found)
    want = sorted((str(session.disk_path(f.file) or root / "?"), f.line, f.column, f.rule,
                   f.message, tuple(f.environments)) for f in cold.findings
                  if session.disk_path(f.file) is not None)
    assert got == want


def test_no_suppression_comment_inside_a_block_scalar(tmp_path: Path) -> None:
    from lsprotocol import types

    from copilot_lint.lsp.actions import EditSupport, suppress_action
    from copilot_lint.lsp.convert import diagnostic, lines_of

    write_tree(tmp_path, ENVS)
    manifest = (tmp_path / "copilot/api/manifest.yml").absolute()
    text = "name: api\ntype: Backend Service\nimage:\n  location: nginx\ncommand: |\n  run\n" \
           "  more\nvariables:\n  A: b\n"
    session = Session(tmp_path / "copilot")
    session.open(manifest, 1, text)
    snapshot = session.lint()
    lines = lines_of(text)
    for line, offered in ((6, False), (5, True), (9, True)):
        finding = Finding("copilot/api/manifest.yml", line, 3, "m", rule="CL101")
        action = suppress_action(snapshot, manifest, lines, finding,
                                 diagnostic(finding, lines), EditSupport(True))
        assert (action is not None) == offered, line
        if action is not None:
            (edit,) = action.edit.document_changes[0].edits
            assert edit.range.start == types.Position(line - 1, len(lines[line - 1]))


@pytest.mark.cfn_lint
@pytest.mark.parametrize(("option", "config_file", "scheduled"), [
    (True, "", True),
    (False, "", False),
    (True, "cfn-lint: {enabled: false}\n", False),
])
def test_cfn_lint_pass_is_scheduled_unless_turned_off(
        option: bool, config_file: str, scheduled: bool, tmp_path: Path) -> None:
    import asyncio

    from copilot_lint.lsp.server import CopilotLintServer

    write_tree(tmp_path, {**ENVS, **({".copilot-lint.yml": config_file} if config_file else {})})
    session = Session(tmp_path / "copilot")
    session.load_config()
    server = CopilotLintServer()
    server.cfn_option = option

    async def schedule() -> bool:
        server.schedule_cfn(session)
        planned = bool(server.cfn_timers)
        server.stop()
        return planned

    assert asyncio.run(schedule()) is scheduled


def _server_with_manifest(tmp_path: Path, text: str):
    """A server (in process) whose session has ``copilot/api/manifest.yml`` open as ``text``;
    returns the server, the session, and the manifest's path."""
    from copilot_lint.lsp.server import CopilotLintServer

    write_tree(tmp_path, ENVS)
    manifest = (tmp_path / "copilot/api/manifest.yml").absolute()
    server = CopilotLintServer()
    session, path = server.session_for(manifest.as_uri())
    session.open(path, 1, text)
    return server, session, manifest


def test_no_actions_or_hover_from_a_lint_older_than_the_buffer(tmp_path: Path) -> None:
    server, session, manifest = _server_with_manifest(tmp_path, "name: api\ntype: Web Thing\n")
    from copilot_lint.lsp.server import _current

    server.snapshots[session.root] = session.lint()
    assert _current(server, manifest.as_uri())[1] == manifest
    session.open(manifest, 2, "name: api\ntype: Backend Service\n")
    assert _current(server, manifest.as_uri()) is None


def test_a_new_lint_frees_the_previous_lints_views(tmp_path: Path) -> None:
    server, session, _ = _server_with_manifest(tmp_path, "name: api\ntype: Backend Service\n")
    first = session.lint()
    server.keep(session, first)
    assert first.context.analysis.manifests
    second = session.lint()
    server.keep(session, second)
    assert server.snapshots[session.root] is second
    assert first.context.analysis.manifests == {} and second.context.analysis.manifests


def test_a_session_lint_leaves_what_it_made_to_the_collector(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the command moves what a paused lint made to the oldest generation (frozen and
    unfrozen): there the collector counts none of it towards a full collection, so in the
    language server every replaced lint's cycles stayed (RSS 61 → 940 MiB over 1,000 edits at
    N = 40, bench/lsp_latency.py). A session's lint leaves them where the collector put them."""
    import gc

    from copilot_lint.cli import main

    frozen: list[int] = []
    real_freeze = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (frozen.append(1), real_freeze())[1])
    server, session, _ = _server_with_manifest(tmp_path, "name: api\ntype: Backend Service\n")
    server.keep(session, session.lint())
    server.keep(session, session.lint())
    assert frozen == []
    from copilot_lint.model.collector import collector_paused, one_shot

    class Made:
        pass

    gc.collect()
    with collector_paused():
        made = Made()
    gc.disable()
    try:
        assert not any(o is made for o in gc.get_objects(generation=2))
    finally:
        gc.enable()
    with one_shot(), collector_paused():
        settled = Made()
    assert any(o is settled for o in gc.get_objects(generation=2))

    frozen.clear()
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        main(["--no-cfn-lint", "--format", "json", "copilot"])
    finally:
        os.chdir(old)
    assert frozen, "the command keeps moving its objects to the oldest generation"


def test_lsp_command_without_the_extra_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    from copilot_lint.cli.main import main

    monkeypatch.setitem(sys.modules, "copilot_lint.lsp.server", None)
    assert main(["lsp"]) == 2
    assert "pip install 'pygls>=2.0,<3'" in capsys.readouterr().err


def test_diagnostic_range_is_the_findings_range_when_known() -> None:
    from copilot_lint.lsp.convert import finding_range

    lines = ["name: api", "variables:", "  KEY: {a: 1,", "    b: 2}", "x: ünï"]
    token = finding_range(Finding("f.yml", 1, 7, "m"), lines)
    assert (token.start.line, token.start.character, token.end.line, token.end.character) == \
        (0, 6, 0, 9)
    spanning = finding_range(Finding("f.yml", 3, 8, "m", end_line=4, end_column=10), lines)
    assert (spanning.start.line, spanning.start.character, spanning.end.line,
            spanning.end.character) == (2, 7, 3, 9)
    wide = finding_range(Finding("f.yml", 5, 4, "m", end_line=5, end_column=7), lines)
    assert (wide.start.character, wide.end.character) == (3, 6)


def test_a_selector_naming_no_rule_is_a_configuration_error_not_a_crash(tmp_path: Path) -> None:
    from conftest import write_tree

    write_tree(tmp_path, {".copilot-lint.yml": "ignore: [CL9O1]\n",
                          "copilot/.workspace": "application: demo\n"})
    session = Session(tmp_path / "copilot")
    assert session.load_config() == Config()
    assert "unknown rule 'CL9O1'" in session.config_error


def test_a_session_is_freed_when_its_last_document_closes(tmp_path: Path) -> None:
    """Opening and closing one document in each of many workspaces keeps nothing of them
    (the server grew 45 → 260 MB over 150 workspaces), and their diagnostics are cleared."""
    import asyncio
    import gc
    import weakref

    from copilot_lint.lsp.server import CopilotLintServer

    server = CopilotLintServer()
    published: list[tuple[str, int]] = []
    server.text_document_publish_diagnostics = \
        lambda params: published.append((params.uri, len(params.diagnostics)))
    server.window_log_message = lambda params: None
    sessions = []
    bad = "name: api\ntype: Backend Service\nimage:\n  location: nginx\nnetwork: {vpc: 1}\n"

    async def open_and_close(manifest: Path) -> None:
        session, path = server.session_for(manifest.as_uri())
        sessions.append(weakref.ref(session))
        session.open(path, 1, bad)
        server.schedule(session)
        while server.running:
            await asyncio.sleep(0.01)
        assert published[-1] == (manifest.as_uri(), 1)
        other = manifest.parent.parent / "environments/test/manifest.yml"
        session.open(other, 1, other.read_text())
        server.closed(other.as_uri())
        assert server.sessions, "a workspace with an open document is kept"
        server.closed(manifest.as_uri())
        while server.running:
            await asyncio.sleep(0.01)

    async def drive() -> None:
        for n in range(5):
            write_tree(tmp_path / str(n), ENVS)
            await open_and_close((tmp_path / str(n) / "copilot/api/manifest.yml").absolute())

    asyncio.run(drive())
    gc.collect()
    assert server.sessions == {} and server.snapshots == {} and server.published == {}
    assert [ref() for ref in sessions] == [None] * 5
    assert published[-1] == ((tmp_path / "4/copilot/api/manifest.yml").absolute().as_uri(), 0)
    assert server.session_for((tmp_path / "0/copilot/api/manifest.yml").as_uri(),
                              create=False) is None


def test_no_quick_fix_creates_a_file_through_a_linked_addons_folder(tmp_path: Path) -> None:
    """``web/addons -> ../../outside/addons``: CL402's fix would create its policy template
    there. ``--fix`` refuses it, and the language server offers no quick fix for it either
    (the editor would follow the link): one confinement check for every edit."""
    pytest.importorskip("pygls")
    from lsprotocol import types

    from copilot_lint.cli import main
    from copilot_lint.fix.plan import plan_fixes
    from copilot_lint.lsp.actions import EditSupport, code_actions
    from copilot_lint.lsp.convert import finding_range, lines_of

    shutil.copytree(FIXTURES / "CL402/bad/env-secret-by-name/copilot", tmp_path / "copilot")
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "copilot/web/addons").rename(outside / "addons")
    (tmp_path / "copilot/web/addons").symlink_to("../../outside/addons")
    manifest = (tmp_path / "copilot/web/manifest.yml").absolute()
    session = Session(tmp_path / "copilot")
    session.open(manifest, 1, manifest.read_text())
    snapshot = session.lint()
    (finding,) = [f for f in snapshot.by_path[manifest] if f.rule == "CL402"]
    assert finding.fix is not None
    assert plan_fixes(snapshot.context, [finding]).problems[0].message.endswith(
        "not fixed: it leads outside the workspace (a symlink)")
    lines = lines_of(manifest.read_text())
    actions = code_actions(snapshot, manifest, lines, finding_range(finding, lines),
                           EditSupport(document_changes=True, create=True))
    assert [a.title for a in actions] == ["Disable CL402 for this line"]
    assert not any(isinstance(op, types.CreateFile) for a in actions
                   for op in a.edit.document_changes or [])
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        main(["--no-cfn-lint", "--fix", "--select", "CL402"])
    finally:
        os.chdir(old)
    assert sorted(p.name for p in (outside / "addons").iterdir()) == ["queue.yml"]


def test_no_suppression_comment_in_a_document_linked_out_of_the_workspace(
        tmp_path: Path) -> None:
    """``web/manifest.yml -> ../../outside.yml`` is reported (CL001) but gets no "disable"
    action: the editor would write the comment into the file outside."""
    pytest.importorskip("pygls")
    from copilot_lint.lsp.actions import EditSupport, code_actions
    from copilot_lint.lsp.convert import finding_range, lines_of

    write_tree(tmp_path, {**ENVS, "outside.yml": "name: web\ntype: Backend Service\n"})
    (tmp_path / "copilot/web").mkdir()
    manifest = (tmp_path / "copilot/web/manifest.yml").absolute()
    manifest.symlink_to("../../outside.yml")
    session = Session(tmp_path / "copilot")
    session.open(manifest, 1, manifest.read_text())
    snapshot = session.lint()
    found = snapshot.by_path[manifest]
    assert [f.rule for f in found] == ["CL001"]
    lines = lines_of(manifest.read_text())
    assert code_actions(snapshot, manifest, lines, finding_range(found[0], lines),
                        EditSupport(document_changes=True, create=True)) == []


def test_a_diagnostic_shows_the_hint_on_its_second_line() -> None:
    pytest.importorskip("lsprotocol")
    from copilot_lint.lsp.convert import diagnostic
    from copilot_lint.model.finding import Finding

    finding = Finding("copilot/api/manifest.yml", 1, 1, 'unknown key "port" is ignored',
                      rule="CL106", severity="warning", environments=["dev"],
                      hint='move it under "image"')
    shown = diagnostic(finding, ["port: 80"])
    assert shown.message == '[dev] unknown key "port" is ignored\nhelp: move it under "image"'
    finding.hint = ""
    assert diagnostic(finding, ["port: 80"]).message == '[dev] unknown key "port" is ignored'
