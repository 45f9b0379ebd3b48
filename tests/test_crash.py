"""Internal errors: exit code 2 and one line naming what was being processed, never exit 1."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from copilot_lint.load import discover as workspace
from copilot_lint.cli import main
from copilot_lint.model.crash import describe, processing

from conftest import write_tree

FILES = {
    "copilot/.workspace": "application: app\n",
    "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
    "copilot/web/manifest.yml": "name: web\ntype: Backend Service\n",
}


def _broken_loader(path: str, data: bytes):
    if path.endswith("web/manifest.yml"):
        raise RuntimeError("boom\nsecond line")
    return real_load_bytes(path, data)


real_load_bytes = workspace.load_bytes


def test_crash_while_loading_a_file_is_one_line_naming_it(tmp_path: Path, capsys,
                                                          monkeypatch) -> None:
    write_tree(tmp_path, FILES)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COPILOT_LINT_DEBUG", raising=False)
    monkeypatch.setattr(workspace, "load_bytes", _broken_loader)
    assert main(["--no-cfn-lint"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "copilot-lint: internal error while processing copilot/web/manifest.yml: RuntimeError: "
        "boom second line; please report it (run with --debug or COPILOT_LINT_DEBUG=1 for the "
        "traceback)\n")


@pytest.mark.parametrize("how", [["--debug"], []])
def test_traceback_only_on_request(how: list[str], tmp_path: Path, capsys,
                                   monkeypatch) -> None:
    write_tree(tmp_path, FILES)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(workspace, "load_bytes", _broken_loader)
    if not how:
        monkeypatch.setenv("COPILOT_LINT_DEBUG", "1")
    assert main(["--no-cfn-lint", *how]) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "_broken_loader" in err
    assert err.splitlines()[-1].startswith("copilot-lint: internal error while processing ")


def test_crash_in_an_output_format_is_exit_2(tmp_path: Path, capsys, monkeypatch) -> None:
    from copilot_lint.report import text_format

    write_tree(tmp_path, FILES)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(text_format, "render", lambda findings, context: 1 / 0)
    assert main(["--no-cfn-lint", "--format", "text"]) == 2
    assert capsys.readouterr().err.startswith(
        "copilot-lint: internal error while processing the text output: ZeroDivisionError")


def test_innermost_label_wins_and_messages_are_escaped_and_bounded() -> None:
    with pytest.raises(ValueError) as caught:
        with processing("outer"), processing("in\x1bner"):
            raise ValueError("x" * 1000)
    line = describe(caught.value)
    assert "while processing in\\x1bner: ValueError: " in line and len(line) < 500


def test_a_real_process_never_exits_1_on_a_crash(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    code = ("import sys; from copilot_lint.load import discover as workspace; "
            "workspace.load_bytes = lambda p, d: 1 / 0; from copilot_lint.cli import main; "
            "sys.exit(main(['--no-cfn-lint']))")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1 and "ZeroDivisionError" in done.stderr
