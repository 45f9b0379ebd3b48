"""Generate ``copilot_lint/query/physical_names.py``: the physical-name properties of resource
types.

A *physical name* is a property that names the resource itself in its account and region (or
globally, for S3 buckets), so two stacks that set it to the same value collide with "already
exists". The table is derived from the CloudFormation resource schemas that cfn-lint ships:

1. a writable string property listed in the type's ``primaryIdentifier`` whose name is the type's
   own name property (``Name``, ``<Type>Name``, ``<Type>Identifier``, ``<Type>Id``, or a name
   whose stem and the type name end alike: ``ClusterName`` of ``ElastiCache::CacheCluster``);
   the other writable properties of the identifier are its *scope* (``RoleName`` scopes a
   ``RolePolicy``'s ``PolicyName``): the name only collides when the scope is the same too;
2. the create-only name properties listed in ``CURATED`` below, for types whose identifier is a
   generated ARN or id but whose service still refuses a second resource with the same name
   (SQS queues, SNS topics, secrets, security groups per VPC, ...). Services that accept
   duplicate names (Route 53 hosted zones, Pinpoint apps, WAF Classic, ...) are left out;
3. a few AWS SAM types, which have no registry schema (``SAM``).

Run ``python scripts/gen_physical_names.py`` after upgrading cfn-lint and commit the result.
"""
from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

import cfnlint.data.schemas.providers.us_east_1 as provider

OUT = Path(__file__).resolve().parent.parent / "copilot_lint" / "query" / "physical_names.py"
SCHEMAS = Path(provider.__file__).resolve().parent.parent / "resources"

CURATED: dict[str, tuple[str, tuple[str, ...]]] = {
    "AWS::SQS::Queue": ("QueueName", ()),
    "AWS::SNS::Topic": ("TopicName", ()),
    "AWS::SecretsManager::Secret": ("Name", ()),
    "AWS::IAM::ManagedPolicy": ("ManagedPolicyName", ()),
    "AWS::EC2::SecurityGroup": ("GroupName", ("VpcId",)),
    "AWS::EC2::LaunchTemplate": ("LaunchTemplateName", ()),
    "AWS::ECS::Service": ("ServiceName", ("Cluster",)),
    "AWS::ServiceDiscovery::Service": ("Name", ("NamespaceId",)),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": ("Name", ()),
    "AWS::ElasticLoadBalancingV2::TargetGroup": ("Name", ()),
    "AWS::ElasticLoadBalancing::LoadBalancer": ("LoadBalancerName", ()),
    "AWS::Events::Rule": ("Name", ("EventBusName",)),
    "AWS::StepFunctions::StateMachine": ("StateMachineName", ()),
    "AWS::StepFunctions::Activity": ("Name", ()),
    "AWS::CodeBuild::Project": ("Name", ()),
    "AWS::CloudFront::Function": ("Name", ()),
    "AWS::AppRunner::Service": ("ServiceName", ()),
    "AWS::AmazonMQ::Broker": ("BrokerName", ()),
    "AWS::Elasticsearch::Domain": ("DomainName", ()),
    "AWS::DocDB::DBCluster": ("DBClusterIdentifier", ()),
    "AWS::DocDB::DBInstance": ("DBInstanceIdentifier", ()),
    "AWS::DocDB::DBSubnetGroup": ("DBSubnetGroupName", ()),
    "AWS::DocDB::DBClusterParameterGroup": ("Name", ()),
    "AWS::DAX::Cluster": ("ClusterName", ()),
    "AWS::DAX::SubnetGroup": ("SubnetGroupName", ()),
    "AWS::DAX::ParameterGroup": ("ParameterGroupName", ()),
    "AWS::MSK::Cluster": ("ClusterName", ()),
    "AWS::Lambda::Alias": ("Name", ("FunctionName",)),
    "AWS::ApiGatewayV2::Stage": ("StageName", ("ApiId",)),
    "AWS::CloudWatch::InsightRule": ("RuleName", ()),
    "AWS::Route53::RecordSet": ("Name", ("HostedZoneId", "HostedZoneName", "Type",
                                         "SetIdentifier")),
    "AWS::SageMaker::Model": ("ModelName", ()),
    "AWS::SageMaker::EndpointConfig": ("EndpointConfigName", ()),
    "AWS::SageMaker::NotebookInstance": ("NotebookInstanceName", ()),
    "AWS::Batch::ComputeEnvironment": ("ComputeEnvironmentName", ()),
    "AWS::Batch::JobQueue": ("JobQueueName", ()),
    "AWS::Glue::Table": ("Name", ("DatabaseName",)),
    "AWS::OpenSearchServerless::Collection": ("Name", ()),
}
SAM: dict[str, tuple[str, tuple[str, ...]]] = {
    "AWS::Serverless::Function": ("FunctionName", ()),
    "AWS::Serverless::SimpleTable": ("TableName", ()),
    "AWS::Serverless::StateMachine": ("Name", ()),
}


