"""Copilot's cross-field manifest rules, the ones a JSON Schema cannot say clearly.

Each check mirrors a rule that Copilot's ``validate()`` (or its stack generation) enforces before
anything reaches CloudFormation (copilot-facts §3: W1–W20, C1–C13, H1–H15, Q1–Q4, §3.4 platform,
§3.8 per type). They read plain manifest data, already merged for one environment, in which a
null value means "absent", and return :class:`~copilot_lint.schema.validate.Issue` objects
(rule CL101). Shapes are the schema's job: every check here skips values of the wrong type.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from copilot_lint.schema.cron import schedule_problem, seconds
from copilot_lint.schema.validate import SCHEMA, Issue, show_path

YES = {True, "y", "Y", "yes", "Yes", "YES", "on", "On", "ON"}
NO = {False, "n", "N", "no", "No", "NO", "off", "Off", "OFF"}
WINDOWS = {"windows", "windows_server_2019_core", "windows_server_2019_full",
           "windows_server_2022_core", "windows_server_2022_full"}
FIRELENS = "firelens_log_router"
SCALING = {"lb-web-service": ("cpu_percentage", "memory_percentage", "requests", "response_time"),
           "backend-service": ("cpu_percentage", "memory_percentage", "requests", "response_time"),
           "worker-service": ("cpu_percentage", "memory_percentage", "queue_delay")}
TITLES = {"lb-web-service": "Load Balanced Web Service", "backend-service": "Backend Service",
          "worker-service": "Worker Service", "scheduled-job": "Scheduled Job",
          "request-driven-web-service": "Request-Driven Web Service"}


class Checks:
    """Collects the issues of one manifest."""

    def __init__(self, data: dict, name: str) -> None:
        self.data = data
        self.name = name
        self.issues: list[Issue] = []

    def add(self, path: tuple, message: str, check: str, at_key: bool = False) -> None:
        self.issues.append(Issue(SCHEMA, tuple(path), message, at_key,
                                 key=f"{show_path(tuple(path))}#{check}"))


def check(name: str, data: Any) -> list[Issue]:
    """Every cross-field issue of the manifest ``data`` of schema ``name``."""
    if not isinstance(data, dict):
        return []
    c = Checks(data, name)
    for func in _BY_NAME.get(name, ()):
        func(c)
    return c.issues


# --- helpers ----------------------------------------------------------------------------------

def get(data: Any, *path: str | int) -> Any:
    """Follow keys and indexes; ``None`` when a step is missing or of the wrong kind."""
    for step in path:
        if isinstance(step, int) and isinstance(data, list) and -len(data) <= step < len(data):
            data = data[step]
        elif isinstance(step, str) and isinstance(data, dict):
            data = data.get(step)
        else:
            return None
    return data


def truthy(value: Any) -> bool:
    return isinstance(value, (bool, str)) and value in YES


def falsy(value: Any) -> bool:
    return isinstance(value, (bool, str)) and value in NO


def text(value: Any) -> str | None:
    """A scalar as Copilot reads it into a string field; ``None`` for containers and null."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def non_empty_map(value: Any) -> bool:
    return isinstance(value, dict) and any(v is not None for v in value.values())


def _platform(data: dict) -> tuple[str, str]:
    platform = data.get("platform")
    if isinstance(platform, str) and "/" in platform:
        os_, _, arch = platform.partition("/")
        return os_.lower(), arch.lower()
    if isinstance(platform, dict):
        return (text(platform.get("osfamily")) or "").lower(), \
            (text(platform.get("architecture")) or "").lower()
    return "", ""


# --- images and containers (W3, W5–W7, W10, W13) ----------------------------------------------

def _image_source(c: Checks, image: Any, path: tuple) -> None:
    if not isinstance(image, dict):
        return
    build = image.get("build")
    has_build = non_empty_map(build) if isinstance(build, dict) else build not in (None, "")
    has_location = text(image.get("location")) not in (None, "")
    where = show_path(path)
    if has_build and has_location:
        c.add(path + ("location",), f'"{where}.build" and "{where}.location" are mutually '
                                    'exclusive; keep only one of them', "W3", at_key=True)
    elif not has_build and not has_location:
        c.add(path, f'"{where}" needs "build" or "location"; add one of them', "W3", at_key=True)


def images(c: Checks) -> None:
    _image_source(c, c.data.get("image"), ("image",))
    sidecars = c.data.get("sidecars")
    for name, sidecar in sidecars.items() if isinstance(sidecars, dict) else ():
        if isinstance(sidecar, dict):
            _image_source(c, sidecar.get("image"), ("sidecars", name, "image"))


