"""What every cross-field check of :mod:`copilot_lint.schema.checks` shares: the issue collector
and readers of plain manifest data in which null means absent.
"""
from __future__ import annotations

from typing import Any

from copilot_lint.schema.issue import SCHEMA, Issue, IssueKind, show_path
from copilot_lint.model.vocabulary import WorkloadType

YES = {True, "y", "Y", "yes", "Yes", "YES", "on", "On", "ON"}


NO = {False, "n", "N", "no", "No", "NO", "off", "Off", "OFF"}


WINDOWS = {"windows", "windows_server_2019_core", "windows_server_2019_full",
           "windows_server_2022_core", "windows_server_2022_full"}


FIRELENS = "firelens_log_router"


SCALING = {"lb-web-service": ("cpu_percentage", "memory_percentage", "requests", "response_time"),
           "backend-service": ("cpu_percentage", "memory_percentage", "requests", "response_time"),
           "worker-service": ("cpu_percentage", "memory_percentage", "queue_delay")}


TITLES = {"lb-web-service": WorkloadType.LB_WEB_SERVICE,
          "backend-service": WorkloadType.BACKEND_SERVICE,
          "worker-service": WorkloadType.WORKER_SERVICE,
          "scheduled-job": WorkloadType.SCHEDULED_JOB,
          "request-driven-web-service": WorkloadType.RD_WEB_SERVICE}


class Checks:
    """Collects the issues of one manifest."""

    def __init__(self, data: dict, name: str) -> None:
        self.data = data
        self.name = name
        self.issues: list[Issue] = []

    def add(self, path: tuple, message: str, check: str, at_key: bool = False,
            hint: str = "", kind: IssueKind = SCHEMA) -> None:
        self.issues.append(Issue(kind, tuple(path), f"{message}; {hint}" if hint else message,
                                 at_key, key=f"{show_path(tuple(path))}#{check}"))


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
