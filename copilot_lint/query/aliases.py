"""The domain aliases a workload manifest declares (per routing rule, with their hosted zones),
whether an environment manifest imports certificates, and Copilot's alias patterns for an
application's domain.
"""
from __future__ import annotations

import re

from copilot_lint.model.node import Node


def has_certificates(root: Node | None, side: str) -> bool:
    """Whether the environment manifest ``root`` imports certificates for its ``public`` or
    ``private`` load balancer."""
    certs = root.get("http", side, "certificates") if root is not None else None
    return certs is not None and certs.is_seq and bool(certs.value)


def is_set(node: Node | None) -> bool:
    """Whether a manifest value is there and not null."""
    return node is not None and not (node.is_scalar and node.value is None)


def alias_names(node: Node | None) -> tuple[list[tuple[Node, str]], list[Node]]:
    """The alias names (with their nodes) and the ``hosted_zone`` nodes of an ``alias`` value."""
    names: list[tuple[Node, str]] = []
    zones: list[Node] = []
    items = node.elements() if node is not None and node.is_seq else [node]
    for item in items:
        if item is None:
            continue
        if item.is_map:
            zone = item.get("hosted_zone")
            if is_set(zone):
                zones.append(zone)
            item = item.get("name")
        if item is not None and item.is_str and item.value.strip():
            names.append((item, item.value.strip()))
    return names, zones


def resolved_aliases(names: list[tuple[Node, str]]) -> list[tuple[Node, str]]:
    """Aliases whose value is known (no unresolved ``${VAR}``)."""
    return [(n, a) for n, a in names if "${" not in a]


def routing_rules(http: Node | None) -> list[Node]:
    """The ``http`` section of a Load Balanced Web Service and each of its ``additional_rules``."""
    if http is None or not http.is_map:
        return []
    extra = http.get("additional_rules")
    return [http] + [r for r in (extra.elements() if extra is not None else []) if r.is_map]


def zone_pattern(*names: str, label: str = "?") -> re.Pattern:
    """Copilot's pattern of a hosted zone's names: one optional (``label="?"``) or required
    (``label=""``) ``<name>.`` label, then ``names`` joined by dots, start-anchored only. As
    Copilot codes it, every dot matches any character; every other character of the names is
    data, matched literally (Copilot pastes them into a linear-time RE2 pattern: escaping is what
    keeps ``application: '(a+)+'`` from backtracking for hours in Python's engine)."""
    literal = ".".join(re.escape(name).replace(r"\.", ".") for name in names)
    return re.compile(rf"([^\.]+\.){label}{literal}")


def alias_patterns(domain: str, app: str | None, env: str) -> list[re.Pattern] | None:
    """Copilot's three alias patterns: ``[<name>.]<domain>``, ``[<name>.]<app>.<domain>`` and
    ``[<name>.]<env>.<app>.<domain>`` (see :func:`zone_pattern`)."""
    if app is None:
        return None
    return [zone_pattern(domain), zone_pattern(app, domain), zone_pattern(env, app, domain)]