def containers(c: Checks) -> None:
    """Container dependencies: known names, essential targets, no cycles."""
    main = text(c.data.get("name"))
    sidecars = c.data.get("sidecars") if isinstance(c.data.get("sidecars"), dict) else {}
    essential = {name: not falsy(get(s, "essential")) for name, s in sidecars.items()}
    if main:
        essential[main] = True
    logging = c.data.get("logging")
    if isinstance(logging, dict) and any(logging.get(k) is not None for k in logging
                                         if k != "retention"):
        essential[FIRELENS] = False
    deps: dict[str, tuple[tuple, dict]] = {}
    if main:
        deps[main] = (("image", "depends_on"), get(c.data, "image", "depends_on"))
    for name in sidecars:
        deps[name] = (("sidecars", name, "depends_on"), get(sidecars, name, "depends_on"))
    edges: dict[str, list[str]] = {}
    for container, (path, depends) in deps.items():
        for target, status in depends.items() if isinstance(depends, dict) else ():
            where = show_path(path + (target,))
            if target not in essential:
                c.add(path + (target,), f'"{where}" names container "{target}", which does not '
                                        'exist; use the workload name, a sidecar name or '
                                        f'{FIRELENS}', "W6", at_key=True)
                continue
            edges.setdefault(container, []).append(target)
            status_text = (text(status) or "").upper()
            if essential[target] and status_text in ("COMPLETE", "SUCCESS"):
                c.add(path + (target,), f'"{where}" waits for {status_text} of the essential '
                                        f'container "{target}", which never completes; use START '
                                        'or HEALTHY', "W5")
            if target == container:
                c.add(path + (target,), f'container "{container}" depends on itself; remove '
                                        f'"{where}"', "W7", at_key=True)
    for cycle in _cycles(edges):
        container = cycle[0]
        path = deps[container][0] + (cycle[1],)
        c.add(path, "circular container dependency " + " → ".join(cycle + [container]) +
              "; remove one of these dependencies", "W7", at_key=True)


def _cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """One cycle per group of containers that wait for each other (≥ 2 of them), starting at
    the smallest name; polynomial, whatever the graph."""
    def reach(start: str) -> dict[str, str | None]:
        parents: dict[str, str | None] = {start: None}
        queue = [start]
        for node in queue:
            for nxt in edges.get(node, ()):
                if nxt not in parents:
                    parents[nxt] = node
                    queue.append(nxt)
        return parents

    reachable = {node: reach(node) for node in edges}
    found, seen = [], set()
    for start in sorted(edges):
        group = frozenset(n for n in reachable[start]
                          if n != start and start in reachable.get(n, {}))
        if not group or group in seen or min(group | {start}) != start:
            continue
        seen.add(group)
        back = next(n for n in sorted(group) if start in edges.get(n, ()))
        path, node = [], back
        while node is not None:
            path.append(node)
            node = reachable[start][node]
        found.append(path[::-1])
    return found


def secret_forms(c: Checks) -> None:
    """A secret map with both forms: Copilot reads ``secretsmanager`` and drops ``from_cfn``."""
    places = [("secrets",), ("logging", "secrets"), ("logging", "secretOptions")]
    sidecars = c.data.get("sidecars")
    places += [("sidecars", n, "secrets") for n in (sidecars if isinstance(sidecars, dict) else ())]
    for place in places:
        secrets = get(c.data, *place)
        for name, secret in secrets.items() if isinstance(secrets, dict) else ():
            if isinstance(secret, dict) and secret.get("secretsmanager") is not None \
                    and secret.get("from_cfn") is not None:
                path = place + (name, "from_cfn")
                c.add(path, f'"{show_path(place + (name,))}" sets both "secretsmanager" and '
                            '"from_cfn"; Copilot reads only secretsmanager, remove one', "W9",
                      at_key=True)


def taskdef_overrides(c: Checks) -> None:
    rules = c.data.get("taskdef_overrides")
    for i, rule in enumerate(rules if isinstance(rules, list) else ()):
        path = text(get(rule, "path")) or ""
        if re.fullmatch(r"Family|ContainerDefinitions\[\d+\].Name", path):
            c.add(("taskdef_overrides", i, "path"), f'"taskdef_overrides[{i}].path" "{path}" '
                  'cannot be overridden, Copilot rejects it; remove this override', "W10")


# --- storage (W19, W20) and platform (§3.4) -----------------------------------------------------

def storage(c: Checks) -> None:
    volumes = get(c.data, "storage", "volumes")
    managed = []
    for name, volume in volumes.items() if isinstance(volumes, dict) else ():
        efs = get(volume, "efs")
        path = ("storage", "volumes", name, "efs")
        if truthy(efs):
            managed.append(path)
        if not isinstance(efs, dict):
            continue
        where = show_path(path)
        byo = [k for k in ("id", "root_dir", "auth") if non_empty_map({k: efs.get(k)})]
        uid, gid = efs.get("uid"), efs.get("gid")
        if byo and (uid is not None or gid is not None):
            c.add(path, f'"{where}" mixes uid/gid (a Copilot-managed file system) with '
                        f'{"/".join(byo)} (your own file system); keep one kind', "W19",
                  at_key=True)
        elif (uid is None) != (gid is None):
            c.add(path, f'"{where}" sets {"uid" if gid is None else "gid"} without '
                        f'{"gid" if gid is None else "uid"}; set both', "W19", at_key=True)
        if efs.get("uid") is not None or efs.get("gid") is not None:
            managed.append(path)
        if uid == 0 and not isinstance(uid, bool):
            c.add(path + ("uid",), f'"{where}.uid" must not be 0; use another user id', "W19")
        if get(efs, "auth", "access_point_id") is not None:
            root = text(efs.get("root_dir"))
            if root not in (None, "", "/") or falsy(get(efs, "auth", "iam")):
                c.add(path + ("auth", "access_point_id"), f'"{where}.auth.access_point_id" '
                      'needs "root_dir" empty or "/" and "auth.iam" true; fix them',
                      "W19", at_key=True)
    for path in managed[1:]:
        c.add(path, f'"{show_path(path)}" is a second Copilot-managed EFS volume; a workload '
                    'can have only one', "W20", at_key=True)


