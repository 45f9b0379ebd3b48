"""Copilot-aware severity, message and hint for some cfn-lint findings on addon templates.

cfn-lint judges a template on its own; an addon is deployed by Copilot, in every environment,
as a nested stack of the environment or workload stack. :func:`refine` adjusts what that changes:

- ``W3690``/``W3691`` (an RDS or Aurora engine version that AWS has retired): the version can no
  longer create a database, so every new environment's deploy fails: an error, not a warning.
  A major version alone (``'16'``, ``'8.0'``) is not reported while cfn-lint's data still lists
  a version of it that is not retired: RDS creates the database with a recent minor version of
  that major (cfn-lint issues 3849, 3976), so nothing fails.
- ``E1020`` on a ``Ref`` to a resource of the parent stack (``VPC``, ``PrivateSubnet1``, …): an
  addon is a stack of its own and reaches the parent's resources only through parameters that
  ``addons.parameters.yml`` passes (environment addons), or through the environment stack's
  exports (workload addons): the hint says which. An environment that imports its VPC
  (``network.vpc.id``) has no VPC, subnet, gateway or route table resources, so there the hint
  points at the IDs of the environment manifest instead of ``!Ref``.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache

_RETIRED = re.compile(r"engine version '(?P<version>[^']*)' for engine '(?P<engine>[^']*)' is "
                      r"deprecated and cannot be used to create new (?P<what>RDS DB \w+)")
_NOT_ONE_OF = re.compile(r"'(?P<name>[A-Za-z0-9]+)' is not one of \[")
_ENV_RESOURCES = re.compile(
    r"VPC|PublicRouteTable|InternetGateway|(Public|Private)Subnet\d+|NatGateway\d+|"
    r"PrivateRouteTable\d+|Cluster|EnvironmentSecurityGroup|PublicLoadBalancer|"
    r"InternalLoadBalancer|ServiceDiscoveryNamespace|FileSystem|(Internal)?HTTPS?Listener|"
    r"EnvironmentHostedZone|InternalWorkloadsHostedZone")
"""Logical ids of Copilot's environment stack (``templates/environment/cf.yml`` and its
partials) that addon authors reach for."""
_MANAGED_VPC = re.compile(
    r"VPC|PublicRouteTable|InternetGateway|(?P<kind>Public|Private)Subnet(?P<n>\d+)|"
    r"NatGateway\d+|PrivateRouteTable\d+")
"""The resources above that Copilot creates only with the VPC (none when it is imported)."""
_ENV_EXPORTS = {"VPC": "VpcId", "Cluster": "ClusterId",
                "EnvironmentSecurityGroup": "EnvironmentSecurityGroup"}


@dataclass
class Refined:
    message: str
    severity: str
    hint: str = ""


def refine(rule_id: str, message: str, severity: str, environment_addon: bool,
           imported_vpc: frozenset[bool] = frozenset()) -> Refined | None:
    """cfn-lint's finding ``rule_id`` with ``message`` (already one line) on an environment
    (``environment_addon``) or workload addon template, as copilot-lint reports it; ``None``
    when Copilot's view makes it no problem at all. ``imported_vpc``: for an environment addon,
    whether each environment the finding holds in imports its VPC."""
    if rule_id in ("W3690", "W3691"):
        found = _RETIRED.search(message)
        if found and _major_still_offered(found["engine"], found["version"],
                                          "cluster" if rule_id == "W3690" else "instance"):
            return None
        if found:
            message = (f"{found['engine']} engine version '{found['version']}' is retired: it "
                       f"cannot create new {found['what']}")
        return Refined(message, "error",
                       "pick a version RDS still offers (aws rds describe-db-engine-versions): "
                       "every new environment's deploy fails on this one")
    if rule_id == "E1020":
        found = _NOT_ONE_OF.match(message)
        if found and _ENV_RESOURCES.fullmatch(found["name"]):
            name = found["name"]
            return Refined(f"'{name}' is not a parameter or resource of this addon template",
                           severity, _parent_hint(name, environment_addon, imported_vpc))
    return Refined(message, severity)


def _parent_hint(name: str, environment_addon: bool, imported_vpc: frozenset[bool]) -> str:
    if environment_addon:
        passing = f"declare a parameter {name} and pass it in addons.parameters.yml"
        managed = _MANAGED_VPC.fullmatch(name)
        if managed is None or True not in imported_vpc:
            return f"it is a resource of the environment stack: {passing} ({name}: !Ref {name})"
        if name == "VPC":
            literal = "the VPC ID of network.vpc.id"
        elif managed["kind"]:
            literal = (f"subnet {managed['n']} of network.vpc.subnets."
                       f"{managed['kind'].lower()}")
        else:
            return (f"the environment imports its VPC, so its stack has no {name}: pass the ID of "
                    f"your own resource as a parameter in addons.parameters.yml")
        if False in imported_vpc:
            return (f"{passing}: !Ref {name} where Copilot creates the VPC, {literal} where the "
                    "environment imports it")
        return (f"the environment imports its VPC, so its stack has no {name}: {passing} "
                f"({literal} in the environment manifest)")
    subnets = re.fullmatch(r"(Public|Private)Subnet(\d+)", name)
    if subnets:
        index, kind = int(subnets[2]) - 1, subnets[1]
        return (f"a workload addon imports the environment's subnets: !Select [{index}, !Split "
                f"[',', {{'Fn::ImportValue': !Sub '${{App}}-${{Env}}-{kind}Subnets'}}]]")
    if name in _ENV_EXPORTS:
        return (f"a workload addon imports it from the environment stack: "
                f"{{'Fn::ImportValue': !Sub '${{App}}-${{Env}}-{_ENV_EXPORTS[name]}'}}")
    return "it is a resource of the environment stack, which a workload addon cannot reference"


def _major_still_offered(engine: str, version: str, kind: str) -> bool:
    """Whether ``version`` of ``engine`` is a major version alone (other versions of cfn-lint's
    data start with ``version.``: ``'16'`` → ``'16.6'``, ``'8.0'`` → ``'8.0.mysql_aurora.3.08.0'``)
    of which some version is not retired. False when cfn-lint's data cannot be read."""
    offered, retired = _engine_versions(kind)
    below = [v for v in offered.get(engine, ()) if v.startswith(version + ".")]
    return any(v not in retired.get(engine, ()) for v in below)


