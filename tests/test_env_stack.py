"""The environment stack model: VPC, certificates, CDN, exports, rendered resources, domain."""
from __future__ import annotations

from pathlib import Path

from conftest import analysed, write_tree

from copilot_lint.load.config import Config
from copilot_lint.query.env_stack import UNKNOWN, app_domain, env_role_names, env_stack

IMPORTED = """\
name: prod
type: Environment
network:
  vpc:
    id: ${VPC_ID}
    subnets:
      private: [{id: subnet-a}, {id: subnet-b}]
http:
  private:
    certificates: [arn:aws:acm:eu-west-1:123456789012:certificate/abc]
cdn:
  certificate: arn:aws:acm:us-east-1:123456789012:certificate/def
  terminate_tls: true
"""


def _ws(tmp_path: Path, config: Config | None = None):
    write_tree(tmp_path, {
        "copilot/.workspace": "application: shop\n",
        "copilot/environments/prod/manifest.yml": IMPORTED,
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\ncdn: false\n"
                                                  "http:\n  public:\n    access_logs: true\n",
        "copilot/api/manifest.yml": "name: api\ntype: Backend Service\n",
    })
    return analysed(tmp_path / "copilot", cwd=tmp_path, config=config)


def test_imported_vpc_certificates_and_cdn(tmp_path: Path) -> None:
    prod = env_stack(_ws(tmp_path), "prod")
    assert prod.known and prod.imported_vpc
    assert [s.get("id").value for s in prod.private_subnets] == ["subnet-a", "subnet-b"]
    assert prod.public_subnets == []
    assert (prod.public_certs, prod.private_certs, prod.cdn, prod.cdn_cert) == \
        (False, True, True, True)
    assert prod.imported_public_certs
    assert prod.not_rendered("InternalWorkloadsHostedZone") == "imported private certificates"


def test_exports_follow_the_manifest(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    prod, test = env_stack(ws, "prod"), env_stack(ws, "test")
    assert prod.makes_export("VpcId") and prod.makes_export("PrivateSubnets")
    assert prod.makes_export("PublicSubnets") is False
    assert prod.makes_export("InternetGatewayID") is False
    assert test.makes_export("PublicSubnets") is True
    assert test.makes_export("CloudFrontDomainName") is False
    assert test.makes_export("HTTPListenerArn") is None      # once an ALB workload is deployed
    assert env_stack(ws, "staging").makes_export("PublicSubnets") is None   # no manifest


def test_resources_rendered_per_environment(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    prod, test = env_stack(ws, "prod"), env_stack(ws, "test")
    assert prod.not_rendered("PublicSubnet1") == "imported VPC"
    assert prod.not_rendered("NatGateway2Attachment") == "imported VPC"
    assert prod.not_rendered("CloudFrontDistribution") is None
    assert prod.not_rendered("ELBAccessLogsBucket") == "no access-logs bucket"
    assert test.not_rendered("PublicSubnet1") is None
    assert test.not_rendered("CloudFrontDistribution") == "no CDN"
    assert test.not_rendered("ELBAccessLogsBucket") is None
    assert prod.not_rendered("Cluster") is None


def test_resources_of_certificates_flow_logs_and_vpc_ingress(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot/.workspace": "application: shop\n",
        "copilot/environments/certs/manifest.yml":
            "name: certs\ntype: Environment\nhttp:\n  public:\n    certificates: [arn:a]\n",
        "copilot/environments/logs/manifest.yml":
            "name: logs\ntype: Environment\nnetwork:\n  vpc:\n    flow_logs: on\n"
            "http:\n  private:\n    ingress:\n      vpc: true\n",
        "copilot/environments/off/manifest.yml":
            "name: off\ntype: Environment\nnetwork:\n  vpc:\n    flow_logs: false\n"
            "http:\n  private:\n    ingress:\n      vpc: ${VPC_INGRESS}\n",
    })
    ws = analysed(tmp_path / "copilot", cwd=tmp_path)
    certs, logs, off = (env_stack(ws, e) for e in ("certs", "logs", "off"))
    assert certs.not_rendered("CustomDomainFunction") == "imported public certificates"
    assert certs.not_rendered("HTTPSCert") == "imported public certificates"
    assert certs.not_rendered("InternalWorkloadsHostedZone") is None
    assert logs.not_rendered("CustomDomainFunction") is None
    assert certs.not_rendered("FlowLogRole") == "no flow logs"
    assert logs.not_rendered("FlowLogRole") is None
    assert off.not_rendered("VpcFlowLogGroup") is None    # Copilot renders it for false too
    assert certs.not_rendered("InternalLoadBalancerSecurityGroupIngressFromHttps") == \
        "no VPC ingress"
    assert logs.not_rendered("InternalLoadBalancerSecurityGroupIngressFromHttp") is None
    assert off.not_rendered("InternalLoadBalancerSecurityGroupIngressFromHttp") is None


def test_domain_and_role_names(tmp_path: Path) -> None:
    assert app_domain(_ws(tmp_path)) is UNKNOWN
    config = Config()
    config.domain, config.domain_known = "example.org", True
    assert app_domain(_ws(tmp_path / "a", config)) == "example.org"
    config.domain = None
    assert app_domain(_ws(tmp_path / "b", config)) is None
    assert env_role_names("shop", "prod") == ["shop-prod-CFNExecutionRole",
                                              "shop-prod-EnvManagerRole"]


def test_subnets_from_a_variable_count_as_listed(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot/.workspace": "application: shop\n",
        "copilot/environments/prod/manifest.yml":
            "name: prod\ntype: Environment\nnetwork:\n  vpc:\n    id: vpc-1\n    subnets:\n"
            "      public: ${PUBLIC_SUBNETS}\n      private: [{id: subnet-a}, {id: subnet-b}]\n",
    })
    prod = env_stack(analysed(tmp_path / "copilot", cwd=tmp_path), "prod")
    assert prod.public_subnets and prod.makes_export("PublicSubnets")
