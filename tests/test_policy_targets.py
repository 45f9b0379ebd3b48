"""What policies apply to: workload types, environments, environment and pipeline manifests,
addon resources in CloudFormation's JSON form, workspaces without environments."""
from __future__ import annotations

from test_policy_locate import BASE, lint, where

MEDIA = """\
Parameters:
  App: {Type: String}
  Env: {Type: String}
  Name: {Type: String}
Resources:
  Media:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '${App}-${Env}-media'
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Join ['-', [!Ref App, logs]]
  Queue:
    Type: AWS::SQS::Queue
Outputs:
  MediaName: {Value: !Ref Media}
"""
WORKER = "name: worker\ntype: Worker Service\nimage: {build: Dockerfile}\n"
PIPELINE = "name: release\nversion: 1\nsource: {provider: GitHub}\nstages: []\n"
ANY = """\
  - id: ORG-1
    message: m
    applies-to: {manifest: %s}
    forbid: {required: [name]}
"""


def test_manifest_types_and_environment_filter(tmp_path, capsys) -> None:
    files = {"copilot/worker/manifest.yml": WORKER,
             "copilot/pipelines/release/manifest.yml": PIPELINE}
    _, found, _ = lint(tmp_path, ANY % "[Worker Service]", capsys, files)
    assert where(found) == [("ORG-1", "worker", 1, 7, ["prod", "test"])]
    _, found, _ = lint(tmp_path, ANY % "[Environment, Pipeline]", capsys, files)
    assert where(found) == [("ORG-1", "prod", 1, 7, ["prod"]), ("ORG-1", "test", 1, 7, ["test"]),
                            ("ORG-1", "release", 1, 7, None)]
    filtered = ANY.replace("}\n    forbid", ", environments: [prod]}\n    forbid")
    _, found, _ = lint(tmp_path, filtered % "[Environment, Pipeline, Worker Service]", capsys,
                       files)
    assert where(found) == [("ORG-1", "prod", 1, 7, ["prod"]),
                            ("ORG-1", "worker", 1, 7, ["prod"])]


def test_all_workload_types_when_manifest_is_omitted(tmp_path, capsys) -> None:
    files = {"copilot/worker/manifest.yml": WORKER}
    policy = "  - {id: ORG-1, message: m, forbid: {required: [name]}}\n"
    _, found, _ = lint(tmp_path, policy, capsys, files)
    assert [f[1] for f in where(found)] == ["web", "worker"]


def test_workspace_without_environments_checks_the_base_manifest(tmp_path, capsys) -> None:
    web = "name: web\ntype: Backend Service\nimage: {build: Dockerfile}\ncount: 1\n"
    policy = """\
  - {id: ORG-1, message: m, require: {properties: {count: {minimum: 2}}}}
  - id: ORG-2
    message: m
    applies-to: {environments: [prod]}
    require: {properties: {count: {minimum: 2}}}
"""
    _, found, _ = lint(tmp_path, policy, capsys, base={"copilot/web/manifest.yml": web})
    assert where(found) == [("ORG-1", "web", 4, 8, None)]


def test_resources_in_json_form_with_intrinsics(tmp_path, capsys) -> None:
    files = {"copilot/web/addons/media.yml": MEDIA}
    policy = """\
  - id: ORG-1
    message: bucket names are built with Sub naming Env
    severity: warning
    applies-to: {resource: "AWS::S3::*"}
    require:
      properties:
        Properties:
          properties:
            BucketName:
              type: object
              required: ["Fn::Sub"]
              properties: {"Fn::Sub": {pattern: "\\\\$\\\\{Env\\\\}"}}
  - id: ORG-2
    message: no Join with a Ref to App
    applies-to: {resource: "AWS::S3::Bucket"}
    forbid:
      properties:
        Properties:
          type: object
          properties:
            BucketName:
              type: object
              required: ["Fn::Join"]
              properties:
                "Fn::Join":
                  prefixItems: [{const: "-"}, {contains: {const: {Ref: App}}}]
"""
    _, found, _ = lint(tmp_path, policy, capsys, files)
    assert [(f["rule"], f["line"], f["column"], f["severity"], f["environment"])
            for f in found] == [("ORG-1", 13, 7, "warning", None),
                                ("ORG-2", 13, 32, "error", None)]


def test_resource_policy_with_environments_reports_for_those(tmp_path, capsys) -> None:
    files = {"copilot/web/addons/media.yml": MEDIA}
    policy = """\
  - id: ORG-1
    message: queues have a retention period
    applies-to: {resource: "AWS::SQS::Queue", environments: [prod, staging]}
    require: {required: [Properties]}
"""
    _, found, _ = lint(tmp_path, policy, capsys, files)
    assert [(f["path"], f["line"], f["column"], f["environment"]) for f in found] == [
        (".copilot-lint.yml", 3, 1, None), ("copilot/web/addons/media.yml", 14, 3, ["prod"])]


def test_environment_override_can_be_the_target_of_no_other_environment(tmp_path,
                                                                         capsys) -> None:
    assert "environments" in BASE["copilot/web/manifest.yml"]
    policy = """\
  - id: ORG-1
    message: prod health check
    applies-to: {environments: [test]}
    require: {properties: {http: {required: [healthcheck]}}}
"""
    _, found, _ = lint(tmp_path, policy, capsys)
    assert where(found) == [("ORG-1", "web", 6, 1, ["test"])]
