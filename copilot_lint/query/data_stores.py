"""The data stores an addons folder creates, and how exposed they are, in one environment.

Not a rule: databases (RDS instances and clusters, DocumentDB, Neptune), search domains
(OpenSearch, Elasticsearch), caches (ElastiCache) and EFS file systems, with

- what leaves their data unencrypted at rest (or between nodes), per CloudFormation's defaults:
  ``StorageEncrypted``, ``Encrypted``, ``AtRestEncryptionEnabled``,
  ``EncryptionAtRestOptions``/``NodeToNodeEncryptionOptions`` are all off unless set; Aurora
  Serverless v1 clusters are always encrypted; instances of a cluster, read replicas and
  stores restored from a snapshot take the source's encryption;
- what puts them on the wrong network: ``PubliclyAccessible: true`` (an RDS instance, or a
  Multi-AZ DB cluster: a non-Aurora ``AWS::RDS::DBCluster``), or no subnet group (the
  store is created in the account's default VPC, which Copilot's environment does not use),
  or no security group (the VPC's default group, which Copilot's tasks are not in); read
  replicas and members of a cluster or replication group are placed by their source.

A property whose value cannot be worked out counts as set (never reported).
"""
from __future__ import annotations

from dataclasses import dataclass

from copilot_lint.model.node import Node
from copilot_lint.resolve.addon import AddonEval
from copilot_lint.resolve.opaque import NOVALUE, is_known

RDS_INSTANCE, RDS_CLUSTER = "AWS::RDS::DBInstance", "AWS::RDS::DBCluster"
_CLUSTERS = (RDS_CLUSTER, "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster")
SEARCH = ("AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain")
"""Search domains: their encryption settings can be turned on after creation."""
_REPLICATION_GROUP = "AWS::ElastiCache::ReplicationGroup"
_CACHE_CLUSTER = "AWS::ElastiCache::CacheCluster"
_SERVERLESS_CACHE = "AWS::ElastiCache::ServerlessCache"
_EFS = "AWS::EFS::FileSystem"
STORE_TYPES = (RDS_INSTANCE, *_CLUSTERS, *SEARCH, _REPLICATION_GROUP, _CACHE_CLUSTER,
               _SERVERLESS_CACHE, _EFS)
_COPIES = ("SourceDBInstanceIdentifier", "DBSnapshotIdentifier", "SnapshotIdentifier",
           "SourceDBClusterIdentifier", "ReplicationSourceIdentifier", "GlobalClusterIdentifier",
           "RestoreType", "SourceDBInstanceAutomatedBackupsArn", "SnapshotArns", "SnapshotName")
# (subnet property, security-group properties) of each type placed in a VPC by its subnet group
_NETWORK = {
    RDS_INSTANCE: ("DBSubnetGroupName", ("VPCSecurityGroups", "DBSecurityGroups")),
    RDS_CLUSTER: ("DBSubnetGroupName", ("VpcSecurityGroupIds",)),
    "AWS::DocDB::DBCluster": ("DBSubnetGroupName", ("VpcSecurityGroupIds",)),
    "AWS::Neptune::DBCluster": ("DBSubnetGroupName", ("VpcSecurityGroupIds",)),
    _REPLICATION_GROUP: ("CacheSubnetGroupName", ("SecurityGroupIds", "CacheSecurityGroupNames")),
    _CACHE_CLUSTER: ("CacheSubnetGroupName", ("VpcSecurityGroupIds", "CacheSecurityGroupNames")),
    _SERVERLESS_CACHE: ("SubnetIds", ("SecurityGroupIds",)),
}


@dataclass(frozen=True)
class Gap:
    """One thing that leaves a data store unencrypted or on the wrong network."""

    node: Node
    """Where to point: the property as written, or the resource when it is missing."""
    logical_id: str
    resource_type: str
    problem: str
    """What is wrong, in a few words (``StorageEncrypted is not true``)."""
    fix: str
    """The property to set (``StorageEncrypted: true``)."""
    kind: str = "encryption"
    """``encryption`` (at rest), ``between-nodes`` (a search domain's node-to-node traffic),
    ``public``, ``subnets`` (default VPC) or ``security-groups``."""


_BETWEEN_NODES = "between-nodes"


def data_stores(ev: AddonEval) -> list[tuple[str, str, Node]]:
    """``(logical id, type, resource)`` of every data store active in this environment."""
    return [(lid, rtype, ev.resources[lid]) for lid, rtype, _ in ev.active_resources()
            if rtype in STORE_TYPES and ev.resources[lid].is_map]


