"""The physical-name table: the names the issue lists are covered, and the committed module is
what ``scripts/gen_physical_names.py`` generates from the installed cfn-lint."""
from __future__ import annotations

import importlib.util
from importlib.metadata import version
from pathlib import Path

import pytest

from copilot_lint.query import physical_names
from copilot_lint.query.physical_names import PHYSICAL_NAMES

ROOT = Path(__file__).resolve().parent.parent

EXPECTED = {
    "AWS::S3::Bucket": "BucketName", "AWS::SQS::Queue": "QueueName",
    "AWS::SNS::Topic": "TopicName", "AWS::DynamoDB::Table": "TableName",
    "AWS::RDS::DBCluster": "DBClusterIdentifier", "AWS::RDS::DBInstance": "DBInstanceIdentifier",
    "AWS::RDS::DBSubnetGroup": "DBSubnetGroupName",
    "AWS::RDS::DBClusterParameterGroup": "DBClusterParameterGroupName",
    "AWS::ElastiCache::ReplicationGroup": "ReplicationGroupId",
    "AWS::ElastiCache::CacheCluster": "ClusterName",
    "AWS::ElastiCache::SubnetGroup": "CacheSubnetGroupName",
    "AWS::SSM::Parameter": "Name", "AWS::SecretsManager::Secret": "Name",
    "AWS::IAM::Role": "RoleName", "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::Logs::LogGroup": "LogGroupName", "AWS::Lambda::Function": "FunctionName",
    "AWS::WAFv2::WebACL": "Name", "AWS::ECR::Repository": "RepositoryName",
    "AWS::EC2::SecurityGroup": "GroupName", "AWS::ECS::Service": "ServiceName",
}


@pytest.mark.parametrize(("rtype", "prop"), sorted(EXPECTED.items()))
def test_listed_names_are_covered(rtype: str, prop: str) -> None:
    assert prop in [name for name, _ in PHYSICAL_NAMES[rtype]]


def test_references_are_not_names() -> None:
    assert "AWS::S3::BucketPolicy" not in PHYSICAL_NAMES
    assert "AWS::Lambda::Permission" not in PHYSICAL_NAMES
    assert "AWS::Route53::HostedZone" not in PHYSICAL_NAMES
    assert PHYSICAL_NAMES["AWS::ECS::Service"] == (("ServiceName", ("Cluster",)),)


def test_module_is_generated_from_installed_cfn_lint() -> None:
    if f"cfn-lint {version('cfn-lint')}." not in (physical_names.__doc__ or ""):
        pytest.skip("installed cfn-lint differs from the one the table was generated with")
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_physical_names.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert gen.render(gen.derive()) == Path(physical_names.__file__).read_text()