def platform(c: Checks) -> None:
    os_, arch = _platform(c.data)
    if os_ in WINDOWS:
        if truthy(get(c.data, "storage", "readonly_fs")):
            c.add(("storage", "readonly_fs"), '"storage.readonly_fs" cannot be true for a '
                  'Windows container; remove it or use a Linux platform', "P1")
        volumes = get(c.data, "storage", "volumes")
        for name, volume in volumes.items() if isinstance(volumes, dict) else ():
            efs = get(volume, "efs")
            if truthy(efs) or non_empty_map(efs):
                c.add(("storage", "volumes", name, "efs"), f'"storage.volumes.{name}.efs" '
                      "mounts EFS, which Windows containers do not support; remove it or use a "
                      "Linux platform", "P2", at_key=True)
        connect = get(c.data, "network", "connect")
        if c.name in ("lb-web-service", "backend-service") and \
                (truthy(connect) or non_empty_map(connect)):
            c.add(("network", "connect"), '"network.connect" turns on Service Connect, which '
                  "Windows containers do not support; remove it", "P3")
    if arch in ("arm", "arm64"):
        for path in (("count", "spot"), ("count", "range", "spot_from")):
            if get(c.data, *path) is not None:
                c.add(path, f'"{show_path(path)}" asks for Fargate Spot, which ARM tasks cannot '
                            'use; remove it or use an x86_64 platform', "C13", at_key=True)


def rdws_platform(c: Checks) -> None:
    if c.data.get("platform") is None:
        return
    os_, _ = _platform(c.data)
    if os_ in WINDOWS:
        message = '"platform" is Windows, which App Runner does not support; remove it'
    else:
        message = ('"platform" is rejected for a Request-Driven Web Service whatever its value '
                   '(Copilot only builds linux/x86_64 there); remove it')
    c.add(("platform",), message, "P4", at_key=True)


# --- count (C1–C12) -----------------------------------------------------------------------------

def _cooldown(value: Any) -> bool:
    return isinstance(value, dict) and (value.get("in") is not None or value.get("out") is not None)


def _set(value: Any) -> bool:
    """A scaling field that Copilot considers set (a value, or a map with value or cooldown)."""
    if isinstance(value, dict):
        return value.get("value") is not None or _cooldown(value.get("cooldown")) \
            or any(value.get(k) is not None for k in ("acceptable_latency", "msg_processing_time"))
    return value is not None


def _range_set(value: Any) -> bool:
    if isinstance(value, dict):
        return any(value.get(k) is not None for k in ("min", "max", "spot_from"))
    return value is not None


def count(c: Checks) -> None:
    count_ = c.data.get("count")
    if not isinstance(count_, dict) or not (
            count_.get("spot") is not None or _range_set(count_.get("range"))
            or _cooldown(count_.get("cooldown")) or any(_set(count_.get(k)) for k in (
                "cpu_percentage", "memory_percentage", "requests", "response_time",
                "queue_delay"))):
        return
    if c.name == "scheduled-job":
        c.add(("count",), '"count" cannot be an autoscaling map for a Scheduled Job; use a '
                          'number', "C1", at_key=True)
        return
    valid = SCALING.get(c.name, ())
    for field in ("cpu_percentage", "memory_percentage", "requests", "response_time",
                  "queue_delay"):
        if field not in valid and _set(count_.get(field)):
            c.add(("count", field), f'"count.{field}" is not valid for a {TITLES[c.name]}; use '
                                    f"{_one_of(valid)} instead", "C2", at_key=True)
    metrics = [f for f in valid if _set(count_.get(f))]
    has_range = _range_set(count_.get("range"))
    if count_.get("spot") is not None and (has_range or metrics):
        c.add(("count", "spot"), '"count.spot" cannot be combined with "range" or scaling '
                                 'metrics; use range.spot_from to mix Spot with autoscaling',
              "C3", at_key=True)
    if metrics and not has_range:
        c.add(("count", metrics[0]), f'"count.{metrics[0]}" needs "count.range"; add a range '
                                     'such as "1-10"', "C4", at_key=True)
    if has_range and not metrics:
        c.add(("count", "range"), '"count.range" needs a scaling metric; add '
              f"{_one_of(valid)}", "C5", at_key=True)
    if _cooldown(count_.get("cooldown")) and not metrics:
        c.add(("count", "cooldown"), '"count.cooldown" needs a scaling metric; add '
              f"{_one_of(valid)}", "C6", at_key=True)
    _range(c, count_.get("range"))
    _queue_delay(c, count_.get("queue_delay"))


