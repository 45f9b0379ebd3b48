"""Policies behave as rules: suppressions, select/ignore/severity, baselines, every output
format, --list-rules and --explain; jsonschema is imported only when policies exist."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from copilot_lint.cli import main
from copilot_lint.report import FORMATS

from conftest import cli_imports, write_tree
from test_policy_locate import BASE, WEB, lint

POLICIES = """\
  - id: ORG-1
    message: at least two tasks
    severity: warning
    description: |
      One task is one outage away.
      Scale out.
    applies-to: {manifest: Load Balanced Web Service, environments: [prod, test]}
    require: {properties: {count: {type: integer, minimum: 2}}}
  - id: ORG-2
    message: no exec
    forbid: {required: [exec], properties: {exec: {const: true}}}
"""


def test_findings_carry_id_severity_and_environment(tmp_path, capsys) -> None:
    code, found, _ = lint(tmp_path, POLICIES, capsys)
    assert code == 1
    assert [(f["rule"], f["severity"], f["line"], f["environment"]) for f in found] == [
        ("ORG-1", "warning", 8, ["test"]), ("ORG-2", "error", 9, ["prod"]),
        ("ORG-1", "warning", 14, ["prod"])]


def test_inline_suppression(tmp_path, capsys) -> None:
    web = WEB.replace("exec: true", "exec: true  # copilot-lint: disable=ORG-2")
    _, found, _ = lint(tmp_path, POLICIES, capsys, {"copilot/web/manifest.yml": web})
    assert [f["rule"] for f in found] == ["ORG-1", "ORG-1"]
    web = "# copilot-lint: disable-file=ORG-1\n" + WEB
    _, found, _ = lint(tmp_path, POLICIES, capsys, {"copilot/web/manifest.yml": web})
    assert [f["rule"] for f in found] == ["ORG-2"]


@pytest.mark.parametrize(("args", "expected"), [
    (["--select", "ORG-2"], ["ORG-2"]),
    (["--select", "ORG", "--ignore", "ORG-1"], ["ORG-2"]),
    (["--select", "org-1"], ["ORG-1", "ORG-1"]),
])
def test_select_and_ignore(tmp_path, capsys, args, expected) -> None:
    _, found, _ = lint(tmp_path, POLICIES, capsys, extra=args)
    assert [f["rule"] for f in found] == expected


def test_severity_override_and_fail_level(tmp_path, capsys) -> None:
    code, found, _ = lint(tmp_path, POLICIES, capsys,
                          extra=["--severity", "ORG-2=info", "--severity", "ORG-1=error"])
    assert [f["severity"] for f in found] == ["error", "info", "error"] and code == 1
    code, _, _ = lint(tmp_path, POLICIES, capsys, extra=["--severity", "ORG-1=info",
                                                         "--severity", "ORG-2=info"])
    assert code == 0


def test_baseline_keeps_policy_findings_when_lines_move(tmp_path, capsys) -> None:
    baseline = str(tmp_path / "baseline.json")
    code, _, err = lint(tmp_path, POLICIES, capsys, extra=["--write-baseline", baseline])
    assert code == 0 and "recorded 3 findings" in err
    moved = "# a comment\n# another\n" + WEB
    code, found, err = lint(tmp_path, POLICIES, capsys, {"copilot/web/manifest.yml": moved},
                            extra=["--baseline", baseline])
    assert code == 0 and found == [] and "3 known findings" in err
    worse = moved.replace("count: 1", "count: 0").replace("range: 1-4", "range: 1-5")
    _, found, _ = lint(tmp_path, POLICIES, capsys, {"copilot/web/manifest.yml": worse},
                       extra=["--baseline", baseline])
    assert [(f["rule"], f["line"]) for f in found] == [("ORG-1", 10)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_shows_policy_findings(tmp_path, capsys, fmt) -> None:
    write_tree(tmp_path, {**BASE, ".copilot-lint.yml": "policies:\n" + POLICIES})
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(["--no-cfn-lint", "--select", "ORG", "--format", fmt])
    finally:
        os.chdir(old)
    out = capsys.readouterr().out
    assert code == 1 and "ORG-1" in out and "ORG-2" in out
    if fmt == "sarif":
        run = json.loads(out)["runs"][0]
        rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
        org1 = rules["ORG-1"]
        assert org1["shortDescription"]["text"] == "at least two tasks."
        assert org1["fullDescription"]["text"] == "One task is one outage away. Scale out."
        assert org1["defaultConfiguration"]["level"] == "warning"
        assert "helpUri" not in org1 and "policy" in org1["properties"]["tags"]
        assert ".copilot-lint.yml:2" in org1["help"]["markdown"]
        assert {r["ruleId"] for r in run["results"]} == {"ORG-1", "ORG-2"}


def test_list_rules_and_explain(tmp_path, capsys) -> None:
    write_tree(tmp_path, {**BASE, ".copilot-lint.yml": "policies:\n" + POLICIES})
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert main(["--list-rules"]) == 0
        listed = capsys.readouterr().out
        assert main(["--explain", "ORG-1"]) == 0
        explained = capsys.readouterr().out
        assert main(["--explain", "org-2"]) == 0
        forbid = capsys.readouterr().out
    finally:
        os.chdir(old)
    line = next(x for x in listed.splitlines() if x.startswith("ORG-1 "))
    assert "warning" in line and "at least two tasks" in line and ".copilot-lint.yml:2]" in line
    assert "CL301" in listed
    assert explained.startswith("## ORG-1\n\n**org-1** · default severity: warning · source: "
                                "policy ")
    assert ".copilot-lint.yml:2" in explained and "One task is one outage away." in explained
    assert "Load Balanced Web Service" in explained and "`prod`, `test`" in explained
    assert "minimum: 2" in explained and "must match" in explained
    assert "must not match" in forbid and "no exec" in forbid


def test_jsonschema_is_imported_only_with_policies(tmp_path) -> None:
    write_tree(tmp_path, {**BASE, "copilot/web/manifest.yml":
                          "name: web\ntype: Backend Service\nimage: {build: Dockerfile}\n"})
    code, modules = cli_imports(["--no-cfn-lint"], tmp_path)
    assert code == 0 and "jsonschema" not in modules
    write_tree(tmp_path, {".copilot-lint.yml": "policies:\n" + POLICIES})
    code, modules = cli_imports(["--no-cfn-lint"], tmp_path)
    assert code == 0 and "jsonschema" in modules
