"""The command line: exit codes, formats, discovery from paths, rule docs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_imports, write_tree

from copilot_lint.cli.main import main

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "shop" / "copilot"
API = "type: Backend Service\nimage: {build: Dockerfile}\n"
CLEAN = {"copilot/.workspace": "application: shop\n",
         "copilot/api/manifest.yml": "name: api\n" + API,
         "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n"}


def run(args: list[str], cwd: Path, capsys) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        code = main(args + ["--no-cfn-lint"])
    finally:
        os.chdir(old)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_clean_workspace_exits_0(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, CLEAN)
    assert run([], tmp_path, capsys)[0] == 0
    assert run(["copilot"], tmp_path, capsys)[0] == 0


def test_findings_exit_1_and_fail_level(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, {**CLEAN, "copilot/api/manifest.yml": "name: web\n" + API})
    code, out, _ = run([], tmp_path, capsys)
    assert code == 1
    assert out.startswith("copilot/api/manifest.yml:1:7: error CL105 ")
    assert run(["--fail-level", "none"], tmp_path, capsys)[0] == 0
    assert run(["--severity", "CL105=warning"], tmp_path, capsys)[0] == 0
    assert run(["--severity", "CL105=warning", "--fail-level", "warning"], tmp_path, capsys)[0] == 1
    assert run(["--ignore", "CL105"], tmp_path, capsys)[0] == 0


def test_json_contract(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, {**CLEAN, "copilot/api/manifest.yml": "name: web\nname: api\n" + API})
    code, out, _ = run(["--format", "json"], tmp_path, capsys)
    data = json.loads(out)
    assert list(data) == ["findings"]
    (finding,) = data["findings"]
    contract = ["rule", "severity", "path", "line", "column", "environment", "message"]
    assert list(finding)[:len(contract)] == contract
    assert {k: finding[k] for k in contract} == {
        "rule": "CL002", "severity": "error", "path": "copilot/api/manifest.yml", "line": 2,
        "column": 1, "environment": None,
        "message": 'duplicate key "name" (first defined at line 1) with another value'}
    assert {k: finding[k] for k in ("hint", "end_line", "end_column", "name", "url",
                                    "fixable")} == {
        "hint": "Copilot refuses a repeated key: remove or rename one", "end_line": 2,
        "end_column": 5, "name": "duplicate-key", "url": None, "fixable": False}
    assert code == 1


def test_json_environment_list(capsys) -> None:
    code, out, _ = run(["--format", "json", str(EXAMPLE)], ROOT, capsys)
    findings = json.loads(out)["findings"]
    assert code == 1
    assert any(f["environment"] and isinstance(f["environment"], list) for f in findings)
    assert all(not f["path"].startswith("/") for f in findings)
    keys = [(f["path"], f["line"], f["column"], f["rule"]) for f in findings]
    assert keys == sorted(keys)


def test_file_argument_reports_on_that_file_only(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, {**CLEAN, "copilot/api/manifest.yml": "name: web\n" + API,
                          "copilot/job/manifest.yml": "name: other\n" + API})
    code, out, _ = run(["copilot/job/manifest.yml"], tmp_path, capsys)
    assert code == 1 and out.count("\n") == 1 and "copilot/job/manifest.yml" in out


def test_env_filter(capsys) -> None:
    _, out, _ = run(["--env", "prod", str(EXAMPLE)], ROOT, capsys)
    assert out and all("[" not in line or "prod" in line for line in out.splitlines())


def test_usage_errors_exit_2(tmp_path: Path, capsys) -> None:
    assert run(["does-not-exist"], tmp_path, capsys)[0] == 2
    assert run([], tmp_path, capsys)[0] == 2
    write_tree(tmp_path, CLEAN)
    assert run(["--format", "nope"], tmp_path, capsys)[0] == 2
    assert run(["--severity", "CL105"], tmp_path, capsys)[0] == 2
    with pytest.raises(SystemExit) as exit_info:
        run(["--fail-level", "fatal"], tmp_path, capsys)
    assert exit_info.value.code == 2


def test_bad_config_is_one_clear_error(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, {**CLEAN, ".copilot-lint.yml": "fail-levle: error\n"})
    code, out, err = run([], tmp_path, capsys)
    assert code == 2 and out == "" and ".copilot-lint.yml" in err and "fail-levle" in err
    write_tree(tmp_path, {".copilot-lint.yml": "severity: {CL301: fatal}\n"})
    code, _, err = run([], tmp_path, capsys)
    assert code == 2 and "severity/CL301" in err


@pytest.mark.parametrize("config", ["a\x00b", "\x1b]0;x\x07\n::error::forged", "loop"])
def test_a_configuration_path_that_cannot_be_read_is_a_configuration_error(
        config: str, tmp_path: Path, capsys) -> None:
    """A NUL in ``--config`` was an internal error; control characters were printed raw; a
    ``.copilot-lint.yml`` that is a symlink loop was silently no configuration."""
    write_tree(tmp_path, CLEAN)
    (tmp_path / ".copilot-lint.yml").symlink_to(".copilot-lint.yml")
    code, out, err = run([] if config == "loop" else ["--config", config], tmp_path, capsys)
    assert code == 2 and out == "" and "cannot read configuration" in err, err
    assert "internal error" not in err and "\x1b" not in err and err.count("\n") == 1


def test_pyproject_config(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, {**CLEAN, "copilot/api/manifest.yml": "name: web\n" + API,
                          "pyproject.toml": "[tool.copilot-lint]\nignore = ['CL105']\n"})
    assert run([], tmp_path, capsys)[0] == 0


def test_explain_and_list_rules(capsys) -> None:
    assert main(["--explain", "CL105"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## CL105\n\n**name-mismatch** · default severity: error")
    assert "### What it does" in out
    assert main(["--explain", "name-mismatch"]) == 0
    assert main(["--explain", "CL000"]) == 2
    assert main(["--list-rules"]) == 0
    assert "CL503" in capsys.readouterr().out


def test_version_is_lean() -> None:
    code = ("import sys; from copilot_lint.cli.main import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('yaml', 'jsonschema', 'cfnlint', 'ruamel') if m in sys.modules]\n"
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("[]")
    assert "copilot-lint" in out.stdout


def test_valid_manifests_do_not_import_jsonschema(tmp_path: Path) -> None:
    write_tree(tmp_path, CLEAN)
    code, modules = cli_imports(["--no-cfn-lint"], tmp_path)
    assert code == 0 and "yaml" in modules
    assert not modules & {"jsonschema", "cfnlint", "ruamel", "difflib", "pathspec", "re2"}


def test_python_dash_m(tmp_path: Path) -> None:
    write_tree(tmp_path, CLEAN)
    done = subprocess.run([sys.executable, "-m", "copilot_lint", "--no-cfn-lint"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("path", ["a" * 300, "/".join(["a" * 200] * 30)])
def test_over_long_paths_are_a_one_line_usage_error(path: str, tmp_path: Path, capsys) -> None:
    code, out, err = run([path], tmp_path, capsys)
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert err.endswith(": cannot use this path: file name too long\n") and len(err) < 200


@pytest.mark.parametrize("option", [["--output", "sarif=reports/out.sarif"],
                                    ["--write-baseline", "reports/out.sarif"]])
def test_outputs_never_leave_the_checkout_through_a_linked_folder(
        option: list[str], tmp_path: Path, capsys) -> None:
    """A pull request commits ``reports -> /anywhere``: ``--output``/``--write-baseline`` into
    ``reports/`` refuse to write (exit 2) and nothing appears where the link points, whether the
    path is given relative or absolute; a link that stays in the checkout is fine."""
    checkout = tmp_path / "checkout"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_tree(checkout, CLEAN)
    (checkout / "reports").symlink_to(elsewhere)
    code, _, err = run(option, checkout, capsys)
    assert code == 2 and "leaves" in err and "through a symbolic link" in err
    absolute = [option[0], option[1].replace("reports/", f"{checkout}/reports/")]
    code, _, err = run(absolute + ["checkout/copilot"], tmp_path, capsys)
    assert code == 2 and "through a symbolic link" in err
    assert list(elsewhere.iterdir()) == []
    (checkout / "reports").unlink()
    (checkout / "real").mkdir()
    (checkout / "reports").symlink_to("real")
    code, _, err = run(option, checkout, capsys)
    assert code == 0, err
    assert [p.name for p in (checkout / "real").iterdir()] == ["out.sarif"]


@pytest.mark.parametrize("option", [["--output", "json=a\x00b"], ["--write-baseline", "a\x00b"],
                                    ["--baseline", "a\x00b"],
                                    ["--stdin-filename", "copilot/a\x00b", "-"]])
def test_a_nul_in_a_path_option_is_a_usage_error_not_an_internal_error(
        option: list[str], tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, CLEAN)
    code, _, err = run(option, tmp_path, capsys)
    assert code == 2 and "internal error" not in err and err.count("\n") == 1, err