def _prop(path: str) -> str | None:
    parts = path.split("/")
    return parts[2] if len(parts) == 3 and parts[1] == "properties" else None


def _is_string(schema: dict, prop: dict) -> bool:
    ref = prop.get("$ref", "")
    if ref.startswith("#/definitions/"):
        prop = schema.get("definitions", {}).get(ref.rsplit("/", 1)[1], {})
    kind = prop.get("type")
    return kind == "string" or (isinstance(kind, list) and "string" in kind)


def _own_name(type_name: str, prop: str) -> bool:
    short = type_name.rsplit("::", 1)[1]
    if prop == "Name":
        return True
    for suffix in ("Name", "Identifier", "Id"):
        if prop.endswith(suffix) and len(prop) > len(suffix):
            stem = prop[:-len(suffix)]
            return short.endswith(stem) or stem.endswith(short)
    return False


def derive() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    table: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for type_name, digest in sorted(provider.types.items()):
        if not type_name.startswith("AWS::"):
            continue
        schema = json.loads((SCHEMAS / f"{digest}.json").read_text())
        props = schema.get("properties", {})
        read_only = {_prop(p) for p in schema.get("readOnlyProperties", [])}
        create_only = {_prop(p) for p in schema.get("createOnlyProperties", [])}
        ident = [p for p in (_prop(x) for x in schema.get("primaryIdentifier", [])) if p]
        writable = [p for p in ident if p in props and p not in read_only]
        names = [p for p in writable if _is_string(schema, props[p]) and _own_name(type_name, p)]
        if names:
            scope = tuple(p for p in writable if p not in names)
            table[type_name] = [(n, scope) for n in names]
        if type_name in CURATED and type_name not in table:
            name, scope = CURATED[type_name]
            if name not in create_only or not _is_string(schema, props.get(name, {})):
                raise SystemExit(f"{type_name}.{name} is not a create-only string property")
            table[type_name] = [(name, scope)]
    missing = sorted(set(CURATED) - set(table))
    if missing:
        raise SystemExit(f"curated types missing from cfn-lint's schemas: {missing}")
    for type_name, entry in SAM.items():
        table[type_name] = [entry]
    return dict(sorted(table.items()))


def render(table: dict[str, list[tuple[str, tuple[str, ...]]]]) -> str:
    lines = [
        '"""Physical-name properties of CloudFormation resource types (generated, do not edit).',
        "",
        ("Generated by ``scripts/gen_physical_names.py`` from the resource schemas of cfn-lint "
         f"{version('cfn-lint')}."),
        "``PHYSICAL_NAMES[type]`` lists ``(property, scope)`` pairs: the property names the",
        "resource, and two resources only collide when the ``scope`` properties (a parent: the",
        "role of a role policy, the VPC of a security group) are equal too.",
        '"""',
        "from __future__ import annotations",
        "",
        "PHYSICAL_NAMES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {",
    ]
    for type_name, entries in table.items():
        pairs = [f"({name!r}, {scope!r})," for name, scope in entries]
        one_line = f"    {type_name!r}: ({' '.join(pairs)}),"
        if len(one_line) <= 100:
            lines.append(one_line)
        else:
            lines.append(f"    {type_name!r}: (")
            lines.extend(f"        {pair}" for pair in pairs)
            lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    OUT.write_text(render(derive()))
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
