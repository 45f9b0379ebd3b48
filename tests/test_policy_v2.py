"""Policies v2 (issue 25), feature by feature: positions of refused keys, environment
selection, Copilot's types, addon resources per environment, owners, template targets,
messages that name the value, pack definitions and parameters, the self-check, expressions
(relations, blame, lists of paths, failures)."""
from __future__ import annotations

import os

import pytest

from conftest import write_tree
from copilot_lint.cli import main
from test_policy_locate import BASE, lint, where

ADDON_PARAMS = "Parameters:\n  App: {Type: String}\n  Env: {Type: String}\n  Name: {Type: String}\n"


def test_every_key_refused_by_a_false_subschema_is_its_own_finding(tmp_path, capsys) -> None:
    files = {"copilot/web/manifest.yml": BASE["copilot/web/manifest.yml"]
             + "variables:\n  DEBUG: '1'\n  TRACE: '1'\n  LOG_LEVEL: info\n"}
    policy = """\
  - id: ORG-1
    message: no debug switches
    applies-to: {environments: [test]}
    require:
      properties:
        variables:
          properties: {DEBUG: false}
          patternProperties: {"^TRACE$": false}
  - id: ORG-2
    message: only LOG_LEVEL
    applies-to: {environments: [test]}
    require:
      properties:
        variables: {type: object, additionalProperties: false, properties: {LOG_LEVEL: {}}}
"""
    _, found, _ = lint(tmp_path, policy, capsys, files)
    assert where(found) == [("ORG-1", "web", 19, 3, ["test"]), ("ORG-2", "web", 19, 3, ["test"]),
                            ("ORG-1", "web", 20, 3, ["test"]), ("ORG-2", "web", 20, 3, ["test"])]


def test_unevaluated_properties_with_all_of_reports_the_unexpected_key(tmp_path, capsys) -> None:
    files = {"copilot/web/manifest.yml": BASE["copilot/web/manifest.yml"]
             + "variables:\n  A: '1'\n  B: '2'\n  C: '3'\n"}
    policy = """\
  - id: ORG-1
    message: only A and B
    applies-to: {environments: [test]}
    require:
      properties:
        variables:
          type: object
          allOf: [{properties: {A: {}}}, {properties: {B: {}}}]
          unevaluatedProperties: false
"""
    _, found, _ = lint(tmp_path, policy, capsys, files)
    assert where(found) == [("ORG-1", "web", 21, 3, ["test"])]


def test_environments_not_and_unknown_names(tmp_path, capsys) -> None:
    policy = """\
  - id: ORG-1
    message: no exec
    applies-to: {environments: {not: [test]}}
    forbid: {required: [exec], properties: {exec: {const: true}}}
  - id: ORG-2
    message: no exec
    applies-to: {environments: [prd]}
    forbid: {required: [exec], properties: {exec: {const: true}}}
"""
    _, found, _ = lint(tmp_path, policy, capsys)
    assert [(f["rule"], f["path"], f["line"], f["severity"], f["environment"]) for f in found] == [
        ("ORG-2", ".copilot-lint.yml", 7, "warning", None),
        ("ORG-1", "copilot/web/manifest.yml", 9, "error", ["prod"])]


@pytest.mark.parametrize("spelling", ["yes", "on", "Yes", "ON", "y", "true"])
def test_policies_see_copilots_booleans(tmp_path, capsys, spelling) -> None:
    files = {"copilot/web/manifest.yml": "name: web\ntype: Backend Service\nimage:\n"
             f"  build: Dockerfile\nexec: {spelling}\nstorage:\n  readonly_fs: off\n"}
    policy = """\
  - id: ORG-1
    message: "no exec in prod (exec is {value})"
    applies-to: {environments: [prod]}
    forbid: {required: [exec], properties: {exec: {const: true}}}
  - id: ORG-2
    message: read-only root file system
    applies-to: {environments: [prod]}
    require:
      required: [storage]
      properties: {storage: {required: [readonly_fs], properties: {readonly_fs: {const: true}}}}
"""
    _, found, _ = lint(tmp_path, policy, capsys, files, extra=["--format", "json"])
    assert where(found) == [("ORG-1", "web", 5, 7, ["prod"]), ("ORG-2", "web", 7, 16, ["prod"])]


