"""Cross-field checks of the ECS workloads: images, sidecars and dependencies, secrets,
task-definition overrides, storage, platform and auto scaling (copilot-facts §3: W1–W20, §3.4).
"""
from __future__ import annotations

import re
from typing import Any

from copilot_lint.schema.checks_common import (
    FIRELENS,
    SCALING,
    TITLES,
    WINDOWS,
    Checks,
    falsy,
    get,
    non_empty_map,
    text,
    truthy,
)
from copilot_lint.schema.cron import seconds
from copilot_lint.schema.issue import IssueKind, show_path


def _platform(data: dict) -> tuple[str, str]:
    platform = data.get("platform")
    if isinstance(platform, str) and "/" in platform:
        os_, _, arch = platform.partition("/")
        return os_.lower(), arch.lower()
    if isinstance(platform, dict):
        return (text(platform.get("osfamily")) or "").lower(), \
            (text(platform.get("architecture")) or "").lower()
    return "", ""


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
                c.add(path + (target,), f'"{where}" waits for {status_text} of essential container '
                                        f'"{target}", which never completes; use START or '
                                        'HEALTHY', "W5")
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
                        f'{"/".join(byo)} (your own); keep one kind', "W19",
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


def tracing(c: Checks) -> None:
    """O1: on an ECS service Copilot adds the X-Ray sidecar for "awsxray" and ignores any other
    vendor (an ``IGNORED`` issue)."""
    vendor = text(get(c.data, "observability", "tracing"))
    if vendor and "${" not in vendor and vendor.lower() != "awsxray":
        c.add(("observability", "tracing"), f'tracing vendor "{vendor}" is not "awsxray", so '
              'Copilot silently ignores it', "O1", kind=IssueKind.IGNORED,
              hint='write "awsxray" to trace with AWS X-Ray, or remove observability.tracing')
