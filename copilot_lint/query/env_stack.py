"""Copilot's environment stack (`<app>-<env>`) as its environment manifest makes it: the VPC
(managed or imported, with which subnets), the imported certificates, the CDN, the resources
Copilot's template renders, the exports it makes, the names of the roles it creates, and the
application's domain as the configuration states it.

Read from Copilot v1.34's environment template (`templates/environment/cf.yml` and its
partials, copilot-facts §6.1): the `Outputs` that depend on the manifest (`PublicSubnets`,
`PrivateSubnets`, the managed-VPC ones, `CloudFrontDomainName`, ...) and the resource partials
included only for a managed VPC, a CDN or an access-logs bucket.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from copilot_lint.model.node import Node
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import Environment
from copilot_lint.query.aliases import has_certificates, is_set
from copilot_lint.resolve.manifest import interpolate, predefined
from copilot_lint.schema.checks_common import falsy, truthy

ALWAYS_EXPORTED = (
    "VpcId", "ServiceDiscoveryNamespaceID", "EnvironmentSecurityGroup", "ClusterId",
    "EnvironmentManagerRoleARN", "CFNExecutionRoleARN",
)
"""Export suffixes the environment stack makes in every environment."""
MANAGED_VPC_EXPORTED = ("InternetGatewayID", "PublicRouteTableID", "PrivateRouteTableIDs",
                        "AppRunnerVpcEndpointId")
"""Export suffixes made only when Copilot creates the VPC (some under a condition)."""
CONDITIONAL_EXPORTED = (
    "PublicLoadBalancerDNS", "PublicLoadBalancerFullName", "CanonicalHostedZoneID",
    "HTTPListenerArn", "HTTPSListenerArn", "DefaultHTTPTargetGroup", "InternalLoadBalancerDNS",
    "InternalLoadBalancerFullName", "InternalLoadBalancerCanonicalHostedZoneID",
    "InternalWorkloadsHostedZoneID", "InternalWorkloadsHostedZoneName", "InternalHTTPListenerArn",
    "InternalHTTPSListenerArn", "InternalLoadBalancerSecurityGroup", "HostedZone", "SubDomain",
    "FilesystemID", "CloudFrontDomainName",
)
"""Export suffixes made once a workload needs them (an ALB, EFS) or the app has a domain."""
ROLE_SUFFIXES = ("CFNExecutionRole", "EnvManagerRole")
"""IAM roles the environment stack names `<app>-<env>-<suffix>`."""
ROLE_NAME_LIMIT = 64
"""IAM's limit on a role name."""

_MANAGED_VPC_RESOURCES = re.compile(
    r"VPC|PublicRouteTable|DefaultPublicRoute|InternetGateway|InternetGatewayAttachment"
    r"|PublicSubnet\d+|PrivateSubnet\d+|PublicSubnet\d+RouteTableAssociation"
    r"|NatGateway\d+|NatGateway\d+Attachment|PrivateRouteTable\d+|PrivateRoute\d+"
    r"|PrivateRouteTable\d+Association|AppRunnerVpcEndpoint\w*")
_CDN_RESOURCES = re.compile(
    r"CloudFrontDistribution|CloudFrontOriginAccessControl|UniqueJSONValuesFunction(Role)?"
    r"|UniqueAliasesAction|CertificateReplicator(Function)?")
_ACCESS_LOG_RESOURCES = re.compile(
    r"ELBAccessLogsBucket(Policy|CleanerAction|CleanerRole)?|BucketCleanerFunction")
_MANAGED_CERT_RESOURCES = re.compile(
    r"CustomResourceRole|EnvironmentHostedZone|CertificateValidationFunction"
    r"|CustomDomainFunction|DNSDelegationFunction|DelegateDNSAction|HTTPSCert|CustomDomainAction")
"""Rendered only without imported public certificates (`custom-resources-role`, `lambdas`,
`custom-resources` partials and the environment's hosted zone)."""
_FLOW_LOG_RESOURCES = re.compile(r"VpcFlowLogGroup|FlowLog|FlowLogRole")
_VPC_INGRESS_RESOURCES = re.compile(r"InternalLoadBalancerSecurityGroupIngressFromHttps?")