def test_messages_name_the_offending_value(tmp_path, capsys) -> None:
    policy = """\
  - id: ORG-1
    message: "image {value} is not pinned ({path} of {target} in {env})"
    applies-to: {environments: [prod]}
    require:
      properties: {image: {properties: {location: {pattern: "@sha256:"}}}}
  - id: ORG-2
    message: "count {value} is too low"
    applies-to: {environments: [prod]}
    require: {properties: {count: {type: integer}}}
"""
    write_tree(tmp_path, {**BASE, ".copilot-lint.yml": "policies:\n" + policy})
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert main(["--no-cfn-lint", "--select", "ORG", "--format", "text"]) == 1
    finally:
        os.chdir(old)
    out = capsys.readouterr().out
    assert "ORG-1 [prod] image nginx:1.25 is not pinned (image/location of web in prod)" in out
    assert 'ORG-2 [prod] count {"range":"1-4"} is too low' in out


CONDITIONAL = ADDON_PARAMS + """\
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Archive:
    Type: AWS::S3::Bucket
    Condition: IsProd
    Properties:
      BucketName: !Sub '${App}-${Env}-archive'
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: !If [IsProd, {Status: Enabled}, !Ref AWS::NoValue]
  Media:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: {Status: Suspended}
"""


def test_addon_resources_are_evaluated_per_environment(tmp_path, capsys) -> None:
    policy = """\
  - id: ORG-1
    message: buckets keep versions
    applies-to: {resource: "AWS::S3::Bucket"}
    require:
      required: [Properties]
      properties:
        Properties:
          required: [VersioningConfiguration]
          properties:
            VersioningConfiguration: {properties: {Status: {const: Enabled}}}
"""
    _, found, _ = lint(tmp_path, policy, capsys, {"copilot/web/addons/s3.yml": CONDITIONAL})
    # Archive exists in prod only; Logs is versioned in prod only; Media is the same everywhere
    assert [(f["line"], f["column"], f["environment"]) for f in found] == [
        (11, 5, ["prod"]), (15, 5, ["test"]), (20, 41, None)]


def test_resource_owner_scoping(tmp_path, capsys) -> None:
    bucket = ADDON_PARAMS + "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"
    env_bucket = bucket.replace("  Name: {Type: String}\n", "")
    files = {"copilot/web/addons/s3.yml": bucket,
             "copilot/environments/addons/s3.yml": env_bucket}
    policies = "".join(f"""\
  - id: ORG-{i}
    message: m
    applies-to: {{resource: "AWS::S3::Bucket", owner: {owner}}}
    require: {{required: [Properties]}}
""" for i, owner in ((1, "environment"), (2, "workloads"), (3, "[web]"), (4, "[api]")))
    _, found, _ = lint(tmp_path, policies, capsys, files)
    assert [(f["rule"], f["path"]) for f in found] == [
        ("ORG-1", "copilot/environments/addons/s3.yml"), ("ORG-2", "copilot/web/addons/s3.yml"),
        ("ORG-3", "copilot/web/addons/s3.yml")]


def test_template_targets(tmp_path, capsys) -> None:
    first = ADDON_PARAMS + "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"
    second = "Outputs:\n  BName:\n    Value: !Ref B\n"
    files = {"copilot/web/addons/a.yml": first, "copilot/web/addons/b.yml": second,
             "copilot/web/addons/addons.parameters.yml": "Parameters:\n  Extra: x\n"}
    policy = """\
  - id: ORG-1
    message: outputs are described
    applies-to: {template: Outputs}
    require: {additionalProperties: {type: object, required: [Description]}}
  - id: ORG-2
    message: the folder has Conditions
    applies-to: {template: addons}
    require: {required: [Conditions]}
  - id: ORG-3
    message: no extra parameters file values
    applies-to: {template: addons.parameters.yml}
    forbid: {required: [Parameters]}
  - id: ORG-4
    message: parameters are typed
    applies-to: {template: Parameters}
    require: {additionalProperties: {type: object, required: [Type]}}
"""
    _, found, _ = lint(tmp_path, policy, capsys, files)
    assert [(f["rule"], f["path"].rsplit("/", 1)[-1], f["line"], f["column"]) for f in found] == [
        ("ORG-2", "a.yml", 1, 1), ("ORG-3", "addons.parameters.yml", 1, 1),
        ("ORG-1", "b.yml", 2, 3)]


