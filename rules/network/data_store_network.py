"""A database or cache that is public, or outside the environment's network.

## What it does
Reports, per environment, an addon data store that

- is an `AWS::RDS::DBInstance`, or a Multi-AZ DB cluster (an `AWS::RDS::DBCluster` of a
  non-Aurora engine), with `PubliclyAccessible: true`; or
- has no subnet group (`DBSubnetGroupName` of RDS instances and clusters, DocumentDB and
  Neptune clusters; `CacheSubnetGroupName` of ElastiCache replication groups and clusters;
  `SubnetIds` of ElastiCache serverless caches); or
- has a subnet group but no security group (`VPCSecurityGroups`, `VpcSecurityGroupIds`,
  `SecurityGroupIds`).

Not reported: instances that belong to a cluster (the cluster is placed), and values that
cannot be worked out.

## Why is this bad?
A database without a subnet group is created in the account's default VPC, not in the
environment's VPC where Copilot runs the services, so nothing can reach it (and in the default
VPC it is often public); without a security group it gets the VPC's default group, which the
services' security group is not allowed into. `PubliclyAccessible: true` gives the database a
public address, one security-group mistake away from the internet.

## Example
```yaml
Database:
  Type: AWS::RDS::DBInstance
  Properties:
    Engine: postgres
    DBInstanceClass: db.t4g.micro
    PubliclyAccessible: true
```

## Use instead
```yaml
Database:
  Type: AWS::RDS::DBInstance
  Properties:
    Engine: postgres
    DBInstanceClass: db.t4g.micro
    DBSubnetGroupName: !Ref DatabaseSubnetGroup   # the environment's private subnets
    VPCSecurityGroups: [!Ref DatabaseSecurityGroup]
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import AddonSet, Context, Finding, Rule, addon_eval
from copilot_lint.rules.network._support import ADDON_INPUTS, network_gaps


_WHAT = {"public": "is reachable from the internet",
         "subnets": "lands in the default VPC, outside the environment",
         "security-groups": "gets the VPC's default security group"}


class DataStoreNetwork(Rule):
    id = "CL511"
    name = "data-store-network"
    severity = "error"
    reads = ADDON_INPUTS
    scope = "workload"

    def check_addons(self, ws: Context, addons: AddonSet, env: str) -> Iterator[Finding]:
        for gap in network_gaps(addon_eval(ws, addons, env)):
            what = _WHAT[gap.kind]
            yield Finding.at(
                gap.node, f'{gap.resource_type.split("::")[1]} "{gap.logical_id}" {what}: '
                          f"{gap.problem}",
                hint=f"set {gap.fix}", env=env,
                key=f"{addons.dir_path}:{gap.logical_id}:{gap.problem}")
