"""The words every layer shares, defined once: severities, workload types, did-you-mean.

``Severity`` and ``WorkloadType`` are string enums: a member *is* its value (``Severity.ERROR ==
"error"``, ``WorkloadType.BACKEND_SERVICE == "Backend Service"``), so findings, configuration,
JSON output and manifests keep exactly today's strings, while code names them once.
"""
from __future__ import annotations

from collections.abc import Iterable
from enum import Enum


class StringEnum(str, Enum):
    """A string enum whose members print and format as their value (as ``enum.StrEnum`` in
    Python 3.11, which this project cannot require yet)."""

    __str__ = str.__str__
    __format__ = str.__format__


class Severity(StringEnum):
    """How serious a finding is, from least to most."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return SEVERITIES.index(self.value)


SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)
"""The severity names from least to most serious: ``("info", "warning", "error")``."""
SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}


class WorkloadType(StringEnum):
    """A workload manifest's ``type``, spelled as Copilot spells it."""

    LB_WEB_SERVICE = "Load Balanced Web Service"
    BACKEND_SERVICE = "Backend Service"
    WORKER_SERVICE = "Worker Service"
    RD_WEB_SERVICE = "Request-Driven Web Service"
    STATIC_SITE = "Static Site"
    SCHEDULED_JOB = "Scheduled Job"


SERVICE_TYPES: tuple[str, ...] = (
    WorkloadType.LB_WEB_SERVICE, WorkloadType.BACKEND_SERVICE, WorkloadType.WORKER_SERVICE,
    WorkloadType.RD_WEB_SERVICE, WorkloadType.STATIC_SITE)
JOB_TYPES: tuple[str, ...] = (WorkloadType.SCHEDULED_JOB,)
WORKLOAD_TYPES: tuple[str, ...] = SERVICE_TYPES + JOB_TYPES
ECS_TYPES: tuple[str, ...] = (WorkloadType.LB_WEB_SERVICE, WorkloadType.BACKEND_SERVICE,
                              WorkloadType.WORKER_SERVICE, WorkloadType.SCHEDULED_JOB)
"""Workload types whose tasks run on ECS in the environment's VPC (with its security group)."""


def close_matches(word: str, choices: Iterable[str], n: int = 1,
                  cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` choices spelled like ``word``, best first (``difflib``'s ratio ≥ ``cutoff``)."""
    import difflib  # only a run with a finding needs it

    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice spelled most like ``word``, for "did you mean …?", or ``None`` when none is
    close enough (``difflib``'s ratio ≥ ``cutoff``)."""
    close = close_matches(word, choices, 1, cutoff)
    return close[0] if close else None