def test_pack_definitions_and_parameters(tmp_path, capsys) -> None:
    pack = """\
parameters: {registry: 111.dkr.ecr.eu-west-1.amazonaws.com, team: shop}
definitions:
  ours: {type: string, pattern: "^${params.registry}/"}
policies:
  - id: ORG-1
    message: "image {value} is not from ${params.registry}"
    applies-to: {environments: [test]}
    require: {properties: {image: {properties: {location: {$ref: "#/$defs/ours"}}}}}
"""
    write_tree(tmp_path, {**BASE, "pack/p.yml": pack, "c.yml": "policy-paths: [pack/]\n"})
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert main(["--no-cfn-lint", "--config", "c.yml", "--select", "ORG"]) == 1
        first = capsys.readouterr().out
        (tmp_path / "c.yml").write_text("policy-paths: [pack/]\npolicy-parameters:\n"
                                        "  registry: docker.io/library\n")
        assert main(["--no-cfn-lint", "--config", "c.yml", "--select", "ORG"]) == 1
        second = capsys.readouterr().out
        write_tree(tmp_path, {"copilot/web/manifest.yml": BASE["copilot/web/manifest.yml"]
                              .replace("nginx:1.25", "docker.io/library/nginx:1.25")})
        assert main(["--no-cfn-lint", "--config", "c.yml", "--select", "ORG"]) == 0
    finally:
        os.chdir(old)
    assert "image nginx:1.25 is not from 111.dkr.ecr.eu-west-1.amazonaws.com" in first
    assert "image nginx:1.25 is not from docker.io/library" in second


def test_an_unknown_parameter_is_a_configuration_error(tmp_path, capsys) -> None:
    code, _, err = lint(tmp_path, "  - {id: ORG-1, message: 'x ${params.nope}', require: {}}\n",
                        capsys)
    assert code == 2 and "policy ORG-1: unknown parameter 'nope'" in err


def test_a_misspelt_policy_parameter_is_a_configuration_error(tmp_path, capsys) -> None:
    """An override no pack declares and no policy uses would leave the pack's value in force
    without a word; one that a policy uses (``${params.X}`` or ``params.X``) is fine."""
    pack = """\
parameters: {registry: 111.dkr.ecr.eu-west-1.amazonaws.com}
policies:
  - id: ORG-1
    message: "image {value} is not from ${params.registry}"
    require: {properties: {image: {properties: {location: {pattern: "^${params.registry}/"}}}}}
"""
    write_tree(tmp_path, {**BASE, "pack/p.yml": pack, "c.yml": "policy-paths: [pack/]\n"
                          "policy-parameters:\n  registri: docker.io/library\n"})
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert main(["--no-cfn-lint", "--config", "c.yml", "--select", "ORG"]) == 2
        err = capsys.readouterr().err
        (tmp_path / "c.yml").write_text("policy-parameters: {team: shop, registry: x}\n"
                                        "policy-paths: [pack/]\npolicies:\n  - {id: ORG-2, "
                                        "message: 'm ${params.team}', require: {}}\n")
        assert main(["--no-cfn-lint", "--config", "c.yml", "--select", "ORG"]) in (0, 1)
    finally:
        os.chdir(old)
    assert "c.yml:3:3: policy-parameters sets 'registri', which no policy pack declares and " \
           "no policy uses (did you mean 'registry'?)" in err


def test_self_check_warns_about_typeless_object_branches(tmp_path, capsys) -> None:
    policy = """\
  - id: ORG-1
    message: two tasks
    applies-to: {environments: [prod]}
    require:
      properties:
        count:
          anyOf:
            - {type: integer, minimum: 2}
            - {required: [range]}
"""
    files = {"copilot/web/manifest.yml": BASE["copilot/web/manifest.yml"].replace(
        "count: 1", "count: '1'")}
    _, found, _ = lint(tmp_path, policy, capsys, files)
    assert [(f["path"], f["line"], f["severity"]) for f in found] == [
        (".copilot-lint.yml", 3, "warning")]


