"""Limits AWS enforces at deploy time on values Copilot passes through unchecked
(``AWS_LIMIT`` issues).

Copilot accepts these values and writes them into the CloudFormation template; the service then
refuses them and the stack rolls back. Each limit is the one AWS documents (sources in
``rules/manifest/aws_limit.py``). A value of the wrong type is the schema's business: every check
here skips it.
"""
from __future__ import annotations

import ipaddress
import re
from typing import Any

from copilot_lint.schema.checks_common import Checks, get, text
from copilot_lint.schema.checks_http import _listeners, _rules
from copilot_lint.schema.cron import seconds
from copilot_lint.schema.issue import IssueKind, show_path

AWS_LIMIT = IssueKind.AWS_LIMIT

LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
                      2192, 2557, 2922, 3288, 3653)
"""CloudWatch Logs ``retentionInDays`` (PutRetentionPolicy)."""

_RATE = re.compile(r"rate\(\s*(\S*)\s+(\S*)\s*\)")
_RATE_UNITS = ("minute", "hour", "day")


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _add(c: Checks, path: tuple, message: str, check: str, hint: str) -> None:
    c.add(path, message, check, hint=hint, kind=AWS_LIMIT)


def workload_limits(c: Checks) -> None:
    """The ECS workloads: log retention, target groups, task count, ports, image credentials."""
    retention(c, ("logging", "retention"))
    for path, rule in _rules(c.data.get("http")):
        check = rule.get("healthcheck")
        if isinstance(check, dict):
            _target_health_check(c, path + ("healthcheck",), check)
        _deregistration(c, path + ("deregistration_delay",), rule.get("deregistration_delay"))
        if _int(rule.get("target_port")) == 0:
            _port_zero(c, path + ("target_port",))
    for path, listener in _listeners(c.data.get("nlb")) if c.name == "lb-web-service" else ():
        _deregistration(c, path + ("deregistration_delay",), listener.get("deregistration_delay"))
        port = (text(listener.get("port")) or "").partition("/")[0]
        if port.isdigit() and int(port) == 0:
            _port_zero(c, path + ("port",))
        if _int(listener.get("target_port")) == 0:
            _port_zero(c, path + ("target_port",))
    balanced = c.name == "lb-web-service" or c.name == "backend-service" and any(
        v is not None for _, rule in _rules(c.data.get("http"))[:1] for v in rule.values())
    if balanced and _int(get(c.data, "image", "port")) == 0:
        _port_zero(c, ("image", "port"))
    count = _int(c.data.get("count"))
    if count is not None and count < 0:
        _add(c, ("count",), f'"count" is {count}, a negative number of tasks', "A6",
             "use 0 or more: ECS refuses a negative desired count")
    _credentials(c)


def _target_health_check(c: Checks, path: tuple, check: dict) -> None:
    """ALB target group health checks (CreateTargetGroup)."""
    where = show_path(path)
    port = _int(check.get("port"))
    if port is not None and not 1 <= port <= 65535:
        _add(c, path + ("port",), f'"{where}.port" is {port}, outside the ports 1-65535', "A2",
             "use the port the container serves its health check on")
    for key in ("healthy_threshold", "unhealthy_threshold"):
        value = _int(check.get(key))
        if value is not None and not 2 <= value <= 10:
            _add(c, path + (key,), f'"{where}.{key}" is {value}, outside the 2-10 a target '
                 'group accepts', "A2", "use a count from 2 to 10")
    interval, timeout = seconds(check.get("interval")), seconds(check.get("timeout"))
    if interval is not None and not 5 <= interval <= 300:
        _add(c, path + ("interval",), f'"{where}.interval" is {check["interval"]}, outside the '
             '5s-300s a target group accepts', "A2", "use an interval from 5s to 300s")
        interval = None
    if timeout is not None and not 2 <= timeout <= 120:
        _add(c, path + ("timeout",), f'"{where}.timeout" is {check["timeout"]}, outside the '
             '2s-120s a target group accepts', "A2", "use a timeout from 2s to 120s")
    elif timeout is not None and interval is not None and timeout >= interval:
        _add(c, path + ("timeout",), f'"{where}.timeout" ({check["timeout"]}) is not shorter '
             f'than the interval ({check["interval"]})', "A2",
             "make the timeout shorter than the interval: a target group refuses it otherwise")


