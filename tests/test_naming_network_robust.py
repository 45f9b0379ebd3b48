"""CL104, CL110, CL3xx, CL5xx and CL60x never crash on odd YAML: wrong types anywhere."""
from __future__ import annotations

from pathlib import Path

import pytest

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config

RULES = ["CL104", "CL110", "CL301", "CL302", "CL303", "CL501", "CL502", "CL503", "CL504",
         "CL601", "CL602"]

ODD_VALUES = ["[]", "{}", "42", "null", "true", "[1, {a: b}]", "!Ref", "!If [X]",
              "!Sub [1, 2, 3]", "!GetAtt", "{Fn::Join: 5}", "!Select [a, b]", "'*'",
              "{1: 2}", "[[[]]]", "'0.0.0.0/0'", "!ImportValue [a]", "!FindInMap [a, b]",
              "!Sub '${X'", "'/copilot/demo/prod/secrets/x'", "DBSecret-TATa1hxGo91h", "-1"]

ADDON = """\
Parameters:
  App: {{Type: String}}
  Env: {{Type: String}}
  Name: {{Type: String}}
  P: {value}
Conditions:
  C: {value}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Condition: C
    Properties:
      BucketName: {value}
      AccessControl: {value}
      PublicAccessBlockConfiguration: {value}
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      PolicyDocument:
        Statement: {value}
  Policy2:
    Type: AWS::S3::BucketPolicy
    Properties:
      PolicyDocument:
        Statement:
          - {{Effect: Allow, Principal: {value}, Action: {value}, Condition: {value}}}
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupName: {value}
      SecurityGroupIngress: {value}
  Group2:
    Type: AWS::EC2::SecurityGroup
    Properties:
      SecurityGroupIngress:
        - {{IpProtocol: {value}, FromPort: {value}, ToPort: {value}, CidrIp: 0.0.0.0/0}}
  Ingress:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {{GroupId: {value}, CidrIp: {value}, IpProtocol: tcp, FromPort: 1, ToPort: 2}}
  Perm:
    Type: AWS::Lambda::Permission
    Properties: {{Principal: {value}, Action: {value}, FunctionName: f}}
  Perm2:
    Type: AWS::Lambda::Permission
    Properties: {{Principal: '*', Action: {value}, SourceArn: {value}}}
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      PolicyDocument:
        Statement: {value}
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      PolicyDocument:
        Statement:
          - {{Effect: Allow, Principal: {value}, Action: {value}, Condition: {value}}}
          - {{Effect: Allow, Principal: '*', Action: '*', Condition: {{Bool: {value}}}}}
  Weird: {value}
  Untyped:
    Type: {value}
    Properties: {value}
Outputs:
  Out:
    Value: {value}
    Export:
      Name: {value}
  Out2: {value}
"""

MANIFEST = """\
name: worker
type: Worker Service
image:
  location: nginx
variables: {value}
secrets:
  A: {value}
  B: {{secretsmanager: {value}}}
  C: {{from_cfn: {value}}}
subscribe:
  topics: {value}
publish:
  topics:
    - name: {value}
environments:
  test: {value}
  prod:
    subscribe:
      topics:
        - {{name: {value}, service: {value}}}
"""

PIPELINE = """\
name: release
version: 1
build: {value}
stages: {value}
"""

PATCHES = """\
- {value}
- op: {value}
  path: {value}
  value: {value}
- op: remove
  path: {value}
"""

ENV = """\
name: {env}
type: Environment
network:
  vpc:
    security_group:
      ingress: {value}
"""


def _workspace(tmp_path: Path, value: str) -> Path:
    copilot = tmp_path / "copilot"
    for folder in ("worker/addons", "environments/addons", "environments/test",
                   "environments/prod", "pipelines/release"):
        (copilot / folder).mkdir(parents=True, exist_ok=True)
    (copilot / ".workspace").write_text("application: demo\n")
    (copilot / "worker" / "manifest.yml").write_text(MANIFEST.format(value=value))
    (copilot / "worker" / "addons" / "a.yml").write_text(ADDON.format(value=value))
    (copilot / "worker" / "addons" / "addons.parameters.yml").write_text(
        f"Parameters:\n  P: {value}\n")
    (copilot / "environments" / "addons" / "a.yml").write_text(
        ADDON.format(value=value).replace("  Name: {Type: String}\n", ""))
    (copilot / "pipelines" / "release" / "manifest.yml").write_text(PIPELINE.format(value=value))
    (copilot / "worker" / "overrides").mkdir()
    (copilot / "worker" / "overrides" / "cfn.patches.yml").write_text(
        PATCHES.format(value=value))
    (copilot / "environments" / "overrides").mkdir()
    (copilot / "environments" / "overrides" / "cfn.patches.yml").write_text(value + "\n")
    for env in ("test", "prod"):
        (copilot / "environments" / env / "manifest.yml").write_text(
            ENV.format(env=env, value=value))
    return copilot


@pytest.mark.parametrize("value", ODD_VALUES)
def test_no_crash_on_odd_values(tmp_path: Path, value: str) -> None:
    config = Config()
    config.select = RULES
    outcome = lint_workspace(_workspace(tmp_path, value), config, cwd=tmp_path)
    assert outcome.internal_errors == 0, [f.message for f in outcome.findings
                                          if "internal error" in f.message]
