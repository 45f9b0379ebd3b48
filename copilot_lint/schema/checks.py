"""Copilot's cross-field manifest rules, the ones a JSON Schema cannot say clearly.

Each check mirrors a rule that Copilot's ``validate()`` (or its stack generation) enforces before
anything reaches CloudFormation (copilot-facts §3: W1–W20, C1–C13, H1–H15, Q1–Q4, §3.4 platform,
§3.8 per type), and the limits AWS enforces on values Copilot passes through (:mod:`.checks_aws`,
``AWS_LIMIT`` issues). They read plain manifest data, already merged for one environment, in which a
null value means "absent", and return :class:`~copilot_lint.schema.validate.Issue` objects
(``SCHEMA`` issues). Shapes are the schema's job: every check here skips values of the wrong type.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from copilot_lint.schema.checks_aws import (
    environment_limits,
    queue_limits,
    schedule_limits,
    static_site_limits,
    workload_limits,
)
from copilot_lint.schema.checks_common import Checks
from copilot_lint.schema.checks_ecs import (
    containers,
    count,
    images,
    platform,
    secret_forms,
    storage,
    taskdef_overrides,
    tracing,
)
from copilot_lint.schema.checks_http import connect_alias, http_rules, port_numbers
from copilot_lint.schema.checks_kinds import (
    environment,
    job,
    pipeline,
    rdws,
    static_site,
    worker_queues,
)
from copilot_lint.schema.issue import Issue


def check(name: str, data: Any) -> list[Issue]:
    """Every cross-field issue of the manifest ``data`` of schema ``name``."""
    if not isinstance(data, dict):
        return []
    c = Checks(data, name)
    for func in _BY_NAME.get(name, ()):
        func(c)
    return c.issues


_ECS_CHECKS = (images, containers, secret_forms, taskdef_overrides, storage, platform, count,
               port_numbers, workload_limits)


_BY_NAME: dict[str, tuple[Callable[[Checks], None], ...]] = {
    "lb-web-service": _ECS_CHECKS + (http_rules, connect_alias, tracing),
    "backend-service": _ECS_CHECKS + (http_rules, connect_alias, tracing),
    "worker-service": _ECS_CHECKS + (connect_alias, worker_queues, queue_limits, tracing),
    "scheduled-job": _ECS_CHECKS + (job, schedule_limits),
    "request-driven-web-service": (images, secret_forms, rdws),
    "static-site": (static_site, static_site_limits),
    "environment": (environment, environment_limits),
    "pipeline": (pipeline,),
}
