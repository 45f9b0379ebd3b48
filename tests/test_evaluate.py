"""Evaluating addon CloudFormation per environment: parameters, conditions, intrinsics."""
from __future__ import annotations

from pathlib import Path

from conftest import analysed, write_tree

from copilot_lint.resolve.addon import addon_eval
from copilot_lint.resolve.opaque import is_known, opaque_parts, show

TEMPLATE = """\
Parameters:
  App: {Type: String}
  Env: {Type: String}
  Name: {Type: String}
  Suffix: {Type: String, Default: data}
  Bound: {Type: String}
  Subnets: {Type: CommaDelimitedList, Default: 'a,b,c'}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals [!Ref App, shop]]
Mappings:
  Sizes:
    prod: {Class: large}
    test: {Class: small}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '${App}-${Env}-${Suffix}'
  Queue:
    Type: AWS::SQS::Queue
    Condition: IsProd
Outputs:
  Sub2: {Value: !Sub ['${A}-${ Env }-x-${!Literal}', {A: !Ref Name}]}
  Join: {Value: !Join ['-', [!Ref App, !Ref Env, !Select [1, !Ref Subnets]]]}
  Split: {Value: !Select [2, !Split ['/', 'a/b/c']]}
  If: {Value: !If [IsProd, big, small]}
  Map: {Value: !FindInMap [Sizes, !Ref Env, Class]}
  Stack: {Value: !Sub '${AWS::StackName}-x'}
  Account: {Value: !Sub '${AWS::AccountId}-x'}
  Att: {Value: !GetAtt Bucket.Arn}
  LongRef: {Value: {Ref: Env}}
  Bound: {Value: !Ref Bound}
  Import: {Value: !ImportValue {'Fn::Sub': '${App}-${Env}-VpcId'}}
"""


def _ws(tmp_path: Path):
    write_tree(tmp_path, {
        "copilot/.workspace": "application: shop\n",
        "copilot/api/manifest.yml": "name: api\ntype: Backend Service\n",
        "copilot/api/addons/t.yml": TEMPLATE,
        "copilot/api/addons/addons.parameters.yml":
            "Parameters:\n  Bound: !Sub '${EnvName}-bound'\n",
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
        "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
    })
    return analysed(tmp_path / "copilot", cwd=tmp_path)


def _outputs(tmp_path: Path, env: str) -> dict:
    ws = _ws(tmp_path)
    ev = addon_eval(ws, ws.workloads[0].addons, env)
    return {k: ev.ev(v.get("Value")) for k, v in ev.outputs.items()}, ev


def test_folding_in_prod(tmp_path: Path) -> None:
    out, ev = _outputs(tmp_path, "prod")
    assert out["Sub2"] == "api-prod-x-${Literal}"
    assert out["Join"] == "shop-prod-b"
    assert out["Split"] == "c"
    assert out["If"] == "big"
    assert out["Map"] == "large"
    assert out["LongRef"] == "prod"
    assert out["Bound"] == "prod-bound"
    assert ev.ev(ev.resources["Bucket"].get("Properties", "BucketName")) == "shop-prod-data"
    assert ev.condition("Both") is True and ev.condition("NotProd") is False
    assert ev.active("Queue")


def test_conditions_in_test(tmp_path: Path) -> None:
    out, ev = _outputs(tmp_path, "test")
    assert out["If"] == "small" and out["Map"] == "small"
    assert not ev.active("Queue")


def test_opaque_tokens(tmp_path: Path) -> None:
    prod, _ = _outputs(tmp_path, "prod")
    test, _ = _outputs(tmp_path, "test")
    assert not is_known(prod["Stack"]) and prod["Stack"] != test["Stack"]
    assert prod["Account"] == test["Account"]
    assert [p.label for p in opaque_parts(prod["Account"])] == ["AWS::AccountId"]
    assert show(prod["Account"]) == "${AWS::AccountId}-x"
    assert prod["Att"] != test["Att"]
    assert [p.label for p in opaque_parts(prod["Import"])] == ["Import:shop-prod-VpcId"]


def test_malformed_intrinsics_do_not_raise(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot/.workspace": "application: shop\n",
        "copilot/api/manifest.yml": "name: api\n",
        "copilot/api/addons/t.yml": (
            "Conditions:\n  Loop: !Condition Loop\nResources:\n  R:\n    Type: X\n"
            "Outputs:\n  A: {Value: !Sub }\n  B: {Value: !GetAtt {a: b}}\n"
            "  C: {Value: !Join [',']}\n  D: {Value: !If [Loop, a, b]}\n"
            "  E: {Value: !Select [x, [1]]}\n  F: {Value: !FindInMap [M]}\n"),
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
    })
    ws = analysed(tmp_path / "copilot", cwd=tmp_path)
    ev = addon_eval(ws, ws.workloads[0].addons, "test")
    values = {k: ev.ev(v.get("Value")) for k, v in ev.outputs.items()}
    assert values["A"] == ""
    assert all(not is_known(values[k]) for k in "BCDEF")


def test_every_addon_eval_covers_each_folder_in_each_environment(tmp_path: Path) -> None:
    from copilot_lint.resolve.addon import every_addon_eval

    ws = _ws(tmp_path)
    assert sorted((ev.addons.owner, ev.env) for ev in every_addon_eval(ws)) == [
        ("api", "prod"), ("api", "test")]


def test_active_resources_skips_inactive_and_property_less(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot/.workspace": "application: a\n",
        "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n",
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
        "copilot/environments/addons/a.yml": (
            "Parameters: {App: {Type: String}, Env: {Type: String}}\n"
            "Conditions: {IsProd: !Equals [!Ref Env, prod]}\n"
            "Resources:\n"
            "  Always: {Type: AWS::SQS::Queue, Properties: {DelaySeconds: 1}}\n"
            "  ProdOnly: {Type: AWS::SNS::Topic, Condition: IsProd, Properties: {}}\n"
            "  Bare: {Type: AWS::SNS::Topic}\n"
            "  Odd: {Type: AWS::SNS::Topic, Properties: [1]}\n"),
    })
    ws = analysed(tmp_path / "copilot", cwd=tmp_path)
    seen = {env: [(i, t) for i, t, _ in addon_eval(ws, ws.env_addons, env).active_resources()]
            for env in ("prod", "test")}
    assert seen == {"prod": [("Always", "AWS::SQS::Queue"), ("ProdOnly", "AWS::SNS::Topic")],
                    "test": [("Always", "AWS::SQS::Queue")]}
