"""A security group lets the internet in on a database port, or bypasses the load balancer.

## What it does
Evaluates, per environment, every ingress rule of addon security groups (`SecurityGroupIngress`
of an `AWS::EC2::SecurityGroup` and `AWS::EC2::SecurityGroupIngress` resources) and of the
environment security group (`network.vpc.security_group.ingress` in an environment manifest),
and reports those open to `0.0.0.0/0` or `::/0`:

- on a database or cache port (PostgreSQL 5432, MySQL 3306, SQL Server 1433, Oracle 1521,
  Redis 6379, Memcached 11211, MongoDB 27017, Cassandra 9042, OpenSearch 9200, Redshift 5439,
  Neptune 8182, ...), whatever the group is for;
- on any port of a group that is not a load balancer's. A group counts as a load balancer's
  when an `AWS::ElasticLoadBalancingV2::LoadBalancer` (or a classic ELB) of the same addons
  lists it, or when it is Copilot's own load balancer group.

ICMP rules and egress rules are not reported. An environment security group rule open on a port
that is not a database's is an error only when some ECS workload gets a public IP in that
environment (`network.vpc.placement: public`, the default); when every one of them sets
`placement: private` it is a warning, since nothing outside the VPC can reach them yet.

## Why is this bad?
A database reachable from anywhere is one leaked or guessed password away from a breach, and
is scanned within minutes of creation. The environment security group is attached to every
service of the environment, and services in public subnets get public IPs: opening it, or a
service's own group, to the world bypasses the load balancer (TLS, `allowed_source_ips`, WAF).

## Example
```yaml
# copilot/api/addons/db.yml
Resources:
  DbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: database
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 5432
          ToPort: 5432
          CidrIp: 0.0.0.0/0
```

## Use instead
```yaml
Resources:
  DbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: database
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 5432
          ToPort: 5432
          SourceSecurityGroupId:
            Fn::ImportValue: !Sub '${App}-${Env}-EnvironmentSecurityGroup'
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, AddonEval, Finding, Node, Rule, show
from copilot_lint.rules.network._support import (
    every_addon_eval, fitting, opaque_parts, public_ip_workloads, to_str,
)

OPEN_CIDRS = ("0.0.0.0/0", "::/0")
DATA_PORTS = {
    1433: "SQL Server", 1521: "Oracle", 2483: "Oracle", 2484: "Oracle", 3306: "MySQL",
    5432: "PostgreSQL", 5439: "Redshift", 5984: "CouchDB", 6379: "Redis", 6380: "Redis",
    7000: "Cassandra", 7001: "Cassandra", 8182: "Neptune", 9042: "Cassandra",
    9200: "OpenSearch", 9300: "OpenSearch", 11211: "Memcached", 27017: "MongoDB",
    27018: "MongoDB", 27019: "MongoDB", 28015: "RethinkDB", 50000: "DB2",
}
_ALL = ("-1", "all")
_ICMP = ("icmp", "icmpv6", "1", "58")
_LB_TYPES = ("AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancing::LoadBalancer")
_HINT = ("allow the environment's security group instead (SourceSecurityGroupId: "
         "{'Fn::ImportValue': !Sub '${App}-${Env}-EnvironmentSecurityGroup'}) or a narrower CIDR")
_LB_HINT = "reach it through a load balancer, or allow a narrower CIDR"


class OpenIngress(Rule):
    id = "CL502"
    name = "open-ingress"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        for ev in every_addon_eval(ws):
            yield from _addons(ev)
        for environment in ws.environments:
            root = environment.manifest.mapping if environment.manifest else None
            rules = root.get("network", "vpc", "security_group", "ingress") if root else None
            for rule in rules.elements() if rules is not None else []:
                cidr = rule.get("cidr")
                if cidr is None or cidr.str_value() not in OPEN_CIDRS:
                    continue
                ports = _manifest_ports(rule)
                if ports is None:
                    continue
                public = _data_ports(ports) or public_ip_workloads(ws, environment.name)
                why = "" if public else \
                    " (no ECS workload here gets a public IP: each sets network.vpc.placement: " \
                    "private, so only what runs inside the VPC can reach them today)"
                yield Finding.at(cidr, f'the environment security group allows '
                                       f'"{cidr.str_value()}" on {_describe(ports)}',
                                 hint=f"every service of the environment gets this group{why}: "
                                      f"{_LB_HINT}", env=environment.name,
                                 severity="" if public else "warning",
                                 key=f"network.vpc.security_group.ingress={_describe(ports)}")


def _addons(ev: AddonEval) -> Iterator[Finding]:
    lb_groups = _load_balancer_groups(ev)
    for logical_id, resource in ev.resources.items():
        props = resource.get("Properties") if resource.is_map else None
        if props is None or not props.is_map or not ev.active(logical_id):
            continue
        rtype = ev.resource_type(logical_id)
        if rtype == "AWS::EC2::SecurityGroup":
            rules = props.get("SecurityGroupIngress")
            for rule in rules.elements() if rules is not None else []:
                yield from _rule(ev, rule, f'security group "{logical_id}"',
                                 logical_id in lb_groups, logical_id)
        elif rtype == "AWS::EC2::SecurityGroupIngress":
            group = _target(props.get("GroupId")) or _target(props.get("GroupName"))
            is_lb = group in lb_groups if group else _imports_lb_group(ev, props.get("GroupId"))
            what = f'ingress "{logical_id}"' + (f' of security group "{group}"' if group else "")
            yield from _rule(ev, props, what, is_lb, logical_id)


def _rule(ev: AddonEval, rule: Node, what: str, is_lb: bool, where: str) -> Iterator[Finding]:
    if not rule.is_map:
        return
    for key in ("CidrIp", "CidrIpv6"):
        node = rule.get(key)
        cidr = ev.ev(node) if node is not None else None
        if cidr not in OPEN_CIDRS:
            continue
        ports = _ports(ev, rule)
        if ports == "icmp":
            continue
        data = _data_ports(ports) if isinstance(ports, tuple) else ""
        text = _describe(ports) if isinstance(ports, tuple) else "some ports"
        if data:
            why, hint = f", {data}", _HINT
        elif not is_lb:
            why, hint = ", not a load balancer's group", _LB_HINT
        else:
            continue
        short = what.split(" of ", 1)[0]
        message = fitting(f'{what} allows "{cidr}" on {text}{why}',
                          f'{short} allows "{cidr}" on {text}{why}',
                          f'{short} allows "{cidr}" on {text}')
        if not message.endswith(why):
            hint = f"{text}{why}: {hint}"
        yield Finding.at(node, message, env=ev.env, key=f"{where}.{key}={cidr}:{text}", hint=hint)


def _ports(ev: AddonEval, rule: Node) -> tuple[int, int] | str | None:
    """The port range of an ingress rule (``(0, 65535)`` for all traffic), ``"icmp"``, or
    ``None`` when it cannot be known."""
    protocol = show(ev.ev(rule.get("IpProtocol"))).lower()
    if protocol in _ALL:
        return (0, 65535)
    if protocol in _ICMP:
        return "icmp"
    low, high = _int(ev.ev(rule.get("FromPort"))), _int(ev.ev(rule.get("ToPort")))
    if low is None or high is None:
        return None
    if low == -1 and high == -1:
        return (0, 65535)
    return (low, high)


def _manifest_ports(rule: Node) -> tuple[int, int] | None:
    protocol = (rule.get("ip_protocol").str_value() or "") if rule.get("ip_protocol") else ""
    if protocol.lower() in _ALL:
        return (0, 65535)
    if protocol.lower() in _ICMP:
        return None
    ports = rule.get("ports")
    text = ports.str_value() if ports is not None else None
    if text is None:
        return None
    low, _, high = text.partition("-")
    first, last = _int(low), _int(high or low)
    return (first, last) if first is not None and last is not None else None


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _data_ports(ports: tuple[int, int]) -> str:
    """What database or cache ports a range opens, as words ("" for none)."""
    low, high = ports
    if (low, high) == (0, 65535):
        return "which include every database and cache port"
    names = sorted({name for port, name in DATA_PORTS.items() if low <= port <= high})
    if not names:
        return ""
    if low == high:
        return f"a {names[0]} port"
    return f"which include {', '.join(names)} ports"


def _describe(ports: tuple[int, int]) -> str:
    low, high = ports
    if (low, high) == (0, 65535) or low < 0:
        return "all ports"
    return f"port {low}" if low == high else f"ports {low}-{high}"


def _target(node: Node | None) -> str | None:
    fn = node.intrinsic() if node is not None else None
    if fn and fn[0] == "Ref" and fn[1].is_str:
        return fn[1].value
    if fn and fn[0] == "Fn::GetAtt":
        arg = fn[1]
        if arg.is_seq and arg.elements() and arg.elements()[0].is_str:
            return arg.elements()[0].value
        if arg.is_str:
            return arg.value.split(".", 1)[0]
    return None


def _imports_lb_group(ev: AddonEval, node: Node | None) -> bool:
    """True for an imported group that is one of Copilot's load balancer groups."""
    return node is not None and any("LoadBalancerSecurityGroup" in part.label
                                    for part in opaque_parts(to_str(ev.ev(node))))


def _load_balancer_groups(ev: AddonEval) -> set[str]:
    """Logical ids of the security groups that a load balancer of the addons lists."""
    groups: set[str] = set()
    for logical_id, resource in ev.resources.items():
        if ev.resource_type(logical_id) not in _LB_TYPES:
            continue
        listed = resource.get("Properties", "SecurityGroups")
        for node in listed.elements() if listed is not None else []:
            target = _target(node)
            if target is not None:
                groups.add(target)
    return groups
