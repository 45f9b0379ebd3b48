"""Opaque parts of evaluated values: a type of their own, read through one module, never
forged or hidden by workspace text."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import write_tree

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config
from copilot_lint.model.escape import visible
from copilot_lint.resolve.opaque import (
    Opaque,
    flatten,
    imports_in,
    is_known,
    only_opaque,
    opaque_parts,
    is_text,
    join,
    endswith,
    labelled,
    parts,
    rpartition,
    show,
    split,
    startswith,
    substitute,
    to_str,
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


def test_workspace_text_is_never_opaque() -> None:
    forged = "\x00Ref:Bucket@prod\x00"
    assert is_known(forged) and opaque_parts(forged) == [] and show(forged) == forged
    assert parts("a" + token("Ref:Bucket@prod")) == ["a", Opaque("Ref:Bucket@prod")]
    assert is_text(forged) and is_text(token("X")) and not is_text(["a"])


def test_builders_keep_one_form() -> None:
    value = join("-", ["a", token("Env"), "b"])
    assert value == "a-" + token("Env") + "-b" and hash(value) == hash("a-" + token("Env") + "-b")
    assert join("-", ["a", "b"]) == "a-b" and type(join("-", ["a", "b"])) is str
    assert to_str(["x"]) == token("list") and to_str(7) == "7" and to_str(value) is value
    sub = substitute(re.compile(r"\$\{([^}]*)\}"), token, "x-${Env}-y")
    assert parts(sub) == ["x-", Opaque("Env"), "-y"]
    assert split("a" + token("Ref:X@p") + ",b", ",") == ["a" + token("Ref:X@p"), "b"]
    imported = labelled("Import:", "shop-" + token("Env") + "-VpcId")
    assert show(imported) == "${Import:shop-${Env}-VpcId}" and imports_in(imported) == []
    assert labelled("Import:", "shop-prod-VpcId") == token("Import:shop-prod-VpcId")


def test_literal_text_operations() -> None:
    arn = "arn:aws:ssm:" + token("AWS::Region") + ":" + token("AWS::AccountId") + ":parameter/a/*"
    head, found, tail = rpartition(arn, ":parameter/")
    assert (show(head), found, tail) == ("arn:aws:ssm:${AWS::Region}:${AWS::AccountId}",
                                         ":parameter/", "a/*")
    assert rpartition("x" + token("Ref:P@e"), "/") == ("", "", "x" + token("Ref:P@e"))
    assert startswith(arn, "arn:") and endswith(arn, "/*") and not startswith(token("X"), "")
    assert not endswith("a" + token("X"), "a")


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
    assert finding.rule == "CL301" and finding.line == 9 and "shop-media\x00x" in finding.message
    assert 'BucketName "shop-media\\x00x"' in visible(finding.message)
