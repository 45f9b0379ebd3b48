"""The AWS deploy-time limits of ``copilot_lint.schema.checks_aws`` (rule CL130): boundaries,
EventBridge schedules, and what a finding suggests."""
from __future__ import annotations

import pytest

from copilot_lint.schema.checks import check

JOB = {"name": "job", "type": "Scheduled Job", "image": {"location": "busybox"}}
WEB = {"name": "web", "type": "Load Balanced Web Service", "http": {"path": "/"},
       "image": {"location": "nginx", "port": 80}}


def _limits(name: str, data: dict) -> list:
    return [i for i in check(name, data) if i.kind == "aws-limit"]


@pytest.mark.parametrize(("schedule", "problem"), [
    ("rate(1 minute)", None), ("rate(5 minutes)", None), ("rate(2 days)", None),
    ("cron(0 12 * * ? *)", None), ("cron(0/15 * ? * MON-FRI *)", None),
    ("@daily", None), ("none", None),
    ("rate(5 minutess)", 'has unit "minutess"'), ("rate(0 minutes)", "positive whole number"),
    ("rate(1.5 hours)", "positive whole number"), ("rate(1 hours)", 'needs "hour"'),
    ("rate(5 hour)", 'needs "hours"'), ("rate(5)", "is not a rate"),
    ("cron(0 12 * * *)", "has 5 fields"), ("cron(0 12 1 * MON *)", "both the day of month"),
])
def test_eventbridge_schedules(schedule: str, problem: str | None) -> None:
    found = _limits("scheduled-job", {**JOB, "on": {"schedule": schedule}})
    if problem is None:
        assert found == []
    else:
        (issue,), = [found]
        assert issue.path == ("on", "schedule") and problem in issue.message


@pytest.mark.parametrize(("days", "hint"), [(0, "use 1 ("), (2, "use 1 or 3 ("),
                                           (4000, "use 3653 (")])
def test_retention_suggests_the_nearest_offered_values(days: int, hint: str) -> None:
    (issue,) = _limits("lb-web-service", {**WEB, "logging": {"retention": days}})
    assert issue.path == ("logging", "retention") and issue.hint.startswith(hint)


def test_offered_retentions_pass() -> None:
    from copilot_lint.schema.checks_aws import LOG_RETENTION_DAYS

    for days in LOG_RETENTION_DAYS:
        assert _limits("lb-web-service", {**WEB, "logging": {"retention": days}}) == []


@pytest.mark.parametrize(("check_", "bad"), [
    ({"healthy_threshold": 2, "unhealthy_threshold": 10, "interval": "5s", "timeout": "2s"}, []),
    ({"interval": "300s", "timeout": "120s"}, []),
    ({"healthy_threshold": 0}, ["healthy_threshold"]),
    ({"interval": "4s", "timeout": "2s"}, ["interval"]),
    ({"timeout": "121s"}, ["timeout"]),
    ({"interval": "10s", "timeout": "10s"}, ["timeout"]),
    ({"timeout": "10s"}, []),
])
def test_target_group_health_check_ranges(check_: dict, bad: list) -> None:
    found = _limits("lb-web-service", {**WEB, "http": {"path": "/", "healthcheck": check_}})
    assert [i.path[-1] for i in found] == bad


def test_values_of_the_wrong_type_or_from_variables_are_left_to_the_schema() -> None:
    data = {**WEB, "logging": {"retention": "2"}, "count": "-1",
            "http": {"path": "/", "healthcheck": {"interval": "${INTERVAL}"},
                     "deregistration_delay": "sixty"},
            "image": {"location": "nginx", "port": 80, "credentials": "${CREDS_ARN}"}}
    assert _limits("lb-web-service", data) == []


@pytest.mark.parametrize(("cidr", "bad"), [("10.0.0.0/16", False), ("10.0.0.0/28", False),
                                           ("10.0.0.0/15", True), ("10.0.0.0/29", True),
                                           ("10.0.0.0", False), ("fd00::/56", False)])
def test_vpc_size(cidr: str, bad: bool) -> None:
    env = {"name": "dev", "type": "Environment", "network": {"vpc": {"cidr": cidr}}}
    assert bool(_limits("environment", env)) is bad
