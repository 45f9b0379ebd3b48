"""The producer/consumer index: exports, imports, SSM parameters, secrets, policies."""
from __future__ import annotations

from pathlib import Path

from conftest import analysed, write_tree

from copilot_lint.query.index import index_of
from copilot_lint.resolve.opaque import token

ENV_ADDON = """\
Parameters: {App: {Type: String}, Env: {Type: String}}
Resources:
  Secret: {Type: AWS::SecretsManager::Secret}
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties: {ManageMasterUserPassword: true}
  Param:
    Type: AWS::SSM::Parameter
    Properties:
      {Name: !Sub '/copilot/${App}/${Env}/secrets/db-arn', Type: String, Value: !Ref Secret}
Outputs:
  SecretArn:
    Value: !Ref Secret
    Export: {Name: !Sub '${App}-${Env}-SecretArn'}
"""
WORKLOAD_ADDON = """\
Parameters: {App: {Type: String}, Env: {Type: String}, Name: {Type: String}}
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - {Effect: Allow, Action: 'sqs:*', Resource: !ImportValue {'Fn::Sub': '${App}-${Env}-Q'}}
  Unattached: {Type: AWS::IAM::ManagedPolicy}
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUsername: '{{resolve:ssm:/shop/db-user}}'
      MasterUserPassword: !Sub '{{resolve:secretsmanager:${App}-${Env}-db:SecretString:password}}'
Outputs:
  PolicyArn: {Value: !Ref Policy}
  NotAttached: {Value: !GetAtt Unattached.PolicyArn}
"""
MANIFEST = """\
name: api
type: Backend Service
secrets:
  DB_ARN: /copilot/shop/${COPILOT_ENVIRONMENT_NAME}/secrets/db-arn
  DB:
    from_cfn: shop-${COPILOT_ENVIRONMENT_NAME}-SecretArn
  TOKEN: {secretsmanager: api-token}
"""


def test_index(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot/.workspace": "application: shop\n",
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
        "copilot/environments/addons/db.yml": ENV_ADDON,
        "copilot/api/manifest.yml": MANIFEST,
        "copilot/api/addons/policy.yml": WORKLOAD_ADDON,
    })
    ws = analysed(tmp_path / "copilot", cwd=tmp_path)
    assert ws.problems == []
    index = index_of(ws)
    assert index is index_of(ws)
    (export,) = index.exported("test", "shop-test-SecretArn")
    assert export.producer == "copilot/environments/addons" and export.output == "SecretArn"
    assert index.exported("test", "shop-test-VpcId")[0].producer == "copilot"
    assert index.exported("test", "shop-test-api-DiscoveryServiceARN")
    kinds = sorted((i.kind, i.name) for i in index.imports)
    assert kinds == [("ImportValue", "shop-test-Q"), ("from_cfn", "shop-test-SecretArn")]
    (param,) = index.ssm["test"]["/copilot/shop/test/secrets/db-arn"]
    assert param.value == token("Ref:Secret@test")
    assert sorted((s.logical_id, s.rds_managed) for s in index.secrets) == [
        ("Cluster", True), ("Secret", False)]
    (policy,) = index.policies[("api", "test")]
    assert policy.logical_id == "Policy"
    refs = sorted((r.service, r.name) for r in index.dynamic_refs)
    assert refs == [("secretsmanager", "shop-test-db:SecretString:password"),
                    ("ssm", "/shop/db-user")]
    uses = sorted((u.variable, u.form, u.value) for u in index.secret_uses)
    assert uses == [("DB", "from_cfn", "shop-test-SecretArn"),
                    ("DB_ARN", "name", "/copilot/shop/test/secrets/db-arn"),
                    ("TOKEN", "secretsmanager", "api-token")]