@dataclass
class EnvStack:
    """What one environment's manifest says about the stack Copilot builds for it."""

    name: str
    app: str | None
    root: Node | None
    """The environment manifest (interpolated), ``None`` when the repository has none."""
    vpc_id: Node | None = None
    public_subnets: list[Node] = field(default_factory=list)
    private_subnets: list[Node] = field(default_factory=list)
    public_certs: bool = False
    private_certs: bool = False
    cdn: bool = False
    cdn_cert: bool = False
    access_logs_bucket: bool = False
    flow_logs: bool | None = None
    """`network.vpc.flow_logs`: False when absent or null, None when it cannot be told."""
    vpc_ingress: bool | None = None
    """`http.private.ingress.vpc` (or the deprecated `security_groups.ingress.from_vpc`)."""

    @property
    def known(self) -> bool:
        """Whether the repository holds this environment's manifest."""
        return self.root is not None

    @property
    def imported_vpc(self) -> bool:
        """The environment imports an existing VPC (`network.vpc.id`)."""
        return self.vpc_id is not None

    @property
    def imported_public_certs(self) -> bool:
        """Certificates imported for the public side: the ALB's or the CDN's."""
        return self.public_certs or self.cdn_cert

    def export_name(self, suffix: str) -> str | None:
        return f"{self.app}-{self.name}-{suffix}" if self.app else None

    def makes_export(self, suffix: str) -> bool | None:
        """Whether the stack exports `<app>-<env>-<suffix>`: True, False, or None when it depends
        on what is deployed (an ALB, EFS, NAT gateways) or the manifest is not here."""
        if suffix in ALWAYS_EXPORTED:
            return True
        if not self.known:
            return None
        if suffix == "PublicSubnets":
            return not self.imported_vpc or bool(self.public_subnets)
        if suffix == "PrivateSubnets":
            return not self.imported_vpc or bool(self.private_subnets)
        if suffix in MANAGED_VPC_EXPORTED:
            return None if not self.imported_vpc else False
        if suffix == "CloudFrontDomainName" and not self.cdn:
            return False
        return None

    def not_rendered(self, logical_id: str) -> str | None:
        """Why Copilot's environment template has no resource ``logical_id`` for this
        environment although it has one for others (``imported VPC`` for a managed-VPC
        resource, ``no CDN``, ``no access-logs bucket``), else ``None``."""
        if not self.known:
            return None
        if self.imported_vpc and _MANAGED_VPC_RESOURCES.fullmatch(logical_id):
            return "imported VPC"
        if not self.cdn and _CDN_RESOURCES.fullmatch(logical_id):
            return "no CDN"
        if not self.access_logs_bucket and _ACCESS_LOG_RESOURCES.fullmatch(logical_id):
            return "no access-logs bucket"
        if self.public_certs and _MANAGED_CERT_RESOURCES.fullmatch(logical_id):
            return "imported public certificates"
        if self.private_certs and logical_id == "InternalWorkloadsHostedZone":
            return "imported private certificates"
        if self.flow_logs is False and _FLOW_LOG_RESOURCES.fullmatch(logical_id):
            return "no flow logs"
        if self.vpc_ingress is False and _VPC_INGRESS_RESOURCES.fullmatch(logical_id):
            return "no VPC ingress"
        return None


def env_stack(ws: Context, env: Environment | str) -> EnvStack:
    """The environment stack of ``env`` (cached per workspace)."""
    name = env if isinstance(env, str) else env.name
    views = ws.analysis.env_stacks
    if name not in views:
        views[name] = _build(ws, name)
    return views[name]


def _build(ws: Context, name: str) -> EnvStack:
    environment = next((e for e in ws.environments if e.name == name), None)
    raw = environment.manifest.mapping if environment and environment.manifest else None
    root = interpolate(raw, predefined(ws, name)) if raw is not None else None
    stack = EnvStack(name, ws.app, root)
    if root is None:
        return stack
    vpc = root.get("network", "vpc")
    vpc_id = vpc.get("id") if vpc is not None and vpc.is_map else None
    stack.vpc_id = vpc_id if is_set(vpc_id) else None
    for side in ("public", "private"):
        subnets = vpc.get("subnets", side) if vpc is not None and vpc.is_map else None
        found = [s for s in subnets.elements() if is_set(s)] if subnets is not None and \
            subnets.is_seq else [subnets] if is_set(subnets) else []   # a ${VAR}: some
        setattr(stack, f"{side}_subnets", found)
    stack.public_certs = has_certificates(root, "public")
    stack.private_certs = has_certificates(root, "private")
    cdn = root.get("cdn")
    stack.cdn_cert = cdn is not None and cdn.is_map and is_set(cdn.get("certificate"))
    stack.cdn = cdn is not None and (cdn.value is True or (cdn.is_map and any(
        is_set(cdn.get(k)) for k in ("certificate", "terminate_tls", "static_assets"))))
    logs = root.get("http", "public", "access_logs")
    stack.access_logs_bucket = logs is not None and (
        logs.value is True or (logs.is_map and not is_set(logs.get("bucket_name"))))
    flow = vpc.get("flow_logs") if vpc is not None and vpc.is_map else None
    stack.flow_logs = True if is_set(flow) and truthy(flow.value) else \
        False if not is_set(flow) else None     # false, {} or ${VAR}: not told here
    private = root.get("http", "private")
    ingress = [private.get("ingress", "vpc"),
               private.get("security_groups", "ingress", "from_vpc")] \
        if private is not None and private.is_map else []
    stack.vpc_ingress = True if any(is_set(n) and truthy(n.value) for n in ingress) else \
        False if all(not is_set(n) or falsy(n.value) for n in ingress) else None
    return stack


UNKNOWN = object()
"""What :func:`app_domain` returns when the configuration does not say."""


def app_domain(ws: Context) -> object:
    """The application's domain from the configuration (`application.domain`): a name, ``None``
    when the configuration says the application has none, or :data:`UNKNOWN`."""
    config = ws.config
    if not getattr(config, "domain_known", False):
        return UNKNOWN
    domain = getattr(config, "domain", None)
    return domain.strip() if isinstance(domain, str) and domain.strip() else None


def env_role_names(app: str, env: str) -> list[str]:
    """The IAM role names the environment stack creates."""
    return [f"{app}-{env}-{suffix}" for suffix in ROLE_SUFFIXES]
