"""Broken policies are configuration errors: one line naming the policy and the file, exit 2,
nothing linted. Policies come from .copilot-lint.yml, pyproject.toml and policy-paths."""
from __future__ import annotations

import pytest

from conftest import write_tree
from test_policy_locate import BASE, lint

OK = "  - {id: ORG-1, message: m, require: {}}\n"
BROKEN = {
    "invalid schema": ("  - {id: ORG-7, message: m, require: {type: intger}}\n",
                       "require is not a valid JSON Schema at type"),
    "bad pattern": ("  - {id: ORG-7, message: m, require: {pattern: '('}}\n",
                    "require is not a valid JSON Schema at pattern"),
    "dangling ref": ("  - {id: ORG-7, message: m, require: {$ref: '#/$defs/x'}}\n",
                     "$ref '#/$defs/x' does not point into this schema"),
    "remote ref": ("  - {id: ORG-7, message: m, require: {$ref: 'https://x/s.json'}}\n",
                   "only local references"),
    "duplicate id": ("  - {id: ORG-7, message: m, require: {}}\n"
                     "  - {id: ORG-7, message: n, forbid: {}}\n", "duplicate policy id"),
    "built-in id": ("  - {id: CL301, message: m, require: {}}\n", "built-in rule id"),
    "cfn-lint id": ("  - {id: CFN-3012, message: m, require: {}}\n", "built-in rule id"),
    "both conditions": ("  - {id: ORG-7, message: m, require: {}, forbid: {}}\n",
                        "exactly one of require, forbid or expression"),
    "no condition": ("  - {id: ORG-7, message: m}\n",
                     "exactly one of require, forbid or expression"),
    "unknown manifest type": ("  - {id: ORG-7, message: m, require: {},\n"
                              "     applies-to: {manifest: [Lambda Service]}}\n",
                              "unknown manifest type 'Lambda Service'"),
    "unknown applies-to key": ("  - {id: ORG-7, message: m, require: {},\n"
                               "     applies-to: {env: [prod]}}\n",
                               "unknown applies-to key 'env'"),
    "manifest and resource": ("  - {id: ORG-7, message: m, require: {},\n"
                              "     applies-to: {manifest: Backend Service, resource: 'AWS::*'}}\n",
                              "one of manifest, resource or template"),
    "unknown key": ("  - {id: ORG-7, message: m, require: {}, sevrity: error}\n",
                    "unknown key 'sevrity'"),
    "bad severity": ("  - {id: ORG-7, message: m, require: {}, severity: fatal}\n",
                     "severity 'fatal'"),
    "bad id": ("  - {id: org7, message: m, require: {}}\n", "the id must look like"),
    "no message": ("  - {id: ORG-7, require: {}}\n", "needs a message"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_policy_is_one_config_error(tmp_path, capsys, case) -> None:
    policies, reason = BROKEN[case]
    code, found, err = lint(tmp_path, OK + policies, capsys)
    assert code == 2 and found == []
    assert len(err.strip().splitlines()) == 1, err
    policy = "policy #2" if case == "bad id" else \
        {"built-in id": "policy CL301", "cfn-lint id": "policy CFN-3012"}.get(case, "policy ORG-7")
    assert f".copilot-lint.yml:{5 if case == 'duplicate id' else 4}: " in err
    assert (policy if case != "bad id" else "policy org7") in err and reason in err


def test_list_rules_and_explain_also_refuse_broken_policies(tmp_path, capsys) -> None:
    code, _, err = lint(tmp_path, BROKEN["no condition"][0], capsys, extra=["--list-rules"])
    assert code == 2 and "policy ORG-7" in err


def test_policies_in_pyproject_toml(tmp_path, capsys) -> None:
    write_tree(tmp_path, {**BASE, "pyproject.toml": """\
[project]
name = "x"

[tool.copilot-lint]
select = ["ORG"]

[[tool.copilot-lint.policies]]
id = "ORG-1"
message = "set count"
require = {required = ["cpu"]}

[[tool.copilot-lint.policies]]
id = "ORG-2"
message = "broken"
"""})
    code, _, err = lint_plain(tmp_path, capsys)
    assert code == 2 and "pyproject.toml:12: policy ORG-2" in err
    text = (tmp_path / "pyproject.toml").read_text()
    (tmp_path / "pyproject.toml").write_text(text + 'forbid = {required = ["name"]}\n')
    code, out, err = lint_plain(tmp_path, capsys)
    assert code == 1 and " ORG-1 " in out and " ORG-2 " in out


def lint_plain(tmp_path, capsys) -> tuple[int, str, str]:
    import os
    from pathlib import Path

    from copilot_lint.cli import main

    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(["--no-cfn-lint", "--format", "text"])
    finally:
        os.chdir(old)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_policy_paths_files_and_folders(tmp_path, capsys) -> None:
    write_tree(tmp_path, {
        **BASE,
        "pack/a.yml": "policies:\n  - {id: ORG-1, message: a, forbid: {required: [name]}}\n",
        "pack/sub/b.yaml": "policies:\n  - {id: ORG-2, message: b, forbid: {required: [type]}}\n",
        "pack/notes.txt": "not a policy file\n",
        "one.yml": "policies:\n\n  - {id: ORG-3, message: c, forbid: {required: [http]}}\n",
        ".copilot-lint.yml": "select: [ORG]\npolicy-paths: [pack, one.yml]\n"})
    code, out, err = lint_plain(tmp_path, capsys)
    assert code == 1, err
    assert [line.split()[2] for line in out.splitlines()] == ["ORG-1", "ORG-2", "ORG-3",
                                                              "ORG-3"]
    write_tree(tmp_path, {"pack/c.yml": "policies:\n  - {id: ORG-3, message: c, require: {}}\n"})
    code, out, err = lint_plain(tmp_path, capsys)
    assert code == 2 and out == ""
    assert "one.yml:3: policy ORG-3: duplicate policy id (first defined at " in err
    assert "c.yml:2)" in err
    for text, reason in (("rules: []\n", "a policy file is a mapping with policies"),
                         ("policies: {a: 1}\n", "policies must be a list"),
                         ("policies: [\n", "c.yml:")):
        write_tree(tmp_path, {"pack/c.yml": text})
        code, out, err = lint_plain(tmp_path, capsys)
        assert code == 2 and out == "" and reason in err, err
    write_tree(tmp_path, {".copilot-lint.yml": "policy-paths: [nowhere]\n"})
    code, _, err = lint_plain(tmp_path, capsys)
    assert code == 2 and "policy-paths: nowhere: no such file or folder" in err


def test_policy_paths_stay_inside_the_configuration_folder(tmp_path, capsys) -> None:
    project = tmp_path / "project"
    write_tree(tmp_path, {"elsewhere/p.yml": "policies:\n  - {id: ORG-1, message: m, "
                                             "forbid: {}}\n"})
    write_tree(project, {**BASE, ".copilot-lint.yml": "policy-paths: [../elsewhere/p.yml]\n"})
    code, out, err = lint_plain(project, capsys)
    assert code == 2 and out == "" and "outside the configuration's folder" in err
    (project / "linked").symlink_to(tmp_path / "elsewhere")
    write_tree(project, {".copilot-lint.yml": "policy-paths: [linked]\n"})
    code, out, err = lint_plain(project, capsys)
    assert code == 2 and out == "" and "outside the configuration's folder" in err