def _one_of(names: tuple[str, ...]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)


def _range(c: Checks, value: Any) -> None:
    path = ("count", "range")
    if isinstance(value, str) and re.fullmatch(r"\d+-\d+", value):
        low, high = (int(x) for x in value.split("-"))
        if low > high:
            c.add(path, f'"count.range" minimum {low} is greater than its maximum {high}; swap '
                        'them', "C7")
    elif isinstance(value, dict) and any(v is not None for v in value.values()):
        low, high, spot = value.get("min"), value.get("max"), value.get("spot_from")
        if low is None or high is None:
            c.add(path, '"count.range" needs both "min" and "max"; add the missing one', "C8",
                  at_key=True)
            return
        numbers = [v for v in (low, high, spot) if isinstance(v, int) and not isinstance(v, bool)]
        if any(v < 0 for v in numbers):
            c.add(path, '"count.range" values cannot be negative; use 0 or more', "C8",
                  at_key=True)
        elif isinstance(low, int) and isinstance(high, int) and low > high:
            c.add(path + ("min",), f'"count.range.min" {low} is greater than "max" {high}; swap '
                                   'them', "C8")


def _queue_delay(c: Checks, value: Any) -> None:
    if not isinstance(value, dict) or not _set(value) and not _cooldown(value.get("cooldown")):
        return
    path = ("count", "queue_delay")
    latency, process = value.get("acceptable_latency"), value.get("msg_processing_time")
    if latency is None or process is None:
        missing = "acceptable_latency" if latency is None else "msg_processing_time"
        c.add(path, f'"count.queue_delay" needs "{missing}"; add it', "C10", at_key=True)
        return
    lat, proc = seconds(latency), seconds(process)
    if lat == 0 or proc == 0:
        field = "acceptable_latency" if lat == 0 else "msg_processing_time"
        c.add(path + (field,), f'"count.queue_delay.{field}" cannot be 0; use a positive '
                               'duration', "C10")
    elif lat is not None and proc is not None and proc > lat:
        c.add(path + ("msg_processing_time",), '"count.queue_delay.msg_processing_time" is '
              'longer than "acceptable_latency"; shorten it or raise the latency', "C10")


# --- load balancers (H1–H15) --------------------------------------------------------------------

def _rules(http: Any) -> list[tuple[tuple, dict]]:
    """The routing rules of an ``http`` map: the main one, then ``additional_rules``."""
    if not isinstance(http, dict):
        return []
    out = [(("http",), http)]
    extra = http.get("additional_rules")
    for i, rule in enumerate(extra if isinstance(extra, list) else ()):
        if isinstance(rule, dict):
            out.append((("http", "additional_rules", i), rule))
    return out


def _listeners(nlb: Any) -> list[tuple[tuple, dict]]:
    if not isinstance(nlb, dict) or not any(v is not None for v in nlb.values()):
        return []
    out = [(("nlb",), nlb)]
    extra = nlb.get("additional_listeners")
    for i, listener in enumerate(extra if isinstance(extra, list) else ()):
        if isinstance(listener, dict):
            out.append((("nlb", "additional_listeners", i), listener))
    return out


def _aliases(value: Any) -> list:
    if isinstance(value, list):
        return value
    return [] if value in (None, "") else [value]


