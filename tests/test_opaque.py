"""Opaque parts of evaluated values: read through one module, never forged by workspace text."""
from __future__ import annotations

from pathlib import Path

from conftest import write_tree

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config
from copilot_lint.resolve.opaque import (
    Opaque,
    flatten,
    imports_in,
    is_known,
    only_opaque,
    opaque_parts,
    parts,
    show,
    source_text,
    token,
)


def test_parts_and_their_readers() -> None:
    value = "arn:" + token("AWS::Partition") + ":s3:::" + token("Ref:Bucket@prod") + "/*"
    assert parts(value) == ["arn:", Opaque("AWS::Partition"), ":s3:::",
                            Opaque("Ref:Bucket@prod"), "/*"]
    assert [(p.name, p.env) for p in opaque_parts(value)] == [("AWS::Partition", None),
                                                             ("Ref:Bucket", "prod")]
    assert show(value) == "arn:${AWS::Partition}:s3:::${Ref:Bucket}/*"
    assert flatten(value, lambda p: "*") == "arn:*:s3:::*/*"
    assert not is_known(value) and is_known("plain") and opaque_parts("plain") == []
    assert only_opaque(token("Ref:Db@test")) == Opaque("Ref:Db@test")
    assert only_opaque("x" + token("Ref:Db@test")) is None and only_opaque(value) is None
    assert imports_in("a" + token("Import:shop-prod-VpcId") + token("Ref:X@p")) == [
        "shop-prod-VpcId"]


def test_source_text_cannot_hold_an_opaque_part() -> None:
    forged = token("Ref:Bucket@prod")
    assert is_known(source_text(forged)) and source_text(forged) == "\\0Ref:Bucket@prod\\0"
    assert source_text(["a\x00", {"k": "b\x00"}]) == ["a\\0", {"k": "b\\0"}]


def test_a_nul_in_a_yaml_string_does_not_hide_a_same_name_finding(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot/.workspace": "application: shop\n",
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
        "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
        "copilot/api/manifest.yml": "name: api\ntype: Backend Service\n"
                                    "image: {location: nginx}\n",
        "copilot/api/addons/bucket.yml": (
            "Parameters:\n  App: {Type: String}\n  Env: {Type: String}\n"
            "  Name: {Type: String}\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
            "    Properties:\n      BucketName: \"shop-media\\0x\"\n"),
    })
    config = Config()
    config.cfn_lint["enabled"] = False
    config.select = ["CL301"]
    outcome = lint_workspace(tmp_path / "copilot", config, cwd=tmp_path)
    (finding,) = outcome.findings
    assert finding.rule == "CL301" and finding.line == 9 and "\\0" in finding.message
    assert "\x00" not in finding.message
