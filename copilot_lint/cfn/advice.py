"""Copilot-aware severity, message and hint for some cfn-lint findings on addon templates.

cfn-lint judges a template on its own; an addon is deployed by Copilot, in every environment,
as a nested stack of the environment or workload stack. :func:`refine` adjusts what that changes:

- ``W3690``/``W3691`` (an RDS or Aurora engine version that AWS has retired): the version can no
  longer create a database, so every new environment's deploy fails: an error, not a warning.
- ``E1020`` on a ``Ref`` to a resource of the parent stack (``VPC``, ``PrivateSubnet1``, …): an
  addon is a stack of its own and reaches the parent's resources only through parameters that
  ``addons.parameters.yml`` passes (environment addons), or through the environment stack's
  exports (workload addons): the hint says which.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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
_ENV_EXPORTS = {"VPC": "VpcId", "Cluster": "ClusterId",
                "EnvironmentSecurityGroup": "EnvironmentSecurityGroup"}


@dataclass
class Refined:
    message: str
    severity: str
    hint: str = ""


def refine(rule_id: str, message: str, severity: str, environment_addon: bool) -> Refined:
    """cfn-lint's finding ``rule_id`` with ``message`` (already one line) on an environment
    (``environment_addon``) or workload addon template, as copilot-lint reports it."""
    if rule_id in ("W3690", "W3691"):
        found = _RETIRED.search(message)
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
                           severity, _parent_hint(name, environment_addon))
    return Refined(message, severity)


def _parent_hint(name: str, environment_addon: bool) -> str:
    if environment_addon:
        return (f"it is a resource of the environment stack: declare a parameter {name} and "
                f"pass it in addons.parameters.yml ({name}: !Ref {name})")
    subnets = re.fullmatch(r"(Public|Private)Subnet(\d+)", name)
    if subnets:
        index, kind = int(subnets[2]) - 1, subnets[1]
        return (f"a workload addon imports the environment's subnets: !Select [{index}, !Split "
                f"[',', {{'Fn::ImportValue': !Sub '${{App}}-${{Env}}-{kind}Subnets'}}]]")
    if name in _ENV_EXPORTS:
        return (f"a workload addon imports it from the environment stack: "
                f"{{'Fn::ImportValue': !Sub '${{App}}-${{Env}}-{_ENV_EXPORTS[name]}'}}")
    return "it is a resource of the environment stack, which a workload addon cannot reference"