def http_rules(c: Checks) -> None:
    http = c.data.get("http")
    if c.name == "lb-web-service" and falsy(http):
        if not _listeners(c.data.get("nlb")):
            c.add(("http",), '"http" is false and there is no "nlb", so nothing reaches the '
                             'service; add an nlb or enable http', "H1")
        for field in ("requests", "response_time"):
            if _set(get(c.data, "count", field)):
                c.add(("count", field), f'"count.{field}" needs the load balancer that '
                      '"http: false" turns off; remove it or enable http', "C11", at_key=True)
    if c.name == "backend-service":
        if isinstance(http, dict) and any(v is not None for v in http.values()) \
                and http.get("path") is None:
            c.add(("http",), '"http" is missing "path"; add path: "/" to route every request '
                             'to this service', "H2", at_key=True)
        if not non_empty_map(http):
            for field in ("requests", "response_time"):
                if _set(get(c.data, "count", field)):
                    c.add(("count", field), f'"count.{field}" needs "http" (an internal load '
                          'balancer); add http or remove it', "C12", at_key=True)
    rules = _rules(http)
    if isinstance(http, dict) and http.get("target_container") is not None \
            and http.get("targetContainer") is not None:
        c.add(("http", "targetContainer"), '"http.target_container" and its deprecated '
              'spelling "targetContainer" are mutually exclusive; keep target_container', "H8",
              at_key=True)
    nlb_alias = (("nlb",), c.data.get("nlb")) if isinstance(c.data.get("nlb"), dict) else None
    for path, owner in rules + ([nlb_alias] if nlb_alias else []):
        _mixed_aliases(c, owner.get("alias"), path + ("alias",))
    for path, rule in rules:
        where = show_path(path)
        aliases = _aliases(rule.get("alias"))
        if rule.get("hosted_zone") is not None and not aliases:
            c.add(path + ("hosted_zone",), f'"{where}.hosted_zone" needs "alias"; add the '
                  'alias or remove hosted_zone', "H4", at_key=True)
        ips = rule.get("allowed_source_ips")
        conditions = len(aliases) + (len(ips) if isinstance(ips, list) else 0)
        if conditions >= 5:
            c.add(path, f'"{where}" has {conditions} alias and allowed_source_ips values, but a '
                        'listener rule takes at most 4; split them into additional_rules', "H7",
                  at_key=True)
        if path != ("http",) and get(rule, "healthcheck", "grace_period") is not None:
            c.add(path + ("healthcheck", "grace_period"), f'"{where}.healthcheck.grace_period" '
                  'is only allowed on the main http rule; move it to http.healthcheck', "H10",
                  at_key=True)
    listeners = _listeners(c.data.get("nlb"))
    for path, listener in listeners[1:]:
        if get(listener, "healthcheck", "grace_period") is not None:
            c.add(path + ("healthcheck", "grace_period"), f'"{show_path(path)}.healthcheck.'
                  'grace_period" is only allowed on the main nlb listener; move it to '
                  'nlb.healthcheck', "H10", at_key=True)
    if get(http, "healthcheck", "grace_period") is not None and listeners \
            and get(listeners[0][1], "healthcheck", "grace_period") is not None:
        c.add(("nlb", "healthcheck", "grace_period"), '"http.healthcheck.grace_period" and '
              '"nlb.healthcheck.grace_period" are mutually exclusive; keep one', "H10",
              at_key=True)
    nlb = c.data.get("nlb")
    for i, alias in enumerate(get(nlb, "alias") if isinstance(get(nlb, "alias"), list) else ()):
        if isinstance(alias, dict) and alias.get("hosted_zone") is not None:
            c.add(("nlb", "alias", i, "hosted_zone"), '"hosted_zone" is not supported for a '
                  'Network Load Balancer alias; remove it', "H12", at_key=True)
    _targets(c, rules, listeners)
    _ports(c, rules, listeners)


def _mixed_aliases(c: Checks, aliases: Any, path: tuple) -> None:
    """Copilot decodes an alias list as maps first and silently drops the plain names."""
    if not isinstance(aliases, list) or not any(isinstance(a, dict) for a in aliases):
        return
    dropped = [text(a) for a in aliases if not isinstance(a, dict) and text(a)]
    if dropped:
        c.add(path, f'"{show_path(path)}" mixes domain names and {{name: …}} maps, so Copilot '
                    f'keeps the maps and drops "{dropped[0]}"; write every alias as a map', "H5",
              at_key=True)


def _targets(c: Checks, rules: list, listeners: list) -> None:
    """H9: a target container is the workload (with image.port) or a sidecar with a port."""
    main = text(c.data.get("name"))
    sidecars = c.data.get("sidecars") if isinstance(c.data.get("sidecars"), dict) else {}
    targets = []
    for path, rule in rules:
        key = "target_container"
        if path == ("http",) and rule.get(key) is None and rule.get("targetContainer") is not None:
            key = "targetContainer"
        targets.append((path + (key,), rule.get(key)))
    targets += [(path + ("target_container",), lis.get("target_container"))
                for path, lis in listeners]
    for path, value in targets:
        name = text(value)
        if name is None:
            continue
        where = show_path(path)
        if name == main:
            if get(c.data, "image", "port") is None:
                c.add(path, f'"{where}" is the main container, which exposes no port; add '
                            'image.port', "H9")
        elif name not in sidecars:
            c.add(path, f'"{where}" names container "{name}", which does not exist; use the '
                        'workload name or a sidecar name', "H9")
        elif get(sidecars, name, "port") is None:
            c.add(path, f'"{where}" names sidecar "{name}", which exposes no port; add '
                        f'sidecars.{name}.port', "H9")


def _port_protocol(value: Any) -> tuple[int, str] | None:
    raw = text(value)
    if raw is None or raw.count("/") > 1:
        return None
    port, _, proto = raw.partition("/")
    if not port.isdigit() or int(port) > 65535:
        return None
    return int(port), (proto or "TCP").upper()


