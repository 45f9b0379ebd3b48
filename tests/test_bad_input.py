"""Hostile and broken input through the whole pipeline (every rule): findings, never a crash."""
from __future__ import annotations

import os
from pathlib import Path

from conftest import write_tree

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config

PARAMS = "Parameters:\n  App: {Type: String}\n  Env: {Type: String}\n  Name: {Type: String}\n"
BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9))


def _config() -> Config:
    config = Config()
    config.cfn_lint["enabled"] = False
    return config


def test_everything_broken_at_once(tmp_path: Path) -> None:
    many = PARAMS + "Resources:\n" + "".join(
        f"  Q{i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: fixed-{i}\n"
        for i in range(3000))
    write_tree(tmp_path, {
        "copilot/tabs/manifest.yml": "name: tabs\n\ttype: x\n",
        "copilot/quote/manifest.yml": 'name: "quote\n',
        "copilot/latin1/manifest.yml": b"name: caf\xe9\n",
        "copilot/binary/manifest.yml": b"\x7fELF\x00\x00",
        "copilot/bom/manifest.yml": b"\xef\xbb\xbfname: bom\r\ntype: Backend Service\r\n",
        "copilot/empty/manifest.yml": "",
        "copilot/comment/manifest.yml": "# only a comment\n",
        "copilot/list/manifest.yml": "- a\n- b\n",
        "copilot/string/manifest.yml": "just a string\n",
        "copilot/python/manifest.yml": "name: !!python/object/apply:os.system [ls]\n",
        "copilot/dupes/manifest.yml": "name: dupes\nname: dupes\n",
        "copilot/bomb/manifest.yml": BOMB,
        "copilot/deep/manifest.yml": "a: " + "[" * 20000 + "]" * 20000 + "\n",
        "copilot/longline/manifest.yml": "name: longline\nx: " + "y" * 3_000_000 + "\n",
        "copilot/api/manifest.yml": "name: api\ntype: Backend Service\n",
        "copilot/api/addons/list-resources.yml": PARAMS + "Resources:\n  - a\n",
        "copilot/api/addons/bad-intrinsics.yml": PARAMS + (
            "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
            "      BucketName: !Sub\n      Tags: !GetAtt {a: b}\n"),
        "copilot/api/addons/many.yml": many,
        "copilot/api/addons/addons.parameters.yml": "- not a mapping\n",
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
        "copilot/environments/prod/manifest.yml": "[1, 2",
        "copilot/environments/addons": "a file where a folder belongs",
        "copilot/pipelines/p/manifest.yml": "stages: {not: a list}\n",
    })
    os.symlink(tmp_path / "missing", tmp_path / "copilot" / "api" / "addons" / "dangling.yml")
    os.symlink(tmp_path / "copilot", tmp_path / "copilot" / "loop")
    # how long it takes is measured by bench/hostile_input.py, not here
    outcome = lint_workspace(tmp_path / "copilot", _config(), cwd=tmp_path)
    assert outcome.internal_errors == 0, [f.message for f in outcome.findings]
    flagged = {f.file for f in outcome.findings}
    for name in ("tabs", "quote", "latin1", "binary", "empty", "comment", "list", "string",
                 "python", "dupes", "bomb", "deep"):
        assert f"copilot/{name}/manifest.yml" in flagged, name
    for rel in ("copilot/api/addons/list-resources.yml", "copilot/api/addons/bad-intrinsics.yml",
                "copilot/api/addons/addons.parameters.yml", "copilot/api/addons/dangling.yml",
                "copilot/environments/prod/manifest.yml", "copilot/environments/addons",
                "copilot/.workspace", "copilot/loop"):
        assert rel in flagged, rel
    assert all(f.line >= 1 and f.column >= 1 for f in outcome.findings)
