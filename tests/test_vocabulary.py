"""The shared vocabulary: severities and workload types keep today's strings; one did-you-mean."""
from __future__ import annotations

import json

from copilot_lint.model.vocabulary import (
    ECS_TYPES,
    SEVERITIES,
    WORKLOAD_TYPES,
    Severity,
    WorkloadType,
    close_matches,
    closest,
)


def test_severity_members_are_their_strings() -> None:
    assert SEVERITIES == ("info", "warning", "error")
    assert Severity.ERROR == "error" and f"{Severity.WARNING}" == "warning"
    assert str(Severity.INFO) == "info" and json.dumps([Severity.ERROR]) == '["error"]'
    assert [s.rank for s in Severity] == [0, 1, 2]
    assert Severity("warning") is Severity.WARNING


def test_workload_types_keep_copilots_spelling() -> None:
    assert f"{WorkloadType.LB_WEB_SERVICE}" == "Load Balanced Web Service"
    assert {str(t) for t in WORKLOAD_TYPES} == {t.value for t in WorkloadType}
    assert "Scheduled Job" in ECS_TYPES and "Static Site" not in ECS_TYPES
    assert {"Backend Service": 1}[WorkloadType.BACKEND_SERVICE] == 1


def test_closest_and_close_matches() -> None:
    assert closest("prdo", ["prod", "test"]) == "prod"
    assert closest("zzz", ["prod", "test"]) is None
    assert sorted(close_matches("variable", ["variables", "variablez", "x"], n=2, cutoff=0.7)) == [
        "variables", "variablez"]