def _ports(c: Checks, rules: list, listeners: list) -> None:
    """H13/H14: one container and one protocol per port; health checks on TCP ports."""
    main = text(c.data.get("name")) or ""
    exposed: dict[int, tuple[str, str]] = {}

    def expose(path: tuple, port: int, proto: str, container: str) -> None:
        have = exposed.get(port)
        if have is None:
            exposed[port] = (container, proto)
        elif have[0] != container:
            c.add(path, f'port {port} is exposed by both container "{have[0]}" and '
                        f'"{container}"; give each container its own port', "H13")
        elif have[1] != proto:
            c.add(path, f'container "{container}" exposes port {port} with both {have[1]} and '
                        f'{proto}; use one protocol per port', "H13")

    sidecars = c.data.get("sidecars") if isinstance(c.data.get("sidecars"), dict) else {}
    for name, sidecar in sorted(sidecars.items()):
        parsed = _port_protocol(get(sidecar, "port"))
        if parsed:
            expose(("sidecars", name, "port"), parsed[0], parsed[1], name)
    if rules and any(v is not None for v in rules[0][1].values()):
        for path, rule in rules:
            port = rule.get("target_port")
            if isinstance(port, int) and not isinstance(port, bool):
                owner = text(rule.get("target_container")) or exposed.get(port, (main,))[0]
                expose(path + ("target_port",), port, "TCP", owner)
    for path, listener in listeners:
        parsed = _port_protocol(listener.get("port"))
        if not parsed:
            continue
        port = listener.get("target_port")
        port = port if isinstance(port, int) and not isinstance(port, bool) else parsed[0]
        proto = "TCP" if parsed[1] == "TLS" else parsed[1]
        owner = text(listener.get("target_container")) or exposed.get(port, (main,))[0]
        expose(path + ("port",), port, proto, owner)
    image_port = get(c.data, "image", "port")
    if isinstance(image_port, int) and not isinstance(image_port, bool):
        expose(("image", "port"), image_port, exposed.get(image_port, ("", "TCP"))[1], main)
    checks = [(p + ("healthcheck",), get(r, "healthcheck", "port"), r.get("target_port"), None)
              for p, r in rules] if rules and any(v is not None for v in rules[0][1].values()) \
        else []
    checks += [(p + ("healthcheck",), get(lis, "healthcheck", "port"), lis.get("target_port"),
                _port_protocol(lis.get("port"))) for p, lis in listeners]
    for path, *candidates in checks:
        port = next((v if isinstance(v, int) else v[0] for v in candidates + [image_port]
                     if v is not None and not isinstance(v, bool)
                     and isinstance(v, (int, tuple))), None)
        if port is not None and exposed.get(port, ("", "TCP"))[1] == "UDP":
            c.add(path, f'the health check of "{show_path(path[:-1])}" targets port {port}, '
                        'which is exposed over UDP; set healthcheck.port to a TCP port', "H14",
                  at_key=True)


def connect_alias(c: Checks) -> None:
    alias = get(c.data, "network", "connect", "alias")
    if alias is None:
        return
    if c.name == "worker-service":
        c.add(("network", "connect", "alias"), '"network.connect.alias" needs an exposed port, '
              'and a Worker Service exposes none; remove it', "H15", at_key=True)
    elif get(c.data, "image", "port") is None and get(c.data, "http", "target_container") is None:
        c.add(("network", "connect", "alias"), '"network.connect.alias" needs an exposed port; '
              'add image.port or http.target_container', "H15", at_key=True)


# --- worker queues (Q2–Q4) and publish --------------------------------------------------------

def _fifo(c: Checks, fifo: Any, path: tuple) -> None:
    if not isinstance(fifo, dict):
        return
    where = show_path(path)
    if fifo.get("high_throughput") is not None:
        for other in ("throughput_limit", "deduplication_scope"):
            if fifo.get(other) is not None:
                c.add(path + (other,), f'"{where}.high_throughput" and "{where}.{other}" are '
                                       'mutually exclusive; keep one', "Q2", at_key=True)
    if fifo.get("throughput_limit") == "perMessageGroupId" and \
            fifo.get("deduplication_scope") == "queue":
        c.add(path + ("throughput_limit",), f'"{where}.throughput_limit" must be perQueue when '
              'deduplication_scope is queue; change one of them', "Q4")


def worker_queues(c: Checks) -> None:
    _fifo(c, get(c.data, "subscribe", "queue", "fifo"), ("subscribe", "queue", "fifo"))
    topics = get(c.data, "subscribe", "topics")
    for i, topic in enumerate(topics if isinstance(topics, list) else ()):
        _fifo(c, get(topic, "queue", "fifo"), ("subscribe", "topics", i, "queue", "fifo"))


# --- per type ---------------------------------------------------------------------------------

def job(c: Checks) -> None:
    schedule = text(get(c.data, "on", "schedule"))
    if schedule:
        problem = schedule_problem(schedule)
        if problem:
            c.add(("on", "schedule"), f'"on.schedule" "{schedule}" {problem}', "J1")
    timeout = c.data.get("timeout")
    if timeout is None or text(timeout) == "":
        return
    value = seconds(text(timeout))
    if value is None:
        c.add(("timeout",), f'"timeout" must be a duration such as "1h" or "90m", got '
                            f'"{text(timeout)}"; add a unit', "J2")
    elif value < 1:
        c.add(("timeout",), '"timeout" must be at least 1s; raise it', "J2")
    elif value != int(value):
        c.add(("timeout",), '"timeout" must be a whole number of seconds; round it', "J2")