@lru_cache(maxsize=2)
def _engine_versions(kind: str) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """cfn-lint's engine versions of an RDS DB ``kind`` (``cluster``, ``instance``) per engine:
    those it accepts and those it reports as retired (read from its data files without
    importing it: ``import cfnlint`` costs most of a second)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("cfnlint")
    except (ImportError, ValueError):
        spec = None
    for folder in (spec.submodule_search_locations or ()) if spec else ():
        data = os.path.join(folder, "data", "schemas", "extensions", f"aws_rds_db{kind}")
        try:
            with open(os.path.join(data, "engine_version.json"), encoding="utf-8") as file:
                offered = json.load(file)
            with open(os.path.join(data, "engine_version_deprecated.json"),
                      encoding="utf-8") as file:
                retired = json.load(file)
        except (OSError, ValueError):
            continue
        return _by_engine(offered, "then"), _by_engine(retired, "if")
    return {}, {}


def _by_engine(schema: object, part: str) -> dict[str, set[str]]:
    """``{engine: versions}`` from cfn-lint's ``allOf`` of ``if Engine = e`` blocks, the
    versions listed in the block's ``part`` (``then`` or ``if``)."""
    out: dict[str, set[str]] = {}
    blocks = schema.get("allOf", []) if isinstance(schema, dict) else []
    for block in blocks if isinstance(blocks, list) else []:
        try:
            engine = block["if"]["properties"]["Engine"]["const"]
            versions = block[part]["properties"]["EngineVersion"]["enum"]
        except (KeyError, TypeError):
            continue
        if isinstance(engine, str) and isinstance(versions, list):
            out.setdefault(engine, set()).update(str(v) for v in versions)
    return out
