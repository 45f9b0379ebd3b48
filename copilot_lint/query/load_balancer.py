"""The listener rules Copilot puts on an environment's load balancers, per environment.

Every Load Balanced Web Service routing rule (the main `http` and each
`http.additional_rules[i]`) becomes a rule on the environment's shared public ALB, or on the
imported ALB named by `http.alb`; every Backend Service rule becomes a rule on the shared
internal ALB. Read from Copilot v1.34 (`stack/transformers.go` `convertPath`, the workload
partials `http-listener.yml`, `https-listener.yml`, `imported-alb-resources.yml`,
`stack/lb_web_svc.go` for when HTTPS is on):

- the path is the manifest's with a leading `/` added (empty → `/`); the rule's
  `path-pattern` condition holds `/*` for `/`, else the path and `<path>/*`;
- on the public ALB the `host-header` condition holds the rule's aliases when HTTPS is on (the
  application has a domain, or the environment imports `http.public.certificates`), else there
  is none (any host); a rule without alias under HTTPS gets `<svc>.<env>.<app>.<domain>`;
- on the internal ALB the rule holds the aliases when the environment imports
  `http.private.certificates`, else the internal ALB's DNS name and
  `<svc>.<env>.<app>.internal`;
- `allowed_source_ips` become a `source-ip` condition.

Where the hosts depend on what the repository does not say (the application's domain, an
environment without a manifest), ``hosts`` is ``None``.
"""
from __future__ import annotations

from dataclasses import dataclass

from copilot_lint.model.vocabulary import WorkloadType
from copilot_lint.model.node import Node
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import Workload
from copilot_lint.query.aliases import alias_names, is_set, routing_rules
from copilot_lint.query.env_stack import UNKNOWN, EnvStack, app_domain, env_stack
from copilot_lint.resolve.manifest import manifest_for

LBWS = WorkloadType.LB_WEB_SERVICE
BACKEND = WorkloadType.BACKEND_SERVICE
ANY_HOST: frozenset[str] = frozenset()
"""``hosts`` of a rule without a `host-header` condition."""


@dataclass
class ListenerRule:
    """One routing rule of a workload as a listener rule in one environment."""

    workload: Workload
    env: str
    balancer: str
    """``public``, ``internal``, or ``alb:<name>`` for an imported ALB (`http.alb`)."""
    field: str
    """``http`` or ``http.additional_rules[i]``."""
    rule: Node
    path_node: Node | None
    path: str
    """As Copilot normalises it."""
    aliases: list[tuple[Node, str]]
    alias_node: Node | None
    hosts: frozenset[str] | None
    """The `host-header` values, :data:`ANY_HOST` without one, ``None`` when unknown."""
    source_ips: int
    sources: tuple[str, ...] | None = None
    """The ``allowed_source_ips`` a `source-ip` condition limits the rule to; ``None`` when it
    has none (every source) or when one of them is not a plain string (unknown)."""

    @property
    def path_values(self) -> int:
        """Values of the `path-pattern` condition: `/*` alone for `/`, else two."""
        return 1 if self.path == "/" else 2

    @property
    def where(self) -> Node:
        """The node a finding about the rule points at: its path, else the rule."""
        return self.path_node if self.path_node is not None else self.rule


def _sources(ips: Node | None) -> tuple[str, ...] | None:
    """The source CIDRs of ``allowed_source_ips`` when all are plain strings, else ``None``."""
    values = ips.elements() if ips is not None else []
    if not values or not all(v.is_str and "${" not in v.value for v in values):
        return None
    return tuple(v.value.strip() for v in values)


def disjoint_sources(one: tuple[str, ...] | None, other: tuple[str, ...] | None) -> bool:
    """True when no address can be in both rules' source lists: each has one (``None`` means
    every source) and no network of one overlaps a network of the other (a value that is not a
    network counts as overlapping)."""
    if one is None or other is None:
        return False
    import ipaddress

    try:
        mine = [ipaddress.ip_network(v, strict=False) for v in one]
        theirs = [ipaddress.ip_network(v, strict=False) for v in other]
    except ValueError:
        return False
    return not any(a.version == b.version and a.overlaps(b) for a in mine for b in theirs)


