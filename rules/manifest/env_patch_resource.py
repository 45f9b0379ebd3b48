"""An environment override patch that names a resource Copilot does not render there.

## What it does
For each environment with a manifest, checks every patch of
`copilot/environments/overrides/cfn.patches.yml` whose `path` goes into a resource
(`/Resources/<id>/...`) against the resources Copilot's environment template renders for that
environment:

- with an imported VPC (`network.vpc.id`) there is no `VPC`, `PublicSubnet<n>`,
  `PrivateSubnet<n>`, `InternetGateway`, `InternetGatewayAttachment`, `PublicRouteTable`,
  `DefaultPublicRoute`, `PublicSubnet<n>RouteTableAssociation`, `NatGateway<n>`,
  `NatGateway<n>Attachment`, `PrivateRouteTable<n>`, `PrivateRoute<n>`,
  `PrivateRouteTable<n>Association` (Copilot's `vpc-resources` and `nat-gateways` partials);
- without `cdn` there is no `CloudFrontDistribution` (nor the other `cdn-resources`);
- without a Copilot-created access-logs bucket (`http.public.access_logs` without
  `bucket_name`) there is no `ELBAccessLogsBucket` (nor its policy and cleaner);
- with imported public certificates (`http.public.certificates`) there is no
  `EnvironmentHostedZone`, `CustomResourceRole`, `CertificateValidationFunction`,
  `CustomDomainFunction`, `DNSDelegationFunction`, `DelegateDNSAction`, `HTTPSCert` nor
  `CustomDomainAction` (Copilot's `lambdas` and `custom-resources` partials: a patch of the
  functions' `Runtime` breaks there);
- with imported private certificates (`http.private.certificates`) there is no
  `InternalWorkloadsHostedZone`;
- without `network.vpc.flow_logs` there is no `VpcFlowLogGroup`, `FlowLog` nor `FlowLogRole`;
- without `http.private.ingress.vpc: true` there is no
  `InternalLoadBalancerSecurityGroupIngressFromHttp` nor `...FromHttps`.

An `add` of a whole new resource (`/Resources/<id>`) is fine, and so are later patches
under a resource an earlier patch of the file added.

## Why is this bad?
Copilot applies the patches to the template it renders for each environment; a `replace` or
`remove` under a resource that is not there stops `copilot env package` and `env deploy` with
`unable to apply the "replace" patch at index 0: key "/Resources": "PublicSubnet1" not found
in map` (confirmed with `copilot env package`). The patch file is shared by all environments,
so it works for the ones with a managed VPC and breaks the ones that import a VPC.

## Example
```yaml
# copilot/environments/overrides/cfn.patches.yml, with environment prod importing its VPC
- op: replace
  path: /Resources/PublicSubnet1/Properties/MapPublicIpOnLaunch
  value: false
```

## Use instead
Configure the imported subnets outside Copilot, or give the environments that import a VPC
no such patch (a CDK override can test the template for the resource before changing it).
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule
from copilot_lint.rules.manifest._support import env_stack


class EnvPatchResource(Rule):
    id = "CL115"
    name = "env-patch-resource"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        for overrides in ws.overrides:
            root = overrides.patches.root if overrides.patches is not None else None
            if overrides.owner != "environments" or root is None or not root.is_seq:
                continue
            added: set[str] = set()
            for index, item in enumerate(root.elements()):
                op = item.get("op") if item.is_map else None
                path = item.get("path") if item.is_map else None
                text = path.str_value() if path is not None else None
                segments = text.split("/")[1:] if text and text.startswith("/") else []
                if len(segments) < 2 or segments[0] != "Resources" or op is None:
                    continue
                logical_id = segments[1].replace("~1", "/").replace("~0", "~")
                if op.str_value() == "add" and len(segments) == 2:
                    added.add(logical_id)
                    continue
                if logical_id in added:
                    continue
                for env in ws.environments:
                    why = env_stack(ws, env).not_rendered(logical_id)
                    if why is None:
                        continue
                    yield Finding.at(path, f'no resource "{logical_id}" in this environment '
                                           f'({why})',
                                     env=env.name,
                                     key=f"environments.overrides[{index}]={logical_id}",
                                     hint=HINTS[why])


HINTS = {
    "imported VPC": "Copilot stops with \"key not found\": the environment imports its VPC, "
                    "so drop the patch (keep it only where Copilot creates the VPC)",
    "no CDN": "Copilot stops with \"key not found\": enable cdn in the environment or drop "
              "the patch",
    "no access-logs bucket": "Copilot stops with \"key not found\": let Copilot create the "
                             "access-logs bucket (http.public.access_logs) or drop the patch",
    "imported public certificates": "Copilot stops with \"key not found\": the environment "
                                    "imports its certificates, so Copilot creates no DNS and "
                                    "certificate functions there; drop the patch",
    "imported private certificates": "Copilot stops with \"key not found\": with imported "
                                     "private certificates there is no internal hosted zone; "
                                     "drop the patch",
    "no flow logs": "Copilot stops with \"key not found\": enable network.vpc.flow_logs in the "
                    "environment or drop the patch",
    "no VPC ingress": "Copilot stops with \"key not found\": set http.private.ingress.vpc: "
                      "true in the environment or drop the patch",
}
