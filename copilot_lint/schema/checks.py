"""Copilot's cross-field manifest rules, the ones a JSON Schema cannot say clearly.

Each check mirrors a rule that Copilot's ``validate()`` (or its stack generation) enforces before
anything reaches CloudFormation (copilot-facts §3: W1–W20, C1–C13, H1–H15, Q1–Q4, §3.4 platform,
§3.8 per type). They read plain manifest data, already merged for one environment, in which a
null value means "absent", and return :class:`~copilot_lint.schema.validate.Issue` objects
(``SCHEMA`` issues). Shapes are the schema's job: every check here skips values of the wrong type.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from copilot_lint.schema.checks_common import Checks
from copilot_lint.schema.checks_ecs import (
    containers,
    count,
    images,
    platform,
    secret_forms,
    storage,
    taskdef_overrides,
)
from copilot_lint.schema.checks_http import connect_alias, http_rules
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
