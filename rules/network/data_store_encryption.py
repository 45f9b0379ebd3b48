"""A database, search domain, cache or file system that stores its data unencrypted.

## What it does
Reports, per environment, an addon data store whose encryption at rest is off — the property
is missing (CloudFormation's default is off) or false:

- `AWS::RDS::DBInstance` (stand-alone, not a read replica or a restore), `AWS::RDS::DBCluster`,
  `AWS::DocDB::DBCluster`, `AWS::Neptune::DBCluster`: `StorageEncrypted`;
- `AWS::OpenSearchService::Domain`, `AWS::Elasticsearch::Domain`:
  `EncryptionAtRestOptions.Enabled`, and `NodeToNodeEncryptionOptions.Enabled` for the traffic
  between the domain's nodes (reported as such);
- `AWS::ElastiCache::ReplicationGroup`: `AtRestEncryptionEnabled`;
- `AWS::EFS::FileSystem`: `Encrypted`.

Not reported: Aurora Serverless v1 clusters (`EngineMode: serverless`, always encrypted),
instances of a cluster (the cluster decides), stores restored from a snapshot or replicating a
source (they take its encryption), SQL Server Express (cannot be encrypted), and values that
cannot be worked out.

## Why is this bad?
For databases, caches and file systems, encryption at rest can only be chosen when the store
is created (CloudFormation replaces the resource): turning it on later means a snapshot, a
restore into a new store and a cut-over. A search domain can turn both settings on later, at
the cost of a blue/green deployment of the domain. Compliance reviews (and AWS Security Hub
controls RDS.3, EFS.1, ElastiCache.4, OpenSearch.1/3) flag every one. This is a warning, not an
error: Copilot's own `storage init` Aurora template omits `StorageEncrypted` too.

## Example
```yaml
OrdersCluster:
  Type: AWS::RDS::DBCluster
  Properties:
    Engine: aurora-postgresql
    DBSubnetGroupName: !Ref OrdersSubnetGroup
```

## Use instead
```yaml
OrdersCluster:
  Type: AWS::RDS::DBCluster
  Properties:
    Engine: aurora-postgresql
    StorageEncrypted: true
    DBSubnetGroupName: !Ref OrdersSubnetGroup
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import AddonSet, Context, Finding, Rule, addon_eval
from copilot_lint.rules.network._support import ADDON_INPUTS, SEARCH, encryption_gaps

_WHEN = "only possible when the store is created"
_WHEN_SEARCH = "the domain applies it with a blue/green deployment"


class DataStoreEncryption(Rule):
    id = "CL510"
    name = "data-store-encryption"
    severity = "warning"
    reads = ADDON_INPUTS
    scope = "workload"

    def check_addons(self, ws: Context, addons: AddonSet, env: str) -> Iterator[Finding]:
        for gap in encryption_gaps(addon_eval(ws, addons, env)):
            what = "does not encrypt the traffic between its nodes" \
                if gap.kind == "between-nodes" else \
                f"is not encrypted at rest: {gap.problem}"
            yield Finding.at(
                gap.node, f'{gap.resource_type.split("::")[1]} "{gap.logical_id}" {what}',
                hint=f"set {gap.fix} "
                     f"({_WHEN_SEARCH if gap.resource_type in SEARCH else _WHEN})",
                env=env, key=f"{addons.dir_path}:{gap.logical_id}:{gap.problem}")