def _deregistration(c: Checks, path: tuple, value: Any) -> None:
    delay = seconds(value)
    if delay is not None and not 0 <= delay <= 3600:
        _add(c, path, f'"{show_path(path)}" is {value}, outside the 0s-3600s a target group '
             'accepts', "A3", 'use a delay from 0s to 1h')


def _port_zero(c: Checks, path: tuple) -> None:
    _add(c, path, f'"{show_path(path)}" is port 0, which a load balancer cannot use', "A5",
         "use a port from 1 to 65535")


def _credentials(c: Checks) -> None:
    """ECS takes a Secrets Manager secret (its ARN, or its name in the same region)."""
    places = [(("image", "credentials"), get(c.data, "image", "credentials"))]
    sidecars = c.data.get("sidecars")
    places += [(("sidecars", name, "credentialsParameter"), get(s, "credentialsParameter"))
               for name, s in (sidecars.items() if isinstance(sidecars, dict) else ())]
    for path, value in places:
        arn = text(value) or ""
        parts = arn.split(":")
        if arn.startswith("arn:") and "${" not in arn and (
                len(parts) < 7 or parts[2] != "secretsmanager" or parts[5] != "secret"):
            _add(c, path, f'"{show_path(path)}" is an ARN of "{parts[2]}", not of a Secrets '
                 'Manager secret', "A7", "name the secret holding the registry credentials "
                 "(arn:aws:secretsmanager:…:secret:…, or the secret's name)")


def retention(c: Checks, path: tuple) -> None:
    """CloudWatch Logs retention: only the published day counts."""
    days = _int(get(c.data, *path))
    if days is None or days in LOG_RETENTION_DAYS:
        return
    lower = max((d for d in LOG_RETENTION_DAYS if d < days), default=None)
    higher = min((d for d in LOG_RETENTION_DAYS if d > days), default=None)
    near = " or ".join(str(d) for d in (lower, higher) if d is not None)
    _add(c, path, f'"{show_path(path)}" is {days} days, a retention CloudWatch Logs does not '
         'offer', "A1", f"use {near} (CloudWatch Logs offers 1, 3, 5, 7, 14, 30, … 3653 days)")


def queue_limits(c: Checks) -> None:
    """A Worker Service's SQS queues (CreateQueue attributes, RedrivePolicy)."""
    queues = [(("subscribe", "queue"), get(c.data, "subscribe", "queue"))]
    topics = get(c.data, "subscribe", "topics")
    queues += [(("subscribe", "topics", i, "queue"), get(t, "queue"))
               for i, t in enumerate(topics if isinstance(topics, list) else ())]
    for path, queue in queues:
        if not isinstance(queue, dict):
            continue
        for key, low, high, lowest, highest in (("retention", 60, 1209600, "60s", "336h"),
                                                ("delay", 0, 900, "0s", "15m"),
                                                ("timeout", 0, 43200, "0s", "12h")):
            value = seconds(queue.get(key))
            if value is not None and not low <= value <= high:
                _add(c, path + (key,), f'"{show_path(path + (key,))}" is {queue[key]}, outside '
                     f'the {lowest}-{highest} SQS accepts', "A4",
                     f"use {lowest} to {highest}" + (" (14 days)" if key == "retention" else ""))
        tries = _int(get(queue, "dead_letter", "tries"))
        if tries is not None and not 1 <= tries <= 1000:
            where = show_path(path + ("dead_letter", "tries"))
            _add(c, path + ("dead_letter", "tries"), f'"{where}" is {tries}, outside the 1-1000 '
                 'SQS accepts', "A4", "use 1 to 1000 tries (the redrive maxReceiveCount)")


def schedule_limits(c: Checks) -> None:
    """A Scheduled Job's ``rate(…)`` or ``cron(…)``, which Copilot hands to EventBridge as is."""
    schedule = (text(get(c.data, "on", "schedule")) or "").strip()
    problem = _rate_problem(schedule) if schedule.startswith("rate(") else \
        _cron_problem(schedule) if schedule.startswith("cron(") else None
    if problem:
        message, hint = problem
        _add(c, ("on", "schedule"), f'"on.schedule" "{schedule}" {message}', "A8", hint)


