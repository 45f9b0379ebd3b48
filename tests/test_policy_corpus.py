"""A representative set of real policies written as copilot-lint policies
(:mod:`policy_corpus`): each must fire exactly where expected on its bad workspace and stay
silent on its good one."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from conftest import write_tree
from copilot_lint.cli import main
from policy_corpus import BASE, CASES


def _run(tmp_path: Path, case: dict, files: dict, capsys) -> list[tuple]:
    policy = {"id": case["id"], **yaml.safe_load(case["policy"])}
    config = {"policies": [policy]}
    if case.get("params"):
        config["policy-parameters"] = case["params"]
    write_tree(tmp_path, {**BASE, **files, ".copilot-lint.yml": yaml.safe_dump(config)})
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(["--no-cfn-lint", "--format", "json", "--select", case["id"]])
    finally:
        os.chdir(old)
    out = capsys.readouterr()
    assert code in (0, 1), out.err
    return [(f["path"], f["line"], f["environment"]) for f in json.loads(out.out)["findings"]]


def _params() -> list:
    return [pytest.param(c, id=c["id"], marks=[pytest.mark.skipif(
        c.get("expression") and not _has_cel(), reason="the expression form needs the cel extra")])
        for c in CASES]


def _has_cel() -> bool:
    try:
        import cel_expr_python.cel  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.parametrize("case", _params())
def test_fires_on_the_bad_workspace(tmp_path, capsys, case) -> None:
    assert _run(tmp_path, case, case["bad"], capsys) == case["expected"]


@pytest.mark.parametrize("case", _params())
def test_silent_on_the_good_workspace(tmp_path, capsys, case) -> None:
    assert _run(tmp_path, case, case["good"], capsys) == []


def test_the_set_is_representative() -> None:
    sources = [c["source"].split()[0] for c in CASES]
    assert len(CASES) >= 40
    assert {"guard", "checkov", "cdk-nag", "cfn-lint", "conftest:"} <= set(sources)
    assert sum(1 for c in CASES if c["id"].startswith("PLT")) >= 13
    assert sum(1 for c in CASES if c.get("expression")) >= 10
