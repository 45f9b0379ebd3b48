"""An environment addon imports an export of the environment stack it is deployed in.

## What it does
Evaluates every `Fn::ImportValue` in `copilot/environments/addons/` in each environment and
reports the names the environment stack itself exports there (`<app>-<env>-VpcId`,
`-PublicSubnets`, `-PrivateSubnets`, `-EnvironmentSecurityGroup`, `-ClusterId`, the load
balancer exports, ...; copilot-facts §6.1).

The two role exports `-CFNExecutionRoleARN` and `-EnvironmentManagerRoleARN` are left alone:
`copilot env init` creates them with the bootstrap stack before the first `env deploy`.
Workload addons may import all of these (the environment is deployed before its workloads).

## Why is this bad?
Copilot deploys environment addons as a nested stack (`AddonsStack`) of the environment stack
(Copilot's `environment/cf.yml`), so the nested stack is created while the environment stack's
outputs do not exist yet. An environment that already exists deploys fine; the first
`copilot env deploy` of a new environment fails with `No export named shop-test-VpcId found`
(aws/copilot-cli#4419, #5014, #5772, #4754), and so does re-creating one.

## Example
```yaml
# copilot/environments/addons/db.yml
Resources:
  DbSubnets:
    Type: AWS::RDS::DBSubnetGroup
    Properties:
      SubnetIds: !Split [',', {'Fn::ImportValue': !Sub '${App}-${Env}-PrivateSubnets'}]
```

## Use instead
```yaml
# copilot/environments/addons/addons.parameters.yml
Parameters:
  PrivateSubnets: !Join [',', [!Ref PrivateSubnet1, !Ref PrivateSubnet2]]
# copilot/environments/addons/db.yml
Parameters:
  PrivateSubnets: {Type: String}
Resources:
  DbSubnets:
    Type: AWS::RDS::DBSubnetGroup
    Properties:
      SubnetIds: !Split [',', !Ref PrivateSubnets]
```
(`VPC`, `PublicSubnet1`, `PrivateSubnet1`, `EnvironmentSecurityGroup`, ... are resources of
the environment stack; `!Ref` them in `addons.parameters.yml`. With an imported VPC, pass the
IDs from the environment manifest.)
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule, index_of, is_known
from copilot_lint.rules.network._support import ENV_STACK_EXPORTS, env_stack, fitting

BOOTSTRAP_EXPORTS = ("CFNExecutionRoleARN", "EnvironmentManagerRoleARN")
MANAGED_SOURCE = {
    "VpcId": "!Ref VPC",
    "PrivateSubnets": "!Join [',', [!Ref PrivateSubnet1, !Ref PrivateSubnet2]]",
    "PublicSubnets": "!Join [',', [!Ref PublicSubnet1, !Ref PublicSubnet2]]",
    "EnvironmentSecurityGroup": "!Ref EnvironmentSecurityGroup",
    "ClusterId": "!Ref Cluster",
    "ServiceDiscoveryNamespaceID": "!GetAtt ServiceDiscoveryNamespace.Id",
}
"""What ``addons.parameters.yml`` can pass instead of the export, when Copilot creates the VPC."""
IMPORTED_SOURCE = {
    "VpcId": "the VPC id of network.vpc.id",
    "PrivateSubnets": "the subnet IDs of network.vpc.subnets.private",
    "PublicSubnets": "the subnet IDs of network.vpc.subnets.public",
}
"""What to pass instead when the environment imports its VPC (the stack has no VPC resources)."""


class EnvAddonOwnExport(Rule):
    id = "CL505"
    name = "env-addon-own-export"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        if not ws.app or ws.env_addons is None:
            return
        own = [s for s in ENV_STACK_EXPORTS if s not in BOOTSTRAP_EXPORTS]
        found = []
        for imp in index_of(ws).imports:
            if imp.kind != "ImportValue" or imp.workload is not None:
                continue
            name = imp.name
            if not isinstance(name, str) or not is_known(name):
                continue
            suffix = name.removeprefix(f"{ws.app}-{imp.env}-")
            if suffix != name and suffix in own:
                found.append((imp, suffix))
        imported: dict[int, set[bool]] = {}
        for imp, _ in found:   # one hint for every environment a node is reported in
            imported.setdefault(id(imp.node), set()).add(env_stack(ws, imp.env).imported_vpc)
        own_stack = "of its own environment stack"
        for imp, suffix in found:
            yield Finding.at(imp.node, fitting(f'environment addon imports '
                                               f'"{ws.app}-<env>-{suffix}" {own_stack}',
                                               f'environment addon imports "<app>-<env>-{suffix}" '
                                               f"{own_stack}"), env=imp.env,
                             key=f"ImportValue=<app>-<env>-{suffix}",
                             hint=_hint(suffix, imported[id(imp.node)]))


def _hint(suffix: str, imported: set[bool]) -> str:
    """How to pass the value through ``addons.parameters.yml`` in the environments concerned
    (``imported`` holds whether each of them imports its VPC)."""
    managed = MANAGED_SOURCE.get(suffix)
    literal = IMPORTED_SOURCE.get(suffix)
    if managed is None:
        source = "the matching resource of the environment stack"
    elif literal is None or imported == {False}:
        source = managed
    elif imported == {True}:
        source = f"{literal} in the environment manifest"
    else:
        source = f"{managed} where Copilot creates the VPC, {literal} where the environment " \
                 "imports it"
    return ("the first env deploy fails (\"No export named\"): declare a parameter and pass "
            f"it in addons.parameters.yml ({source})")