def _rate_problem(schedule: str) -> tuple[str, str] | None:
    match = _RATE.fullmatch(schedule)
    hint = 'write rate(<whole number> <unit>), e.g. "rate(1 hour)" or "rate(5 minutes)"'
    if not match:
        return "is not a rate EventBridge reads", hint
    value, unit = match.groups()
    if not value.isdigit() or int(value) < 1:
        return "needs a positive whole number", hint
    base = next((u for u in _RATE_UNITS if unit in (u, u + "s")), None)
    if base is None:
        return f'has unit "{unit}", not minute(s), hour(s) or day(s)', hint
    fixed = base if int(value) == 1 else base + "s"
    if unit != fixed:
        return f'needs "{fixed}" with {value}', f'write "rate({value} {fixed})"'
    return None


def _cron_problem(schedule: str) -> tuple[str, str] | None:
    fields = schedule[len("cron("):].rstrip(")").split()
    hint = 'EventBridge reads minutes hours day-of-month month day-of-week year, e.g. ' \
           '"cron(0 12 * * ? *)"'
    if not schedule.endswith(")") or len(fields) != 6:
        return f"has {len(fields)} fields, but EventBridge cron needs 6", hint
    if "?" not in (fields[2], fields[4]):
        return "sets both the day of month and the day of week", 'use "?" in one of them'
    return None


def static_site_limits(c: Checks) -> None:
    certificate_id(c, ("http", "certificate"), get(c.data, "http", "certificate"))


def environment_limits(c: Checks) -> None:
    """An environment: flow log retention, VPC and subnet sizes, security group ports,
    certificate ARNs."""
    vpc = get(c.data, "network", "vpc")
    vpc = vpc if isinstance(vpc, dict) else {}
    if isinstance(vpc.get("flow_logs"), dict):
        retention(c, ("network", "vpc", "flow_logs", "retention"))
    _cidr_size(c, ("network", "vpc", "cidr"), vpc.get("cidr"), "VPC")
    for kind in ("public", "private"):
        subnets = get(vpc, "subnets", kind)
        for i, subnet in enumerate(subnets if isinstance(subnets, list) else ()):
            _cidr_size(c, ("network", "vpc", "subnets", kind, i, "cidr"), get(subnet, "cidr"),
                       "subnet")
    for side in ("ingress", "egress"):
        rules = get(vpc, "security_group", side)
        for i, rule in enumerate(rules if isinstance(rules, list) else ()):
            ports = get(rule, "ports")
            numbers = [ports] if _int(ports) is not None else \
                [int(p) for p in text(ports).split("-") if p.isdigit()] \
                if isinstance(ports, str) else []
            if any(p > 65535 for p in numbers):
                path = ("network", "vpc", "security_group", side, i, "ports")
                _add(c, path, f'"{show_path(path)}" is {ports}, beyond port 65535', "A10",
                     "use ports from 0 to 65535")
    certificates = [(("cdn", "certificate"), get(c.data, "cdn", "certificate"))]
    for side in ("public", "private"):
        certs = get(c.data, "http", side, "certificates")
        certificates += [(("http", side, "certificates", i), v)
                         for i, v in enumerate(certs if isinstance(certs, list) else ())]
    for path, value in certificates:
        certificate_id(c, path, value)


def certificate_id(c: Checks, path: tuple, value: Any) -> None:
    """An ACM certificate ARN ends in certificate/<id>."""
    arn = text(value) or ""
    parts = arn.split(":", 5)
    if not arn.startswith("arn:") or len(parts) < 6 or "${" in arn:
        return
    if not parts[5].partition("/")[2].strip():
        _add(c, path, f'"{show_path(path)}" ends in "{parts[5]}", with no certificate id', "A9",
             "use the full ARN, arn:aws:acm:<region>:<account>:certificate/<id>")


def _cidr_size(c: Checks, path: tuple, value: Any, what: str) -> None:
    """A VPC, and each of its subnets, must be a /16 to /28 block."""
    cidr = text(value)
    if not cidr or "/" not in cidr:
        return
    try:
        prefix = ipaddress.ip_network(cidr, strict=False).prefixlen
    except ValueError:
        return
    if ":" not in cidr and not 16 <= prefix <= 28:
        _add(c, path, f'"{show_path(path)}" is a /{prefix} block, but a {what} must be /16 to '
             '/28', "A10", "use a block from /16 to /28")