def rdws(c: Checks) -> None:
    rdws_platform(c)
    placement = get(c.data, "network", "vpc", "placement")
    if isinstance(placement, str) and placement != "private":
        c.add(("network", "vpc", "placement"), f'placement "{placement}" is not supported for a '
              'Request-Driven Web Service; use "private" or subnets', "R1")


def static_site(c: Checks) -> None:
    cert = text(get(c.data, "http", "certificate"))
    if not cert:
        return
    if not text(get(c.data, "http", "alias")):
        c.add(("http", "certificate"), '"http.certificate" needs "http.alias"; add the alias '
              'the certificate covers', "S1", at_key=True)
    parts = cert.split(":")
    if cert.startswith("arn:") and len(parts) >= 6 and parts[3] != "us-east-1":
        c.add(("http", "certificate"), f'"http.certificate" is in region "{parts[3]}", but '
              'CloudFront needs a certificate in us-east-1; import it there', "S2")


def _arn_region(value: str) -> str | None:
    parts = value.split(":")
    return parts[3] if value.startswith("arn:") and len(parts) >= 6 else None


def environment(c: Checks) -> None:
    """E1–E11: VPC import versus customisation, subnets, ingress, CDN."""
    vpc = get(c.data, "network", "vpc") if isinstance(get(c.data, "network", "vpc"), dict) else {}
    imported, managed = bool(text(vpc.get("id"))), bool(text(vpc.get("cidr")))
    base = ("network", "vpc")
    if imported and managed:
        c.add(base + ("cidr",), '"network.vpc.id" (import a VPC) and "network.vpc.cidr" '
              '(customise the managed VPC) are mutually exclusive; keep one', "E1", at_key=True)
    subnets = {kind: get(vpc, "subnets", kind) for kind in ("public", "private")}
    subnets = {k: v if isinstance(v, list) else [] for k, v in subnets.items()}
    for kind, entries in subnets.items():
        for i, subnet in enumerate(entries):
            path = base + ("subnets", kind, i)
            if not isinstance(subnet, dict) or imported and managed:
                continue
            if subnet.get("id") is not None and (subnet.get("cidr") is not None
                                                 or subnet.get("az") is not None):
                c.add(path, f'"{show_path(path)}" sets "id" (an imported subnet) together with '
                            '"cidr"/"az" (a subnet to create); keep one kind', "E2", at_key=True)
            elif imported and not text(subnet.get("id")):
                c.add(path, f'"{show_path(path)}" needs "id" because the VPC is imported; add '
                            'the subnet id', "E3", at_key=True)
            elif managed and not text(subnet.get("cidr")):
                c.add(path, f'"{show_path(path)}" needs "cidr" because the VPC is customised; '
                            'add the subnet CIDR', "E4", at_key=True)
    if imported and not managed:
        total = len(subnets["public"]) + len(subnets["private"])
        if total == 0:
            c.add(base + ("id",), "an imported VPC needs its subnets; add network.vpc.subnets",
                  "E3", at_key=True)
        for kind in ("public", "private"):
            if len(subnets[kind]) == 1:
                c.add(base + ("subnets", kind), f"an imported VPC needs at least two {kind} "
                      "subnets (or none); add another", "E3", at_key=True)
    if managed and not imported:
        azs = {k: {text(get(s, "az")) for s in v if text(get(s, "az"))}
               for k, v in subnets.items()}
        if azs["public"] != azs["private"]:
            c.add(base + ("subnets",), "public and private subnets must span the same "
                  "availability zones; align their az values", "E4", at_key=True)
        elif azs["public"]:
            cidrs = {k: {text(get(s, "cidr")) for s in v} for k, v in subnets.items()}
            if len(azs["public"]) < 2:
                c.add(base + ("subnets",), "a customised VPC needs at least two availability "
                      "zones; add subnets in a second az", "E4", at_key=True)
            for kind in ("public", "private"):
                if len(azs["public"]) >= 2 and len(cidrs[kind]) != len(azs["public"]):
                    c.add(base + ("subnets", kind), f"there are {len(cidrs[kind])} {kind} "
                          f"subnet CIDRs for {len(azs['public'])} availability zones; use one "
                          "per az", "E4", at_key=True)
    _environment_http(c)


