"""Where an unknown workload key was meant to go, for the shapes whose nearest spelling or
namesake elsewhere would send the reader the wrong way.

:func:`advice` answers before the generic "did you mean" and "it belongs under" guesses of
:mod:`copilot_lint.schema.messages`: ``image.command`` is the container's top-level
``command`` (not ``image.healthcheck.command``, the health check's), ``http.additional_aliases``
is ``http.alias`` (not ``additional_rules``), an environment manifest's key in a workload
manifest belongs in the environment manifest, and so on. Each answer is one line saying how to
fix it (a finding's hint).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

ECS = ("lb-web-service", "backend-service", "worker-service", "scheduled-job")
"""Workload schemas with a top-level ``platform``, ``entrypoint`` and container health check."""
WITH_TARGET_PORT = ("lb-web-service", "backend-service")
SINGLE_ALIAS = ("request-driven-web-service", "static-site")
"""Workload schemas whose ``http.alias`` is one domain name, not a list."""
WORKLOADS = ECS + SINGLE_ALIAS

ENV_MANIFEST = "copilot/environments/<env>/manifest.yml"


def _platform(value: Any) -> str | None:
    if not isinstance(value, dict) or "platform" not in value:
        return None
    platform = value["platform"]
    shown = f'"platform: {platform}"' if isinstance(platform, str) else '"platform"'
    rest = sorted(str(k) for k in value if k != "platform")
    also = f'; the other keys ({", ".join(rest)}) go under "image.build"' if rest else ""
    return f"the platform is a top-level key: write {shown} at the top level{also}"


def _aliases(name: str, value: Any) -> str:
    if name in SINGLE_ALIAS:
        return 'this service takes one alias: write it as "http.alias: <domain>"'
    names = [v for v in value if isinstance(v, str)] if isinstance(value, list) else \
        [value] if isinstance(value, str) and value.strip() else []
    shown = f"[{', '.join(names)}]" if names else "[a.example.com, b.example.com]"
    return f'list every alias under "http.alias": alias: {shown}'


def _public_ip(value: Any) -> str:
    placement = "private" if value is False or str(value).lower() == "false" else "public"
    return (f'set "network.vpc.placement: {placement}" (public subnets get a public IP, '
            f"private ones do not)")


def _subnets(value: Any) -> str | None:
    if isinstance(value, dict) and {"public", "private"} & set(value):
        return environment_setting()
    return None


def environment_setting() -> str:
    """The hint for a key of the environment manifest written in a workload manifest."""
    return f"this is an environment setting: it belongs in {ENV_MANIFEST}"


_Advice = Callable[[str, Any], "str | None"]

_TABLE: list[tuple[tuple[str, ...], tuple, _Advice]] = [
    (ECS, ("build",), lambda name, value: _platform(value)),
    (WORKLOADS, ("image", "command"),
     lambda name, value: 'the container\'s command is the top-level "command" key: move it there'),
    (ECS, ("image", "entrypoint"),
     lambda name, value: 'the container\'s entrypoint is the top-level "entrypoint" key: move it '
                         'there'),
    (ECS, ("sidecars", "*", "image", "command"),
     lambda name, value: 'a sidecar\'s command is "command" in the sidecar itself: move it up '
                         'one level'),
    (ECS, ("image", "healthcheck", "grace_period"),
     lambda name, value: 'the container health check waits with "start_period" (e.g. '
                         'start_period: 30s): rename it'),
    (ECS, ("sidecars", "*", "healthcheck", "grace_period"),
     lambda name, value: 'the container health check waits with "start_period": rename it'),
    (WORKLOADS, ("http", "additional_aliases"), _aliases),
    (WORKLOADS, ("http", "aliases"), _aliases),
    (WITH_TARGET_PORT, ("http", "port"),
     lambda name, value: 'the container port the load balancer sends traffic to is '
                         '"target_port": rename it'),
    (WITH_TARGET_PORT, ("http", "additional_rules", int, "port"),
     lambda name, value: 'the container port this rule sends traffic to is "target_port": '
                         'rename it'),
    (("request-driven-web-service",), ("http", "path"),
     lambda name, value: "App Runner sends every path to the service: remove it"),
    (ECS, ("network", "assign_public_ip"), lambda name, value: _public_ip(value)),
    (ECS, ("network", "vpc", "assign_public_ip"), lambda name, value: _public_ip(value)),
    (ECS + ("request-driven-web-service",), ("network", "vpc", "subnets"),
     lambda name, value: _subnets(value)),
    (ECS + ("static-site",), ("tags",),
     lambda name, value: 'only a Request-Driven Web Service takes "tags": tag this workload '
                         'with "copilot deploy --resource-tags key=value" instead'),
    (("lb-web-service", "backend-service"), ("http", "certificate"),
     lambda name, value: f"certificates are imported by the environment: list it under "
                         f"http.public.certificates in {ENV_MANIFEST}"),
]


def _matches(pattern: tuple, steps: tuple) -> bool:
    return len(pattern) == len(steps) and all(
        isinstance(s, int) if p is int else isinstance(s, str) and p in ("*", s)
        for p, s in zip(pattern, steps))


def advice(name: str, steps: tuple, value: Any) -> str | None:
    """How to fix the unknown key at ``steps`` (keys and list indexes) holding ``value`` in a
    manifest of schema ``name``, when the generic guesses would mislead; else ``None``."""
    for kinds, pattern, answer in _TABLE:
        if name in kinds and _matches(pattern, steps):
            hint = answer(name, value)
            if hint is not None:
                return hint
    return None