@pytest.fixture()
def needs_cel() -> None:
    pytest.importorskip("cel_expr_python", reason="the expression form needs the cel extra")


def test_expression_blame_and_relations(tmp_path, capsys, needs_cel) -> None:
    policy = """\
  - id: ORG-1
    message: prod runs at least as many tasks as test
    applies-to: {environments: [prod]}
    blame: count/range
    expression: |
      env == "prod" && app == "shop" && workload == "web" && "web" in workloads &&
      size(environment) > 0 && has(envs.test.count) && envs.test.count <= 0
"""
    _, found, _ = lint(tmp_path, policy, capsys)
    assert where(found) == [("ORG-1", "web", 15, 14, ["prod"])]


def test_expression_lists_of_paths_and_failures(tmp_path, capsys, needs_cel) -> None:
    policy = """\
  - id: ORG-1
    message: "{path} is set"
    expression: '["image/location", ["http", "path"], "no/such/key"]'
  - id: ORG-2
    message: m
    applies-to: {environments: [test]}
    expression: self.nope > 1
  - id: ORG-3
    message: m
    applies-to: {environments: [test]}
    expression: '"text"'
"""
    _, found, _ = lint(tmp_path, policy, capsys)
    got = [(f["rule"], f["line"], f["column"], f["environment"]) for f in found]
    assert got == [("ORG-1", 1, 1, ["prod", "test"]), ("ORG-2", 1, 1, ["test"]),
                   ("ORG-3", 1, 1, ["test"]), ("ORG-1", 4, 13, ["prod", "test"]),
                   ("ORG-1", 7, 9, ["prod", "test"])]


def test_expression_compile_error_is_a_configuration_error(tmp_path, capsys, needs_cel) -> None:
    code, _, err = lint(tmp_path, "  - {id: ORG-1, message: m, expression: 'self.count >'}\n",
                        capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "policy ORG-1: expression is not a valid CEL expression (column" in err


def test_an_expensive_expression_stops_with_a_finding(tmp_path, capsys, needs_cel) -> None:
    policy = """\
  - id: ORG-1
    message: m
    applies-to: {environments: [test]}
    expression: |
      [1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b,
        [1,2,3,4,5,6,7,8,9,10].map(c, [1,2,3,4,5,6,7,8,9,10].map(d,
          [1,2,3,4,5,6,7,8,9,10].map(e, [1,2,3,4,5,6,7,8,9,10].map(f, a+b+c+d+e+f))))))
        .size() == 0
"""
    code, found, _ = lint(tmp_path, policy, capsys)
    assert code == 1 and [(f["rule"], f["line"]) for f in found] == [("ORG-1", 1)]


def test_addon_relations_in_expressions(tmp_path, capsys, needs_cel) -> None:
    template = ADDON_PARAMS + """\
  DbPassword: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: !Ref DbPassword
      DBName: !If [IsProd, !Sub '${App}-prod', !Sub '${App}-${Env}']
"""
    files = {"copilot/web/addons/db.yml": template,
             "copilot/web/addons/addons.parameters.yml": "Parameters:\n  DbPassword: x\n"}
    policy = """\
  - id: ORG-1
    message: "{target} in {env}"
    applies-to: {resource: "AWS::RDS::*"}
    expression: |
      !(id == "Db" && owner.kind == "workload" && owner.name == "web" &&
        "DbPassword" in refs && "DbPassword" in template.Parameters &&
        parameters.DbPassword == "x" && values.Properties.DBName == "shop-" + env)
"""
    _, found, _ = lint(tmp_path, policy, capsys, files)
    assert [(f["line"], f["environment"]) for f in found] == [(9, ["prod"]), (9, ["test"])]


def test_a_policy_past_its_time_budget_stops_with_a_finding(tmp_path, capsys, monkeypatch) -> None:
    from copilot_lint.policy import rule

    monkeypatch.setattr(rule, "BUDGET_SECONDS", -1.0)
    code, found, _ = lint(tmp_path, "  - {id: ORG-1, message: m, require: {required: [nope]}}\n",
                          capsys)
    assert code == 1
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [
        ("ORG-1", ".copilot-lint.yml", 3)]