def _environment_http(c: Checks) -> None:
    public = get(c.data, "http", "public") if isinstance(get(c.data, "http", "public"), dict) \
        else {}
    private = get(c.data, "http", "private") \
        if isinstance(get(c.data, "http", "private"), dict) else {}
    for side, conf in (("public", public), ("private", private)):
        old = get(conf, "security_groups", "ingress")
        if non_empty_map(old) and non_empty_map(conf.get("ingress")):
            c.add(("http", side, "security_groups"), f'"http.{side}.security_groups.ingress" '
                  f'(deprecated) and "http.{side}.ingress" are mutually exclusive; keep '
                  'ingress', "E6", at_key=True)
    if get(public, "security_groups", "ingress", "from_vpc") is not None:
        c.add(("http", "public", "security_groups", "ingress", "from_vpc"), "a public load "
              'balancer already allows VPC ingress; remove "from_vpc"', "E6", at_key=True)
    if non_empty_map(get(private, "security_groups", "ingress", "restrict_to")):
        c.add(("http", "private", "security_groups", "ingress", "restrict_to"), "an internal "
              'load balancer cannot restrict ingress; remove "restrict_to"', "E7", at_key=True)
    cdn = c.data.get("cdn")
    cdn_on = truthy(cdn) or non_empty_map(cdn)
    ingress = public.get("ingress")
    if non_empty_map(ingress) and (get(ingress, "cdn") is not None
                                   or get(ingress, "source_ips") not in (None, [])):
        restricted = truthy(get(ingress, "cdn"))
    else:
        restricted = truthy(get(public, "security_groups", "ingress", "restrict_to", "cdn"))
    if restricted and not cdn_on:
        c.add(("http", "public"), "ingress is restricted to the CDN, but no CDN is enabled; add "
              '"cdn: true" or drop the restriction', "E8", at_key=True)
    certs = public.get("certificates")
    cdn_cert = get(cdn, "certificate")
    if cdn_on and certs is not None and cdn_cert is None:
        c.add(("cdn",), '"cdn" needs "certificate" (in us-east-1) when http.public.certificates '
                        'are imported; add cdn.certificate', "E9", at_key=True)
    if cdn_on and certs is None and cdn_cert is not None and not truthy(get(cdn, "terminate_tls")):
        c.add(("cdn", "certificate"), '"cdn.certificate" without http.public.certificates needs '
              '"cdn.terminate_tls: true"; add it', "E9", at_key=True)
    if isinstance(cdn_cert, str):
        region = _arn_region(cdn_cert)
        if region is not None and region != "us-east-1":
            c.add(("cdn", "certificate"), f'"cdn.certificate" is in region "{region}", but '
                  'CloudFront needs a certificate in us-east-1; import it there', "E10")
    static = get(cdn, "static_assets")
    if non_empty_map(static):
        for key in ("alias", "location", "path"):
            if not text(static.get(key)):
                c.add(("cdn", "static_assets"), f'"cdn.static_assets" is missing "{key}"; set '
                      'alias, location and path together', "E10", at_key=True)
    internal = private.get("subnets")
    if isinstance(internal, list) and internal:
        vpc = get(c.data, "network", "vpc")
        if not text(get(vpc, "id")):
            c.add(("http", "private", "subnets"), '"http.private.subnets" needs an imported VPC '
                  "(network.vpc.id); remove it or import the VPC", "E11", at_key=True)
        else:
            ids = {text(get(s, "id")) for kind in ("public", "private")
                   for s in (get(vpc, "subnets", kind) or []) if isinstance(s, dict)}
            for i, subnet in enumerate(internal):
                if text(subnet) not in ids:
                    c.add(("http", "private", "subnets", i), f'subnet "{text(subnet)}" is not '
                          "one of the imported subnets; list it under network.vpc.subnets",
                          "E11")


def pipeline(c: Checks) -> None:
    """Stage rules and the source provider's required properties."""
    provider = get(c.data, "source", "provider")
    props = get(c.data, "source", "properties")
    if provider == "GitHubV1" and isinstance(props, dict) \
            and props.get("access_token_secret") is None:
        c.add(("source", "properties"), 'a GitHubV1 source needs "access_token_secret"; add '
              "the secret that holds the token, or use provider GitHub", "PL1", at_key=True)
    stages = c.data.get("stages")
    for i, stage in enumerate(stages if isinstance(stages, list) else ()):
        if not isinstance(stage, dict):
            continue
        tests = stage.get("test_commands")
        if isinstance(tests, list) and tests and stage.get("post_deployments") is not None:
            c.add(("stages", i, "test_commands"), f'"stages[{i}].test_commands" and '
                  '"post_deployments" are mutually exclusive; move the commands into a post '
                  "deployment", "PL2", at_key=True)
        deployments = stage.get("deployments")
        names = set(deployments) if isinstance(deployments, dict) else set()
        for name, conf in deployments.items() if isinstance(deployments, dict) else ():
            depends = get(conf, "depends_on")
            for j, dep in enumerate(depends if isinstance(depends, list) else ()):
                if text(dep) not in names:
                    c.add(("stages", i, "deployments", name, "depends_on", j),
                          f'deployment "{name}" depends on "{text(dep)}", which is not a '
                          "deployment of this stage; use one of its deployment names", "PL3")


_ECS_CHECKS = (images, containers, secret_forms, taskdef_overrides, storage, platform, count)
_BY_NAME: dict[str, tuple[Callable[[Checks], None], ...]] = {
    "lb-web-service": _ECS_CHECKS + (http_rules, connect_alias),
    "backend-service": _ECS_CHECKS + (http_rules, connect_alias),
    "worker-service": _ECS_CHECKS + (connect_alias, worker_queues),
    "scheduled-job": _ECS_CHECKS + (job,),
    "request-driven-web-service": (images, secret_forms, rdws),
    "static-site": (static_site,),
    "environment": (environment,),
    "pipeline": (pipeline,),
}