def normalised_path(node: Node | None) -> str:
    """The rule path as Copilot writes it into the listener rule."""
    text = (node.str_value() or "") if node is not None else ""
    return "/" if not text else text if text.startswith("/") else "/" + text


def listener_rules(ws: Context, env: str) -> list[ListenerRule]:
    """Every listener rule of the workspace's services in ``env`` (cached)."""
    views = ws.analysis.listener_rules
    if env not in views:
        stack = env_stack(ws, env)
        domain = app_domain(ws)
        found: list[ListenerRule] = []
        for workload in ws.workloads:
            if workload.type not in (LBWS, BACKEND):
                continue
            manifest = manifest_for(ws, workload, env)
            http = manifest.get("http") if manifest is not None and manifest.is_map else None
            if http is None or not http.is_map or (workload.type == BACKEND and not any(
                    is_set(v) for _, v in http.items())):
                continue
            found.extend(_rules(ws, workload, env, http, stack, domain))
        views[env] = found
    return views[env]


def _rules(ws: Context, workload: Workload, env: str, http: Node, stack: EnvStack,
           domain: object) -> list[ListenerRule]:
    if not is_set(http.get("path")):
        return []       # Copilot requires the main rule's path (CL101)
    alb = http.get("alb") if workload.type == LBWS else None
    balancer = "internal" if workload.type == BACKEND else \
        f"alb:{alb.str_value()}" if is_set(alb) and alb.str_value() else "public"
    out = []
    for index, rule in enumerate(routing_rules(http)):
        alias_node = rule.get("alias")
        aliases, _ = alias_names(alias_node)
        ips = rule.get("allowed_source_ips")
        name = "http" if index == 0 else f"http.additional_rules[{index - 1}]"
        hosts = _internal_hosts(ws, workload, env, stack, aliases) if balancer == "internal" \
            else _public_hosts(ws, workload, env, stack, domain, aliases, balancer)
        out.append(ListenerRule(workload, env, balancer, name, rule, rule.get("path"),
                                normalised_path(rule.get("path")), aliases, alias_node, hosts,
                                len(ips.elements()) if ips is not None else 0, _sources(ips)))
    return out


def _public_hosts(ws: Context, workload: Workload, env: str, stack: EnvStack, domain: object,
                  aliases: list[tuple[Node, str]], balancer: str) -> frozenset[str] | None:
    names = frozenset(a.lower() for _, a in aliases)
    if any("${" in a for a in names):
        return None
    if not names:
        if balancer != "public":
            return ANY_HOST     # an imported ALB's rule has a host-header only for aliases
        if stack.known and stack.imported_public_certs:
            return None         # Copilot refuses the rule (an alias is required, CL111)
        if domain is UNKNOWN:
            return None
        if domain:
            return frozenset({f"{workload.name}.{env}.{ws.app}.{domain}".lower()})
        return ANY_HOST if stack.known else None
    https = bool(stack.public_certs or (domain is not UNKNOWN and domain))
    if not https and (domain is UNKNOWN or not stack.known):
        # an alias is accepted only with a domain or imported certificates; with only a CDN
        # certificate Copilot accepts it but serves plain HTTP (no host-header)
        return None if not stack.known or stack.cdn_cert else names
    if https:
        return names
    return ANY_HOST if stack.cdn_cert else None     # else Copilot refuses the alias (CL108)


def _internal_hosts(ws: Context, workload: Workload, env: str, stack: EnvStack,
                    aliases: list[tuple[Node, str]]) -> frozenset[str] | None:
    names = frozenset(a.lower() for _, a in aliases)
    if not stack.known or any("${" in a for a in names):
        return None
    if stack.private_certs:
        return names or None
    return frozenset({f"internal-alb.{env}", f"{workload.name}.{env}.{ws.app}.internal"})