def encryption_gaps(ev: AddonEval) -> list[Gap]:
    """The stores whose data is not encrypted at rest (or between search nodes)."""
    gaps = []
    for logical_id, rtype, resource in data_stores(ev):
        props = resource.get("Properties")
        if rtype == RDS_INSTANCE and not _instance_owns_storage(ev, props):
            continue
        if rtype in _CLUSTERS and (_copied(ev, props) or _value(ev, props, "EngineMode")
                                   == "serverless"):
            continue
        if rtype == _REPLICATION_GROUP and any(_value(ev, props, p) is not _UNSET for p in (
                "PrimaryClusterId", "GlobalReplicationGroupId", "SnapshotArns", "SnapshotName")):
            continue
        for prop in _ENCRYPTION.get(rtype, ()):
            path = prop.split(".")
            value = _value(ev, props, *path)
            if value is not _UNSET and _true(value) is not False:
                continue
            node = (props.get(*path) if props is not None else None) or resource
            gaps.append(Gap(node, logical_id, rtype, f"{prop} is not true",
                            f"{prop}: true", _BETWEEN_NODES if prop.startswith(
                                "NodeToNode") else "encryption"))
    return gaps


_ENCRYPTION = {
    RDS_INSTANCE: ("StorageEncrypted",),
    **{t: ("StorageEncrypted",) for t in _CLUSTERS},
    **{t: ("EncryptionAtRestOptions.Enabled", "NodeToNodeEncryptionOptions.Enabled")
       for t in SEARCH},
    _REPLICATION_GROUP: ("AtRestEncryptionEnabled",),
    _EFS: ("Encrypted",),
}


def network_gaps(ev: AddonEval) -> list[Gap]:
    """The databases and caches reachable from the internet, or outside the environment's
    network (the default VPC, or the VPC's default security group)."""
    gaps = []
    for logical_id, rtype, resource in data_stores(ev):
        props = resource.get("Properties")
        public = _value(ev, props, "PubliclyAccessible")
        if (rtype == RDS_INSTANCE or rtype == RDS_CLUSTER and _multi_az_cluster(ev, props)) \
                and _true(public) is True:
            gaps.append(Gap(props.get("PubliclyAccessible"), logical_id, rtype,
                            "PubliclyAccessible is true", "PubliclyAccessible: false", "public"))
        if rtype not in _NETWORK or (rtype == RDS_INSTANCE and not _standalone(ev, props)) or \
                _value(ev, props, "SourceDBInstanceIdentifier") is not _UNSET or \
                _value(ev, props, "ReplicationGroupId") is not _UNSET:
            continue
        subnets, groups = _NETWORK[rtype]
        if _value(ev, props, subnets) is _UNSET:
            gaps.append(Gap(resource, logical_id, rtype, f"no {subnets}",
                            f"{subnets} from the environment's private subnets", "subnets"))
        elif all(_value(ev, props, g) is _UNSET for g in groups):
            gaps.append(Gap(resource, logical_id, rtype, f"no {groups[0]}",
                            f"{groups[0]} with a group that admits the environment's "
                            "security group", "security-groups"))
    return gaps


_UNSET = object()


def _value(ev: AddonEval, props: Node | None, *path: str) -> object:
    """The evaluated property, or ``_UNSET`` when it is absent (or ``AWS::NoValue``)."""
    node = props.get(*path) if props is not None and props.is_map else None
    if node is None:
        return _UNSET
    value = ev.ev(node)
    return _UNSET if value is NOVALUE or value is None else value


def _true(value: object) -> bool | None:
    """``True``/``False`` for a boolean as CloudFormation reads it, ``None`` when unknown."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and is_known(value):
        return {"true": True, "false": False}.get(value.strip().lower())
    return None


def _copied(ev: AddonEval, props: Node | None) -> bool:
    return any(_value(ev, props, p) is not _UNSET for p in _COPIES)


def _standalone(ev: AddonEval, props: Node | None) -> bool:
    """An instance that is not a member of a cluster (Aurora instances always are)."""
    engine = _value(ev, props, "Engine")
    return _value(ev, props, "DBClusterIdentifier") is _UNSET and not (
        isinstance(engine, str) and engine.lower().startswith("aurora"))


def _multi_az_cluster(ev: AddonEval, props: Node | None) -> bool:
    """An RDS cluster of a non-Aurora engine (a Multi-AZ DB cluster), the only kind whose
    ``PubliclyAccessible`` means anything (Aurora decides it per instance)."""
    engine = _value(ev, props, "Engine")
    return isinstance(engine, str) and is_known(engine) and \
        not engine.strip().lower().startswith("aurora")


def _instance_owns_storage(ev: AddonEval, props: Node | None) -> bool:
    """A stand-alone instance created empty (not a replica, not restored): its own
    ``StorageEncrypted`` decides; SQL Server Express cannot be encrypted at all."""
    engine = _value(ev, props, "Engine")
    return _standalone(ev, props) and not _copied(ev, props) and not (
        isinstance(engine, str) and engine.lower() == "sqlserver-ex")
