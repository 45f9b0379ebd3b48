"""``--diff`` and ``--fix`` on the command line."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import cli_imports, write_tree

from copilot_lint.cli.main import main

ADDON = "copilot/api/addons/bucket.yml"
TEMPLATE = """\
Parameters:
  App: {Type: String}
  Env: {Type: String}
  Name: {Type: String}
Resources:
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: shop-uploads   # one per environment
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: uploads
"""
WORKSPACE = {"copilot/.workspace": "application: shop\n",
             "copilot/api/manifest.yml": "name: api\ntype: Backend Service\n",
             "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
             "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
             ADDON: TEMPLATE}


def run(args: list[str], cwd: Path, capsys) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        code = main(args + ["--no-cfn-lint", "--select", "CL301"])
    finally:
        os.chdir(old)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_diff_writes_nothing(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, WORKSPACE)
    code, out, err = run(["--diff"], tmp_path, capsys)
    assert code == 1
    assert out == ("--- a/copilot/api/addons/bucket.yml\n+++ b/copilot/api/addons/bucket.yml\n"
                   "@@ -6,7 +6,7 @@\n   Uploads:\n     Type: AWS::S3::Bucket\n     Properties:\n"
                   "-      BucketName: shop-uploads   # one per environment\n"
                   "+      BucketName: !Sub '${App}-${Env}-uploads'   # one per environment\n"
                   "   Logs:\n     Type: AWS::Logs::LogGroup\n     Properties:\n")
    assert "would fix 1 finding in 1 file" in err
    assert (tmp_path / ADDON).read_text() == TEMPLATE


def test_fix_applies_then_reports_what_is_left(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, WORKSPACE)
    code, out, err = run(["--fix"], tmp_path, capsys)
    assert "fixed 1 finding in 1 file" in err
    assert code == 1
    assert out.splitlines() == [line for line in out.splitlines() if "LogGroupName" in line]
    assert len(out.splitlines()) == 1
    assert "BucketName: !Sub '${App}-${Env}-uploads'   # one per environment" in \
        (tmp_path / ADDON).read_text()
    fixed = (tmp_path / ADDON).read_bytes()
    code, _, err = run(["--fix"], tmp_path, capsys)
    assert "fixed 0 findings in 0 files" in err and (tmp_path / ADDON).read_bytes() == fixed
    assert run(["--diff"], tmp_path, capsys)[0] == 0


def test_fix_and_diff_exclude_each_other(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, WORKSPACE)
    with pytest.raises(SystemExit) as exit_:
        run(["--fix", "--diff"], tmp_path, capsys)
    assert exit_.value.code == 2


def test_summary_counts_fixable_findings(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, WORKSPACE)
    _, _, err = run([], tmp_path, capsys)
    assert "(1 fixable with --fix)" in err


def test_ruamel_is_imported_only_for_fixing(tmp_path: Path) -> None:
    write_tree(tmp_path, WORKSPACE)
    assert "ruamel" not in cli_imports(["--no-cfn-lint"], tmp_path)[1]
    assert "ruamel" in cli_imports(["--no-cfn-lint", "--diff"], tmp_path)[1]


NO_PARAMETERS = """\
Resources:
  Media:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: shop-media
"""
BOTH_FIXED = """\
Parameters:
  App:
    Type: String
  Env:
    Type: String
  Name:
    Type: String
Resources:
  Media:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '${App}-${Env}-media'
"""


@pytest.mark.parametrize("mode", ["--diff", "--fix"])
def test_fixes_that_enable_other_fixes_reach_a_fixed_point_in_one_run(
        mode: str, tmp_path: Path, capsys) -> None:
    """The App/Env/Name parameters (CL201) make the literal bucket name fixable (CL301): one
    ``--fix`` does both, and a second changes nothing; ``--diff`` shows both."""
    write_tree(tmp_path, {**WORKSPACE, ADDON: NO_PARAMETERS})
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main([mode, "--no-cfn-lint", "--select", "CL201,CL301"])
        out, err = capsys.readouterr()
        if mode == "--diff":
            assert code == 1 and "would fix 2 findings in 1 file" in err
            assert "+      BucketName: !Sub '${App}-${Env}-media'" in out and "+  App:" in out
            assert (tmp_path / ADDON).read_text() == NO_PARAMETERS
            return
        assert code == 0 and "fixed 2 findings in 1 file" in err, err
        assert (tmp_path / ADDON).read_text() == BOTH_FIXED
        assert main(["--fix", "--no-cfn-lint", "--select", "CL201,CL301"]) == 0
        assert "fixed 0 findings" in capsys.readouterr().err
        assert (tmp_path / ADDON).read_text() == BOTH_FIXED
    finally:
        os.chdir(old)
