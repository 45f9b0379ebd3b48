"""A typo never turns a check off silently: selectors, options, environments and formats that
name nothing are usage errors (exit 2) with a did-you-mean; each workspace is judged by its own
configuration."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write_tree

from copilot_lint.cli.main import main

API = "type: Backend Service\nimage: {build: Dockerfile}\n"
WORKSPACE = {"copilot/.workspace": "application: shop\n",
             "copilot/api/manifest.yml": "name: web\n" + API,
             "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
             "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n"}


def run(args: list[str], cwd: Path, capsys) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        head = args[:1] if args[:1] == ["check"] else []
        code = main(head + ["--no-cfn-lint"] + args[len(head):])
    finally:
        os.chdir(old)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(("args", "expected"), [
    (["--select", "CL999"], "--select 'CL999': unknown rule 'CL999'; did you mean"),
    (["--select", "name-missing-envv"], "did you mean 'name-missing-env'?"),
    (["--select", "CL3,CL99"], "--select 'CL99': unknown rule"),
    (["--ignore", "CL99"], "--ignore 'CL99': unknown rule 'CL99'"),
    (["--select", ""], "--select '': empty rule selector"),
    (["--select", " , "], "--select ' , ': empty rule selector"),
    (["--ignore", ","], "--ignore ',': empty rule selector"),
    (["--ignore", "unknown-kye"], "did you mean 'unknown-key'?"),
    (["--severity", "CL999=error"], "--severity 'CL999': unknown rule"),
    (["--severity", "CL105=eror"], "expected RULE=info|warning|error; did you mean 'error'?"),
    (["--select", "CFN-E9999"], "--select 'CFN-E9999': cfn-lint has no rule 'E9999'"),
    (["--ignore", "CFN-E3O12"], "cfn-lint has no rule 'E3O12'"),
    (["--env", "prd"], "--env 'prd': no such environment in copilot; did you mean 'prod'?"),
    (["--env", "staging"], "--env 'staging': no such environment in copilot; choose from prod, "
                           "test"),
    (["--format", "jsn"], "unknown format 'jsn'; did you mean 'json'?"),
    (["--output", "sarf=out.sarif"], "unknown format 'sarf'; did you mean 'sarif'?"),
    (["--explain", "name-mismach"], "unknown rule 'name-mismach'; did you mean 'name-mismatch'?"),
])
def test_a_typo_is_a_usage_error_with_a_did_you_mean(tmp_path: Path, capsys, args: list[str],
                                                    expected: str) -> None:
    write_tree(tmp_path, WORKSPACE)
    code, out, err = run(args, tmp_path, capsys)
    assert (code, out) == (2, "") and expected in err, err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("args", [
    ["--select", "CL105"], ["--select", "cl105"], ["--select", "name-mismatch"],
    ["--select", "CL1"], ["--select", "CL"], ["--select", "ALL"], ["--select", "all"],
    ["--select", "CFN"], ["--select", "CFN-E3012"], ["--select", "CFN-W"],
    ["--select", "CL105,CFN-E3012"], ["--severity", "CL1=warning", "--fail-level", "warning"],
    ["--env", "prod"],
])
def test_what_names_something_is_accepted(tmp_path: Path, capsys, args: list[str]) -> None:
    write_tree(tmp_path, WORKSPACE)
    code, out, err = run(args, tmp_path, capsys)
    if args[1].startswith("CFN"):  # the cfn-lint pass is off in these tests: nothing to report
        assert (code, out, err) == (0, "", "copilot-lint: no findings\n")
    else:
        assert code == 1 and "CL105" in out, err


@pytest.mark.parametrize("spelling", ["all", "ALL", "All"])
def test_ignore_all_is_honoured_in_every_case(tmp_path: Path, capsys, spelling: str) -> None:
    write_tree(tmp_path, WORKSPACE)
    assert run(["--ignore", spelling], tmp_path, capsys)[:2] == (0, "")


@pytest.mark.parametrize(("name", "text", "expected"), [
    (".copilot-lint.yml", "select: [CL1, CL999]\n",
     ".copilot-lint.yml:1:15: invalid configuration at select/1: unknown rule 'CL999'"),
    (".copilot-lint.yml", "ignore:\n  - name-missing-envv\n",
     ".copilot-lint.yml:2:5: invalid configuration at ignore/0: unknown rule "
     "'name-missing-envv'; did you mean 'name-missing-env'?"),
    (".copilot-lint.yml", "severity: {CL99: error}\n",
     ".copilot-lint.yml:1:12: invalid configuration at severity/CL99: unknown rule 'CL99'"),
    (".copilot-lint.yml", "select: [CFN-E9999]\n",
     ".copilot-lint.yml:1:10: invalid configuration at select/0: cfn-lint has no rule 'E9999'"),
    (".copilot-lint.yml", "ignor: [CL601]\n",
     ".copilot-lint.yml:1:1: invalid configuration at top level: unknown key 'ignor'; "
     "did you mean 'ignore'?"),
    (".copilot-lint.yml", "rules: {CL301: {}}\n",
     ".copilot-lint.yml:1:1: invalid configuration: 'rules' is not supported"),
    ("pyproject.toml", "[tool.copilot-lint]\nselect = ['CL1', 'CL999']\n",
     "pyproject.toml:2:18: invalid configuration at select/1: unknown rule 'CL999'"),
    ("pyproject.toml", "[tool.copilot-lint]\nignor = ['CL601']\n",
     "pyproject.toml:2:1: invalid configuration at top level: unknown key 'ignor'"),
])
def test_configuration_typos_name_file_line_and_column(tmp_path: Path, capsys, name: str,
                                                        text: str, expected: str) -> None:
    write_tree(tmp_path, {**WORKSPACE, name: text})
    code, out, err = run([], tmp_path, capsys)
    assert (code, out) == (2, "") and f"copilot-lint: {expected}" in err, err


def test_each_workspace_is_judged_by_its_own_configuration(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path / "a", {**WORKSPACE, ".copilot-lint.yml": "fail-level: none\n"})
    write_tree(tmp_path / "b", {**WORKSPACE, ".copilot-lint.yml": "severity: {CL105: info}\n"})
    write_tree(tmp_path / "c", WORKSPACE)
    assert run(["a", "b"], tmp_path, capsys)[0] == 0
    assert run(["b", "a"], tmp_path, capsys)[0] == 0
    assert run(["a", "c"], tmp_path, capsys)[0] == 1
    assert run(["c", "a"], tmp_path, capsys)[0] == 1
    assert run(["c", "a", "--exit-zero"], tmp_path, capsys)[0] == 0


def test_jobs_must_be_positive(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, WORKSPACE)
    for value in ("0", "-1", "two"):
        with pytest.raises(SystemExit) as done:
            run(["--jobs", value], tmp_path, capsys)
        assert done.value.code == 2
        assert "argument --jobs" in capsys.readouterr().err


def test_help_lists_every_sub_command(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and "--select RULES" in out
    for name in ("graph", "schema", "lsp"):
        assert f"\n  {name} " in out, name


@pytest.mark.parametrize("args", [["--form", "json"], ["--sel", "CL1"], ["--no-cfn"],
                                  ["--selct", "CL1"]])
def test_abbreviated_or_misspelt_options_are_refused(tmp_path: Path, capsys,
                                                     args: list[str]) -> None:
    write_tree(tmp_path, WORKSPACE)
    with pytest.raises(SystemExit) as done:
        run(args, tmp_path, capsys)
    err = capsys.readouterr().err
    assert done.value.code == 2 and f"unrecognized arguments: {args[0]}" in err, err


@pytest.mark.parametrize("name", ["graph", "schema", "lsp"])
def test_a_folder_named_like_a_sub_command_is_linted_by_path(tmp_path: Path, capsys,
                                                              name: str) -> None:
    write_tree(tmp_path / name, WORKSPACE)
    for args in (["check", name], [f"./{name}"], ["--", name], ["check", "--", name]):
        code, out, err = run(args, tmp_path, capsys)
        assert code == 1 and out.startswith(f"{name}/copilot/api/manifest.yml:1:7: error CL105"), \
            (args, err)


def test_a_misspelt_sub_command_is_suggested(tmp_path: Path, capsys) -> None:
    code, _, err = run(["grap"], tmp_path, capsys)
    assert code == 2 and "grap: no such file or folder; did you mean the sub-command 'graph'?" \
        in err


def test_a_sub_command_is_one_registration(tmp_path: Path, capsys, monkeypatch) -> None:
    import sys
    import types

    from copilot_lint.cli import commands

    module = types.ModuleType("demo_command")
    module.main = lambda argv: print("demo", argv) or 7
    monkeypatch.setitem(sys.modules, "demo_command", module)
    monkeypatch.setitem(commands.SUBCOMMANDS, "demo", commands.Command("demo_command", "a demo"))
    assert main(["demo", "--format", "x", "--debug"]) == 7
    assert capsys.readouterr().out == "demo ['--format', 'x']\n"
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "\n  demo " in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["graph", "--form", "dot"], ["graph", "--no-find"],
                                  ["lsp", "--std"]])
def test_sub_commands_refuse_abbreviations_too(tmp_path: Path, capsys, argv: list[str]) -> None:
    write_tree(tmp_path, WORKSPACE)
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        with pytest.raises(SystemExit) as done:
            main(argv)
    finally:
        os.chdir(old)
    assert done.value.code == 2 and "unrecognized arguments" in capsys.readouterr().err


def test_stdin_filename_without_stdin_is_not_ignored(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, WORKSPACE)
    code, out, err = run(["copilot", "--stdin-filename", "copilot/api/manifest.yml"], tmp_path,
                         capsys)
    assert (code, out) == (2, "") and "give '-' as the PATH" in err
