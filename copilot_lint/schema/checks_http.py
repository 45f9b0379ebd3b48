"""Cross-field checks of load-balanced traffic: routing rules, listeners, aliases, target
containers and ports, Service Connect aliases (copilot-facts §3: H1–H15, C1–C13).
"""
from __future__ import annotations

from typing import Any

from copilot_lint.schema.checks_common import Checks, falsy, get, text
from copilot_lint.schema.checks_ecs import _set
from copilot_lint.schema.issue import show_path


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


_HTTP_KEYS = frozenset((
    "alb", "targetContainer", "additional_rules", "path", "version", "healthcheck", "stickiness",
    "alias", "deregistration_delay", "target_container", "target_port", "allowed_source_ips",
    "hosted_zone", "redirect_to_https"))
"""The keys Copilot decodes into a Backend Service's ``http``."""


def _http_configured(http: Any) -> bool:
    """Whether Copilot sees a Backend Service's ``http`` map as configured: only then does it
    require ``path`` (and it counts as the load balancer ``count.requests`` needs). Unknown keys
    do not count: Copilot decodes a map holding only those as no http at all (oracle)."""
    return isinstance(http, dict) and any(
        v is not None for k, v in http.items() if k in _HTTP_KEYS)


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
        if _http_configured(http) and http.get("path") is None:
            c.add(("http",), '"http" is missing "path"; add path: "/" to route every request '
                             'to this service', "H2", at_key=True)
        if not _http_configured(http):
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


def port_numbers(c: Checks) -> None:
    """Ports written as strings (``nlb.port: 443/tls``, a sidecar's ``port: '8080'``): Copilot
    reads the number as a 16-bit unsigned integer and fails above 65535. ``nlb.target_port`` is
    an integer Copilot casts to 16 bits without a check."""
    places = [(p + ("port",), lis.get("port"))
              for p, lis in _listeners(c.data.get("nlb"))] if c.name == "lb-web-service" else []
    sidecars = c.data.get("sidecars")
    places += [(("sidecars", name, "port"), get(sidecar, "port"))
               for name, sidecar in (sidecars.items() if isinstance(sidecars, dict) else ())]
    for path, value in places:
        number = (text(value) or "").partition("/")[0]
        if number.isdigit() and int(number) > 65535:
            c.add(path, f'port {int(number)} of "{show_path(path)}" is out of range', "H16",
                  hint="use a port from 1 to 65535")
    for path, listener in _listeners(c.data.get("nlb")) if c.name == "lb-web-service" else ():
        target = listener.get("target_port")
        if isinstance(target, int) and not isinstance(target, bool) and target > 65535:
            where = show_path(path + ("target_port",))
            c.add(path + ("target_port",), f'"{where}" is {target}, which Copilot silently '
                  f'truncates to port {target % 65536}', "H16", hint="use a port up to 65535")


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
